// HTTP request and response as the rest of Gongkai sees them: plain structs,
// no Beast. server.cc converts between these and the wire.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/config.h"
#include "base/ip.h"
#include "base/status.h"

namespace gk::web {

using Params = std::multimap<std::string, std::string>;

// Bytes kept in a sealed in-memory file (memfd_create, sealed against any
// change), which the server hands to the socket with sendfile(2): the kernel
// sends the file's pages without copying them from user memory per response.
// Holds the descriptor; closed with the last reference.
class FileBytes {
 public:
  // A sealed memory file holding `bytes`; nullptr when the system cannot
  // make one (then the caller keeps the bytes in memory).
  static std::shared_ptr<const FileBytes> Of(std::string_view bytes);
  // The `size` bytes of the file open as `fd` (an unlinked temporary file
  // nobody else can reach: an export), which it now owns.
  static std::shared_ptr<const FileBytes> Adopt(int fd, size_t size);
  ~FileBytes();
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  int fd() const { return fd_; }
  size_t size() const { return size_; }

 private:
  FileBytes(int fd, size_t size) : fd_(fd), size_(size) {}
  int fd_;
  size_t size_;
};

struct Request {
  std::string method;               // "GET", "POST", …
  std::string target;               // as received: "/staff?x=1"
  std::string path;                 // percent-decoded path: "/staff"
  Params query;                     // decoded query parameters
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote_ip;
  // This request's id: a trusted proxy's X-Request-Id, else one the server
  // made. In the access log, the response's X-Request-Id and error pages.
  std::string id;

  std::string Header(const std::string& lower_name) const;
  std::string Cookie(const std::string& name) const;
  std::string QueryParam(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Instead of `body`: bytes shared with a cache (a cached page), sent
  // without a copy. When set, `body` is empty.
  std::shared_ptr<const std::string> shared_body;
  // Instead of both: bytes [file_offset, file_offset + file_length) of a
  // cached memory file (a large cached attachment), sent with sendfile(2).
  std::shared_ptr<const FileBytes> file_body;
  size_t file_offset = 0, file_length = 0;
  std::string log_user;  // who made the request, for the access log
  // The route's pattern ("/staff/applications/{id}") for the request
  // metrics; "" when no route answered (a 404).
  std::string route;

  // The bytes to send when they are in memory: *shared_body when set, else
  // body (empty when file_body is set).
  std::string_view Body() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }
  // How many bytes the body has, wherever they are.
  size_t BodySize() const { return file_body ? file_length : Body().size(); }
  // Drops the body, wherever it is (304, 416).
  void ClearBody() {
    body.clear();
    shared_body.reset();
    file_body.reset();
    file_offset = file_length = 0;
  }

  static Response Html(int status, std::string body);
  static Response Text(int status, std::string body);
  static Response Json(int status, std::string body);
  // 303 See Other to `location` (a path on this site).
  static Response Redirect(const std::string& location);

  void SetHeader(const std::string& name, const std::string& value);
  std::string Header(const std::string& name) const;
  // Adds a Set-Cookie header: Path=/, HttpOnly, SameSite=Lax (Strict if
  // `strict`), Secure if `secure`; max_age_seconds < 0 = session cookie,
  // 0 = delete.
  void SetCookie(const std::string& name, const std::string& value, bool secure, bool strict,
                 int max_age_seconds = -1);
};

// Decodes application/x-www-form-urlencoded text (also used for query
// strings). InvalidArgument for a bad %-escape or text that is not UTF-8.
Result<Params> ParseUrlEncoded(std::string_view text);
// The first value of `name`, or "".
std::string Param(const Params& p, const std::string& name);
std::string UrlEncode(std::string_view text);
// Decodes %XX escapes of a path (no '+' rule); InvalidArgument if malformed.
Result<std::string> DecodePath(std::string_view path);

// The address of the client that sent `req`, for per-address limits and
// logs: the peer of the connection (req.remote_ip), unless the peer is one of
// the `trusted` proxies; then X-Forwarded-For is read from the right and the
// first address that is not a trusted proxy is the client (all of them
// trusted: the left-most). A client cannot choose its key by sending its own
// header, since the proxies append the peer they saw. Canonical text
// ("192.0.2.1"; IPv4-mapped IPv6 as IPv4). The one place that decides it.
std::string ClientAddress(const Request& req, const std::vector<IpRange>& trusted);

// The id of `req`: the X-Request-Id a trusted proxy passed on (nginx's
// $request_id), when it is 1–64 characters of [A-Za-z0-9._-]; otherwise a
// new one, unique within the process and unlikely to repeat across nodes
// (a random prefix per process and a counter).
std::string RequestIdFor(const Request& req, const std::vector<IpRange>& trusted);

// What the visitor's browser asked for: the scheme and host of the request
// as a trusted proxy saw it (the first entries of X-Forwarded-Proto and
// X-Forwarded-Host, when the peer is one of `trusted`), else the connection's
// (plain HTTP: TLS ends at the proxy) and its Host header. Lower-case host.
struct AskedFor {
  bool https = false;
  std::string host;
};
AskedFor RequestAskedFor(const Request& req, const std::vector<IpRange>& trusted);

// Whether `req` came over HTTPS as far as this server can tell: the
// server.cookie_secure setting (the site is only ever served over HTTPS),
// or a trusted proxy's X-Forwarded-Proto. Cookies are then Secure and HSTS
// is sent.
bool ServedOverHttps(const Request& req, const ServerConfig& config);

// Whether the Origin header of a state-changing request names this site (no
// Origin header: yes, the form token decides; "null": no). This site is the
// origin of server.public_url when set, the scheme and host a trusted proxy
// passed on, or the Host header the request came with.
bool SameOrigin(const Request& req, const ServerConfig& config);

// The HTTP status for a Status code (Unauthenticated → 401, …).
int HttpStatusFor(Code code);
const char* ReasonPhrase(int status);

}  // namespace gk::web
