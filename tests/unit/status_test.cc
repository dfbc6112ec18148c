#include "base/status.h"

#include <gtest/gtest.h>

namespace gk {
namespace {

Result<int> Half(int n) {
  if (n % 2) return InvalidArgument("odd: " + std::to_string(n));
  return n / 2;
}

Result<int> Quarter(int n) {
  ASSIGN_OR_RETURN(int h, Half(n));
  return Half(h);
}

Status Check(int n) {
  RETURN_IF_ERROR(Quarter(n).status());
  return Status::Ok();
}

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = NotFound("x");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_EQ(s.ToString(), "NotFound: x");
}

TEST(StatusTest, MacrosPropagateTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().message(), "odd: 3");
  EXPECT_EQ(Quarter(5).status().message(), "odd: 5");
  EXPECT_TRUE(Check(4).ok());
  EXPECT_EQ(Check(2).code(), Code::kInvalidArgument);
}

TEST(StatusTest, EveryCodeHasAName) {
  for (int c = 0; c <= static_cast<int>(Code::kInternal); ++c) {
    EXPECT_STRNE(CodeName(static_cast<Code>(c)), "Unknown") << c;
  }
}

}  // namespace
}  // namespace gk
