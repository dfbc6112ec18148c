#include "review/settings.h"

#include <fstream>
#include <sstream>

#include "audit/audit.h"
#include "base/clock.h"

namespace gk::review {

namespace {

Result<std::vector<std::string>> DefaultLexicon(const std::string& root) {
  std::ifstream in(root + "/data/lexicon/default.txt", std::ios::binary);
  if (!in) return std::vector<std::string>{};
  std::stringstream ss;
  ss << in.rdbuf();
  return scan::ParseLexicon(ss.str());
}

}  // namespace

extract::Limits LimitsFor(const OcrBudget& budget) {
  extract::Limits l;
  l.ocr_max_pages = budget.max_pages;
  l.ocr_max_pixels = int64_t{budget.max_megapixels} * 1'000'000;
  l.ocr_max_seconds = budget.max_seconds;
  return l;
}

Result<ScanConfig> ScanSettings::Load(store::Tx& tx, int64_t agency_id, const std::string& root) {
  ScanConfig c;
  for (scan::Kind k : scan::kAllKinds) c.severity[k] = scan::DefaultSeverity(k);
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT kind, severity FROM scan_severities WHERE agency_id = ?", {agency_id}));
  for (const auto& r : rows) {
    auto k = scan::KindFromKey(r.Str("kind"));
    auto s = scan::SeverityFromKey(r.Str("severity"));
    if (k && s) c.severity[*k] = *s;
  }
  ASSIGN_OR_RETURN(auto saved, tx.QueryOne("SELECT 1 FROM scan_lexicon_state WHERE agency_id = ?", {agency_id}));
  c.default_lexicon = !saved;
  if (saved) {
    ASSIGN_OR_RETURN(auto terms, tx.Query("SELECT term FROM scan_lexicon WHERE agency_id = ? ORDER BY term",
                                          {agency_id}));
    for (const auto& t : terms) c.lexicon.push_back(t.Str("term"));
  } else {
    ASSIGN_OR_RETURN(c.lexicon, DefaultLexicon(root));
  }
  ASSIGN_OR_RETURN(auto ocr, tx.QueryOne("SELECT max_pages, max_megapixels, max_seconds FROM scan_ocr_budget "
                                         "WHERE agency_id = ?",
                                         {agency_id}));
  if (ocr) {
    c.ocr.max_pages = static_cast<int>(ocr->Int("max_pages"));
    c.ocr.max_megapixels = static_cast<int>(ocr->Int("max_megapixels"));
    c.ocr.max_seconds = static_cast<int>(ocr->Int("max_seconds"));
  }
  return c;
}

Result<ScanConfig> ScanSettings::Load(int64_t agency_id) {
  return ctx_.db.Read<ScanConfig>([&](store::Tx& tx) { return Load(tx, agency_id, root_); });
}

Result<scan::Scanner> ScanSettings::Scanner(int64_t agency_id) {
  ASSIGN_OR_RETURN(ScanConfig c, Load(agency_id));
  scan::Settings s;
  s.severity = c.severity;
  s.lexicon = c.lexicon;
  s.today = ChinaDate(ctx_.clock.Now());
  return scan::Scanner::Build(s);
}

Status ScanSettings::Save(const accounts::Principal& who, const std::map<std::string, std::string>& severities,
                          const std::string& lexicon_text) {
  if (!who.Has(accounts::Role::kDisclosureOffice) && who.user_id != 0) {
    return PermissionDenied("只有公开办可以修改保密审查设置");
  }
  if (lexicon_text.size() > 4 * 1024 * 1024) return TooLarge("词库不能超过 4 MB");
  ASSIGN_OR_RETURN(std::vector<std::string> terms, scan::ParseLexicon(lexicon_text));
  std::map<scan::Kind, scan::Severity> chosen;
  for (const auto& [key, value] : severities) {
    auto k = scan::KindFromKey(key);
    auto s = scan::SeverityFromKey(value);
    if (!k || !s) return InvalidArgument("未知的检查类型或级别：" + key + "=" + value);
    chosen[*k] = *s;
  }
  // The terms must compile (length, encoding) before anything is stored.
  scan::Settings check;
  check.lexicon = terms;
  RETURN_IF_ERROR(scan::Scanner::Build(check).status());
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.Exec("DELETE FROM scan_severities WHERE agency_id = ?", {who.agency_id}).status());
    for (const auto& [k, s] : chosen) {
      RETURN_IF_ERROR(tx.Exec("INSERT INTO scan_severities (agency_id, kind, severity) VALUES (?, ?, ?)",
                              {who.agency_id, std::string(scan::KindKey(k)), std::string(scan::SeverityKey(s))})
                          .status());
    }
    RETURN_IF_ERROR(tx.Exec("DELETE FROM scan_lexicon WHERE agency_id = ?", {who.agency_id}).status());
    for (const std::string& t : terms) {
      RETURN_IF_ERROR(tx.Exec("INSERT INTO scan_lexicon (agency_id, term) VALUES (?, ?)", {who.agency_id, t}).status());
    }
    RETURN_IF_ERROR(tx.Exec("DELETE FROM scan_lexicon_state WHERE agency_id = ?", {who.agency_id}).status());
    RETURN_IF_ERROR(tx.Exec("INSERT INTO scan_lexicon_state (agency_id, updated_by, updated_at) VALUES (?, ?, ?)",
                            {who.agency_id, who.user_id > 0 ? store::Value(who.user_id) : store::Value(nullptr),
                             Now(ctx_.clock)})
                        .status());
    std::string detail = "保密审查设置：词库 " + std::to_string(terms.size()) + " 个词";
    for (const auto& [k, s] : chosen) detail += std::string("，") + scan::KindKey(k) + "=" + scan::SeverityKey(s);
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "scan_settings.save", "agency",
                                          std::to_string(who.agency_id), "", "", detail});
  });
}

Status ScanSettings::SaveOcrBudget(const accounts::Principal& who, const OcrBudget& b) {
  if (!who.Has(accounts::Role::kDisclosureOffice) && who.user_id != 0) {
    return PermissionDenied("只有公开办可以修改保密审查设置");
  }
  if (b.max_pages < 1 || b.max_pages > 500) return InvalidArgument("每个文件识别的页数应在 1 至 500 之间");
  if (b.max_megapixels < 1 || b.max_megapixels > 100) return InvalidArgument("每页的像素应在 1 至 100 百万之间");
  if (b.max_seconds < 10 || b.max_seconds > 3600) return InvalidArgument("每个文件的识别时间应在 10 至 3600 秒之间");
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.Exec("DELETE FROM scan_ocr_budget WHERE agency_id = ?", {who.agency_id}).status());
    RETURN_IF_ERROR(tx.Exec("INSERT INTO scan_ocr_budget (agency_id, max_pages, max_megapixels, max_seconds, "
                            "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                            {who.agency_id, int64_t{b.max_pages}, int64_t{b.max_megapixels}, int64_t{b.max_seconds},
                             who.user_id > 0 ? store::Value(who.user_id) : store::Value(nullptr), Now(ctx_.clock)})
                        .status());
    const std::string detail = "扫描件文字识别：每个文件 " + std::to_string(b.max_pages) + " 页，每页 " +
                               std::to_string(b.max_megapixels) + " 百万像素，" + std::to_string(b.max_seconds) + " 秒";
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "scan_settings.ocr", "agency",
                                          std::to_string(who.agency_id), "", "", detail});
  });
}

}  // namespace gk::review
