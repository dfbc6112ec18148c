// A blocking HTTP/1.1 client for the loopback tests, with a cookie jar, and
// an in-process test server on a free port.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "base/clock.h"
#include "base/config.h"
#include "support/test_db.h"
#include "web/app.h"
#include "web/server.h"

namespace gk::testing {

struct HttpResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  explicit HttpClient(int port) : port_(port) {}

  HttpResponse Get(const std::string& target, const std::map<std::string, std::string>& headers = {});
  // POST application/x-www-form-urlencoded of `fields` (values URL-encoded here).
  HttpResponse PostForm(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields,
                        const std::map<std::string, std::string>& headers = {});
  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body,
                    std::map<std::string, std::string> headers);
  // Sends raw bytes and returns everything the server answers until it closes.
  std::string Raw(const std::string& bytes);

  // Cookies received so far (name → value); sent back on every request.
  std::map<std::string, std::string>& cookies() { return cookies_; }
  // Signs in through POST /api/v1/session as a demo user; returns the
  // session's CSRF token for X-CSRF-Token ("" on failure, which also fails
  // the test).
  std::string ApiLogin(const std::string& username);
  // The value of the hidden _csrf field of an HTML page.
  static std::string CsrfFrom(const std::string& html);

 private:
  int port_;
  std::map<std::string, std::string> cookies_;
};

// The real App and Server on 127.0.0.1 (port 0), serving a fresh database
// seeded with the demo agency, on a background thread.
class TestServer {
 public:
  explicit TestServer(ServerConfig server = {}, ChannelsConfig channels = {});
  ~TestServer();

  int port() const { return server_->port(); }
  TestDb& db() { return db_; }
  FakeClock& clock() { return clock_; }
  const Config& config() const { return config_; }
  HttpClient Client() const { return HttpClient(port()); }
  // A client signed in as `username` (demo password).
  HttpClient LoggedIn(const std::string& username);

 private:
  TestDb db_;
  FakeClock clock_;
  Config config_;
  std::unique_ptr<web::App> app_;
  std::unique_ptr<web::Server> server_;
  std::thread thread_;
};

// A multipart/form-data body with boundary "gkb": the plain `fields`, then
// each file as (field name, file name, bytes).
std::string MultipartBody(const std::vector<std::pair<std::string, std::string>>& fields,
                          const std::vector<std::tuple<std::string, std::string, std::string>>& files);
inline const std::map<std::string, std::string> kMultipartHeaders = {
    {"Content-Type", "multipart/form-data; boundary=gkb"}};

// Takes the demo agency's draft item 1 through every step of the review
// chain to the portal, over HTTP, as the demo users would.
void PublishDemoItem(TestServer& server);

}  // namespace gk::testing
