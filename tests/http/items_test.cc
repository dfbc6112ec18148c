// Information items over HTTP: the whole chain as the demo users, and no path
// to the portal around it.
#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>

#include <cstring>
#include <regex>
#include <set>

#include "disclosure/import.h"
#include "documents/letter.h"
#include "ocr/ocr.h"
#include "review/checks.h"
#include "support/http_client.h"
#include "support/pdf_text.h"
#include "support/scanned_pages.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;

// Imports `lines` (docs/formats.md) as the agency's items, as
// `gongkai import items` does.
Status ImportItemLines(TestServer& server, int64_t agency, const std::string& lines) {
  SecurityConfig sec = testing::TestSecurity();
  accounts::Context ctx{server.db().db(), server.clock(), sec};
  ASSIGN_OR_RETURN(disclosure::ReferenceData ref, disclosure::LoadReferenceData(GK_SOURCE_DIR));
  return disclosure::ImportItems(ctx, ref, accounts::Principal::CommandLine(agency, "import items"), lines,
                                 disclosure::DirectoryFiles(""))
      .status();
}

class ItemsHttpTest : public ::testing::Test {
 protected:
  int64_t DemoItemId() { return testing::QueryInt(server_.db().db(), "SELECT MIN(id) FROM items"); }

  std::string State(int64_t id) {
    std::string s;
    EXPECT_TRUE(server_.db().db().Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT state FROM items WHERE id = ?", {id}));
      s = row->Str(0);
      return Status::Ok();
    }).ok());
    return s;
  }

  // Posts an action on the item page as `client`; returns the response.
  HttpResponse Act(HttpClient& client, int64_t id, std::vector<std::pair<std::string, std::string>> fields) {
    std::string path = "/staff/items/" + std::to_string(id);
    auto page = client.Get(path);
    fields.emplace_back("_csrf", HttpClient::CsrfFrom(page.body));
    return client.PostForm(path + "/act", fields);
  }

  // Every user signs in once.
  HttpClient& As(const std::string& user) {
    auto it = clients_.find(user);
    if (it == clients_.end()) it = clients_.emplace(user, server_.LoggedIn(user)).first;
    return it->second;
  }

  TestServer server_;
  std::map<std::string, HttpClient> clients_;
};

TEST_F(ItemsHttpTest, DemoItemTravelsTheWholeChainToThePortal) {
  int64_t id = DemoItemId();
  std::string item = "/items/" + std::to_string(id);
  HttpClient pub = server_.Client();
  EXPECT_EQ(pub.Get(item).status, 404) << "a draft is not public";

  auto tasks = As("clerk").Get("/staff");
  EXPECT_NE(tasks.body.find("加装电梯"), std::string::npos) << "the draft is in the clerk's tasks";

  struct Step {
    const char* user;
    std::vector<std::pair<std::string, std::string>> fields;
    const char* state_after;
  } steps[] = {
      {"clerk", {{"action", "submit"}, {"opinion", "建议主动公开"}}, "dept_review"},
      {"depthead", {{"action", "approve"}, {"opinion", "同意公开"}}, "secrecy_check"},
      {"office", {{"action", "approve"}, {"opinion", "经审查不涉密"}}, "leader_review"},
      {"leader", {{"action", "approve"}}, "principal_review"},
      {"principal", {{"action", "approve"}, {"opinion", "同意"}}, "approved"},
      {"office", {{"action", "publish"}}, "published"},
  };
  for (const auto& s : steps) {
    auto before = As(s.user).Get("/staff");
    EXPECT_NE(before.body.find("/staff/items/" + std::to_string(id)), std::string::npos)
        << "the item is in the tasks of " << s.user;
    auto r = Act(As(s.user), id, s.fields);
    ASSERT_EQ(r.status, 303) << s.user << ": " << r.body.substr(0, 2000);
    EXPECT_EQ(State(id), s.state_after) << s.user;
  }
  auto page = pub.Get(item);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("静安寺街道2026年既有多层住宅加装电梯工作实施方案"), std::string::npos);
  EXPECT_NE(page.body.find("索引号"), std::string::npos);
  EXPECT_NE(page.body.find("jingansi/"), std::string::npos) << "generated index number";
  EXPECT_NE(pub.Get("/catalog").body.find(item), std::string::npos);
  auto feed = pub.Get("/feed.xml");
  EXPECT_NE(feed.body.find(item), std::string::npos);
  EXPECT_EQ(feed.Header("content-type"), "application/atom+xml; charset=utf-8");
  EXPECT_EQ(pub.Get("/sitemap.xml").status, 404) << "no sitemap without server.public_url (FeedTest has one)";

  // Withdrawal needs a reason, keeps the record, and takes the item off the portal.
  auto no_reason = Act(As("office"), id, {{"action", "withdraw"}});
  EXPECT_EQ(no_reason.status, 400);
  auto w = Act(As("office"), id, {{"action", "withdraw"}, {"reason", "内容需更新"}});
  ASSERT_EQ(w.status, 303);
  EXPECT_EQ(pub.Get(item).status, 404);
  auto staff_view = As("office").Get("/staff/items/" + std::to_string(id));
  EXPECT_NE(staff_view.body.find("已撤回"), std::string::npos);
  EXPECT_NE(staff_view.body.find("内容需更新"), std::string::npos);
}

