// What every service needs: the database, the clock, the security settings.
#pragma once

#include "base/clock.h"
#include "base/config.h"
#include "store/db.h"

namespace gk::accounts {

struct Context {
  store::Database& db;
  const Clock& clock;
  const SecurityConfig& security;
};

}  // namespace gk::accounts
