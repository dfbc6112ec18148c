// Information items (政府信息): drafting, versions, the review chain, holds,
// declassification, publication and withdrawal. Every call checks the
// caller's permission here, runs in one transaction with its audit entry, and
// asks chain.h whether the action is allowed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/calendar.h"
#include "base/keyset.h"
#include "base/status.h"
#include "disclosure/attachments.h"
#include "review/checks.h"
#include "store/db.h"
#include "disclosure/chain.h"
#include "disclosure/reference.h"
#include "review/checks.h"

namespace gk::disclosure {

// What a clerk fills in. Dates are "YYYY-MM-DD".
struct ItemInput {
  std::string title;
  std::string doc_no;  // 文号, may be empty
  int64_t department_id = 0;  // 主办部门
  std::set<int64_t> co_department_ids;  // 联合部门
  int64_t category_id = 0;
  std::string formed_on;
  bool official_document = false;  // 公文类
  Classification classification = Classification::kNone;
  std::string secrecy_period;  // 保密期限, required with a 密级
  Attribute attribute = Attribute::kProactive;
  std::string ground_key;  // a LegalGround of the same attribute
  std::string reason;      // 理由
  Validity validity = Validity::kValid;
  std::string summary;     // 内容概述
  std::string body;
  std::optional<int64_t> interprets_item_id;  // this item is the 政策解读 of that one
};

// Extra data some actions carry.
struct ActionInput {
  std::string opinion;  // 审查意见 (required when returning)
  bool check_process = false, check_decision = false, check_result = false;  // 领导小组 (II.2–4)
  // kHold
  std::string question, authority, request_doc, requested_on;
  // kResolveHold
  std::string determination, determined_on;
  std::optional<Classification> determined_classification;
  // kDeclassify
  std::string decision, decided_on, document_no;  // + authority
  // kWithdraw
  std::string reason;
};

struct Item {
  int64_t id = 0;
  std::string index_no;
  State state = State::kDraft;
  int version = 1;
  ItemInput input;
  std::string department_name;
  std::vector<std::pair<int64_t, std::string>> co_departments;
  std::string category_name;
  std::string created_by;
  std::string created_at, updated_at, state_since;
  std::optional<State> resume_state;
  std::string reassess_on;  // next periodic re-assessment (undisclosed items), "" if none
};

struct SignatureView {
  std::string step_label;
  std::string decision;  // "提交" / "同意" / "退回", for display
  bool returned = false;  // the step sent the item back (stored decision "return")
  std::string user;
  std::string department;
  std::string opinion;
  std::string checks;
  std::string signed_at;
  int version = 0;
  bool current = false;  // given on the current content version
};

struct VersionView {
  int version = 0;
  std::string saved_by;
  std::string saved_at;
  std::string changed_fields;
  std::string content_hash;
};

struct HoldView {
  std::string question, authority, request_doc, requested_on, opened_by, opened_at;
  std::string determination, determined_on, closed_by;
  bool open = true;
};

struct DeclassView {
  std::string decision, authority, decided_on, document_no, recorded_by, recorded_at;
};

struct PublicationView {
  int version = 0;
  std::string channel, published_by, published_at, content_hash;
  std::string withdrawn_by, withdrawn_at, withdraw_reason;
  bool migrated = false;  // brought over from the agency's old website (disclosure/import.h)
};

// The 20-working-day proactive-disclosure clock (条例 Art. 26).
struct DisclosureClock {
  bool applies = false;  // unpublished 主动公开 items only
  std::string due;       // "" when the calendar cannot tell
  int working_days_left = 0;  // negative when overdue
  bool overdue = false;
  std::string note;      // why it cannot be computed, if so
  // Set when `due` lies in the provisional calendar year (暂定): the
  // explanation naming that year.
  std::string provisional_note;
};

struct ItemDetail {
  Item item;
  std::vector<SignatureView> signatures;
  std::vector<VersionView> versions;
  std::vector<HoldView> holds;
  std::vector<DeclassView> declassifications;
  std::vector<PublicationView> publications;
  std::vector<Action> allowed;  // what the viewer may do now
  DisclosureClock clock;
  std::vector<std::pair<int64_t, std::string>> interpretations;  // items that interpret this one
  std::vector<AttachmentInfo> attachments;  // of the current version
  std::vector<review::CheckView> checks;    // the confidentiality check of the current version
  int unresolved_blocking = 0;
};

struct ItemRow {
  int64_t id = 0;
  std::string index_no, title, department, state_label, state_key, state_since, formed_on;
  DisclosureClock clock;
};

struct Task {
  ItemRow row;
  std::string action_label;  // what is expected of the user
  int64_t waited_seconds = 0;
};

class Items {
 public:
  Items(const accounts::Context& ctx, const ReferenceData& ref) : ctx_(ctx), ref_(ref) {}

