// Keyset pages of the staff lists over HTTP: a page with more rows after it
// links to the next one, following the links walks the list once, the
// heading's count is the rows walked, and a malformed ?after= starts from the
// first page.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

// The page's 下一页 link ("" if none), as a request target.
std::string NextLink(const std::string& body) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex("<a href=\"([^\"]*)\">下一页</a>"))) return "";
  std::string href = m[1];
  for (size_t at; (at = href.find("&amp;")) != std::string::npos;) href.replace(at, 5, "&");
  return href;
}

// Every match of `pattern`'s first group in `body`, in order.
std::vector<std::string> All(const std::string& body, const std::string& pattern) {
  std::vector<std::string> out;
  std::regex re(pattern);
  for (auto it = std::sregex_iterator(body.begin(), body.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

class PaginationTest : public ::testing::Test {
 protected:
  // Drafts `n` items as the clerk (each also writes to the audit log).
  void Draft(int n) {
    HttpClient clerk = server_.LoggedIn("clerk");
    auto form = clerk.Get("/staff/items/new");
    ASSERT_EQ(form.status, 200);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(form.body, m, std::regex("<option value=\"(\\d+)\" >\\s*0101")));
    std::string category = m[1].str(), csrf = HttpClient::CsrfFrom(form.body);
    for (int i = 0; i < n; ++i) {
      auto made = clerk.PostForm("/staff/items", {{"_csrf", csrf}, {"title", "分页测试信息" + std::to_string(i)},
                                                  {"category_id", category}, {"formed_on", "2026-11-02"},
                                                  {"classification", "none"}, {"ground_key", "art20_2"},
                                                  {"reason", "法定主动公开内容"}, {"validity", "valid"},
                                                  {"body", "正文"}});
      ASSERT_EQ(made.status, 303) << made.body.substr(0, 500);
    }
  }

  // The rows of `first` and of every page its links lead to.
  std::vector<std::string> Walk(HttpClient& c, const std::string& first, const std::string& row) {
    std::vector<std::string> rows;
    std::string target = first;
    for (int pages = 0; !target.empty() && pages < 500; ++pages) {
      auto r = c.Get(target);
      EXPECT_EQ(r.status, 200) << target;
      if (r.status != 200) break;
      auto here = All(r.body, row);
      rows.insert(rows.end(), here.begin(), here.end());
      target = NextLink(r.body);
      if (pages > 0) {
        EXPECT_NE(r.body.find(">第一页</a>"), std::string::npos) << target;
      }
    }
    return rows;
  }

  TestServer server_;
};

TEST_F(PaginationTest, TheItemListWalksOnceAndMatchesItsHeadingCount) {
  Draft(6);
  HttpClient office = server_.LoggedIn("office");
  auto all = office.Get("/staff/items");
  ASSERT_EQ(all.status, 200);
  std::smatch total;
  ASSERT_TRUE(std::regex_search(all.body, total, std::regex(">全部（(\\d+)）<")));
  const std::string row = "<td><a href=\"/staff/items/(\\d+)\">";
  auto rows = Walk(office, "/staff/items?limit=2", row);
  ASSERT_GE(rows.size(), 6u) << "items on more than one page";
  EXPECT_EQ(std::set<std::string>(rows.begin(), rows.end()).size(), rows.size()) << "no item twice";
  EXPECT_EQ(std::to_string(rows.size()), total[1].str());
  EXPECT_EQ(rows, All(office.Get("/staff/items?limit=200").body, row)) << "the same order as one big page";

  auto first = office.Get("/staff/items?limit=2");
  EXPECT_FALSE(NextLink(first.body).empty());
  EXPECT_EQ(first.body.find(">第一页</a>"), std::string::npos);
  for (const char* bad : {"zz", "7", "41.x", "4142.-1", "%00"}) {
    auto r = office.Get(std::string("/staff/items?limit=2&after=") + bad);
    ASSERT_EQ(r.status, 200) << bad;
    EXPECT_EQ(All(r.body, row), All(first.body, row)) << bad;
  }
}

TEST_F(PaginationTest, TheAuditLogPagesBySequenceNewestFirst) {
  Draft(4);
  HttpClient admin = server_.LoggedIn("admin");
  auto rows = Walk(admin, "/staff/audit?limit=3", "<tr><td>(\\d+)</td>");
  ASSERT_GT(rows.size(), 6u) << "the log fills more than two pages";
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(std::stoll(rows[i]), std::stoll(rows[i - 1]) - 1) << i;
  EXPECT_EQ(rows.back(), "1");
}

TEST_F(PaginationTest, OtherListsLinkToTheirNextPage) {
  HttpClient office = server_.LoggedIn("office");
  for (const char* path : {"/staff/feedback?limit=1", "/staff/orders?limit=1", "/staff/channels?limit=1"}) {
    auto r = office.Get(path);
    ASSERT_EQ(r.status, 200) << path;
    auto bad = office.Get(std::string(path) + "&after=not-a-position");
    EXPECT_EQ(bad.status, 200) << path;
    if (NextLink(r.body).empty()) continue;  // the demo has one row or none there
    auto next = office.Get(NextLink(r.body));
    EXPECT_EQ(next.status, 200) << path;
    EXPECT_NE(next.body.find(">第一页</a>"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace gk::web
