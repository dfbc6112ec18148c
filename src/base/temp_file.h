// A private temporary file with no name: what a large export is written to
// as it is made, instead of a string in memory, and then sent from (the
// descriptor is handed on; the file is gone when its last descriptor is
// closed, whatever happens).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace gk {

class TempFile {
 public:
  // A new empty file in the system's temporary folder (TMPDIR, else /tmp).
  static Result<TempFile> Create();
  // The file at `path`, opened and then removed: from now on only this
  // object can reach it. For a library that writes only to named files.
  static Result<TempFile> Adopt(const std::string& path);

  TempFile(TempFile&& other) noexcept;
  TempFile& operator=(TempFile&& other) noexcept;
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  // Appends `bytes` (buffered). Internal when the disk refuses them.
  Status Append(std::string_view bytes);
  // Writes out what is buffered; size() is then the file's length.
  Status Flush();
  size_t size() const { return size_; }
  // The file from its start, a megabyte at a time (flushed first); stops at
  // the first error `fn` returns.
  Status ReadPieces(const std::function<Status(std::string_view)>& fn);
  // The whole file (flushed first); for small files and tests.
  Result<std::string> ReadAll();
  // Hands the descriptor over (flushed first): the caller closes it.
  Result<int> Release();

 private:
  TempFile(int fd, size_t size) : fd_(fd), size_(size) {}
  int fd_ = -1;
  size_t size_ = 0;  // written and buffered
  std::string buffer_;
};

}  // namespace gk
