#include "review/checks.h"

#include <atomic>
#include <deque>
#include <map>
#include <mutex>

#include "audit/audit.h"
#include "base/crypto.h"
#include "base/strings.h"
#include "review/check.h"
#include "review/settings.h"

namespace gk::review {
namespace {

struct CacheEntry {
  std::string stamp;
  std::shared_ptr<const scan::Scanner> scanner;
  extract::Limits limits;  // the agency's OCR budget, which goes with its scanner
};

std::mutex cache_mutex;
std::map<int64_t, CacheEntry>& Cache() {
  static auto* cache = new std::map<int64_t, CacheEntry>();
  return *cache;
}

}  // namespace

extract::Limits AgencyLimits(const scan::Scanner& scanner) {
  std::lock_guard<std::mutex> lock(cache_mutex);
  for (const auto& [agency, entry] : Cache()) {
    if (entry.scanner.get() == &scanner) return entry.limits;
  }
  return extract::Limits();
}

namespace {

// The reports Precheck computed, by scanner, source name and content digest.
// Bounded: the oldest are dropped first.
struct Prechecked {
  std::weak_ptr<const scan::Scanner> scanner;
  std::string name, digest;
  Result<Report> report;
};
constexpr size_t kMaxPrechecked = 256;
std::atomic<int> file_checks_in_transaction{0};
std::mutex prechecked_mutex;
std::deque<Prechecked>& PrecheckedReports() {
  static auto* memo = new std::deque<Prechecked>();
  return *memo;
}

Result<Report> Compute(const scan::Scanner& scanner, const Source& src) {
  if (!src.is_file) return CheckText(scanner, src.bytes);
  return CheckDocument(scanner, src.name, src.bytes, AgencyLimits(scanner));
}

// The report Precheck kept for a file, if any.
std::optional<Result<Report>> Kept(const scan::Scanner& scanner, const std::string& name, const std::string& digest) {
  std::lock_guard<std::mutex> lock(prechecked_mutex);
  for (const Prechecked& p : PrecheckedReports()) {
    if (p.scanner.lock().get() == &scanner && p.name == name && p.digest == digest) return p.report;
  }
  return std::nullopt;
}

// The kept report of `src` under `scanner`, or a new check.
Result<Report> ReportFor(const scan::Scanner& scanner, const Source& src) {
  if (!src.is_file) return Compute(scanner, src);
  if (auto kept = Kept(scanner, src.name, Blake2bHex(src.bytes))) return std::move(*kept);
  ++file_checks_in_transaction;
  return Compute(scanner, src);
}

// What the finding shows when stored: marks and terms as they are, numbers
// and addresses masked.
std::string Masked(const scan::Finding& f) {
  switch (f.kind) {
    case scan::Kind::kClassificationMark:
    case scan::Kind::kInternalMark:
    case scan::Kind::kLexicon: return f.text;
    default: return MaskMiddle(f.text, f.text.size() >= 15 ? 4 : 2, f.text.size() >= 15 ? 4 : 2);
  }
}

Status Store(store::Tx& tx, const Clock& clock, const scan::Scanner& scanner, int64_t agency_id,
             std::optional<int64_t> item_id, std::optional<int> version, std::optional<int64_t> application_id,
             const Source& src) {
  Result<Report> r = ReportFor(scanner, src);
  auto opt = [](auto v) { return v ? store::Value(static_cast<int64_t>(*v)) : store::Value(nullptr); };
  std::string verdict = r.ok() ? r->verdict : "error";
  std::string error = r.ok() ? "" : r.status().message();
  ASSIGN_OR_RETURN(int64_t check, tx.Insert(
      "INSERT INTO content_checks (agency_id, item_id, item_version, attachment_id, application_id, file_id, source, "
      "verdict, error, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {agency_id, opt(item_id), opt(version), opt(src.attachment_id), opt(application_id), opt(src.file_id), src.name,
       verdict, error, Now(clock)}));
  if (!r.ok()) {
    // A file that cannot be read (corrupt, encrypted, too large) cannot be
    // released unchecked: it blocks like a finding, and can be overridden
    // only with a written reason.
    return tx.Exec("INSERT INTO content_findings (agency_id, check_id, kind, severity, start_pos, end_pos, masked, "
                   "hidden, place, rule, resolution, reason) VALUES (?, ?, 'unreadable', 'block', 0, 0, ?, 0, ?, "
                   "'unreadable', 'open', '')",
                   {agency_id, check, error, src.name})
        .status();
  }
  for (const Located& l : r->findings) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO content_findings (agency_id, check_id, kind, severity, start_pos, end_pos, "
                            "masked, hidden, place, rule, resolution, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "'open', '')",
                            {agency_id, check, std::string(scan::KindKey(l.finding.kind)),
                             std::string(scan::SeverityKey(l.finding.severity)), static_cast<int64_t>(l.finding.start),
                             static_cast<int64_t>(l.finding.end), Masked(l.finding), int64_t{l.hidden}, l.where,
                             l.finding.rule})
                        .status());
  }
  return Status::Ok();
}

