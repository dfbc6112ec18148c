// The applications service: intake on the portal and by staff, the handling
// workflow (flow.h) with its clock (clock.h), fees, letters and the public
// status lookup. Every state change writes its case event and audit entry in
// the same transaction; permissions are checked here, not in the pages.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/directory.h"
#include "accounts/platform.h"
#include "accounts/roles.h"
#include "base/calendar.h"
#include "base/crypto.h"
#include "base/enum_table.h"
#include "base/keyset.h"
#include "base/status.h"
#include "requests/clock.h"
#include "requests/fees.h"
#include "requests/flow.h"
#include "requests/reference.h"
#include "review/checks.h"

namespace gk::requests {

struct ApplicantInput {
  std::string type;            // ApplicantType key
  std::string name;            // person's or organisation's name
  std::string contact_person;  // organisations only
  std::string id_type;         // 居民身份证, 统一社会信用代码, 护照 …
  std::string id_number;
  std::string phone;
  std::string email;
  std::string address;
  std::string postal_code;
};

struct ApplicationInput {
  ApplicantInput applicant;
  std::string info_title;   // name of the information wanted
  std::string info_doc_no;  // its 文号
  std::string description;  // other features
  std::string form;         // Form key
  std::string delivery;     // Delivery key
  bool fee_waiver_requested = false;
  // The applicant agrees that, should the information be another agency's
  // of the platform, the application be passed on to it (转交, Art. 36(5)).
  bool transfer_consent = false;
  // Staff intake only (the portal sets "online" and today):
  std::string channel;      // Channel key
  std::string received_on;  // the date of receipt under Art. 31, YYYY-MM-DD
  // The portal only: the form's submission token bound to the visitor
  // (accounts::KeepSubmission); "" for none.
  std::string submission_key;
};

// What the applicant gets back on filing: shown once, never stored in clear.
struct Filed {
  int64_t id = 0;
  std::string ref;
  std::string query_code;
  Date received_on;
  std::optional<Date> due_on;
  bool due_provisional = false;  // due_on lies in the provisional calendar year (暂定)
};

struct TimelineEntry {
  std::string at;       // ISO timestamp
  std::string on_date;  // legal date of the event
  std::string action;   // CaseAction key or "received"
  std::string label;
  std::string note;     // staff view: reasons; public view: the public note
  std::string actor;    // staff view only
};

// The due date and how it was derived, for staff and applicant alike.
struct ClockView {
  Deadline clock;
  std::vector<DueChange> history;   // index into the clock events
  std::vector<std::string> history_causes;  // the cause of each history entry
  std::optional<Urgency> urgency;   // when there is a due date and the case is open
  std::string error;                // e.g. no calendar for the year
};

struct LetterRef {
  int64_t id = 0;
  std::string kind, number, title, issued_on;
};

// The review status of a drafted reply (application_replies.status).
enum class ReplyStatus { kDraft, kReturned, kApproved };
inline constexpr EnumName<ReplyStatus> kReplyStatuses[] = {
    {ReplyStatus::kDraft, "draft", "待审核"},
    {ReplyStatus::kReturned, "returned", "已退回"},
    {ReplyStatus::kApproved, "approved", "已审核"},
};

// Whom an application is sent to for comment (application_consultations.kind).
enum class ConsultationKind { kThirdParty, kAgency };
inline constexpr EnumName<ConsultationKind> kConsultationKinds[] = {
    {ConsultationKind::kThirdParty, "third_party", "第三方"},
    {ConsultationKind::kAgency, "agency", "有关机关"},
};

struct ReplyView {
  int64_t id = 0;
  std::string outcome, reasons, body, status, drafted_by_name, drafted_at, decided_by_name, decision_note;
  int64_t drafted_by = 0;
};

struct ConsultationView {
  int64_t id = 0;
  std::string kind, party, sent_on, due_on, answered_on, answer, note;
  bool due_provisional = false;
};

struct FeeView {
  int64_t id = 0;
  std::string method, detail, notice_on, due_on, paid_on;
  int64_t units = 0, amount = 0;
  bool lapsed = false;
  bool due_provisional = false;
};

struct CaseFile {
  int64_t id = 0;
  std::string filename, media_type, sha256;
  int64_t size = 0;
  bool released = false;    // its reply was issued: the applicant can download it
  bool superseded = false;  // replaced by its redacted copy (区分处理); never released
};

struct ReviewView {
  int64_t id = 0;
  std::string kind, kind_label, filed_on, body, result, result_label, decided_on, note;
};

// Review and litigation (annual report table 四).
struct ReviewInput {
  std::string kind;  // reconsideration | suit_direct | suit_after_review
  std::string filed_on, body;
  std::string result = "pending";  // upheld | corrected | other | pending
  std::string decided_on, note;
};
enum class ReviewKind { kReconsideration, kSuitDirect, kSuitAfterReview };
inline constexpr EnumName<ReviewKind> kReviewKinds[] = {
    {ReviewKind::kReconsideration, "reconsideration", "行政复议"},
    {ReviewKind::kSuitDirect, "suit_direct", "未经复议直接起诉"},
    {ReviewKind::kSuitAfterReview, "suit_after_review", "复议后起诉"},
};
enum class ReviewResult { kUpheld, kCorrected, kOther, kPending };
inline constexpr EnumName<ReviewResult> kReviewResults[] = {
    {ReviewResult::kUpheld, "upheld", "结果维持"},
    {ReviewResult::kCorrected, "corrected", "结果纠正"},
    {ReviewResult::kOther, "other", "其他结果"},
    {ReviewResult::kPending, "pending", "尚未审结"},
};
const char* ReviewKindLabel(std::string_view kind);      // 行政复议, 未经复议直接起诉, 复议后起诉; "" if unknown
const char* ReviewResultLabel(std::string_view result);  // 结果维持, 结果纠正, 其他结果, 尚未审结; "" if unknown
// True for a review or suit not yet decided (result "pending").
bool ReviewPending(std::string_view result);

// An item of the registry that may answer the application (条例 Art. 36:
// already published → tell where; 依申请公开 → decide on it).
struct Suggestion {
  int64_t item_id = 0;
  std::string title, index_no, attribute, state, state_key;
  bool published = false;
  double score = 0;
};

// Other applications asking for much the same information (Arts. 36(6), 44).
struct Related {
  int64_t id = 0;
  std::string ref, received_on, applicant_name, outcome_label, state_label;
  bool same_applicant = false;
};
struct Repeats {
  std::vector<Related> related;
  bool repeat = false;              // the same applicant was already answered on it (重复申请)
  int applicants = 1;               // distinct applicants who asked for it, this one included
  bool suggest_proactive = false;   // asked by several applicants: consider 主动公开 (Art. 44)
};

// The link between the two cases of a hand-over (转交, Art. 36(5)), as either
// agency sees it: the other agency's name and column code and the other
// case's reference, never its content.
struct HandOverLink {
  std::string agency_name, agency_code;
  std::string ref;          // the other case's (to: "" when the applicant did not consent)
  std::string received_on;  // from-side only: the original date of receipt
  std::string handed_on;
  bool registered = false;  // to-side: a case was registered at the other agency
};

struct Case {
  int64_t id = 0;
  std::string ref;
  ApplicantType applicant_type = ApplicantType::kNatural;
  std::string applicant_name, contact_person, id_type, id_masked, phone_masked;
  Channel channel = Channel::kOnline;
  std::string received_on;
  std::string info_title, info_doc_no, description;
  Form form = Form::kElectronic;
  Delivery delivery = Delivery::kOnline;
  bool fee_waiver_requested = false;
  bool transfer_consent = false;  // agreed on the form to be passed on (转交)
  CaseState state = CaseState::kReceived;
  std::optional<int64_t> department_id;
  std::string department_name;
  std::string outcome;  // key, once closed or replied
  std::string closed_on;
  bool imported = false;
  ClockView clock;
  std::vector<TimelineEntry> timeline;
  std::vector<ConsultationView> consultations;
  std::vector<FeeView> fees;
  std::optional<ReplyView> reply;  // the current draft or issued reply
  std::vector<LetterRef> letters;
  std::vector<ReviewView> reviews;
  std::vector<CaseFile> files;
  std::vector<std::string> redactions;  // 区分处理记录, newest first, removed text masked
  std::optional<HandOverLink> handed_to;    // this case was handed over to another agency
  std::optional<HandOverLink> handed_from;  // this case was handed over from another agency
  // What the reader may do now (flow.h Allowed and the service's own checks);
  // a page offers exactly these.
  std::vector<CaseAction> allowed;
  bool may_redact = false;      // 区分处理 of the files of the reply awaiting approval
  bool may_reveal = false;      // RevealApplicant and the 公开办's override of a finding
  bool may_add_review = false;  // AddReview / UpdateReview
};

struct InboxRow {
  int64_t id = 0;
  std::string ref, applicant_name, info_title, received_on, due_on, department_name;
  CaseState state = CaseState::kReceived;
  Urgency urgency = Urgency::kNone;
  bool mine = false;  // waits for this user's role or department
  bool due_provisional = false;  // 暂定: due_on lies in the provisional calendar year
};

// Which cases the inbox lists, each in an order an index serves (migration
// 0027):
//   kMine   open cases waiting for the reader (WaitsFor), due date soonest;
//   kOpen   every open case, due date soonest (those without one last);
//   kClosed closed cases, closed most recently first;
//   kAll    every case, received most recently first.
// The position of a row (SeekKey.key) is its due date ("" when it has none),
// its closing date or its date of receipt.
enum class InboxFilter { kMine, kOpen, kClosed, kAll };
inline constexpr EnumName<InboxFilter> kInboxFilters[] = {
    {InboxFilter::kMine, "", "待我办理"},
    {InboxFilter::kOpen, "open", "全部在办"},
    {InboxFilter::kClosed, "closed", "已办结"},
    {InboxFilter::kAll, "all", "全部（含办结）"},
};
// The filter of a ?filter= value; kMine for "" and anything unknown.
InboxFilter InboxFilterOf(std::string_view key);

// The headings of the inbox: counted in SQL over what `who` may read.
struct InboxCounts {
  int64_t open = 0;     // open cases
  int64_t overdue = 0;  // open, awaiting the reply, past their due date
  int64_t mine = 0;     // open, waiting for `who`
};

// Everything the staff case page shows, read in one transaction.
struct CasePageView {
  Case kase;
  std::vector<Suggestion> suggestions;  // open cases only
  Repeats repeats;
  std::vector<review::CheckView> checks;  // of the files going out with the reply
  std::optional<Fee> fee_quote;           // by count (按件), when a fee notice is allowed
  std::vector<accounts::Department> departments;  // the active ones, to assign to
  // The other agencies of the platform, when a hand-over is allowed (转交).
  std::vector<accounts::PlatformAgency> handover_targets;
};

// The applicant's view through the query code and phone number.
struct PublicStatus {
  std::string ref, received_on, due_on, state_label, outcome_label;
  bool withheld = false;  // the reply withholds information (Withholds)
  ClockView clock;
  std::vector<TimelineEntry> timeline;  // public notes only
  std::vector<LetterRef> letters;       // downloadable with the same credentials
  std::vector<CaseFile> files;          // released with the reply
  std::optional<HandOverLink> handed_to;    // track it there with the same 查询码 and phone
  std::optional<HandOverLink> handed_from;
};

// Parameters of an action; which are read depends on the action.
struct ActInput {
  std::string on_date;       // legal date of the event (default today)
  std::string note;          // reason / details (required for some actions)
  int64_t department_id = 0;  // kAssign
  int days = 0;              // kExtend; kRequestCorrection: the applicant's correction period
  std::string party;         // kStartConsultation
  std::string kind;          // kStartConsultation: third_party | agency
  int64_t consultation_id = 0;  // kEndConsultation
  std::string answer;        // kEndConsultation: consent | objection | no_answer
  std::string fee_method;    // kNoticeFee: count | volume
  int units = 0;             // kNoticeFee: pages (volume)
  std::string outcome;       // kDraftReply
  std::string reasons;       // kDraftReply
  std::string body;          // kDraftReply: the letter's body (optional; default from the template)
  std::string delivery;      // kRecordDelivery: how it was delivered
  int64_t target_agency_id = 0;  // kHandOver: the agency of the platform that holds the information
  // kHandOver: the applicant agreed to the hand-over after applying (e.g. on
  // the phone; the note says how); consent given on the form is stored.
  bool consent_recorded = false;
  // kDraftReply: files provided with the reply, {file name, bytes}; a 部分公开
  // reply needs the copy with the withheld parts removed (Art. 37).
  std::vector<std::pair<std::string, std::string>> files;
};


// A letter template as the editor shows it.
struct TemplateView {
  std::string kind, title, text, fields;
  bool custom = false;  // the agency's own text, not the shipped default
};

class Applications {
 public:
  // `key` protects the personal data; it must outlive the service.
  Applications(const accounts::Context& ctx, const DataKey& key) : ctx_(ctx), key_(key) {}

