#include "cli/cli.h"

#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "accounts/agencies.h"
#include "accounts/demo.h"
#include "demo/demo.h"
#include "accounts/directory.h"
#include "accounts/workdays.h"
#include "audit/audit.h"
#include "base/calendar.h"
#include "base/calendar_files.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/crypto.h"
#include "base/statutory.h"
#include "base/strings.h"
#include "disclosure/demo.h"
#include "disclosure/reference.h"
#include "oversight/due_dates.h"
#include "requests/applications.h"
#include "redact/redact.h"
#include "review/check.h"
#include "records/annual.h"
#include "records/archive.h"
#include "records/channels.h"
#include "records/filing.h"
#include "requests/import.h"
#include "search/search.h"
#include "store/migrate.h"
#include "text/fold.h"
#include "web/app.h"
#include "web/server.h"

namespace gk::cli {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

struct Options {
  std::string config_path;
  std::string db_url;
  std::string agency;
};

int Fail(const Status& s) {
  std::cerr << "error: " << s.message() << "\n";
  return s.code() == Code::kInvalidArgument || s.code() == Code::kOutOfRange ? kExitUsage : kExitFailure;
}

Result<Config> LoadEffectiveConfig(const Options& o) {
  std::string path = o.config_path;
  if (path.empty() && std::filesystem::exists("gongkai.toml")) path = "gongkai.toml";
  auto env = GongkaiEnvironment();
  if (path.empty()) {
    if (auto it = env.find("GONGKAI_CONFIG"); it != env.end()) path = it->second;
  }
  ASSIGN_OR_RETURN(Config c, LoadConfig(path, env, GK_SOURCE_DIR));
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
  ASSIGN_OR_RETURN(auto shipped, ShippedCalendar(c));
  RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto agencies, accounts::ListAgencies(tx));
    for (const auto& a : agencies) {
      audit::Actor actor{std::nullopt, "system:calendar-import"};
      RETURN_IF_ERROR(accounts::Workdays::ImportMissing(tx, clock, a.id, shipped, actor).status());
    }
    return Status::Ok();
  }));
  ASSIGN_OR_RETURN(disclosure::ReferenceData ref, disclosure::LoadReferenceData(c.root));
  return disclosure::ImportCatalogs(db, ref).status();
}

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

// ---------------------------------------------------------------- subcommands

// The embedded default: the data key lives beside the SQLite file.
void DefaultDataKeyFile(Config& c) {
  std::string sqlite = store::SqlitePath(c.database.url);
  if (c.security.data_key.empty() && c.security.data_key_file.empty() && !sqlite.empty()) {
    c.security.data_key_file = sqlite + ".key";
  }
}

// The 公众号 outbox (records/channels.h), pushed every
// channels.push_interval_seconds while the server runs.
class OutboxPusher {
 public:
  OutboxPusher(store::Database& db, const Clock& clock, const Config& config) : db_(db), clock_(clock), config_(config) {
    if (config.channels.push_interval_seconds > 0) thread_ = std::thread([this] { Loop(); });
  }
  ~OutboxPusher() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Loop() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::seconds(config_.channels.push_interval_seconds), [&] { return stop_; })) {
      lock.unlock();
      auto push = records::PushConfigFrom(config_.channels);
      if (!push.ok()) {
        spdlog::error("outbox: {}", push.status().message());
      } else {
        records::Channels channels({db_, clock_, config_.security, nullptr}, config_.server.public_url);
        auto tried = channels.PushDue(*push);
        if (!tried.ok()) spdlog::error("outbox: {}", tried.status().message());
        else if (*tried > 0) spdlog::info("outbox: {} push(es) attempted", *tried);
      }
      lock.lock();
    }
  }

  store::Database& db_;
  const Clock& clock_;
  const Config& config_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

