// The compressed character sets of the search index: every encoding round
// trips, the smallest one is chosen, corrupt bytes are refused, and the set
// operations the one-character queries use.
#include "search/char_sets.h"

#include <gtest/gtest.h>

#include <random>

namespace gk::search::internal {
namespace {

ChunkBits Random(double density, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution in(density);
  ChunkBits b{};
  for (int64_t i = 0; i < kChunkIds; ++i) {
    if (in(rng)) b[static_cast<size_t>(i / 64)] |= uint64_t{1} << (i % 64);
  }
  return b;
}

TEST(CharSetsTest, EveryDensityRoundTrips) {
  for (double density : {0.0005, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.9995}) {
    for (uint64_t seed = 1; seed <= 3; ++seed) {
      ChunkBits b = Random(density, seed);
      std::string encoded = EncodeChunk(b);
      if (b == ChunkBits{}) {
        EXPECT_EQ(encoded, "");
        continue;
      }
      EXPECT_LE(encoded.size(), kChunkIds / 8 + 1) << density;
      auto decoded = DecodeChunk(encoded);
      ASSERT_TRUE(decoded.ok()) << density << ": " << decoded.status().ToString();
      EXPECT_EQ(*decoded, b) << density;
    }
  }
}

TEST(CharSetsTest, SparseAndNearlyFullSetsAreSmall) {
  ChunkBits one{};
  one[63] = uint64_t{1} << 63;  // the last id of the chunk
  EXPECT_LE(EncodeChunk(one).size(), 6u);
  EXPECT_EQ(*DecodeChunk(EncodeChunk(one)), one);
  ChunkBits full;
  full.fill(~uint64_t{0});
  EXPECT_LE(EncodeChunk(full).size(), 3u);
  EXPECT_EQ(*DecodeChunk(EncodeChunk(full)), full);
  ChunkBits all_but_first = full;
  all_but_first[0] &= ~uint64_t{1};
  EXPECT_EQ(*DecodeChunk(EncodeChunk(all_but_first)), all_but_first);
  EXPECT_EQ(EncodeChunk(ChunkBits{}), "");
  // A tenth of the documents: well under the 512-byte bitmap.
  EXPECT_LT(EncodeChunk(Random(0.1, 9)).size(), 320u);
}

TEST(CharSetsTest, CorruptBytesAreRefused) {
  std::string good = EncodeChunk(Random(0.05, 4));
  ASSERT_GT(good.size(), 4u);
  for (std::string bad : {std::string(), std::string("\x07", 1), std::string("\x00\x01", 2), good.substr(0, good.size() - 1),
                          good + std::string("\x00", 1), std::string("\x01\x0D\x01\x00", 4)}) {
    auto r = DecodeChunk(bad);
    EXPECT_FALSE(r.ok()) << bad.size();
  }
  std::string too_many = EncodeChunk(Random(0.05, 4));
  too_many[2] = static_cast<char>(0xFF);  // a count beyond the chunk
  too_many.insert(3, "\xFF\x7F");
  EXPECT_FALSE(DecodeChunk(too_many).ok());
  // A gap that runs past the end of the chunk.
  std::string past = std::string("\x01\x00\x01", 3) + std::string(600, '\xFF');
  EXPECT_FALSE(DecodeChunk(past).ok());
}

TEST(CharSetsTest, SetOperationsAcrossChunks) {
  DocSet a, b;
  for (int64_t id : {1, 5, 4095, 4096, 9000, 20000}) a.Add(id);
  for (int64_t id : {5, 4096, 9001, 20000}) b.Add(id);
  EXPECT_EQ(a.Count(), 6);
  EXPECT_TRUE(a.Contains(4095));
  EXPECT_FALSE(a.Contains(4097));
  EXPECT_EQ(a.Largest(0, 3), (std::vector<int64_t>{20000, 9000, 4096}));
  EXPECT_EQ(a.Largest(2, 10), (std::vector<int64_t>{4096, 4095, 5, 1}));
  EXPECT_EQ(a.Largest(6, 10), std::vector<int64_t>{});
  DocSet both = a;
  both.And(b);
  EXPECT_EQ(both.Largest(0, 10), (std::vector<int64_t>{20000, 4096, 5}));
  DocSet either = a;
  either.Or(b);
  EXPECT_EQ(either.Count(), 7);
  DocSet only_a = a;
  only_a.AndNot(b);
  EXPECT_EQ(only_a.Largest(0, 10), (std::vector<int64_t>{9000, 4095, 1}));
}

}  // namespace
}  // namespace gk::search::internal
