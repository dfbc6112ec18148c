// The confidentiality check in the review chain: a blocking finding in the
// body or in an attachment's hidden content stops the item at the 公开办's
// step until it is redacted or overridden with a written reason.
#include <gtest/gtest.h>

#include "accounts/directory.h"
#include "disclosure/catalog.h"
#include "disclosure/items.h"
#include "documents/letter.h"
#include "extract/extract.h"
#include "review/checks.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::disclosure {
namespace {

using accounts::Principal;

class ContentChecksTest : public testing::StoreTest {
 protected:
  ContentChecksTest() : StoreTest(1764000000, testing::WithDataKey::kNo) {}
  void SetUp() override {
    StoreTest::SetUp();
    ref_ = *LoadReferenceData(GK_SOURCE_DIR);
    for (const char* u : {"clerk", "depthead", "office", "leader", "principal"}) {
      auto x = accounts::Directory(ctx_).FindByUsername(Principal::CommandLine(agency_, "t"), u);
      users_[u] = Principal{x->id, agency_, x->username, x->display_name, x->department_id, x->roles};
    }
  }

  int64_t Draft(const std::string& body) {
    ItemInput in;
    in.title = "关于困难家庭补助发放的公示";
    in.department_id = *users_["clerk"].department_id;
    in.category_id = Catalog(ctx_).List(agency_)->front().id;
    in.formed_on = "2025-11-20";
    in.ground_key = "art19";
    in.reason = "需要公众知晓";
    in.body = body;
    auto id = Items(ctx_, ref_).Create(users_["clerk"], in);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return *id;
  }

  Status Act(const std::string& u, int64_t id, Action a) { return Items(ctx_, ref_).Act(users_[u], id, a, {}); }
  ItemDetail Get(int64_t id) { return *Items(ctx_, ref_).Get(users_["office"], id); }

