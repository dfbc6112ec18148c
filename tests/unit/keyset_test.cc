#include "base/keyset.h"

#include <gtest/gtest.h>

namespace gk {
namespace {

TEST(KeysetTest, TokenRoundTripsAnyKey) {
  for (const SeekKey& k : {SeekKey{"", 1}, SeekKey{"2026-01-05", 42}, SeekKey{std::string("a\0b.\xe5\x85\xac", 6), 9},
                           SeekKey{"0000000123", 9223372036854775807}}) {
    std::string token = EncodeSeek(k);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef."), std::string::npos) << token;
    auto back = DecodeSeek(token);
    ASSERT_TRUE(back.has_value()) << token;
    EXPECT_EQ(*back, k);
  }
}

TEST(KeysetTest, MalformedTokensAreRefused) {
  for (std::string_view bad : {"", ".", "abc.1", "zz.1", "61.", "61.-1", "61.1x", "61", "6162.99999999999999999999",
                               "6A.1", "6.1"}) {
    EXPECT_FALSE(DecodeSeek(bad).has_value()) << bad;
  }
  EXPECT_FALSE(DecodeSeek(std::string(2 * (kMaxSeekKeyBytes + 1), 'a') + ".1").has_value());
}

TEST(KeysetTest, ClampLimitKeepsWithinBounds) {
  EXPECT_EQ(ClampLimit("", 50, 200), 50);
  EXPECT_EQ(ClampLimit("x", 50, 200), 50);
  EXPECT_EQ(ClampLimit("0", 50, 200), 1);
  EXPECT_EQ(ClampLimit("500", 50, 200), 200);
  EXPECT_EQ(ClampLimit("20", 50, 200), 20);
}

TEST(KeysetTest, TakePageCutsTheExtraRowAndPointsAtTheLastKept) {
  std::vector<int> rows = {1, 2, 3, 4};
  auto page = TakePage(rows, 3, [](int r) { return SeekKey{"k", r}; });
  ASSERT_EQ(page.rows.size(), 3u);
  ASSERT_TRUE(page.next.has_value());
  EXPECT_EQ(page.next->id, 3);
  auto last = TakePage(std::vector<int>{1, 2, 3}, 3, [](int r) { return SeekKey{"k", r}; });
  EXPECT_EQ(last.rows.size(), 3u);
  EXPECT_FALSE(last.next.has_value());
}

}  // namespace
}  // namespace gk
