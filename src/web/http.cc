#include "web/http.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>

#include "base/crypto.h"
#include "base/strings.h"

namespace gk::web {
namespace {

// ASCII case-insensitive equality of header names, without copies (every
// response sets and reads a dozen headers).
bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::string Request::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::string Request::Cookie(const std::string& name) const {
  std::string all = Header("cookie");
  for (const std::string& part : Split(all, ';')) {
    std::string_view kv = Trim(part);
    size_t eq = kv.find('=');
    if (eq != std::string_view::npos && kv.substr(0, eq) == name) return std::string(kv.substr(eq + 1));
  }
  return "";
}

std::string Request::QueryParam(const std::string& name) const { return Param(query, name); }

std::shared_ptr<const FileBytes> FileBytes::Of(std::string_view bytes) {
  int fd = ::memfd_create("gk-cached-body", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return nullptr;
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return nullptr;
    }
    done += static_cast<size_t>(n);
  }
  // Nobody may change the bytes now: not this process, not a descriptor
  // leaked to a child (there are none: close-on-exec).
  if (::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    ::close(fd);
    return nullptr;
  }
  return std::shared_ptr<const FileBytes>(new FileBytes(fd, bytes.size()));
}

std::shared_ptr<const FileBytes> FileBytes::Adopt(int fd, size_t size) {
  return std::shared_ptr<const FileBytes>(new FileBytes(fd, size));
}

FileBytes::~FileBytes() { ::close(fd_); }

Response Response::Html(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.SetHeader("Content-Type", "text/html; charset=utf-8");
  return r;
}

Response Response::Text(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.SetHeader("Content-Type", "text/plain; charset=utf-8");
  return r;
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.SetHeader("Content-Type", "application/json; charset=utf-8");
  return r;
}

Response Response::Redirect(const std::string& location) {
  Response r;
  r.status = 303;
  r.SetHeader("Location", location);
  return r;
}

void Response::SetHeader(const std::string& name, const std::string& value) {
  for (auto& [k, v] : headers) {
    if (SameName(k, name)) {
      v = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

std::string Response::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) if (SameName(k, name)) return v;
  return "";
}

void Response::SetCookie(const std::string& name, const std::string& value, bool secure, bool strict,
                         int max_age_seconds) {
  std::string c = name + "=" + value + "; Path=/; HttpOnly; SameSite=" + (strict ? "Strict" : "Lax");
  if (secure) c += "; Secure";
  if (max_age_seconds >= 0) c += "; Max-Age=" + std::to_string(max_age_seconds);
  headers.emplace_back("Set-Cookie", c);
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> Decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) return InvalidArgument("malformed percent-escape in request");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (!IsValidUtf8(out)) return InvalidArgument("request text is not valid UTF-8");
  return out;
}

}  // namespace

Result<Params> ParseUrlEncoded(std::string_view text) {
  Params out;
  if (text.empty()) return out;
  for (const std::string& pair : Split(text, '&')) {
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view k = std::string_view(pair).substr(0, eq);
    std::string_view v = eq == std::string::npos ? std::string_view() : std::string_view(pair).substr(eq + 1);
    ASSIGN_OR_RETURN(std::string key, Decode(k, true));
    ASSIGN_OR_RETURN(std::string value, Decode(v, true));
    out.emplace(std::move(key), std::move(value));
  }
  return out;
}

std::string Param(const Params& p, const std::string& name) {
  auto it = p.find(name);
  return it == p.end() ? "" : it->second;
}

std::string UrlEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<std::string> DecodePath(std::string_view path) { return Decode(path, false); }

namespace {

bool Trusted(const std::vector<IpRange>& trusted, const IpAddress& ip) {
  for (const IpRange& r : trusted) {
    if (InRange(r, ip)) return true;
  }
  return false;
}

}  // namespace

