#include "search/char_sets.h"

namespace gk::search::internal {

// ---------------------------------------------------------------- storage

void CharSetWriter::Add(int64_t agency_id, bool is_public, CharField field, char32_t ch, int64_t id) {
  changes_[{agency_id, is_public, static_cast<int>(field), ch, id / kChunkIds}].emplace_back(id % kChunkIds, true);
}

void CharSetWriter::Remove(int64_t agency_id, bool is_public, CharField field, char32_t ch, int64_t id) {
  changes_[{agency_id, is_public, static_cast<int>(field), ch, id / kChunkIds}].emplace_back(id % kChunkIds, false);
}

Status CharSetWriter::Flush(store::Tx& tx) {
  for (const auto& [key, changes] : changes_) {
    auto [agency, is_public, field, ch, chunk] = key;
    std::vector<store::Value> where = {agency, int64_t{is_public}, int64_t{field}, int64_t{ch}, chunk};
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT members FROM search_char_sets WHERE agency_id = ? AND is_public = ? "
                                           "AND in_title = ? AND ch = ? AND chunk = ?",
                                           where));
    ChunkBits bits{};
    if (row) {
      ASSIGN_OR_RETURN(bits, DecodeChunk(row->Str("members")));
    }
    for (auto [bit, add] : changes) add ? SetBit(bits, bit) : ClearBit(bits, bit);
    std::string members = EncodeChunk(bits);
    if (members.empty()) {
      if (row) {
        RETURN_IF_ERROR(tx.Exec("DELETE FROM search_char_sets WHERE agency_id = ? AND is_public = ? AND in_title = ? "
                                "AND ch = ? AND chunk = ?",
                                where)
                            .status());
      }
      continue;
    }
    where.insert(where.begin(), members);
    RETURN_IF_ERROR(tx.Exec(row ? "UPDATE search_char_sets SET members = ? WHERE agency_id = ? AND is_public = ? AND "
                                  "in_title = ? AND ch = ? AND chunk = ?"
                                : "INSERT INTO search_char_sets (members, agency_id, is_public, in_title, ch, chunk) "
                                  "VALUES (?, ?, ?, ?, ?, ?)",
                            where)
                        .status());
  }
  changes_.clear();
  return Status::Ok();
}

Result<DocSet> LoadCharSet(store::Tx& tx, std::optional<int64_t> agency_id, bool public_only, CharField field,
                           char32_t ch) {
  std::vector<store::Value> params = {int64_t{public_only ? 1 : 0}, int64_t{static_cast<int>(field)}, int64_t{ch}};
  std::string agencies = "agency_id IN (SELECT id FROM agencies)";
  if (agency_id) {
    agencies = "agency_id = ?";
    params.insert(params.begin(), *agency_id);
  }
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT chunk, members FROM search_char_sets WHERE " + agencies +
                                           " AND is_public IN (1, ?) AND in_title = ? AND ch = ?",
                                       params));
  DocSet out;
  for (const store::Row& row : rows) {
    ASSIGN_OR_RETURN(ChunkBits bits, DecodeChunk(row.Str("members")));
    ChunkBits& mine = out.chunks()[row.Int("chunk")];
    for (size_t w = 0; w < mine.size(); ++w) mine[w] |= bits[w];
  }
  return out;
}

}  // namespace gk::search::internal
