#include "oversight/secrecy.h"

#include <boost/json.hpp>

#include <algorithm>
#include <random>

#include "accounts/agencies.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/strings.h"
#include "disclosure/items.h"
#include "requests/case_store.h"

namespace gk::oversight {
namespace {

namespace json = boost::json;
using accounts::Principal;
using accounts::Role;

constexpr int kDefaultSampleSize = 10, kDefaultPeriodDays = 90;
constexpr int kMaxSampleSize = 200, kMaxPeriodDays = 3660;

std::string Day(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? ChinaDate(*t).ToString() : utc.substr(0, 10);
}

std::string ChinaTimeOf(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? FormatChinaTime(*t) : utc;
}

int SettingInt(const std::map<std::string, std::string>& settings, const char* key, int fallback, int max) {
  auto it = settings.find(key);
  if (it == settings.end() || it->second.empty() || it->second.size() > 5 ||
      it->second.find_first_not_of("0123456789") != std::string::npos) {
    return fallback;
  }
  int v = std::stoi(it->second);
  return v >= 1 && v <= max ? v : fallback;
}

json::array PeopleJson(const std::vector<Responsible>& people) {
  json::array a;
  for (const auto& p : people) a.push_back(json::object{{"person", p.person}, {"department", p.department}, {"basis", p.basis}});
  return a;
}

std::vector<Responsible> PeopleFrom(const json::value* v) {
  std::vector<Responsible> out;
  if (!v || !v->is_array()) return out;
  for (const auto& p : v->as_array()) {
    if (!p.is_object()) continue;
    auto str = [&](const char* k) {
      const json::value* x = p.as_object().if_contains(k);
      return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    out.push_back({str("person"), str("department"), str("basis")});
  }
  return out;
}

Status RequireSupervisor(const Principal& who) {
  if (!who.Has(Role::kSecrecySupervisor)) return PermissionDenied("只有保密监督人员可以开展保密抽查");
  return Status::Ok();
}

Incident IncidentFromRow(const store::Row& r) {
  Incident x;
  x.id = r.Int("id");
  x.ref = r.Str("ref");
  x.item_id = r.Int("item_id");
  x.index_no = r.Str("index_no");
  x.title = r.Str("title");
  x.description = r.Str("description");
  x.discovered_on = r.Str("discovered_on");
  json::error_code ec;
  json::value chain = json::parse(r.Str("responsibility"), ec);
  if (!ec && chain.is_object()) {
    x.responsibility.handler = PeopleFrom(chain.as_object().if_contains("handler"));
    x.responsibility.direct = PeopleFrom(chain.as_object().if_contains("direct"));
    x.responsibility.overall = PeopleFrom(chain.as_object().if_contains("overall"));
  }
  x.withdrawn = r.Int("withdrawn") != 0;
  x.outcome = r.Str("outcome");
  x.state = r.Str("state");
  x.recorded_by = r.Str("recorder_name");
  x.recorded_at = ChinaTimeOf(r.Str("recorded_at"));
  x.closed_by = r.Str("closer_name");
  x.closed_at = r.IsNull("closed_at") ? "" : ChinaTimeOf(r.Str("closed_at"));
  return x;
}

constexpr char kIncidentSelect[] =
    "SELECT x.id, x.ref, x.item_id, i.index_no, i.title, x.description, x.discovered_on, x.responsibility, "
    "x.withdrawn, x.outcome, x.state, COALESCE(u.display_name, '') AS recorder_name, x.recorded_at, "
    "COALESCE(c.display_name, '') AS closer_name, x.closed_at FROM incidents x JOIN items i ON i.id = x.item_id "
    "LEFT JOIN users u ON u.id = x.recorded_by "
    "LEFT JOIN users c ON c.id = x.closed_by WHERE x.agency_id = ? ";

}  // namespace

bool SeesSecrecySupervision(const Principal& who) { return who.Can(accounts::Permission::kViewSupervision); }

Result<int64_t> Secrecy::Draw(const Principal& who, std::optional<int> size, std::optional<int> days) {
  RETURN_IF_ERROR(RequireSupervisor(who));
  if (size && (*size < 1 || *size > kMaxSampleSize)) {
    return InvalidArgument("抽查数量应为 1 至 " + std::to_string(kMaxSampleSize));
  }
  if (days && (*days < 1 || *days > kMaxPeriodDays)) return InvalidArgument("抽查期间天数无效");
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto settings, accounts::LoadSettings(tx, who.agency_id));
    const int n = size.value_or(SettingInt(settings, "spot_check_size", kDefaultSampleSize, kMaxSampleSize));
    const int span = days.value_or(SettingInt(settings, "spot_check_days", kDefaultPeriodDays, kMaxPeriodDays));
    Date today = ChinaDate(ctx_.clock.Now());
    Date from = today.AddDays(-(span - 1));
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT p.id, p.item_id, p.published_at FROM publications p WHERE "
                                         "p.agency_id = ? AND p.withdrawn_at IS NULL AND p.published_at >= ? "
                                         "ORDER BY p.id",
                                         {who.agency_id, from.AddDays(-1).ToString()}));
    std::vector<std::pair<int64_t, int64_t>> population;
    for (const auto& r : rows) {
      std::string day = Day(r.Str("published_at"));
      if (day >= from.ToString() && day <= today.ToString()) population.emplace_back(r.Int("id"), r.Int("item_id"));
    }
    if (population.empty()) return FailedPrecondition("所选期间内没有在门户网站公开的信息");
    // A uniform sample: shuffle with a generator seeded from the system's
    // random source, keep the first n.
    std::string seed_bytes = RandomToken(8);
    std::seed_seq seq(seed_bytes.begin(), seed_bytes.end());
    std::mt19937_64 gen(seq);
    std::shuffle(population.begin(), population.end(), gen);
    population.resize(std::min<size_t>(population.size(), static_cast<size_t>(n)));
    ASSIGN_OR_RETURN(int64_t number, requests::internal::NextSeq(tx, who.agency_id, "spot_check", today.year));
    char ref[32];
    std::snprintf(ref, sizeof ref, "CC%d-%04lld", today.year, static_cast<long long>(number));
    const std::string now = Now(ctx_.clock);
    ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO spot_checks (agency_id, ref, period_from, period_to, population, "
                                           "drawn_by, drawn_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                           {who.agency_id, std::string(ref), from.ToString(), today.ToString(),
                                            static_cast<int64_t>(rows.size()), who.user_id, now}));
    for (const auto& [pub, item] : population) {
      RETURN_IF_ERROR(tx.Exec("INSERT INTO spot_check_items (agency_id, check_id, item_id, publication_id) VALUES "
                              "(?, ?, ?, ?)", {who.agency_id, id, item, pub}).status());
    }
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "secrecy.spot_check", "spot_check",
                                                   std::to_string(id), "", std::to_string(population.size()),
                                                   std::string(ref) + " 抽查 " + from.ToString() + " 至 " +
                                                       today.ToString() + " 公开的信息 " +
                                                       std::to_string(population.size()) + " 条"}));
    return id;
  });
}

