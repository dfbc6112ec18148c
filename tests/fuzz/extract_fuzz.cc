// libFuzzer target for one extractor: GK_FUZZ_NAME is the file name the input
// is given ("f.docx", …), so each extractor (and the format decision) gets a
// target of its own. Built by tests/fuzz/CMakeLists.txt with clang and
// -fsanitize=fuzzer,address,undefined; run briefly by ./scripts/test.
// Small limits keep each run fast and make the limit paths reachable.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/extract.h"

#ifndef GK_FUZZ_NAME
#error "GK_FUZZ_NAME must name the file the input poses as, e.g. \"f.docx\""
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gk::extract::Limits limits;
  limits.max_input_bytes = 1 << 20;
  limits.max_uncompressed_bytes = 8 << 20;
  limits.max_part_bytes = 4 << 20;
  limits.max_text_bytes = 4 << 20;
  limits.max_pdf_memory_bytes = 256 << 20;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto result = gk::extract::Extract(GK_FUZZ_NAME, bytes, limits);
  if (result.ok()) {
    // The contract: segments cover the text exactly.
    size_t chars = 0;
    for (unsigned char c : result->text) chars += (c & 0xC0) != 0x80;
    size_t pos = 0;
    for (const auto& s : result->segments) {
      if (s.start != pos || s.end < s.start) __builtin_trap();
      pos = s.end;
    }
    if (pos != chars) __builtin_trap();
  }
  return 0;
}
