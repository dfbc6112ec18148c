// The registry search of an application (suggested items), repeats and
// several-applicant detection, and review / litigation records.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "audit/audit.h"
#include "base/strings.h"
#include "disclosure/access.h"
#include "disclosure/chain.h"
#include "requests/access.h"
#include "requests/applications.h"
#include "requests/case_store.h"
#include "requests/letters.h"
#include "search/search.h"

namespace gk::requests {
using accounts::Principal;
using accounts::Role;
using namespace internal;

namespace {

// The code points of `s` that are letters, digits or CJK (not punctuation or
// spaces), lower-cased for ASCII.
std::vector<std::string> Significant(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
    std::string cp(s.substr(i, n));
    i += n;
    if (n == 1) {
      unsigned char c = static_cast<unsigned char>(cp[0]);
      if (!std::isalnum(c)) continue;
      cp[0] = static_cast<char>(std::tolower(c));
    } else if (n == 3 && static_cast<unsigned char>(cp[0]) == 0xE3 && static_cast<unsigned char>(cp[1]) == 0x80) {
      continue;  // CJK punctuation (U+3000–U+303F)
    } else if (n == 3 && static_cast<unsigned char>(cp[0]) == 0xEF && static_cast<unsigned char>(cp[1]) >= 0xBC) {
      continue;  // full-width forms and punctuation
    }
    out.push_back(std::move(cp));
  }
  return out;
}

std::set<std::string> Bigrams(std::string_view s) {
  std::vector<std::string> cps = Significant(s);
  std::set<std::string> out;
  for (size_t i = 0; i + 1 < cps.size(); ++i) out.insert(cps[i] + cps[i + 1]);
  return out;
}

// Jaccard similarity of the bigram sets.
double Similarity(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t common = 0;
  for (const auto& x : a) common += b.count(x);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

constexpr double kSimilar = 0.5;

// Non-overlapping two-character words of the title, for the registry search.
std::vector<std::string> SearchWords(std::string_view title) {
  std::vector<std::string> cps = Significant(title);
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < cps.size() && out.size() < 12; i += 2) out.push_back(cps[i] + cps[i + 1]);
  return out;
}

Status CheckReview(const ReviewInput& in, Date received, Date today) {
  if (*ReviewKindLabel(in.kind) == '\0') return InvalidArgument("请选择复议或诉讼的类型");
  if (*ReviewResultLabel(in.result) == '\0') return InvalidArgument("请选择结果");
  auto filed = Date::Parse(in.filed_on);
  if (!filed.ok()) return InvalidArgument("申请或起诉日期无效（格式 YYYY-MM-DD）");
  if (*filed < received || *filed > today) return InvalidArgument("申请或起诉日期须在收到申请之日与今天之间");
  RETURN_IF_ERROR(CheckText(in.body, "复议机关或法院", 100, false));
  RETURN_IF_ERROR(CheckText(in.note, "说明", 2000, false));
  if (ReviewPending(in.result) && !Trim(in.decided_on).empty()) return InvalidArgument("尚未审结的不能填写结案日期");
  if (!ReviewPending(in.result)) {
    auto decided = Date::Parse(in.decided_on);
    if (!decided.ok()) return InvalidArgument("已审结的须填写结案日期（格式 YYYY-MM-DD）");
    if (*decided < *filed || *decided > today) return InvalidArgument("结案日期须在申请或起诉之日与今天之间");
  }
  return Status::Ok();
}

}  // namespace

const char* ReviewKindLabel(std::string_view kind) {
  auto k = FromKey(kReviewKinds, kind);
  return k ? LabelOf(kReviewKinds, *k) : "";
}

const char* ReviewResultLabel(std::string_view result) {
  auto r = FromKey(kReviewResults, result);
  return r ? LabelOf(kReviewResults, *r) : "";
}

bool ReviewPending(std::string_view result) { return FromKey(kReviewResults, result) == ReviewResult::kPending; }