int Serve(const Options& o, const std::string& listen, int port) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  if (!listen.empty()) c->server.listen = listen;
  if (port >= 0) c->server.port = port;
  DefaultDataKeyFile(*c);
  SystemClock clock;
  std::vector<int64_t> agency_ids;
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  if (Status s = ImportShippedData(**db, clock, *c); !s.ok()) return Fail(s);
  // Due dates of open cases follow the calendar, which the import
  // above or another node may have extended since they were stored.
  if (auto key = accounts::LoadDataKey(c->security); key.ok()) {
    Status s = (*db)->Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto agencies, accounts::ListAgencies(tx));
      for (const auto& a : agencies) agency_ids.push_back(a.id);
      return Status::Ok();
    });
    if (!s.ok()) return Fail(s);
    for (int64_t id : agency_ids) {
      auto moved = oversight::RecomputeDueDates({**db, clock, c->security, &*key}, *key,
                                                accounts::Principal::CommandLine(id, "serve"));
      if (!moved.ok()) return Fail(moved.status());
    }
  }
  auto app = web::App::Create(**db, clock, *c);
  if (!app.ok()) return Fail(app.status());
  web::Server server(c->server, [&](web::Request& r) { return (*app)->Handle(r); });
  if (Status s = server.Listen(); !s.ok()) return Fail(s);
  server.StopOnSignals();
  std::cout << "Gongkai listening on http://" << c->server.listen << ":" << server.port() << "/" << std::endl;
  OutboxPusher pusher(**db, clock, *c);
  server.Run();
  std::cout << "Gongkai stopped" << std::endl;
  return 0;
}

int MigrateCmd(const Options& o) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = store::Database::Open(c->database.url, 1);
  if (!db.ok()) return Fail(db.status());
  auto applied = store::Migrate(**db);
  if (!applied.ok()) return Fail(applied.status());
  if (Status s = RefillSearchIndex(**db); !s.ok()) return Fail(s);
  if (Status s = ImportShippedData(**db, SystemClock(), *c); !s.ok()) return Fail(s);
  auto version = store::SchemaVersion(**db);
  if (!version.ok()) return Fail(version.status());
  std::cout << "database " << c->database.url << ": schema version " << *version << " (" << *applied
            << " migration(s) applied)\n";
  return 0;
}

// How long before today the living demo's agency is founded: before the
// first step of its year of work.
constexpr int64_t kDemoYearSeconds = 400 * 86400;

// The living demo's content (demo/demo.h), unless the agency has some.
Result<demo::Summary> SeedLivingDemo(store::Database& db, const Config& c, const disclosure::ReferenceData& ref,
                                     const Clock& clock) {
  ASSIGN_OR_RETURN(DataKey key, accounts::LoadDataKey(c.security));
  ASSIGN_OR_RETURN(accounts::Agency agency, accounts::ResolveAgency(db, accounts::kDemoAgencyCode));
  demo::Options options;
  options.agency_id = agency.id;
  options.now = clock.Now();
  return demo::SeedLiving(db, c.security, key, c.root, ref, options);
}

void PrintDemoSummary(const demo::Summary& s) {
  if (!s.created) {
    std::cout << "demo content: already present, nothing added\n";
    return;
  }
  std::cout << "demo content: " << s.published << " published items (" << s.interpretations
            << " policy interpretations, " << s.attachments << " attachments, " << s.withdrawn << " withdrawn, "
            << s.repealed << " repealed), " << s.waiting << " items in review, " << s.applications
            << " applications (" << s.applications_open << " open), " << s.explanations << " explanation and "
            << s.corrections << " correction requests, " << s.feedback << " complaints and opinions, " << s.orders
            << " rectification orders, " << s.spot_checks << " spot check, " << s.releases << " channel releases, "
            << s.annual_reports << " annual report\n";
}

int SeedDemo(const Options& o, bool empty) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  DefaultDataKeyFile(*c);
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto shipped = ShippedCalendar(*c);
  if (!shipped.ok()) return Fail(shipped.status());
  SystemClock clock;
  // With the living demo, the agency and its users are created before the
  // year of work that follows (dated accordingly), so the audit log stays in
  // time order.
  bool fresh = !accounts::ResolveAgency(**db, accounts::kDemoAgencyCode).ok();
  FakeClock founded(clock.Now() - (fresh && !empty ? kDemoYearSeconds : 0));
  auto summary = accounts::SeedDemo({**db, founded, c->security}, *shipped);
  if (!summary.ok()) return Fail(summary.status());
  if (Status s = ImportShippedData(**db, founded, *c); !s.ok()) return Fail(s);
  auto ref = disclosure::LoadReferenceData(c->root);
  if (!ref.ok()) return Fail(ref.status());
  std::cout << (summary->created ? "created" : "already present") << ": demo agency " << summary->agency_name
            << " (" << summary->agency_code << ")\n";
  if (!empty) {
    auto content = SeedLivingDemo(**db, *c, *ref, clock);
    if (!content.ok()) return Fail(content.status());
    PrintDemoSummary(*content);
  }
  auto item = disclosure::SeedDemoItem({**db, clock, c->security}, *ref);
  if (!item.ok()) return Fail(item.status());
  std::cout << "demo logins (password for all: " << accounts::kDemoPassword << "):\n";
  std::vector<accounts::DemoLogin> logins = summary->logins;
  if (!empty) {
    for (auto& l : demo::ExtraLogins()) logins.push_back(std::move(l));
  }
  for (const auto& l : logins) {
    std::cout << "  " << l.username << std::string(12 - std::min<size_t>(11, l.username.size()), ' ')
              << l.role_label << "  " << l.display_name << "\n";
  }
  return 0;
}

