#include "accounts/demo.h"

#include "accounts/agencies.h"
#include "accounts/platform.h"
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
      {"upper", "钱科长（区政务公开办）", "", Role::kUpperOffice},
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

// The departments, the demo users (the 平台管理员 too when `platform_user`,
// the 区政务公开办 when `upper_user`) and the calendar of demo agency
// `agency_id`.
Status CreateDemoStaff(store::Tx& tx, const Context& ctx, int64_t agency_id, const std::vector<CalendarYear>& calendar,
                       const std::string& hash, bool platform_user, bool upper_user) {
  audit::Actor actor{std::nullopt, "cli:seed-demo"};
  std::string now = FormatUtc(ctx.clock.Now());
  std::map<std::string, int64_t> dept_ids;
  int order = 0;
  for (const std::string& name : DemoDepartments()) {
    ASSIGN_OR_RETURN(dept_ids[name], tx.Insert("INSERT INTO departments (agency_id, name, sort_order, active, "
                                               "created_at) VALUES (?, ?, ?, 1, ?) RETURNING id",
                                               {agency_id, name, int64_t{order += 10}, now}));
  }
  for (const DemoUser& u : DemoUsers()) {
    if (u.role == Role::kPlatformAdmin && !platform_user) continue;
    if (u.role == Role::kUpperOffice && !upper_user) continue;
    store::Value dept = *u.department ? store::Value(dept_ids.at(u.department)) : store::Value(nullptr);
    ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO users (agency_id, username, display_name, department_id, "
                                           "password_hash, active, created_at, updated_at) "
                                           "VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                                           {agency_id, std::string(u.username), std::string(u.display_name), dept,
                                            hash, now, now}));
    RETURN_IF_ERROR(tx.Exec("INSERT INTO user_roles (agency_id, user_id, role) VALUES (?, ?, ?)",
                            {agency_id, id, std::string(RoleKey(u.role))}).status());
  }
  RETURN_IF_ERROR(audit::Append(tx, ctx.clock, {agency_id, actor, "demo.seed", "agency", std::to_string(agency_id),
                                                "", "", "创建演示部门和演示用户"}));
  return Workdays::ImportMissing(tx, ctx.clock, agency_id, calendar, actor).status();
}

Status CreateDemo(store::Tx& tx, const Context& ctx, const std::vector<CalendarYear>& calendar,
                  const std::string& hash, DemoSummary* out) {
  // A lone office has the 平台管理员 but no upper office.
  audit::Actor actor{std::nullopt, "cli:seed-demo"};
  ASSIGN_OR_RETURN(Agency a, CreateAgency(tx, ctx.clock, kDemoAgencyCode, "静安寺街道办事处",
                                          DemoSettings(), actor));
  RETURN_IF_ERROR(CreateDemoStaff(tx, ctx, a.id, calendar, hash, true, false));
  out->created = true;
  return Status::Ok();
}

// The other agencies of the demo district (the demo office's settings are
// DemoSettings); what is not given is inherited from the district.
struct DemoAgency {
  const char* code;
  const char* name;
  AgencyKind kind;
  std::map<std::string, std::string> settings;
};

const std::vector<DemoAgency>& DemoDistrict() {
  static const std::vector<DemoAgency> kAgencies = {
      {kDemoDistrictCode, "静安区人民政府", AgencyKind::kDistrict,
       {{"office_name", "静安区人民政府办公室（区政务公开办）"},
        {"address", "上海市静安区常德路370号（演示地址）"},
        {"postal_code", "200040"},
        {"office_hours", "工作日 上午 9:00–11:30，下午 13:30–17:00（法定节假日除外）"},
        {"phone", "021-0000 1000（演示）"},
        {"email", "zwgk@example.org（演示）"},
        {"website", "“上海静安”门户网站“信息公开”专栏"},
        {"upper_office", "上海市人民政府办公厅（市政务公开办）"},
        {"letter_code", "静府"},
        {"disclosure_head", "office"},
        {"review_body", "上海市静安区人民政府"},
        {"court", "有管辖权的人民法院"}}},
      {kDemoAgencyCode, "静安寺街道办事处", AgencyKind::kStreet, DemoSettings()},
      {"nanjingxilu", "南京西路街道办事处", AgencyKind::kStreet,
       {{"office_name", "南京西路街道党政办公室（政府信息公开工作办公室）"},
        {"address", "上海市静安区南京西路（演示地址）"},
        {"postal_code", "200041"},
        {"phone", "021-0000 2000（演示）"},
        {"letter_code", "南西"},
        {"disclosure_head", "office"}}},
      {"fgw", "静安区发展和改革委员会", AgencyKind::kDepartment,
       {{"office_name", "静安区发展和改革委员会办公室"},
        {"address", "上海市静安区（演示地址）"},
        {"postal_code", "200070"},
        {"phone", "021-0000 3000（演示）"},
        {"letter_code", "静发改"},
        {"disclosure_head", "office"}}},
  };
  return kAgencies;
}

Status CreateDemoDistrict(store::Tx& tx, const Context& ctx, const std::vector<CalendarYear>& calendar,
                          const std::string& hash, DemoSummary* out) {
  audit::Actor actor{std::nullopt, "cli:seed-demo"};
  for (const DemoAgency& d : DemoDistrict()) {
    const bool district = d.kind == AgencyKind::kDistrict;
    ASSIGN_OR_RETURN(PlatformAgency a,
                     AddAgency(tx, ctx.clock, {d.code, d.name, d.kind, district ? "" : kDemoDistrictCode, d.settings},
                               actor));
    // The 平台管理员 signs in to the district (the platform's own agency), and
    // so does the 区政务公开办 that oversees the agencies below it.
    RETURN_IF_ERROR(CreateDemoStaff(tx, ctx, a.agency.id, calendar, hash, district, district));
  }
  out->created = true;
  return Status::Ok();
}

}  // namespace

Result<DemoSummary> SeedDemoDistrict(const Context& ctx, const std::vector<CalendarYear>& calendar) {
  DemoSummary out;
  out.agency_code = kDemoAgencyCode;
  out.agency_name = "静安寺街道办事处";
  for (const DemoAgency& d : DemoDistrict()) out.agency_codes.push_back(d.code);
  for (const DemoUser& u : DemoUsers()) {
    std::string at = u.role == Role::kPlatformAdmin ? ""
                     : u.role == Role::kUpperOffice ? std::string("@") + kDemoDistrictCode
                                                    : std::string("@") + kDemoAgencyCode;
    out.logins.push_back({u.username + at, kDemoPassword, RoleLabel(u.role), u.display_name});
  }
  ASSIGN_OR_RETURN(std::string hash, HashPassword(kDemoPassword, ctx.security.password_cost));
  RETURN_IF_ERROR(ctx.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id FROM agencies WHERE code IN (?, ?)",
                                           {std::string(kDemoAgencyCode), std::string(kDemoDistrictCode)}));
    if (row) return Status::Ok();
    return CreateDemoDistrict(tx, ctx, calendar, hash, &out);
  }));
  return out;
}

Result<DemoSummary> SeedDemo(const Context& ctx, const std::vector<CalendarYear>& calendar) {
  DemoSummary out;
  out.agency_code = kDemoAgencyCode;
  out.agency_name = "静安寺街道办事处";
  for (const DemoUser& u : DemoUsers()) {
    if (u.role == Role::kUpperOffice) continue;  // nothing below a lone office
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
