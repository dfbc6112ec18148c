// The scanner: every kind with valid and invalid examples, look-alikes that
// must not be reported, positions in code points, severities and lexicon.
#include "scan/scan.h"

#include <gtest/gtest.h>

namespace gk::scan {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

std::vector<Finding> ScanText(const std::string& text, Settings settings = {}) {
  settings.today = D("2026-11-27");
  auto scanner = Scanner::Build(settings);
  EXPECT_TRUE(scanner.ok()) << scanner.status().message();
  auto found = scanner->Scan(text);
  EXPECT_TRUE(found.ok()) << found.status().message();
  return found.ok() ? *found : std::vector<Finding>{};
}

std::vector<std::string> Texts(const std::vector<Finding>& fs, Kind kind) {
  std::vector<std::string> out;
  for (const auto& f : fs) {
    if (f.kind == kind) out.push_back(f.text);
  }
  return out;
}

using Strings = std::vector<std::string>;

TEST(ValidatorTest, ResidentIdentityNumbers) {
  Date today = D("2026-11-27");
  EXPECT_TRUE(ValidResidentId("11010519491231002X", today));
  EXPECT_TRUE(ValidResidentId("11010519491231002x", today));
  EXPECT_TRUE(ValidResidentId("110105194912310046", today));
  EXPECT_FALSE(ValidResidentId("110105194912310021", today)) << "check digit";
  EXPECT_FALSE(ValidResidentId("990105194912310023", today)) << "no such province";
  EXPECT_FALSE(ValidResidentId("110105194902300020", today)) << "30 February";
  EXPECT_FALSE(ValidResidentId("110105203012310025", today)) << "born in the future";
  EXPECT_TRUE(ValidResidentId("110105491231002", today)) << "old 15-digit number";
  EXPECT_FALSE(ValidResidentId("110105491331002", today)) << "month 13";
}

TEST(ValidatorTest, LuhnUsccAndMobile) {
  EXPECT_TRUE(LuhnValid("6222021234567890128"));
  EXPECT_FALSE(LuhnValid("6222021234567890127"));
  EXPECT_TRUE(LuhnValid("4111111111111111"));
  EXPECT_TRUE(ValidUscc("91350100M000100Y43"));
  EXPECT_FALSE(ValidUscc("91350100M000100Y44"));
  EXPECT_FALSE(ValidUscc("91350100M000100I43")) << "I is not in the alphabet";
  EXPECT_TRUE(ValidMobile("13812345678"));
  EXPECT_FALSE(ValidMobile("12812345678"));
  EXPECT_FALSE(ValidMobile("15412345678")) << "154 is not allocated";
}

TEST(ScanTest, ClassificationMarksInTheirUsualForms) {
  auto fs = ScanText("秘密★1年\n机密★长期\n绝密★启用前\n密级：机密\n【秘密】\n机密级文件");
  EXPECT_EQ(Texts(fs, Kind::kClassificationMark),
            (Strings{"秘密★1年", "机密★长期", "绝密★启用前", "密级：机密", "【秘密】", "机密级文件"}));
  for (const auto& f : fs) EXPECT_EQ(f.severity, Severity::kBlock);
  // The words in ordinary legal text are not markings.
  EXPECT_TRUE(ScanText("依法确定为国家秘密的政府信息，涉及商业秘密、个人隐私的，不予公开。").empty());
}

TEST(ScanTest, InternalMarks) {
  auto fs = ScanText("本文件为内部资料，注意保存，不得外传。");
  EXPECT_EQ(Texts(fs, Kind::kInternalMark), (Strings{"内部资料", "注意保存", "不得外传"}));
}

TEST(ScanTest, IdentityNumbersWithPositionsInCodePoints) {
  std::string text = "申请人张三，身份证号11010519491231002X，住址某路1号。";
  auto fs = ScanText(text);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].kind, Kind::kIdCard);
  EXPECT_EQ(fs[0].text, "11010519491231002X");
  EXPECT_EQ(fs[0].start, 10u);  // 申请人张三，身份证号 = 10 characters
  EXPECT_EQ(fs[0].end, 28u);
  EXPECT_EQ(fs[0].severity, Severity::kBlock);
}

