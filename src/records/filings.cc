#include "records/filings.h"

#include <algorithm>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/enum_table.h"
#include "base/strings.h"
#include "store/lock.h"

namespace gk::records {
namespace {

using accounts::Permission;
using accounts::Principal;

constexpr EnumName<FilingState> kStates[] = {
    {FilingState::kSubmitted, "submitted", "待上级审核"},
    {FilingState::kAccepted, "accepted", "已接收"},
    {FilingState::kReturned, "returned", "已退回"},
};

constexpr size_t kMaxNote = 500, kMaxRemarks = 1000;

constexpr const char* kColumns =
    "SELECT f.id, f.agency_id, f.upper_agency_id, a.code AS agency_code, a.name AS agency_name, "
    "u.name AS upper_agency_name, f.period_from, f.period_to, f.note, f.item_count, f.state, "
    "COALESCE(s.display_name, '') AS submitted_by, f.submitted_at, COALESCE(d.display_name, '') AS decided_by, "
    "COALESCE(f.decided_at, '') AS decided_at, f.remarks, f.package "
    "FROM filings f JOIN agencies a ON a.id = f.agency_id JOIN agencies u ON u.id = f.upper_agency_id "
    "LEFT JOIN users s ON s.id = f.submitted_by LEFT JOIN users d ON d.id = f.decided_by ";

Filing FromRow(const store::Row& r) {
  Filing f;
  f.id = r.Int("id");
  f.agency_id = r.Int("agency_id");
  f.upper_agency_id = r.Int("upper_agency_id");
  f.agency_code = r.Str("agency_code");
  f.agency_name = r.Str("agency_name");
  f.upper_agency_name = r.Str("upper_agency_name");
  f.period_from = r.Str("period_from");
  f.period_to = r.Str("period_to");
  f.note = r.Str("note");
  f.item_count = static_cast<int>(r.Int("item_count"));
  f.state = FilingStateFromKey(r.Str("state")).value_or(FilingState::kSubmitted);
  f.submitted_by = r.Str("submitted_by");
  f.submitted_at = r.Str("submitted_at");
  f.decided_by = r.Str("decided_by");
  f.decided_at = r.Str("decided_at");
  f.remarks = r.Str("remarks");
  return f;
}

// Whether `who` is the upper office `f` was filed with: a user of that
// agency who oversees, or one reading the filing agency through Oversee.
bool IsUpperOfficeOf(const Principal& who, const Filing& f) {
  if (!who.Can(Permission::kOverseeSubordinates)) return false;
  if (who.overseeing_from) return *who.overseeing_from == f.upper_agency_id && who.agency_id == f.agency_id;
  return who.agency_id == f.upper_agency_id;
}

// Whether `who` reads the filings of its own agency as the filing side.
bool IsFilingSide(const Principal& who, int64_t agency_id) {
  return !who.overseeing_from && who.agency_id == agency_id && who.Can(Permission::kViewSupervision);
}

bool Reads(const Principal& who, const Filing& f) { return IsUpperOfficeOf(who, f) || IsFilingSide(who, f.agency_id); }

std::string Canonical(const Filing& f) {
  return "state=" + std::string(FilingStateKey(f.state)) + "\nperiod=" + f.period_from + "/" + f.period_to +
         "\nitems=" + std::to_string(f.item_count) + "\nremarks=" + f.remarks + "\n";
}

}  // namespace

const char* FilingStateKey(FilingState s) { return KeyOf(kStates, s); }
const char* FilingStateLabel(FilingState s) { return LabelOf(kStates, s); }
std::optional<FilingState> FilingStateFromKey(std::string_view key) { return FromKey(kStates, key); }

const char* FilingActionLabel(FilingAction a) {
  switch (a) {
    case FilingAction::kAccept: return "接收备案";
    case FilingAction::kReturn: return "退回";
  }
  return "";
}

Result<FilingState> NextFilingState(FilingState from, FilingAction action, const FilingActor& actor) {
  if (!actor.upper_office) {
    return PermissionDenied(std::string("只有受理备案的上级政务公开办可以") + FilingActionLabel(action));
  }
  if (from != FilingState::kSubmitted) return FailedPrecondition(std::string("该备案") + FilingStateLabel(from));
  return action == FilingAction::kAccept ? FilingState::kAccepted : FilingState::kReturned;
}

std::vector<FilingAction> Allowed(FilingState from, const FilingActor& actor) {
  std::vector<FilingAction> out;
  for (FilingAction a : {FilingAction::kAccept, FilingAction::kReturn}) {
    if (NextFilingState(from, a, actor).ok()) out.push_back(a);
  }
  return out;
}

bool Filings::Files(const Principal& who) {
  return !who.overseeing_from && who.Has(accounts::Role::kDisclosureOffice);
}

Result<int64_t> Filings::Submit(const Principal& who, const std::string& from, const std::string& to,
                                const std::string& note) {
  if (!Files(who)) return PermissionDenied("只有公开办可以报送备案");
  RETURN_IF_ERROR(CheckText(note, "报送说明", kMaxNote, false));
  std::string now = Now(ctx_.clock);
  Date today = ChinaDate(ctx_.clock.Now());
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto parent, tx.QueryOne("SELECT a.parent_id, p.name AS parent_name FROM agencies a "
                                              "LEFT JOIN agencies p ON p.id = a.parent_id WHERE a.id = ?",
                                              {who.agency_id}));
    if (!parent || !parent->OptInt("parent_id")) {
      return FailedPrecondition("本机关在平台上没有上级机关，备案包请下载后报送");
    }
    int64_t upper = *parent->OptInt("parent_id");
    ASSIGN_OR_RETURN(FilingPackage p, BuildFiling(tx, who.agency_id, from, to, now));
    if (Date::Parse(p.to).value() > today) return InvalidArgument("备案期间不能晚于今天");
    // One filing per period: serialise the check and the insert.
    RETURN_IF_ERROR(store::LockName(tx, who.agency_id, "filing.submit", now));
    ASSIGN_OR_RETURN(auto overlap,
                     tx.QueryOne("SELECT period_from, period_to, state FROM filings WHERE agency_id = ? "
                                 "AND state IN ('submitted', 'accepted') AND period_from <= ? AND period_to >= ? "
                                 "ORDER BY id DESC LIMIT 1",
                                 {who.agency_id, p.to, p.from}));
    if (overlap) {
      return Conflict("已报送过 " + overlap->Str("period_from") + " 至 " + overlap->Str("period_to") + " 的备案（" +
                      FilingStateLabel(FilingStateFromKey(overlap->Str("state")).value_or(FilingState::kSubmitted)) +
                      "），期间不能重叠");
    }
    ASSIGN_OR_RETURN(int64_t id,
                     tx.Insert("INSERT INTO filings (agency_id, upper_agency_id, period_from, period_to, package, "
                                 "item_count, note, state, submitted_by, submitted_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?) RETURNING id",
                                 {who.agency_id, upper, p.from, p.to, FilingJson(p),
                                  static_cast<int64_t>(p.items.size()), std::string(Trim(note)), who.user_id, now}));
    RETURN_IF_ERROR(audit::Append(
        tx, ctx_.clock,
        {who.agency_id, who.ActorFor(), "filing.submit", "filing", std::to_string(id), "",
         "period=" + p.from + "/" + p.to + "\nitems=" + std::to_string(p.items.size()) + "\n",
         "向" + parent->Str("parent_name") + "报送备案：" + p.from + " 至 " + p.to + "，" +
             std::to_string(p.items.size()) + " 条"}));
    return id;
  });
}

