#include "net/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <cctype>
#include <chrono>

namespace gk::net {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Status CheckAllowedHost(const std::string& url, const std::vector<std::string>& allowed) {
  auto u = boost::urls::parse_absolute_uri(url);
  if (!u || u->scheme() != "http" || u->host().empty() || u->has_userinfo()) {
    return InvalidArgument("推送网关地址须为 http:// 开头的完整地址");
  }
  const std::string host = Lower(u->host());
  for (const std::string& a : allowed) {
    if (Lower(a) == host) return Status::Ok();
  }
  return PermissionDenied("推送网关地址的主机“" + host +
                          "”不在配置文件允许的网关主机（channels.gateway_allowed_hosts）之中，请联系系统运维人员");
}

Result<Answer> Post(const PostRequest& request) {
  // Nothing, not even a name look-up, goes to a host that is not allowed.
  RETURN_IF_ERROR(CheckAllowedHost(request.url, request.allowed_hosts));
  auto url = boost::urls::parse_absolute_uri(request.url);
  std::string host = url->host();
  std::string port = url->has_port() ? std::string(url->port()) : "80";
  std::string target = url->encoded_path().empty() ? "/" : std::string(url->encoded_path());
  if (url->has_query()) target += "?" + std::string(url->encoded_query());

  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  const auto deadline = std::chrono::seconds(request.timeout_seconds);
  beast::error_code ec;
  Answer answer;
  auto fail = [&](const char* what) {
    return Unavailable(std::string(what) + " " + host + ":" + port + ": " + ec.message());
  };
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(host, port, ec);
  if (ec) return fail("cannot resolve");
  stream.expires_after(deadline);
  stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
  io.run();
  if (ec) return fail("cannot connect to");

  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::host, url->has_port() ? host + ":" + port : host);
  req.set(http::field::user_agent, "Gongkai");
  req.set(http::field::content_type, request.content_type);
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = request.body;
  req.prepare_payload();

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(request.max_answer_bytes);
  io.restart();
  http::async_write(stream, req, [&](beast::error_code e, size_t) {
    ec = e;
    if (ec) return;
    http::async_read(stream, buffer, parser, [&](beast::error_code e2, size_t) { ec = e2; });
  });
  io.run();
  if (ec) return fail("no answer from");
  answer.status = static_cast<int>(parser.get().result_int());
  answer.body = std::move(parser.get().body());
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return answer;
}

}  // namespace gk::net