TEST_F(ItemsHttpTest, AMigratedItemSaysSoOnThePortalAndToStaff) {
  store::Database& db = server_.db().db();
  int64_t agency = testing::QueryInt(db, "SELECT MIN(id) FROM agencies");
  Status imported = ImportItemLines(
      server_, agency,
      R"({"index_no": "OLD-2024-009", "title": "原网站的社区公告", "department": "社区服务办公室", )"
      R"("category": "0202", "formed_on": "2024-03-01", "published_on": "2024-03-06", "ground": "art19", )"
      R"("body": "原网站发布的正文。"})");
  ASSERT_TRUE(imported.ok()) << imported.ToString();
  int64_t id = testing::QueryInt(db, "SELECT id FROM items WHERE index_no = 'OLD-2024-009'");

  auto page = server_.Client().Get("/items/" + std::to_string(id));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("迁移自原网站"), std::string::npos);
  EXPECT_NE(page.body.find("2024-03-06"), std::string::npos) << "the old website's date";
  auto staff = As("office").Get("/staff/items/" + std::to_string(id));
  ASSERT_EQ(staff.status, 200);
  EXPECT_NE(staff.body.find("迁移自原网站"), std::string::npos);
}

TEST_F(ItemsHttpTest, NoRoleCanPublishAtAnyStateBeforeApproval) {
  int64_t id = DemoItemId();
  const char* users[] = {"clerk", "depthead", "leader", "principal", "office", "group", "supervisor", "secrecy",
                         "admin"};
  const std::vector<std::pair<const char*, std::vector<std::pair<std::string, std::string>>>> chain = {
      {"clerk", {{"action", "submit"}}},
      {"depthead", {{"action", "approve"}}},
      {"office", {{"action", "approve"}}},
      {"leader", {{"action", "approve"}}},
      {"principal", {{"action", "approve"}}},
  };
  for (const auto& [signer, fields] : chain) {
    std::string state = State(id);
    for (const char* u : users) {
      auto r = Act(As(u), id, {{"action", "publish"}});
      EXPECT_NE(r.status, 303) << u << " published from " << state;
      EXPECT_EQ(State(id), state);
    }
    auto api = As("office").Send("POST", "/staff/items/" + std::to_string(id) + "/act", "action=publish",
                                 {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(api.status, 403) << "no CSRF token";
    EXPECT_EQ(server_.Client().Get("/items/" + std::to_string(id)).status, 404);
    ASSERT_EQ(Act(As(signer), id, fields).status, 303) << signer;
  }
  EXPECT_EQ(State(id), "approved");
  for (const char* u : users) {
    if (std::string(u) == "office") continue;
    EXPECT_NE(Act(As(u), id, {{"action", "publish"}}).status, 303) << u;
  }
  EXPECT_EQ(Act(As("office"), id, {{"action", "publish"}}).status, 303);
}

TEST_F(ItemsHttpTest, ReturnedItemGoesBackAndAnEditVoidsLaterSignatures) {
  int64_t id = DemoItemId();
  ASSERT_EQ(Act(As("clerk"), id, {{"action", "submit"}}).status, 303);
  ASSERT_EQ(Act(As("depthead"), id, {{"action", "approve"}}).status, 303);
  auto no_reason = Act(As("office"), id, {{"action", "return"}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_NE(no_reason.body.find("退回理由不能为空"), std::string::npos);
  ASSERT_EQ(Act(As("office"), id, {{"action", "return"}, {"opinion", "附件缺少补贴标准"}}).status, 303);
  EXPECT_EQ(State(id), "draft");
  auto home = As("clerk").Get("/staff");
  EXPECT_NE(home.body.find("/staff/items/" + std::to_string(id)), std::string::npos) << "back in the clerk's tasks";

  // The clerk edits the body: a new version; the department head's signature no longer counts.
  auto form = As("clerk").Get("/staff/items/" + std::to_string(id) + "/edit");
  ASSERT_EQ(form.status, 200);
  std::smatch m;
  std::string html = form.body;
  auto field = [&](const std::string& name) {
    std::regex re("name=\"" + name + "\"[^>]*value=\"([^\"]*)\"");
    return std::regex_search(html, m, re) ? m[1].str() : std::string();
  };
  std::regex cat_re("<option value=\"(\\d+)\" selected>");
  ASSERT_TRUE(std::regex_search(html, m, cat_re));
  std::string category = m[1].str();
  auto r = As("clerk").PostForm("/staff/items/" + std::to_string(id),
                                {{"_csrf", HttpClient::CsrfFrom(html)}, {"title", field("title")},
                                 {"doc_no", field("doc_no")}, {"category_id", category},
                                 {"formed_on", field("formed_on")}, {"classification", "none"},
                                 {"ground_key", "art19"}, {"reason", "涉及居民切身利益"}, {"validity", "valid"},
                                 {"summary", ""}, {"body", "补充了补贴标准：每台电梯补贴不超过二十八万元。"}});
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 1500);
  ASSERT_EQ(Act(As("clerk"), id, {{"action", "submit"}}).status, 303);
  EXPECT_EQ(State(id), "dept_review") << "step 2 must be signed again after the edit";
  auto view = As("depthead").Get("/staff/items/" + std::to_string(id));
  EXPECT_NE(view.body.find("签字失效"), std::string::npos);
  EXPECT_NE(view.body.find("第 2 版"), std::string::npos);
}

TEST_F(ItemsHttpTest, ReviewersCannotEditAndOutsidersCannotAct) {
  int64_t id = DemoItemId();
  EXPECT_EQ(As("depthead").Get("/staff/items/" + std::to_string(id) + "/edit").status, 409);
  auto r = Act(As("leader"), id, {{"action", "submit"}});
  EXPECT_EQ(r.status, 404) << "a draft is not the 分管领导's to read";
  EXPECT_EQ(Act(As("depthead"), id, {{"action", "submit"}}).status, 403) << "read, but step 1 is the clerk's";
  EXPECT_EQ(State(id), "draft");
  EXPECT_EQ(Act(As("clerk"), id, {{"action", "bogus"}}).status, 400);
  EXPECT_EQ(As("clerk").Get("/staff/items/999999").status, 404);
}

TEST_F(ItemsHttpTest, ClerkDraftsANewItemWithValidation) {
  auto form = As("clerk").Get("/staff/items/new");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("<label for=\"title\">"), std::string::npos);
  std::smatch m;
  std::string html = form.body;
  std::regex any_cat("<option value=\"(\\d+)\" >\\s*0101");
  ASSERT_TRUE(std::regex_search(html, m, any_cat)) << "category 0101 offered";
  std::string cat = m[1].str();
  std::string csrf = HttpClient::CsrfFrom(html);
  auto bad = As("clerk").PostForm("/staff/items", {{"_csrf", csrf}, {"title", ""}, {"category_id", cat},
                                                   {"formed_on", "2026-11-02"}, {"classification", "none"},
                                                   {"ground_key", "art19"}, {"reason", "x"}, {"validity", "valid"},
                                                   {"body", "正文"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("标题不能为空"), std::string::npos);
  auto secret = As("clerk").PostForm("/staff/items", {{"_csrf", csrf}, {"title", "涉密测试"}, {"category_id", cat},
                                                      {"formed_on", "2026-11-02"}, {"classification", "secret"},
                                                      {"ground_key", "art19"}, {"reason", "x"},
                                                      {"validity", "valid"}, {"body", "正文"}});
  EXPECT_EQ(secret.status, 400);
  EXPECT_NE(secret.body.find("保密期限"), std::string::npos);
  auto ok = As("clerk").PostForm("/staff/items", {{"_csrf", csrf}, {"title", "街道机构概况"}, {"category_id", cat},
                                                  {"formed_on", "2026-11-02"}, {"classification", "none"},
                                                  {"ground_key", "art20_2"}, {"reason", "法定主动公开内容"},
                                                  {"validity", "valid"}, {"body", "静安寺街道办事处设党政办公室等机构。"}});
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 1500);
  auto created = As("clerk").Get(ok.Header("location"));
  EXPECT_NE(created.body.find("jingansi/2026-00002"), std::string::npos) << "the next index number of 2026";
  EXPECT_NE(created.body.find("主动公开时限"), std::string::npos);
  EXPECT_EQ(As("depthead").PostForm("/staff/items", {{"_csrf", HttpClient::CsrfFrom(As("depthead").Get("/staff").body)},
                                                      {"title", "x"}, {"category_id", cat}, {"formed_on", "2026-11-02"},
                                                      {"classification", "none"}, {"ground_key", "art19"},
                                                      {"reason", "x"}, {"validity", "valid"}, {"body", "x"}}).status,
            403) << "only clerks draft";
}


// The JSON API: the same chain, the same refusals.
class ItemsApiTest : public ::testing::Test {
 protected:
  int Act(const std::string& user, int64_t id, const std::string& json) {
    HttpClient c = server_.Client();
    std::string csrf = c.ApiLogin(user);
    return c.Send("POST", "/api/v1/staff/items/" + std::to_string(id) + "/actions", json,
                  {{"Content-Type", "application/json"}, {"X-CSRF-Token", csrf}}).status;
  }
  TestServer server_;
};

TEST_F(ItemsApiTest, EveryRoleTriesToPublishAtEveryState) {
  HttpClient pub = server_.Client();
  auto list = pub.Get("/api/v1/items");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("\"total\":0"), std::string::npos);
  int64_t id = 1;
  const char* users[] = {"clerk", "depthead", "leader", "principal", "office", "group", "supervisor", "secrecy", "admin"};
  const std::vector<std::pair<std::string, std::string>> chain = {
      {"clerk", "{\"action\":\"submit\"}"},     {"depthead", "{\"action\":\"approve\"}"},
      {"office", "{\"action\":\"approve\"}"},   {"leader", "{\"action\":\"approve\"}"},
      {"principal", "{\"action\":\"approve\"}"}};
  for (const auto& [signer, body] : chain) {
    for (const char* u : users) {
      // 404 where the role may not even read the item at this state.
      int status = Act(u, id, "{\"action\":\"publish\"}");
      EXPECT_TRUE(status == 403 || status == 404 || status == 409) << u << " got " << status;
    }
    EXPECT_EQ(pub.Get("/api/v1/items/" + std::to_string(id)).status, 404);
    ASSERT_EQ(Act(signer, id, body), 200) << signer;
  }
  EXPECT_EQ(Act("clerk", id, "{\"action\":\"publish\"}"), 403);
  EXPECT_EQ(Act("office", id, "{\"action\":\"publish\"}"), 200);
  auto item = pub.Get("/api/v1/items/" + std::to_string(id));
  ASSERT_EQ(item.status, 200);
  EXPECT_NE(item.body.find("\"index_no\":\"jingansi/"), std::string::npos) << item.body;
  EXPECT_NE(pub.Get("/api/v1/items").body.find("\"total\":1"), std::string::npos);
  EXPECT_EQ(Act("office", id, "{\"action\":\"teleport\"}"), 400);
}


// Takes the demo item (id 1) through the chain as the demo signers, each
// pressing the one button their item page offers.
std::string Multipart(const std::string& csrf, const std::string& filename, const std::string& data) {
  return testing::MultipartBody({{"_csrf", csrf}}, {{"file", filename, data}});
}

TEST(AttachmentsHttpTest, UploadVersionDownloadAndPublish) {
  TestServer server;
  HttpClient clerk = server.LoggedIn("clerk");
  auto page = clerk.Get("/staff/items/1");
  std::string csrf = HttpClient::CsrfFrom(page.body);
  std::map<std::string, std::string> h = {{"Content-Type", "multipart/form-data; boundary=gkb"}};
  auto bad = clerk.Send("POST", "/staff/items/1/attachments", Multipart(csrf, "virus.exe", "MZ..."), h);
  EXPECT_EQ(bad.status, 400) << bad.body.substr(0, 3000);
  EXPECT_NE(bad.body.find("不支持的附件类型"), std::string::npos);
  documents::Letter letter;
  letter.issuer = "静安寺街道办事处";
  letter.title = "补贴标准";
  letter.paragraphs = {"加装电梯补贴标准为每台二十万元。"};
  letter.date = *Date::Parse("2026-11-02");
  std::string pdf = *documents::RenderPdf(letter);
  auto ok = clerk.Send("POST", "/staff/items/1/attachments", Multipart(csrf, "补贴标准.pdf", pdf), h);
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 1000);
  auto view = clerk.Get("/staff/items/1");
  EXPECT_NE(view.body.find("补贴标准.pdf"), std::string::npos);
  EXPECT_NE(view.body.find("附件（新增 补贴标准.pdf）"), std::string::npos) << "a new version records it";
  auto dl = clerk.Get("/staff/items/1/attachments/1");
  ASSERT_EQ(dl.status, 200);
  EXPECT_EQ(dl.body, pdf);
  EXPECT_EQ(dl.Header("content-type"), "application/pdf");
  EXPECT_NE(dl.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
  EXPECT_EQ(server.Client().Get("/items/1/attachments/1").status, 404) << "not public before publication";

  HttpClient head = server.LoggedIn("depthead");
  auto denied = head.Send("POST", "/staff/items/1/attachments",
                          Multipart(HttpClient::CsrfFrom(head.Get("/staff").body), "x.pdf", "%PDF-1.4"), h);
  EXPECT_EQ(denied.status, 403);

  // Through the chain to the portal; the published version carries the file.
  PublishDemoItem(server);
  auto pub = server.Client().Get("/items/1");
  ASSERT_EQ(pub.status, 200);
  EXPECT_NE(pub.body.find("/items/1/attachments/1"), std::string::npos);
  auto file = server.Client().Get("/items/1/attachments/1");
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body, pdf);
  EXPECT_EQ(server.Client().Get("/items/1/attachments/2").status, 404);
}


cairo_status_t AppendPdf(void* out, const unsigned char* data, unsigned int n) {
  static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), n);
  return CAIRO_STATUS_SUCCESS;
}

