// Public feedback and complaints about disclosure work (seed rules 五 and
// VI.2): anyone may leave an opinion, a suggestion or a complaint — about a
// published item, an application or in general — on the portal, with
// optional contact details, and gets a reference and a query code to look up
// the reply; staff register those received by phone, letter or in person.
//
// The 公开办 handles every case (feedback_flow.h): replies in writing (a
// letter as PDF or DOCX), forwards matters about a department's content to
// that department for an answer first, or dismisses abuse with a reason. The
// 监察办 and the 领导小组 see every case and its age; a department sees the
// cases forwarded to it; the public sees its own by query code. Every case is
// due within the agency setting complaint_reply_days working days (default
// 15) of receipt. The form of the reply is recorded (V.6): direct reply,
// meeting notice, media report or 公开栏 notice.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/date.h"
#include "base/keyset.h"
#include "base/status.h"
#include "oversight/feedback_flow.h"
#include "store/db.h"

namespace gk::oversight {

enum class FeedbackKind { kOpinion, kSuggestion, kComplaint };
enum class FeedbackChannel { kPortal, kPhone, kLetter, kVisit };
enum class ReplyForm { kDirect, kMeeting, kMedia, kBoard };

const char* FeedbackKindKey(FeedbackKind k);      // "opinion", "suggestion", "complaint"
const char* FeedbackKindLabel(FeedbackKind k);    // "意见", "建议", "投诉"
std::optional<FeedbackKind> FeedbackKindFromKey(std::string_view key);
const char* FeedbackChannelKey(FeedbackChannel c);    // "portal", "phone", "letter", "visit"
const char* FeedbackChannelLabel(FeedbackChannel c);  // "门户网站", "电话", "来信", "来访"
std::optional<FeedbackChannel> FeedbackChannelFromKey(std::string_view key);
const char* ReplyFormKey(ReplyForm f);    // "direct", "meeting", "media", "board"
const char* ReplyFormLabel(ReplyForm f);  // "直接答复", "会议通报", "媒体报道", "公开栏公告"
std::optional<ReplyForm> ReplyFormFromKey(std::string_view key);

inline constexpr size_t kMaxFeedbackChars = 5000;
inline constexpr int kDefaultReplyDays = 15;  // working days, agency setting complaint_reply_days

struct FeedbackInput {
  FeedbackKind kind = FeedbackKind::kOpinion;
  std::optional<int64_t> item_id;  // a live published item of the agency
  std::string application_ref;     // an application's 申请编号 (checked to exist)
  std::string content;             // required, up to kMaxFeedbackChars characters
  std::string name, phone, email;  // optional
  // The portal only: the form's submission token bound to the visitor
  // (accounts::KeepSubmission); "" for none.
  std::string submission_key;
};

struct FeedbackFiled {
  int64_t id = 0;
  std::string ref, query_code;  // the query code is shown once and stored only as a fingerprint
  Date received_on;
  std::optional<Date> due_on;
};

struct FeedbackEvent {
  std::string at, action, note, public_note, user;
};

struct FeedbackCase {
  int64_t id = 0;
  std::string ref;
  FeedbackKind kind = FeedbackKind::kOpinion;
  FeedbackChannel channel = FeedbackChannel::kPortal;
  FeedbackState state = FeedbackState::kReceived;
  std::optional<int64_t> item_id;
  std::string item_index_no, item_title, application_ref;
  std::string content, requester_name, contact_masked;  // contact: masked phone and e-mail
  std::string received_on, due_on;  // due_on "" when the calendar does not reach
  bool overdue = false;
  int age_days = 0;  // calendar days since receipt (open cases) or until the reply
  std::optional<int64_t> department_id;
  std::string department, forward_note, department_answer, answered_by, answered_at;
  std::string reply, replied_by, replied_on;
  std::optional<ReplyForm> reply_form;
  std::vector<FeedbackEvent> events;  // Get only
  std::vector<FeedbackAction> allowed;  // what the reader may do now (feedback_flow.h Allowed)
};

// What the person who sent it sees with the query code.
struct PublicFeedback {
  std::string ref, kind_label, state_label, received_on, due_on, subject, content;
  std::string reply, reply_form_label, replied_on;
  bool replied = false;
  std::vector<std::pair<std::string, std::string>> notes;  // (date, note) for the public
};

struct FeedbackFilter {
  bool open_only = false;
  std::optional<FeedbackKind> kind;
};

class Feedback {
 public:
  explicit Feedback(const accounts::Context& ctx) : ctx_(ctx) {}

