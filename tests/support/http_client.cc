#include "support/http_client.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <sstream>

#include "base/strings.h"
#include "support/english_scan.h"
#include "web/http.h"

namespace gk::testing {

namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string HttpResponse::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::string HttpClient::Raw(const std::string& bytes) {
  net::io_context ioc;
  tcp::socket s(ioc);
  s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)));
  net::write(s, net::buffer(bytes));
  s.shutdown(tcp::socket::shutdown_send);
  std::string out;
  boost::system::error_code ec;
  char buf[8192];
  for (;;) {
    size_t n = s.read_some(net::buffer(buf), ec);
    out.append(buf, n);
    if (ec) break;
  }
  return out;
}

namespace {

HttpResponse ParseResponse(const std::string& raw) {
  HttpResponse r;
  size_t end = raw.find("\r\n\r\n");
  std::string head = raw.substr(0, end);
  r.body = end == std::string::npos ? "" : raw.substr(end + 4);
  std::istringstream in(head);
  std::string line;
  std::getline(in, line);
  if (line.size() >= 12) r.status = std::stoi(line.substr(9, 3));
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    r.headers.emplace(ToLowerAscii(line.substr(0, colon)), std::string(Trim(line.substr(colon + 1))));
  }
  if (r.Header("transfer-encoding") == "chunked") ADD_FAILURE() << "chunked responses are not expected";
  return r;
}

}  // namespace

HttpResponse HttpClient::Send(const std::string& method, const std::string& target, const std::string& body,
                              std::map<std::string, std::string> headers) {
  // A "Host" among `headers` replaces the loopback address.
  std::string host = headers.count("Host") ? headers["Host"] : "127.0.0.1:" + std::to_string(port_);
  headers.erase("Host");
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n";
  std::string cookie;
  for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  if (!cookie.empty() && !headers.count("Cookie")) headers["Cookie"] = cookie;
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  HttpResponse r = ParseResponse(Raw(req));
  // Every page a test fetches is checked for English text (the interface
  // is Simplified Chinese; internal messages belong in the log).
  if (r.Header("content-type").rfind("text/html", 0) == 0) {
    auto hits = FindEnglish(r.body);
    if (!hits.empty()) ADD_FAILURE() << method << " " << target << " shows English:\n" << DescribeEnglish(hits);
  }
  for (auto [it, end] = r.headers.equal_range("set-cookie"); it != end; ++it) {
    std::string c = it->second.substr(0, it->second.find(';'));
    size_t eq = c.find('=');
    std::string name = c.substr(0, eq), value = c.substr(eq + 1);
    if (value.empty() || it->second.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
  return r;
}

HttpResponse HttpClient::Get(const std::string& target, const std::map<std::string, std::string>& headers) {
  return Send("GET", target, "", headers);
}

HttpResponse HttpClient::PostForm(const std::string& target,
                                  const std::vector<std::pair<std::string, std::string>>& fields,
                                  const std::map<std::string, std::string>& headers) {
  std::string body;
  for (const auto& [k, v] : fields) body += (body.empty() ? "" : "&") + web::UrlEncode(k) + "=" + web::UrlEncode(v);
  auto h = headers;
  h.emplace("Content-Type", "application/x-www-form-urlencoded");
  return Send("POST", target, body, h);
}

std::string HttpClient::ApiLogin(const std::string& username) {
  // The visitor CSRF cookie, and the form token bound to it.
  std::string visitor = CsrfFrom(Get("/staff/login").body);
  HttpResponse r = Send("POST", "/api/v1/session",
                        "{\"username\":\"" + username + "\",\"password\":\"" + accounts::kDemoPassword + "\"}",
                        {{"Content-Type", "application/json"}, {"X-CSRF-Token", visitor}});
  EXPECT_EQ(r.status, 201) << username << ": " << r.body;
  size_t p = r.body.find("\"csrf_token\":\"");
  if (p == std::string::npos) return "";
  p += 14;
  return r.body.substr(p, r.body.find('"', p) - p);
}

std::string HttpClient::CsrfFrom(const std::string& html) {
  const std::string marker = "name=\"_csrf\" value=\"";
  size_t p = html.find(marker);
  if (p == std::string::npos) return "";
  p += marker.size();
  return html.substr(p, html.find('"', p) - p);
}

TestServer::TestServer(ServerConfig server, ChannelsConfig channels) : clock_(SystemClock().Now()) {
  config_.server = server;
  config_.channels = std::move(channels);
  config_.server.listen = "127.0.0.1";
  config_.server.port = 0;
  config_.security = TestSecurity();
  config_.root = GK_SOURCE_DIR;
  SeedDemoAgency(db_.db(), clock_);
  auto app = web::App::Create(db_.db(), clock_, config_);
  if (!app.ok()) {
    std::fprintf(stderr, "App::Create: %s\n", app.status().ToString().c_str());
    std::abort();
  }
  app_ = std::move(*app);
  server_ = std::make_unique<web::Server>(config_.server, [this](web::Request& r) { return app_->Handle(r); });
  Status s = server_->Listen();
  if (!s.ok()) {
    std::fprintf(stderr, "Listen: %s\n", s.ToString().c_str());
    std::abort();
  }
  thread_ = std::thread([this] { server_->Run(); });
}

TestServer::~TestServer() {
  server_->Stop();
  thread_.join();
}

HttpClient TestServer::LoggedIn(const std::string& username) {
  HttpClient c = Client();
  HttpResponse page = c.Get("/staff/login");
  std::string csrf = HttpClient::CsrfFrom(page.body);
  HttpResponse r = c.PostForm("/staff/login", {{"_csrf", csrf}, {"username", username},
                                               {"password", accounts::kDemoPassword}, {"next", "/staff"}});
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_TRUE(c.cookies().count("gk_session")) << "login as " << username << " set no session cookie";
  return c;
}

std::string MultipartBody(const std::vector<std::pair<std::string, std::string>>& fields,
                          const std::vector<std::tuple<std::string, std::string, std::string>>& files) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--gkb\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }
  for (const auto& [name, filename, data] : files) {
    body += "--gkb\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
            "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n";
  }
  return body + "--gkb--\r\n";
}

void PublishDemoItem(TestServer& server) {
  for (const char* u : {"clerk", "depthead", "office", "leader", "principal", "office"}) {
    HttpClient c = server.LoggedIn(u);
    auto p = c.Get("/staff/items/1");
    std::string action = p.body.find("value=\"submit\"") != std::string::npos    ? "submit"
                         : p.body.find("value=\"approve\"") != std::string::npos ? "approve"
                                                                                 : "publish";
    ASSERT_EQ(c.PostForm("/staff/items/1/act", {{"_csrf", HttpClient::CsrfFrom(p.body)}, {"action", action}}).status,
              303) << u << " " << action;
  }
}

}  // namespace gk::testing
