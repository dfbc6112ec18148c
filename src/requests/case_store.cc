#include "requests/case_store.h"

#include <sodium.h>

#include "accounts/agencies.h"
#include "base/strings.h"

namespace gk::requests::internal {
namespace {

struct ClockKindInfo {
  ClockEventKind kind;
  const char* key;
};
constexpr ClockKindInfo kClockKinds[] = {
    {ClockEventKind::kReceived, "received"},
    {ClockEventKind::kCorrectionSent, "correction_sent"},
    {ClockEventKind::kSupplementReceived, "supplement_received"},
    {ClockEventKind::kPauseStart, "pause_start"},
    {ClockEventKind::kPauseEnd, "pause_end"},
    {ClockEventKind::kExtended, "extended"},
};

std::optional<ClockEventKind> ClockKindFromKey(const std::string& key) {
  for (const auto& k : kClockKinds) {
    if (key == k.key) return k.kind;
  }
  return std::nullopt;
}

}  // namespace

const char* ClockKindKey(ClockEventKind k) { return kClockKinds[static_cast<int>(k)].key; }

Result<std::optional<CaseRow>> LoadCase(store::Tx& tx, int64_t agency_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id, agency_id, ref, applicant_name, applicant_type, channel, "
                                         "received_on, info_title, state, outcome, department_id "
                                         "FROM applications WHERE id = ? AND agency_id = ?",
                                         {id, agency_id}));
  if (!row) return std::optional<CaseRow>();
  CaseRow c;
  c.id = row->Int("id");
  c.agency_id = row->Int("agency_id");
  c.ref = row->Str("ref");
  c.applicant_name = row->Str("applicant_name");
  c.applicant_type = row->Str("applicant_type");
  c.channel = row->Str("channel");
  c.received_on = row->Str("received_on");
  c.info_title = row->Str("info_title");
  c.state = row->Str("state");
  c.outcome = row->Str("outcome");
  c.department_id = row->OptInt("department_id");
  return std::optional<CaseRow>(c);
}

Result<ClockEvents> LoadClockEvents(store::Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT clock_kind, on_date, days, pause, note, action FROM application_events "
                                       "WHERE application_id = ? AND clock_kind IS NOT NULL ORDER BY id",
                                       {id}));
  ClockEvents out;
  for (const auto& r : rows) {
    auto kind = ClockKindFromKey(r.Str("clock_kind"));
    auto date = Date::Parse(r.Str("on_date"));
    if (!kind || !date.ok()) return Internal("malformed clock event of application " + std::to_string(id));
    ClockEvent e{*kind, *date, static_cast<int>(r.Int("days")), r.Str("pause"), ""};
    auto action = CaseActionFromKey(r.Str("action"));
    e.cause = action ? CaseActionLabel(*action) : "收到申请";
    out.causes.push_back(e.cause);
    out.events.push_back(std::move(e));
  }
  return out;
}

ClockView MakeClockView(const ClockEvents& ce, const WorkdayCalendar& cal, Date today, bool open) {
  ClockView v;
  auto clock = ComputeClock(ce.events, cal, today);
  if (!clock.ok()) {
    v.error = clock.status().code() == Code::kOutOfRange
                  ? "答复期限跨入尚未录入法定节假日安排的年度，待录入该年度工作日历后自动计算"
                  : clock.status().message();
    return v;
  }
  v.clock = std::move(*clock);
  auto history = DueHistory(ce.events, cal, today);
  if (history.ok()) {
    v.history = std::move(*history);
    for (const DueChange& h : v.history) v.history_causes.push_back(ce.causes[h.event]);
  }
  if (open && v.clock.due) {
    auto u = UrgencyOf(*v.clock.due, today, cal);
    if (u.ok()) v.urgency = *u;
  }
  return v;
}

