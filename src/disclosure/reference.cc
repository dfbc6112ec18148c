#include "disclosure/reference.h"

#include <fstream>
#include <sstream>
#include <toml++/toml.h>

namespace gk::disclosure {
namespace {

Result<toml::table> ParseFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return toml::parse(ss.str(), path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(path + ": line " + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
}

std::string Line(const std::string& path, const toml::node& n) {
  return path + ": line " + std::to_string(n.source().begin.line) + ": ";
}

Result<std::vector<LegalGround>> ParseGrounds(const std::string& path) {
  ASSIGN_OR_RETURN(toml::table t, ParseFile(path));
  const toml::array* arr = t["grounds"].as_array();
  if (!arr) return InvalidArgument(path + ": missing the grounds array");
  std::vector<LegalGround> out;
  for (const toml::node& n : *arr) {
    const toml::table* g = n.as_table();
    if (!g) return InvalidArgument(Line(path, n) + "each ground must be a table");
    auto key = (*g)["key"].value<std::string>();
    auto attr = (*g)["attribute"].value<std::string>();
    auto cite = (*g)["cite"].value<std::string>();
    auto label = (*g)["label"].value<std::string>();
    if (!key || !attr || !cite || !label) return InvalidArgument(Line(path, n) + "key, attribute, cite and label are required");
    auto a = AttributeFromKey(*attr);
    if (!a) return InvalidArgument(Line(path, n) + "unknown attribute \"" + *attr + "\"");
    for (const auto& seen : out) {
      if (seen.key == *key) return InvalidArgument(Line(path, n) + "duplicate key \"" + *key + "\"");
    }
    out.push_back({*key, *a, *cite, *label});
  }
  return out;
}

Result<std::vector<CategorySeed>> ParseCatalog(const std::string& path) {
  ASSIGN_OR_RETURN(toml::table t, ParseFile(path));
  const toml::array* arr = t["categories"].as_array();
  if (!arr) return InvalidArgument(path + ": missing the categories array");
  std::vector<CategorySeed> out;
  for (const toml::node& n : *arr) {
    const toml::table* c = n.as_table();
    if (!c) return InvalidArgument(Line(path, n) + "each category must be a table");
    auto code = (*c)["code"].value<std::string>();
    auto name = (*c)["name"].value<std::string>();
    if (!code || !name || code->empty()) return InvalidArgument(Line(path, n) + "code and name are required");
    CategorySeed s{*code, (*c)["parent"].value_or(std::string()), *name, (*c)["must_fill"].value_or(false),
                   (*c)["report"].value_or(std::string())};
    if (!s.report_row.empty() && s.report_row != "rules" && s.report_row != "normative") {
      return InvalidArgument(Line(path, n) + "report must be \"rules\" or \"normative\"");
    }
    bool parent_known = s.parent_code.empty();
    for (const auto& seen : out) {
      if (seen.code == s.code) return InvalidArgument(Line(path, n) + "duplicate code \"" + s.code + "\"");
      parent_known = parent_known || seen.code == s.parent_code;
    }
    if (!parent_known) return InvalidArgument(Line(path, n) + "parent \"" + s.parent_code + "\" must come before it");
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

const LegalGround* ReferenceData::FindGround(std::string_view key) const {
  for (const auto& g : grounds) if (g.key == key) return &g;
  return nullptr;
}

Result<ReferenceData> LoadReferenceData(const std::string& root) {
  ReferenceData r;
  r.root = root;
  ASSIGN_OR_RETURN(r.grounds, ParseGrounds(root + "/data/legal_grounds.toml"));
  ASSIGN_OR_RETURN(r.catalog, ParseCatalog(root + "/data/catalog/default.toml"));
  return r;
}

namespace {
struct ClassInfo {
  Classification c;
  const char* key;
  const char* label;
};
constexpr ClassInfo kClasses[] = {{Classification::kNone, "none", "无"},
                                  {Classification::kSecret, "secret", "秘密"},
                                  {Classification::kConfidential, "confidential", "机密"},
                                  {Classification::kTopSecret, "top_secret", "绝密"}};
struct ValidityInfo {
  Validity v;
  const char* key;
  const char* label;
};
constexpr ValidityInfo kValidities[] = {
    {Validity::kValid, "valid", "有效"}, {Validity::kExpired, "expired", "失效"}, {Validity::kRepealed, "repealed", "废止"}};
}  // namespace

const char* ClassificationKey(Classification c) {
  for (const auto& i : kClasses) if (i.c == c) return i.key;
  return "";
}
const char* ClassificationLabel(Classification c) {
  for (const auto& i : kClasses) if (i.c == c) return i.label;
  return "";
}
std::optional<Classification> ClassificationFromKey(std::string_view key) {
  for (const auto& i : kClasses) if (key == i.key) return i.c;
  return std::nullopt;
}
const char* ValidityKey(Validity v) {
  for (const auto& i : kValidities) if (i.v == v) return i.key;
  return "";
}
const char* ValidityLabel(Validity v) {
  for (const auto& i : kValidities) if (i.v == v) return i.label;
  return "";
}
std::optional<Validity> ValidityFromKey(std::string_view key) {
  for (const auto& i : kValidities) if (key == i.key) return i.v;
  return std::nullopt;
}

}  // namespace gk::disclosure