namespace internal {

Result<std::vector<Suggestion>> ReadSuggestions(store::Tx& tx, const Principal& who, int64_t id) {
  RETURN_IF_ERROR(RequireReadableCase(tx, who, id));
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT info_title, info_doc_no FROM applications WHERE id = ? AND "
                                         "agency_id = ?", {id, who.agency_id}));
  if (!row) return NotFound("申请不存在");
  // Each word that matches adds its rarity; a matching 文号 counts most.
  std::map<int64_t, double> score;
  auto run = [&](const std::string& text, double weight) -> Status {
    search::Query q;
    q.text = text;
    q.limit = 100;
    ASSIGN_OR_RETURN(search::Results r, disclosure::StaffSearch(tx, who, q));  // only items `who` may read
    if (r.total == 0) return Status::Ok();
    double rarity = weight / std::log2(2.0 + static_cast<double>(r.total));
    for (const auto& h : r.hits) {
      if (h.kind == "item") score[h.object_id] += rarity;
    }
    return Status::Ok();
  };
  for (const std::string& w : SearchWords(row->Str("info_title"))) RETURN_IF_ERROR(run(w, 1.0));
  if (!Trim(row->Str("info_doc_no")).empty()) RETURN_IF_ERROR(run(std::string(Trim(row->Str("info_doc_no"))), 5.0));
  std::vector<std::pair<int64_t, double>> ranked(score.begin(), score.end());
  std::sort(ranked.begin(), ranked.end(), [](auto& a, auto& b) { return a.second > b.second; });
  if (ranked.size() > 8) ranked.resize(8);
  std::vector<Suggestion> out;
  for (const auto& [item, s] : ranked) {
    ASSIGN_OR_RETURN(auto it, tx.QueryOne("SELECT title, index_no, attribute, state FROM items WHERE id = ? AND "
                                          "agency_id = ?", {item, who.agency_id}));
    if (!it) continue;
    Suggestion sg;
    sg.item_id = item;
    sg.title = it->Str("title");
    sg.index_no = it->Str("index_no");
    auto attr = disclosure::AttributeFromKey(it->Str("attribute"));
    sg.attribute = attr ? disclosure::AttributeLabel(*attr) : it->Str("attribute");
    auto st = disclosure::StateFromKey(it->Str("state"));
    sg.state = st ? disclosure::StateLabel(*st) : it->Str("state");
    sg.state_key = it->Str("state");
    sg.published = it->Str("state") == "published";
    sg.score = s;
    out.push_back(std::move(sg));
  }
  return out;
}

Result<Repeats> ReadRepeats(store::Tx& tx, const Principal& who, int64_t id) {
  RETURN_IF_ERROR(RequireReadableCase(tx, who, id));
  ASSIGN_OR_RETURN(auto self, tx.QueryOne("SELECT info_title, applicant_key FROM applications WHERE id = ? AND "
                                          "agency_id = ?", {id, who.agency_id}));
  if (!self) return NotFound("申请不存在");
  std::set<std::string> mine = Bigrams(self->Str("info_title"));
  // Every earlier case counts towards 重复申请 and the number of applicants;
  // only those `who` may read are listed.
  store::Filter readable = ReadableCases(who);
  std::vector<store::Value> params = readable.params;
  params.insert(params.end(), {who.agency_id, id});
  ASSIGN_OR_RETURN(auto rows,
                   tx.Query("SELECT a.id, a.ref, a.received_on, a.applicant_name, COALESCE(a.outcome, '') AS outcome, "
                            "a.state, a.info_title, a.applicant_key, CASE WHEN " +
                                readable.sql +
                                " THEN 1 ELSE 0 END AS readable FROM applications a WHERE a.agency_id = ? AND "
                                "a.id <> ? ORDER BY a.id DESC LIMIT 5000",
                            params));
  Repeats r;
  std::set<std::string> applicants = {self->Str("applicant_key")};
  for (const auto& row : rows) {
    if (Similarity(mine, Bigrams(row.Str("info_title"))) < kSimilar) continue;
    Related rel;
    rel.id = row.Int("id");
    rel.ref = row.Str("ref");
    rel.received_on = row.Str("received_on");
    rel.applicant_name = row.Str("applicant_name");
    if (const Outcome* o = FindOutcome(row.Str("outcome")))
      rel.outcome_label = std::string(o->group_label) + "：" + o->label;
    auto st = CaseStateFromKey(row.Str("state"));
    rel.state_label = st ? CaseStateLabel(*st) : row.Str("state");
    rel.same_applicant = row.Str("applicant_key") == self->Str("applicant_key");
    if (rel.same_applicant && !row.Str("outcome").empty()) r.repeat = true;
    applicants.insert(row.Str("applicant_key"));
    if (row.Int("readable") != 0) r.related.push_back(std::move(rel));
  }
  r.applicants = static_cast<int>(applicants.size());
  r.suggest_proactive = r.applicants >= 3;
  return r;
}

}  // namespace internal

