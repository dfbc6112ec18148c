// Zip packages (DOCX, XLSX, OFD) read from memory: the one reader of
// gk_extract and gk_redact, so both refuse the same zip bombs, encrypted
// entries and corrupt archives under the same gk::extract::Limits.
#pragma once

#include <cstddef>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/extract.h"

struct zip;  // libzip, kept out of this header

namespace gk::extract {

// Entries are read by streaming, against a running budget of decompressed
// bytes shared by all reads; declared sizes are only used to refuse early.
// Not thread-safe.
class Zip {
 public:
  // InvalidArgument when `bytes` is not a readable zip, TooLarge with too
  // many entries. `bytes` must outlive the Zip.
  static Result<std::unique_ptr<Zip>> Open(std::string_view bytes, const Limits& limits);
  ~Zip();
  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;

  bool Has(std::string_view name) const;
  // Entry names in the order of the central directory ("" for an unreadable
  // name).
  const std::vector<std::string>& Names() const { return names_; }
  // The content of the first entry named `name`; nullopt when there is none.
  // FailedPrecondition for an encrypted entry, TooLarge over a limit,
  // InvalidArgument when it cannot be decompressed.
  Result<std::optional<std::string>> Read(std::string_view name);
  // The content of entry `index` (< Names().size()), as Read.
  Result<std::string> ReadAt(size_t index);
  // The modification time of entry `index`, 0 when unknown.
  time_t MTime(size_t index) const;

 private:
  Zip() = default;
  zip* archive_ = nullptr;
  std::vector<std::string> names_;
  Limits limits_;
  size_t used_ = 0;  // decompressed bytes read so far
};

}  // namespace gk::extract
