// gongkai user add, user passwd: staff accounts.
#include "cli/cli_internal.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "accounts/directory.h"

namespace gk::cli {
namespace {
using namespace internal;

Result<std::string> ReadPassword(bool from_stdin, const std::string& prompt) {
  std::string pw;
  if (from_stdin || !isatty(STDIN_FILENO)) {
    if (!std::getline(std::cin, pw)) return InvalidArgument("no password on standard input");
    return pw;
  }
  std::cerr << prompt;
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~ECHO;
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::getline(std::cin, pw);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  return pw;
}

struct UserArgs {
  std::string username;
  std::string name;
  std::vector<std::string> roles;
  std::string department;
  bool password_stdin = false;
};

int UserAdd(const Options& o, const UserArgs& u) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto who = CliPrincipal(**db, *c, "user add");
  if (!who.ok()) return Fail(who.status());
  SystemClock clock;
  accounts::Directory dir({**db, clock, c->security});
  accounts::UserInput in{u.username, u.name.empty() ? u.username : u.name, std::nullopt, {}, true};
  for (const std::string& r : u.roles) {
    auto role = accounts::RoleFromKey(r);
    if (!role) return Fail(InvalidArgument("unknown role \"" + r + "\""));
    in.roles.insert(*role);
  }
  if (!u.department.empty()) {
    auto depts = dir.Departments(*who);
    if (!depts.ok()) return Fail(depts.status());
    for (const auto& d : *depts) if (d.name == u.department) in.department_id = d.id;
    if (!in.department_id) return Fail(InvalidArgument("no department named \"" + u.department + "\""));
  }
  auto pw = ReadPassword(u.password_stdin, "Password for " + u.username + ": ");
  if (!pw.ok()) return Fail(pw.status());
  auto id = dir.CreateUser(*who, in, *pw);
  if (!id.ok()) return Fail(id.status());
  std::cout << "created user " << u.username << " (id " << *id << ")\n";
  return 0;
}

int UserPasswd(const Options& o, const UserArgs& u) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto who = CliPrincipal(**db, *c, "user passwd");
  if (!who.ok()) return Fail(who.status());
  SystemClock clock;
  accounts::Directory dir({**db, clock, c->security});
  auto user = dir.FindByUsername(*who, u.username);
  if (!user.ok()) return Fail(user.status());
  auto pw = ReadPassword(u.password_stdin, "New password for " + u.username + ": ");
  if (!pw.ok()) return Fail(pw.status());
  if (Status s = dir.ResetPassword(*who, user->id, *pw); !s.ok()) return Fail(s);
  std::cout << "password of " << u.username << " changed; the user's sessions were ended\n";
  return 0;
}

}  // namespace

namespace internal {

void AddUser(CLI::App* cmd, Options& o, int& rc) {
  auto ua = std::make_shared<UserArgs>();
  cmd->require_subcommand(1);
  auto* add = cmd->add_subcommand("add", "create a user (password read from the terminal or stdin)");
  AddCommonOptions(add, o);
  add->add_option("username", ua->username, "login name")->required();
  add->add_option("--name", ua->name, "display name (姓名)");
  add->add_option("--role", ua->roles,
                  "role, repeatable: clerk dept_head leader_in_charge principal disclosure_office "
                  "leading_group supervision secrecy_supervisor admin")->required();
  add->add_option("--department", ua->department, "department name");
  add->add_flag("--password-stdin", ua->password_stdin, "read the password from standard input");
  add->callback([&o, &rc, ua] { rc = UserAdd(o, *ua); });
  auto* passwd = cmd->add_subcommand("passwd", "set a user's password and end the user's sessions");
  AddCommonOptions(passwd, o);
  passwd->add_option("username", ua->username, "login name")->required();
  passwd->add_flag("--password-stdin", ua->password_stdin, "read the password from standard input");
  passwd->callback([&o, &rc, ua] { rc = UserPasswd(o, *ua); });
}

}  // namespace internal
}  // namespace gk::cli
