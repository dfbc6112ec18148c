#include "accounts/demo.h"

#include "accounts/agencies.h"
#include "accounts/roles.h"
#include "accounts/workdays.h"
#include "base/crypto.h"

namespace gk::accounts {
namespace {

const std::vector<std::string>& DemoDepartments() {
  static const std::vector<std::string> kDepartments = {
      "党政办公室", "社区党建办公室", "社区管理办公室", "社区服务办公室",
      "社区平安办公室", "社区自治办公室", "营商环境办公室", "纪工委监察办",
  };
  return kDepartments;
}

struct DemoUser {
  const char* username;
  const char* display_name;
  const char* department;  // "" = none
  Role role;
};

const std::vector<DemoUser>& DemoUsers() {
  static const std::vector<DemoUser> kUsers = {
      {"clerk", "王承办", "社区服务办公室", Role::kClerk},
      {"depthead", "李主任", "社区服务办公室", Role::kDeptHead},
      {"leader", "赵分管", "", Role::kLeaderInCharge},
      {"principal", "陈主任", "", Role::kPrincipal},
      {"office", "孙公开", "党政办公室", Role::kDisclosureOffice},
      {"group", "周组员", "", Role::kLeadingGroup},
      {"supervisor", "吴监察", "纪工委监察办", Role::kSupervision},
      {"secrecy", "郑保密", "党政办公室", Role::kSecrecySupervisor},
      {"admin", "系统管理员", "党政办公室", Role::kAdmin},
      {"platform", "平台管理员", "", Role::kPlatformAdmin},
  };
  return kUsers;
}

std::map<std::string, std::string> DemoSettings() {
  return {
      {"office_name", "静安寺街道党政办公室（政府信息公开工作办公室）"},
      {"address", "上海市静安区（演示地址，请在“机关信息”中修改）"},
      {"postal_code", "200040"},
      {"office_hours", "工作日 上午 9:00–11:30，下午 13:30–17:00（法定节假日除外）"},
      {"phone", "021-0000 0000（演示）"},
      {"fax", "021-0000 0001（演示）"},
      {"email", "gongkai@example.org（演示）"},
      {"website", "“上海静安”门户网站“信息公开”专栏"},
      {"upper_office", "静安区人民政府办公室（区政务公开办）"},
      {"letter_code", "静安寺"},
      {"disclosure_head", "office"},
      {"review_body", "上海市静安区人民政府"},
      {"court", "有管辖权的人民法院"},
  };
}

Status CreateDemo(store::Tx& tx, const Context& ctx, const std::vector<CalendarYear>& calendar,
                  const std::string& hash, DemoSummary* out) {
  audit::Actor actor{std::nullopt, "cli:seed-demo"};
  ASSIGN_OR_RETURN(Agency a, CreateAgency(tx, ctx.clock, kDemoAgencyCode, "静安寺街道办事处",
                                          DemoSettings(), actor));
  std::string now = FormatUtc(ctx.clock.Now());
  std::map<std::string, int64_t> dept_ids;
  int order = 0;
  for (const std::string& name : DemoDepartments()) {
    ASSIGN_OR_RETURN(dept_ids[name], tx.Insert("INSERT INTO departments (agency_id, name, sort_order, active, "
                                               "created_at) VALUES (?, ?, ?, 1, ?) RETURNING id",
                                               {a.id, name, int64_t{order += 10}, now}));
  }
  for (const DemoUser& u : DemoUsers()) {
    store::Value dept = *u.department ? store::Value(dept_ids.at(u.department)) : store::Value(nullptr);
    ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO users (agency_id, username, display_name, department_id, "
                                           "password_hash, active, created_at, updated_at) "
                                           "VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                                           {a.id, std::string(u.username), std::string(u.display_name), dept,
                                            hash, now, now}));
    RETURN_IF_ERROR(tx.Exec("INSERT INTO user_roles (agency_id, user_id, role) VALUES (?, ?, ?)",
                            {a.id, id, std::string(RoleKey(u.role))}).status());
  }
  RETURN_IF_ERROR(audit::Append(tx, ctx.clock, {a.id, actor, "demo.seed", "agency", std::to_string(a.id), "",
                                                "", "创建演示部门和演示用户"}));
  RETURN_IF_ERROR(Workdays::ImportMissing(tx, ctx.clock, a.id, calendar, actor).status());
  out->created = true;
  return Status::Ok();
}

}  // namespace

Result<DemoSummary> SeedDemo(const Context& ctx, const std::vector<CalendarYear>& calendar) {
  DemoSummary out;
  out.agency_code = kDemoAgencyCode;
  out.agency_name = "静安寺街道办事处";
  for (const DemoUser& u : DemoUsers()) {
    out.logins.push_back({u.username, kDemoPassword, RoleLabel(u.role), u.display_name});
  }
  ASSIGN_OR_RETURN(std::string hash, HashPassword(kDemoPassword, ctx.security.password_cost));
  RETURN_IF_ERROR(ctx.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id FROM agencies WHERE code = ?",
                                           {std::string(kDemoAgencyCode)}));
    if (row) return Status::Ok();
    return CreateDemo(tx, ctx, calendar, hash, &out);
  }));
  return out;
}

}  // namespace gk::accounts
