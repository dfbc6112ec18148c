// The upper office on the platform: reading the agencies below it
// (accounts::Oversee) and nothing else, the filing queue (records/filings.h)
// with the check against what the portal serves now, the comparison of
// agencies, and rectification orders it issues to an agency.
#include <gtest/gtest.h>

#include "accounts/directory.h"
#include "accounts/platform.h"
#include "disclosure/items.h"
#include "disclosure/reference.h"
#include "oversight/district.h"
#include "oversight/orders.h"
#include "records/filings.h"
#include "store/fixture.h"

namespace gk::records {
namespace {

using accounts::AgencyKind;
using accounts::Principal;
using accounts::Role;

class DistrictTest : public testing::StoreTest {
 protected:
  // 2026-03-02 (a Monday), China noon.
  DistrictTest() : StoreTest(1772424000) {}

  void SetUp() override {
    StoreTest::SetUp();
    auto r = disclosure::LoadReferenceData(GK_SOURCE_DIR);
    ASSERT_TRUE(r.ok());
    ref_ = std::move(*r);
    audit::Actor actor{std::nullopt, "test:district"};
    ASSERT_TRUE(t_.db()
                    .Transact([&](store::Tx& tx) -> Status {
                      ASSIGN_OR_RETURN(auto d, accounts::AddAgency(tx, clock_,
                                                                   {"jingan", "上海市静安区人民政府",
                                                                    AgencyKind::kDistrict, "",
                                                                    {{"address", "常德路370号"},
                                                                     {"phone", "021-1"},
                                                                     {"office_hours", "工作日"}}},
                                                                   actor));
                      district_ = d.agency.id;
                      ASSIGN_OR_RETURN(auto n, accounts::AddAgency(tx, clock_,
                                                                   {"nanjingxilu", "南京西路街道办事处",
                                                                    AgencyKind::kStreet, "jingan",
                                                                    {{"address", "南京西路"}, {"phone", "021-2"}}},
                                                                   actor));
                      street_ = n.agency.id;
                      ASSIGN_OR_RETURN(auto o, accounts::AddAgency(tx, clock_,
                                                                   {"putuo", "上海市普陀区人民政府",
                                                                    AgencyKind::kDistrict, "",
                                                                    {{"address", "大渡河路1668号"},
                                                                     {"phone", "021-3"},
                                                                     {"office_hours", "工作日"}}},
                                                                   actor));
                      other_district_ = o.agency.id;
                      // The demo office joins the district.
                      return tx.Exec("UPDATE agencies SET parent_id = ?, kind = 'street' WHERE id = ?",
                                     {district_, agency_})
                          .status();
                    })
                    .ok());
    upper_ = MakeUser(district_, "upper", Role::kUpperOffice);
    other_upper_ = MakeUser(other_district_, "upper", Role::kUpperOffice);
    street_office_ = MakeUser(street_, "office", Role::kDisclosureOffice);
  }

  Principal MakeUser(int64_t agency, const std::string& name, Role role) {
    accounts::Directory dir(ctx_);
    auto id = dir.CreateUser(Principal::CommandLine(agency, "test"), {name, "测试" + name, std::nullopt, {role}},
                             "Test-password-1");
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    Principal p;
    p.user_id = id.ok() ? *id : 0;
    p.agency_id = agency;
    p.username = name;
    p.display_name = "测试" + name;
    p.roles = {role};
    return p;
  }

  Principal Reader(const Principal& upper, const std::string& code) {
    auto p = accounts::Oversee(ctx_, upper, code);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : Principal{};
  }

  int64_t Publish(const std::string& title, const std::string& formed_on) {
    return testing::PublishThroughChain(ctx_, ref_, agency_, "07", title, formed_on, "正文：" + title);
  }

  int64_t AuditCount(int64_t agency, const std::string& action) {
    return testing::QueryInt(t_.db(), "SELECT count(*) FROM audit_log WHERE agency_id = ? AND action = ?",
                             {agency, action});
  }

