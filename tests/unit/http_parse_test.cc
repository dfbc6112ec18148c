#include <gtest/gtest.h>

#include "web/http.h"
#include "web/router.h"
#include "web/view.h"

namespace gk::web {
namespace {

TEST(UrlEncodedTest, Decodes) {
  auto p = ParseUrlEncoded("a=1&b=%E5%85%AC%E5%BC%80&c=x+y&a=2&flag");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(Param(*p, "a"), "1");
  EXPECT_EQ(p->count("a"), 2u);
  EXPECT_EQ(Param(*p, "b"), "公开");
  EXPECT_EQ(Param(*p, "c"), "x y");
  EXPECT_EQ(p->count("flag"), 1u);
  EXPECT_EQ(Param(*p, "missing"), "");
}

TEST(UrlEncodedTest, RejectsMalformed) {
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "a=%FF", "a=%C0%AF"}) {
    auto p = ParseUrlEncoded(bad);
    EXPECT_FALSE(p.ok()) << bad;
  }
  EXPECT_EQ(ParseUrlEncoded("a=%G1").status().message(), "malformed percent-escape in request");
  EXPECT_EQ(ParseUrlEncoded("a=%FF").status().message(), "request text is not valid UTF-8");
}

TEST(UrlEncodedTest, EncodeRoundTrip) {
  std::string s = "公开 a&b=c/d?e";
  auto p = ParseUrlEncoded("k=" + UrlEncode(s));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(Param(*p, "k"), s);
}

TEST(HttpTest, CookiesAndStatus) {
  Request r;
  r.headers["cookie"] = "a=1; gk_session=tok; b=2";
  EXPECT_EQ(r.Cookie("gk_session"), "tok");
  EXPECT_EQ(r.Cookie("gk"), "");
  Response res;
  res.SetCookie("s", "v", true, true, 0);
  EXPECT_EQ(res.Header("set-cookie"), "s=v; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0");
  EXPECT_EQ(HttpStatusFor(Code::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(Code::kTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(Code::kConflict), 409);
}

TEST(RouterTest, MatchesPatternsAndMethods) {
  Router<int> r;
  r.Add("GET", "/staff/admin/users/{id}", 1);
  r.Add("POST", "/staff/admin/users/{id}", 2);
  r.Add("GET", "/", 3);
  auto m = r.Find("GET", "/staff/admin/users/42");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(*m.handler, 1);
  EXPECT_EQ(m.params["id"], "42");
  EXPECT_EQ(*r.Find("POST", "/staff/admin/users/7").handler, 2);
  EXPECT_EQ(*r.Find("HEAD", "/").handler, 3);
  auto wrong = r.Find("DELETE", "/staff/admin/users/7");
  EXPECT_EQ(wrong.handler, nullptr);
  EXPECT_TRUE(wrong.path_matched);
  auto none = r.Find("GET", "/nowhere");
  EXPECT_EQ(none.handler, nullptr);
  EXPECT_FALSE(none.path_matched);
}

TEST(ViewTest, BuildsTrees) {
  View v;
  v["a"] = "x";
  v["list"].Push("1");
  v["list"].Push("2");
  v["a"] = "y";
  ASSERT_TRUE(v.is_map());
  EXPECT_EQ(v.Find("a")->str(), "y");
  EXPECT_EQ(v.Find("list")->list().size(), 2u);
  EXPECT_EQ(v.Find("nope"), nullptr);
}

}  // namespace
}  // namespace gk::web
