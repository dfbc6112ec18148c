// Fees of 国办函〔2020〕109号 and the reference tables of applications.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "requests/fees.h"
#include "requests/reference.h"

namespace gk::requests {
namespace {

TEST(FeesTest, CountRatesStepEveryTenFromTheThirtyFirst) {
  EXPECT_EQ(CountRate(1), 0);
  EXPECT_EQ(CountRate(10), 0);
  EXPECT_EQ(CountRate(11), 100);
  EXPECT_EQ(CountRate(30), 100);
  EXPECT_EQ(CountRate(31), 200);
  EXPECT_EQ(CountRate(40), 200);
  EXPECT_EQ(CountRate(41), 300);
  EXPECT_EQ(CountRate(51), 400);
}

TEST(FeesTest, ByCountAccumulatesWithinTheMonth) {
  auto fee = FeeByCount(9, 3);  // the 10th, 11th and 12th application of the month
  ASSERT_TRUE(fee.ok());
  EXPECT_EQ(fee->total, 200);
  ASSERT_EQ(fee->lines.size(), 2u);
  EXPECT_EQ(fee->lines[0].from, 10);
  EXPECT_EQ(fee->lines[0].amount, 0);
  EXPECT_EQ(fee->lines[1].from, 11);
  EXPECT_EQ(fee->lines[1].to, 12);
  EXPECT_EQ(fee->lines[1].amount, 200);
  EXPECT_EQ(FeeByCount(0, 1)->total, 0);
  EXPECT_EQ(FeeByCount(30, 1)->total, 200);
}

TEST(FeesTest, ByVolumeIsProgressive) {
  EXPECT_EQ(FeeByVolume(30)->total, 0);
  EXPECT_EQ(FeeByVolume(31)->total, 10);
  EXPECT_EQ(FeeByVolume(100)->total, 700);
  EXPECT_EQ(FeeByVolume(150)->total, 700 + 50 * 20);
  EXPECT_EQ(FeeByVolume(250)->total, 700 + 2000 + 50 * 40);
  EXPECT_EQ(FeeByVolume(250)->lines.size(), 4u);
}

TEST(FeesTest, BadNumbersAreRefused) {
  EXPECT_FALSE(FeeByVolume(0).ok());
  EXPECT_FALSE(FeeByVolume(-3).ok());
  EXPECT_FALSE(FeeByCount(-1, 1).ok());
  EXPECT_FALSE(FeeByCount(0, 0).ok());
}

TEST(ReferenceTest, OutcomesAreTheTwentyOneAnnualReportRows) {
  auto all = Outcomes();
  ASSERT_EQ(all.size(), 21u);  // （七）总计 is their sum
  std::map<OutcomeGroup, int> per_group;
  std::set<std::string> keys;
  for (const Outcome& o : all) {
    ++per_group[o.group];
    keys.insert(o.key);
    EXPECT_EQ(FindOutcome(o.key), &o);
    EXPECT_NE(std::string(o.basis).find("条例"), std::string::npos) << o.key;
  }
  EXPECT_EQ(keys.size(), 21u);
  EXPECT_EQ(per_group[OutcomeGroup::kGranted], 1);
  EXPECT_EQ(per_group[OutcomeGroup::kPartial], 1);
  EXPECT_EQ(per_group[OutcomeGroup::kDenied], 8);
  EXPECT_EQ(per_group[OutcomeGroup::kUnable], 3);
  EXPECT_EQ(per_group[OutcomeGroup::kNotProcessed], 5);
  EXPECT_EQ(per_group[OutcomeGroup::kOther], 3);
  // The import format's keys, as the issue lists them.
  for (const char* k : {"granted", "partial", "denied.state_secret", "denied.query_matter", "unable.not_held",
                        "not_processed.confirm", "other.no_correction", "other.no_fee", "other.other"}) {
    EXPECT_NE(FindOutcome(k), nullptr) << k;
  }
  EXPECT_EQ(FindOutcome("denied"), nullptr);
}

TEST(ReferenceTest, ApplicantTypesAndChannels) {
  EXPECT_EQ(ApplicantTypes().size(), 6u);
  EXPECT_EQ(ApplicantTypeFromKey("legal_service"), ApplicantType::kLegalService);
  EXPECT_STREQ(Info(ApplicantType::kPublicWelfare).label, "社会公益组织");
  EXPECT_FALSE(ApplicantTypeFromKey("person"));
  EXPECT_EQ(Channels().size(), 5u);
  EXPECT_EQ(ChannelFromKey("fax"), Channel::kFax);
  EXPECT_NE(std::string(Info(Channel::kPost).receipt_rule).find("签收"), std::string::npos);
}

}  // namespace
}  // namespace gk::requests