  // The portal: anyone files an application with agency `agency_id`; the
  // receipt date is today (the system confirms receipt at once).
  // TooManyRequests, with nothing stored, beyond the agency's limit for
  // `address` (the client's, web::ClientAddress; accounts/public_guard.h).
  // The same in.submission_key again (the form re-sent) files nothing and
  // returns the first submission's receipt, query code included.
  Result<Filed> Submit(int64_t agency_id, const ApplicationInput& in, const std::string& address);
  // Staff (公开办) register an application received in person, by post, fax or e-mail.
  Result<Filed> Register(const accounts::Principal& who, const ApplicationInput& in);

  // The applicant's lookup. NotFound for any mismatch, without saying which;
  // TooManyRequests once `address` failed as often as the agency allows
  // (accounts::LimitedLookup).
  Result<PublicStatus> Lookup(int64_t agency_id, const std::string& query_code, const std::string& phone,
                              const std::string& address);

  // Staff who may read the case (requests/access.h; NotFound otherwise);
  // the applicant's identity number stays masked.
  Result<Case> Get(const accounts::Principal& who, int64_t id);
  // The case page: Get, the registry suggestions, the repeats, the checks of
  // the reply's files, the fee quote and the departments, read in one
  // transaction. NotFound unless `who` may read the case.
  Result<CasePageView> CasePage(const accounts::Principal& who, int64_t id);
  // The full identity number and contact details (for delivery, 补正 and the
  // Art. 31 confirmation); 公开办 only; every view is audited.
  struct Contact {
    std::string id_number, phone, email, address, postal_code;
  };
  Result<Contact> RevealApplicant(const accounts::Principal& who, int64_t id);
  // One page of the cases `who` may read (requests/access.h, applied in the
  // query), in the filter's order, after `page.after`.
  Result<PageOf<InboxRow>> Inbox(const accounts::Principal& who, InboxFilter filter, const PageSpec& page);
  // How many open, overdue and waiting-for-`who` cases `who` may read.
  Result<InboxCounts> CountInbox(const accounts::Principal& who);

