// libFuzzer target for the scanner: any valid UTF-8 input; every finding must
// lie inside the text, in order, and its text must be the text at its offsets.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "scan/scan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gk::scan::Scanner* scanner = [] {
    gk::scan::Settings s;
    s.lexicon = {"拆迁名单", "信访人", "ab", "1"};
    auto built = gk::scan::Scanner::Build(s);
    if (!built.ok()) __builtin_trap();
    return new gk::scan::Scanner(std::move(*built));
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!gk::IsValidUtf8(text)) return 0;
  auto found = scanner->Scan(text);
  if (!found.ok()) __builtin_trap();
  // Code point offsets → byte offsets.
  std::vector<size_t> at;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) at.push_back(i);
  }
  at.push_back(text.size());
  size_t last = 0;
  for (const auto& f : *found) {
    if (f.start >= f.end || f.end >= at.size() || f.start < last) __builtin_trap();
    if (text.substr(at[f.start], at[f.end] - at[f.start]) != f.text) __builtin_trap();
    last = f.start;
  }
  return 0;
}