namespace {

// The agency's spot checks, newest first, with their counts; only `id` when
// given.
Result<std::vector<SpotCheck>> ReadChecks(store::Tx& tx, int64_t agency_id, std::optional<int64_t> id) {
  std::vector<store::Value> params = {agency_id};
  if (id) params.emplace_back(*id);
  ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(std::string("SELECT s.id, s.ref, s.period_from, s.period_to, COALESCE(u.display_name, '') AS drawer_name, "
                           "s.drawn_at, s.population, "
                           "(SELECT count(*) FROM spot_check_items l WHERE l.check_id = s.id) AS size, "
                           "(SELECT count(*) FROM spot_check_items l WHERE l.check_id = s.id AND l.finding <> '') "
                           "AS checked, "
                           "(SELECT count(*) FROM spot_check_items l WHERE l.check_id = s.id AND l.finding = "
                           "'problem') AS problems "
                           "FROM spot_checks s LEFT JOIN users u ON u.id = s.drawn_by WHERE s.agency_id = ? ") +
                   (id ? "AND s.id = ? " : "") + "ORDER BY s.id DESC",
               params));
  std::vector<SpotCheck> out;
  for (const auto& r : rows) {
    SpotCheck s;
    s.id = r.Int("id");
    s.ref = r.Str("ref");
    s.period_from = r.Str("period_from");
    s.period_to = r.Str("period_to");
    s.drawn_by = r.Str("drawer_name");
    s.drawn_at = ChinaTimeOf(r.Str("drawn_at"));
    s.population = static_cast<int>(r.Int("population"));
    s.size = static_cast<int>(r.Int("size"));
    s.checked = static_cast<int>(r.Int("checked"));
    s.problems = static_cast<int>(r.Int("problems"));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

Result<std::vector<SpotCheck>> Secrecy::List(const Principal& who) {
  if (!SeesSecrecySupervision(who)) return PermissionDenied("无权查看保密抽查");
  return ctx_.db.Read<std::vector<SpotCheck>>(
      [&](store::Tx& tx) { return ReadChecks(tx, who.agency_id, std::nullopt); });
}

Result<SpotCheck> Secrecy::Get(const Principal& who, int64_t id) {
  if (!SeesSecrecySupervision(who)) return PermissionDenied("无权查看保密抽查");
  // The one check, not the agency's whole list.
  ASSIGN_OR_RETURN(auto found, ctx_.db.Read<std::vector<SpotCheck>>(
                                   [&](store::Tx& tx) { return ReadChecks(tx, who.agency_id, id); }));
  if (found.empty()) return NotFound("抽查记录不存在");
  SpotCheck s = std::move(found.front());
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(
            "SELECT l.id, l.item_id, i.index_no, i.title, p.published_at, d.name AS department_name, l.finding, "
            "l.note, "
            "COALESCE(u.display_name, '') AS display_name, l.checked_at, l.withdrawn FROM spot_check_items l "
            "JOIN items i ON i.id = "
            "l.item_id JOIN publications p ON p.id = l.publication_id JOIN departments d ON d.id = i.department_id "
            "LEFT JOIN users u ON u.id = l.checked_by WHERE l.check_id = ? ORDER BY l.id",
            {id}));
    for (const auto& r : rows) {
      s.lines.push_back({r.Int("id"), r.Int("item_id"), r.Str("index_no"), r.Str("title"), Day(r.Str("published_at")),
                         r.Str("department_name"), r.Str("finding"), r.Str("note"), r.Str("display_name"),
                         r.IsNull("checked_at") ? "" : ChinaTimeOf(r.Str("checked_at")), r.Int("withdrawn") != 0});
    }
    return Status::Ok();
  }));
  return s;
}

