// The HTTP server: Beast and Asio live in server.cc only.
//
// Requests are read with a size limit (413 beyond it) and a time limit (the
// connection is closed), handed to one Handler on a pool of threads, and
// logged one JSON line each (no query strings or bodies: they may hold
// personal data). Stop() — or SIGTERM/SIGINT when installed — stops
// accepting, lets requests in flight finish (up to the grace period) and
// returns from Run().
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "base/config.h"
#include "base/status.h"
#include "web/http.h"

namespace gk::web {

using Handler = std::function<Response(Request&)>;

class Server {
 public:
  Server(const ServerConfig& config, Handler handler);
  ~Server();

  // Binds and listens; after success port() is the bound port (useful with port 0).
  Status Listen();
  int port() const;
  // Stops on SIGTERM or SIGINT.
  void StopOnSignals();
  // Serves until stopped. REQUIRES: Listen() succeeded.
  void Run();
  // Thread-safe; returns at once.
  void Stop();

  struct Impl;  // implementation detail (server.cc)

 private:
  std::unique_ptr<Impl> impl_;
};

// The id of the request the calling thread is serving (Request::id), or ""
// outside one: for log lines written while a request is handled.
const char* CurrentRequestId();

}  // namespace gk::web