  // Where a portal submission comes from, and the answer to its challenge
  // (accounts/public_guard.h).
  struct Origin {
    std::string address;  // the client's IP address
    std::string challenge_token, challenge_answer;
  };
  // From the portal. InvalidArgument for bad input or a wrong challenge
  // answer, TooManyRequests beyond the per-address limit; nothing is stored
  // then. The same in.submission_key again (the form re-sent) files nothing
  // and returns the first submission's receipt, query code included.
  Result<FeedbackFiled> Submit(int64_t agency_id, const FeedbackInput& in, const Origin& origin);
  // The 公开办 registers one received by phone, letter or in person.
  Result<FeedbackFiled> Register(const accounts::Principal& who, const FeedbackInput& in, FeedbackChannel channel);
  // The sender's lookup; NotFound for any code that matches nothing;
  // TooManyRequests once `address` failed as often as the agency allows
  // (accounts::LimitedLookup).
  Result<PublicFeedback> Lookup(int64_t agency_id, const std::string& query_code, const std::string& address);

  // True when `query_code` is the code of case `id` (the office shows the
  // code once after registering a case, from the redirect's URL).
  bool CodeBelongsTo(int64_t agency_id, int64_t id, const std::string& query_code);

  // Staff: the cases `who` may see (see above), open ones first, oldest
  // first; then the rest, newest first (the first 1,000: Page reads on).
  Result<std::vector<FeedbackCase>> List(const accounts::Principal& who, const FeedbackFilter& f = {});
  // One page of List's order. Seek key: "0" and the received date for an
  // open case, "1" for a closed one; the id.
  Result<PageOf<FeedbackCase>> Page(const accounts::Principal& who, const FeedbackFilter& f, const PageSpec& page);
  // How many of the cases of the filter's list are open, and overdue,
  // counted in SQL (the list's heading and the home page's alerts).
  struct Counts {
    int64_t open = 0, overdue = 0;
  };
  Result<Counts> Count(const accounts::Principal& who, const FeedbackFilter& f);
  Result<FeedbackCase> Get(const accounts::Principal& who, int64_t id);

  // After a calendar change: recomputes the due dates of open cases that may
  // have followed the calendar (accounts::Workdays::RecomputeStoredDueDates),
  // audited. Requires kEditCalendar. Returns how many changed.
  Result<int> RecomputeDueDates(const accounts::Principal& who);

  Status Forward(const accounts::Principal& who, int64_t id, int64_t department_id, const std::string& note);
  Status Answer(const accounts::Principal& who, int64_t id, const std::string& text);
  Status Reply(const accounts::Principal& who, int64_t id, const std::string& text, ReplyForm form);
  Status Dismiss(const accounts::Principal& who, int64_t id, const std::string& reason);

  // The written reply as a letter (PDF or DOCX): for staff who may see the
  // case, and for the sender by query code. FailedPrecondition before the reply.
  struct LetterFile {
    std::string filename, media_type, bytes;
  };
  Result<LetterFile> ReplyLetter(const accounts::Principal& who, int64_t id, bool docx);
  // A look-up counted against `address` like Lookup.
  Result<LetterFile> ReplyLetterForSender(int64_t agency_id, const std::string& query_code, bool docx,
                                          const std::string& address);

 private:
  Result<PublicFeedback> Find(int64_t agency_id, const std::string& query_code);

  accounts::Context ctx_;
};

// True when `who` sees every case (公开办, 监察办, 领导小组).
bool SeesAllFeedback(const accounts::Principal& who);

// For the ledger: per item, the feedback received about it ("投诉（已答复）；
// 意见（待办理）"), over the cases received up to the end of `year`.
// With `items`, only about those items (one page of the ledger).
Result<std::map<int64_t, std::string>> FeedbackByItem(store::Tx& tx, int64_t agency_id, int year,
                                                      const std::optional<std::vector<int64_t>>& items = std::nullopt);

}  // namespace gk::oversight
