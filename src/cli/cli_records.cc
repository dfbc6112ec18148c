// gongkai import, report, archive, filing: loading historical records, and
// the records computed from the services' tables.
#include "cli/cli_internal.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "accounts/agencies.h"
#include "accounts/data_key.h"
#include "audit/audit.h"
#include "disclosure/import.h"
#include "records/annual.h"
#include "records/archive.h"
#include "records/filing.h"
#include "requests/import.h"

namespace gk::cli {
namespace {
using namespace internal;

int ImportApplicationsCmd(const Options& o, const std::string& file) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  DefaultDataKeyFile(*c);
  auto text = ReadWholeFile(file);
  if (!text.ok()) return Fail(text.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto who = CliPrincipal(**db, *c, "import applications");
  if (!who.ok()) return Fail(who.status());
  SystemClock clock;
  auto key = accounts::OpenDataKey(**db, clock, c->security);
  if (!key.ok()) return Fail(key.status());
  auto report = requests::ImportApplications({**db, clock, c->security, &*key}, *who, *text);
  if (!report.ok()) return Fail(Status(report.status().code(), file + ": " + report.status().message()));
  std::cout << "imported " << report->applications << " applications (" << report->open << " still open, "
            << report->reviews << " reviews)\n";
  return 0;
}

int ImportItemsCmd(const Options& o, const std::string& file, const std::string& files_dir) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  if (!files_dir.empty() && !std::filesystem::is_directory(files_dir)) {
    return Fail(NotFound("--files " + files_dir + " is not a folder"));
  }
  auto text = ReadWholeFile(file);
  if (!text.ok()) return Fail(text.status());
  auto ref = disclosure::LoadReferenceData(c->root);
  if (!ref.ok()) return Fail(ref.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto who = CliPrincipal(**db, *c, "import items");
  if (!who.ok()) return Fail(who.status());
  SystemClock clock;
  accounts::Context ctx{**db, clock, c->security, nullptr, c->root};
  auto report = disclosure::ImportItems(ctx, *ref, *who, *text, disclosure::DirectoryFiles(files_dir));
  if (!report.ok()) return Fail(Status(report.status().code(), file + ": " + report.status().message()));
  std::cout << "imported " << report->imported << " published items (" << report->attachments << " attachments), "
            << report->skipped << " skipped: their index number exists already\n";
  return 0;
}

// ---------------------------------------------------------------- report

int AnnualReportCmd(const Options& o, int year, const std::string& format) {
  if (format != "json" && format != "text") return Fail(InvalidArgument("--format must be json or text"));
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto agency = accounts::ResolveAgency(**db, c->agency);
  if (!agency.ok()) return Fail(agency.status());
  auto figures = (*db)->Read<records::AnnualFigures>([&](store::Tx& tx) -> Result<records::AnnualFigures> {
    records::EnteredFigures entered;
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT permits, penalties, coercions, charges_yuan FROM annual_reports "
                                           "WHERE agency_id = ? AND year = ?",
                                           {agency->id, int64_t{year}}));
    if (row) entered = {row->Int("permits"), row->Int("penalties"), row->Int("coercions"), row->Int("charges_yuan")};
    return records::Compute(tx, agency->id, year, entered);
  });
  if (!figures.ok()) return Fail(figures.status());
  Status balance = records::CheckBalance(figures->applications);
  if (format == "json") {
    std::cout << records::ToJson(*figures) << "\n";
  } else {
    std::cout << records::ToText(*figures);
  }
  if (!balance.ok()) {
    std::cerr << "error: " << balance.message() << "\n";
    return kExitFailure;
  }
  return 0;
}

// ---------------------------------------------------------------- archive

int ArchiveCmd(const Options& o, int year, const std::string& out) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto who = CliPrincipal(**db, *c, "archive");
  if (!who.ok()) return Fail(who.status());
  SystemClock clock;
  auto sum = records::WriteArchive(**db, who->agency_id, year, out, Now(clock));
  if (!sum.ok()) return Fail(sum.status());
  // The manifest's digest goes into the audit log, so that a copy of the
  // archive can be checked against it later.
  Status logged = (*db)->Transact([&](store::Tx& tx) {
    return audit::Append(tx, clock, {who->agency_id, who->ActorFor(), "records.archive", "archive",
                                     std::to_string(year), "", sum->manifest_sha256,
                                     std::to_string(year) + "年度立卷归档：" + std::to_string(sum->items) + " 条信息，" +
                                         std::to_string(sum->applications) + " 件申请；清单摘要 " +
                                         sum->manifest_sha256});
  });
  if (!logged.ok()) return Fail(logged);
  std::cout << "archived " << year << ": " << sum->items << " items, " << sum->applications << " applications, "
            << sum->files << " files\nmanifest sha256 " << sum->manifest_sha256 << "\n";
  return 0;
}

int ArchiveVerifyCmd(const std::string& file) {
  auto sum = records::VerifyArchive(file);
  if (!sum.ok()) {
    std::cerr << "error: " << sum.status().message() << "\n";
    return sum.status().code() == Code::kFailedPrecondition ? kExitFailure : kExitUsage;
  }
  std::cout << "ok: " << sum->items << " items, " << sum->applications << " applications, " << sum->files
            << " files\nmanifest sha256 " << sum->manifest_sha256 << "\n";
  return 0;
}

// ---------------------------------------------------------------- filing