Status AddEvent(store::Tx& tx, const Clock& clock, int64_t agency_id, int64_t id, const NewEvent& e) {
  store::Value kind = e.clock_kind ? store::Value(std::string(ClockKindKey(*e.clock_kind))) : store::Value(nullptr);
  store::Value user = e.user_id && *e.user_id > 0 ? store::Value(*e.user_id) : store::Value(nullptr);
  return tx.Exec("INSERT INTO application_events (agency_id, application_id, action, at, on_date, user_id, "
                 "clock_kind, pause, days, note, public_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {agency_id, id, e.action, Now(clock), e.on_date.ToString(), user, kind, e.pause,
                  int64_t{e.days}, e.note, e.public_note})
      .status();
}

Status SaveState(store::Tx& tx, const Clock& clock, const WorkdayCalendar& cal, int64_t agency_id, int64_t id,
                 CaseState state) {
  ASSIGN_OR_RETURN(ClockEvents ce, LoadClockEvents(tx, id));
  auto c = ComputeClock(ce.events, cal, ChinaDate(clock.Now()));
  store::Value due = c.ok() && c->due ? store::Value(c->due->ToString()) : store::Value(nullptr);
  int64_t provisional = c.ok() && c->provisional_year ? 1 : 0;
  return tx.Exec("UPDATE applications SET state = ?, due_on = ?, due_provisional = ?, state_since = ? "
                 "WHERE id = ? AND agency_id = ?",
                 {std::string(CaseStateKey(state)), due, provisional, Now(clock), id, agency_id})
      .status();
}

Result<int64_t> NextSeq(store::Tx& tx, int64_t agency_id, const std::string& kind, int year) {
  ASSIGN_OR_RETURN(auto seq, tx.QueryOne("INSERT INTO application_sequences (agency_id, kind, year, last_seq) "
                                         "VALUES (?, ?, ?, 1) ON CONFLICT (agency_id, kind, year) DO UPDATE SET "
                                         "last_seq = application_sequences.last_seq + 1 RETURNING last_seq",
                                         {agency_id, kind, int64_t{year}}));
  if (!seq) return Internal("no sequence returned");
  return seq->Int(0);
}

std::string NewQueryCode() {
  static constexpr char kAlphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::string code;
  for (int i = 0; i < 12; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += kAlphabet[randombytes_uniform(32)];
  }
  return code;
}

std::string QueryCodeFrom(const DataKey& key, std::string_view seed) {
  static constexpr char kAlphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  const std::string mac = key.Mac("gkqcode1", seed);  // 64 hex digits: 32 bytes
  std::string code;
  for (int i = 0; i < 12; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    const int byte = std::stoi(mac.substr(2 * i, 2), nullptr, 16);
    code += kAlphabet[byte & 31];
  }
  return code;
}

std::string NormalizeCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

std::string Digits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

Result<std::map<std::string, std::string>> LetterSettings(store::Tx& tx, int64_t agency_id) {
  ASSIGN_OR_RETURN(auto s, accounts::LoadSettings(tx, agency_id));
  ASSIGN_OR_RETURN(accounts::Agency a, accounts::FindAgencyById(tx, agency_id));
  auto fallback = [&](const char* key, const std::string& value) {
    if (Trim(s[key]).empty()) s[key] = value;
  };
  fallback("name", a.name);
  fallback("letter_code", s["name"]);
  fallback("review_body", "本机关的上一级行政机关");
  fallback("court", "有管辖权的人民法院");
  return s;
}