Result<std::vector<Suggestion>> Applications::RegistrySuggestions(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<std::vector<Suggestion>>([&](store::Tx& tx) { return ReadSuggestions(tx, who, id); });
}

Result<Repeats> Applications::FindRepeats(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<Repeats>([&](store::Tx& tx) { return ReadRepeats(tx, who, id); });
}

Result<int64_t> Applications::AddReview(const Principal& who, int64_t id, const ReviewInput& in) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied("只有公开办可以登记复议和诉讼");
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto c, LoadCase(tx, who.agency_id, id));
    if (!c) return NotFound("申请不存在");
    if (c->outcome.empty()) return FailedPrecondition("申请尚未作出答复，不能登记复议或诉讼");
    Date today = ChinaDate(ctx_.clock.Now());
    RETURN_IF_ERROR(CheckReview(in, *Date::Parse(c->received_on), today));
    std::string now = Now(ctx_.clock);
    ASSIGN_OR_RETURN(
        int64_t rid,
        tx.Insert(
            "INSERT INTO application_reviews (agency_id, application_id, kind, filed_on, body, result, "
            "decided_on, note, "
            "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {who.agency_id, id, in.kind, in.filed_on, std::string(Trim(in.body)), in.result,
             ReviewPending(in.result) ? store::Value(nullptr) : store::Value(in.decided_on), in.note, who.user_id, now,
             now}));
    std::string note = std::string("登记") + ReviewKindLabel(in.kind) + "（" + in.filed_on + "）：" +
                       ReviewResultLabel(in.result);
    RETURN_IF_ERROR(AddEvent(tx, ctx_.clock, who.agency_id, id, {"review", today, who.user_id, std::nullopt, "", 0, note, ""}));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "application.review_add",
                                                   "application", std::to_string(id), "", in.kind + ":" + in.result,
                                                   c->ref + " " + note}));
    return rid;
  });
}

