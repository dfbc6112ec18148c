// libFuzzer target for one redactor: GK_FUZZ_NAME is the file name the input
// is given ("f.pdf", …). Redaction rewrites untrusted documents (for PDF
// through MuPDF's content filter with our glyph and image callbacks), so it
// must never crash, leak or overrun whatever the input; when it succeeds,
// verifying the result must not crash either. Built and run like
// extract_fuzz.cc.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "redact/redact.h"

#ifndef GK_FUZZ_NAME
#error "GK_FUZZ_NAME must name the file the input poses as, e.g. \"f.pdf\""
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static const std::vector<gk::redact::Withhold> kWithhold = {
      {"11010519491231002X", "个人隐私"}, {"张三", "个人隐私"}, {"end", "测试"}};
  auto result = gk::redact::Redact(GK_FUZZ_NAME, bytes, kWithhold);
  if (result.ok()) (void)gk::redact::Verify(GK_FUZZ_NAME, result->bytes, kWithhold);
  return 0;
}