struct UserArgs {
  std::string username;
  std::string name;
  std::vector<std::string> roles;
  std::string department;
  bool password_stdin = false;
};

Result<accounts::Principal> CliPrincipal(store::Database& db, const Config& c, const std::string& what) {
  ASSIGN_OR_RETURN(accounts::Agency a, accounts::ResolveAgency(db, c.agency));
  return accounts::Principal::CommandLine(a.id, what);
}

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

int AuditVerify(const Options& o) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto report = audit::Verify(**db);
  if (!report.ok()) return Fail(report.status());
  if (!report->ok()) {
    std::cout << "audit chain BROKEN after " << report->entries_checked << " entries: " << report->first_break
              << "\n";
    return kExitFailure;
  }
  std::cout << "audit chain intact: " << report->entries_checked << " entries verified\n";
  return 0;
}

int ImportApplicationsCmd(const Options& o, const std::string& file) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  DefaultDataKeyFile(*c);
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(NotFound("cannot read " + file));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto who = CliPrincipal(**db, *c, "import applications");
  if (!who.ok()) return Fail(who.status());
  auto key = accounts::LoadDataKey(c->security);
  if (!key.ok()) return Fail(key.status());
  SystemClock clock;
  auto report = requests::ImportApplications({**db, clock, c->security, &*key}, *who, text);
  if (!report.ok()) return Fail(Status(report.status().code(), file + ": " + report.status().message()));
  std::cout << "imported " << report->applications << " applications (" << report->open << " still open, "
            << report->reviews << " reviews)\n";
  return 0;
}

// ---------------------------------------------------------------- check

struct CheckArgs {
  std::vector<std::string> files;
  std::string lexicon;
  std::string format = "json";
};

Result<scan::Scanner> CheckScanner(const Config& c, const std::string& lexicon_file) {
  std::string path = lexicon_file.empty() ? c.root + "/data/lexicon/default.txt" : lexicon_file;
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read the lexicon " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSIGN_OR_RETURN(auto terms, scan::ParseLexicon(text));
  scan::Settings s;
  s.lexicon = std::move(terms);
  s.today = ChinaDate(SystemClock().Now());
  return scan::Scanner::Build(s);
}

int Check(const Options& o, const CheckArgs& a) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  if (a.format != "json" && a.format != "text") return Fail(InvalidArgument("--format must be json or text"));
  auto scanner = CheckScanner(*c, a.lexicon);
  if (!scanner.ok()) return Fail(scanner.status());
  boost::json::array out;
  bool blocked = false, failed = false;
  for (const std::string& file : a.files) {
    boost::json::object entry{{"file", file}};
    std::ifstream in(file, std::ios::binary);
    std::string bytes;
    Result<review::Report> r = NotFound("cannot read " + file);
    if (in) {
      bytes.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      r = review::CheckDocument(*scanner, std::filesystem::path(file).filename().string(), bytes);
    }
    if (!r.ok()) {
      failed = true;
      entry["verdict"] = "error";
      entry["error"] = r.status().message();
      entry["findings"] = boost::json::array();
    } else {
      blocked = blocked || r->verdict == "block";
      entry["verdict"] = r->verdict;
      entry["format"] = r->format;
      boost::json::array findings;
      for (const auto& l : r->findings) {
        boost::json::object f{{"kind", scan::KindKey(l.finding.kind)}, {"text", l.finding.text},
                              {"start", l.finding.start}, {"end", l.finding.end},
                              {"severity", scan::SeverityKey(l.finding.severity)}, {"rule", l.finding.rule}};
        f["hidden"] = l.hidden;
        if (!l.where.empty()) f["where"] = l.where;
        findings.push_back(std::move(f));
      }
      entry["findings"] = std::move(findings);
    }
    if (a.format == "text") {
      std::cout << file << ": " << boost::json::value_to<std::string>(entry["verdict"]) << "\n";
      if (entry.contains("error")) std::cout << "  " << boost::json::value_to<std::string>(entry["error"]) << "\n";
      for (const auto& f : entry["findings"].as_array()) {
        const auto& fo = f.as_object();
        std::cout << "  [" << boost::json::value_to<std::string>(fo.at("severity")) << "] "
                  << boost::json::value_to<std::string>(fo.at("kind")) << " " << fo.at("start").as_uint64() << "-"
                  << fo.at("end").as_uint64() << " " << boost::json::value_to<std::string>(fo.at("text"))
                  << (fo.at("hidden").as_bool() ? "（隐藏内容" : "")
                  << (fo.at("hidden").as_bool() && fo.contains("where")
                          ? "：" + boost::json::value_to<std::string>(fo.at("where")) + "）"
                          : (fo.at("hidden").as_bool() ? "）" : ""))
                  << "\n";
      }
    }
    out.push_back(std::move(entry));
  }
  if (a.format == "json") std::cout << boost::json::serialize(out) << "\n";
  if (failed) return kExitUsage;
  return blocked ? kExitFailure : 0;
}

