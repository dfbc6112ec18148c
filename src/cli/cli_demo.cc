// gongkai seed-demo: the demo agency, its users and a year of its work.
#include "cli/cli_internal.h"

#include <iostream>

#include "accounts/agencies.h"
#include "accounts/demo.h"
#include "demo/demo.h"
#include "disclosure/demo.h"
#include "disclosure/reference.h"

namespace gk::cli {
namespace {
using namespace internal;

// How long before today the living demo's agency is founded: before the
// first step of its year of work.
constexpr int64_t kDemoYearSeconds = 400 * 86400;

// The living demo's content (demo/demo.h), unless the agency has some.
Result<demo::Summary> SeedLivingDemo(store::Database& db, const Config& c, const disclosure::ReferenceData& ref,
                                     const Clock& clock) {
  ASSIGN_OR_RETURN(DataKey key, accounts::LoadDataKey(c.security));
  ASSIGN_OR_RETURN(accounts::Agency agency, accounts::ResolveAgency(db, accounts::kDemoAgencyCode));
  demo::Options options;
  options.agency_id = agency.id;
  options.now = clock.Now();
  return demo::SeedLiving(db, c.security, key, c.root, ref, options);
}

void PrintDemoSummary(const demo::Summary& s) {
  if (!s.created) {
    std::cout << "demo content: already present, nothing added\n";
    return;
  }
  std::cout << "demo content: " << s.published << " published items (" << s.interpretations
            << " policy interpretations, " << s.attachments << " attachments, " << s.withdrawn << " withdrawn, "
            << s.repealed << " repealed), " << s.waiting << " items in review, " << s.applications
            << " applications (" << s.applications_open << " open), " << s.explanations << " explanation and "
            << s.corrections << " correction requests, " << s.feedback << " complaints and opinions, " << s.orders
            << " rectification orders, " << s.spot_checks << " spot check, " << s.releases << " channel releases, "
            << s.annual_reports << " annual report\n";
}

int SeedDemo(const Options& o, bool empty) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  DefaultDataKeyFile(*c);
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto shipped = ShippedCalendar(*c);
  if (!shipped.ok()) return Fail(shipped.status());
  SystemClock clock;
  // With the living demo, the agency and its users are created before the
  // year of work that follows (dated accordingly), so the audit log stays in
  // time order.
  bool fresh = !accounts::ResolveAgency(**db, accounts::kDemoAgencyCode).ok();
  FakeClock founded(clock.Now() - (fresh && !empty ? kDemoYearSeconds : 0));
  auto summary = accounts::SeedDemo({**db, founded, c->security}, *shipped);
  if (!summary.ok()) return Fail(summary.status());
  if (Status s = ImportShippedData(**db, founded, *c); !s.ok()) return Fail(s);
  auto ref = disclosure::LoadReferenceData(c->root);
  if (!ref.ok()) return Fail(ref.status());
  std::cout << (summary->created ? "created" : "already present") << ": demo agency " << summary->agency_name
            << " (" << summary->agency_code << ")\n";
  if (!empty) {
    auto content = SeedLivingDemo(**db, *c, *ref, clock);
    if (!content.ok()) return Fail(content.status());
    PrintDemoSummary(*content);
  }
  auto item = disclosure::SeedDemoItem({**db, clock, c->security}, *ref);
  if (!item.ok()) return Fail(item.status());
  std::cout << "demo logins (password for all: " << accounts::kDemoPassword << "):\n";
  std::vector<accounts::DemoLogin> logins = summary->logins;
  if (!empty) {
    for (auto& l : demo::ExtraLogins()) logins.push_back(std::move(l));
  }
  for (const auto& l : logins) {
    std::cout << "  " << l.username << std::string(12 - std::min<size_t>(11, l.username.size()), ' ')
              << l.role_label << "  " << l.display_name << "\n";
  }
  return 0;
}

}  // namespace

namespace internal {

void AddSeedDemo(CLI::App* cmd, Options& o, int& rc) {
  auto empty = std::make_shared<bool>(false);
  AddCommonOptions(cmd, o);
  cmd->add_flag("--empty", *empty, "only the agency, its users, the catalog and one draft item");
  cmd->callback([&o, &rc, empty] { rc = SeedDemo(o, *empty); });
}

}  // namespace internal
}  // namespace gk::cli
