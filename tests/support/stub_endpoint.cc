#include "support/stub_endpoint.h"

#include <gtest/gtest.h>

namespace gk::testing {

StubEndpoint::StubEndpoint() {
  ServerConfig config;
  config.listen = "127.0.0.1";
  config.port = 0;
  config.threads = 1;
  server_ = std::make_unique<web::Server>(config, [this](web::Request& r) { return Handle(r); });
  Status s = server_->Listen();
  EXPECT_TRUE(s.ok()) << s.message();
  thread_ = std::thread([this] { server_->Run(); });
}

StubEndpoint::~StubEndpoint() {
  server_->Stop();
  if (thread_.joinable()) thread_.join();
}

std::string StubEndpoint::url() const { return "http://127.0.0.1:" + std::to_string(server_->port()) + "/push"; }

void StubEndpoint::AnswerWith(std::vector<int> statuses, std::string body) {
  std::lock_guard lock(mu_);
  statuses_.assign(statuses.begin(), statuses.end());
  body_ = std::move(body);
}

std::vector<web::Request> StubEndpoint::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

web::Response StubEndpoint::Handle(web::Request& req) {
  std::lock_guard lock(mu_);
  requests_.push_back(req);
  int status = 200;
  if (!statuses_.empty()) {
    status = statuses_.front();
    statuses_.pop_front();
  }
  std::string body = status >= 200 && status < 300
                         ? "{\"errcode\":0,\"media_id\":\"M" + std::to_string(requests_.size()) + "\"}"
                         : "{\"errcode\":" + std::to_string(status) + "}";
  if (!body_.empty()) body = body_;
  return web::Response::Json(status, body);
}

}  // namespace gk::testing
