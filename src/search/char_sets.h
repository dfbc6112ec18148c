// Which documents contain each CJK character: the index of one-character
// queries on SQLite (search.h). A character occurs in a large share of all
// documents, so its document list is kept as compressed sets rather than
// as an FTS5 doclist (one varint per document):
//
// Document ids (search_docs.id) are grouped into chunks of 4,096; one row of
// search_char_sets per (agency, public flag, field, character, chunk) holds
// the chunk's members in the smallest of three encodings: a 512-byte bitmap,
// the gaps between members, or the gaps between non-members, the gaps
// Rice-coded (a unary quotient and k binary remainder bits, k chosen per
// row). Field kAny covers title, body and extra; kTitle the title alone (to
// rank documents with the character in the title first).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace gk::search::internal {

constexpr int64_t kChunkIds = 4096;
using ChunkBits = std::array<uint64_t, kChunkIds / 64>;

inline bool TestBit(const ChunkBits& b, int64_t i) { return (b[static_cast<size_t>(i / 64)] >> (i % 64)) & 1; }
inline void SetBit(ChunkBits& b, int64_t i) { b[static_cast<size_t>(i / 64)] |= uint64_t{1} << (i % 64); }
inline void ClearBit(ChunkBits& b, int64_t i) { b[static_cast<size_t>(i / 64)] &= ~(uint64_t{1} << (i % 64)); }

// The smallest encoding of a chunk's members; "" for none.
std::string EncodeChunk(const ChunkBits& bits);
// Internal for bytes that are not an encoding from EncodeChunk.
Result<ChunkBits> DecodeChunk(std::string_view data);

// A set of document ids.
class DocSet {
 public:
  void Add(int64_t id);
  bool Contains(int64_t id) const;
  void And(const DocSet& other);
  void Or(const DocSet& other);
  void AndNot(const DocSet& other);
  int64_t Count() const;
  // Up to `limit` members, largest first, after skipping the `skip` largest.
  std::vector<int64_t> Largest(int64_t skip, int64_t limit) const;

  std::map<int64_t, ChunkBits>& chunks() { return chunks_; }

 private:
  std::map<int64_t, ChunkBits> chunks_;  // chunk number → members (id % kChunkIds)
};

enum class CharField { kAny = 0, kTitle = 1 };

// Changes to the character sets, collected and then written in one pass
// (a bulk load touches each row once per batch, not once per document).
class CharSetWriter {
 public:
  void Add(int64_t agency_id, bool is_public, CharField field, char32_t ch, int64_t id);
  void Remove(int64_t agency_id, bool is_public, CharField field, char32_t ch, int64_t id);
  Status Flush(store::Tx& tx);

 private:
  using Key = std::tuple<int64_t, bool, int, uint32_t, int64_t>;  // agency, public, field, ch, chunk
  std::map<Key, std::vector<std::pair<int, bool>>> changes_;      // → (bit, add)
};

// The documents of `agency_id` (only its public ones if `public_only`) with
// `ch` in `field`; with no agency, those of every agency (one key lookup per
// agency: the rows are keyed by agency first, and the ids are global, so the
// agencies' sets are simply merged).
Result<DocSet> LoadCharSet(store::Tx& tx, std::optional<int64_t> agency_id, bool public_only, CharField field,
                           char32_t ch);

}  // namespace gk::search::internal
