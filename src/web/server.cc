#include "web/server.h"

#include <array>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <csignal>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/strings.h"

namespace gk::web {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Server::Impl {
  ServerConfig config;
  Handler handler;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  net::signal_set signals{ioc};
  net::steady_timer drain_timer{ioc};
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  std::chrono::steady_clock::time_point stop_deadline;
  int bound_port = 0;

  void Accept();
  void BeginStop();
  void Drain();
};

namespace {

void LogAccess(const Request& req, const Response& res, std::chrono::steady_clock::duration took) {
  boost::json::object o;
  o["ts"] = FormatUtc(SystemClock().Now());
  o["ip"] = req.remote_ip;
  o["method"] = req.method;
  o["path"] = req.path;
  o["status"] = res.status;
  o["bytes"] = res.body.size();
  o["us"] = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
  if (!res.log_user.empty()) o["user"] = res.log_user;
  spdlog::get("access")->info(boost::json::serialize(o));
}

Request Convert(const http::request<http::string_body>& in, const std::string& ip) {
  Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  r.remote_ip = ip;
  for (const auto& f : in) {
    std::string name = ToLowerAscii(f.name_string());
    std::string& value = r.headers[name];
    // Repeated X-Forwarded-For lines form one list (web::ClientAddress reads
    // it from the right); for other headers the last line wins.
    value = name == "x-forwarded-for" && !value.empty() ? value + ", " + std::string(f.value()) : std::string(f.value());
  }
  r.body = in.body();
  return r;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Server::Impl& srv) : stream_(std::move(socket)), srv_(srv) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    ip_ = ec ? "unknown" : ep.address().to_string();
  }

  void Start() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Connection::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(srv_.config.max_body_bytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(srv_.config.request_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Connection::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      return Close();
    }
    if (ec == http::error::body_limit) return SendError(413, "请求内容过大");
    if (ec == http::error::header_limit) return SendError(431, "请求头过大");
    if (ec) return SendError(400, "请求格式错误");
    auto started = std::chrono::steady_clock::now();
    Request req = Convert(parser_->get(), ip_);
    Response res;
    ++srv_.in_flight;
    try {
      res = srv_.handler(req);
    } catch (const std::exception& e) {
      spdlog::error("unhandled exception in handler for {} {}: {}", req.method, req.path, e.what());
      res = Response::Text(500, "服务器内部错误");
    }
    --srv_.in_flight;
    LogAccess(req, res, std::chrono::steady_clock::now() - started);
    bool keep = parser_->get().keep_alive() && !srv_.stopping;
    Write(std::move(res), keep, parser_->get().method() == http::verb::head);
  }

  void SendError(int status, const char* message) {
    Request req;
    req.remote_ip = ip_;
    req.method = "?";
    Response res = Response::Text(status, message);
    LogAccess(req, res, {});
    Write(std::move(res), false, false);
  }

  void Write(Response res, bool keep_alive, bool head) {
    auto out = std::make_shared<http::response<http::string_body>>();
    out->result(static_cast<unsigned>(res.status));
    out->version(11);
    for (const auto& [k, v] : res.headers) out->insert(k, v);
    out->body() = head ? std::string() : std::move(res.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
    if (head) out->content_length(res.body.size());
    stream_.expires_after(std::chrono::seconds(srv_.config.request_timeout_seconds));
    http::async_write(stream_, *out, [self = shared_from_this(), out, keep_alive](beast::error_code ec, size_t) {
      if (ec || !keep_alive) return self->Close();
      self->Read();
    });
  }

  // Closes gracefully: no more output, then what the client still sends is
  // read and dropped until it closes its side too, for at most 2 seconds in
  // all. Closing with unread input would send a TCP reset, which can destroy
  // a response sent before the whole request was read (413, 431, 400) before
  // the client reads it.
  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return;
    stream_.expires_after(std::chrono::seconds(2));
    Drain();
  }

  void Drain() {
    stream_.async_read_some(net::buffer(drain_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (!ec) self->Drain();
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Server::Impl& srv_;
  std::string ip_;
  std::array<char, 4096> drain_;
};

}  // namespace

void Server::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!stopping) spdlog::warn("accept failed: {}", ec.message());
    } else {
      std::make_shared<Connection>(std::move(socket), *this)->Start();
    }
    if (!stopping && acceptor.is_open()) Accept();
  });
}

void Server::Impl::BeginStop() {
  if (stopping.exchange(true)) return;
  spdlog::info("shutting down: no new connections, waiting for {} request(s) in flight", in_flight.load());
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  stop_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(config.shutdown_grace_seconds);
  Drain();
}

void Server::Impl::Drain() {
  if (in_flight == 0 || std::chrono::steady_clock::now() >= stop_deadline) {
    ioc.stop();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this](beast::error_code) { Drain(); });
}

Server::Server(const ServerConfig& config, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->config = config;
  impl_->handler = std::move(handler);
  if (!spdlog::get("access")) {
    auto logger = spdlog::stdout_logger_mt("access");
    logger->set_pattern("%v");  // one JSON object per line
  }
}

Server::~Server() = default;

Status Server::Listen() {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->config.listen, ec);
  if (ec) return InvalidArgument("invalid listen address \"" + impl_->config.listen + "\"");
  tcp::endpoint ep(address, static_cast<unsigned short>(impl_->config.port));
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Unavailable("cannot listen on " + impl_->config.listen + ":" + std::to_string(impl_->config.port) +
                       ": " + ec.message());
  }
  impl_->bound_port = a.local_endpoint().port();
  return Status::Ok();
}

int Server::port() const { return impl_->bound_port; }

void Server::StopOnSignals() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) impl_->BeginStop();
  });
}

void Server::Run() {
  impl_->Accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->config.threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void Server::Stop() {
  net::post(impl_->ioc, [this] { impl_->BeginStop(); });
}

}  // namespace gk::web
