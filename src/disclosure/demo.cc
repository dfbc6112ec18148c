#include "disclosure/demo.h"

#include "accounts/agencies.h"
#include "accounts/demo.h"
#include "accounts/directory.h"
#include "accounts/workdays.h"
#include "audit/audit.h"
#include "base/calendar_files.h"
#include "base/clock.h"
#include "disclosure/catalog.h"
#include "disclosure/items.h"

namespace gk::disclosure {

Status ImportShippedData(store::Database& db, const Clock& clock, const std::string& root) {
  ASSIGN_OR_RETURN(WorkdayCalendar cal, LoadCalendarDirectory(root + "/data/calendar"));
  std::vector<CalendarYear> shipped;
  for (int y : cal.Years()) shipped.push_back(*cal.FindYear(y));
  RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto agencies, accounts::ListAgencies(tx));
    for (const auto& a : agencies) {
      audit::Actor actor{std::nullopt, "system:calendar-import"};
      RETURN_IF_ERROR(accounts::Workdays::ImportMissing(tx, clock, a.id, shipped, actor).status());
    }
    return Status::Ok();
  }));
  ASSIGN_OR_RETURN(ReferenceData ref, LoadReferenceData(root));
  return ImportCatalogs(db, ref).status();
}

Result<int> ImportCatalogs(store::Database& db, const ReferenceData& ref) {
  int count = 0;
  RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto agencies, accounts::ListAgencies(tx));
    for (const auto& a : agencies) {
      ASSIGN_OR_RETURN(int n, ImportCatalog(tx, a.id, ref.catalog));
      count += n > 0;
    }
    return Status::Ok();
  }));
  return count;
}

Result<bool> SeedDemoItem(const accounts::Context& ctx, const ReferenceData& ref) {
  ASSIGN_OR_RETURN(accounts::Agency agency, accounts::ResolveAgency(ctx.db, accounts::kDemoAgencyCode));
  int64_t existing = 0, category = 0;
  RETURN_IF_ERROR(ctx.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto n, tx.QueryOne("SELECT COUNT(*) FROM items WHERE agency_id = ?", {agency.id}));
    existing = n->Int(0);
    ASSIGN_OR_RETURN(auto c, tx.QueryOne("SELECT id FROM catalog_categories WHERE agency_id = ? AND code = '0607'",
                                         {agency.id}));
    category = c ? c->Int("id") : 0;
    return Status::Ok();
  }));
  if (existing > 0 || category == 0) return false;
  accounts::Directory dir(ctx);
  ASSIGN_OR_RETURN(accounts::User clerk,
                   dir.FindByUsername(accounts::Principal::CommandLine(agency.id, "seed-demo"), "clerk"));
  accounts::Principal who{clerk.id, agency.id, clerk.username, clerk.display_name, clerk.department_id, clerk.roles};
  ItemInput in;
  in.title = "静安寺街道2026年既有多层住宅加装电梯工作实施方案";
  in.doc_no = "静安寺街道〔2026〕5号";
  in.department_id = clerk.department_id.value_or(0);
  in.category_id = category;
  in.formed_on = ChinaDate(ctx.clock.Now()).ToString();
  in.attribute = Attribute::kProactive;
  in.ground_key = "art19";
  in.reason = "涉及辖区居民切身利益，需要社会公众广泛知晓和参与。";
  in.summary = "明确2026年辖区既有多层住宅加装电梯的工作目标、申请条件、办理流程和补贴标准。";
  in.body =
      "为改善辖区老旧住宅居民出行条件，根据市、区关于既有多层住宅加装电梯的有关规定，结合本街道实际，制定本方案。\n"
      "一、工作目标：2026年完成辖区内符合条件的既有多层住宅加装电梯立项不少于二十台。\n"
      "二、申请条件：同一单元业主依法表决同意，且不影响消防、采光和通行安全。\n"
      "三、办理流程：业主申请、居民区初审、街道联审、方案公示、施工监管、竣工验收。\n"
      "四、补贴标准：按照区有关规定给予财政补贴，具体以区相关部门公布的标准为准。\n"
      "联系部门：社区服务办公室。";
  ASSIGN_OR_RETURN(int64_t id, Items(ctx, ref).Create(who, in));
  (void)id;
  return true;
}

}  // namespace gk::disclosure
