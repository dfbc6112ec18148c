// The service catalog (政府信息公开目录): a tree of categories with codes,
// one per agency, seeded from data/catalog/default.toml and kept by the 公开办.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/status.h"
#include "disclosure/reference.h"
#include "store/db.h"

namespace gk::disclosure {

struct Category {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string code;
  std::string name;
  int sort_order = 0;
  bool must_fill = false;
  bool active = true;
  int depth = 0;          // 0 = top level
  std::string path_name;  // "政策文件 / 政策解读"
};

// The agency's categories in tree order (parents before children, siblings by
// sort order then code).
Result<std::vector<Category>> LoadCatalog(store::Tx& tx, int64_t agency_id);

// Copies `seeds` into an agency that has no categories yet; returns how many.
Result<int> ImportCatalog(store::Tx& tx, int64_t agency_id, const std::vector<CategorySeed>& seeds);

class Catalog {
 public:
  explicit Catalog(const accounts::Context& ctx) : ctx_(ctx) {}
  Result<std::vector<Category>> List(int64_t agency_id);
  // Requires kManageCatalog. Code: 1–16 of [0-9A-Za-z]; unique in the agency.
  Result<int64_t> Create(const accounts::Principal& who, std::optional<int64_t> parent_id, const std::string& code,
                         const std::string& name, bool must_fill);
  Status Update(const accounts::Principal& who, int64_t id, const std::string& name, int sort_order,
                bool must_fill, bool active);

 private:
  accounts::Context ctx_;
};

}  // namespace gk::disclosure
