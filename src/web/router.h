// A small router: method + path pattern ("/staff/admin/users/{id}") → handler.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace gk::web {

template <typename Handler>
class Router {
 public:
  struct Match {
    const Handler* handler = nullptr;     // nullptr: no route
    bool path_matched = false;            // true if the path matched with another method (405)
    std::map<std::string, std::string> params;
  };

  void Add(const std::string& method, const std::string& pattern, Handler h) {
    routes_.push_back({method, Segments(pattern), std::move(h)});
  }

  Match Find(const std::string& method, const std::string& path) const {
    Match m;
    std::vector<std::string> parts = Segments(path);
    for (const Route& r : routes_) {
      std::map<std::string, std::string> params;
      if (!MatchSegments(r.segments, parts, &params)) continue;
      if (r.method != method && !(method == "HEAD" && r.method == "GET")) {
        m.path_matched = true;
        continue;
      }
      m.handler = &r.handler;
      m.params = std::move(params);
      return m;
    }
    return m;
  }

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };

  static std::vector<std::string> Segments(const std::string& path) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < path.size()) {
      while (i < path.size() && path[i] == '/') ++i;
      size_t j = path.find('/', i);
      if (j == std::string::npos) j = path.size();
      if (j > i) out.push_back(path.substr(i, j - i));
      i = j;
    }
    return out;
  }

  static bool MatchSegments(const std::vector<std::string>& pattern, const std::vector<std::string>& parts,
                            std::map<std::string, std::string>* params) {
    if (pattern.size() != parts.size()) return false;
    for (size_t i = 0; i < pattern.size(); ++i) {
      const std::string& p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        (*params)[p.substr(1, p.size() - 2)] = parts[i];
      } else if (p != parts[i]) {
        return false;
      }
    }
    return true;
  }

  std::vector<Route> routes_;
};

}  // namespace gk::web
