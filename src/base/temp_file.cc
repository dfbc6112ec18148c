#include "base/temp_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <utility>

namespace gk {
namespace {

constexpr size_t kBufferBytes = 256 << 10;

std::string TempFolder() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Internal("cannot write a temporary file");
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

}  // namespace

Result<TempFile> TempFile::Create() {
  std::string dir = TempFolder();
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    // A file system without O_TMPFILE: a named file, removed at once.
    std::string path = dir + "/gongkai-XXXXXX";
    fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd < 0) return Internal("cannot create a temporary file in " + dir);
    ::unlink(path.c_str());
  }
  return TempFile(fd, 0);
}

Result<TempFile> TempFile::Adopt(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  ::unlink(path.c_str());
  if (fd < 0) return Internal("cannot open the temporary file " + path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Internal("cannot read the temporary file " + path);
  }
  if (::lseek(fd, 0, SEEK_END) < 0) {
    ::close(fd);
    return Internal("cannot read the temporary file " + path);
  }
  return TempFile(fd, static_cast<size_t>(st.st_size));
}

TempFile::TempFile(TempFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(other.size_), buffer_(std::move(other.buffer_)) {}

TempFile& TempFile::operator=(TempFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = other.size_;
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

TempFile::~TempFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status TempFile::Append(std::string_view bytes) {
  if (fd_ < 0) return Internal("the temporary file was handed over");
  size_ += bytes.size();
  if (buffer_.size() + bytes.size() < kBufferBytes) {
    buffer_.append(bytes);
    return Status::Ok();
  }
  RETURN_IF_ERROR(Flush());
  if (bytes.size() >= kBufferBytes) return WriteAll(fd_, bytes);
  buffer_.append(bytes);
  return Status::Ok();
}

Status TempFile::Flush() {
  if (fd_ < 0) return Internal("the temporary file was handed over");
  Status s = WriteAll(fd_, buffer_);
  buffer_.clear();
  return s;
}

Status TempFile::ReadPieces(const std::function<Status(std::string_view)>& fn) {
  RETURN_IF_ERROR(Flush());
  std::string piece(std::min(size_, size_t{1} << 20), '\0');
  for (size_t done = 0; done < size_;) {
    ssize_t n = ::pread(fd_, piece.data(), std::min(piece.size(), size_ - done), static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Internal("cannot read a temporary file");
    RETURN_IF_ERROR(fn(std::string_view(piece.data(), static_cast<size_t>(n))));
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Result<std::string> TempFile::ReadAll() {
  std::string out;
  out.reserve(size_);
  RETURN_IF_ERROR(ReadPieces([&](std::string_view bytes) {
    out.append(bytes);
    return Status::Ok();
  }));
  return out;
}

Result<int> TempFile::Release() {
  RETURN_IF_ERROR(Flush());
  return std::exchange(fd_, -1);
}

}  // namespace gk
