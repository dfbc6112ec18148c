// libFuzzer target for gk::extract::Extract: the input is tried under each of
// the six extensions, so every extractor (and the format decision) sees it.
// Not wired into CMake yet; build by hand with clang, e.g.
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
//     tests/fuzz/extract_fuzz.cc <gk_extract and gk_base built with the same flags> \
//     $(pkg-config --libs libzip pugixml gumbo freetype2 harfbuzz libopenjp2 jbig2dec mujs libjpeg zlib) \
//     -lmupdf -lmupdf-third
// Small limits keep each run fast and make the limit paths reachable.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kNames[] = {"f.txt", "f.html", "f.docx", "f.xlsx", "f.pdf", "f.ofd"};
  gk::extract::Limits limits;
  limits.max_input_bytes = 1 << 20;
  limits.max_uncompressed_bytes = 8 << 20;
  limits.max_part_bytes = 4 << 20;
  limits.max_text_bytes = 4 << 20;
  limits.max_pdf_memory_bytes = 256 << 20;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const char* name : kNames) {
    auto result = gk::extract::Extract(name, bytes, limits);
    if (result.ok() && result->text.size() > limits.max_text_bytes + 16) __builtin_trap();
  }
  return 0;
}