// A PDF whose visible lines are `lines` and whose document information names
// `author` (a part no reader sees).
std::string PdfWithAuthor(const std::vector<std::string>& lines, const std::string& author) {
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(AppendPdf, &pdf, 595, 842);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author.c_str());
  cairo_t* cr = cairo_create(surface);
  cairo_select_font_face(cr, "Noto Sans CJK SC", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 14);
  double y = 100;
  for (const std::string& line : lines) {
    cairo_move_to(cr, 72, y);
    cairo_show_text(cr, line.c_str());
    y += 28;
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return pdf;
}

// The reviewer opens an attachment's text: the number hidden in its document
// properties is highlighted in its own marked part before anyone approves;
// the clerk selects a name on that page and 区分处理 removes it, the number
// and the hidden part, leaving the rest.
TEST(AttachmentsHttpTest, AttachmentTextShowsHiddenFindingsAndSelectedTextIsRedacted) {
  TestServer server;
  HttpClient clerk = server.LoggedIn("clerk");
  std::string csrf = HttpClient::CsrfFrom(clerk.Get("/staff/items/1").body);
  std::map<std::string, std::string> h = {{"Content-Type", "multipart/form-data; boundary=gkb"}};
  std::string pdf = PdfWithAuthor({"补助名单", "李四，补助1500元。", "王五，补助1200元。"}, "经办人 11010519491231002X");
  ASSERT_EQ(clerk.Send("POST", "/staff/items/1/attachments", Multipart(csrf, "名单.pdf", pdf), h).status, 303);
  auto item = clerk.Get("/staff/items/1");
  EXPECT_NE(item.body.find("/staff/items/1/attachments/1/text"), std::string::npos);

  HttpClient office = server.LoggedIn("office");
  auto text = office.Get("/staff/items/1/attachments/1/text");
  ASSERT_EQ(text.status, 200) << text.body.substr(0, 2000);
  EXPECT_NE(text.body.find("隐藏内容：文档属性：作者"), std::string::npos) << text.body;
  std::regex mark("<mark class=\"finding finding-block\" title=\"[^\"]*隐藏内容[^\"]*\">11010519491231002X</mark>");
  EXPECT_TRUE(std::regex_search(text.body, mark)) << text.body;
  EXPECT_NE(text.body.find("李四，补助1500元。"), std::string::npos);
  EXPECT_EQ(text.body.find("select-terms.js"), std::string::npos) << "the 公开办 cannot edit the draft";
  EXPECT_EQ(server.Client().Get("/staff/items/1/attachments/1/text").status, 303) << "staff only";
  EXPECT_EQ(office.Get("/staff/items/1/attachments/99/text").status, 404);

  auto own = clerk.Get("/staff/items/1/attachments/1/text");
  ASSERT_EQ(own.status, 200);
  EXPECT_NE(own.body.find("select-terms.js"), std::string::npos);
  auto red = clerk.Send("POST", "/staff/items/1/attachments/1/redact",
                        "_csrf=" + UrlEncode(HttpClient::CsrfFrom(own.body)) + "&terms=" + UrlEncode("李四"),
                        {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(red.status, 303) << red.body.substr(0, 2000);
  auto after = clerk.Get("/staff/items/1/attachments/2/text");
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.body.find("11010519491231002X"), std::string::npos);
  EXPECT_EQ(after.body.find("李四"), std::string::npos);
  EXPECT_EQ(after.body.find("隐藏内容："), std::string::npos);
  EXPECT_NE(after.body.find("，补助1500元。"), std::string::npos);
  EXPECT_NE(after.body.find("王五，补助1200元。"), std::string::npos);
}

cairo_status_t ReadFromString(void* closure, unsigned char* data, unsigned int length) {
  auto* in = static_cast<std::string_view*>(closure);
  if (in->size() < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, in->data(), length);
  in->remove_prefix(length);
  return CAIRO_STATUS_SUCCESS;
}

// The red frame drawn around a finding on a page image: how many pixels of
// its pure red the PNG has, and the rows they span.
struct RedPixels {
  int count = 0, top = -1, bottom = -1, width = 0, height = 0;
};
RedPixels CountRed(const std::string& png) {
  RedPixels out;
  std::string_view in(png);
  cairo_surface_t* s = cairo_image_surface_create_from_png_stream(ReadFromString, &in);
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(s);
    return out;
  }
  out.width = cairo_image_surface_get_width(s);
  out.height = cairo_image_surface_get_height(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  const int stride = cairo_image_surface_get_stride(s);
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      const unsigned char* p = data + y * stride + x * 4;  // B G R A
      if (p[2] >= 200 && p[1] <= 8 && p[0] <= 8) {  // the frame's red, not the seal's (217, 26, 26)
        ++out.count;
        if (out.top < 0) out.top = y;
        out.bottom = y;
      }
    }
  }
  cairo_surface_destroy(s);
  return out;
}