Result<std::vector<Filing>> Filings::OfAgency(const Principal& who) {
  bool upper = who.overseeing_from && who.Can(Permission::kOverseeSubordinates);
  if (!upper && !IsFilingSide(who, who.agency_id)) return PermissionDenied("没有“查看备案”权限");
  return ctx_.db.Read<std::vector<Filing>>([&](store::Tx& tx) -> Result<std::vector<Filing>> {
    std::string sql = std::string(kColumns) + "WHERE f.agency_id = ? ";
    std::vector<store::Value> args = {who.agency_id};
    if (upper) {
      sql += "AND f.upper_agency_id = ? ";
      args.push_back(*who.overseeing_from);
    }
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql + "ORDER BY f.id DESC LIMIT 100", args));
    std::vector<Filing> out;
    for (const auto& r : rows) out.push_back(FromRow(r));
    return out;
  });
}

Result<std::vector<Filing>> Filings::Queue(const Principal& who, const FilingQueueFilter& f) {
  if (who.overseeing_from || !who.Can(Permission::kOverseeSubordinates)) {
    return PermissionDenied("没有“指导监督下级机关”权限");
  }
  int limit = std::clamp(f.limit, 1, 200);
  return ctx_.db.Read<std::vector<Filing>>([&](store::Tx& tx) -> Result<std::vector<Filing>> {
    std::string where = "WHERE f.upper_agency_id = ? ";
    std::vector<store::Value> args = {who.agency_id};
    if (f.agency_id) {
      where += "AND f.agency_id = ? ";
      args.push_back(*f.agency_id);
    }
    std::vector<Filing> out;
    // Waiting ones first (the index serves both reads), then the rest.
    ASSIGN_OR_RETURN(auto waiting, tx.Query(std::string(kColumns) + where +
                                                "AND f.state = 'submitted' ORDER BY f.id LIMIT " +
                                                std::to_string(limit),
                                            args));
    for (const auto& r : waiting) out.push_back(FromRow(r));
    if (f.pending_only || static_cast<int>(out.size()) >= limit) return out;
    ASSIGN_OR_RETURN(auto rest, tx.Query(std::string(kColumns) + where +
                                             "AND f.state <> 'submitted' ORDER BY f.id DESC LIMIT " +
                                             std::to_string(limit - static_cast<int>(out.size())),
                                         args));
    for (const auto& r : rest) out.push_back(FromRow(r));
    return out;
  });
}

