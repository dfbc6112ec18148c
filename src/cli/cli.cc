#include "cli/cli.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "accounts/agencies.h"
#include "accounts/workdays.h"
#include "base/calendar_files.h"
#include "base/crypto.h"
#include "cli/cli_internal.h"
#include "disclosure/demo.h"
#include "disclosure/reference.h"
#include "search/search.h"
#include "store/migrate.h"
#include "text/fold.h"
#include "web/server.h"

namespace gk::cli {
namespace internal {

void AddCommonOptions(CLI::App* sub, Options& o) {
  sub->add_option("--config", o.config_path, "configuration file (TOML); default ./gongkai.toml if present");
  sub->add_option("--db", o.db_url, "database URL: sqlite:PATH or postgresql://…");
  sub->add_option("--agency", o.agency, "agency code, when the database holds several agencies");
}

int Fail(const Status& s) {
  std::cerr << "error: " << s.message() << "\n";
  return s.code() == Code::kInvalidArgument || s.code() == Code::kOutOfRange ? kExitUsage : kExitFailure;
}

constexpr const char* kPackageRoot = "/usr/share/gongkai";  // cmake/Packaging.cmake

Result<Config> LoadEffectiveConfig(const Options& o) {
  std::string path = o.config_path;
  if (path.empty() && std::filesystem::exists("gongkai.toml")) path = "gongkai.toml";
  auto env = GongkaiEnvironment();
  if (path.empty()) {
    if (auto it = env.find("GONGKAI_CONFIG"); it != env.end()) path = it->second;
  }
  // The templates, static files and data: the source tree's for a build,
  // the package's when the tree is not there (an installed binary).
  std::error_code ec;
  const char* root = std::filesystem::is_directory(GK_SOURCE_DIR "/templates", ec) ? GK_SOURCE_DIR : kPackageRoot;
  ASSIGN_OR_RETURN(Config c, LoadConfig(path, env, root));
  if (!o.db_url.empty()) c.database.url = o.db_url;
  if (!o.agency.empty()) c.agency = o.agency;
  return c;
}

// Refills a search index that a migration emptied (search::RebuildIfEmptied).
Status RefillSearchIndex(store::Database& db) {
  bool rebuilt = false;
  RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(rebuilt, search::RebuildIfEmptied(tx));
    return Status::Ok();
  }));
  if (rebuilt) std::cerr << "search index rebuilt\n";
  return Status::Ok();
}

Result<std::unique_ptr<store::Database>> OpenMigrated(const Config& c) {
  ASSIGN_OR_RETURN(auto db, store::Database::Open(c.database.url, c.database.pool_size));
  RETURN_IF_ERROR(store::Migrate(*db).status());
  RETURN_IF_ERROR(RefillSearchIndex(*db));
  return db;
}

Result<std::vector<CalendarYear>> ShippedCalendar(const Config& c) {
  ASSIGN_OR_RETURN(WorkdayCalendar cal, LoadCalendarDirectory(c.root + "/data/calendar"));
  std::vector<CalendarYear> years;
  for (int y : cal.Years()) years.push_back(*cal.FindYear(y));
  return years;
}

// Adds what shipped with this version and an agency lacks: calendar years,
// and the default catalog for an agency that has none.
Status ImportShippedData(store::Database& db, const Clock& clock, const Config& c) {
  return disclosure::ImportShippedData(db, clock, c.root);
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The embedded default: the data key lives beside the SQLite file.
void DefaultDataKeyFile(Config& c) {
  std::string sqlite = store::SqlitePath(c.database.url);
  if (c.security.data_key.empty() && c.security.data_key_file.empty() && !sqlite.empty()) {
    c.security.data_key_file = sqlite + ".key";
  }
}

Result<accounts::Principal> CliPrincipal(store::Database& db, const Config& c, const std::string& what) {
  ASSIGN_OR_RETURN(accounts::Agency a, accounts::ResolveAgency(db, c.agency));
  return accounts::Principal::CommandLine(a.id, what);
}

}  // namespace internal

namespace {
using namespace internal;

// Every command, in the order of the usage text: the one table that both the
// dispatch and the usage text (--help) read.
const Command kCommands[] = {
    {"serve", "serve the portal, the staff area and the API over HTTP", AddServe},
    {"migrate", "create or upgrade the database schema", AddMigrate},
    {"seed-demo", "create the demo district (静安区人民政府, 静安寺街道办事处 and two more agencies) with one user per role and a year of their work", AddSeedDemo},
    {"agency", "the agencies of the district platform", AddAgency},
    {"user", "manage staff accounts", AddUser},
    {"audit", "the hash-chained audit log", AddAudit},
    {"check",
     "confidentiality and privacy check of documents (txt, html, docx, xlsx, pdf, ofd; scanned pages and png, jpg, tiff pictures by OCR); "
     "exit 0: nothing blocks, 1: something blocks, 2: an error",
     AddCheck},
    {"redact",
     "write a copy with findings (default: the blocking kinds) and given terms removed, hidden content "
     "stripped, then verify it by extracting it again; exit 1 (and no output file) if verification fails",
     AddRedact},
    {"import", "load historical records", AddImport},
    {"report", "reports computed from the records", AddReport},
    {"archive", "立卷建档: the records of a year in a zip with a manifest of digests", AddArchive},
    {"filing", "备案: the package for the upper office, and its check", AddFiling},
    {"search", "the full-text search index", AddSearch},
    {"backup", "write a consistent copy of the live database (SQLite: VACUUM INTO; PostgreSQL: pg_dump)", AddBackup},
    {"restore",
     "restore a backup into a new database (--db), migrate it, verify its audit chain and check the data key",
     AddRestore},
    {"key", "the data key: its keys, and rotating the one that seals personal data (status, add, use, reseal, retire)",
     AddKey},
    {"workdays", "the working-day calendar", AddWorkdays},
};

// "[id] " of the request the thread serves (web::CurrentRequestId), so that
// a log line written while handling a request can be found from the id an
// error page shows; nothing outside a request.
class RequestIdFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    std::string_view id = web::CurrentRequestId();
    if (id.empty()) return;
    dest.push_back('[');
    dest.append(id.data(), id.data() + id.size());
    dest.push_back(']');
    dest.push_back(' ');
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<RequestIdFlag>(); }
};

}  // namespace

int Main(int argc, char** argv) {
  InitCrypto();
  if (Status s = text::InitTextFolding(); !s.ok()) return Fail(s);
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<RequestIdFlag>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %*%v");
  spdlog::set_formatter(std::move(formatter));
  CLI::App app{"Gongkai (公开): government information disclosure work"};
  app.require_subcommand(1);
  Options o;
  int rc = 0;
  for (const Command& c : kCommands) c.add(app.add_subcommand(c.name, c.usage), o, rc);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  return rc;
}

}  // namespace gk::cli