TEST(ScanTest, LookAlikeNumbersAreNotReported) {
  // A wrong check digit, a serial glued to more digits, a 文号, an amount,
  // a date and an 18-digit serial that fails the region test.
  auto fs = ScanText("号码110105194912310021；编号1101051949123100461；静安府发〔2025〕12号；"
                     "金额13812345678.00元中的一部分不是手机，但13812345678是；日期20251231；流水号990105194912310023。");
  EXPECT_TRUE(Texts(fs, Kind::kIdCard).empty());
  EXPECT_EQ(Texts(fs, Kind::kMobile), (Strings{"13812345678"}));
}

TEST(ScanTest, BankCardsNeedLuhnAndACardContext) {
  auto fs = ScanText("收款账户：工商银行 卡号6222021234567890128。订单号6222021234567890128不算。");
  EXPECT_EQ(Texts(fs, Kind::kBankCard), (Strings{"6222021234567890128"}));
  EXPECT_TRUE(Texts(ScanText("银行卡号6222021234567890127").size() ? ScanText("银行卡号6222021234567890127")
                                                                  : std::vector<Finding>{},
                     Kind::kBankCard)
                  .empty())
      << "Luhn fails";
  EXPECT_EQ(Texts(ScanText("借记卡 6222 0212 3456 7890 128"), Kind::kBankCard), (Strings{"6222 0212 3456 7890 128"}));
}

TEST(ScanTest, IdentityNumberIsNotAlsoABankCard) {
  // 110105194912310046 passes Luhn? Whatever it does, it is reported once, as an ID.
  auto fs = ScanText("卡号110105194912310046");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].kind, Kind::kIdCard);
}

TEST(ScanTest, PhonesEmailsPassportsPlatesAndUscc) {
  auto fs = ScanText("电话021-62561234，(0571)87654321，手机+86 13812345678，138-1234-5678，"
                     "邮箱zhang.san@example.com.cn，护照E12345678，通行证C12345678，车牌沪A12345、京AD12345，"
                     "信用代码91350100M000100Y43。");
  EXPECT_EQ(Texts(fs, Kind::kLandline), (Strings{"021-62561234", "(0571)87654321"}));
  EXPECT_EQ(Texts(fs, Kind::kMobile), (Strings{"+86 13812345678", "138-1234-5678"}));
  EXPECT_EQ(Texts(fs, Kind::kEmail), (Strings{"zhang.san@example.com.cn"}));
  EXPECT_EQ(Texts(fs, Kind::kPassport), (Strings{"E12345678", "C12345678"}));
  EXPECT_EQ(Texts(fs, Kind::kVehiclePlate), (Strings{"沪A12345", "京AD12345"}));
  EXPECT_EQ(Texts(fs, Kind::kUscc), (Strings{"91350100M000100Y43"}));
  for (const auto& f : fs) EXPECT_EQ(f.severity, Severity::kWarn) << KindKey(f.kind);
  // A USCC with a wrong check character is not one.
  EXPECT_TRUE(Texts(ScanText("代码91350100M000100Y44"), Kind::kUscc).empty());
}

TEST(ScanTest, LexiconAndSeveritySettings) {
  Settings s;
  s.lexicon = {"拆迁补偿名单", "信访人"};
  s.severity[Kind::kMobile] = Severity::kBlock;
  auto fs = ScanText("附件为拆迁补偿名单及信访人联系方式13812345678。", s);
  EXPECT_EQ(Texts(fs, Kind::kLexicon), (Strings{"拆迁补偿名单", "信访人"}));
  ASSERT_EQ(Texts(fs, Kind::kMobile).size(), 1u);
  EXPECT_STREQ(Verdict(fs), "block");
  EXPECT_STREQ(Verdict(ScanText("拆迁补偿名单", s)), "warn");
  EXPECT_STREQ(Verdict(ScanText("平常的通知")), "pass");
  Settings bad;
  bad.lexicon = {""};
  EXPECT_FALSE(Scanner::Build(bad).ok());
}

