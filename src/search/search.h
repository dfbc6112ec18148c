// Full-text search over published items, for the portal and the staff area.
//
// Documents and queries are folded (text/fold.h: width, case, traditional →
// simplified) and tokenized (text/tokenize.h: CJK bigrams, words, digits) in
// C++; the database only stores and intersects the resulting term streams:
//   - SQLite: the contentless FTS5 table search_terms (body, title, extra;
//     positions kept, so multi-character queries are exact phrases), ranked
//     by BM25 (column weights body 1, title 10, extra 5; k1 = 1.2, b = 0: the
//     index keeps no document lengths) computed by the FTS5 function gk_bm25
//     that this module registers on every SQLite connection; FTS rowids
//     encode the agency and the public flag, so the agency scope and the
//     portal filter are rowid ranges, not joins. One-character queries are
//     answered from search_char_sets (search/char_sets.h: compressed sets of
//     the documents containing each character), which list documents with
//     the character in the title first, then the rest, newest first; in a
//     query with phrases too, the sets filter the phrase matches.
//   - PostgreSQL: a tsvector column (title weight A, extra B, body D) with a
//     GIN index; phrases are `<->` queries, one-character queries are prefix
//     queries; ranked with ts_rank. Only the first 16,383 terms of a document
//     are indexed (the tsvector position limit).
// Ranking is bounded on both engines: only the newest Query::rank_cap
// matches of a query (in scope, after its filters) are ranked; at most that
// many, the results are those of an unbounded ranking (Results::capped).
// See migrations/0003_search.sql.
//
// All functions run inside the caller's transaction and never throw.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace gk::search {

struct Document {
  int64_t agency_id = 0;
  std::string kind;  // "item" for now
  int64_t object_id = 0;
  bool is_public = false;  // shown in portal search
  std::optional<int64_t> category_id, department_id;
  int year = 0;
  std::string title, body, extra;  // extra: 索引号, 文号 … searchable too
  std::string url, date;           // for result lists
};

// Adds the document, or replaces the one stored for (agency, kind, object_id).
// Invalid UTF-8 is stored with U+FFFD in place of bad bytes.
// InvalidArgument for a missing agency or kind.
Status Upsert(store::Tx& tx, const Document& doc);
// The same for many documents at once (a bulk load: the character sets of a
// batch are written once, not once per document).
Status UpsertMany(store::Tx& tx, const std::vector<Document>& docs);

// Removes the document for (agency, kind, object_id); OK if there is none.
Status Remove(store::Tx& tx, int64_t agency_id, const std::string& kind, int64_t object_id);

// How many matches of a query are ranked at most: a query matching more
// documents ranks only the newest kRankCap of them (in scope, after the
// filters), so that its cost is bounded whatever the size of the index
// (ranking costs about a microsecond per match: docs/performance.md).
constexpr int64_t kRankCap = 2000;

struct Query {
  std::string text;  // words separated by spaces must all match
  bool public_only = true;
  std::optional<int64_t> category_id, department_id;
  std::optional<int> year;
  int limit = 20, offset = 0;  // limit is capped at 100
  int64_t rank_cap = kRankCap;  // at least 1; smaller in tests
  // A further condition over `search_docs d`: what the searching person may
  // read (disclosure/access.h StaffSearch); none = every matching document.
  std::optional<store::Filter> readable;
};

struct Hit {
  std::string kind;
  int64_t object_id = 0;
  std::string title, url, date;
  // HTML-escaped text with the matched parts wrapped in <mark>…</mark>; safe
  // to output unescaped. snippet_html is an excerpt of the body (or of extra
  // when only extra matched), with "…" where it was cut.
  std::string title_html, snippet_html;
  double score = 0;  // higher is better; comparable only within one result list
  int64_t agency_id = 0;  // whose document it is
};

struct Results {
  std::vector<Hit> hits;
  // All matching documents, not only this page; when `capped`, the number
  // ranked (rank_cap): more documents match, and only the newest rank_cap
  // of them were ranked and can be paged through.
  int64_t total = 0;
  bool capped = false;
};

// Documents of `agency_id` matching `q`, best first. InvalidArgument for a
// query that is empty after folding (or has nothing but punctuation), one
// over 100 characters, or a negative limit or offset.
Result<Results> Search(store::Tx& tx, int64_t agency_id, const Query& q);

// A search of the district platform: the public documents of every agency,
// or of one (the agency filter).
struct PlatformQuery {
  std::string text;
  std::optional<int64_t> agency_id;
  int limit = 20, offset = 0;  // limit is capped at 100
  int64_t rank_cap = kRankCap;  // as in Query
};

// Public documents matching `q` across the platform, best first, each Hit
// naming its agency; ranked as Search ranks one agency's (the same BM25 or
// ts_rank over the one index, so scores of different agencies compare; equal
// scores put the newest document first). One-character queries are answered
// from every agency's character sets (SQLite) or as prefix queries
// (PostgreSQL), as in Search. Errors as for Search.
Result<Results> SearchPlatform(store::Tx& tx, const PlatformQuery& q);

// Re-tokenizes every stored document (all agencies). Needed after a change of
// the OpenCC data, which would otherwise leave stale terms behind on SQLite.
// Long-running on a large database.
Status Rebuild(store::Tx& tx);

// Merges the SQLite index into one segment (after a bulk load); no-op on
// PostgreSQL.
Status Optimize(store::Tx& tx);

// Rebuilds and optimizes the SQLite index if documents are stored but the
// index holds none: a migration that changes the term streams empties it
// ('delete-all'). True if it rebuilt. Run after migrations; no-op on
// PostgreSQL.
Result<bool> RebuildIfEmptied(store::Tx& tx);

}  // namespace gk::search
