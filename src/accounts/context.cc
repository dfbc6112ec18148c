#include "accounts/context.h"

namespace gk::accounts {

const std::vector<std::string>& GatewayHosts(const Context& ctx) {
  static const std::vector<std::string> kNone;
  return ctx.channels ? ctx.channels->gateway_allowed_hosts : kNone;
}

Result<DataKey> LoadDataKey(const SecurityConfig& security) {
  if (!security.data_key.empty()) return DataKey::Parse(security.data_key);
  if (!security.data_key_file.empty()) return LoadDataKeyFile(security.data_key_file, true);
  return FailedPrecondition("no data key: set security.data_key_file in the configuration, or GONGKAI_DATA_KEY_FILE / "
                            "GONGKAI_DATA_KEY");
}

}  // namespace gk::accounts
