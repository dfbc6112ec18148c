// Confidentiality supervision (seed rules III.14–15).
//
// Spot checks: the confidentiality supervisor (保密监督) draws a random sample
// of the items published in a period (size and period default to the agency
// settings spot_check_size, 10, and spot_check_days, 90), records a finding
// for each — in order, or a problem with a note — and can order an item
// withdrawn from the portal at once (it is withdrawn in the same step, with
// the supervisor's reason).
//
// Incidents: a leak is recorded against an item by the supervisor or the
// 公开办; the item is withdrawn from the portal in the same transaction if it
// is still there, and the item's responsibility chain (responsibility.h) at
// that moment is attached to the incident, which is closed with its outcome.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/enum_table.h"
#include "base/keyset.h"
#include "base/status.h"
#include "disclosure/reference.h"
#include "oversight/responsibility.h"

namespace gk::oversight {

struct SpotCheckLine {
  int64_t line_id = 0, item_id = 0;
  std::string index_no, title, published_on, department;
  std::string finding;  // "", "ok", "problem"
  std::string note, checked_by, checked_at;
  bool withdrawn = false;
};

struct SpotCheck {
  int64_t id = 0;
  std::string ref, period_from, period_to, drawn_by, drawn_at;
  int population = 0;
  std::vector<SpotCheckLine> lines;  // Get only
  int checked = 0, problems = 0, size = 0;
};

// The state of a 泄密 incident (incidents.state).
enum class IncidentState { kOpen, kClosed };
inline constexpr EnumName<IncidentState> kIncidentStates[] = {
    {IncidentState::kOpen, "open", "处理中"},
    {IncidentState::kClosed, "closed", "已办结"},
};

struct Incident {
  int64_t id = 0, item_id = 0;
  std::string ref, index_no, title, description, discovered_on, outcome;
  std::string state;  // a key of kIncidentStates
  std::string recorded_by, recorded_at, closed_by, closed_at;
  bool withdrawn = false;
  ResponsibilityChain responsibility;  // as it was when recorded

  bool open() const { return FromKey(kIncidentStates, state) == IncidentState::kOpen; }
};

class Secrecy {
 public:
  Secrecy(const accounts::Context& ctx, const disclosure::ReferenceData& ref) : ctx_(ctx), ref_(ref) {}

  // 保密监督: draws `size` items (default: setting) published in the `days`
  // days before today (default: setting). FailedPrecondition if none was.
  Result<int64_t> Draw(const accounts::Principal& who, std::optional<int> size, std::optional<int> days);
  // One page of the agency's spot checks, newest first (seek key: the id).
  Result<PageOf<SpotCheck>> List(const accounts::Principal& who, const PageSpec& page = {});
  Result<SpotCheck> Get(const accounts::Principal& who, int64_t id);
  // 保密监督 records the finding for one line ("ok" or "problem"; a note is
  // required for a problem). With `withdraw`, the item is withdrawn at once.
  Status Record(const accounts::Principal& who, int64_t check_id, int64_t line_id, const std::string& finding,
                const std::string& note, bool withdraw);

  // 保密监督 or 公开办, naming the item by its 索引号.
  Result<int64_t> RecordIncident(const accounts::Principal& who, const std::string& index_no,
                                 const std::string& description, const std::string& discovered_on);
  Status CloseIncident(const accounts::Principal& who, int64_t id, const std::string& outcome);
  // The newest 200 incidents.
  Result<std::vector<Incident>> Incidents(const accounts::Principal& who);
  Result<Incident> GetIncident(const accounts::Principal& who, int64_t id);

 private:
  accounts::Context ctx_;
  const disclosure::ReferenceData& ref_;
};

// Who sees spot checks and incidents: the 保密监督, the 公开办, the 监察办,
// the 领导小组 and the leadership.
bool SeesSecrecySupervision(const accounts::Principal& who);

}  // namespace gk::oversight