  // A clerk of `in.department_id` creates a draft; returns its id.
  Result<int64_t> Create(const accounts::Principal& who, const ItemInput& in);
  // Saves a new version of a draft. Signatures on earlier versions stop counting.
  Status Update(const accounts::Principal& who, int64_t id, const ItemInput& in);
  // Any staff member of the agency may read any item.
  Result<ItemDetail> Get(const accounts::Principal& who, int64_t id);
  // Takes one step of the chain (see chain.h).
  Status Act(const accounts::Principal& who, int64_t id, Action action, const ActionInput& in);
  // The same inside the caller's transaction (a withdrawal recorded together
  // with the incident that causes it).
  Status ActIn(store::Tx& tx, const accounts::Principal& who, int64_t id, Action action, const ActionInput& in);
  // The items waiting for `who`, oldest first.
  Result<std::vector<Task>> Tasks(const accounts::Principal& who);
  // Attaches a file to a draft (a new version). Checked by CheckAttachment.
  Result<int64_t> AddAttachment(const accounts::Principal& who, int64_t id, const std::string& filename,
                                const std::string& data);
  // 区分处理 of an attachment of a draft: every blocking finding of the
  // agency's check (and every string in `terms`) is removed and the hidden
  // content stripped (redact/redact.h); the copy is verified by extracting it
  // again and replaces the attachment in a new version; the redaction log is
  // stored with the item. Returns the new attachment's id.
  Result<int64_t> RedactAttachment(const accounts::Principal& who, int64_t id, int64_t attachment_id,
                                   const std::vector<std::string>& terms);
  // The redaction log of the item, newest first: lines for people.
  Result<std::vector<std::string>> RedactionLog(const accounts::Principal& who, int64_t id);
  // The 公开办 records that a published item has become 失效 or 废止 (or is
  // valid again), with the ground in `note` (audited). The approved
  // publication stays as it is; the portal shows the current validity beside
  // it; a 废止 item records the day (for the annual report).
  Status SetValidity(const accounts::Principal& who, int64_t id, Validity validity, const std::string& note);
  // Removes an attachment from a draft (a new version; the file stays in history).
  Status RemoveAttachment(const accounts::Principal& who, int64_t id, int64_t attachment_id);
  // An attachment of the item for staff: its description and bytes.
  Result<std::pair<AttachmentInfo, std::string>> ReadAttachment(const accounts::Principal& who, int64_t id,
                                                                int64_t attachment_id);
  // The 公开办 accepts a blocking finding of the item's current version with a
  // written reason (audited).
  Status OverrideFinding(const accounts::Principal& who, int64_t id, int64_t finding_id, const std::string& reason);
  // One page of the agency's items that `who` may read (access.h), newest
  // first (by id), of one state or of all. The seek key is the id alone.
  Result<PageOf<ItemRow>> List(const accounts::Principal& who, std::optional<State> state,
                               const PageSpec& page = {});
  // How many of the agency's items `who` may read, per state key (a state
  // without any is absent): the counts of List's state filters.
  Result<std::map<std::string, int64_t>> CountByState(const accounts::Principal& who);

 private:
  accounts::Context ctx_;
  const ReferenceData& ref_;
};

// When a 保密期限 runs out: "10年" / "6个月" after the formation date, or an
// explicit "YYYY-MM-DD"; nullopt for "长期" or a period it cannot read.
std::optional<Date> SecrecyExpiry(const std::string& formed_on, const std::string& period);

// The date by which an item formed on `formed_on` must be published, and how
// it stands today.
DisclosureClock ComputeClock(const WorkdayCalendar& cal, const std::string& formed_on, Date today);

}  // namespace gk::disclosure
