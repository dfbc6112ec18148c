#include "base/enum_table.h"

#include <gtest/gtest.h>

#include <string>

#include "records/push_state.h"

namespace gk {
namespace {

enum class Light { kRed, kGreen, kUnlisted };
constexpr EnumName<Light> kLights[] = {{Light::kRed, "red", "红灯"}, {Light::kGreen, "green", "绿灯"}};

TEST(EnumTableTest, KeysAndLabelsComeFromTheOneTable) {
  EXPECT_EQ(std::string(KeyOf(kLights, Light::kGreen)), "green");
  EXPECT_EQ(std::string(LabelOf(kLights, Light::kRed)), "红灯");
  EXPECT_EQ(FromKey(kLights, "green"), Light::kGreen);
  EXPECT_EQ(std::string(KeyOf(kLights, Light::kUnlisted)), "");
  EXPECT_EQ(std::string(LabelOf(kLights, Light::kUnlisted)), "");
  EXPECT_FALSE(FromKey(kLights, "红灯").has_value());  // a label is not a key
  EXPECT_FALSE(FromKey(kLights, "").has_value());
}

TEST(EnumTableTest, EveryPushStateKeyReadsBack) {
  for (const auto& n : records::kPushStates) EXPECT_EQ(FromKey(records::kPushStates, n.key), n.value) << n.key;
}

}  // namespace
}  // namespace gk
