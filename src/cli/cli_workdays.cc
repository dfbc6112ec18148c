// gongkai workdays add: dates N working days on.
#include "cli/cli_internal.h"

#include <filesystem>
#include <iostream>

#include "accounts/agencies.h"
#include "accounts/workdays.h"
#include "base/calendar_files.h"
#include "base/statutory.h"

namespace gk::cli {
namespace {
using namespace internal;

int WorkdaysAdd(const Options& o, const std::string& from_text, int days, bool strict) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto from = Date::Parse(from_text);
  if (!from.ok()) return Fail(from.status());
  // The agency's calendar when there is a database with an agency, otherwise
  // the calendar shipped with this version.
  Result<WorkdayCalendar> cal = LoadCalendarDirectory(c->root + "/data/calendar");
  if (cal.ok()) {
    if (Status s = AddProvisionalYear(*cal); !s.ok()) return Fail(s);
  }
  std::string sqlite = store::SqlitePath(c->database.url);
  if (sqlite.empty() || std::filesystem::exists(sqlite)) {
    auto db = OpenMigrated(*c);
    if (!db.ok()) return Fail(db.status());
    auto agency = accounts::ResolveAgency(**db, c->agency);
    if (agency.ok()) {
      SystemClock clock;
      cal = accounts::Workdays({**db, clock, c->security}).Calendar(agency->id);
    } else if (agency.status().code() != Code::kNotFound || !c->agency.empty()) {
      return Fail(agency.status());
    }
  }
  if (!cal.ok()) return Fail(cal.status());
  auto due = cal->AddWorkdays(*from, days);
  if (!due.ok()) return Fail(due.status());
  // A walk that enters the provisional year ends in it (it is the last one).
  if (cal->IsProvisional(*due)) {
    if (strict) {
      return Fail(OutOfRange("no working-day calendar for " + std::to_string(due->year) +
                             ": only a provisional one derived from the statutory holidays; load the State "
                             "Council holiday notice for " + std::to_string(due->year) + " first"));
    }
    std::cout << due->ToString() << " (暂定)\n";
    return 0;
  }
  std::cout << due->ToString() << "\n";
  return 0;
}

}  // namespace

namespace internal {

void AddWorkdays(CLI::App* cmd, Options& o, int& rc) {
  struct Args {
    std::string from;
    int days = 0;
    bool strict = false;
  };
  auto a = std::make_shared<Args>();
  cmd->require_subcommand(1);
  auto* add = cmd->add_subcommand("add", "print the date N working days after DATE (DATE itself not counted)");
  AddCommonOptions(add, o);
  add->add_option("date", a->from, "start date, YYYY-MM-DD")->required();
  add->add_option("days", a->days, "number of working days")->required()->check(CLI::Range(0, 3660));
  add->add_flag("--strict", a->strict,
                "refuse a date in the provisional year after the latest holiday notice (exit 2)");
  add->callback([&o, &rc, a] { rc = WorkdaysAdd(o, a->from, a->days, a->strict); });
}

}  // namespace internal
}  // namespace gk::cli
