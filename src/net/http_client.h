// An outgoing HTTP/1.1 POST, for pushing to other systems (the 公众号
// gateway of records/channels.h). Plain http:// only: the endpoint is the
// office's own gateway on its network, which holds the credentials of the
// outside platform. Beast and Asio live in http_client.cc only.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace gk::net {

struct PostRequest {
  std::string url;  // http://host[:port]/path[?query]
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int timeout_seconds = 20;           // connect, send and receive together
  size_t max_answer_bytes = 1 << 20;  // a longer answer is an error
};

struct Answer {
  int status = 0;
  std::string body;
};

// InvalidArgument for a URL that is not http://host…; Unavailable when the
// host cannot be resolved or reached, the time runs out, or the answer is
// not HTTP or too long. Any HTTP status is an Answer, not an error.
Result<Answer> Post(const PostRequest& request);

}  // namespace gk::net