TEST(ScanTest, ParseLexiconSkipsCommentsBlanksAndDuplicates) {
  auto terms = ParseLexicon("# 敏感词\n拆迁\n\n  信访 \r\n拆迁\n");
  ASSERT_TRUE(terms.ok());
  EXPECT_EQ(*terms, (Strings{"拆迁", "信访"}));
  EXPECT_FALSE(ParseLexicon("\xff\xfe").ok());
}

// ---- formats as people and documents write them --------------------------------

TEST(ValidatorTest, PermitsAndTheForeignPermanentResidenceCard) {
  Date today = D("2026-11-27");
  EXPECT_TRUE(ValidResidentId("830000199001011234", today)) << "Taiwan residents' residence permit";
  EXPECT_TRUE(ValidResidentId("810000198001010022", today)) << "Hong Kong residents' residence permit";
  EXPECT_FALSE(ValidResidentId("830000199001011235", today)) << "check digit";
  EXPECT_FALSE(ValidResidentId("831234199001011237", today)) << "permits carry region 830000 only";
  EXPECT_TRUE(ValidResidentId("931840198506150015", today)) << "foreign permanent residence card (2023)";
  EXPECT_FALSE(ValidResidentId("931840198506150016", today)) << "check digit";
  EXPECT_FALSE(ValidResidentId("999840198506150011", today)) << "99 is no province";
  EXPECT_FALSE(ValidResidentId("931000198506150010", today)) << "nationality 000";
}

TEST(ValidatorTest, UsccStructure) {
  EXPECT_TRUE(PlausibleUscc("91350100M000100Y43"));
  EXPECT_TRUE(PlausibleUscc("11100000000013127X")) << "a state organ, region 100000";
  EXPECT_FALSE(PlausibleUscc("94350100M000100Y43")) << "the 工商 authority has no category 4";
  EXPECT_FALSE(PlausibleUscc("Z1350100M000100Y43")) << "no authority Z";
  EXPECT_FALSE(PlausibleUscc("91990100M000100Y43")) << "no province 99";
  EXPECT_FALSE(PlausibleUscc("9135A100M000100Y43")) << "the region is digits";
}

TEST(ScanTest, NewIdentityDocumentsAreFound) {
  auto fs = ScanText("台湾居民居住证830000199001011234；永久居留身份证931840198506150015；港澳居民居住证810000198001010022。");
  EXPECT_EQ(Texts(fs, Kind::kIdCard), (Strings{"830000199001011234", "931840198506150015", "810000198001010022"}));
}

TEST(ScanTest, FullWidthDigitsAndLettersAreNumbersToo) {
  std::string text = "身份证号：１１０１０５１９４９１２３１００２Ｘ，手机１３８１２３４５６７８，代码９１３５０１００Ｍ０００１００Ｙ４３。";
  auto fs = ScanText(text);
  EXPECT_EQ(Texts(fs, Kind::kIdCard), (Strings{"１１０１０５１９４９１２３１００２Ｘ"})) << "reported as written";
  EXPECT_EQ(Texts(fs, Kind::kMobile), (Strings{"１３８１２３４５６７８"}));
  EXPECT_EQ(Texts(fs, Kind::kUscc), (Strings{"９１３５０１００Ｍ０００１００Ｙ４３"}));
  ASSERT_FALSE(fs.empty());
  EXPECT_EQ(fs[0].start, 5u) << "身份证号： is 5 characters";
  EXPECT_EQ(fs[0].end, 23u);
  // A lexicon term written in full width is matched as written.
  Settings s;
  s.lexicon = {"ＡＢＣ小区"};
  EXPECT_EQ(Texts(ScanText("涉及ＡＢＣ小区拆迁", s), Kind::kLexicon), (Strings{"ＡＢＣ小区"}));
}

TEST(ScanTest, NumbersGroupedAsPeopleWriteThem) {
  auto fs = ScanText("身份证 110102 19910101 0078；或写作110102-1991-0101-0078；"
                     "信用代码91350100m000100y43，亦作91 350100 M000100Y4 3，亦作9135 0100 M000 100Y 43。");
  EXPECT_EQ(Texts(fs, Kind::kIdCard), (Strings{"110102 19910101 0078", "110102-1991-0101-0078"}));
  EXPECT_EQ(Texts(fs, Kind::kUscc),
            (Strings{"91350100m000100y43", "91 350100 M000100Y4 3", "9135 0100 M000 100Y 43"}));
  EXPECT_EQ(Texts(ScanText("身份证号码 110102　19910101　0078（全角空格）"), Kind::kIdCard),
            (Strings{"110102　19910101　0078"}));
  EXPECT_EQ(Texts(ScanText("手机：１３８－１２３４－５６７８"), Kind::kMobile), (Strings{"１３８－１２３４－５６７８"}));
  // A date range and a telephone list stay quiet.
  EXPECT_TRUE(ScanText("统计期间 20250101-20251231，共 110102 户").empty());
}