  ReferenceData ref_;
  std::map<std::string, Principal> users_;
};

TEST_F(ContentChecksTest, IdentityNumberInTheBodyStopsTheSecrecyStepUntilOverridden) {
  int64_t id = Draft("补助对象：张三，身份证号11010519491231002X，补助金额2000元。");
  ItemDetail d = Get(id);
  EXPECT_EQ(d.unresolved_blocking, 1);
  ASSERT_EQ(d.checks.size(), 1u);
  ASSERT_EQ(d.checks[0].findings.size(), 1u);
  EXPECT_EQ(d.checks[0].findings[0].kind, "id_card");
  EXPECT_EQ(d.checks[0].findings[0].masked, "1101**********002X") << "stored masked";
  ASSERT_TRUE(Act("clerk", id, Action::kSubmit).ok());
  ASSERT_TRUE(Act("depthead", id, Action::kApprove).ok());
  Status stopped = Act("office", id, Action::kApprove);
  EXPECT_EQ(stopped.code(), Code::kFailedPrecondition);
  int64_t finding = d.checks[0].findings[0].id;
  Items items(ctx_, ref_);
  EXPECT_EQ(items.OverrideFinding(users_["clerk"], id, finding, "已核实").code(), Code::kPermissionDenied);
  EXPECT_EQ(items.OverrideFinding(users_["office"], id, finding, " ").code(), Code::kInvalidArgument);
  ASSERT_TRUE(items.OverrideFinding(users_["office"], id, finding, "本人同意公示，已取得书面授权").ok());
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM audit_log WHERE action = 'check.override'"), 1);
  EXPECT_TRUE(Act("office", id, Action::kApprove).ok());
  EXPECT_EQ(Get(id).checks[0].findings[0].resolution, review::Resolution::kOverridden);
}

TEST_F(ContentChecksTest, RedactingTheBodyResolvesTheFinding) {
  int64_t id = Draft("补助对象：张三，身份证号11010519491231002X。");
  ItemInput in;
  auto d = Get(id);
  in = d.item.input;
  in.body = "补助对象：张三（身份证号已作区分处理）。";
  ASSERT_TRUE(Items(ctx_, ref_).Update(users_["clerk"], id, in).ok());
  EXPECT_EQ(Get(id).unresolved_blocking, 0);
  ASSERT_TRUE(Act("clerk", id, Action::kSubmit).ok());
  ASSERT_TRUE(Act("depthead", id, Action::kApprove).ok());
  EXPECT_TRUE(Act("office", id, Action::kApprove).ok());
}

TEST_F(ContentChecksTest, UnreadableAttachmentBlocksLikeAFinding) {
  int64_t id = Draft("补助标准见附件。");
  auto added = Items(ctx_, ref_).AddAttachment(users_["clerk"], id, "名单.pdf", "%PDF-1.4 broken");
  ASSERT_TRUE(added.ok()) << added.status().message();
  ItemDetail d = Get(id);
  EXPECT_EQ(d.unresolved_blocking, 1);
  bool unreadable = false;
  for (const auto& c : d.checks) {
    for (const auto& f : c.findings) unreadable = unreadable || (f.kind == "unreadable" && c.source == "名单.pdf");
  }
  EXPECT_TRUE(unreadable);
}

// Extracting a large file must not hold the database's write lock: the
// files are checked before the transaction, which only stores the results.
TEST_F(ContentChecksTest, AttachmentsAreCheckedBeforeTheWriteTransaction) {
  int64_t id = Draft("补助名单见附件。");
  documents::Letter letter;
  letter.issuer = "静安寺街道办事处";
  letter.title = "补助名单";
  letter.paragraphs = {"张三，身份证号11010519491231002X，补助2000元。"};
  letter.date = *Date::Parse("2025-11-20");
  auto pdf = documents::RenderPdf(letter);
  ASSERT_TRUE(pdf.ok());
  Items items(ctx_, ref_);
  const int before = review::FileChecksInTransactionForTest();
  ASSERT_TRUE(items.AddAttachment(users_["clerk"], id, "名单.pdf", *pdf).ok());
  ASSERT_TRUE(items.AddAttachment(users_["clerk"], id, "说明.txt", "补助标准：每户2000元。").ok());
  EXPECT_EQ(review::FileChecksInTransactionForTest(), before) << "no extraction inside the transaction";
  ItemDetail d = Get(id);
  EXPECT_EQ(d.unresolved_blocking, 1) << "the kept report of 名单.pdf is stored with the new version";
  int checked_files = 0;
  for (const auto& c : d.checks) checked_files += c.attachment_id.has_value();
  EXPECT_EQ(checked_files, 2);
  // Redacting reads, removes, verifies and checks the copy outside the
  // transaction too.
  int64_t attachment = 0;
  for (const auto& c : d.checks) {
    if (c.source == "名单.pdf" && c.attachment_id) attachment = *c.attachment_id;
  }
  ASSERT_GT(attachment, 0);
  auto copy = items.RedactAttachment(users_["clerk"], id, attachment, {});
  ASSERT_TRUE(copy.ok()) << copy.status().message();
  EXPECT_EQ(review::FileChecksInTransactionForTest(), before) << "no extraction inside the redaction's transaction";
  EXPECT_EQ(Get(id).unresolved_blocking, 0);
}

TEST_F(ContentChecksTest, RedactingAnAttachmentRemovesTheNumberForGoodAndLogsIt) {
  int64_t id = Draft("补助名单见附件。");
  documents::Letter letter;
  letter.issuer = "静安寺街道办事处";
  letter.title = "补助名单";
  letter.paragraphs = {"张三，身份证号11010519491231002X，补助2000元。", "李四，补助1500元。"};
  letter.date = *Date::Parse("2025-11-20");
  auto pdf = documents::RenderPdf(letter);
  ASSERT_TRUE(pdf.ok());
  Items items(ctx_, ref_);
  auto aid = items.AddAttachment(users_["clerk"], id, "名单.pdf", *pdf);
  ASSERT_TRUE(aid.ok()) << aid.status().message();
  EXPECT_EQ(Get(id).unresolved_blocking, 1);
  EXPECT_EQ(items.RedactAttachment(users_["depthead"], id, *aid, {}).status().code(), Code::kPermissionDenied)
      << "only who may edit the draft";
  auto red = items.RedactAttachment(users_["clerk"], id, *aid, {"李四"});
  ASSERT_TRUE(red.ok()) << red.status().message();
  ItemDetail d = Get(id);
  EXPECT_EQ(d.unresolved_blocking, 0) << "the new version is checked again";
  ASSERT_EQ(d.attachments.size(), 1u);
  EXPECT_EQ(d.attachments[0].filename, "名单（区分处理）.pdf");
  auto file = items.ReadAttachment(users_["clerk"], id, *red);
  ASSERT_TRUE(file.ok());
  auto text = extract::Extract("x.pdf", file->second);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(text->text.find("11010519491231002X"), std::string::npos);
  EXPECT_EQ(text->text.find("李四"), std::string::npos);
  EXPECT_NE(text->text.find("补助2000元"), std::string::npos) << "the rest still reads: " << text->text;
  EXPECT_NE(text->text.find("，补助1500元。"), std::string::npos) << "nothing beside 李四 goes: " << text->text;
  EXPECT_EQ(file->second.find("11010519491231002X"), std::string::npos);
  auto log = items.RedactionLog(users_["office"], id);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_NE((*log)[0].find("1101**********002X"), std::string::npos);
  EXPECT_EQ((*log)[0].find("11010519491231002X"), std::string::npos) << "the log keeps the number masked";
  EXPECT_NE((*log)[0].find("居民身份证号码"), std::string::npos);
  // Nothing left to remove.
  EXPECT_EQ(items.RedactAttachment(users_["clerk"], id, *red, {}).status().code(), Code::kFailedPrecondition);
}

}  // namespace
}  // namespace gk::disclosure