// ---------------------------------------------------------------- redact

struct RedactArgs {
  std::string in, out, kinds, terms;
};

int RedactCmd(const Options& o, const RedactArgs& a) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  // Which kinds: the given list, or every kind that blocks by default.
  std::set<scan::Kind> kinds;
  if (a.kinds.empty()) {
    for (scan::Kind k : scan::kAllKinds) {
      if (scan::DefaultSeverity(k) == scan::Severity::kBlock) kinds.insert(k);
    }
  } else {
    for (const std::string& key : Split(a.kinds, ',')) {
      auto k = scan::KindFromKey(std::string(Trim(key)));
      if (!k) return Fail(InvalidArgument("unknown kind \"" + key + "\" (see gongkai check output)"));
      kinds.insert(*k);
    }
  }
  std::ifstream in(a.in, std::ios::binary);
  if (!in) return Fail(NotFound("cannot read " + a.in));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string name = std::filesystem::path(a.in).filename().string();
  auto scanner = CheckScanner(*c, "");
  if (!scanner.ok()) return Fail(scanner.status());
  auto report = review::CheckDocument(*scanner, name, bytes);
  if (!report.ok()) return Fail(report.status());
  std::vector<redact::Withhold> withhold;
  std::set<std::string> seen;
  for (const auto& l : report->findings) {
    if (kinds.count(l.finding.kind) && seen.insert(l.finding.text).second) {
      withhold.push_back({l.finding.text, scan::KindLabel(l.finding.kind)});
    }
  }
  if (!a.terms.empty()) {
    std::ifstream tf(a.terms, std::ios::binary);
    if (!tf) return Fail(NotFound("cannot read " + a.terms));
    std::string text((std::istreambuf_iterator<char>(tf)), std::istreambuf_iterator<char>());
    auto terms = scan::ParseLexicon(text);
    if (!terms.ok()) return Fail(terms.status());
    for (const std::string& t : *terms) {
      if (seen.insert(t).second) withhold.push_back({t, "指定删除的内容"});
    }
  }
  auto r = redact::Redact(name, bytes, withhold);
  if (!r.ok()) return Fail(r.status());
  {
    std::ofstream out(a.out, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(Internal("cannot write " + a.out));
    out << r->bytes;
  }
  boost::json::array log;
  for (const auto& e : r->log) {
    log.push_back(boost::json::object{{"text", e.text}, {"ground", e.ground}, {"where", e.where}, {"count", e.count}});
  }
  boost::json::array stripped(r->stripped.begin(), r->stripped.end());
  boost::json::array notes(r->notes.begin(), r->notes.end());
  Status verified = redact::Verify(std::filesystem::path(a.out).filename().string(), r->bytes, withhold);
  boost::json::object result{{"file", a.in}, {"output", a.out}, {"redactions", std::move(log)},
                             {"stripped", std::move(stripped)}, {"notes", std::move(notes)},
                             {"verified", verified.ok()}};
  if (!verified.ok()) result["error"] = verified.message();
  std::cout << boost::json::serialize(result) << "\n";
  if (!verified.ok()) {
    std::filesystem::remove(a.out);  // never leave an unverified copy behind
    return kExitFailure;
  }
  return 0;
}