std::string ClientAddress(const Request& req, const std::vector<IpRange>& trusted) {
  std::optional<IpAddress> hop = ParseIp(req.remote_ip);
  if (!hop) return req.remote_ip;
  if (!Trusted(trusted, *hop)) return hop->ToString();
  std::vector<std::string> chain = Split(req.Header("x-forwarded-for"), ',');
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    std::optional<IpAddress> next = ParseIp(Trim(*it));
    // Garbage to the left of a trusted hop: the last address it vouched for.
    if (!next) break;
    hop = next;
    if (!Trusted(trusted, *hop)) break;
  }
  return hop->ToString();
}

namespace {

bool FromTrustedProxy(const Request& req, const std::vector<IpRange>& trusted);

bool ValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

}  // namespace

std::string RequestIdFor(const Request& req, const std::vector<IpRange>& trusted) {
  if (!trusted.empty()) {
    std::string given = req.Header("x-request-id");
    if (ValidRequestId(given) && FromTrustedProxy(req, trusted)) return given;
  }
  static const std::string prefix = RandomToken(6);  // 8 characters of base64url
  static std::atomic<uint64_t> counter{0};
  char n[20];
  std::snprintf(n, sizeof n, "%08llx", static_cast<unsigned long long>(counter.fetch_add(1) + 1));
  std::string id = prefix + "-" + n;
  for (char& c : id) {  // ids in logs are easier to select without '_'
    if (c == '_') c = '.';
  }
  return id;
}

namespace {

// The first entry of a comma-separated header, trimmed and lower-case.
std::string FirstEntry(const std::string& value) {
  return ToLowerAscii(Trim(std::string_view(value).substr(0, value.find(','))));
}

bool FromTrustedProxy(const Request& req, const std::vector<IpRange>& trusted) {
  std::optional<IpAddress> peer = ParseIp(req.remote_ip);
  return peer && Trusted(trusted, *peer);
}

// "https://host[:port]" of a URL, lower-case; "" if it has no scheme.
std::string OriginOfUrl(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  size_t end = url.find_first_of("/?#", scheme + 3);
  return ToLowerAscii(url.substr(0, end));
}

}  // namespace

AskedFor RequestAskedFor(const Request& req, const std::vector<IpRange>& trusted) {
  AskedFor out;
  out.host = ToLowerAscii(req.Header("host"));
  if (!FromTrustedProxy(req, trusted)) return out;
  std::string proto = FirstEntry(req.Header("x-forwarded-proto"));
  if (!proto.empty()) out.https = proto == "https";
  std::string host = FirstEntry(req.Header("x-forwarded-host"));
  if (!host.empty()) out.host = host;
  return out;
}

bool ServedOverHttps(const Request& req, const ServerConfig& config) {
  return config.cookie_secure || RequestAskedFor(req, config.trusted_proxies).https;
}

bool SameOrigin(const Request& req, const ServerConfig& config) {
  std::string origin = req.Header("origin");
  if (origin.empty()) return true;
  origin = ToLowerAscii(origin);
  if (origin == "null") return false;
  if (!config.public_url.empty() && origin == OriginOfUrl(config.public_url)) return true;
  std::string host = ToLowerAscii(req.Header("host"));
  if (!host.empty() && (origin == "http://" + host || origin == "https://" + host)) return true;
  AskedFor asked = RequestAskedFor(req, config.trusted_proxies);
  return !asked.host.empty() && origin == (asked.https ? "https://" : "http://") + asked.host;
}

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk: return 200;
    case Code::kInvalidArgument: return 400;
    case Code::kOutOfRange: return 400;
    case Code::kNotFound: return 404;
    case Code::kPermissionDenied: return 403;
    case Code::kUnauthenticated: return 401;
    case Code::kConflict: return 409;
    case Code::kFailedPrecondition: return 409;
    case Code::kTooLarge: return 413;
    case Code::kTooManyRequests: return 429;
    case Code::kUnavailable: return 503;
    case Code::kInternal: return 500;
  }
  return 500;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 303: return "See Other";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
  }
  return "";
}

}  // namespace gk::web
