// A living demo: about a year of a street office's disclosure work, created
// through the real services (the review chain with its signatures, the
// application workflow with its clock, complaints, supervision, channels and
// the annual report) and dated relative to today by moving a clock along a
// fixed timeline. Everything is deterministic for a given `now`: the same
// titles, refs and dates on every database.
#pragma once

#include <cstdint>
#include <string>

#include "accounts/context.h"
#include "accounts/demo.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/status.h"
#include "disclosure/reference.h"

namespace gk::demo {

struct Options {
  int64_t agency_id = 0;
  // The end of the timeline: the last step happens no later than this.
  UnixSeconds now = 0;
  // Scales the number of items, applications and cases (1.0: about 150
  // published items and 40 applications; 0.2 for a small office).
  double size = 1.0;
  uint32_t seed = 20190515;  // the seeded random source of the generators
};

// What was created.
struct Summary {
  bool created = false;  // false: the agency already had content, nothing was added
  int published = 0, interpretations = 0, attachments = 0, waiting = 0, withdrawn = 0, repealed = 0;
  int applications = 0, applications_open = 0;
  int explanations = 0, corrections = 0, feedback = 0, orders = 0, spot_checks = 0, releases = 0;
  int annual_reports = 0;
  int steps = 0;  // timeline steps run
};

// The staff the living demo adds beside the demo users of accounts/demo.h:
// a clerk and a head of two more departments (password kDemoPassword).
std::vector<accounts::DemoLogin> ExtraLogins();

// Creates the content in agency `options.agency_id` (which must have the
// demo users of accounts/demo.h and a catalog) unless the agency already has
// an application or a published item; then returns created = false.
// `key` protects applicants' personal data; `root` is the folder with data/.
// Stops at the first failing step (what was done until then stays).
Result<Summary> SeedLiving(store::Database& db, const SecurityConfig& security, const DataKey& key,
                           const std::string& root, const disclosure::ReferenceData& ref, const Options& options);

// The demo district's 集中查阅点 (静安区政务服务中心集中查阅点), set up by
// the district's 公开办 (demo user "office" of `district_id`) at the clock's
// time, unless the district has a point already. Each office's living demo
// then places copies there.
Status SeedReadingPoint(store::Database& db, const Clock& clock, const SecurityConfig& security, int64_t district_id);

// Filings with the district's 政务公开办 (records/filings.h), after the
// living demo: every agency below `district_id` files what it published in
// the previous month; the demo office's filing is accepted by the upper
// office (demo user "upper" of the district), the others wait in its queue.
// Nothing if the district has received a filing already.
Status SeedFilings(store::Database& db, const Clock& clock, const SecurityConfig& security, int64_t district_id);

}  // namespace gk::demo
