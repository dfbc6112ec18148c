// The one error policy of pages (web/page.h ShownOnForm): which refusals a
// page shows on the form the person sent, and which get the error page.
#include <gtest/gtest.h>

#include "web/page.h"

namespace gk::web {
namespace {

Status Of(Code code) { return Status(code, "拒绝"); }

TEST(ErrorPolicy, InputStateLimitsAndRoleRefusalsStayOnTheForm) {
  for (Code code : {Code::kInvalidArgument, Code::kOutOfRange, Code::kConflict, Code::kFailedPrecondition,
                    Code::kTooLarge, Code::kTooManyRequests, Code::kPermissionDenied}) {
    for (FormKind kind : {FormKind::kChange, FormKind::kLookup, FormKind::kLogin}) {
      EXPECT_TRUE(ShownOnForm(Of(code), kind)) << CodeName(code);
    }
  }
}

TEST(ErrorPolicy, MissingRecordsLostSessionsAndFailuresGetTheErrorPage) {
  for (Code code : {Code::kNotFound, Code::kUnauthenticated, Code::kUnavailable, Code::kInternal}) {
    EXPECT_FALSE(ShownOnForm(Of(code))) << CodeName(code);
  }
  EXPECT_FALSE(ShownOnForm(Of(Code::kInternal), FormKind::kLookup));
  EXPECT_FALSE(ShownOnForm(Of(Code::kUnavailable), FormKind::kLogin));
}

TEST(ErrorPolicy, ALookUpShowsNotFoundAndTheLoginFormWrongCredentials) {
  EXPECT_TRUE(ShownOnForm(Of(Code::kNotFound), FormKind::kLookup));
  EXPECT_FALSE(ShownOnForm(Of(Code::kUnauthenticated), FormKind::kLookup));
  EXPECT_TRUE(ShownOnForm(Of(Code::kUnauthenticated), FormKind::kLogin));
  EXPECT_FALSE(ShownOnForm(Of(Code::kNotFound), FormKind::kLogin));
}

}  // namespace
}  // namespace gk::web
