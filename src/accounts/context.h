// What every service needs: the database, the clock, the security settings.
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/config.h"
#include "base/crypto.h"
#include "store/db.h"

namespace gk::accounts {

struct Context {
  store::Database& db;
  const Clock& clock;
  const SecurityConfig& security;
  // Protects personal data at rest; null where no service needs it.
  const DataKey* data_key = nullptr;
  // The folder with data/ (the default lexicon of the confidentiality check).
  std::string root;
  // Publication on other channels (the 公众号 gateway's allowed hosts); null
  // where no service needs it, which allows no gateway host.
  const ChannelsConfig* channels = nullptr;
};

// The 公众号 gateway hosts the configuration file allows (none without a
// channels configuration).
const std::vector<std::string>& GatewayHosts(const Context& ctx);

// The data key configured in `security`: the key itself (data_key) or the
// file holding it (data_key_file, created with a new key if missing).
// FailedPrecondition if neither is set.
Result<DataKey> LoadDataKey(const SecurityConfig& security);

}  // namespace gk::accounts
