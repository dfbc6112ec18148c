// Reference data shipped with Gongkai: the legal grounds of a 公开属性
// (data/legal_grounds.toml) and the default service catalog
// (data/catalog/default.toml); plus the small fixed vocabularies of an item.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "disclosure/chain.h"

namespace gk::disclosure {

struct LegalGround {
  std::string key;
  Attribute attribute;
  std::string cite;
  std::string label;
};

struct CategorySeed {
  std::string code;
  std::string parent_code;  // "" = top level
  std::string name;
  bool must_fill = false;
  std::string report_row;  // the annual report row it feeds: "rules" (规章), "normative" (行政规范性文件) or ""
};

struct ReferenceData {
  std::string root;  // the folder the data was loaded from (data/lexicon/ is there too)
  std::vector<LegalGround> grounds;
  std::vector<CategorySeed> catalog;
  const LegalGround* FindGround(std::string_view key) const;
};

// Loads root/data/legal_grounds.toml and root/data/catalog/default.toml.
// Errors name the file and line.
Result<ReferenceData> LoadReferenceData(const std::string& root);

enum class Classification { kNone, kSecret, kConfidential, kTopSecret };  // 无/秘密/机密/绝密
const char* ClassificationKey(Classification c);
const char* ClassificationLabel(Classification c);
std::optional<Classification> ClassificationFromKey(std::string_view key);

enum class Validity { kValid, kExpired, kRepealed };  // 有效/失效/废止
const char* ValidityKey(Validity v);
const char* ValidityLabel(Validity v);
std::optional<Validity> ValidityFromKey(std::string_view key);

}  // namespace gk::disclosure
