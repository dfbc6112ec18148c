#include "disclosure/catalog.h"

#include <algorithm>
#include <functional>
#include <map>

#include "accounts/portal_generation.h"
#include "audit/audit.h"
#include "base/strings.h"

namespace gk::disclosure {
namespace {

Status ValidateName(const std::string& name) {
  if (!IsValidUtf8(name) || HasControlChars(name)) return InvalidArgument("分类名称含有无效字符");
  if (Trim(name).empty()) return InvalidArgument("分类名称不能为空");
  if (Utf8Length(name) > 40) return InvalidArgument("分类名称不能超过 40 个字");
  return Status::Ok();
}

bool ValidCode(const std::string& code) {
  if (code.empty() || code.size() > 16) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

std::string Canonical(const std::string& name, int sort, bool must_fill, bool active) {
  return "name=" + name + "\nsort=" + std::to_string(sort) + "\nmust_fill=" + (must_fill ? "1" : "0") +
         "\nactive=" + (active ? "1" : "0") + "\n";
}

}  // namespace

Result<std::vector<Category>> LoadCatalog(store::Tx& tx, int64_t agency_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, parent_id, code, name, sort_order, must_fill, active "
                                       "FROM catalog_categories WHERE agency_id = ? ORDER BY sort_order, code",
                                       {agency_id}));
  std::map<std::optional<int64_t>, std::vector<Category>> children;
  for (const auto& r : rows) {
    Category c{r.Int("id"),
               r.OptInt("parent_id"),
               r.Str("code"),
               r.Str("name"),
               static_cast<int>(r.Int("sort_order")),
               r.Int("must_fill") != 0,
               r.Int("active") != 0};
    children[c.parent_id].push_back(std::move(c));
  }
  std::vector<Category> out;
  std::function<void(std::optional<int64_t>, int, const std::string&)> walk =
      [&](std::optional<int64_t> parent, int depth, const std::string& prefix) {
        auto it = children.find(parent);
        if (it == children.end()) return;
        for (Category c : it->second) {
          c.depth = depth;
          c.path_name = prefix.empty() ? c.name : prefix + " / " + c.name;
          int64_t id = c.id;
          std::string path = c.path_name;
          out.push_back(std::move(c));
          walk(id, depth + 1, path);
        }
      };
  walk(std::nullopt, 0, "");
  return out;
}

Result<int> ImportCatalog(store::Tx& tx, int64_t agency_id, const std::vector<CategorySeed>& seeds) {
  ASSIGN_OR_RETURN(auto any, tx.QueryOne("SELECT COUNT(*) FROM catalog_categories WHERE agency_id = ?", {agency_id}));
  if (any && any->Int(0) > 0) return 0;
  RETURN_IF_ERROR(accounts::TouchPortal(tx, agency_id));
  std::map<std::string, int64_t> ids;
  int order = 0;
  for (const CategorySeed& s : seeds) {
    store::Value parent = s.parent_code.empty() ? store::Value(nullptr) : store::Value(ids.at(s.parent_code));
    ASSIGN_OR_RETURN(ids[s.code], tx.Insert("INSERT INTO catalog_categories (agency_id, parent_id, code, name, "
                                            "sort_order, must_fill, active, report_row) VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
                                            {agency_id, parent, s.code, s.name, int64_t{order += 10},
                                             int64_t{s.must_fill}, s.report_row}));
  }
  return static_cast<int>(seeds.size());
}

Result<std::vector<Category>> Catalog::List(int64_t agency_id) {
  return ctx_.db.Read<std::vector<Category>>([&](store::Tx& tx) { return LoadCatalog(tx, agency_id); });
}

Result<int64_t> Catalog::Create(const accounts::Principal& who, std::optional<int64_t> parent_id,
                                const std::string& code, const std::string& name, bool must_fill) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kManageCatalog));
  if (!ValidCode(code)) return InvalidArgument("分类代码须为 1–16 位字母或数字");
  RETURN_IF_ERROR(ValidateName(name));
  std::string clean(Trim(name));
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    if (parent_id) {
      ASSIGN_OR_RETURN(auto p, tx.QueryOne("SELECT 1 FROM catalog_categories WHERE id = ? AND agency_id = ?",
                                           {*parent_id, who.agency_id}));
      if (!p) return InvalidArgument("上级分类不存在");
    }
    store::Value parent = parent_id ? store::Value(*parent_id) : store::Value(nullptr);
    auto id = tx.Insert("INSERT INTO catalog_categories (agency_id, parent_id, code, name, sort_order, must_fill, "
                        "active) VALUES (?, ?, ?, ?, 1000, ?, 1) RETURNING id",
                        {who.agency_id, parent, code, clean, int64_t{must_fill}});
    if (!id.ok() && id.status().code() == Code::kConflict) return Conflict("分类代码 " + code + " 已被使用");
    RETURN_IF_ERROR(id.status());
    RETURN_IF_ERROR(accounts::TouchPortal(tx, who.agency_id));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "catalog.create", "category",
                                                   std::to_string(*id), "", Canonical(clean, 1000, must_fill, true),
                                                   "新建目录分类 " + code + " " + clean}));
    return *id;
  });
}

Status Catalog::Update(const accounts::Principal& who, int64_t id, const std::string& name, int sort_order,
                       bool must_fill, bool active) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kManageCatalog));
  RETURN_IF_ERROR(ValidateName(name));
  std::string clean(Trim(name));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT name, sort_order, must_fill, active FROM catalog_categories "
                                           "WHERE id = ? AND agency_id = ?", {id, who.agency_id}));
    if (!row) return NotFound("分类不存在");
    RETURN_IF_ERROR(tx.Exec("UPDATE catalog_categories SET name = ?, sort_order = ?, must_fill = ?, active = ? "
                            "WHERE id = ? AND agency_id = ?",
                            {clean, int64_t{sort_order}, int64_t{must_fill}, int64_t{active}, id, who.agency_id})
                        .status());
    RETURN_IF_ERROR(accounts::TouchPortal(tx, who.agency_id));
    return audit::Append(tx, ctx_.clock,
                         {who.agency_id, who.ActorFor(), "catalog.update", "category", std::to_string(id),
                          Canonical(row->Str("name"), static_cast<int>(row->Int("sort_order")),
                                    row->Int("must_fill") != 0, row->Int("active") != 0),
                          Canonical(clean, sort_order, must_fill, active), "修改目录分类 " + clean});
  });
}

}  // namespace gk::disclosure