Result<int64_t> Filings::Waiting(const Principal& who) {
  if (who.overseeing_from || !who.Can(Permission::kOverseeSubordinates)) return int64_t{0};
  return ctx_.db.Read<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT count(*) FROM filings WHERE upper_agency_id = ? "
                                           "AND state = 'submitted'",
                                           {who.agency_id}));
    return row->Int(0);
  });
}

Result<Filing> Filings::Get(const Principal& who, int64_t id) {
  return ctx_.db.Read<Filing>([&](store::Tx& tx) -> Result<Filing> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kColumns) + "WHERE f.id = ?", {id}));
    if (!row) return NotFound("没有找到该备案");
    Filing f = FromRow(*row);
    if (!Reads(who, f)) return NotFound("没有找到该备案");
    ASSIGN_OR_RETURN(FilingPackage p, ParseFiling(row->Str("package")));
    f.items = p.items;
    ASSIGN_OR_RETURN(f.differences, CheckFiling(tx, f.agency_id, p));
    f.allowed = Allowed(f.state, FilingActor{IsUpperOfficeOf(who, f)});
    return f;
  });
}

Status Filings::Accept(const Principal& who, int64_t id, const std::string& remarks) {
  return Decide(who, id, FilingAction::kAccept, remarks);
}

Status Filings::Return(const Principal& who, int64_t id, const std::string& remarks) {
  return Decide(who, id, FilingAction::kReturn, remarks);
}

Status Filings::Decide(const Principal& who, int64_t id, FilingAction action, const std::string& remarks) {
  RETURN_IF_ERROR(CheckText(remarks, action == FilingAction::kReturn ? "退回意见" : "审核意见", kMaxRemarks,
                            action == FilingAction::kReturn));
  std::string now = Now(ctx_.clock);
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kColumns) + "WHERE f.id = ?", {id}));
    if (!row) return NotFound("没有找到该备案");
    Filing f = FromRow(*row);
    if (!Reads(who, f)) return NotFound("没有找到该备案");
    ASSIGN_OR_RETURN(FilingState next, NextFilingState(f.state, action, FilingActor{IsUpperOfficeOf(who, f)}));
    std::string before = Canonical(f);
    // The state in the WHERE clause: a concurrent decision changes nothing.
    ASSIGN_OR_RETURN(int64_t changed, tx.Exec("UPDATE filings SET state = ?, decided_by = ?, decided_at = ?, "
                                              "remarks = ? WHERE id = ? AND state = ?",
                                              {std::string(FilingStateKey(next)), who.user_id, now,
                                               std::string(Trim(remarks)), id,
                                               std::string(FilingStateKey(f.state))}));
    if (changed != 1) return Conflict("该备案刚被处理过，请刷新后再试");
    f.state = next;
    f.remarks = std::string(Trim(remarks));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock,
                                  {f.agency_id, who.ActorFor(),
                                   action == FilingAction::kAccept ? "filing.accept" : "filing.return", "filing",
                                   std::to_string(id), before, Canonical(f),
                                   f.upper_agency_name + FilingActionLabel(action) + "：" + f.period_from + " 至 " +
                                       f.period_to}));
    return Status::Ok();
  });
}

}  // namespace gk::records
