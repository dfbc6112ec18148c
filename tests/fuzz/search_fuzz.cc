// libFuzzer target for the search index's own formats: any bytes as a
// compressed character set (decoded or refused, never a crash; what decodes
// re-encodes to the same set), and as text through folding (as the
// reference path folds, source ranges in order), tokenizing, query parsing
// and match finding (every match inside the text, in order).
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
  // Folding any bytes: the table's path gives the reference path's result,
  // and every folded code point comes from a non-empty range of the input,
  // in order.
  text::FoldedText raw = text::FoldWithOffsets(bytes);
  text::FoldedText reference = text::internal::FoldWithoutTable(bytes);
  if (raw.text != reference.text || raw.src_begin != reference.src_begin || raw.src_end != reference.src_end) {
    __builtin_trap();
  }
  for (size_t i = 0; i < raw.src_begin.size(); ++i) {
    if (raw.src_begin[i] >= raw.src_end[i] || raw.src_end[i] > size) __builtin_trap();
    if (i > 0 && raw.src_begin[i] < raw.src_begin[i - 1]) __builtin_trap();
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
