// The set-up most store tests share: a fresh migrated database (TestDb) with
// the demo agency seeded, a fake clock, cheap security settings, a random
// data key and a service context over them.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "accounts/context.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/crypto.h"
#include "support/published.h"
#include "support/test_db.h"

namespace gk::testing {

// Whether the fixture's context carries the data key (ctx_.data_key), for
// services that seal personal data through the context.
enum class WithDataKey { kNo, kYes };

class StoreTest : public ::testing::Test {
 protected:
  explicit StoreTest(UnixSeconds start, WithDataKey data_key = WithDataKey::kYes)
      : clock_(start), ctx_{t_.db(), clock_, sec_, data_key == WithDataKey::kYes ? &key_ : nullptr} {}

  // Seeds the demo agency (agency_). A test that overrides SetUp calls this first.
  void SetUp() override { agency_ = SeedDemoAgency(t_.db(), clock_); }

  // The demo user `name` ("clerk", "office", …) as a principal.
  accounts::Principal User(const std::string& name) { return DemoUser(ctx_, agency_, name); }

  TestDb t_;
  FakeClock clock_;
  SecurityConfig sec_ = TestSecurity();
  DataKey key_ = DataKey::Random();
  accounts::Context ctx_;
  int64_t agency_ = 0;
};

}  // namespace gk::testing
