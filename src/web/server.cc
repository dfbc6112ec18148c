#include "web/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

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
#include <boost/asio/write.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <csignal>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/metrics.h"
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
  std::shared_ptr<spdlog::logger> access_log;  // one JSON line per request
  int in_flight_gauge = 0;                      // metrics::Registry id

  void Accept();
  void BeginStop();
  void Drain();
};

namespace {

// Appends `s` as a JSON string (the escapes of boost::json::serialize).
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c >= 0x20) {
      out += ch;
    } else if (c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
      out += '\\';
      out += c == '\b' ? 'b' : c == '\t' ? 't' : c == '\n' ? 'n' : c == '\f' ? 'f' : 'r';
    } else {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  out += '"';
}

// FormatUtc of the current second, formatted once per second per thread.
const std::string& NowUtc() {
  thread_local UnixSeconds second = -1;
  thread_local std::string text;
  UnixSeconds now = SystemClock().Now();
  if (now != second) {
    second = now;
    text = FormatUtc(now);
  }
  return text;
}

thread_local const std::string* serving = nullptr;  // CurrentRequestId

// The request metrics: counts by route, method and status, and latency by
// route. The route is the pattern that answered, so their number is bounded.
void CountRequest(const Request& req, const Response& res, std::chrono::steady_clock::duration took) {
  static metrics::Counter& requests = metrics::Registry::Global().NewCounter(
      "gongkai_http_requests_total", "HTTP requests answered, by route pattern, method and status.",
      {"route", "method", "status"});
  static metrics::Histogram& latency = metrics::Registry::Global().NewHistogram(
      "gongkai_http_request_duration_seconds", "Time from a request read to its response handed to the socket.",
      {"route"});
  static const std::string kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  std::string_view method = "other";
  for (const auto& m : kMethods) {
    if (req.method == m) method = m;
  }
  std::string_view route = res.route.empty() ? std::string_view("other") : std::string_view(res.route);
  char status[8];
  std::snprintf(status, sizeof status, "%d", res.status);
  requests.Add({route, method, status});
  latency.Observe({route}, std::chrono::duration<double>(took).count());
}

// One JSON object per line: {"ts":…,"rid":…,"ip":…,"method":…,"path":…,
// "status":…,"bytes":…,"us":…[,"user":…]}.
void LogAccess(spdlog::logger& log, const std::vector<IpRange>& trusted, const Request& req, const Response& res,
               std::chrono::steady_clock::duration took) {
  std::string line;
  line.reserve(160 + req.path.size());
  line += "{\"ts\":";
  AppendJsonString(line, NowUtc());
  line += ",\"rid\":";
  AppendJsonString(line, req.id);
  line += ",\"ip\":";
  // The client as the limits see it (behind a trusted proxy, the address it
  // passed on).
  AppendJsonString(line, trusted.empty() ? req.remote_ip : ClientAddress(req, trusted));
  line += ",\"method\":";
  AppendJsonString(line, req.method);
  line += ",\"path\":";
  AppendJsonString(line, req.path);
  line += ",\"status\":";
  line += std::to_string(res.status);
  line += ",\"bytes\":";
  line += std::to_string(res.BodySize());
  line += ",\"us\":";
  line += std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(took).count());
  if (!res.log_user.empty()) {
    line += ",\"user\":";
    AppendJsonString(line, res.log_user);
  }
  line += '}';
  log.log(spdlog::level::info, spdlog::string_view_t(line.data(), line.size()));
}

Request Convert(http::request<http::string_body>& in, const std::string& ip) {
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
  r.body = std::move(in.body());
  return r;
}

// A header line's name and value may not hold CR or LF (they would end it).
bool SafeHeader(std::string_view name, std::string_view value) {
  for (std::string_view s : {name, value}) {
    if (std::memchr(s.data(), '\r', s.size()) || std::memchr(s.data(), '\n', s.size())) return false;
  }
  return true;
}