// The Done-when of reading scans: a clerk attaches a scanned, stamped notice
// with an applicant's identity number on it. The check blocks it, the text
// page shows the number read from the scan and the page image with the
// number framed; 区分处理 gives a copy whose picture no longer shows the
// number (read again by OCR) while the rest still reads, and whose check
// passes.
TEST(AttachmentsHttpTest, AScannedStampedNoticeIsBlockedShownAndRedacted) {
  if (!ocr::Available()) GTEST_SKIP() << "the OCR models are not installed";
  TestServer server;
  HttpClient clerk = server.LoggedIn("clerk");
  std::string csrf = HttpClient::CsrfFrom(clerk.Get("/staff/items/1").body);
  std::map<std::string, std::string> h = {{"Content-Type", "multipart/form-data; boundary=gkb"}};
  const std::string id = "11010519491231002X";
  testing::ScanLook look;
  look.stamp = true;
  look.rotate_degrees = 0.5;
  const std::string scan = testing::ScanPdf(
      {"关于发放困难补助的公示", "申请人：张三", "身份证号码：" + id, "公示期：七个工作日", "静安寺街道办事处", "二〇二六年十二月一日"},
      look);
  const int in_transaction = review::FileChecksInTransactionForTest();
  ASSERT_EQ(clerk.Send("POST", "/staff/items/1/attachments", Multipart(csrf, "公示（扫描件）.pdf", scan), h).status, 303);
  EXPECT_EQ(review::FileChecksInTransactionForTest(), in_transaction) << "OCR ran before the write transaction";

  auto text = clerk.Get("/staff/items/1/attachments/1/text");
  ASSERT_EQ(text.status, 200) << text.body.substr(0, 2000);
  EXPECT_NE(text.body.find("verdict-block"), std::string::npos) << "the check blocks it";
  std::regex mark("<mark class=\"finding finding-block\"[^>]*>" + id + "</mark>");
  EXPECT_TRUE(std::regex_search(text.body, mark)) << "the number is marked in the text read from the scan";
  EXPECT_NE(text.body.find("第1页（扫描件识别）"), std::string::npos);
  const std::string image = "/staff/items/1/attachments/1/scans/0";
  EXPECT_NE(text.body.find("src=\"" + image + "\""), std::string::npos) << "the page image is shown";

  auto png = clerk.Get(image);
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.Header("content-type"), "image/png");
  EXPECT_EQ(png.Header("cache-control"), "private, no-store");
  RedPixels red = CountRed(png.body);
  ASSERT_GT(red.height, 0) << "a PNG";
  EXPECT_GT(red.count, 100) << "a frame around the number";
  // The number is the third of six lines, and the frame is around it only:
  // it lies in the upper half of the picture and spans about one line.
  EXPECT_GT(red.top, red.height * 2 / 10);
  EXPECT_LT(red.bottom, red.height / 2);
  EXPECT_LT(red.bottom - red.top, red.height / 8);
  EXPECT_EQ(clerk.Get("/staff/items/1/attachments/1/scans/1").status, 404) << "one page, one scan";
  EXPECT_EQ(clerk.Get("/staff/items/1/attachments/1/scans/x").status, 404);
  EXPECT_EQ(server.Client().Get(image).status, 303) << "staff only";

  auto redacted = clerk.Send("POST", "/staff/items/1/attachments/1/redact",
                             "_csrf=" + UrlEncode(HttpClient::CsrfFrom(text.body)) + "&terms=",
                             {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(redacted.status, 303) << redacted.body.substr(0, 2000);
  auto after = clerk.Get("/staff/items/1/attachments/2/text");
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.body.find("1949123100"), std::string::npos) << "gone from the picture, read again by OCR";
  EXPECT_NE(after.body.find("发放困难补助的公示"), std::string::npos) << "the rest still reads: " << after.body;
  EXPECT_NE(after.body.find("公示期"), std::string::npos);
  EXPECT_EQ(after.body.find("verdict-block"), std::string::npos) << "the copy passes the check";
  auto copy = clerk.Get("/staff/items/1/attachments/2");
  ASSERT_EQ(copy.status, 200);
  EXPECT_EQ(testing::PdfText(copy.body).find("1949123100"), std::string::npos);
}

