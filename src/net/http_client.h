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
  // The hosts that may be contacted (CheckAllowedHost); nothing else is.
  std::vector<std::string> allowed_hosts;
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

// OK if `url` is an http:// address without user information whose host is
// one of `allowed` (compared without case). InvalidArgument for anything
// else that is not such an address, PermissionDenied for another host; the
// messages are for staff (Simplified Chinese).
Status CheckAllowedHost(const std::string& url, const std::vector<std::string>& allowed);

// InvalidArgument for a URL that is not http://host…, PermissionDenied for a
// host not in request.allowed_hosts (nothing is sent); Unavailable when the
// host cannot be resolved or reached, the time runs out, or the answer is
// not HTTP or too long. Any HTTP status is an Answer, not an error.
Result<Answer> Post(const PostRequest& request);

}  // namespace gk::net
