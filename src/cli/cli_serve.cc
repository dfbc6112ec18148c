// gongkai serve: the HTTP server, with the 公众号 outbox pushed beside it.
#include "cli/cli_internal.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include "accounts/agencies.h"
#include "accounts/data_key.h"
#include "base/metrics.h"
#include "oversight/due_dates.h"
#include "records/channels.h"
#include "web/app.h"
#include "web/server.h"

namespace gk::cli {
namespace {
using namespace internal;

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
    static metrics::Counter& runs = metrics::Registry::Global().NewCounter(
        "gongkai_jobs_total", "Runs of background jobs by job and result (ok, failed).", {"job", "result"});
    static metrics::Histogram& took = metrics::Registry::Global().NewHistogram(
        "gongkai_job_duration_seconds", "Time of one run of a background job.", {"job"});
    while (!cv_.wait_for(lock, std::chrono::seconds(config_.channels.push_interval_seconds), [&] { return stop_; })) {
      lock.unlock();
      const auto started = std::chrono::steady_clock::now();
      bool ok = false;
      auto push = records::PushConfigFrom(config_.channels);
      if (!push.ok()) {
        spdlog::error("outbox: {}", push.status().message());
      } else {
        records::Channels channels({db_, clock_, config_.security, nullptr}, config_.server.public_url);
        auto tried = channels.PushDue(*push);
        ok = tried.ok();
        if (!tried.ok()) spdlog::error("outbox: {}", tried.status().message());
        else if (*tried > 0) spdlog::info("outbox: {} push(es) attempted", *tried);
      }
      runs.Add({"wechat_outbox", ok ? "ok" : "failed"});
      took.Observe({"wechat_outbox"}, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
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
  // The database's own key, or no start (a restore without its key file).
  auto key = accounts::OpenDataKey(**db, clock, c->security);
  if (!key.ok()) return Fail(key.status());
  // Due dates of open cases follow the calendar, which the import
  // above or another node may have extended since they were stored.
  {
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
  metrics::RegisterProcessMetrics();
  web::Server server(c->server, [&](web::Request& r) { return (*app)->Handle(r); });
  if (Status s = server.Listen(); !s.ok()) return Fail(s);
  server.StopOnSignals();
  std::cout << "Gongkai listening on http://" << c->server.listen << ":" << server.port() << "/" << std::endl;
  OutboxPusher pusher(**db, clock, *c);
  server.Run();
  std::cout << "Gongkai stopped" << std::endl;
  return 0;
}

}  // namespace

namespace internal {

void AddServe(CLI::App* cmd, Options& o, int& rc) {
  struct Args {
    std::string listen;
    int port = -1;
  };
  auto a = std::make_shared<Args>();
  AddCommonOptions(cmd, o);
  cmd->add_option("--listen", a->listen, "address to listen on (default from config: 127.0.0.1)");
  cmd->add_option("--port", a->port, "port (0 picks a free one)")->check(CLI::Range(0, 65535));
  cmd->callback([&o, &rc, a] { rc = Serve(o, a->listen, a->port); });
}

}  // namespace internal
}  // namespace gk::cli