Result<std::vector<CheckView>> Views(store::Tx& tx, const std::string& where, const std::vector<store::Value>& params) {
  ASSIGN_OR_RETURN(auto checks, tx.Query("SELECT id, source, verdict, error, checked_at, attachment_id, file_id "
                                         "FROM content_checks WHERE " + where + " ORDER BY id",
                                         params));
  std::vector<CheckView> out;
  for (const auto& c : checks) {
    CheckView v{c.Int("id"),         c.Str("source"),           c.Str("verdict"),    c.Str("error"),
                c.Str("checked_at"), c.OptInt("attachment_id"), c.OptInt("file_id"), {}};
    ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT f.id, f.kind, f.severity, f.masked, f.place, f.rule, f.resolution, "
                            "f.reason, COALESCE(u.display_name, '') AS display_name, f.start_pos, f.end_pos, f.hidden "
                            "FROM content_findings f LEFT JOIN users u ON u.id = f.resolved_by "
                            "WHERE f.check_id = ? ORDER BY f.start_pos, f.id",
                            {v.id}));
    for (const auto& f : rows) {
      auto kind = scan::KindFromKey(f.Str("kind"));
      std::string label = kind ? scan::KindLabel(*kind) : f.Str("kind") == "unreadable" ? "无法检查的文件" : f.Str("kind");
      v.findings.push_back({f.Int("id"), f.Str("kind"), label,
                            scan::SeverityFromKey(f.Str("severity")).value_or(scan::Severity::kBlock),
                            f.Str("masked"), f.Str("place"), f.Str("rule"),
                            FromKey(kResolutions, f.Str("resolution")).value_or(Resolution::kOpen), f.Str("reason"),
                            f.Str("display_name"),
                            f.Int("start_pos"), f.Int("end_pos"), f.Int("hidden") != 0});
    }
    out.push_back(std::move(v));
  }
  return out;
}

Result<int> Unresolved(store::Tx& tx, const std::string& where, const std::vector<store::Value>& params) {
  ASSIGN_OR_RETURN(auto f, tx.QueryOne("SELECT count(*) FROM content_findings f JOIN content_checks c ON c.id = "
                                       "f.check_id WHERE " + where + " AND f.severity = 'block' AND f.resolution = 'open'",
                                       params));
  return static_cast<int>(f->Int(0));
}

}  // namespace

Result<std::shared_ptr<const scan::Scanner>> AgencyScanner(store::Tx& tx, const Clock& clock, int64_t agency_id,
                                                            const std::string& root) {
  ASSIGN_OR_RETURN(auto state, tx.QueryOne("SELECT updated_at FROM scan_lexicon_state WHERE agency_id = ?", {agency_id}));
  ASSIGN_OR_RETURN(auto ocr, tx.QueryOne("SELECT updated_at FROM scan_ocr_budget WHERE agency_id = ?", {agency_id}));
  Date today = ChinaDate(clock.Now());
  std::string stamp = (state ? state->Str("updated_at") : "default") + "/" + (ocr ? ocr->Str("updated_at") : "") +
                      "@" + today.ToString();
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    auto it = Cache().find(agency_id);
    if (it != Cache().end() && it->second.stamp == stamp) return it->second.scanner;
  }
  ASSIGN_OR_RETURN(ScanConfig config, ScanSettings::Load(tx, agency_id, root));
  scan::Settings s;
  s.today = today;
  s.severity = std::move(config.severity);
  s.lexicon = std::move(config.lexicon);
  ASSIGN_OR_RETURN(scan::Scanner built, scan::Scanner::Build(s));
  auto shared = std::make_shared<const scan::Scanner>(std::move(built));
  std::lock_guard<std::mutex> lock(cache_mutex);
  Cache()[agency_id] = {stamp, shared, LimitsFor(config.ocr)};
  return shared;
}

void Precheck(const std::shared_ptr<const scan::Scanner>& scanner, const std::vector<Source>& sources) {
  for (const Source& src : sources) {
    if (!src.is_file) continue;
    std::string digest = Blake2bHex(src.bytes);
    if (Kept(*scanner, src.name, digest)) continue;
    Prechecked p{scanner, src.name, std::move(digest), Compute(*scanner, src)};
    std::lock_guard<std::mutex> lock(prechecked_mutex);
    auto& memo = PrecheckedReports();
    if (memo.size() >= kMaxPrechecked) memo.pop_front();
    memo.push_back(std::move(p));
  }
}

