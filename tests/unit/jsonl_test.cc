// The JSON Lines reading the importers share (base/jsonl.h): the exact
// messages, line numbers included.
#include "base/jsonl.h"

#include <gtest/gtest.h>

namespace gk {
namespace {

TEST(JsonlTest, LinesAreNumberedCountingBlankOnes) {
  auto lines = ParseJsonLines("{\"a\": 1}\n\n  \r\n{\"b\": 2}\r\n", 1024, 64);
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].number, 1);
  EXPECT_EQ((*lines)[1].number, 4);
  EXPECT_TRUE((*lines)[1].object.contains("b"));
}

TEST(JsonlTest, BadFilesAndLinesAreNamed) {
  static const struct {
    std::string text;
    size_t max_bytes, max_line;
    std::string message;
  } cases[] = {
      {"{}\n{}\n", 3, 64, "the file is larger than 3 bytes"},
      {std::string(2 * 1024 * 1024 + 1, ' '), 2 * 1024 * 1024, 64, "the file is larger than 2 MB"},
      {"{}\n\xff\n", 1024, 64, "the file is not valid UTF-8"},
      {"\n  \n", 1024, 64, "the file holds no lines"},
      {"{}\n{\"a\": \"" + std::string(2000, 'x') + "\"}\n", 1 << 20, 1024, "line 2: longer than 1 KB"},
      {"{}\n\n{\"a\": \n", 1024, 64, "line 3: not valid JSON ("},
      {"[1, 2]\n", 1024, 64, "line 1: not a JSON object"},
  };
  for (const auto& c : cases) {
    auto lines = ParseJsonLines(c.text, c.max_bytes, c.max_line);
    ASSERT_FALSE(lines.ok()) << c.message;
    EXPECT_EQ(lines.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(lines.status().message().rfind(c.message, 0), 0u) << lines.status().message();
  }
}

TEST(JsonlTest, FieldsAreCheckedByName) {
  auto line = ParseJsonLines(R"({"t": "  标题 ", "n": 3, "d": "2025-02-30", "f": "2030-01-01", "ok": "2025-01-02"})",
                             1024, 1024);
  ASSERT_TRUE(line.ok());
  const boost::json::object& o = (*line)[0].object;
  Date today{2025, 6, 1};
  EXPECT_EQ(*JsonText(o, "t", 10, true), "标题");
  EXPECT_EQ(*JsonText(o, "missing", 10, false), "");
  EXPECT_EQ(JsonText(o, "missing", 10, true).status().message(), "\"missing\" is missing");
  EXPECT_EQ(JsonText(o, "n", 10, true).status().message(), "\"n\" must be a string");
  EXPECT_EQ(JsonText(o, "t", 1, true).status().message().rfind("\"t\": ", 0), 0u);
  EXPECT_EQ(JsonDate(o, "d", today).status().message(), "\"d\": invalid date \"2025-02-30\": expected YYYY-MM-DD");
  EXPECT_EQ(JsonDate(o, "f", today).status().message(), "\"f\" is in the future");
  EXPECT_EQ(*JsonDate(o, "ok", today), (Date{2025, 1, 2}));
  EXPECT_TRUE(CheckJsonKeys(o, {"t", "n", "d", "f", "ok"}).ok());
  EXPECT_EQ(CheckJsonKeys(o, {"t", "n", "d", "f"}).message(), "unknown key \"ok\"");
}

}  // namespace
}  // namespace gk