int FilingCreateCmd(const Options& o, const std::string& from, const std::string& to, const std::string& out) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto who = CliPrincipal(**db, *c, "filing create");
  if (!who.ok()) return Fail(who.status());
  SystemClock clock;
  auto p = (*db)->Read<records::FilingPackage>(
      [&](store::Tx& tx) { return records::BuildFiling(tx, who->agency_id, from, to, Now(clock)); });
  if (!p.ok()) return Fail(p.status());
  std::ofstream f(out, std::ios::binary | std::ios::trunc);
  f << records::FilingJson(*p) << "\n";
  if (!f) return Fail(Internal("cannot write " + out));
  std::cout << "filed " << p->items.size() << " published items (" << p->from << " to " << p->to << ") in " << out
            << "\n";
  return 0;
}

int FilingCheckCmd(const Options& o, const std::string& file) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto text = ReadWholeFile(file);
  if (!text.ok()) return Fail(text.status());
  auto p = records::ParseFiling(*text);
  if (!p.ok()) return Fail(p.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto agency = accounts::ResolveAgency(**db, c->agency);
  if (!agency.ok()) return Fail(agency.status());
  auto diff = (*db)->Read<std::vector<records::FilingDifference>>(
      [&](store::Tx& tx) { return records::CheckFiling(tx, agency->id, *p); });
  if (!diff.ok()) return Fail(diff.status());
  for (const auto& d : *diff) std::cout << d.index_no << "\t" << d.title << "\t" << d.what << "\n";
  if (!diff->empty()) {
    std::cout << diff->size() << " of " << p->items.size() << " filed items differ from the portal\n";
    return kExitFailure;
  }
  std::cout << "all " << p->items.size() << " filed items are on the portal as filed\n";
  return 0;
}

}  // namespace

namespace internal {

void AddImport(CLI::App* cmd, Options& o, int& rc) {
  cmd->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* apps = cmd->add_subcommand(
      "applications", "load applications from a JSON Lines file (one object per line; all or nothing)");
  AddCommonOptions(apps, o);
  apps->add_option("FILE", *file, "the .jsonl file")->required();
  apps->callback([&o, &rc, file] { rc = ImportApplicationsCmd(o, *file); });
  auto files = std::make_shared<std::string>();
  auto* items = cmd->add_subcommand(
      "items", "load an old website's published catalog as published items from a JSON Lines file (all or nothing; "
               "lines whose index number exists are skipped)");
  AddCommonOptions(items, o);
  items->add_option("FILE", *file, "the .jsonl file")->required();
  items->add_option("--files", *files, "the folder the attachments' names are relative to");
  items->callback([&o, &rc, file, files] { rc = ImportItemsCmd(o, *file, *files); });
}

void AddReport(CLI::App* cmd, Options& o, int& rc) {
  struct Args {
    int year = 0;
    std::string format = "text";
  };
  cmd->require_subcommand(1);
  auto a = std::make_shared<Args>();
  auto* annual = cmd->add_subcommand(
      "annual", "the figures of the annual report (national format); exit 1 if the applications table does not balance");
  AddCommonOptions(annual, o);
  annual->add_option("--year", a->year, "the calendar year")->required();
  annual->add_option("--format", a->format, "json or text (default)");
  annual->callback([&o, &rc, a] { rc = AnnualReportCmd(o, a->year, a->format); });
}

void AddArchive(CLI::App* cmd, Options& o, int& rc) {
  struct Args {
    int year = 0;
    std::string out, file;
  };
  auto a = std::make_shared<Args>();
  AddCommonOptions(cmd, o);
  cmd->add_option("--year", a->year, "the calendar year");
  cmd->add_option("-o,--output", a->out, "the zip file to write");
  cmd->require_subcommand(0, 1);
  auto* verify = cmd->add_subcommand("verify", "check an archive against its manifest; exit 1 if it differs");
  verify->add_option("FILE", a->file, "the archive (.zip)")->required();
  verify->callback([&rc, a] { rc = ArchiveVerifyCmd(a->file); });
  cmd->callback([&o, &rc, a, verify] {
    if (verify->parsed()) return;
    if (a->year == 0 || a->out.empty()) {
      std::cerr << "error: archive needs --year and -o FILE (or: archive verify FILE)\n";
      rc = kExitUsage;
      return;
    }
    rc = ArchiveCmd(o, a->year, a->out);
  });
}

void AddFiling(CLI::App* cmd, Options& o, int& rc) {
  struct Args {
    std::string from, to, out, file;
  };
  cmd->require_subcommand(1);
  auto a = std::make_shared<Args>();
  auto* create = cmd->add_subcommand("create", "list the items published in a period with their digests");
  AddCommonOptions(create, o);
  create->add_option("--from", a->from, "first day (YYYY-MM-DD)")->required();
  create->add_option("--to", a->to, "last day (YYYY-MM-DD)")->required();
  create->add_option("-o,--output", a->out, "the package (.json)")->required();
  create->callback([&o, &rc, a] { rc = FilingCreateCmd(o, a->from, a->to, a->out); });
  auto* check = cmd->add_subcommand(
      "check", "compare a package with what the portal serves now; exit 1 and list what changed or was removed");
  AddCommonOptions(check, o);
  check->add_option("PACKAGE", a->file, "the package (.json)")->required();
  check->callback([&o, &rc, a] { rc = FilingCheckCmd(o, a->file); });
}

}  // namespace internal
}  // namespace gk::cli