int SearchRebuild(const Options& o) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  Status s = (*db)->Transact([](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(search::Rebuild(tx));
    return search::Optimize(tx);
  });
  if (!s.ok()) return Fail(s);
  std::cout << "search index rebuilt\n";
  return 0;
}

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
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(NotFound("cannot read " + file));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto p = records::ParseFiling(text);
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

int Main(int argc, char** argv) {
  InitCrypto();
  if (Status s = text::InitTextFolding(); !s.ok()) return Fail(s);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  CLI::App app{"Gongkai (公开): government information disclosure work"};
  app.require_subcommand(1);
  Options o;
  auto common = [&](CLI::App* sub) {
    sub->add_option("--config", o.config_path, "configuration file (TOML); default ./gongkai.toml if present");
    sub->add_option("--db", o.db_url, "database URL: sqlite:PATH or postgresql://…");
    sub->add_option("--agency", o.agency, "agency code, when the database holds several agencies");
  };
  int rc = 0;

  std::string listen;
  int port = -1;
  auto* serve = app.add_subcommand("serve", "serve the portal, the staff area and the API over HTTP");
  common(serve);
  serve->add_option("--listen", listen, "address to listen on (default from config: 127.0.0.1)");
  serve->add_option("--port", port, "port (0 picks a free one)")->check(CLI::Range(0, 65535));
  serve->callback([&] { rc = Serve(o, listen, port); });

  auto* migrate = app.add_subcommand("migrate", "create or upgrade the database schema");
  common(migrate);
  migrate->callback([&] { rc = MigrateCmd(o); });

  bool seed_empty = false;
  auto* seed = app.add_subcommand("seed-demo",
                                  "create the demo agency 静安寺街道办事处 with one user per role and a year of its work");
  common(seed);
  seed->add_flag("--empty", seed_empty, "only the agency, its users, the catalog and one draft item");
  seed->callback([&] { rc = SeedDemo(o, seed_empty); });

  UserArgs ua;
  auto* user = app.add_subcommand("user", "manage staff accounts");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "create a user (password read from the terminal or stdin)");
  common(add);
  add->add_option("username", ua.username, "login name")->required();
  add->add_option("--name", ua.name, "display name (姓名)");
  add->add_option("--role", ua.roles,
                  "role, repeatable: clerk dept_head leader_in_charge principal disclosure_office "
                  "leading_group supervision secrecy_supervisor admin")->required();
  add->add_option("--department", ua.department, "department name");
  add->add_flag("--password-stdin", ua.password_stdin, "read the password from standard input");
  add->callback([&] { rc = UserAdd(o, ua); });
  auto* passwd = user->add_subcommand("passwd", "set a user's password and end the user's sessions");
  common(passwd);
  passwd->add_option("username", ua.username, "login name")->required();
  passwd->add_flag("--password-stdin", ua.password_stdin, "read the password from standard input");
  passwd->callback([&] { rc = UserPasswd(o, ua); });

  auto* audit_cmd = app.add_subcommand("audit", "the hash-chained audit log");
  audit_cmd->require_subcommand(1);
  auto* verify = audit_cmd->add_subcommand("verify", "recompute the chain; exit 1 and name the first broken link");
  common(verify);
  verify->callback([&] { rc = AuditVerify(o); });

  CheckArgs check_args;
  auto* check = app.add_subcommand(
      "check", "confidentiality and privacy check of documents (txt, html, docx, xlsx, pdf, ofd); "
               "exit 0: nothing blocks, 1: something blocks, 2: an error");
  common(check);
  check->add_option("FILE", check_args.files, "documents to check")->required();
  check->add_option("--lexicon", check_args.lexicon, "sensitive terms, one per line (default: data/lexicon/default.txt)");
  check->add_option("--format", check_args.format, "json (default) or text");
  check->callback([&] { rc = Check(o, check_args); });

  RedactArgs redact_args;
  auto* redact_cmd = app.add_subcommand(
      "redact", "write a copy with findings (default: the blocking kinds) and given terms removed, hidden content "
                "stripped, then verify it by extracting it again; exit 1 (and no output file) if verification fails");
  common(redact_cmd);
  redact_cmd->add_option("IN", redact_args.in, "the document")->required();
  redact_cmd->add_option("-o,--output", redact_args.out, "the redacted copy")->required();
  redact_cmd->add_option("--kinds", redact_args.kinds, "comma-separated kinds, e.g. id_card,bank_card,mobile");
  redact_cmd->add_option("--terms", redact_args.terms, "a file of further strings to remove, one per line");
  redact_cmd->callback([&] { rc = RedactCmd(o, redact_args); });

  auto* import_cmd = app.add_subcommand("import", "load historical records");
  import_cmd->require_subcommand(1);
  std::string import_file;
  auto* import_apps = import_cmd->add_subcommand(
      "applications", "load applications from a JSON Lines file (one object per line; all or nothing)");
  common(import_apps);
  import_apps->add_option("FILE", import_file, "the .jsonl file")->required();
  import_apps->callback([&] { rc = ImportApplicationsCmd(o, import_file); });

  auto* report_cmd = app.add_subcommand("report", "reports computed from the records");
  report_cmd->require_subcommand(1);
  int report_year = 0;
  std::string report_format = "text";
  auto* annual = report_cmd->add_subcommand(
      "annual", "the figures of the annual report (national format); exit 1 if the applications table does not balance");
  common(annual);
  annual->add_option("--year", report_year, "the calendar year")->required();
  annual->add_option("--format", report_format, "json or text (default)");
  annual->callback([&] { rc = AnnualReportCmd(o, report_year, report_format); });

  auto* archive_cmd = app.add_subcommand("archive", "立卷建档: the records of a year in a zip with a manifest of digests");
  int archive_year = 0;
  std::string archive_out, archive_file;
  common(archive_cmd);
  archive_cmd->add_option("--year", archive_year, "the calendar year");
  archive_cmd->add_option("-o,--output", archive_out, "the zip file to write");
  archive_cmd->require_subcommand(0, 1);
  auto* archive_verify = archive_cmd->add_subcommand("verify", "check an archive against its manifest; exit 1 if it differs");
  archive_verify->add_option("FILE", archive_file, "the archive (.zip)")->required();
  archive_verify->callback([&] { rc = ArchiveVerifyCmd(archive_file); });
  archive_cmd->callback([&] {
    if (archive_verify->parsed()) return;
    if (archive_year == 0 || archive_out.empty()) {
      std::cerr << "error: archive needs --year and -o FILE (or: archive verify FILE)\n";
      rc = kExitUsage;
      return;
    }
    rc = ArchiveCmd(o, archive_year, archive_out);
  });

  auto* filing_cmd = app.add_subcommand("filing", "备案: the package for the upper office, and its check");
  filing_cmd->require_subcommand(1);
  std::string filing_from, filing_to, filing_out, filing_file;
  auto* filing_create = filing_cmd->add_subcommand("create", "list the items published in a period with their digests");
  common(filing_create);
  filing_create->add_option("--from", filing_from, "first day (YYYY-MM-DD)")->required();
  filing_create->add_option("--to", filing_to, "last day (YYYY-MM-DD)")->required();
  filing_create->add_option("-o,--output", filing_out, "the package (.json)")->required();
  filing_create->callback([&] { rc = FilingCreateCmd(o, filing_from, filing_to, filing_out); });
  auto* filing_check = filing_cmd->add_subcommand(
      "check", "compare a package with what the portal serves now; exit 1 and list what changed or was removed");
  common(filing_check);
  filing_check->add_option("PACKAGE", filing_file, "the package (.json)")->required();
  filing_check->callback([&] { rc = FilingCheckCmd(o, filing_file); });

  auto* search_cmd = app.add_subcommand("search", "the full-text search index");
  search_cmd->require_subcommand(1);
  auto* rebuild = search_cmd->add_subcommand("rebuild", "re-tokenize every document (after a tokenizer or OpenCC change)");
  common(rebuild);
  rebuild->callback([&] { rc = SearchRebuild(o); });

  std::string from;
  int days = 0;
  auto* wd = app.add_subcommand("workdays", "the working-day calendar");
  wd->require_subcommand(1);
  auto* wd_add = wd->add_subcommand("add", "print the date N working days after DATE (DATE itself not counted)");
  common(wd_add);
  wd_add->add_option("date", from, "start date, YYYY-MM-DD")->required();
  wd_add->add_option("days", days, "number of working days")->required()->check(CLI::Range(0, 3660));
  bool strict = false;
  wd_add->add_flag("--strict", strict,
                   "refuse a date in the provisional year after the latest holiday notice (exit 2)");
  wd_add->callback([&] { rc = WorkdaysAdd(o, from, days, strict); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  return rc;
}

}  // namespace gk::cli