Status Secrecy::Record(const Principal& who, int64_t check_id, int64_t line_id, const std::string& finding,
                       const std::string& note, bool withdraw) {
  RETURN_IF_ERROR(RequireSupervisor(who));
  if (finding != "ok" && finding != "problem") return InvalidArgument("请选择抽查结论");
  RETURN_IF_ERROR(CheckText(note, "抽查意见", 2000, finding == "problem" || withdraw));
  if (withdraw && finding != "problem") return InvalidArgument("责令撤回须同时认定存在问题");
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto line, tx.QueryOne("SELECT l.item_id, l.finding, i.index_no FROM spot_check_items l JOIN "
                                            "items i ON i.id = l.item_id WHERE l.id = ? AND l.check_id = ? AND "
                                            "l.agency_id = ?", {line_id, check_id, who.agency_id}));
    if (!line) return NotFound("抽查记录不存在");
    if (!line->Str("finding").empty()) return FailedPrecondition("该条已有抽查结论");
    const int64_t item_id = line->Int("item_id");
    if (withdraw) {
      disclosure::ActionInput in;
      in.reason = "保密监督抽查责令撤回：" + std::string(Trim(note));
      RETURN_IF_ERROR(disclosure::Items(ctx_, ref_).ActIn(tx, who, item_id, disclosure::Action::kWithdraw, in));
    }
    RETURN_IF_ERROR(tx.Exec("UPDATE spot_check_items SET finding = ?, note = ?, withdrawn = ?, checked_by = ?, "
                            "checked_at = ? WHERE id = ?",
                            {finding, std::string(Trim(note)), int64_t{withdraw}, who.user_id, Now(ctx_.clock),
                             line_id}).status());
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "secrecy.finding", "item",
                                          std::to_string(item_id), "", finding,
                                          line->Str("index_no") + (finding == "ok" ? " 抽查无问题" : " 抽查发现问题：" + note) +
                                              (withdraw ? "（责令撤回）" : "")});
  });
}

