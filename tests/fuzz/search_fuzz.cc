// libFuzzer target for the search index's own formats: any bytes as a
// compressed character set (decoded or refused, never a crash; what decodes
// re-encodes to the same set), and as text through folding, tokenizing,
// query parsing and match finding (every match inside the text, in order).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "search/char_sets.h"
#include "text/fold.h"
#include "text/tokenize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gk;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto bits = search::internal::DecodeChunk(bytes);
  if (bits.ok()) {
    std::string again = search::internal::EncodeChunk(*bits);
    if (!again.empty()) {
      auto round = search::internal::DecodeChunk(again);
      if (!round.ok() || *round != *bits) __builtin_trap();
    }
  }
  std::string folded = text::FoldForSearch(text::ToValidUtf8(bytes));
  std::vector<text::Token> tokens = text::Tokenize(folded);
  size_t code_points = text::DecodeUtf8Lossy(folded).size();
  for (const auto& t : tokens) {
    if (t.first >= t.last || t.last > code_points) __builtin_trap();
  }
  auto phrases = text::ParseQuery(folded);
  uint32_t last = 0;
  for (auto [first, end] : text::FindMatches(tokens, phrases)) {
    if (first < last || first >= end || end > code_points) __builtin_trap();
    last = end;
  }
  return 0;
}