TEST(ScanTest, ANumberOnTheLineAfterItsContext) {
  // "收款银行卡号：" ends one line of a PDF's text, the digits start the next.
  auto fs = ScanText("收款人：张三  收款银行卡号：\n6222021234567890128\n开户行：工商银行");
  EXPECT_EQ(Texts(fs, Kind::kBankCard), (Strings{"6222021234567890128"}));
  // Grouped and carried over the line break.
  EXPECT_EQ(Texts(ScanText("借记卡 6222 0212 3456\n7890 128"), Kind::kBankCard), (Strings{"6222 0212 3456\n7890 128"}));
  EXPECT_EQ(Texts(ScanText("身份证号码：110102\n199101010078"), Kind::kIdCard), (Strings{"110102\n199101010078"}));
  // Only the line right before: a context two lines up does not count.
  EXPECT_TRUE(Texts(ScanText("卡号：\n另起一行\n6222021234567890128"), Kind::kBankCard).empty());
}

TEST(ScanTest, AnyElevenDigitsAfterAPhoneWordAreAMobile) {
  EXPECT_EQ(Texts(ScanText("联系电话：14412345678"), Kind::kMobile), (Strings{"14412345678"})) << "a data-card segment";
  EXPECT_EQ(Texts(ScanText("手机 10012345678"), Kind::kMobile), (Strings{"10012345678"}));
  EXPECT_EQ(Texts(ScanText("联系方式：\n14012345678"), Kind::kMobile), (Strings{"14012345678"}));
  // Without the context, an unallocated segment is not a mobile.
  EXPECT_TRUE(Texts(ScanText("编号 14412345678 的档案"), Kind::kMobile).empty());
  EXPECT_TRUE(Texts(ScanText("电话费14412345678元"), Kind::kMobile).empty()) << "the word must come right before";
}

TEST(ScanTest, SerialsGluedToLettersOrSerialPunctuationAreNotPhones) {
  for (const char* text : {"设备SN13812345678已入库", "合同编号HT-2025-13812345678", "No.15012345678",
                           "批次13812345678-02", "文件A_13812345678", "Order#13812345678x"}) {
    EXPECT_TRUE(Texts(ScanText(text), Kind::kMobile).empty()) << text;
  }
  // Phones with their usual neighbours are still phones.
  for (const char* text : {"电话:13812345678", "(13812345678)", "手机13812345678，", "+86-13812345678",
                           "Tel: 13812345678"}) {
    EXPECT_EQ(Texts(ScanText(text), Kind::kMobile).size(), 1u) << text;
  }
}

TEST(ScanTest, RandomEighteenDigitSerialsAreRarelyCreditCodes) {
  // 20,000 random 18-digit order numbers: about 1 in 31 pass the check
  // character alone; the structure removes most of them.
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  Settings settings;
  settings.today = D("2026-11-27");
  auto scanner = Scanner::Build(settings);
  ASSERT_TRUE(scanner.ok());
  int checksum_only = 0, reported = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    std::string serial;
    for (int k = 0; k < 18; ++k) serial += static_cast<char>('0' + next() % 10);
    if (serial[0] == '0') serial[0] = '1';
    checksum_only += ValidUscc(serial);
    auto found = scanner->Scan("订单号 " + serial + " 已发货");
    ASSERT_TRUE(found.ok());
    reported += !Texts(*found, Kind::kUscc).empty();
  }
  EXPECT_GT(checksum_only, n / 60) << "the reference: the check character alone";
  EXPECT_LT(reported * 10, checksum_only) << reported << " reported of " << checksum_only << " checksum-valid";
}

}  // namespace
}  // namespace gk::scan
