// gongkai agency add, agency list: the agencies of the district platform.
#include <iostream>

#include "accounts/platform.h"
#include "audit/audit.h"
#include "cli/cli_internal.h"

namespace gk::cli {
namespace {
using namespace internal;

struct AgencyArgs {
  std::string code;
  std::string name;
  std::string parent;
  std::string kind = "street";
  std::vector<std::string> settings;  // key=value
};

int AgencyAdd(const Options& o, const AgencyArgs& a) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto kind = accounts::AgencyKindFromKey(a.kind);
  if (!kind) return Fail(InvalidArgument("--kind must be district, department or street"));
  accounts::NewAgency in{a.code, a.name, *kind, a.parent, {}};
  for (const std::string& kv : a.settings) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return Fail(InvalidArgument("--set takes KEY=VALUE, not \"" + kv + "\""));
    in.settings[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  SystemClock clock;
  audit::Actor actor{std::nullopt, "cli:agency add"};
  Result<accounts::PlatformAgency> added = InvalidArgument("");
  Status s = (*db)->Transact([&](store::Tx& tx) -> Status {
    added = accounts::AddAgency(tx, clock, in, actor);
    return added.status();
  });
  if (!s.ok()) return Fail(s);
  // Its own copy of the calendar and the default catalog.
  if (Status shipped = ImportShippedData(**db, clock, *c); !shipped.ok()) return Fail(shipped);
  std::cout << "created agency " << added->agency.code << " (id " << added->agency.id
            << "): " << accounts::AgencyKindLabel(added->kind);
  if (!added->parent_code.empty()) std::cout << " under " << added->parent_code;
  std::cout << "; portal column /" << added->agency.code << "/\n"
            << "next: gongkai user add admin --role admin --agency " << added->agency.code << "\n";
  return 0;
}

int AgencyList(const Options& o) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  std::vector<accounts::PlatformAgency> all;
  Status s = (*db)->Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(all, accounts::ListPlatform(tx));
    return Status::Ok();
  });
  if (!s.ok()) return Fail(s);
  for (const auto& a : all) {
    std::cout << a.agency.code << "\t" << accounts::AgencyKindKey(a.kind) << "\t"
              << (a.parent_code.empty() ? "-" : a.parent_code) << "\t" << a.agency.name << "\n";
  }
  return 0;
}

}  // namespace

namespace internal {

void AddAgency(CLI::App* cmd, Options& o, int& rc) {
  auto a = std::make_shared<AgencyArgs>();
  cmd->require_subcommand(1);
  auto* add = cmd->add_subcommand("add",
                                  "add an agency to the platform, with its own "
                                  "settings, calendar and catalog");
  AddCommonOptions(add, o);
  add->add_option("code", a->code, "code: 2-32 of a-z 0-9 -, also its portal column /CODE/")->required();
  add->add_option("--name", a->name, "name, e.g. 静安区南京西路街道办事处")->required();
  add->add_option("--parent", a->parent, "code of the district above it (required unless --kind district)");
  add->add_option("--kind", a->kind, "district, department or street (default street)");
  add->add_option("--set", a->settings,
                  "KEY=VALUE of an agency setting (address, phone, ...), "
                  "repeatable; the district's are inherited");
  add->callback([&o, &rc, a] { rc = AgencyAdd(o, *a); });
  auto* list = cmd->add_subcommand("list", "list the platform's agencies: code, kind, parent, name");
  AddCommonOptions(list, o);
  list->callback([&o, &rc] { rc = AgencyList(o); });
}

}  // namespace internal
}  // namespace gk::cli