TEST(SearchHttpTest, PortalFindsPublishedItemsByShortChineseWordsStaffFindDrafts) {
  TestServer server;
  HttpClient visitor = server.Client();
  HttpClient office = server.LoggedIn("office");
  EXPECT_NE(office.Get("/staff/search?q=" + UrlEncode("电梯")).body.find("/staff/items/1"), std::string::npos)
      << "staff find the draft";
  EXPECT_EQ(visitor.Get("/search?q=" + UrlEncode("电梯")).body.find("/items/1\""), std::string::npos)
      << "the portal does not show a draft";
  PublishDemoItem(server);
  for (const char* q : {"电梯", "梯", "加装电梯", "補貼", "ＷＩＦＩ电梯"}) {
    auto r = visitor.Get("/search?q=" + UrlEncode(q));
    ASSERT_EQ(r.status, 200) << q;
    if (std::string(q) == "ＷＩＦＩ电梯") {
      EXPECT_EQ(r.body.find("href=\"/items/1\""), std::string::npos) << "every word must match";
    } else {
      EXPECT_NE(r.body.find("href=\"/items/1\""), std::string::npos) << q;
      EXPECT_NE(r.body.find("<mark>"), std::string::npos) << q;
    }
  }
  auto api = visitor.Get("/api/v1/search?q=" + UrlEncode("补贴"));
  ASSERT_EQ(api.status, 200);
  EXPECT_NE(api.body.find("\"total\":1"), std::string::npos) << api.body;
  EXPECT_EQ(visitor.Get("/search?q=" + UrlEncode(std::string(120, 'a'))).status, 400);
}

