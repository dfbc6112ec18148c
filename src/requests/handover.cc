// 转交 (条例 Art. 36(5)): an application for information another agency of
// the platform is responsible for disclosing. The handing agency tells the
// applicant which agency that is, with its public contact data, in a reply
// letter; when the applicant agreed, the application is registered at that
// agency as received on the day of the hand-over, with the applicant's query
// code, so they follow it there as before. One row links the two cases; each
// agency reads of the other only its name, column code and the case number.
#include <boost/json.hpp>

#include "accounts/agencies.h"
#include "accounts/platform.h"
#include "accounts/workdays.h"
#include "audit/audit.h"
#include "base/strings.h"
#include "requests/case_store.h"

namespace gk::requests::internal {
namespace json = boost::json;
using accounts::Principal;

namespace {

// Annual report row "本机关不掌握相关政府信息" (Art. 36 (4) and (5)).
constexpr char kHandOverOutcome[] = "unable.not_held";
constexpr char kHandOverBasis[] = "《中华人民共和国政府信息公开条例》第三十六条第（五）项";

// The public contact data of an agency (条例 Art. 12) in one line, for the
// letter: "办公地址：…；咨询电话：…".
std::string ContactLine(const std::map<std::string, std::string>& settings) {
  std::string out;
  for (const auto& info : accounts::AgencySettingKeys()) {
    const std::string key = info.key;
    if (!info.is_public || key == "name" || key == "upper_office" || key == "wechat_account") continue;
    auto it = settings.find(key);
    if (it == settings.end() || Trim(it->second).empty()) continue;
    out += (out.empty() ? "" : "；") + std::string(info.label) + "：" + std::string(Trim(it->second));
  }
  return out;
}

// The columns of the handing agency's case that the new case copies.
struct Source {
  ApplicationInput in;
  Channel channel = Channel::kOnline;
  std::string query_code_hash;
  bool consent_on_form = false;
};

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

Result<Source> LoadSource(store::Tx& tx, const DataKey& key, int64_t agency_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT applicant_type, applicant_name, contact_person, id_type, "
                                         "applicant_sealed, query_code_hash, channel, info_title, info_doc_no, "
                                         "description, form, delivery, fee_waiver_requested, transfer_consent "
                                         "FROM applications WHERE id = ? AND agency_id = ?",
                                         {id, agency_id}));
  if (!row) return NotFound("申请不存在");
  Source s;
  ASSIGN_OR_RETURN(std::string plain, key.Open(row->Str("applicant_sealed")));
  json::value sealed = json::parse(plain);
  const json::object& o = sealed.as_object();
  s.in.applicant = {row->Str("applicant_type"), row->Str("applicant_name"), row->Str("contact_person"),
                    row->Str("id_type"),        Str(o, "id_number"),        Str(o, "phone"),
                    Str(o, "email"),            Str(o, "address"),          Str(o, "postal_code")};
  s.in.info_title = row->Str("info_title");
  s.in.info_doc_no = row->Str("info_doc_no");
  s.in.description = row->Str("description");
  s.in.form = row->Str("form");
  s.in.delivery = row->Str("delivery");
  s.in.fee_waiver_requested = row->Int("fee_waiver_requested") != 0;
  s.channel = ChannelFromKey(row->Str("channel")).value_or(Channel::kOnline);
  s.query_code_hash = row->Str("query_code_hash");
  s.consent_on_form = row->Int("transfer_consent") != 0;
  return s;
}

// The agency named by the action: one of the platform's, not `agency_id`.
Result<accounts::PlatformAgency> Target(store::Tx& tx, int64_t agency_id, int64_t target_id) {
  if (target_id == agency_id) return InvalidArgument("不能转交本机关，请选择负责公开该信息的其他机关");
  ASSIGN_OR_RETURN(auto targets, HandOverTargets(tx, agency_id));
  for (auto& t : targets) {
    if (t.agency.id == target_id) return std::move(t);
  }
  return InvalidArgument("请选择平台上负责公开该信息的机关");
}

