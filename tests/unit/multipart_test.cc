#include "web/multipart.h"

#include <gtest/gtest.h>

#include "disclosure/attachments.h"

namespace gk::web {
namespace {

const char* kType = "multipart/form-data; boundary=----gk123";

TEST(MultipartTest, SplitsFieldsAndFiles) {
  std::string body = std::string(
      "------gk123\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n"
      "------gk123\r\nContent-Disposition: form-data; name=\"file\"; filename=\"报告.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\nbinary") + std::string(1, '\0') + "data\r\n"
      "------gk123--\r\n";
  auto parts = ParseMultipart(kType, body);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "_csrf");
  EXPECT_EQ((*parts)[0].data, "tok");
  EXPECT_EQ((*parts)[1].filename, "报告.pdf");
  EXPECT_EQ((*parts)[1].data, "%PDF-1.4\r\nbinary" + std::string(1, '\0') + "data");
}

TEST(MultipartTest, RejectsMalformedBodies) {
  struct {
    const char* type;
    std::string body;
  } cases[] = {
      {"multipart/form-data", "x"},
      {kType, "no boundary here"},
      {kType, "------gk123\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nnever closed"},
      {kType, "------gk123\r\nNo-Colon\r\n\r\nx\r\n------gk123--"},
      {kType, "------gk123\r\nContent-Disposition: form-data\r\n\r\nx\r\n------gk123--"},
  };
  for (const auto& c : cases) EXPECT_FALSE(ParseMultipart(c.type, c.body).ok()) << c.body;
}

}  // namespace
}  // namespace gk::web

namespace gk::disclosure {
namespace {

TEST(AttachmentCheckTest, TypeIsDecidedByNameAndContent) {
  struct {
    std::string name;
    std::string data;
    std::string error;  // "" = accepted
  } cases[] = {
      {"方案.pdf", "%PDF-1.7 ...", ""},
      {"C:\\Users\\x\\方案.PDF", "%PDF-1.7", ""},
      {"表格.xlsx", std::string("PK\x03\x04rest", 8), ""},
      {"说明.txt", "纯文本", ""},
      {"fake.pdf", "<html>", "附件“fake.pdf”的内容与扩展名 .pdf 不符"},
      {"run.exe", "MZ", "不支持的附件类型：run.exe（可上传 PDF、OFD、Word、Excel、文本、JPG、PNG、TIFF）"},
      {"empty.pdf", "", "附件“empty.pdf”是空文件"},
      {"", "%PDF", "请选择要上传的附件"},
      {"bin.txt", std::string("a\0b", 3), "附件“bin.txt”的内容与扩展名 .txt 不符"},
  };
  for (const auto& c : cases) {
    auto r = CheckAttachment(c.name, c.data);
    EXPECT_EQ(r.ok() ? "" : r.status().message(), c.error) << c.name;
  }
  EXPECT_EQ(CheckAttachment("a.pdf", "%PDF-1.4")->filename, "a.pdf");
  EXPECT_EQ(CheckAttachment("big.pdf", "%PDF" + std::string(kMaxAttachmentBytes, 'x')).status().code(),
            Code::kTooLarge);
}

}  // namespace
}  // namespace gk::disclosure
