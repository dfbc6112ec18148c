// Filing with the upper office on the platform (备案, seed rules 四.4): an
// agency's 公开办 submits the package of what it published in a period
// (records/filing.h); the 区政务公开办 of the agency above it receives it in a
// queue, sees how the package differs from what the portal serves now, and
// accepts it or returns it with remarks. A returned filing is submitted again
// as a new one; both sides keep the history.
//
//   submitted ──accept (upper office)──► accepted
//       └──────return with remarks (upper office)──► returned
//
// Who sees a filing: the filing agency's 公开办 and those who see its
// supervision figures (Permission::kViewSupervision), and the upper office it
// was filed with (a user holding kOverseeSubordinates in that agency, or
// reading the filing agency through accounts::Oversee). Anyone else gets
// NotFound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/status.h"
#include "records/filing.h"

namespace gk::records {

enum class FilingState { kSubmitted, kAccepted, kReturned };
enum class FilingAction { kAccept, kReturn };

const char* FilingStateKey(FilingState s);    // "submitted", "accepted", "returned"
const char* FilingStateLabel(FilingState s);  // "待上级审核", "已接收", "已退回"
std::optional<FilingState> FilingStateFromKey(std::string_view key);
const char* FilingActionLabel(FilingAction a);  // "接收备案", "退回"

struct FilingActor {
  bool upper_office = false;  // the upper office the filing was made with
};

// The state after `action`, or PermissionDenied / FailedPrecondition with a
// message in Chinese.
Result<FilingState> NextFilingState(FilingState from, FilingAction action, const FilingActor& actor);
// Every action NextFilingState accepts from `from` for `actor`: what a page
// may offer.
std::vector<FilingAction> Allowed(FilingState from, const FilingActor& actor);

struct Filing {
  int64_t id = 0;
  int64_t agency_id = 0, upper_agency_id = 0;
  std::string agency_code, agency_name, upper_agency_name;
  std::string period_from, period_to, note;
  int item_count = 0;
  FilingState state = FilingState::kSubmitted;
  std::string submitted_by, submitted_at, decided_by, decided_at, remarks;
  // Get only: the package, and how it differs from what the portal serves now.
  std::vector<FiledItem> items;
  std::vector<FilingDifference> differences;
  std::vector<FilingAction> allowed;  // what the reader may do now
};

struct FilingQueueFilter {
  bool pending_only = false;
  std::optional<int64_t> agency_id;  // one subordinate agency
  int limit = 50;                    // capped at 200
};

class Filings {
 public:
  explicit Filings(const accounts::Context& ctx) : ctx_(ctx) {}

  // The 公开办 files what the agency published in [from, to] (China dates,
  // not after today) with the agency above it, with an optional covering
  // note; audited. Returns the id. Errors: PermissionDenied (not the
  // 公开办), FailedPrecondition (the agency has no upper agency on the
  // platform), InvalidArgument (dates, note over 500 characters), Conflict
  // (a filing of an overlapping period is waiting or was accepted).
  Result<int64_t> Submit(const accounts::Principal& who, const std::string& from, const std::string& to,
                         const std::string& note);
  // Whether `who` files for its agency (its 公开办): what Submit requires of
  // the person, for pages to ask before offering the form.
  static bool Files(const accounts::Principal& who);

  // The agency's own filings, newest first (at most 100): its 公开办 and
  // supervisors, or the upper office reading it through accounts::Oversee.
  Result<std::vector<Filing>> OfAgency(const accounts::Principal& who);
  // The upper office's queue: the filings made with its agency, waiting
  // ones first, then newest first.
  Result<std::vector<Filing>> Queue(const accounts::Principal& who, const FilingQueueFilter& f = {});
  // How many filings wait for the upper office `who` (0 for anyone else).
  Result<int64_t> Waiting(const accounts::Principal& who);

  // One filing with its package and the differences from the portal now.
  Result<Filing> Get(const accounts::Principal& who, int64_t id);

  // The upper office decides (audited in the filing agency's log); remarks
  // are required to return, optional to accept (at most 1,000 characters).
  Status Accept(const accounts::Principal& who, int64_t id, const std::string& remarks);
  Status Return(const accounts::Principal& who, int64_t id, const std::string& remarks);

 private:
  Status Decide(const accounts::Principal& who, int64_t id, FilingAction action, const std::string& remarks);

  accounts::Context ctx_;
};

}  // namespace gk::records