Status Applications::UpdateReview(const Principal& who, int64_t id, int64_t review_id, const ReviewInput& in) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied("只有公开办可以登记复议和诉讼");
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto c, LoadCase(tx, who.agency_id, id));
    if (!c) return NotFound("申请不存在");
    ASSIGN_OR_RETURN(auto old, tx.QueryOne("SELECT kind, filed_on, body, result FROM application_reviews WHERE id = ? "
                                           "AND application_id = ?", {review_id, id}));
    if (!old) return NotFound("复议或诉讼记录不存在");
    ReviewInput merged = in;
    merged.kind = old->Str("kind");
    merged.filed_on = old->Str("filed_on");
    if (Trim(merged.body).empty()) merged.body = old->Str("body");
    Date today = ChinaDate(ctx_.clock.Now());
    RETURN_IF_ERROR(CheckReview(merged, *Date::Parse(c->received_on), today));
    RETURN_IF_ERROR(
        tx.Exec("UPDATE application_reviews SET result = ?, decided_on = ?, body = ?, note = ?, "
                "updated_at = ? WHERE id = ?",
                {merged.result, ReviewPending(merged.result) ? store::Value(nullptr) : store::Value(merged.decided_on),
                 std::string(Trim(merged.body)), merged.note, Now(ctx_.clock), review_id})
            .status());
    std::string note = std::string(ReviewKindLabel(merged.kind)) + "结果：" + ReviewResultLabel(merged.result);
    RETURN_IF_ERROR(AddEvent(tx, ctx_.clock, who.agency_id, id, {"review", today, who.user_id, std::nullopt, "", 0, note, ""}));
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "application.review_update", "application",
                                          std::to_string(id), old->Str("result"), merged.result, c->ref + " " + note});
  });
}

Result<std::vector<TemplateView>> Applications::LetterTemplates(const Principal& who) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied("只有公开办可以管理文书模板");
  return ctx_.db.Read<std::vector<TemplateView>>([&](store::Tx& tx) -> Result<std::vector<TemplateView>> {
    std::vector<TemplateView> out;
    for (const LetterKindInfo& k : LetterKinds()) {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT body FROM letter_templates WHERE agency_id = ? AND kind = ?",
                                             {who.agency_id, std::string(k.key)}));
      out.push_back({k.key, k.title, row ? row->Str("body") : k.fallback, k.fields, row.has_value()});
    }
    // The decision paragraph of the 答复书, one per reply type.
    for (const Outcome& o : Outcomes()) {
      std::string kind = std::string("decision.") + o.key;
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT body FROM letter_templates WHERE agency_id = ? AND kind = ?",
                                             {who.agency_id, kind}));
      out.push_back({kind, std::string("答复书决定段落：") + o.group_label + " — " + o.label,
                     row ? row->Str("body") : o.reply_text, kDecisionFields, row.has_value()});
    }
    return out;
  });
}

Status Applications::SaveLetterTemplate(const Principal& who, const std::string& kind, const std::string& text) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied("只有公开办可以管理文书模板");
  auto k = LetterKindFromKey(kind);
  const Outcome* decision = kind.starts_with("decision.") ? FindOutcome(kind.substr(9)) : nullptr;
  if (!k && !decision) return NotFound("文书类型不存在");
  bool reset = Trim(text).empty();
  if (!reset) RETURN_IF_ERROR(k ? CheckLetterTemplate(*k, text) : CheckDecisionTemplate(text));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto old, tx.QueryOne("SELECT body FROM letter_templates WHERE agency_id = ? AND kind = ?",
                                           {who.agency_id, kind}));
    RETURN_IF_ERROR(tx.Exec("DELETE FROM letter_templates WHERE agency_id = ? AND kind = ?", {who.agency_id, kind})
                        .status());
    if (!reset) {
      RETURN_IF_ERROR(tx.Exec("INSERT INTO letter_templates (agency_id, kind, body, updated_by, updated_at) "
                              "VALUES (?, ?, ?, ?, ?)",
                              {who.agency_id, kind, text, who.user_id, Now(ctx_.clock)})
                          .status());
    }
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "letter_template.save", "letter_template",
                                          kind, old ? old->Str("body") : "", reset ? "" : text,
                                          std::string(reset ? "恢复默认：" : "修改：") +
                                              (k ? Info(*k).title : std::string("答复书决定段落 ") + decision->key)});
  });
}

Result<std::vector<review::CheckView>> Applications::Checks(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<std::vector<review::CheckView>>([&](store::Tx& tx) -> Result<std::vector<review::CheckView>> {
    RETURN_IF_ERROR(RequireReadableCase(tx, who, id));
    return review::ApplicationChecks(tx, who.agency_id, id);
  });
}

}  // namespace gk::requests
