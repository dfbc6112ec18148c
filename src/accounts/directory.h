// Departments and users of an agency. Every call is scoped to the caller's
// agency and checks the caller's permission here, not in the UI.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/status.h"

namespace gk::accounts {

struct Department {
  int64_t id = 0;
  std::string name;
  int sort_order = 0;
  bool active = true;
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::optional<int64_t> department_id;
  std::string department_name;
  bool active = true;
  std::set<Role> roles;
};

struct UserInput {
  std::string username;  // 2–32 of [a-z0-9._-], starting with a letter or digit
  std::string display_name;
  std::optional<int64_t> department_id;
  std::set<Role> roles;  // at least one
  bool active = true;
};

// The departments of the agency, in their order, inside a transaction (for
// services that read a page in one); Directory::Departments checks who asks.
Result<std::vector<Department>> LoadDepartments(store::Tx& tx, int64_t agency_id);

class Directory {
 public:
  explicit Directory(const Context& ctx) : ctx_(ctx) {}

  // Any staff member may list departments (forms need them).
  Result<std::vector<Department>> Departments(const Principal& who);
  Result<int64_t> CreateDepartment(const Principal& who, const std::string& name, int sort_order);
  Status UpdateDepartment(const Principal& who, int64_t id, const std::string& name, int sort_order,
                          bool active);

  // The staff accounts, by username; not the accounts the system keeps for
  // itself, whose usernames begin with "_" (a name no user can be given),
  // such as the migration account of disclosure/import.h.
  Result<std::vector<User>> Users(const Principal& who);
  Result<User> GetUser(const Principal& who, int64_t id);
  Result<int64_t> CreateUser(const Principal& who, const UserInput& in, const std::string& password);
  // Nobody changes their own roles or deactivates themselves. The 系统管理员
  // role is never held together with another role (CreateUser too); every
  // grant of the 公开办, a leader or the 领导小组 role is audited with who
  // granted it.
  Status UpdateUser(const Principal& who, int64_t id, const UserInput& in);
  // Sets a user's password (admin) and ends all of that user's sessions.
  Status ResetPassword(const Principal& who, int64_t id, const std::string& password);
  // The 平台管理员 role is granted, changed and its password reset only by a
  // 平台管理员 or the command line: an agency's 系统管理员 cannot make or
  // take over one (PermissionDenied).
  //
  // The first 系统管理员 of agency `agency_id`, created by the 平台管理员
  // (kManagePlatform): the role 系统管理员 only, audited in that agency.
  Result<int64_t> CreateAgencyAdmin(const Principal& who, int64_t agency_id, const std::string& username,
                                    const std::string& display_name, const std::string& password);
  // Any signed-in user, with the current password; ends the user's other sessions.
  Status ChangeOwnPassword(const Principal& who, const std::string& current,
                           const std::string& replacement, const std::string& keep_session_hash);
  // The user with `username` in the caller's agency (command line).
  Result<User> FindByUsername(const Principal& who, const std::string& username);

 private:
  Result<int64_t> InsertUser(store::Tx& tx, const Principal& who, int64_t agency_id, const UserInput& in,
                             const std::string& hash);
  Context ctx_;
};

// Loads one user's row and roles; NotFound outside `agency_id`.
Result<User> LoadUser(store::Tx& tx, int64_t agency_id, int64_t user_id);

}  // namespace gk::accounts
