// Refusals people meet on the pages and in the API are in Chinese (issue 15,
// "no English in the UI"): the texts that used to come through in English.
// The HTTP client also scans every HTML page for English (english_scan.h).
#include <gtest/gtest.h>

#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ChineseMessagesTest, SearchTextTooLongIsRefusedInChinese) {
  TestServer server;
  auto page = server.Client().Get("/search?q=" + UrlEncode(Repeat("测", 101)));
  EXPECT_NE(page.body.find("检索词不能超过 100 个字"), std::string::npos) << page.body;
}

TEST(ChineseMessagesTest, AMalformedUploadIsRefusedInChinese) {
  TestServer server;
  HttpClient clerk = server.LoggedIn("clerk");
  auto r = clerk.Send("POST", "/staff/items/1/attachments", "--gkb\r\nno header end",
                      {{"Content-Type", "multipart/form-data; boundary=gkb"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("提交的内容格式错误，请重新提交"), std::string::npos) << r.body;
}

TEST(ChineseMessagesTest, TheWorkdaysApiRefusesInChineseNamingTheYearToLoad) {
  TestServer server;
  HttpClient c = server.Client();
  auto bad_date = c.Get("/api/v1/workdays/add?from=2025-02-30&days=2");
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_NE(bad_date.body.find("参数 from 应为 YYYY-MM-DD 格式的有效日期"), std::string::npos) << bad_date.body;
  auto bad_days = c.Get("/api/v1/workdays/add?from=2025-02-03&days=400");
  EXPECT_NE(bad_days.body.find("参数 days 必须是 0 至 366 之间的整数"), std::string::npos) << bad_days.body;
  auto missing = c.Get("/api/v1/workdays/add?from=2031-03-03&days=5");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("2031 年的工作日历尚未载入"), std::string::npos) << missing.body;
  EXPECT_EQ(missing.body.find("working-day"), std::string::npos) << missing.body;
  auto year = c.Get("/api/v1/calendar/2031");
  EXPECT_EQ(year.status, 404);
  EXPECT_NE(year.body.find("2031 年的工作日历尚未载入"), std::string::npos) << year.body;
}

}  // namespace
}  // namespace gk::web
