// Keyset (seek) pagination: a list is read one page at a time from the
// position after the last row shown, never with an OFFSET, so reading page
// 1,000 costs what reading page 1 does when an index serves the order.
//
// The position is the last row's sort key and id (the tie-breaker), carried
// between requests as an opaque URL-safe token (?after=…). A service reads
// `limit + 1` rows "after" the position in its order; the extra row only
// says that there is a next page (TakePage).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gk {

// The position of a row in a list's order: its sort key (a date, a number
// written with fixed width, …; "" when the list sorts by id alone) and its id.
struct SeekKey {
  std::string key;
  int64_t id = 0;

  friend bool operator==(const SeekKey&, const SeekKey&) = default;
};

// What a caller asks of a list: the position to continue after (none: from
// the start) and how many rows.
struct PageSpec {
  std::optional<SeekKey> after;
  int limit = 50;
};

// One page of a list and the position to continue after, if more follow.
template <typename Row>
struct PageOf {
  std::vector<Row> rows;
  std::optional<SeekKey> next;
};

// The token of a position: the key's bytes in lower-case hex, '.', the id in
// decimal ("323032362d30312d3031.42"). Keys are at most kMaxSeekKeyBytes.
inline constexpr size_t kMaxSeekKeyBytes = 256;
std::string EncodeSeek(const SeekKey& k);
// nullopt for anything EncodeSeek did not produce (bad hex, a negative or
// missing id, a key too long): the list then starts from the beginning.
std::optional<SeekKey> DecodeSeek(std::string_view token);

// The limit a caller asked for, within [1, max_limit]; `fallback` when it
// is not a number.
int ClampLimit(std::string_view text, int fallback, int max_limit);

// Keeps at most `limit` of `rows` (read with LIMIT limit + 1) and sets
// `next` from the last row kept when a row was cut; `key_of` gives a row's
// SeekKey.
template <typename Row, typename KeyOf>
PageOf<Row> TakePage(std::vector<Row> rows, int limit, KeyOf key_of) {
  PageOf<Row> page;
  if (rows.size() > static_cast<size_t>(limit)) {
    rows.resize(limit);
    if (!rows.empty()) page.next = key_of(rows.back());
  }
  page.rows = std::move(rows);
  return page;
}

}  // namespace gk