  disclosure::ReferenceData ref_;
  int64_t district_ = 0, street_ = 0, other_district_ = 0;
  Principal upper_, other_upper_, street_office_;
};

TEST_F(DistrictTest, TheUpperOfficeReadsOnlyTheAgenciesBelowIt) {
  auto below = accounts::Subordinates(ctx_, upper_);
  ASSERT_TRUE(below.ok()) << below.status().ToString();
  std::set<std::string> codes;
  for (const auto& a : *below) codes.insert(a.agency.code);
  EXPECT_EQ(codes, (std::set<std::string>{"jingansi", "nanjingxilu"}));
  auto none = accounts::Subordinates(ctx_, other_upper_);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  Principal reader = Reader(upper_, "jingansi");
  EXPECT_EQ(reader.agency_id, agency_);
  EXPECT_EQ(reader.overseeing_from, district_);
  EXPECT_EQ(reader.roles, std::set<Role>{Role::kUpperOffice});

  // Its own agency, another district's, an unknown code, an agency's own
  // 公开办 and a reader reading on: all as if there were nothing.
  EXPECT_EQ(accounts::Oversee(ctx_, upper_, "jingan").status().code(), Code::kNotFound);
  EXPECT_EQ(accounts::Oversee(ctx_, other_upper_, "jingansi").status().code(), Code::kNotFound);
  EXPECT_EQ(accounts::Oversee(ctx_, upper_, "nowhere").status().code(), Code::kNotFound);
  EXPECT_EQ(accounts::Oversee(ctx_, User("office"), "nanjingxilu").status().code(), Code::kNotFound);
  EXPECT_EQ(accounts::Oversee(ctx_, reader, "nanjingxilu").status().code(), Code::kNotFound);
  EXPECT_EQ(accounts::Subordinates(ctx_, reader).status().code(), Code::kPermissionDenied);

  // Read-only: the reader drafts nothing, edits no catalog, decides nothing.
  disclosure::Items items(ctx_, ref_);
  disclosure::ItemInput draft;
  draft.title = "上级代拟的信息";
  draft.body = "正文";
  draft.department_id = User("clerk").department_id.value_or(0);
  draft.category_id = testing::QueryInt(t_.db(), "SELECT min(id) FROM catalog_categories WHERE agency_id = ?",
                                        {agency_});
  draft.formed_on = "2026-03-01";
  EXPECT_EQ(items.Create(reader, draft).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM items WHERE title = '上级代拟的信息'"), 0);
}

TEST_F(DistrictTest, AFilingIsSubmittedCheckedAgainstThePortalReturnedAndAcceptedOnThePlatform) {
  int64_t kept = Publish("关于社区公共服务的通知", "2026-02-10");
  int64_t later_withdrawn = Publish("关于停车收费的公告", "2026-02-12");
  ASSERT_GT(kept, 0);
  ASSERT_GT(later_withdrawn, 0);
  Filings filings(ctx_);
  Principal office = User("office");

  // Only the 公开办 files; a period in the future is refused.
  EXPECT_EQ(filings.Submit(User("clerk"), "2026-01-01", "2026-03-01", "").status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(filings.Submit(office, "2026-01-01", "2026-03-31", "").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(filings.Submit(office, "2026-03-01", "2026-01-01", "").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM filings"), 0);

  auto id = filings.Submit(office, "2026-01-01", "2026-03-02", "一季度前两个月");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(AuditCount(agency_, "filing.submit"), 1);

  // The upper office's queue holds it; another district's does not, and
  // cannot open it.
  auto queue = filings.Queue(upper_);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ(queue->front().agency_code, "jingansi");
  EXPECT_EQ(queue->front().state, FilingState::kSubmitted);
  EXPECT_GE(queue->front().item_count, 2);
  EXPECT_EQ(*filings.Waiting(upper_), 1);
  EXPECT_EQ(*filings.Waiting(other_upper_), 0);
  EXPECT_TRUE(filings.Queue(other_upper_)->empty());
  EXPECT_EQ(filings.Get(other_upper_, *id).status().code(), Code::kNotFound);
  EXPECT_EQ(filings.Get(street_office_, *id).status().code(), Code::kNotFound);
  EXPECT_EQ(filings.Get(User("clerk"), *id).status().code(), Code::kNotFound);
  EXPECT_EQ(filings.Get(Reader(upper_, "nanjingxilu"), *id).status().code(), Code::kNotFound);
  EXPECT_EQ(filings.Accept(other_upper_, *id, "").code(), Code::kNotFound);
  EXPECT_EQ(filings.Queue(office).status().code(), Code::kPermissionDenied);

  auto seen = filings.Get(upper_, *id);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_TRUE(seen->differences.empty());
  EXPECT_EQ(seen->allowed, (std::vector<FilingAction>{FilingAction::kAccept, FilingAction::kReturn}));
  auto own = filings.Get(office, *id);
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(own->allowed.empty()) << "the filing side does not decide";
  EXPECT_EQ(filings.Accept(office, *id, "").code(), Code::kPermissionDenied);

  // Withdrawn after filing: both sides see the difference.
  disclosure::ActionInput withdraw;
  withdraw.reason = "收费标准已调整";
  ASSERT_TRUE(disclosure::Items(ctx_, ref_).Act(office, later_withdrawn, disclosure::Action::kWithdraw, withdraw).ok());
  for (const Principal& who : {upper_, office}) {
    auto f = filings.Get(who, *id);
    ASSERT_TRUE(f.ok());
    ASSERT_EQ(f->differences.size(), 1u);
    EXPECT_EQ(f->differences.front().title, "关于停车收费的公告");
  }

  // Returned with remarks (required), then filed again and accepted.
  EXPECT_EQ(filings.Return(upper_, *id, "  ").code(), Code::kInvalidArgument);
  ASSERT_TRUE(filings.Return(upper_, *id, "清单中有已撤回的信息，请核实后重新报送").ok());
  EXPECT_EQ(filings.Return(upper_, *id, "再次退回").code(), Code::kFailedPrecondition);
  auto mine = filings.OfAgency(office);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().state, FilingState::kReturned);
  EXPECT_EQ(mine->front().remarks, "清单中有已撤回的信息，请核实后重新报送");
  EXPECT_EQ(mine->front().decided_by, "测试upper");

  auto again = filings.Submit(office, "2026-01-01", "2026-03-02", "已核实");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  auto resubmitted = filings.Get(upper_, *again);
  ASSERT_TRUE(resubmitted.ok());
  EXPECT_TRUE(resubmitted->differences.empty()) << "the new package leaves the withdrawn item out";
  EXPECT_EQ(resubmitted->item_count + 1, own->item_count);
  // A waiting filing blocks an overlapping one.
  EXPECT_EQ(filings.Submit(office, "2026-02-01", "2026-02-28", "").status().code(), Code::kConflict);
  // The upper office reading the agency sees its filings too.
  auto read = filings.OfAgency(Reader(upper_, "jingansi"));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->size(), 2u);
  ASSERT_TRUE(filings.Accept(upper_, *again, "").ok());
  EXPECT_EQ(filings.Submit(office, "2026-02-01", "2026-02-28", "").status().code(), Code::kConflict);
  EXPECT_EQ(*filings.Waiting(upper_), 0);
  EXPECT_EQ(AuditCount(agency_, "filing.return"), 1);
  EXPECT_EQ(AuditCount(agency_, "filing.accept"), 1);

  // An agency without an upper agency on the platform has nobody to file with.
  Principal lone = MakeUser(district_, "office", Role::kDisclosureOffice);
  EXPECT_EQ(filings.Submit(lone, "2026-01-01", "2026-03-01", "").status().code(), Code::kFailedPrecondition);
}

TEST_F(DistrictTest, TheComparisonCountsEachAgencysOwnRecords) {
  // Formed in December, published in March: late against 20 working days.
  ASSERT_GT(Publish("关于年度预算执行情况的公告", "2025-12-01"), 0);
  auto rows = oversight::CompareSubordinates(ctx_, upper_, Date{2026, 1, 1}, Date{2026, 3, 2});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  const oversight::AgencyComparison* ours = nullptr;
  const oversight::AgencyComparison* theirs = nullptr;
  for (const auto& r : *rows) (r.agency.agency.code == "jingansi" ? ours : theirs) = &r;
  ASSERT_TRUE(ours && theirs);
  EXPECT_GE(ours->total.published, 1);
  EXPECT_GE(ours->total.published_late, 1);
  EXPECT_EQ(theirs->total.published, 0);
  EXPECT_EQ(theirs->total.published_late, 0);
  EXPECT_EQ(oversight::CompareSubordinates(ctx_, User("group"), Date{2026, 1, 1}, Date{2026, 3, 2}).status().code(),
            Code::kPermissionDenied);
}

TEST_F(DistrictTest, AnOrderFromTheUpperOfficeIsAnsweredByTheAgencyAndClosedOnlyByThatOffice) {
  Principal reader = Reader(upper_, "jingansi");
  oversight::Orders orders(ctx_);
  auto depthead = User("depthead");
  ASSERT_TRUE(depthead.department_id.has_value());
  oversight::OrderInput in;
  in.department_id = *depthead.department_id;
  in.problem = "2025年度报告未按期发布";
  in.requirement = "补充发布并说明原因";
  in.due_on = "2026-03-20";
  in.source = "区政务公开办检查";
  // A department of another agency is not one of this agency's.
  oversight::OrderInput foreign = in;
  foreign.department_id = testing::QueryInt(t_.db(), "SELECT count(*) + 100000 FROM departments");
  EXPECT_EQ(orders.Issue(reader, foreign).status().code(), Code::kInvalidArgument);
  auto id = orders.Issue(reader, in);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT issued_by_agency_id FROM rectification_orders WHERE id = ?", {*id}),
            district_);

  // The agency's leadership sees it as any other order, with who issued it.
  auto seen = orders.Get(User("group"), *id);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->issuer_agency, "上海市静安区人民政府");
  // The department reports; the agency's own 领导小组 may not close it.
  ASSERT_TRUE(orders.Report(depthead, *id, "已于3月5日补充发布", {}).ok());
  EXPECT_EQ(orders.Close(User("group"), *id, "").code(), Code::kPermissionDenied);
  EXPECT_TRUE(orders.Get(User("group"), *id)->allowed.empty());
  // Another agency's reader sees none of it; the issuer closes it.
  EXPECT_EQ(orders.Get(Reader(upper_, "nanjingxilu"), *id).status().code(), Code::kNotFound);
  auto listed = orders.IssuedBelow(upper_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().agency_code, "jingansi");
  EXPECT_TRUE(orders.IssuedBelow(other_upper_)->empty());
  ASSERT_TRUE(orders.Close(reader, *id, "整改到位").ok());
  EXPECT_EQ(orders.Get(User("group"), *id)->state, oversight::OrderState::kClosed);

  // The reader sees only the orders its office issued, not the agency's own.
  oversight::OrderInput own = in;
  own.problem = "内部发现的问题";
  ASSERT_TRUE(orders.Issue(User("group"), own).ok());
  auto visible = orders.List(reader);
  ASSERT_TRUE(visible.ok());
  ASSERT_EQ(visible->size(), 1u);
  EXPECT_EQ(visible->front().id, *id);
}

}  // namespace
}  // namespace gk::records
