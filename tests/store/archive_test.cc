// 立卷建档 on both engines: the archive of a year holds the year's items and
// applications with their files, the ledger and the report figures, never
// the sealed personal data; Verify accepts it and names any change.
#include "records/archive.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <map>

#include "accounts/directory.h"
#include "requests/applications.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::records {
namespace {

using testing::kVisitor;

using accounts::Principal;

constexpr UnixSeconds kMonday20251110 = 1762747200;

std::map<std::string, std::string> ReadAll(const std::string& path) {
  std::map<std::string, std::string> out;
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (!z) return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    out[st.name] = data;
  }
  zip_discard(z);
  return out;
}

void Rewrite(const std::string& path, const std::map<std::string, std::string>& entries) {
  std::remove(path.c_str());
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, data] : entries) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    ASSERT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(z), 0);
}

class ArchiveTest : public testing::StoreTest {
 protected:
  ArchiveTest() : StoreTest(kMonday20251110) {}
  void SetUp() override {
    StoreTest::SetUp();
    char dir[] = "/tmp/gk_archive_test_XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  std::string dir_;
};

TEST_F(ArchiveTest, HoldsTheYearWithoutSealedDataAndVerificationNamesChanges) {
  requests::ApplicationInput in;
  in.applicant = {"natural", "张三", "", "居民身份证", "11010519491231002X", "13812345678", "zs@example.cn", "", ""};
  in.info_title = "2025年社区食堂补贴发放情况";
  in.form = "electronic";
  in.delivery = "online";
  auto filed = requests::Applications(ctx_, key_).Submit(agency_, in, kVisitor);
  ASSERT_TRUE(filed.ok()) << filed.status().message();

  std::string path = dir_ + "/2025.zip";
  auto sum = WriteArchive(t_.db(), agency_, 2025, path, "2026-01-05T02:00:00Z");
  ASSERT_TRUE(sum.ok()) << sum.status().message();
  EXPECT_EQ(sum->applications, 1);
  EXPECT_NE(access((path + ".spill").c_str(), F_OK), 0) << "the files were spilled beside it and are gone";
  auto entries = ReadAll(path);
  ASSERT_TRUE(entries.count("manifest.json"));
  ASSERT_TRUE(entries.count("ledger/台帐.csv"));
  ASSERT_TRUE(entries.count("ledger/台帐.xlsx"));
  ASSERT_TRUE(entries.count("annual_report.json"));
  std::string record = "applications/" + filed->ref + "/record.json";
  ASSERT_TRUE(entries.count(record)) << record;
  EXPECT_NE(entries[record].find("2025年社区食堂补贴发放情况"), std::string::npos);
  for (const auto& [name, data] : entries) {
    EXPECT_EQ(data.find("11010519491231002X"), std::string::npos) << name << " holds the identity number";
    EXPECT_EQ(data.find("13812345678"), std::string::npos) << name << " holds the phone number";
    EXPECT_EQ(data.find("zs@example.cn"), std::string::npos) << name << " holds the e-mail address";
  }
  EXPECT_NE(entries["annual_report.json"].find("\"year\":2025"), std::string::npos);

  auto ok = VerifyArchive(path);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->manifest_sha256, sum->manifest_sha256);
  EXPECT_EQ(ok->applications, 1);

  auto changed = entries;
  changed[record].replace(changed[record].find("食堂"), 6, "养老");
  Rewrite(path, changed);
  auto tampered = VerifyArchive(path);
  EXPECT_EQ(tampered.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(tampered.status().message().find(record), std::string::npos) << tampered.status().message();

  auto extra = entries;
  extra["applications/补充.txt"] = "x";
  Rewrite(path, extra);
  EXPECT_NE(VerifyArchive(path).status().message().find("清单之外"), std::string::npos);

  auto missing = entries;
  missing.erase("ledger/台帐.csv");
  Rewrite(path, missing);
  EXPECT_NE(VerifyArchive(path).status().message().find("缺少文件：ledger/台帐.csv"), std::string::npos);

  auto other_year = WriteArchive(t_.db(), agency_, 2024, dir_ + "/2024.zip", "2026-01-05T02:00:00Z");
  ASSERT_TRUE(other_year.ok());
  EXPECT_EQ(other_year->applications, 0);
  EXPECT_EQ(VerifyArchive(dir_ + "/nothing.zip").status().code(), Code::kInvalidArgument);

  // A folder that does not exist: an error, and nothing written.
  auto nowhere = WriteArchive(t_.db(), agency_, 2025, dir_ + "/none/2025.zip", "2026-01-05T02:00:00Z");
  EXPECT_FALSE(nowhere.ok());
  EXPECT_NE(access((dir_ + "/none").c_str(), F_OK), 0);
}

}  // namespace
}  // namespace gk::records
