// Configuration: a TOML file (optional) with environment overrides.
//
//   [server]   listen, port, threads, max_body_bytes, request_timeout_seconds,
//              shutdown_grace_seconds, cookie_secure, public_url,
//              trusted_proxies (addresses or CIDR ranges of reverse proxies
//              whose X-Forwarded-For is believed; see web::ClientAddress)
//   [database] url ("sqlite:PATH" or "postgresql://…"), pool_size
//   [security] session_idle_minutes, session_absolute_hours, login_max_failures,
//              login_window_minutes, ip_max_failures, password_cost
//              ("interactive" | "moderate" | "test"), min_password_length
//   [channels] push_interval_seconds (the 公众号 outbox; 0 = no background
//              pushing), wechat_token_file, gateway_allowed_hosts
//   [paths]    root (folder holding templates/, static/, data/)
//   agency     code of the agency served when the database holds several
//
// Environment overrides (highest precedence): GONGKAI_DATABASE_URL,
// GONGKAI_LISTEN, GONGKAI_PORT, GONGKAI_ROOT, GONGKAI_AGENCY,
// GONGKAI_COOKIE_SECURE ("1"/"0"), GONGKAI_PASSWORD_COST, GONGKAI_PUBLIC_URL,
// GONGKAI_WECHAT_TOKEN, GONGKAI_TRUSTED_PROXIES (comma-separated).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "base/crypto.h"
#include "base/ip.h"
#include "base/status.h"

namespace gk {

struct ServerConfig {
  std::string listen = "127.0.0.1";
  int port = 8080;
  int threads = 4;
  size_t max_body_bytes = 16 << 20;  // attachments up to 10 MiB fit
  int request_timeout_seconds = 30;
  int shutdown_grace_seconds = 10;
  bool cookie_secure = false;
  // "https://xxgk.example.gov.cn" for feeds, sitemaps and printed notices;
  // "" = relative links in the feed, no sitemap, no address on notices.
  std::string public_url;
  // The reverse proxies (nginx) in front of the server. Empty: the client is
  // always the peer of the connection and X-Forwarded-For is ignored.
  std::vector<IpRange> trusted_proxies;
  // Host names that are one agency's own portal address (server.hosts =
  // { "xxgk.jingan.gov.cn" = "jingansi" }): an unprefixed public page asked
  // for by that Host is the agency's column, with its links unprefixed.
  // Lower-case, without port. The Host header only picks which public
  // column is shown; it never decides who a user is or what they may do.
  std::map<std::string, std::string> hosts;
  // The in-process cache of rendered public pages, in MiB (0: off;
  // GONGKAI_PAGE_CACHE_MB). docs/architecture.md, "The portal's caches".
  int page_cache_mb = 64;
  // How long a node trusts the portal's generation counters it read, in
  // milliseconds, before reading them again for a cached page (0: on every
  // request). This node's own changes show at once regardless; another
  // node's, or the command line's, within this time.
  int portal_recheck_ms = 1000;
  // Item addresses per sitemap file (the protocol's limit is 50,000).
  int sitemap_urls_per_file = 50000;
  // How many matches of a search are ranked at most (search::Query
  // rank_cap); 0: search::kRankCap.
  int search_rank_cap = 0;
  // Who may read /metrics (the client address as ClientAddress gives it):
  // loopback unless set; [] = nobody.
  std::vector<IpRange> metrics_allow = {*ParseIpRange("127.0.0.0/8"), *ParseIpRange("::1")};
  // With SQLite, /readyz says not ready below this much free space (MiB) on
  // the database's file system: writes would soon fail.
  int min_free_mb = 64;
};

struct DatabaseConfig {
  std::string url = "sqlite:var/gongkai.db";
  int pool_size = 4;
};

struct SecurityConfig {
  int session_idle_minutes = 120;
  int session_absolute_hours = 12;
  int login_max_failures = 5;
  int login_window_minutes = 15;
  int ip_max_failures = 50;
  PasswordCost password_cost = PasswordCost::kInteractive;
  int min_password_length = 10;
  // The key protecting personal data at rest (see DataKey): the base64 text
  // itself (GONGKAI_DATA_KEY, for deployments that inject secrets) or a file
  // holding it (security.data_key_file / GONGKAI_DATA_KEY_FILE). Never logged.
  std::string data_key;
  std::string data_key_file;
};

// Publication on other channels (records/channels.h). The bearer token sent
// to the 公众号 gateway comes from GONGKAI_WECHAT_TOKEN or from the file
// named by wechat_token_file (read when a push is made); it is never stored
// in the database or logged.
//
// The gateway address itself is an agency setting, but only a host named in
// gateway_allowed_hosts (host names or IP addresses, compared without case;
// empty = none) may be saved there or contacted, so the token and the
// articles cannot be sent elsewhere from the web UI.
struct ChannelsConfig {
  int push_interval_seconds = 30;
  std::string wechat_token;
  std::string wechat_token_file;
  std::vector<std::string> gateway_allowed_hosts;
};

struct Config {
  ServerConfig server;
  DatabaseConfig database;
  SecurityConfig security;
  ChannelsConfig channels;
  std::string root;    // templates/, static/, data/ live here
  std::string agency;  // default agency code; empty = the only one
};

// Reads `path` if non-empty (NotFound if it does not exist), then applies
// `env`. `default_root` is used when neither sets paths.root. Errors name the
// file, line and key: "gongkai.toml: line 3: server.port must be 1..65535".
Result<Config> LoadConfig(const std::string& path, const std::map<std::string, std::string>& env,
                          const std::string& default_root);

// The process environment as a map (only GONGKAI_* variables).
std::map<std::string, std::string> GongkaiEnvironment();

}  // namespace gk
