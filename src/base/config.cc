#include "base/config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "base/strings.h"

extern char** environ;

namespace gk {
namespace {

std::string Where(const std::string& file, const toml::node* node, const std::string& key) {
  std::string where = file;
  if (node) where += ": line " + std::to_string(node->source().begin.line);
  return where + ": " + key;
}

template <typename T>
Status ReadInt(const toml::table& t, const std::string& file, const std::string& section,
               const char* key, T* out, int64_t min, int64_t max) {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  std::string name = section + "." + key;
  auto v = n->value<int64_t>();
  if (!n->is_integer() || !v || *v < min || *v > max) {
    return InvalidArgument(Where(file, n, name) + " must be an integer in " + std::to_string(min) +
                           ".." + std::to_string(max));
  }
  *out = static_cast<T>(*v);
  return Status::Ok();
}

Status ReadString(const toml::table& t, const std::string& file, const std::string& section,
                  const char* key, std::string* out) {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  if (!n->is_string()) return InvalidArgument(Where(file, n, section + "." + key) + " must be a string");
  *out = *n->value<std::string>();
  return Status::Ok();
}

Status ReadStrings(const toml::table& t, const std::string& file, const std::string& section,
                   const char* key, std::vector<std::string>* out) {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  std::string where = Where(file, n, section + "." + key);
  const toml::array* a = n->as_array();
  if (!a) return InvalidArgument(where + " must be an array of strings");
  out->clear();
  for (const toml::node& e : *a) {
    auto v = e.value<std::string>();
    if (!e.is_string() || !v || v->empty()) return InvalidArgument(where + " must be an array of non-empty strings");
    out->push_back(*v);
  }
  return Status::Ok();
}

// server.hosts: a table of host name → agency code.
Status ReadHosts(const toml::table& t, const std::string& file, std::map<std::string, std::string>* out) {
  const toml::node* n = t.get("hosts");
  if (!n) return Status::Ok();
  std::string where = Where(file, n, "server.hosts");
  const toml::table* hosts = n->as_table();
  if (!hosts) return InvalidArgument(where + " must be a table of host = \"agency code\"");
  out->clear();
  for (const auto& [k, v] : *hosts) {
    auto code = v.value<std::string>();
    std::string host = ToLowerAscii(std::string(k.str()));
    if (!v.is_string() || !code || code->empty() || host.empty() || host.find(':') != std::string::npos) {
      return InvalidArgument(where + " must map host names (without port) to agency codes");
    }
    (*out)[host] = *code;
  }
  return Status::Ok();
}

Status ReadBool(const toml::table& t, const std::string& file, const std::string& section,
                const char* key, bool* out) {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  if (!n->is_boolean()) return InvalidArgument(Where(file, n, section + "." + key) + " must be true or false");
  *out = *n->value<bool>();
  return Status::Ok();
}

// server.trusted_proxies, server.metrics_allow: an array of addresses or
// CIDR ranges.
Status ReadRanges(const toml::table& t, const std::string& file, const char* key, std::vector<IpRange>* out) {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  const std::string where = Where(file, n, std::string("server.") + key);
  const toml::array* list = n->as_array();
  if (!list) return InvalidArgument(where + " must be an array of IP addresses or CIDR ranges");
  out->clear();
  for (const toml::node& e : *list) {
    auto text = e.value<std::string>();
    if (!e.is_string() || !text) return InvalidArgument(where + " must be an array of IP addresses or CIDR ranges");
    auto range = ParseIpRange(*text);
    if (!range.ok()) return InvalidArgument(where + ": " + range.status().message());
    out->push_back(*range);
  }
  return Status::Ok();
}

Result<PasswordCost> ParseCost(const std::string& s) {
  if (s == "interactive") return PasswordCost::kInteractive;
  if (s == "moderate") return PasswordCost::kModerate;
  if (s == "test") return PasswordCost::kTest;
  return InvalidArgument("password_cost must be \"interactive\", \"moderate\" or \"test\", not \"" + s + "\"");
}

Status CheckKeys(const toml::table& t, const std::string& file, const std::string& section,
                 std::initializer_list<const char*> allowed) {
  for (auto&& [k, v] : t) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || k.str() == a;
    if (!ok) {
      std::string name = section.empty() ? std::string(k.str()) : section + "." + std::string(k.str());
      return InvalidArgument(Where(file, &v, name) + " is not a known setting");
    }
  }
  return Status::Ok();
}

const toml::table* Section(const toml::table& root, const char* name) {
  const toml::node* n = root.get(name);
  return n ? n->as_table() : nullptr;
}

Status ApplyToml(const toml::table& root, const std::string& file, Config* c) {
  RETURN_IF_ERROR(CheckKeys(root, file, "", {"server", "database", "security", "paths", "channels", "agency"}));
  RETURN_IF_ERROR(ReadString(root, file, "", "agency", &c->agency));
  if (const toml::table* s = Section(root, "server")) {
    RETURN_IF_ERROR(CheckKeys(*s, file, "server", {"listen", "port", "threads", "max_body_bytes",
        "request_timeout_seconds", "shutdown_grace_seconds", "cookie_secure", "public_url", "trusted_proxies", "hosts",
        "page_cache_mb", "portal_recheck_ms", "sitemap_urls_per_file", "search_rank_cap", "metrics_allow",
        "min_free_mb"}));
    RETURN_IF_ERROR(ReadString(*s, file, "server", "listen", &c->server.listen));
    RETURN_IF_ERROR(ReadInt(*s, file, "server", "port", &c->server.port, 0, 65535));
    RETURN_IF_ERROR(ReadInt(*s, file, "server", "threads", &c->server.threads, 1, 256));
    RETURN_IF_ERROR(ReadInt(*s, file, "server", "max_body_bytes", &c->server.max_body_bytes, 1024, int64_t{1} << 32));
    RETURN_IF_ERROR(ReadInt(*s, file, "server", "request_timeout_seconds", &c->server.request_timeout_seconds, 1, 3600));
    RETURN_IF_ERROR(ReadInt(*s, file, "server", "shutdown_grace_seconds", &c->server.shutdown_grace_seconds, 0, 600));
    RETURN_IF_ERROR(ReadBool(*s, file, "server", "cookie_secure", &c->server.cookie_secure));
    RETURN_IF_ERROR(ReadString(*s, file, "server", "public_url", &c->server.public_url));
    RETURN_IF_ERROR(ReadRanges(*s, file, "trusted_proxies", &c->server.trusted_proxies));
    RETURN_IF_ERROR(ReadRanges(*s, file, "metrics_allow", &c->server.metrics_allow));
    RETURN_IF_ERROR(ReadInt(*s, file, "server", "min_free_mb", &c->server.min_free_mb, 0, 1 << 20));
    RETURN_IF_ERROR(ReadHosts(*s, file, &c->server.hosts));
    RETURN_IF_ERROR(ReadInt(*s, file, "server", "page_cache_mb", &c->server.page_cache_mb, 0, 65536));
    RETURN_IF_ERROR(ReadInt(*s, file, "server", "portal_recheck_ms", &c->server.portal_recheck_ms, 0, 60000));
    RETURN_IF_ERROR(ReadInt(*s, file, "server", "sitemap_urls_per_file", &c->server.sitemap_urls_per_file, 1, 50000));
    RETURN_IF_ERROR(ReadInt(*s, file, "server", "search_rank_cap", &c->server.search_rank_cap, 0, 1000000));
  }
  if (const toml::table* s = Section(root, "database")) {
    RETURN_IF_ERROR(CheckKeys(*s, file, "database", {"url", "pool_size"}));
    RETURN_IF_ERROR(ReadString(*s, file, "database", "url", &c->database.url));
    RETURN_IF_ERROR(ReadInt(*s, file, "database", "pool_size", &c->database.pool_size, 1, 256));
  }
  if (const toml::table* s = Section(root, "security")) {
    RETURN_IF_ERROR(CheckKeys(*s, file, "security", {"session_idle_minutes", "session_absolute_hours",
        "login_max_failures", "login_window_minutes", "ip_max_failures", "password_cost", "min_password_length", "data_key_file"}));
    auto& sec = c->security;
    RETURN_IF_ERROR(ReadInt(*s, file, "security", "session_idle_minutes", &sec.session_idle_minutes, 1, 24 * 60));
    RETURN_IF_ERROR(ReadInt(*s, file, "security", "session_absolute_hours", &sec.session_absolute_hours, 1, 24 * 30));
    RETURN_IF_ERROR(ReadInt(*s, file, "security", "login_max_failures", &sec.login_max_failures, 1, 1000));
    RETURN_IF_ERROR(ReadInt(*s, file, "security", "login_window_minutes", &sec.login_window_minutes, 1, 24 * 60));
    RETURN_IF_ERROR(ReadInt(*s, file, "security", "ip_max_failures", &sec.ip_max_failures, 1, 100000));
    RETURN_IF_ERROR(ReadInt(*s, file, "security", "min_password_length", &sec.min_password_length, 8, 128));
    RETURN_IF_ERROR(ReadString(*s, file, "security", "data_key_file", &sec.data_key_file));
    std::string cost;
    RETURN_IF_ERROR(ReadString(*s, file, "security", "password_cost", &cost));
    if (!cost.empty()) {
      auto parsed = ParseCost(cost);
      if (!parsed.ok()) return InvalidArgument(file + ": security." + parsed.status().message());
      sec.password_cost = *parsed;
    }
  }
  if (const toml::table* s = Section(root, "channels")) {
    RETURN_IF_ERROR(CheckKeys(*s, file, "channels", {"push_interval_seconds", "wechat_token_file",
        "gateway_allowed_hosts"}));
    RETURN_IF_ERROR(ReadInt(*s, file, "channels", "push_interval_seconds", &c->channels.push_interval_seconds, 0, 86400));
    RETURN_IF_ERROR(ReadString(*s, file, "channels", "wechat_token_file", &c->channels.wechat_token_file));
    RETURN_IF_ERROR(ReadStrings(*s, file, "channels", "gateway_allowed_hosts", &c->channels.gateway_allowed_hosts));
  }
  if (const toml::table* s = Section(root, "paths")) {
    RETURN_IF_ERROR(CheckKeys(*s, file, "paths", {"root"}));
    RETURN_IF_ERROR(ReadString(*s, file, "paths", "root", &c->root));
  }
  return Status::Ok();
}

Status ApplyEnv(const std::map<std::string, std::string>& env, Config* c) {
  auto get = [&](const char* k) -> const std::string* {
    auto it = env.find(k);
    return it == env.end() ? nullptr : &it->second;
  };
  if (auto v = get("GONGKAI_DATABASE_URL")) c->database.url = *v;
  if (auto v = get("GONGKAI_LISTEN")) c->server.listen = *v;
  if (auto v = get("GONGKAI_ROOT")) c->root = *v;
  if (auto v = get("GONGKAI_AGENCY")) c->agency = *v;
  if (auto v = get("GONGKAI_PUBLIC_URL")) c->server.public_url = *v;
  if (auto v = get("GONGKAI_DATA_KEY")) c->security.data_key = *v;
  if (auto v = get("GONGKAI_DATA_KEY_FILE")) c->security.data_key_file = *v;
  if (auto v = get("GONGKAI_WECHAT_TOKEN")) c->channels.wechat_token = *v;
  if (auto v = get("GONGKAI_PORT")) {
    char* end = nullptr;
    long p = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || p < 0 || p > 65535) {
      return InvalidArgument("GONGKAI_PORT must be a port number 0..65535, not \"" + *v + "\"");
    }
    c->server.port = static_cast<int>(p);
  }
  if (auto v = get("GONGKAI_PAGE_CACHE_MB")) {
    char* end = nullptr;
    long mb = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || mb < 0 || mb > 65536) {
      return InvalidArgument("GONGKAI_PAGE_CACHE_MB must be a number of MiB 0..65536, not \"" + *v + "\"");
    }
    c->server.page_cache_mb = static_cast<int>(mb);
  }
  if (auto v = get("GONGKAI_COOKIE_SECURE")) {
    if (*v != "0" && *v != "1") return InvalidArgument("GONGKAI_COOKIE_SECURE must be 0 or 1");
    c->server.cookie_secure = *v == "1";
  }
  if (auto v = get("GONGKAI_TRUSTED_PROXIES")) {
    c->server.trusted_proxies.clear();
    for (const std::string& item : Split(*v, ',')) {
      if (Trim(item).empty()) continue;
      auto range = ParseIpRange(Trim(item));
      if (!range.ok()) return InvalidArgument("GONGKAI_TRUSTED_PROXIES: " + range.status().message());
      c->server.trusted_proxies.push_back(*range);
    }
  }
  if (auto v = get("GONGKAI_PASSWORD_COST")) {
    auto cost = ParseCost(*v);
    if (!cost.ok()) return InvalidArgument("GONGKAI_PASSWORD_COST: " + cost.status().message());
    c->security.password_cost = *cost;
  }
  return Status::Ok();
}

}  // namespace

Result<Config> LoadConfig(const std::string& path, const std::map<std::string, std::string>& env,
                          const std::string& default_root) {
  Config c;
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in) return NotFound("configuration file " + path + " cannot be read");
    std::stringstream ss;
    ss << in.rdbuf();
    try {
      toml::table root = toml::parse(ss.str(), path);
      RETURN_IF_ERROR(ApplyToml(root, path, &c));
    } catch (const toml::parse_error& e) {
      return InvalidArgument(path + ": line " + std::to_string(e.source().begin.line) + ": " +
                             std::string(e.description()));
    }
  }
  RETURN_IF_ERROR(ApplyEnv(env, &c));
  if (c.root.empty()) c.root = default_root;
  const std::string& u = c.server.public_url;
  if (!u.empty() && ((u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0) || u.back() == '/' ||
                     u.find_first_of(" \"<>\\") != std::string::npos)) {
    return InvalidArgument("server.public_url must be an http:// or https:// address without a trailing '/', not \"" +
                           u + "\"");
  }
  return c;
}

std::map<std::string, std::string> GongkaiEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string_view kv(*e);
    if (kv.rfind("GONGKAI_", 0) != 0) continue;
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

}  // namespace gk
