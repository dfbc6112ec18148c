// The in-memory part of the character sets: encodings and DocSet (no
// database; char_sets.cc has the storage).
#include "search/char_sets.h"

#include <bit>

namespace gk::search::internal {
namespace {

enum Kind : uint8_t { kBitmap = 0, kMembers = 1, kNonMembers = 2 };
constexpr int kMaxRiceBits = 12;
constexpr size_t kBitmapBytes = kChunkIds / 8;

bool Empty(const ChunkBits& b) {
  for (uint64_t w : b) {
    if (w != 0) return false;
  }
  return true;
}

// The gaps between the positions where `bits` has the value `value`.
std::vector<uint32_t> Gaps(const ChunkBits& bits, bool value) {
  std::vector<uint32_t> out;
  int64_t prev = -1;
  for (int64_t i = 0; i < kChunkIds; ++i) {
    if (TestBit(bits, i) == value) {
      out.push_back(static_cast<uint32_t>(i - prev - 1));
      prev = i;
    }
  }
  return out;
}

size_t RiceBits(const std::vector<uint32_t>& gaps, int k) {
  size_t n = 0;
  for (uint32_t g : gaps) n += (g >> k) + 1 + static_cast<size_t>(k);
  return n;
}

void AppendVarint(uint32_t v, std::string& out) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// Kind, k, count, then the Rice-coded gaps, least significant bit first.
std::string EncodeRice(Kind kind, const std::vector<uint32_t>& gaps, int k) {
  std::string out;
  out += static_cast<char>(kind);
  out += static_cast<char>(k);
  AppendVarint(static_cast<uint32_t>(gaps.size()), out);
  size_t start = out.size();
  out.append((RiceBits(gaps, k) + 7) / 8, '\0');
  size_t bit = 0;
  auto put = [&](bool one) {
    if (one) out[start + bit / 8] = static_cast<char>(static_cast<uint8_t>(out[start + bit / 8]) | (1u << (bit % 8)));
    ++bit;
  };
  for (uint32_t g : gaps) {
    for (uint32_t q = g >> k; q > 0; --q) put(true);
    put(false);
    for (int r = 0; r < k; ++r) put((g >> r) & 1);
  }
  return out;
}

// The shortest Rice encoding of `gaps` (over every k).
std::string BestRice(Kind kind, const std::vector<uint32_t>& gaps) {
  int best = 0;
  for (int k = 1; k <= kMaxRiceBits; ++k) {
    if (RiceBits(gaps, k) < RiceBits(gaps, best)) best = k;
  }
  return EncodeRice(kind, gaps, best);
}

}  // namespace

std::string EncodeChunk(const ChunkBits& bits) {
  if (Empty(bits)) return "";
  std::string best = BestRice(kMembers, Gaps(bits, true));
  std::string inverse = BestRice(kNonMembers, Gaps(bits, false));
  if (inverse.size() < best.size()) best = std::move(inverse);
  if (best.size() <= kBitmapBytes + 1) return best;
  std::string out(1, static_cast<char>(kBitmap));
  for (uint64_t w : bits) {
    for (int b = 0; b < 8; ++b) out += static_cast<char>((w >> (8 * b)) & 0xFF);
  }
  return out;
}

Result<ChunkBits> DecodeChunk(std::string_view data) {
  ChunkBits bits{};
  auto corrupt = [] { return Internal("corrupt character set in the search index"); };
  if (data.empty()) return corrupt();
  auto byte = [&](size_t i) { return static_cast<uint8_t>(data[i]); };
  if (byte(0) == kBitmap) {
    if (data.size() != kBitmapBytes + 1) return corrupt();
    for (size_t i = 0; i < kBitmapBytes; ++i) bits[i / 8] |= uint64_t{byte(1 + i)} << (8 * (i % 8));
    return bits;
  }
  if ((byte(0) != kMembers && byte(0) != kNonMembers) || data.size() < 3) return corrupt();
  bool members = byte(0) == kMembers;
  int k = byte(1);
  if (k > kMaxRiceBits) return corrupt();
  size_t pos = 2;
  uint32_t count = 0;
  for (int shift = 0;; shift += 7) {
    if (pos >= data.size() || shift > 14) return corrupt();
    count |= static_cast<uint32_t>(byte(pos) & 0x7F) << shift;
    if ((byte(pos++) & 0x80) == 0) break;
  }
  if (count > kChunkIds) return corrupt();
  size_t bit = 0, limit = (data.size() - pos) * 8;
  auto get = [&](bool& v) {
    if (bit >= limit) return false;
    v = (byte(pos + bit / 8) >> (bit % 8)) & 1;
    ++bit;
    return true;
  };
  if (!members) bits.fill(~uint64_t{0});
  int64_t prev = -1;
  for (uint32_t n = 0; n < count; ++n) {
    int64_t g = 0;
    bool v = false;
    for (;;) {
      if (!get(v)) return corrupt();
      if (!v) break;
      if (++g >= kChunkIds) return corrupt();
    }
    g <<= k;
    for (int r = 0; r < k; ++r) {
      if (!get(v)) return corrupt();
      g |= int64_t{v} << r;
    }
    prev += g + 1;
    if (prev >= kChunkIds) return corrupt();
    members ? SetBit(bits, prev) : ClearBit(bits, prev);
  }
  if ((bit + 7) / 8 != limit / 8) return corrupt();  // trailing bytes
  return bits;
}

// ---------------------------------------------------------------- DocSet

void DocSet::Add(int64_t id) { SetBit(chunks_[id / kChunkIds], id % kChunkIds); }

bool DocSet::Contains(int64_t id) const {
  auto it = chunks_.find(id / kChunkIds);
  return it != chunks_.end() && TestBit(it->second, id % kChunkIds);
}

void DocSet::And(const DocSet& other) {
  for (auto it = chunks_.begin(); it != chunks_.end();) {
    auto o = other.chunks_.find(it->first);
    if (o != other.chunks_.end()) {
      for (size_t w = 0; w < it->second.size(); ++w) it->second[w] &= o->second[w];
    }
    it = o == other.chunks_.end() || Empty(it->second) ? chunks_.erase(it) : std::next(it);
  }
}

void DocSet::Or(const DocSet& other) {
  for (const auto& [chunk, bits] : other.chunks_) {
    ChunkBits& mine = chunks_[chunk];
    for (size_t w = 0; w < mine.size(); ++w) mine[w] |= bits[w];
  }
}

void DocSet::AndNot(const DocSet& other) {
  for (auto it = chunks_.begin(); it != chunks_.end();) {
    auto o = other.chunks_.find(it->first);
    if (o != other.chunks_.end()) {
      for (size_t w = 0; w < it->second.size(); ++w) it->second[w] &= ~o->second[w];
    }
    it = Empty(it->second) ? chunks_.erase(it) : std::next(it);
  }
}

int64_t DocSet::Count() const {
  int64_t n = 0;
  for (const auto& [chunk, bits] : chunks_) {
    for (uint64_t w : bits) n += std::popcount(w);
  }
  return n;
}

std::vector<int64_t> DocSet::Largest(int64_t skip, int64_t limit) const {
  std::vector<int64_t> out;
  for (auto it = chunks_.rbegin(); it != chunks_.rend() && static_cast<int64_t>(out.size()) < limit; ++it) {
    int64_t in_chunk = 0;
    for (uint64_t w : it->second) in_chunk += std::popcount(w);
    if (skip >= in_chunk) {
      skip -= in_chunk;
      continue;
    }
    for (int64_t i = kChunkIds - 1; i >= 0 && static_cast<int64_t>(out.size()) < limit; --i) {
      if (!TestBit(it->second, i)) continue;
      if (skip > 0) {
        --skip;
        continue;
      }
      out.push_back(it->first * kChunkIds + i);
    }
  }
  return out;
}

}  // namespace gk::search::internal