// Registers the application at the target, received `on`; its own event and
// audit entry say where it came from (reference and date of receipt, nothing
// of the handing agency's notes).
Result<Filed> Register(store::Tx& tx, const Clock& clock, const DataKey& key, const Principal& who,
                       const Loaded& l, const Source& src, const std::string& from_name, int64_t target, Date on) {
  ASSIGN_OR_RETURN(auto taken, tx.QueryOne("SELECT 1 FROM applications WHERE agency_id = ? AND query_code_hash = ?",
                                           {target, src.query_code_hash}));
  if (taken) {
    return FailedPrecondition("该申请由所选机关转来（查询码已在该机关使用），不能转回；请告知申请人向该机关咨询");
  }
  ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, target));
  if (!cal.Covers(on.year)) {
    return FailedPrecondition("所选机关尚未录入" + std::to_string(on.year) + "年的工作日历，无法计算其答复期限");
  }
  ASSIGN_OR_RETURN(Filed f, File(tx, clock, key, target, src.in, src.channel, on, std::nullopt, src.query_code_hash));
  const std::string origin = from_name + "转来：原申请编号 " + l.row.ref + "，原收到申请日期 " + l.row.received_on;
  RETURN_IF_ERROR(AddEvent(tx, clock, target, f.id,
                           {"handed_in", on, std::nullopt, std::nullopt, "", 0, "由" + origin,
                            "您的申请由" + origin + "。本机关自" + on.ToString() +
                                "收到转来的申请，答复期限自次日起计算；请凭原查询码和联系电话在本栏目查询"}));
  RETURN_IF_ERROR(audit::Append(tx, clock, {target, {who.user_id, from_name + " " + who.ActorFor().label},
                                            "application.handed_in", "application", std::to_string(f.id), "", f.ref,
                                            "由" + from_name + "转来申请 " + l.row.ref + "，登记为 " + f.ref}));
  return f;
}

// The reply: issued at once by the 公开办 (there is nothing to approve but
// the fact that the information is another agency's), stored as the case's
// issued reply with the Art. 36(5) outcome, and the letter naming the agency
// with its public contact data; with `filed`, where the application went.
Status IssueHandOverReply(store::Tx& tx, const Clock& clock, const Principal& who, const Loaded& l,
                          const accounts::PlatformAgency& target, const std::optional<Filed>& filed,
                          const std::string& reasons, Date on) {
  const int64_t agency_id = l.row.agency_id;
  const std::string& to_name = target.agency.name;
  ASSIGN_OR_RETURN(auto target_settings, accounts::LoadSettings(tx, target.agency.id));
  std::string details = to_name + "的联系方式：" + ContactLine(accounts::PublicSettings(target_settings)) + "。";
  if (filed) {
    details += "\n经您同意，本机关已于" + ChineseDate(on.ToString()) + "将您的申请转交" + to_name +
               "办理，该机关登记的申请编号为" + filed->ref + "，答复期限自该机关收到转交的申请之日起计算。" +
               "您可以凭原查询码和联系电话在" + to_name + "的政府信息公开栏目查询办理情况。";
  } else {
    details += "\n您可以向" + to_name + "提出政府信息公开申请。";
  }
  const std::string decision = "经审查，您申请公开的政府信息不属于本机关负责公开。该政府信息由" + to_name + "负责公开。";
  const std::string now = Now(clock);
  RETURN_IF_ERROR(tx.Exec("INSERT INTO application_replies (agency_id, application_id, outcome, reasons, body, "
                          "status, drafted_by, drafted_at, decided_by, decided_at) "
                          "VALUES (?, ?, ?, ?, ?, 'issued', ?, ?, ?, ?)",
                          {agency_id, l.row.id, std::string(kHandOverOutcome), reasons, details, who.user_id, now,
                           who.user_id, now})
                      .status());
  RETURN_IF_ERROR(IssueLetter(tx, clock, who, l.row, LetterKind::kReply, on,
                              {{"decision", decision}, {"reasons", reasons}, {"details", details},
                               {"basis", kHandOverBasis}})
                      .status());
  return tx.Exec("UPDATE applications SET outcome = ? WHERE id = ? AND agency_id = ?",
                 {std::string(kHandOverOutcome), l.row.id, agency_id})
      .status();
}

}  // namespace