  Status Act(const accounts::Principal& who, int64_t id, CaseAction action, const ActInput& in);

  // Items of the registry (published or not) matching the request that `who`
  // may read (disclosure/access.h), best first.
  Result<std::vector<Suggestion>> RegistrySuggestions(const accounts::Principal& who, int64_t id);
  // Earlier applications for similar information.
  Result<Repeats> FindRepeats(const accounts::Principal& who, int64_t id);

  // 行政复议 / 行政诉讼 against a case (公开办); and the later result.
  Result<int64_t> AddReview(const accounts::Principal& who, int64_t id, const ReviewInput& in);
  Status UpdateReview(const accounts::Principal& who, int64_t id, int64_t review_id, const ReviewInput& in);

  // The confidentiality check of the files going out with the reply, and the
  // 公开办's written override of a blocking finding (audited).
  Result<std::vector<review::CheckView>> Checks(const accounts::Principal& who, int64_t id);
  Status OverrideFinding(const accounts::Principal& who, int64_t id, int64_t finding_id, const std::string& reason);
  // 区分处理 of a file of the reply awaiting approval, by whoever may draft
  // the reply: its blocking findings and `terms` removed, hidden content
  // stripped, verified (disclosure::RedactForRelease); the copy takes the
  // file's place in the reply and is checked again, the original is kept
  // as superseded, the log is stored with the case. Returns the copy's id.
  Result<int64_t> RedactReplyFile(const accounts::Principal& who, int64_t id, int64_t file_id,
                                  const std::vector<std::string>& terms);

