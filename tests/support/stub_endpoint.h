// A stub of an outside system's HTTP endpoint (the 公众号 gateway) on a free
// loopback port: records every request and answers with the statuses it is
// told to, in order (then 200).
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "web/http.h"
#include "web/server.h"

namespace gk::testing {

class StubEndpoint {
 public:
  StubEndpoint();
  ~StubEndpoint();
  StubEndpoint(const StubEndpoint&) = delete;
  StubEndpoint& operator=(const StubEndpoint&) = delete;

  // http://127.0.0.1:PORT/push
  std::string url() const;
  // The next answers' statuses, in order; a 2xx answer's body is
  // {"errcode":0,"media_id":"M<n>"}, others {"errcode":<status>}, unless
  // `body` is given for all of them.
  void AnswerWith(std::vector<int> statuses, std::string body = "");
  std::vector<web::Request> requests() const;

 private:
  web::Response Handle(web::Request& req);

  mutable std::mutex mu_;
  std::deque<int> statuses_;
  std::string body_;
  std::vector<web::Request> requests_;
  std::unique_ptr<web::Server> server_;
  std::thread thread_;
};

}  // namespace gk::testing
