#include "requests/import.h"

#include <boost/json.hpp>

#include "accounts/workdays.h"
#include "audit/audit.h"
#include "base/crypto.h"
#include "base/jsonl.h"
#include "base/strings.h"
#include "requests/case_store.h"
#include "requests/reference.h"
#include "store/counters.h"

namespace gk::requests {
namespace json = boost::json;
using namespace internal;

namespace {

struct Review {
  std::string kind, filed, result;
};

struct Line {
  std::string ref, type, name, channel, request, outcome;
  Date received, closed;
  bool has_outcome = false;
  std::vector<Review> reviews;
};

const char* const kReviewKinds[] = {"reconsideration", "suit_direct", "suit_after_review"};
const char* const kReviewResults[] = {"upheld", "corrected", "other", "pending"};

bool OneOf(const std::string& s, const char* const* list, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (s == list[i]) return true;
  }
  return false;
}

Result<Line> ParseLine(const json::object& o, Date today) {
  RETURN_IF_ERROR(CheckJsonKeys(o, {"ref", "applicant", "channel", "received", "request", "outcome", "closed",
                                    "reviews"}));
  Line l;
  ASSIGN_OR_RETURN(l.ref, JsonText(o, "ref", 40, true));
  const json::value* a = o.if_contains("applicant");
  if (!a || !a->is_object()) return InvalidArgument("\"applicant\" must be an object with type and name");
  ASSIGN_OR_RETURN(l.type, JsonText(a->as_object(), "type", 20, true));
  if (!ApplicantTypeFromKey(l.type)) {
    return InvalidArgument("applicant type \"" + l.type +
                           "\" is not one of natural, commercial, research, public_welfare, legal_service, other_org");
  }
  ASSIGN_OR_RETURN(l.name, JsonText(a->as_object(), "name", 100, true));
  ASSIGN_OR_RETURN(l.channel, JsonText(o, "channel", 20, true));
  if (!ChannelFromKey(l.channel)) {
    return InvalidArgument("channel \"" + l.channel + "\" is not one of online, in_person, post, fax, email");
  }
  ASSIGN_OR_RETURN(l.received, JsonDate(o, "received", today));
  ASSIGN_OR_RETURN(l.request, JsonText(o, "request", 2000, true));
  const json::value* out = o.if_contains("outcome");
  const json::value* closed = o.if_contains("closed");
  bool has_closed = closed && !closed->is_null();
  l.has_outcome = out && !out->is_null();
  if (l.has_outcome) {
    ASSIGN_OR_RETURN(l.outcome, JsonText(o, "outcome", 40, true));
    if (!FindOutcome(l.outcome)) return InvalidArgument("outcome \"" + l.outcome + "\" is not a reply type key");
  }
  if (l.has_outcome != has_closed) return InvalidArgument("\"outcome\" and \"closed\" must both be set or both be null");
  if (has_closed) {
    ASSIGN_OR_RETURN(l.closed, JsonDate(o, "closed", today));
    if (l.closed < l.received) return InvalidArgument("\"closed\" is before \"received\"");
  }
  if (const json::value* r = o.if_contains("reviews"); r && !r->is_null()) {
    if (!r->is_array()) return InvalidArgument("\"reviews\" must be an array");
    for (const json::value& item : r->as_array()) {
      if (!item.is_object()) return InvalidArgument("a review must be an object");
      Review rv;
      ASSIGN_OR_RETURN(rv.kind, JsonText(item.as_object(), "kind", 30, true));
      if (!OneOf(rv.kind, kReviewKinds, 3)) {
        return InvalidArgument("review kind \"" + rv.kind + "\" is not one of reconsideration, suit_direct, "
                               "suit_after_review");
      }
      ASSIGN_OR_RETURN(Date filed, JsonDate(item.as_object(), "filed", today));
      rv.filed = filed.ToString();
      ASSIGN_OR_RETURN(rv.result, JsonText(item.as_object(), "result", 20, true));
      if (!OneOf(rv.result, kReviewResults, 4)) {
        return InvalidArgument("review result \"" + rv.result + "\" is not one of upheld, corrected, other, pending");
      }
      if (!l.has_outcome) return InvalidArgument("a review needs a closed application");
      l.reviews.push_back(std::move(rv));
    }
  }
  return l;
}

Status Insert(store::Tx& tx, const accounts::Context& ctx, const accounts::Principal& who, const Line& l,
              const WorkdayCalendar& cal, ImportReport& report) {
  const DataKey& key = *ctx.data_key;
  ASSIGN_OR_RETURN(auto dup, tx.QueryOne("SELECT 1 FROM applications WHERE agency_id = ? AND ref = ?",
                                         {who.agency_id, l.ref}));
  if (dup) return Conflict("ref \"" + l.ref + "\" already exists");
  std::string now = FormatUtc(ctx.clock.Now());
  std::string title = l.request;
  if (Utf8Length(title) > 60) {
    size_t bytes = 0, chars = 0;
    while (bytes < title.size() && chars < 60) {
      ++bytes;
      while (bytes < title.size() && (static_cast<unsigned char>(title[bytes]) & 0xC0) == 0x80) ++bytes;
      ++chars;
    }
    title = title.substr(0, bytes) + "…";
  }
  std::string state = l.has_outcome ? "closed" : "received";
  ASSIGN_OR_RETURN(int64_t id, tx.Insert(
      "INSERT INTO applications (agency_id, ref, query_code_hash, applicant_type, applicant_name, contact_person, "
      "id_type, id_masked, phone_masked, applicant_sealed, applicant_key, phone_key, channel, received_on, year, "
      "info_title, info_doc_no, description, form, delivery, state, outcome, closed_on, imported, created_by, "
      "created_at, state_since) VALUES (?, ?, ?, ?, ?, '', '', '', '', ?, ?, '', ?, ?, ?, ?, '', ?, 'electronic', "
      "'online', ?, ?, ?, 1, ?, ?, ?) RETURNING id",
      {who.agency_id, l.ref, key.Fingerprint("query:import:" + RandomToken()), l.type, l.name, key.Seal("{}"),
       key.Fingerprint("applicant:import:" + l.ref), l.channel, l.received.ToString(), int64_t{l.received.year}, title,
       l.request, state, l.has_outcome ? store::Value(l.outcome) : store::Value(nullptr),
       l.has_outcome ? store::Value(l.closed.ToString()) : store::Value(nullptr),
       who.user_id > 0 ? store::Value(who.user_id) : store::Value(nullptr), now, now}));
  RETURN_IF_ERROR(AddEvent(tx, ctx.clock, who.agency_id, id,
                           {"received", l.received, who.user_id, ClockEventKind::kReceived, "", 0,
                            "收到申请（历史数据导入）", ""}));
  if (l.has_outcome) {
    const Outcome* o = FindOutcome(l.outcome);
    RETURN_IF_ERROR(AddEvent(tx, ctx.clock, who.agency_id, id,
                             {"imported", l.closed, who.user_id, std::nullopt, "", 0,
                              std::string("历史数据导入：已办结，") + o->group_label + "（" + o->label + "）", ""}));
  }
  RETURN_IF_ERROR(SaveState(tx, ctx.clock, cal, who.agency_id, id, *CaseStateFromKey(state)));
  for (const Review& r : l.reviews) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO application_reviews (agency_id, application_id, kind, filed_on, body, result, "
                            "note, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, '历史数据导入', ?, ?, ?)",
                            {who.agency_id, id, r.kind, r.filed, r.result,
                             who.user_id > 0 ? store::Value(who.user_id) : store::Value(nullptr), now, now})
                        .status());
    ++report.reviews;
  }
  ++report.applications;
  if (!l.has_outcome) ++report.open;
  return Status::Ok();
}

}  // namespace