// A search matching more items than server.search_rank_cap ranks only the
// newest of them and says so, on the portal, in the staff area and in the
// API; a search matching fewer still gives the exact number.
TEST(SearchHttpTest, ASearchOverTheRankCapSaysItRankedTheNewest) {
  ServerConfig cfg;
  cfg.search_rank_cap = 2;
  TestServer server(cfg);
  store::Database& db = server.db().db();
  int64_t agency = testing::QueryInt(db, "SELECT id FROM agencies WHERE code = 'jingansi'");
  std::string lines;
  for (const char* suffix : {"甲", "乙", "丙"}) {
    lines += std::string(R"({"index_no": "CAP-2024-)") + suffix + R"(", "title": "防汛物资储备公告)" + suffix +
             R"(", "department": "社区服务办公室", "category": "0202", "formed_on": "2024-03-01", )"
             R"("published_on": "2024-03-06", "ground": "art19", "body": "防汛物资储备的正文。"})" "\n";
  }
  Status imported = ImportItemLines(server, agency, lines);
  ASSERT_TRUE(imported.ok()) << imported.ToString();
  auto id = [&](const char* suffix) {
    return std::to_string(testing::QueryInt(db, "SELECT id FROM items WHERE index_no = ?",
                                            {std::string("CAP-2024-") + suffix}));
  };
  const std::string capped = "找到超过 2 条结果，按相关度显示其中最新的 2 条";

  HttpClient visitor = server.Client();
  auto portal = visitor.Get("/search?q=" + UrlEncode("防汛物资"));
  ASSERT_EQ(portal.status, 200);
  EXPECT_NE(portal.body.find(capped), std::string::npos) << portal.body;
  EXPECT_EQ(portal.body.find("共找到"), std::string::npos) << "never a wrong exact number";
  EXPECT_NE(portal.body.find("href=\"/items/" + id("丙") + "\""), std::string::npos);
  EXPECT_NE(portal.body.find("href=\"/items/" + id("乙") + "\""), std::string::npos);
  EXPECT_EQ(portal.body.find("href=\"/items/" + id("甲") + "\""), std::string::npos) << "the oldest is not ranked";
  EXPECT_EQ(portal.body.find("下一页"), std::string::npos) << "paging stays within the ranked items";

  HttpClient office = server.LoggedIn("office");
  auto staff = office.Get("/staff/search?q=" + UrlEncode("防汛物资"));
  ASSERT_EQ(staff.status, 200);
  EXPECT_NE(staff.body.find(capped), std::string::npos) << staff.body;
  EXPECT_NE(staff.body.find("/staff/items/" + id("丙") + "\""), std::string::npos);
  EXPECT_EQ(staff.body.find("/staff/items/" + id("甲") + "\""), std::string::npos);

  auto api = visitor.Get("/api/v1/search?q=" + UrlEncode("防汛物资"));
  ASSERT_EQ(api.status, 200);
  EXPECT_NE(api.body.find("\"total\":2,\"capped\":true"), std::string::npos) << api.body;

  auto one = visitor.Get("/search?q=" + UrlEncode("储备公告甲"));
  ASSERT_EQ(one.status, 200);
  EXPECT_NE(one.body.find("共找到 1 条结果"), std::string::npos) << one.body;
  EXPECT_EQ(one.body.find("找到超过"), std::string::npos);
  auto staff_one = office.Get("/staff/search?q=" + UrlEncode("储备公告乙"));
  EXPECT_NE(staff_one.body.find("共找到 1 条结果"), std::string::npos);
}

