#include "demo/world.h"

#include <algorithm>
#include <cmath>

#include "accounts/demo.h"
#include "accounts/directory.h"
#include "base/calendar_files.h"
#include "disclosure/catalog.h"

namespace gk::demo {

void Timeline::At(UnixSeconds at, std::string what, Step step) {
  events_.push_back({at, events_.size(), std::move(what), std::move(step)});
}

Status Timeline::Run(FakeClock& clock, UnixSeconds latest) {
  std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
  for (const Event& e : events_) {
    clock.Set(std::min(e.at, latest));
    Status s = e.step();
    if (!s.ok()) return Status(s.code(), e.what + ": " + s.message());
  }
  return Status::Ok();
}

World::World(store::Database& db, const SecurityConfig& security, const DataKey& data_key, std::string root,
             const disclosure::ReferenceData& reference, const Options& opts)
    : clock(opts.now),
      ctx{db, clock, security, &data_key, std::move(root), nullptr},
      key(data_key),
      ref(reference),
      options(opts),
      today(ChinaDate(opts.now)),
      rng(opts.seed) {
  if (auto cal = LoadCalendarDirectory(ctx.root + "/data/calendar"); cal.ok()) calendar = std::move(*cal);
}

const accounts::Principal& World::Who(const std::string& username) const { return staff.at(username); }

int World::Scaled(int n, int min) const {
  return std::max(min, static_cast<int>(std::lround(n * options.size)));
}

bool World::IsWorkday(Date d) const {
  auto w = calendar.IsWorkday(d);
  return w.ok() ? *w : !d.IsWeekend();
}

Date World::WorkdayBack(int n) const {
  Date d = today;
  while (!IsWorkday(d)) d = d.AddDays(-1);
  for (int i = 0; i < n; ++i) {
    do d = d.AddDays(-1);
    while (!IsWorkday(d));
  }
  return d;
}

Date World::WorkdayAfter(Date d, int n) const {
  for (int i = 0; i < n; ++i) {
    do d = d.AddDays(1);
    while (!IsWorkday(d));
  }
  return d;
}

UnixSeconds World::At(Date d, int minutes) { return d.DaysSinceEpoch() * 86400 + 3600 + int64_t{minutes} * 60; }

int World::Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

namespace {

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  if (from == to) return text;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string WithoutSuffix(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() && s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s;
}

}  // namespace

std::string World::Local(std::string text) const {
  std::string office = agency_name.empty() ? "静安寺街道办事处" : agency_name;
  std::string street = WithoutSuffix(office, "办事处");
  std::string place = WithoutSuffix(street, "街道");
  text = ReplaceAll(std::move(text), "静安寺街道办事处", "\x01");
  text = ReplaceAll(std::move(text), "静安寺街道", "\x02");
  text = ReplaceAll(std::move(text), "静安寺", place);
  text = ReplaceAll(std::move(text), "\x02", street);
  return ReplaceAll(std::move(text), "\x01", office);
}

std::string Fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [k, v] : values) text = ReplaceAll(std::move(text), "{" + k + "}", v);
  return text;
}

namespace {

struct ExtraUser {
  const char* username;
  const char* display_name;
  const char* department;
  accounts::Role role;
};

// Staff of two more departments, so that items come from the offices that
// would write them (budgets from the 党政办公室, enforcement from the 社区管理办公室).
const std::vector<ExtraUser>& ExtraUsers() {
  static const std::vector<ExtraUser> kUsers = {
      {"dzb-clerk", "刘文书", "党政办公室", accounts::Role::kClerk},
      {"dzb-head", "黄主任", "党政办公室", accounts::Role::kDeptHead},
      {"gl-clerk", "马承办", "社区管理办公室", accounts::Role::kClerk},
      {"gl-head", "林主任", "社区管理办公室", accounts::Role::kDeptHead},
  };
  return kUsers;
}

Result<accounts::Principal> Load(World& w, const std::string& username) {
  accounts::Directory dir(w.ctx);
  ASSIGN_OR_RETURN(accounts::User u,
                   dir.FindByUsername(accounts::Principal::CommandLine(w.options.agency_id, "seed-demo"), username));
  return accounts::Principal{u.id, w.options.agency_id, u.username, u.display_name, u.department_id, u.roles};
}

}  // namespace

std::vector<accounts::DemoLogin> ExtraLogins() {
  std::vector<accounts::DemoLogin> out;
  for (const ExtraUser& u : ExtraUsers()) {
    out.push_back({u.username, accounts::kDemoPassword, accounts::RoleLabel(u.role), u.display_name});
  }
  return out;
}

Status LoadStaff(World& w) {
  accounts::Principal cli = accounts::Principal::CommandLine(w.options.agency_id, "seed-demo");
  accounts::Directory dir(w.ctx);
  ASSIGN_OR_RETURN(auto depts, dir.Departments(cli));
  for (const auto& d : depts) w.departments[d.name] = d.id;
  for (const ExtraUser& u : ExtraUsers()) {
    if (dir.FindByUsername(cli, u.username).ok()) continue;
    auto dept = w.departments.find(u.department);
    if (dept == w.departments.end()) return FailedPrecondition(std::string("演示部门不存在：") + u.department);
    RETURN_IF_ERROR(dir.CreateUser(cli, {u.username, u.display_name, dept->second, {u.role}, true},
                                   accounts::kDemoPassword).status());
  }
  for (const char* name : {"clerk", "depthead", "leader", "principal", "office", "group", "supervisor", "secrecy",
                           "admin"}) {
    ASSIGN_OR_RETURN(w.staff[name], Load(w, name));
  }
  for (const ExtraUser& u : ExtraUsers()) {
    ASSIGN_OR_RETURN(w.staff[u.username], Load(w, u.username));
  }
  RETURN_IF_ERROR(w.ctx.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT name FROM agencies WHERE id = ?", {w.options.agency_id}));
    if (!row) return NotFound("演示机关不存在");
    w.agency_name = row->Str("name");
    return Status::Ok();
  }));
  ASSIGN_OR_RETURN(auto catalog, disclosure::Catalog(w.ctx).List(w.options.agency_id));
  for (const auto& c : catalog) w.categories[c.code] = c.id;
  if (w.categories.empty()) return FailedPrecondition("演示机关没有信息公开目录");
  return Status::Ok();
}

}  // namespace gk::demo
