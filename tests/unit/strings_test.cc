#include "base/strings.h"

#include <gtest/gtest.h>

namespace gk {
namespace {

TEST(Utf8Test, ValidAndInvalid) {
  struct {
    std::string text;
    bool valid;
  } cases[] = {
      {"", true},
      {"ascii", true},
      {"政府信息公开", true},
      {"\xF0\x9F\x98\x80", true},           // U+1F600
      {"\xC0\xAF", false},                  // overlong '/'
      {"\xE0\x80\xAF", false},              // overlong
      {"\xED\xA0\x80", false},              // surrogate U+D800
      {"\xF4\x90\x80\x80", false},          // > U+10FFFF
      {"\xE6\x94", false},                  // truncated
      {"\x80", false},                      // lone continuation
      {"a\xFF" "b", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidUtf8(c.text), c.valid) << c.text;
}

TEST(Utf8Test, LengthCountsCodePoints) {
  EXPECT_EQ(Utf8Length("公开abc"), 5u);
  EXPECT_EQ(Utf8Length(""), 0u);
}

TEST(StringsTest, ControlCharacters) {
  EXPECT_FALSE(HasControlChars("a\tb\r\nc"));
  EXPECT_TRUE(HasControlChars(std::string("a\0b", 3)));
  EXPECT_TRUE(HasControlChars("a\x1b[31m"));
  EXPECT_TRUE(HasControlChars("\x7f"));
}

TEST(StringsTest, TrimSplitJoinLower) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(Trim(" \t"), "");
  EXPECT_EQ(Split("a;b;;c", ';'), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(Join({"x", "y", "z"}, ", "), "x, y, z");
  EXPECT_EQ(ToLowerAscii("Content-TYPE 公开"), "content-type 公开");
}

}  // namespace
}  // namespace gk
