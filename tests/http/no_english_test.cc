// Every page a visitor, the 公开办 and the administrator can reach by links
// from their home pages is free of English (the HTTP client scans each HTML
// page it fetches, support/english_scan.h): a crawl over the demo agency
// with a published item, so that the item, catalog and search pages have
// something to show.
#include <gtest/gtest.h>

#include <deque>
#include <regex>
#include <set>

#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

// Same-site links of `html` (href="/…"), HTML entities of & undone.
std::vector<std::string> Links(const std::string& html) {
  static const std::regex kHref("href=\"(/[^\"#]*)");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kHref); it != std::sregex_iterator(); ++it) {
    std::string link = (*it)[1];
    for (size_t p; (p = link.find("&amp;")) != std::string::npos;) link.replace(p, 5, "&");
    out.push_back(link);
  }
  return out;
}

// Files, feeds and exports are not pages; logging out ends the crawl's session.
bool IsPage(const std::string& link) {
  for (const char* skip : {"/static/", "/pdf", "/export", "/attachments/", "/files/", "/letter", "/artifact",
                           "/evidence/", ".xml", "/download", "/logout", "/docx", "/xlsx", "/print"}) {
    if (link.find(skip) != std::string::npos) return false;
  }
  return true;
}

// Fetches every page reachable from `start` (at most `limit`); returns how many.
int Crawl(HttpClient& client, const std::string& start, size_t limit) {
  std::set<std::string> seen = {start};
  std::deque<std::string> queue = {start};
  int pages = 0;
  while (!queue.empty() && seen.size() <= limit) {
    std::string target = queue.front();
    queue.pop_front();
    auto r = client.Get(target);
    EXPECT_LT(r.status, 500) << target;
    if (r.Header("content-type").rfind("text/html", 0) != 0) continue;
    ++pages;
    for (const auto& link : Links(r.body)) {
      if (IsPage(link) && seen.insert(link).second) queue.push_back(link);
    }
  }
  return pages;
}

TEST(NoEnglishTest, EveryLinkedPageOfTheVisitorTheOfficeAndTheAdministrator) {
  TestServer server;
  testing::PublishDemoItem(server);
  HttpClient visitor = server.Client();
  EXPECT_GT(Crawl(visitor, "/", 200), 8);
  for (const char* user : {"office", "admin", "clerk", "leader"}) {
    HttpClient staff = server.LoggedIn(user);
    EXPECT_GT(Crawl(staff, "/staff", 300), 5) << user;
  }
}

}  // namespace
}  // namespace gk::web
