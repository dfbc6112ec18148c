// TempFile: what is appended is what is read back and what the released
// descriptor holds, across the buffer's size; the file has no name in the
// temporary folder at any time, and an adopted file loses its name.
#include "base/temp_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

namespace gk {
namespace {

class TempFileTest : public testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/gk_temp_file_test_XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    old_ = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "";
    setenv("TMPDIR", dir_.c_str(), 1);
  }
  void TearDown() override {
    old_.empty() ? unsetenv("TMPDIR") : setenv("TMPDIR", old_.c_str(), 1);
    std::filesystem::remove_all(dir_);
  }
  bool FolderEmpty() const { return std::filesystem::is_empty(dir_); }

  std::string dir_, old_;
};

std::string Pread(int fd, size_t size) {
  std::string out(size, '\0');
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, out.data() + done, size - done, static_cast<off_t>(done));
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  out.resize(done);
  return out;
}

TEST_F(TempFileTest, HoldsWhatWasAppendedAndHasNoName) {
  std::mt19937 rng(7);
  for (size_t piece : {size_t{1}, size_t{4000}, size_t{300000}, size_t{1} << 20}) {
    auto file = TempFile::Create();
    ASSERT_TRUE(file.ok()) << file.status().message();
    std::string want;
    for (int i = 0; i < 7; ++i) {
      std::string bytes(piece + static_cast<size_t>(i), '\0');
      for (char& c : bytes) c = static_cast<char>(rng());
      ASSERT_TRUE(file->Append(bytes).ok());
      want += bytes;
    }
    EXPECT_EQ(file->size(), want.size());
    EXPECT_TRUE(FolderEmpty()) << "no name in the temporary folder";
    auto read = file->ReadAll();
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(*read, want) << piece;
    ASSERT_TRUE(file->Append("tail").ok());
    want += "tail";
    auto fd = file->Release();
    ASSERT_TRUE(fd.ok());
    EXPECT_EQ(Pread(*fd, want.size() + 10), want) << "released: everything written, nothing more";
    ::close(*fd);
    EXPECT_FALSE(file->Append("x").ok()) << "handed over";
  }
  EXPECT_TRUE(FolderEmpty());
}

TEST_F(TempFileTest, AnAdoptedFileLosesItsName) {
  std::string path = dir_ + "/made-by-a-library.xlsx";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("PK-bytes", f);
  std::fclose(f);
  auto file = TempFile::Adopt(path);
  ASSERT_TRUE(file.ok());
  EXPECT_TRUE(FolderEmpty());
  EXPECT_EQ(file->size(), 8u);
  ASSERT_TRUE(file->Append("+more").ok());
  auto read = file->ReadAll();
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, "PK-bytes+more");
  EXPECT_FALSE(TempFile::Adopt(dir_ + "/none").ok());
}

}  // namespace
}  // namespace gk