int FileChecksInTransactionForTest() { return file_checks_in_transaction.load(); }

Status Precheck(store::Database& db, const Clock& clock, int64_t agency_id, const std::string& root,
                const std::vector<Source>& sources) {
  std::shared_ptr<const scan::Scanner> scanner;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(scanner, AgencyScanner(tx, clock, agency_id, root));
    return Status::Ok();
  }));
  Precheck(scanner, sources);
  return Status::Ok();
}

Status CheckItemVersion(store::Tx& tx, const Clock& clock, const scan::Scanner& scanner, int64_t agency_id,
                        int64_t item_id, int version, const std::vector<Source>& sources) {
  RETURN_IF_ERROR(tx.Exec("DELETE FROM content_findings WHERE check_id IN (SELECT id FROM content_checks WHERE "
                          "item_id = ? AND item_version = ?)", {item_id, int64_t{version}})
                      .status());
  RETURN_IF_ERROR(
      tx.Exec("DELETE FROM content_checks WHERE item_id = ? AND item_version = ?", {item_id, int64_t{version}}).status());
  for (const Source& s : sources) {
    RETURN_IF_ERROR(Store(tx, clock, scanner, agency_id, item_id, version, std::nullopt, s));
  }
  return Status::Ok();
}

Status CheckReplyFiles(store::Tx& tx, const Clock& clock, const scan::Scanner& scanner, int64_t agency_id,
                       int64_t application_id, const std::vector<Source>& files) {
  for (const Source& s : files) {
    RETURN_IF_ERROR(Store(tx, clock, scanner, agency_id, std::nullopt, std::nullopt, application_id, s));
  }
  return Status::Ok();
}

Result<int> UnresolvedBlockingForItem(store::Tx& tx, int64_t item_id, int version) {
  return Unresolved(tx, "c.item_id = ? AND c.item_version = ?", {item_id, int64_t{version}});
}

Result<int> UnresolvedBlockingForApplication(store::Tx& tx, int64_t application_id) {
  // Only the files of the reply being decided: drafts, returned drafts' files are superseded.
  return Unresolved(tx,
                    "c.application_id = ? AND c.file_id IN (SELECT f.id FROM application_files f JOIN "
                    "application_replies r ON r.id = f.reply_id WHERE r.status IN ('draft', 'approved'))",
                    {application_id});
}

Result<std::vector<CheckView>> ItemChecks(store::Tx& tx, int64_t agency_id, int64_t item_id, int version) {
  return Views(tx, "agency_id = ? AND item_id = ? AND item_version = ?", {agency_id, item_id, int64_t{version}});
}

Result<std::vector<CheckView>> ApplicationChecks(store::Tx& tx, int64_t agency_id, int64_t application_id) {
  return Views(tx, "agency_id = ? AND application_id = ?", {agency_id, application_id});
}

Status OverrideFinding(store::Tx& tx, const Clock& clock, const accounts::Principal& who, int64_t finding_id,
                       const std::string& reason) {
  if (!who.Has(accounts::Role::kDisclosureOffice)) {
    return PermissionDenied("只有公开办（保密审查）可以对阻止级发现作出书面说明");
  }
  RETURN_IF_ERROR(gk::CheckText(reason, "书面理由", 1000, true));
  ASSIGN_OR_RETURN(auto f, tx.QueryOne("SELECT f.kind, f.masked, f.resolution, c.source FROM content_findings f "
                                       "JOIN content_checks c ON c.id = f.check_id WHERE f.id = ? AND f.agency_id = ?",
                                       {finding_id, who.agency_id}));
  if (!f) return NotFound("发现记录不存在");
  if (FromKey(kResolutions, f->Str("resolution")) != Resolution::kOpen) return FailedPrecondition("该发现已处理");
  RETURN_IF_ERROR(tx.Exec("UPDATE content_findings SET resolution = 'overridden', resolved_by = ?, resolved_at = ?, "
                          "reason = ? WHERE id = ?",
                          {who.user_id, Now(clock), std::string(Trim(reason)), finding_id})
                      .status());
  return audit::Append(
      tx, clock,
      {who.agency_id, who.ActorFor(), "check.override", "finding", std::to_string(finding_id), "open", "overridden",
       f->Str("source") + " " + f->Str("kind") + " " + f->Str("masked") + "：" + std::string(Trim(reason))});
}

}  // namespace gk::review
