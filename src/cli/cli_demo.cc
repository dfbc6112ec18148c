// gongkai seed-demo: the demo district (or, with --single, the demo office
// alone), its agencies' users and a year of their work.
#include "cli/cli_internal.h"

#include <iostream>

#include "accounts/agencies.h"
#include "accounts/data_key.h"
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

// The living demo's content (demo/demo.h) of agency `code` at `size`, unless
// the agency has some.
Result<demo::Summary> SeedLivingDemo(store::Database& db, const Config& c, const disclosure::ReferenceData& ref,
                                     const Clock& clock, const std::string& code, double size, uint32_t seed) {
  ASSIGN_OR_RETURN(DataKey key, accounts::OpenDataKey(db, clock, c.security));
  ASSIGN_OR_RETURN(accounts::Agency agency, accounts::ResolveAgency(db, code));
  demo::Options options;
  options.agency_id = agency.id;
  options.now = clock.Now();
  options.size = size;
  options.seed = seed;
  return demo::SeedLiving(db, c.security, key, c.root, ref, options);
}

// The size of an agency's living demo: the demo office's full year, a
// smaller one for the other agencies of the district.
double LivingSize(const std::string& code) { return code == accounts::kDemoAgencyCode ? 1.0 : 0.2; }

void PrintDemoSummary(const std::string& code, const demo::Summary& s) {
  if (!s.created) {
    std::cout << "demo content of " << code << ": already present, nothing added\n";
    return;
  }
  std::cout << "demo content of " << code << ": " << s.published << " published items (" << s.interpretations
            << " policy interpretations, " << s.attachments << " attachments, " << s.withdrawn << " withdrawn, "
            << s.repealed << " repealed), " << s.waiting << " items in review, " << s.applications
            << " applications (" << s.applications_open << " open), " << s.explanations << " explanation and "
            << s.corrections << " correction requests, " << s.feedback << " complaints and opinions, " << s.orders
            << " rectification orders, " << s.spot_checks << " spot check, " << s.releases << " channel releases, "
            << s.annual_reports << " annual report\n";
}

int SeedDemo(const Options& o, bool empty, bool single) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  DefaultDataKeyFile(*c);
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto shipped = ShippedCalendar(*c);
  if (!shipped.ok()) return Fail(shipped.status());
  SystemClock clock;
  // With the living demo, the agencies and their users are created before
  // the year of work that follows (dated accordingly), so the audit log
  // stays in time order.
  bool fresh = !accounts::ResolveAgency(**db, accounts::kDemoAgencyCode).ok();
  FakeClock founded(clock.Now() - (fresh && !empty ? kDemoYearSeconds : 0));
  accounts::Context founding{**db, founded, c->security};
  auto summary = single ? accounts::SeedDemo(founding, *shipped) : accounts::SeedDemoDistrict(founding, *shipped);
  if (!summary.ok()) return Fail(summary.status());
  if (Status s = ImportShippedData(**db, founded, *c); !s.ok()) return Fail(s);
  auto ref = disclosure::LoadReferenceData(c->root);
  if (!ref.ok()) return Fail(ref.status());
  std::vector<std::string> codes = summary->agency_codes;
  if (single) {
    codes = {accounts::kDemoAgencyCode};
    std::cout << (summary->created ? "created" : "already present") << ": demo agency " << summary->agency_name
              << " (" << summary->agency_code << ")\n";
  } else {
    std::cout << (summary->created ? "created" : "already present") << ": demo district";
    for (const std::string& code : codes) std::cout << " " << code;
    std::cout << " (demo office " << summary->agency_name << ", " << summary->agency_code << ")\n";
    if (summary->created) {
      auto district = accounts::ResolveAgency(**db, accounts::kDemoDistrictCode);
      if (!district.ok()) return Fail(district.status());
      if (Status s = demo::SeedReadingPoint(**db, founded, c->security, district->id); !s.ok()) return Fail(s);
    }
  }
  if (!empty) {
    uint32_t seed = demo::Options{}.seed;
    for (const std::string& code : codes) {
      // A database seeded before the platform holds the demo office alone.
      if (!accounts::ResolveAgency(**db, code).ok()) continue;
      auto content = SeedLivingDemo(**db, *c, *ref, clock, code, LivingSize(code), seed++);
      if (!content.ok()) return Fail(content.status());
      PrintDemoSummary(code, *content);
    }
    if (!single) {
      auto district = accounts::ResolveAgency(**db, accounts::kDemoDistrictCode);
      if (!district.ok()) return Fail(district.status());
      if (Status s = demo::SeedFilings(**db, clock, c->security, district->id); !s.ok()) return Fail(s);
    }
  }
  auto item = disclosure::SeedDemoItem({**db, clock, c->security}, *ref);
  if (!item.ok()) return Fail(item.status());
  std::cout << "demo logins (password for all: " << accounts::kDemoPassword << "):\n";
  std::vector<accounts::DemoLogin> logins = summary->logins;
  if (!empty) {
    for (auto& l : demo::ExtraLogins()) {
      if (!single) l.username += std::string("@") + accounts::kDemoAgencyCode;
      logins.push_back(std::move(l));
    }
  }
  const size_t width = single ? 12 : 22;  // "depthead@jingansi" and the role beside it
  for (const auto& l : logins) {
    std::cout << "  " << l.username << std::string(width - std::min(width - 1, l.username.size()), ' ')
              << l.role_label << "  " << l.display_name << "\n";
  }
  if (!single) {
    std::cout << "the same users sign in to the other agencies of the district: clerk@jingan, office@nanjingxilu, "
                 "admin@fgw, …; the district home is /, each agency's column /CODE/\n";
  }
  return 0;
}

}  // namespace

namespace internal {

void AddSeedDemo(CLI::App* cmd, Options& o, int& rc) {
  auto empty = std::make_shared<bool>(false);
  auto single = std::make_shared<bool>(false);
  AddCommonOptions(cmd, o);
  cmd->add_flag("--empty", *empty, "only the agencies, their users, the catalogs and one draft item");
  cmd->add_flag("--single", *single, "only the demo office (静安寺街道办事处), without its district");
  cmd->callback([&o, &rc, empty, single] { rc = SeedDemo(o, *empty, *single); });
}

}  // namespace internal
}  // namespace gk::cli
