// 保密审查设置: the agency's severities per kind of finding and its lexicon,
// and a box to try the check on pasted text with the findings highlighted.
#include "base/strings.h"
#include "review/check.h"
#include "review/settings.h"
#include "web/findings.h"
#include "web/page.h"
#include "web/render.h"

namespace gk::web {

namespace {

review::ScanSettings Settings(Ctx& c) { return review::ScanSettings(c.services, c.config.root); }

}  // namespace

namespace {

Response Show(Ctx& c, const std::string& error = "", int status = 200, const std::string& tried = "") {
  auto cfg = Settings(c).Load(c.agency.id);
  if (!cfg.ok()) return c.Error(cfg.status());
  View v = c.Base("保密审查设置", "scan");
  v["error"] = error;
  v["can_edit"] = c.who().Has(accounts::Role::kDisclosureOffice);
  View kinds = View::MakeList();
  for (scan::Kind k : scan::kAllKinds) {
    View row;
    row["key"] = scan::KindKey(k);
    row["label"] = scan::KindLabel(k);
    row["block"] = cfg->severity[k] == scan::Severity::kBlock;
    kinds.Push(std::move(row));
  }
  v["kinds"] = std::move(kinds);
  v["lexicon"] = c.Field("lexicon").empty() || error.empty() ? Join(cfg->lexicon, "\n") : c.Field("lexicon");
  v["terms"] = static_cast<int64_t>(cfg->lexicon.size());
  v["default_lexicon"] = cfg->default_lexicon;
  v["ocr_pages"] = static_cast<int64_t>(cfg->ocr.max_pages);
  v["ocr_megapixels"] = static_cast<int64_t>(cfg->ocr.max_megapixels);
  v["ocr_seconds"] = static_cast<int64_t>(cfg->ocr.max_seconds);
  v["tried"] = tried;
  if (!tried.empty()) {
    auto scanner = Settings(c).Scanner(c.agency.id);
    if (!scanner.ok()) return c.Error(scanner.status());
    auto r = review::CheckText(*scanner, tried);
    if (!r.ok()) return c.Error(r.status());
    v["has_result"] = true;
    v["verdict"] = r->verdict;
    v["verdict_label"] = VerdictLabel(r->verdict);
    v["highlighted"] = HighlightFindings(tried, r->findings);
    v["findings"] = FindingsView(r->findings);
  }
  return c.Page("staff/scan_settings", std::move(v), status);
}

Response Save(Ctx& c) {
  std::map<std::string, std::string> severities;
  for (scan::Kind k : scan::kAllKinds) {
    std::string value = c.Field(std::string("severity_") + scan::KindKey(k));
    if (!value.empty()) severities[scan::KindKey(k)] = value;
  }
  Status s = Settings(c).Save(c.who(), severities, c.Field("lexicon"));
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return Show(c, m, st); });
  return Response::Redirect("/staff/scan-settings?ok=acted");
}

// A whole number of the form, or -1 (which the settings refuse).
int NumberField(Ctx& c, const std::string& name) {
  const std::string v = c.Field(name);
  if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoi(v);
}

Response SaveOcr(Ctx& c) {
  review::OcrBudget b;
  b.max_pages = NumberField(c, "ocr_pages");
  b.max_megapixels = NumberField(c, "ocr_megapixels");
  b.max_seconds = NumberField(c, "ocr_seconds");
  Status s = Settings(c).SaveOcrBudget(c.who(), b);
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return Show(c, m, st); });
  return Response::Redirect("/staff/scan-settings?ok=acted");
}

Response Try(Ctx& c) {
  std::string text = c.Field("text");
  if (Status s = CheckText(text, "待检查文字", 100000, true); !s.ok()) return Show(c, c.UserMessage(s), 400);
  return Show(c, "", 200, text);
}

}  // namespace

std::vector<Route> ScanSettingsRoutes() {
  return {
      {"GET", "/staff/scan-settings", Access::kStaff, [](Ctx& c) { return Show(c); }},
      {"POST", "/staff/scan-settings", Access::kStaff, Save},
      {"POST", "/staff/scan-settings/try", Access::kStaff, Try},
      {"POST", "/staff/scan-settings/ocr", Access::kStaff, SaveOcr},
  };
}

}  // namespace gk::web