TEST(FeedTest, FeedAndSitemapUseTheConfiguredPublicAddress) {
  ServerConfig cfg;
  cfg.public_url = "https://xxgk.example.gov.cn";
  TestServer server(cfg);
  PublishDemoItem(server);
  EXPECT_NE(server.Client().Get("/feed.xml").body.find("<link href=\"https://xxgk.example.gov.cn/items/1\"/>"),
            std::string::npos);
  // The sitemap is an index; the first item is in the file of the first block.
  EXPECT_NE(server.Client().Get("/sitemap.xml").body.find("<loc>https://xxgk.example.gov.cn/sitemaps/1.xml</loc>"),
            std::string::npos);
  EXPECT_NE(server.Client().Get("/sitemaps/1.xml").body.find("<loc>https://xxgk.example.gov.cn/items/1</loc>"),
            std::string::npos);
}

}  // namespace
}  // namespace gk::web

namespace gk::web {
namespace {

// A published policy is later repealed: the 公开办 records it with its
// ground, the portal shows it beside the approved publication, others cannot.
TEST(ValidityHttpTest, OfficeRecordsThatAPublishedItemIsRepealed) {
  TestServer server;
  PublishDemoItem(server);
  HttpClient office = server.LoggedIn("office");
  auto page = office.Get("/staff/items/1");
  std::string csrf = HttpClient::CsrfFrom(page.body);
  ASSERT_NE(page.body.find("登记有效性变更"), std::string::npos);
  EXPECT_EQ(office.PostForm("/staff/items/1/validity", {{"_csrf", csrf}, {"validity", "repealed"}, {"note", ""}}).status,
            400)
      << "the ground is required";
  HttpClient clerk = server.LoggedIn("clerk");
  EXPECT_EQ(clerk.PostForm("/staff/items/1/validity", {{"_csrf", HttpClient::CsrfFrom(clerk.Get("/staff/items/1").body)},
                                                       {"validity", "repealed"}, {"note", "x"}})
                .status,
            403);
  EXPECT_EQ(office.PostForm("/staff/items/1/validity",
                            {{"_csrf", csrf}, {"validity", "repealed"}, {"note", "静安寺街道〔2026〕9号文废止"}})
                .status,
            303);
  auto portal = server.Client().Get("/items/1");
  ASSERT_EQ(portal.status, 200);
  EXPECT_NE(portal.body.find("废止（"), std::string::npos) << "the current validity with its date";
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT count(*) FROM audit_log WHERE action = 'item.validity'"), 1);
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT count(*) FROM publications WHERE withdrawn_at IS NULL"), 1)
      << "the approved publication stays";
}


// The ledger page and its CSV: the published demo item is there with its
// channel and date; filters by category; must-fill categories flagged.
TEST(LedgerHttpTest, PublishedItemsAppearInTheLedgerAndItsExport) {
  TestServer server;
  PublishDemoItem(server);
  HttpClient clerk = server.LoggedIn("clerk");
  std::string year = std::to_string(ChinaDate(server.clock().Now()).year);
  auto page = clerk.Get("/staff/ledger?year=" + year);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("href=\"/staff/ledger\""), std::string::npos) << "in the staff navigation";
  EXPECT_NE(page.body.find("静安寺街道2026年既有多层住宅加装电梯工作实施方案"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("政府门户网站"), std::string::npos);
  EXPECT_NE(page.body.find("本年度尚无公开内容的必填栏目"), std::string::npos);
  auto csv = clerk.Get("/staff/ledger.csv?year=" + year);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.Header("content-type").find("text/csv"), std::string::npos);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF类别", 0), 0u);
  EXPECT_NE(csv.body.find("主动公开,"), std::string::npos);
  EXPECT_NE(csv.body.find("加装电梯"), std::string::npos);
  auto xlsx = clerk.Get("/staff/ledger.xlsx?year=" + year);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK") << "a zip package";
  EXPECT_NE(xlsx.Header("content-type").find("spreadsheetml"), std::string::npos);
  auto pdf = clerk.Get("/staff/ledger.pdf?year=" + year);
  ASSERT_EQ(pdf.status, 200);
  std::vector<testing::PdfPage> pages;
  ASSERT_TRUE(testing::ReadPdf(pdf.body, &pages));
  ASSERT_FALSE(pages.empty());
  EXPECT_GT(pages[0].width, pages[0].height) << "landscape";
  std::string pdf_text = testing::PdfText(pdf.body);
  EXPECT_NE(pdf_text.find(year + "年度政府信息公开台帐"), std::string::npos) << pdf_text;
  EXPECT_NE(pdf_text.find("加装电梯"), std::string::npos) << pdf_text;
  EXPECT_NE(pdf_text.find("主办部门公开条数按时"), std::string::npos) << pdf_text;
  auto filtered = clerk.Get("/staff/ledger.csv?year=" + year + "&category=999999");
  EXPECT_EQ(filtered.body.find("加装电梯"), std::string::npos) << "another category";
  EXPECT_EQ(server.Client().Get("/staff/ledger").status, 303) << "staff only";
  auto filing = clerk.Get("/staff/filing?from=" + year + "-01-01&to=" + year + "-12-31");
  ASSERT_EQ(filing.status, 200);
  EXPECT_NE(filing.body.find("\"kind\":\"gongkai.filing\""), std::string::npos);
  EXPECT_NE(filing.body.find("加装电梯"), std::string::npos);
  EXPECT_NE(filing.body.find("\"content_hash\":\""), std::string::npos);
  EXPECT_EQ(clerk.Get("/staff/filing?from=x&to=y").status, 400);
}

// A column's catalog in pages: each "下一页" continues after the last item
// shown, newest first, every live item once and the total said on each page;
// the first page is one link away; an old ?page= link still works, and one
// too deep is refused with what to do instead (the page and the API).
TEST(CatalogPagesHttpTest, NextLinksWalkEveryItemOnceAndDeepPageNumbersAreRefused) {
  TestServer server;
  store::Database& db = server.db().db();
  int64_t agency = testing::QueryInt(db, "SELECT id FROM agencies WHERE code = 'jingansi'");
  std::string lines;
  for (int i = 0; i < 47; ++i) {
    // Several on the same day: the position breaks ties by publication.
    std::string day = "2024-0" + std::to_string(3 + i / 20) + "-1" + std::to_string(i % 3);
    lines += R"({"index_no": "PG-)" + std::to_string(i) + R"(", "title": "分页公告)" + std::to_string(i) +
             R"(", "department": "社区服务办公室", "category": "0202", "formed_on": ")" + day +
             R"(", "published_on": ")" + day + R"(", "ground": "art19", "body": "正文。"})" "\n";
  }
  Status imported = ImportItemLines(server, agency, lines);
  ASSERT_TRUE(imported.ok()) << imported.ToString();
  const int64_t live = testing::QueryInt(db, "SELECT COUNT(*) FROM publications WHERE agency_id = ? AND "
                                             "withdrawn_at IS NULL", {agency});
  ASSERT_GE(live, 47);

  HttpClient visitor = server.Client();
  std::string url = "/jingansi/catalog";
  std::vector<std::string> seen;
  int pages = 0;
  for (; pages < 20 && !url.empty(); ++pages) {
    auto page = visitor.Get(url);
    ASSERT_EQ(page.status, 200) << url;
    EXPECT_NE(page.body.find("共 " + std::to_string(live) + " 条"), std::string::npos) << url;
    EXPECT_EQ(page.body.find(">第一页<") != std::string::npos, pages > 0) << url;
    for (size_t at = 0; (at = page.body.find("<a href=\"/jingansi/items/", at)) != std::string::npos; ++at) {
      size_t end = page.body.find('"', at + 9);
      seen.push_back(page.body.substr(at + 9, end - at - 9));
    }
    size_t next = page.body.find("rel=\"next\"");
    url.clear();
    if (next != std::string::npos) {
      size_t href = page.body.rfind("href=\"", next);
      url = page.body.substr(href + 6, page.body.find('"', href + 6) - href - 6);
      for (size_t amp; (amp = url.find("&amp;")) != std::string::npos;) url.replace(amp, 5, "&");
    }
  }
  EXPECT_EQ(pages, static_cast<int>((live + 19) / 20));
  EXPECT_EQ(static_cast<int64_t>(seen.size()), live);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size()) << "each item once";
  // Newest first: the latest day's last publication, and the earliest day's
  // first one at the end.
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.front(), "/jingansi/items/" + std::to_string(testing::QueryInt(
                                                   db, "SELECT item_id FROM publications WHERE agency_id = ? "
                                                       "ORDER BY published_at DESC, id DESC LIMIT 1", {agency})));
  EXPECT_EQ(seen.back(), "/jingansi/items/" + std::to_string(testing::QueryInt(
                                                  db, "SELECT item_id FROM publications WHERE agency_id = ? "
                                                      "ORDER BY published_at, id LIMIT 1", {agency})));

  auto second = visitor.Get("/jingansi/catalog?page=2");
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(second.body.find(seen[20]), std::string::npos) << "an old page link shows its page";
  auto deep = visitor.Get("/jingansi/catalog?page=100000");
  EXPECT_EQ(deep.status, 400);
  EXPECT_NE(deep.body.find("页码过大"), std::string::npos);
  EXPECT_EQ(visitor.Get("/api/v1/items?page=100000").status, 400);
  EXPECT_EQ(visitor.Get("/api/v1/items?page=2").status, 200);
  // The API's "next" continues the same way.
  auto api = visitor.Get("/api/v1/items");
  ASSERT_EQ(api.status, 200);
  size_t token = api.body.find("\"next\":\"");
  ASSERT_NE(token, std::string::npos) << api.body;
  std::string next = api.body.substr(token + 8, api.body.find('"', token + 8) - token - 8);
  auto after = visitor.Get("/api/v1/items?after=" + next);
  ASSERT_EQ(after.status, 200);
  const std::string id21 = seen[20].substr(seen[20].rfind('/') + 1);
  EXPECT_NE(after.body.find("\"id\":" + id21 + ","), std::string::npos) << "the 21st item opens the second page";
}

}  // namespace
}  // namespace gk::web