Result<std::vector<accounts::PlatformAgency>> HandOverTargets(store::Tx& tx, int64_t agency_id) {
  ASSIGN_OR_RETURN(auto all, accounts::ListPlatform(tx));
  std::vector<accounts::PlatformAgency> out;
  for (auto& a : all) {
    if (a.agency.id != agency_id) out.push_back(std::move(a));
  }
  return out;
}

Result<NewEvent> HandOver(store::Tx& tx, const Clock& clock, const DataKey& key, const Principal& who,
                          const Loaded& l, const ActInput& in, Date on) {
  const int64_t agency_id = l.row.agency_id;
  ASSIGN_OR_RETURN(accounts::PlatformAgency target, Target(tx, agency_id, in.target_agency_id));
  RETURN_IF_ERROR(CheckText(in.note, "不属于本机关负责公开的理由", 2000, true));
  ASSIGN_OR_RETURN(Source src, LoadSource(tx, key, agency_id, l.row.id));
  const bool consent = src.consent_on_form || in.consent_recorded;
  ASSIGN_OR_RETURN(auto settings, LetterSettings(tx, agency_id));
  const std::string& from_name = settings["name"];
  const std::string& to_name = target.agency.name;

  std::optional<Filed> filed;
  if (consent) {
    ASSIGN_OR_RETURN(filed, Register(tx, clock, key, who, l, src, from_name, target.agency.id, on));
  }
  const std::string now = Now(clock);
  store::Value to_id = filed ? store::Value(filed->id) : store::Value(nullptr);
  RETURN_IF_ERROR(tx.Exec("INSERT INTO application_handovers (agency_id, from_application_id, from_ref, "
                          "from_received_on, to_agency_id, to_application_id, to_ref, handed_on, consent, "
                          "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          {agency_id, l.row.id, l.row.ref, l.row.received_on, target.agency.id, to_id,
                           filed ? filed->ref : std::string(), on.ToString(),
                           std::string(!consent ? "none" : src.consent_on_form ? "form" : "staff"), who.user_id, now})
                      .status());

  RETURN_IF_ERROR(IssueHandOverReply(tx, clock, who, l, target, filed, in.note, on));

  NewEvent e{CaseActionKey(CaseAction::kHandOver), on, who.user_id};
  e.note = "不属于本机关负责公开，告知由" + to_name + "负责公开：" + in.note +
           (filed ? "；经申请人同意" + std::string(src.consent_on_form ? "（申请时）" : "（另行表示）") +
                        "已转交该机关，登记为 " + filed->ref
                  : "；申请人未同意转交");
  e.public_note = "您申请的信息由" + to_name + "负责公开，本机关已出具告知书（可下载）" +
                  (filed ? "；经您同意，已转交该机关办理（申请编号 " + filed->ref + "），请凭原查询码和联系电话在该机关栏目查询"
                         : "");
  return e;
}

Result<std::optional<HandOverLink>> LoadHandOver(store::Tx& tx, int64_t agency_id, int64_t id, HandOverSide side) {
  const bool to = side == HandOverSide::kTo;
  ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT h.from_ref, h.from_received_on, h.to_ref, h.handed_on, "
                                                     "h.to_application_id, g.name, g.code FROM application_handovers h "
                                                     "JOIN agencies g ON g.id = ") +
                                             (to ? "h.to_agency_id WHERE h.agency_id = ? AND "
                                                   "h.from_application_id = ?"
                                                 : "h.agency_id WHERE h.to_agency_id = ? AND "
                                                   "h.to_application_id = ?"),
                                         {agency_id, id}));
  if (!row) return std::optional<HandOverLink>();
  HandOverLink link;
  link.agency_name = row->Str("name");
  link.agency_code = row->Str("code");
  link.handed_on = row->Str("handed_on");
  link.registered = row->OptInt("to_application_id").has_value();
  link.ref = to ? row->Str("to_ref") : row->Str("from_ref");
  if (!to) link.received_on = row->Str("from_received_on");
  return std::optional<HandOverLink>(std::move(link));
}

}  // namespace gk::requests::internal