// The bytes of a response on the wire: the head (status line, the headers
// in order, Connection: close when the connection ends, Content-Length —
// what Beast's serializer wrote before) and the body, owned or shared, or a
// slice of a memory file sent with sendfile(2).
struct Outgoing {
  std::string head;
  std::string body;
  std::shared_ptr<const std::string> shared_body;
  std::shared_ptr<const FileBytes> file;
  size_t file_offset = 0, file_length = 0;
  size_t head_sent = 0, file_sent = 0;  // progress of SendFile
};

std::shared_ptr<Outgoing> Serialize(Response&& res, bool keep_alive, bool head) {
  auto out = std::make_shared<Outgoing>();
  const size_t length = res.BodySize();
  size_t size = 64;
  for (const auto& [k, v] : res.headers) size += k.size() + v.size() + 4;
  std::string& h = out->head;
  h.reserve(size);
  h += "HTTP/1.1 ";
  h += std::to_string(res.status);
  h += ' ';
  std::string_view reason = http::obsolete_reason(static_cast<http::status>(res.status));
  h.append(reason.data(), reason.size());
  h += "\r\n";
  for (const auto& [k, v] : res.headers) {
    if (!SafeHeader(k, v)) {
      spdlog::error("response header {} dropped: it holds a line break", k);
      continue;
    }
    h += k;
    h += ": ";
    h += v;
    h += "\r\n";
  }
  if (!keep_alive) h += "Connection: close\r\n";
  h += "Content-Length: ";
  h += std::to_string(length);
  h += "\r\n\r\n";
  if (!head) {
    out->body = std::move(res.body);
    out->shared_body = std::move(res.shared_body);
    out->file = std::move(res.file_body);
    out->file_offset = res.file_offset;
    out->file_length = res.file_length;
  }
  return out;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Server::Impl& srv) : stream_(std::move(socket)), srv_(srv) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    ip_ = ec ? "unknown" : ep.address().to_string();
  }

  void Start() {
    // Non-blocking from the start (Asio's own operations set it at the
    // first read anyway): SendFile writes to the descriptor directly.
    beast::error_code ec;
    stream_.socket().native_non_blocking(true, ec);
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
    const bool keep_asked = parser_->get().keep_alive();
    const bool head = parser_->get().method() == http::verb::head;
    Request req = Convert(parser_->get(), ip_);
    req.id = RequestIdFor(req, srv_.config.trusted_proxies);
    Response res;
    ++srv_.in_flight;
    serving = &req.id;
    try {
      res = srv_.handler(req);
    } catch (const std::exception& e) {
      spdlog::error("unhandled exception in handler for {} {}: {}", req.method, req.path, e.what());
      res = Response::Text(500, "服务器内部错误（请求编号：" + req.id + "）");
    }
    serving = nullptr;
    --srv_.in_flight;
    res.SetHeader("X-Request-Id", req.id);
    const auto took = std::chrono::steady_clock::now() - started;
    LogAccess(*srv_.access_log, srv_.config.trusted_proxies, req, res, took);
    CountRequest(req, res, took);
    Write(std::move(res), keep_asked && !srv_.stopping, head);
  }

  void SendError(int status, const char* message) {
    Request req;
    req.remote_ip = ip_;
    req.method = "?";
    req.id = RequestIdFor(req, {});
    Response res = Response::Text(status, message);
    res.SetHeader("X-Request-Id", req.id);
    LogAccess(*srv_.access_log, srv_.config.trusted_proxies, req, res, {});
    Write(std::move(res), false, false);
  }

  void Write(Response res, bool keep_alive, bool head) {
    auto out = Serialize(std::move(res), keep_alive, head);
    if (out->file) return SendFile(std::move(out), keep_alive);
    const std::string& body = out->shared_body ? *out->shared_body : out->body;
    std::array<net::const_buffer, 2> buffers{net::buffer(out->head), net::buffer(body)};
    stream_.expires_after(std::chrono::seconds(srv_.config.request_timeout_seconds));
    net::async_write(stream_, buffers, [self = shared_from_this(), out, keep_alive](beast::error_code ec, size_t) {
      if (ec || !keep_alive) return self->Close();
      self->Read();
    });
  }

  // A body in a memory file: the head with send(MSG_MORE), then the file's
  // slice with sendfile(2), which hands the file's pages to the socket
  // instead of copying them from user memory. The socket is corked
  // (TCP_CORK) meanwhile, so that the head and the file leave in full
  // segments, as nginx's tcp_nopush does (measured on a cached 146 KB
  // attachment: 55 µs of server CPU per response without it, 28 with it);
  // uncorking sends the rest at once. The socket is non-blocking (Start);
  // when its buffer is full, waits until it takes more, at most
  // request_timeout_seconds each time.
  void SendFile(std::shared_ptr<Outgoing> out, bool keep_alive) {
    const int sock = stream_.socket().native_handle();
    if (out->head_sent == 0 && out->file_sent == 0) {
      int on = 1;
      ::setsockopt(sock, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
    }
    while (out->head_sent < out->head.size()) {
      ssize_t n = ::send(sock, out->head.data() + out->head_sent, out->head.size() - out->head_sent,
                         MSG_NOSIGNAL | MSG_MORE);
      if (n >= 0) {
        out->head_sent += static_cast<size_t>(n);
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return AwaitWritable(std::move(out), keep_alive);
      } else if (errno != EINTR) {
        return Close();
      }
    }
    while (out->file_sent < out->file_length) {
      off_t offset = static_cast<off_t>(out->file_offset + out->file_sent);
      ssize_t n = ::sendfile(sock, out->file->fd(), &offset, out->file_length - out->file_sent);
      if (n > 0) {
        out->file_sent += static_cast<size_t>(n);
      } else if (n == 0) {  // the file ends early: cannot happen, it is sealed
        spdlog::error("cached file ended {} bytes early", out->file_length - out->file_sent);
        return Close();
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return AwaitWritable(std::move(out), keep_alive);
      } else if (errno != EINTR) {
        return Close();
      }
    }
    int off = 0;
    ::setsockopt(sock, IPPROTO_TCP, TCP_CORK, &off, sizeof off);
    if (!keep_alive) return Close();
    Read();
  }

  void AwaitWritable(std::shared_ptr<Outgoing> out, bool keep_alive) {
    send_timer_.expires_after(std::chrono::seconds(srv_.config.request_timeout_seconds));
    send_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // cancelled: the socket took more
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
    stream_.socket().async_wait(tcp::socket::wait_write, [self = shared_from_this(), out = std::move(out),
                                                          keep_alive](beast::error_code ec) mutable {
      self->send_timer_.cancel();
      if (ec) return self->Close();
      self->SendFile(std::move(out), keep_alive);
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
  net::steady_timer send_timer_{stream_.get_executor()};  // AwaitWritable's limit
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Server::Impl& srv_;
  std::string ip_;
  std::array<char, 4096> drain_;
};

}  // namespace

const char* CurrentRequestId() { return serving ? serving->c_str() : ""; }

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
  // sendfile(2) has no MSG_NOSIGNAL: a client gone mid-response must give
  // EPIPE, not end the process.
  std::signal(SIGPIPE, SIG_IGN);
  impl_->access_log = spdlog::get("access");
  if (!impl_->access_log) {
    impl_->access_log = spdlog::stdout_logger_mt("access");
    impl_->access_log->set_pattern("%v");  // one JSON object per line
  }
  impl_->in_flight_gauge = metrics::Registry::Global().AddGauge(
      "gongkai_http_requests_in_flight", "Requests being handled now.", [impl = impl_.get()](std::string& out) {
        metrics::AppendSample(out, "gongkai_http_requests_in_flight", "", impl->in_flight.load());
      });
}

Server::~Server() { metrics::Registry::Global().RemoveGauge(impl_->in_flight_gauge); }

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