  // The fee an application of this applicant would cost under `method`.
  Result<Fee> QuoteFee(const accounts::Principal& who, int64_t id, FeeMethod method, int units);

  // A letter of a case as a file: "pdf" (GB/T 9704 layout) or "docx"
  // (editable), of case `id`. Staff who may read the case; the applicant
  // through LetterForApplicant.
  struct LetterFile {
    std::string filename, media_type, bytes;
  };
  Result<LetterFile> RenderLetter(const accounts::Principal& who, int64_t id, int64_t letter_id,
                                  const std::string& format);
  // The applicant's copy: NotFound unless code and phone match the case the
  // letter belongs to; a look-up counted against `address` like Lookup
  // (TooManyRequests once it failed too often).
  Result<LetterFile> LetterForApplicant(int64_t agency_id, const std::string& query_code, const std::string& phone,
                                        int64_t letter_id, const std::string& format, const std::string& address);

  // A file of a case: staff who may read the case; the applicant only once
  // the reply it belongs to is issued.
  Result<LetterFile> ReadFile(const accounts::Principal& who, int64_t id, int64_t file_id);
  // The applicant's download, counted against `address` like Lookup.
  Result<LetterFile> FileForApplicant(int64_t agency_id, const std::string& query_code, const std::string& phone,
                                      int64_t file_id, const std::string& address);

