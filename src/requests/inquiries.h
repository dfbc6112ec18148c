// Two requests the public can make besides applications, each with a query
// code, a status lookup and a time limit counted like an application's (20
// working days after receipt):
//   - explanation requests (seed III.13): anyone may ask why information was
//     withheld; the 公开办 answers with the item's recorded 依据 and 理由;
//   - correction requests (条例 Art. 41): a person asks to correct government
//     information about themselves; the 公开办 corrects it, transfers the
//     request to the competent organ, or refuses with reasons.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/date.h"
#include "base/enum_table.h"
#include "base/keyset.h"
#include "base/status.h"
#include "disclosure/reference.h"

namespace gk::requests {

enum class InquiryKind { kExplanation, kCorrection };

struct InquiryInput {
  std::string name, phone, email, address;
  std::string subject;   // explanation: the information (or reply ref) asked about; correction: the record
  std::string question;  // explanation: the question; correction: what it should say and the evidence
};

struct InquiryFiled {
  int64_t id = 0;
  std::string ref, query_code;
  Date received_on;
  std::optional<Date> due_on;
};

struct Inquiry {
  int64_t id = 0;
  InquiryKind kind = InquiryKind::kExplanation;
  std::string ref, requester_name, subject, question, received_on, due_on, state, state_label, answer,
      answered_on, answered_by;
  std::optional<int64_t> item_id;
  std::optional<int64_t> department_id;  // assigned to (staff view)
  std::string department_name;
  bool overdue = false;
  bool may_handle = false;  // Get: the reader may assign and answer it now
};

// Which requests a staff list shows, each in an order an index serves
// (migration 0027): kOpen the open ones, due date soonest (those without one
// last); kAll every one, received most recently first. The position's key is
// the due date ("" when none) or the date of receipt.
enum class InquiryFilter { kOpen, kAll };
inline constexpr EnumName<InquiryFilter> kInquiryFilters[] = {
    {InquiryFilter::kOpen, "", "办理中"},
    {InquiryFilter::kAll, "all", "全部"},
};

// How the 公开办 answers a correction request.
enum class CorrectionResult { kCorrected, kTransferred, kRefused };

class Inquiries {
 public:
  Inquiries(const accounts::Context& ctx, const disclosure::ReferenceData& ref) : ctx_(ctx), ref_(ref) {}

  // From the portal. TooManyRequests, with nothing stored, beyond the
  // agency's limit for `address` (the client's; accounts/public_guard.h).
  Result<InquiryFiled> Submit(int64_t agency_id, InquiryKind kind, const InquiryInput& in, const std::string& address);
  // NotFound for any mismatch of code and phone; TooManyRequests once
  // `address` failed as often as the agency allows (accounts::LimitedLookup).
  Result<Inquiry> Lookup(int64_t agency_id, InquiryKind kind, const std::string& query_code, const std::string& phone,
                         const std::string& address);

  // Staff: one page of the requests `who` may read (requests/access.h,
  // applied in the query), after `page.after`; a request they may not read
  // is NotFound.
  Result<PageOf<Inquiry>> List(const accounts::Principal& who, InquiryKind kind, InquiryFilter filter,
                               const PageSpec& page);
  Result<Inquiry> Get(const accounts::Principal& who, InquiryKind kind, int64_t id);
  // 公开办: assigns an open request to a department, whose clerks and head
  // then read it (to supply what the answer needs); again to reassign.
  Status Assign(const accounts::Principal& who, InquiryKind kind, int64_t id, int64_t department_id);
  // Every staff call reads the request first (NotFound for one `who` may
  // not read), then checks the role (PermissionDenied).
  // 公开办: answers an explanation request. With the 索引号 of an item, the
  // answer starts with that item's recorded attribute, 依据 and 理由; `text`
  // adds to it (required without an item).
  Status Explain(const accounts::Principal& who, int64_t id, const std::string& index_no, const std::string& text);
  // 公开办: answers a correction request; `text` (required) gives the reasons.
  Status AnswerCorrection(const accounts::Principal& who, int64_t id, CorrectionResult result, const std::string& text);

  // After a calendar change: recomputes the due dates of open requests that
  // may have followed the calendar (accounts::Workdays::RecomputeStoredDueDates),
  // audited. Requires kEditCalendar. Returns how many changed.
  static Result<int> RecomputeDueDates(const accounts::Context& ctx, const accounts::Principal& who);

 private:
  Result<Inquiry> Find(int64_t agency_id, InquiryKind kind, const std::string& query_code, const std::string& phone);

  accounts::Context ctx_;
  const disclosure::ReferenceData& ref_;
};

// The state of a request (Inquiry::state holds its key).
enum class InquiryState { kOpen, kAnswered, kCorrected, kTransferred, kRefused };
inline constexpr EnumName<InquiryState> kInquiryStates[] = {
    {InquiryState::kOpen, "open", "办理中"},
    {InquiryState::kAnswered, "answered", "已答复"},
    {InquiryState::kCorrected, "corrected", "已更正"},
    {InquiryState::kTransferred, "transferred", "已转送有权机关"},
    {InquiryState::kRefused, "refused", "不予更正"},
};

// The label of a stored state key; "" if unknown.
const char* InquiryStateLabel(const std::string& state);
// True while the request waits for its answer.
bool InquiryOpen(const Inquiry& q);

}  // namespace gk::requests