Result<int64_t> IssueLetter(store::Tx& tx, const Clock& clock, const accounts::Principal& who, const CaseRow& c,
                            LetterKind kind, Date issued_on, std::map<std::string, std::string> fields) {
  ASSIGN_OR_RETURN(auto settings, LetterSettings(tx, c.agency_id));
  const LetterKindInfo& info = Info(kind);
  ASSIGN_OR_RETURN(auto custom, tx.QueryOne("SELECT body FROM letter_templates WHERE agency_id = ? AND kind = ?",
                                            {c.agency_id, std::string(info.key)}));
  std::string text = custom ? custom->Str("body") : info.fallback;
  fields["agency"] = settings["name"];
  fields["ref"] = c.ref;
  fields["info"] = c.info_title;
  fields["received_date"] = ChineseDate(c.received_on);
  fields["review_body"] = settings["review_body"];
  fields["court"] = settings["court"];
  fields["remedies"] = Remedies(settings["review_body"], settings["court"]);
  std::string body;
  for (const std::string& line : Split(FillTemplate(text, fields), '\n')) {
    if (!Trim(line).empty()) body += std::string(Trim(line)) + "\n";
  }
  ASSIGN_OR_RETURN(int64_t seq, NextSeq(tx, c.agency_id, std::string("letter.") + info.key, issued_on.year));
  std::string number = LetterNumber(settings["letter_code"], kind, issued_on.year, seq);
  store::Value user = who.user_id > 0 ? store::Value(who.user_id) : store::Value(nullptr);
  return tx.Insert("INSERT INTO letters (agency_id, application_id, kind, year, seq, number, title, addressee, body, "
                   "issued_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {c.agency_id, c.id, std::string(info.key), int64_t{issued_on.year}, seq, number,
                    std::string(info.title), fields.count("addressee") ? fields["addressee"] : c.applicant_name, body, issued_on.ToString(), user,
                    Now(clock)});
}

// One page of `select` (ending in its WHERE conditions) by (col, id)
// ascending, the rows whose `col` is NULL after the others by id: two
// queries, each served by the same index. The position of a NULL row has
// the key "".
Result<std::vector<store::Row>> SeekNullsLast(store::Tx& tx, const std::string& select,
                                              const std::vector<store::Value>& params, const std::string& col,
                                              const std::string& id,
                                              const PageSpec& page) {
  std::vector<store::Row> rows;
  const size_t want = static_cast<size_t>(page.limit) + 1;
  bool among_null = page.after && page.after->key.empty();
  if (!among_null) {
    std::string sql = select + " AND " + col + " IS NOT NULL";
    std::vector<store::Value> p = params;
    if (page.after) {
      sql += " AND " + col + " >= ? AND (" + col + " > ? OR " + id + " > ?)";
      p.insert(p.end(), {page.after->key, page.after->key, page.after->id});
    }
    sql += " ORDER BY " + col + ", " + id + " LIMIT ?";
    p.emplace_back(static_cast<int64_t>(want));
    ASSIGN_OR_RETURN(rows, tx.Query(sql, p));
  }
  if (rows.size() < want) {
    std::string sql = select + " AND " + col + " IS NULL";
    std::vector<store::Value> p = params;
    if (among_null) {
      sql += " AND " + id + " > ?";
      p.emplace_back(page.after->id);
    }
    sql += " ORDER BY " + id + " LIMIT ?";
    p.emplace_back(static_cast<int64_t>(want - rows.size()));
    ASSIGN_OR_RETURN(auto more, tx.Query(sql, p));
    for (auto& r : more) rows.push_back(std::move(r));
  }
  return rows;
}

// One page of `select` by (col, id) descending; `col` is never NULL.
Result<std::vector<store::Row>> SeekDescending(store::Tx& tx, const std::string& select,
                                               std::vector<store::Value> params, const std::string& col,
                                               const std::string& id,
                                               const PageSpec& page) {
  std::string sql = select;
  if (page.after) {
    sql += " AND " + col + " <= ? AND (" + col + " < ? OR " + id + " < ?)";
    params.insert(params.end(), {page.after->key, page.after->key, page.after->id});
  }
  sql += " ORDER BY " + col + " DESC, " + id + " DESC LIMIT ?";
  params.emplace_back(static_cast<int64_t>(page.limit) + 1);
  return tx.Query(sql, params);
}


}  // namespace gk::requests::internal