  // The letter templates of the agency (公开办), and saving one; an empty
  // text restores the shipped default. Checked by CheckLetterTemplate.
  Result<std::vector<TemplateView>> LetterTemplates(const accounts::Principal& who);
  Status SaveLetterTemplate(const accounts::Principal& who, const std::string& kind, const std::string& text);

  // Recomputes the cached due dates of the agency's open cases (after a
  // calendar change) and records a timeline event on each case whose due
  // date moved, or whose provisional (暂定) due date the loaded notice
  // confirmed. Returns how many changed.
  Result<int> RecomputeDueDates(const accounts::Principal& who);

 private:
  Result<PublicStatus> FindStatus(int64_t agency_id, const std::string& query_code, const std::string& phone);
  // A download of the applicant's: `read` runs for the case that code and
  // phone identify, as a look-up counted against `address`.
  Result<LetterFile> ApplicantDownload(int64_t agency_id, const std::string& query_code, const std::string& phone,
                                       const std::string& address,
                                       const std::function<Result<LetterFile>(store::Tx&, int64_t)>& read);

  accounts::Context ctx_;
  const DataKey& key_;
};

// The open cases of the agency whose due date is provisional (暂定: it lies in
// the year after the latest holiday notice); an indexed count.
Result<int64_t> CountProvisionalDueDates(store::Tx& tx, int64_t agency_id);

}  // namespace gk::requests
