// The web application: every route, and the middleware around them (security
// headers, static files, session loading, CSRF, access control, error pages).
#pragma once

#include <memory>

#include "base/clock.h"
#include "base/config.h"
#include "base/status.h"
#include "store/db.h"
#include "web/http.h"

namespace gk::web {

class App {
 public:
  // Loads templates, the message catalog and static files from config.root.
  static Result<std::unique_ptr<App>> Create(store::Database& db, const Clock& clock, const Config& config);
  ~App();

  // Thread-safe.
  Response Handle(Request& req);

 private:
  struct Impl;
  explicit App(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gk::web
