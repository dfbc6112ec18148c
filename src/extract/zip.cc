// Zip: reading packages from memory with libzip, by streaming against a
// budget. Declared sizes are checked first (a cheap early refusal) but never
// trusted: the bytes actually decompressed are counted as they come.
#include <zip.h>

#include <algorithm>
#include <string>

#include "extract/zip.h"

namespace gk::extract {
namespace {

constexpr size_t kChunk = 64 << 10;
constexpr size_t kRatioFloor = 1 << 20;  // entries smaller than this may compress arbitrarily well

Status Corrupt(std::string_view what) { return InvalidArgument("文件损坏：" + std::string(what)); }
Status Bomb() { return TooLarge("解压后内容过大（疑似压缩炸弹）"); }
Status Encrypted() { return FailedPrecondition("文件已加密，无法检查"); }

bool OverRatio(uint64_t out, uint64_t in, double max_ratio) {
  if (out <= kRatioFloor) return false;
  return static_cast<double>(out) > max_ratio * static_cast<double>(std::max<uint64_t>(in, 1));
}

struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

Result<std::unique_ptr<Zip>> Zip::Open(std::string_view bytes, const Limits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) {
    zip_error_fini(&error);
    return Internal("zip_source_buffer_create failed");
  }
  zip_t* archive = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  int code = zip_error_code_zip(&error);
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(src);
    if (code == ZIP_ER_MEMORY) return TooLarge("文件过大，无法读取");
    return Corrupt("无法作为 zip 包读取");
  }
  std::unique_ptr<Zip> z(new Zip());
  z->archive_ = archive;
  z->limits_ = limits;
  zip_int64_t n = zip_get_num_entries(archive, 0);
  if (n < 0) return Corrupt("无法作为 zip 包读取");
  if (static_cast<uint64_t>(n) > limits.max_entries) {
    return TooLarge("压缩包内文件过多（" + std::to_string(n) + " 个，疑似压缩炸弹）");
  }
  z->names_.reserve(static_cast<size_t>(n));
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    z->names_.push_back(name ? name : "");
  }
  return z;
}

Zip::~Zip() {
  if (archive_) zip_discard(archive_);
}

bool Zip::Has(std::string_view name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

Result<std::optional<std::string>> Zip::Read(std::string_view name) {
  auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) return std::optional<std::string>();
  ASSIGN_OR_RETURN(std::string content, ReadAt(static_cast<size_t>(it - names_.begin())));
  return std::optional<std::string>(std::move(content));
}

time_t Zip::MTime(size_t i) const {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_, static_cast<zip_uint64_t>(i), 0, &st) == 0 && (st.valid & ZIP_STAT_MTIME)) return st.mtime;
  return 0;
}

Result<std::string> Zip::ReadAt(size_t i) {
  const auto index = static_cast<zip_uint64_t>(i);
  const std::string& name = names_[i];
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_, index, ZIP_FL_ENC_RAW, &st) != 0) return Corrupt("无法读取 " + std::string(name));
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) return Encrypted();
  const size_t budget = std::min(limits_.max_part_bytes, limits_.max_uncompressed_bytes - used_);
  if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE)) {
    if (st.size > budget || OverRatio(st.size, st.comp_size, limits_.max_compression_ratio)) return Bomb();
  }
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive_, index, 0));
  if (!file) {
    int code = zip_error_code_zip(zip_get_error(archive_));
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP) return Encrypted();
    return Corrupt("无法解压 " + std::string(name));
  }
  const uint64_t comp_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
  std::string out;
  char buf[kChunk];
  for (;;) {
    zip_int64_t got = zip_fread(file.get(), buf, sizeof buf);
    if (got < 0) return Corrupt("无法解压 " + std::string(name));
    if (got == 0) break;
    if (out.size() + static_cast<size_t>(got) > budget) return Bomb();
    out.append(buf, static_cast<size_t>(got));
    if (OverRatio(out.size(), comp_size, limits_.max_compression_ratio)) return Bomb();
  }
  used_ += out.size();
  return out;
}

}  // namespace gk::extract