Result<ImportReport> ImportApplications(const accounts::Context& ctx, const accounts::Principal& who,
                                        const std::string& text) {
  if (!who.Has(accounts::Role::kDisclosureOffice) && who.user_id != 0) {
    return PermissionDenied("只有公开办可以导入申请");
  }
  if (ctx.data_key == nullptr) return FailedPrecondition("no data key configured");
  Date today = ChinaDate(ctx.clock.Now());
  ASSIGN_OR_RETURN(std::vector<JsonLine> objects, ParseJsonLines(text, kMaxImportBytes, kMaxImportLineBytes));
  std::vector<std::pair<int, Line>> lines;
  for (const JsonLine& o : objects) {
    auto line = ParseLine(o.object, today);
    if (!line.ok()) return InvalidArgument("line " + std::to_string(o.number) + ": " + line.status().message());
    lines.emplace_back(o.number, std::move(*line));
  }
  return ctx.db.Transact<ImportReport>([&](store::Tx& tx) -> Result<ImportReport> {
    ImportReport report;
    RETURN_IF_ERROR(store::DeferCounters(tx));
    ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, who.agency_id));
    for (const auto& [n, l] : lines) {
      Status s = Insert(tx, ctx, who, l, cal, report);
      if (!s.ok()) return Status(s.code(), "line " + std::to_string(n) + ": " + s.message());
    }
    RETURN_IF_ERROR(audit::Append(tx, ctx.clock, {who.agency_id, who.ActorFor(), "application.import", "agency",
                                                  std::to_string(who.agency_id), "", "",
                                                  "导入历史申请 " + std::to_string(report.applications) + " 件"}));
    return report;
  });
}

}  // namespace gk::requests