Result<int64_t> Secrecy::RecordIncident(const Principal& who, const std::string& index_no,
                                        const std::string& description, const std::string& discovered_on) {
  if (!who.Has(Role::kSecrecySupervisor) && !who.Has(Role::kDisclosureOffice)) {
    return PermissionDenied("只有保密监督人员或公开办可以登记泄密事件");
  }
  RETURN_IF_ERROR(CheckText(index_no, "索引号", 60, true));
  RETURN_IF_ERROR(CheckText(description, "事件经过", 5000, true));
  auto found = Date::Parse(discovered_on);
  if (!found.ok()) return InvalidArgument("请填写发现日期（年-月-日）");
  if (*found > ChinaDate(ctx_.clock.Now())) return InvalidArgument("发现日期不能晚于今天");
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto item, tx.QueryOne("SELECT state, index_no, id FROM items WHERE index_no = ? AND "
                                            "agency_id = ?", {std::string(Trim(index_no)), who.agency_id}));
    if (!item) return InvalidArgument("没有索引号为“" + std::string(Trim(index_no)) + "”的信息");
    const int64_t item_id = item->Int("id");
    ASSIGN_OR_RETURN(ResponsibilityChain chain, ItemResponsibility(tx, who.agency_id, item_id));
    const bool live = item->Str("state") == "published";
    if (live) {
      disclosure::ActionInput in;
      in.reason = "发生泄密事件，立即撤回：" + Utf8Clip(std::string(Trim(description)), 200);
      RETURN_IF_ERROR(disclosure::Items(ctx_, ref_).ActIn(tx, who, item_id, disclosure::Action::kWithdraw, in));
    }
    Date today = ChinaDate(ctx_.clock.Now());
    ASSIGN_OR_RETURN(int64_t number, requests::internal::NextSeq(tx, who.agency_id, "incident", today.year));
    char ref[32];
    std::snprintf(ref, sizeof ref, "XM%d-%04lld", today.year, static_cast<long long>(number));
    json::object snapshot{{"handler", PeopleJson(chain.handler)}, {"direct", PeopleJson(chain.direct)},
                          {"overall", PeopleJson(chain.overall)}};
    ASSIGN_OR_RETURN(int64_t id, tx.Insert(
        "INSERT INTO incidents (agency_id, ref, item_id, description, discovered_on, responsibility, withdrawn, state, "
        "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
        {who.agency_id, std::string(ref), item_id, std::string(Trim(description)), found->ToString(),
         json::serialize(snapshot), int64_t{live}, who.user_id, Now(ctx_.clock)}));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "secrecy.incident", "item",
                                                   std::to_string(item_id), "", ref,
                                                   std::string(ref) + " " + item->Str("index_no") + " 泄密事件" +
                                                       (live ? "，已撤回" : "")}));
    return id;
  });
}

Status Secrecy::CloseIncident(const Principal& who, int64_t id, const std::string& outcome) {
  if (!who.Has(Role::kSecrecySupervisor) && !who.Has(Role::kDisclosureOffice)) {
    return PermissionDenied("只有保密监督人员或公开办可以办结泄密事件");
  }
  RETURN_IF_ERROR(CheckText(outcome, "处理结果", 5000, true));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(int64_t changed, tx.Exec("UPDATE incidents SET outcome = ?, state = 'closed', closed_by = ?, "
                                              "closed_at = ? WHERE id = ? AND agency_id = ? AND state = 'open'",
                                              {std::string(Trim(outcome)), who.user_id, Now(ctx_.clock), id,
                                               who.agency_id}));
    if (changed != 1) return FailedPrecondition("该事件不存在或已办结");
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "secrecy.incident_close", "incident",
                                          std::to_string(id), "open", "closed", Utf8Clip(outcome, 200)});
  });
}

Result<std::vector<Incident>> Secrecy::Incidents(const Principal& who) {
  if (!SeesSecrecySupervision(who)) return PermissionDenied("无权查看泄密事件");
  return ctx_.db.Read<std::vector<Incident>>([&](store::Tx& tx) -> Result<std::vector<Incident>> {
    ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kIncidentSelect) + "ORDER BY x.id DESC", {who.agency_id}));
    std::vector<Incident> out;
    for (const auto& r : rows) out.push_back(IncidentFromRow(r));
    return out;
  });
}

Result<Incident> Secrecy::GetIncident(const Principal& who, int64_t id) {
  if (!SeesSecrecySupervision(who)) return PermissionDenied("无权查看泄密事件");
  return ctx_.db.Read<Incident>([&](store::Tx& tx) -> Result<Incident> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kIncidentSelect) + "AND x.id = ?", {who.agency_id, id}));
    if (!row) return NotFound("事件不存在");
    return IncidentFromRow(*row);
  });
}

}  // namespace gk::oversight
