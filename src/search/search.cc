#include "search/search.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <unordered_map>

#include "base/strings.h"
#include "search/char_sets.h"
#include "search/excerpt.h"
#include "text/fold.h"
#include "text/tokenize.h"

namespace gk::search {
namespace {

using store::Dialect;
using store::Row;
using store::Value;
using text::Phrase;
using internal::CharField;
using internal::CharSetWriter;
using internal::DocSet;
using internal::ByteRanges;
using internal::Excerpt;
using internal::ExcerptMarks;
using internal::MarkUp;
using internal::MatchRanges;

constexpr size_t kMaxQueryChars = 100;
constexpr int kMaxLimit = 100;
constexpr int64_t kMaxAgencyId = (int64_t{1} << 30) - 1;
constexpr int64_t kMaxDocId = (int64_t{1} << 32) - 1;
constexpr int kPgMaxPosition = 16383;
// Matches of a phrase read at most to count it for IDF (PhraseDocFrequencies).
constexpr int64_t kIdfSample = 1000;
constexpr size_t kPgMaxPositionsPerLexeme = 256;

bool IsSqlite(store::Tx& tx) { return tx.dialect() == Dialect::kSqlite; }

// The agency searched, or none for every agency of the platform.
using Scope = std::optional<int64_t>;

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// ---------------------------------------------------------------- ranking (SQLite)

// gk_bm25(search_terms, weight…): BM25 with k1 = 1.2 and b = 0 (the index
// keeps no document lengths), negated like FTS5's bm25() so that ascending
// order is best first. Unlike bm25() it does not scan every match of the
// query a second time to compute IDF when the query has one phrase, where IDF
// is a constant factor that cannot change the order: that scan was about a
// third of the time of a query matching most documents.
constexpr char kRankFunction[] = "gk_bm25";

constexpr double kK1 = 1.2;

// While a ranked query runs on this thread: the rows gk_bm25 has scored,
// and the document frequency of each phrase of the query over the whole
// index (counted or estimated by RankPhrases within a bound) for the IDF of
// a query of several phrases; without them gk_bm25 counts the matches of
// each phrase itself (xQueryPhrase, a scan of every match).
// While RankPhrases scores a range of matches: the score of every row, as
// computed (no rounding through SQL text), and the phrase counts for IDF.
struct RankContext {
  std::vector<std::pair<int64_t, double>> scored;  // FTS rowid, score (lower is better)
  const std::vector<int64_t>* df = nullptr;
};
thread_local RankContext* t_rank = nullptr;

class ScopedRankContext {
 public:
  explicit ScopedRankContext(const std::vector<int64_t>* df) {
    ctx_.df = df;
    t_rank = &ctx_;
  }
  ~ScopedRankContext() { t_rank = nullptr; }
  ScopedRankContext(const ScopedRankContext&) = delete;
  ScopedRankContext& operator=(const ScopedRankContext&) = delete;
  std::vector<std::pair<int64_t, double>>& scored() { return ctx_.scored; }

 private:
  RankContext ctx_;
};

int CountHit(const Fts5ExtensionApi*, Fts5Context*, void* n) {
  ++*static_cast<int64_t*>(n);
  return SQLITE_OK;
}

double Idf(sqlite3_int64 rows, int64_t hits) {
  double v = std::log((static_cast<double>(rows - hits) + 0.5) / (static_cast<double>(hits) + 0.5));
  return v > 0 ? v : 1e-6;
}

// IDF of each phrase as in FTS5's bm25(), or {1} for a single phrase.
std::vector<double>* PhraseIdf(const Fts5ExtensionApi* api, Fts5Context* fts) {
  auto* idf = static_cast<std::vector<double>*>(api->xGetAuxdata(fts, 0));
  if (idf != nullptr) return idf;
  int phrases = api->xPhraseCount(fts);
  idf = new std::vector<double>(static_cast<size_t>(phrases), 1.0);
  sqlite3_int64 rows = 0;
  if (phrases > 1 && api->xRowCount(fts, &rows) == SQLITE_OK) {
    const std::vector<int64_t>* df = t_rank != nullptr ? t_rank->df : nullptr;
    for (int i = 0; i < phrases; ++i) {
      int64_t hits = 0;
      if (df != nullptr && df->size() == static_cast<size_t>(phrases)) {
        hits = (*df)[static_cast<size_t>(i)];
      } else if (api->xQueryPhrase(fts, i, &hits, CountHit) != SQLITE_OK) {
        break;
      }
      (*idf)[static_cast<size_t>(i)] = Idf(rows, hits);
    }
  }
  api->xSetAuxdata(fts, idf, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  return idf;
}

void GkBm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_weights,
            sqlite3_value** weights) {
  std::vector<double>* idf = PhraseIdf(api, fts);
  double score = 0;
  for (int p = 0; p < static_cast<int>(idf->size()); ++p) {
    Fts5PhraseIter it;
    int col = 0, offset = 0;
    double f = 0;
    for (api->xPhraseFirst(fts, p, &it, &col, &offset); col >= 0; api->xPhraseNext(fts, &it, &col, &offset)) {
      f += col < n_weights ? sqlite3_value_double(weights[col]) : 1.0;
    }
    score += (*idf)[static_cast<size_t>(p)] * f * (kK1 + 1) / (f + kK1);
  }
  if (t_rank != nullptr) t_rank->scored.emplace_back(api->xRowid(fts), -score);
  sqlite3_result_double(ctx, -score);
}

// gk_in_docset(key, rowid): whether the document of an FTS rowid is in the
// DocSet registered under `key` on this thread (ScopedDocSet): how a query
// of phrases and single characters applies the character sets inside
// SQLite, which runs the query on the calling thread.
thread_local std::unordered_map<int64_t, const DocSet*> t_docsets;
thread_local int64_t t_last_docset = 0;

class ScopedDocSet {
 public:
  explicit ScopedDocSet(const DocSet& set) : key_(++t_last_docset) { t_docsets[key_] = &set; }
  ~ScopedDocSet() { t_docsets.erase(key_); }
  ScopedDocSet(const ScopedDocSet&) = delete;
  ScopedDocSet& operator=(const ScopedDocSet&) = delete;
  int64_t key() const { return key_; }

 private:
  int64_t key_;
};

void InDocSet(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto it = t_docsets.find(sqlite3_value_int64(argv[0]));
  if (it == t_docsets.end()) {
    sqlite3_result_error(ctx, "gk_in_docset: no such set", -1);
    return;
  }
  sqlite3_result_int(ctx, it->second->Contains(sqlite3_value_int64(argv[1]) & kMaxDocId) ? 1 : 0);
}

// Registers gk_bm25 and gk_in_docset on every SQLite connection opened from
// now on.
int RegisterFunctions(sqlite3* db, char**, const sqlite3_api_routines*) {
  sqlite3_create_function_v2(db, "gk_in_docset", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr, InDocSet, nullptr,
                             nullptr, nullptr);
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) return SQLITE_OK;
  sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (api != nullptr) api->xCreateFunction(api, kRankFunction, nullptr, GkBm25, nullptr);
  return SQLITE_OK;
}

// At program start, before any database is opened (a connection opened
// earlier falls back to bm25(); see RankPhrases).
// Registering starts SQLite: its settings come first.
[[maybe_unused]] const int kFunctionsRegistered =
    (store::ConfigureSqlite(), sqlite3_auto_extension(reinterpret_cast<void (*)()>(RegisterFunctions)));

// ---------------------------------------------------------------- index rows

// The stored text of one document, already valid UTF-8.
struct DocText {
  std::string title, body, extra;
  bool operator==(const DocText&) const = default;
};

// SQLite FTS rowid: agency * 2^33 + public * 2^32 + id.
int64_t FtsRowid(int64_t agency_id, bool is_public, int64_t id) {
  return (agency_id << 33) | (static_cast<int64_t>(is_public) << 32) | id;
}

// The folded fields of a document.
struct FoldedDoc {
  std::string title, body, extra;
  explicit FoldedDoc(const DocText& d)
      : title(text::FoldForSearch(d.title)), body(text::FoldForSearch(d.body)), extra(text::FoldForSearch(d.extra)) {}
};

// Adds (`add`) or removes the document `id` in the character sets of its
// distinct CJK characters (all fields, and the title's alone).
void WriteCharSets(CharSetWriter& w, bool add, int64_t agency_id, bool is_public, int64_t id, const FoldedDoc& f) {
  auto write = [&](CharField field, const std::string& text) {
    for (const std::string& c : text::DistinctCjkChars(text)) {
      char32_t cp = text::DecodeUtf8Lossy(c)[0];
      add ? w.Add(agency_id, is_public, field, cp, id) : w.Remove(agency_id, is_public, field, cp, id);
    }
  };
  write(CharField::kAny, f.title + "\n" + f.body + "\n" + f.extra);
  write(CharField::kTitle, f.title);
}

// Adds (`add`) or deletes the index entries of a document; a contentless
// FTS5 row is deleted by repeating the values it was indexed with.
Status WriteIndex(store::Tx& tx, CharSetWriter& chars, bool add, int64_t agency_id, bool is_public, int64_t id,
                  const DocText& d) {
  FoldedDoc f(d);
  WriteCharSets(chars, add, agency_id, is_public, id, f);
  std::vector<Value> terms = {FtsRowid(agency_id, is_public, id), text::TermStream(f.body), text::TermStream(f.title),
                              text::TermStream(f.extra)};
  if (add) return tx.Exec("INSERT INTO search_terms (rowid, body, title, extra) VALUES (?, ?, ?, ?)", terms).status();
  terms.insert(terms.begin(), std::string("delete"));
  return tx.Exec("INSERT INTO search_terms (search_terms, rowid, body, title, extra) VALUES (?, ?, ?, ?, ?)", terms)
      .status();
}

std::string QuoteLexeme(const std::string& term) {
  std::string out = "'";
  for (char c : term) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

// A tsvector literal: title (A), then extra (B), then body (D), each starting
// two positions after the previous field so that no phrase spans two fields.
std::string TsVectorLiteral(const DocText& d) {
  std::map<std::string, std::vector<std::string>> positions;
  int pos = 1;
  for (auto [field, weight] : {std::pair<const std::string*, char>{&d.title, 'A'}, {&d.extra, 'B'}, {&d.body, 'D'}}) {
    for (const text::Token& t : text::Tokenize(text::FoldForSearch(*field), text::RunEnds::kAll)) {
      if (pos > kPgMaxPosition) break;
      auto& list = positions[t.term];
      if (list.size() < kPgMaxPositionsPerLexeme) list.push_back(std::to_string(pos) + weight);
      ++pos;
    }
    pos += 2;
  }
  std::string out;
  for (const auto& [term, list] : positions) {
    if (!out.empty()) out += ' ';
    out += QuoteLexeme(term) + ':';
    for (size_t i = 0; i < list.size(); ++i) out += (i ? "," : "") + list[i];
  }
  return out;
}

Result<int64_t> InsertDoc(store::Tx& tx, CharSetWriter& chars, const Document& doc, const DocText& d) {
  std::vector<Value> params = {doc.agency_id, doc.kind, doc.object_id, int64_t{doc.is_public},
                               doc.category_id ? Value(*doc.category_id) : Value(nullptr),
                               doc.department_id ? Value(*doc.department_id) : Value(nullptr),
                               int64_t{doc.year}, d.title, text::ToValidUtf8(doc.url), text::ToValidUtf8(doc.date),
                               d.body, d.extra};
  std::string sql =
      "INSERT INTO search_docs (agency_id, kind, object_id, is_public, category_id, department_id, year, title, url, "
      "date, body, extra";
  if (IsSqlite(tx)) {
    sql += ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
  } else {
    sql += ", tsv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS tsvector)) RETURNING id";
    params.push_back(TsVectorLiteral(d));
  }
  ASSIGN_OR_RETURN(int64_t id, tx.Insert(sql, params));
  if (id > kMaxDocId) return OutOfRange("search document ids are exhausted");
  if (IsSqlite(tx)) RETURN_IF_ERROR(WriteIndex(tx, chars, true, doc.agency_id, doc.is_public, id, d));
  return id;
}

// The stored row for (agency, kind, object): id, is_public, title, body, extra.
Result<std::optional<Row>> FindDoc(store::Tx& tx, int64_t agency_id, const std::string& kind, int64_t object_id) {
  return tx.QueryOne(
      "SELECT id, is_public, title, body, extra, agency_id FROM search_docs "
      "WHERE agency_id = ? AND kind = ? AND object_id = ?",
      {agency_id, kind, object_id});
}

DocText StoredText(const Row& row) { return {row.Str("title"), row.Str("body"), row.Str("extra")}; }

Status DeleteDoc(store::Tx& tx, CharSetWriter& chars, const Row& row) {
  if (IsSqlite(tx))
    RETURN_IF_ERROR(
        WriteIndex(tx, chars, false, row.Int("agency_id"), row.Int("is_public") != 0, row.Int("id"), StoredText(row)));
  return tx.Exec("DELETE FROM search_docs WHERE id = ?", {row.Int("id")}).status();
}

Status UpdateMetadata(store::Tx& tx, int64_t id, const Document& doc) {
  return tx
      .Exec("UPDATE search_docs SET category_id = ?, department_id = ?, year = ?, url = ?, date = ? WHERE id = ?",
            {doc.category_id ? Value(*doc.category_id) : Value(nullptr),
             doc.department_id ? Value(*doc.department_id) : Value(nullptr), int64_t{doc.year},
             text::ToValidUtf8(doc.url), text::ToValidUtf8(doc.date), id})
      .status();
}

// ---------------------------------------------------------------- queries

std::string Fts5Phrase(const Phrase& p) {
  std::string out = "\"";
  for (size_t i = 0; i < p.terms.size(); ++i) out += (i ? " " : "") + p.terms[i].term;
  out += "\"";
  if (!p.terms.empty() && p.terms.back().prefix) out += " *";
  return out;
}

// The FTS5 expression and the single characters of a query.
struct Fts5Query {
  std::string terms;           // the phrases, for search_terms ("" if none)
  std::vector<char32_t> chars;  // the single characters, all required
  std::vector<Phrase> phrases;  // the phrases of `terms`, in order
};

Fts5Query BuildFts5Query(const std::vector<Phrase>& phrases) {
  Fts5Query out;
  for (const Phrase& p : phrases) {
    if (p.single_char) {
      out.chars.push_back(text::DecodeUtf8Lossy(p.terms[0].term)[0]);
    } else {
      out.terms += (out.terms.empty() ? "" : " AND ") + Fts5Phrase(p);
      out.phrases.push_back(p);
    }
  }
  return out;
}

std::string TsQuery(const std::vector<Phrase>& phrases) {
  std::string out;
  for (const Phrase& p : phrases) {
    if (!out.empty()) out += " & ";
    out += "(";
    for (size_t i = 0; i < p.terms.size(); ++i) {
      out += (i ? " <-> " : "") + QuoteLexeme(p.terms[i].term) + (p.terms[i].prefix ? ":*" : "");
    }
    out += ")";
  }
  return out;
}

// A WHERE fragment and its parameters.
struct Clause {
  std::string sql;
  std::vector<Value> params;
  void Add(const std::string& s, std::vector<Value> p = {}) {
    sql += s;
    params.insert(params.end(), p.begin(), p.end());
  }
};

bool HasFilters(const Query& q) { return q.category_id || q.department_id || q.year || q.readable; }

void AddFilters(const Query& q, const char* table, Clause& c) {
  std::string t = table;
  if (q.category_id) c.Add(" AND " + t + ".category_id = ?", {*q.category_id});
  if (q.department_id) c.Add(" AND " + t + ".department_id = ?", {*q.department_id});
  if (q.year) c.Add(" AND " + t + ".year = ?", {int64_t{*q.year}});
  if (q.readable) c.Add(" AND " + q.readable->sql, q.readable->params);
}

// FROM … WHERE … over search_terms matching `match` within one rowid range
// (ScopeRanges: an agency's documents, public or not), with the filters (a
// join to search_docs) and optionally only documents in the set registered
// under `docset` (gk_in_docset).
Clause SqliteFromRange(const std::string& match, std::pair<int64_t, int64_t> range, const Query& q,
                       std::optional<int64_t> docset) {
  Clause c;
  c.Add(" FROM search_terms");
  if (HasFilters(q)) c.Add(" JOIN search_docs d ON d.id = (search_terms.rowid & 4294967295)");
  c.Add(" WHERE search_terms MATCH ? AND search_terms.rowid BETWEEN ? AND ?", {match, range.first, range.second});
  if (docset) c.Add(" AND gk_in_docset(?, search_terms.rowid)", {*docset});
  AddFilters(q, "d", c);
  return c;
}

Clause PostgresWhere(Scope agency_id, const Query& q, const std::string& tsquery) {
  Clause c;
  if (agency_id) {
    c.Add(" FROM search_docs d WHERE d.agency_id = ? AND d.tsv @@ CAST(? AS tsquery)", {*agency_id, tsquery});
  } else {
    c.Add(" FROM search_docs d WHERE d.tsv @@ CAST(? AS tsquery)", {tsquery});
  }
  if (q.public_only) c.Add(" AND d.is_public = 1");
  AddFilters(q, "d", c);
  return c;
}

double ToDouble(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

struct Ranked {
  std::vector<std::pair<int64_t, double>> ids;  // search_docs.id, score (higher is better)
  int64_t total = 0;
  bool capped = false;  // see Results
};

// The documents containing every one of `chars` (and, with `filters`,
// passing the query's filters).
Result<DocSet> CharMatches(store::Tx& tx, Scope agency_id, const Query& q, const std::vector<char32_t>& chars,
                           bool filters) {
  DocSet out;
  for (size_t i = 0; i < chars.size(); ++i) {
    ASSIGN_OR_RETURN(DocSet s, internal::LoadCharSet(tx, agency_id, q.public_only, CharField::kAny, chars[i]));
    if (i == 0) {
      out = std::move(s);
    } else {
      out.And(s);
    }
  }
  if (filters && HasFilters(q)) {
    Clause c;
    if (agency_id) {
      c.Add("SELECT id FROM search_docs d WHERE d.agency_id = ?", {*agency_id});
      if (q.public_only) c.Add(" AND d.is_public = 1");
    } else {
      c.Add("SELECT id FROM search_docs d WHERE d.is_public IN (1, ?)", {int64_t{q.public_only ? 1 : 0}});
    }
    AddFilters(q, "d", c);
    ASSIGN_OR_RETURN(auto rows, tx.Query(c.sql, c.params));
    DocSet passing;
    for (const Row& row : rows) passing.Add(row.Int(0));
    out.And(passing);
  }
  return out;
}

using RowidRange = std::pair<int64_t, int64_t>;

// The FTS rowid ranges of a scope, each in document id order: an agency's
// public documents, and its others unless `public_only`; with no agency,
// those of every agency. A range of others ends at the agency's newest
// one, and there is none for an agency without any (an index of only
// those, migration 0036): reading an empty range newest first is not free.
Result<std::vector<RowidRange>> ScopeRanges(store::Tx& tx, Scope agency_id, bool public_only) {
  std::vector<int64_t> agencies;
  if (agency_id) {
    agencies.push_back(*agency_id);
  } else {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id FROM agencies ORDER BY id"));
    for (const Row& row : rows) agencies.push_back(row.Int(0));
  }
  std::unordered_map<int64_t, int64_t> newest_private;
  if (!public_only) {
    Clause c;
    c.Add("SELECT agency_id, max(id) FROM search_docs WHERE is_public = 0");
    if (agency_id) c.Add(" AND agency_id = ?", {*agency_id});
    ASSIGN_OR_RETURN(auto rows, tx.Query(c.sql + " GROUP BY agency_id", c.params));
    for (const Row& row : rows) newest_private[row.Int(0)] = row.Int(1);
  }
  std::vector<RowidRange> out;
  for (int64_t a : agencies) {
    if (a <= 0 || a > kMaxAgencyId) continue;
    out.emplace_back(FtsRowid(a, true, 0), FtsRowid(a, true, kMaxDocId));
    auto it = newest_private.find(a);
    if (it != newest_private.end()) out.emplace_back(FtsRowid(a, false, 0), FtsRowid(a, false, it->second));
  }
  return out;
}

// The ids of the newest `cap` + 1 documents matching `match` in `ranges`
// (fewer if fewer match), newest first: rowids only, each range read newest
// first and stopping at the LIMIT, a range read after another only above
// the (cap + 1)-th newest id found so far.
Result<std::vector<int64_t>> NewestIds(store::Tx& tx, const std::vector<RowidRange>& ranges, const std::string& match,
                                       int64_t cap) {
  std::vector<int64_t> ids;
  for (auto [lo, hi] : ranges) {
    int64_t from = lo;
    if (static_cast<int64_t>(ids.size()) > cap) from = lo | (ids.back() + 1);
    if (from > hi) continue;
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT rowid FROM search_terms WHERE search_terms MATCH ? AND rowid BETWEEN "
                                         "? AND ? ORDER BY rowid DESC LIMIT ?",
                                         {match, from, hi, cap + 1}));
    for (const Row& row : rows) ids.push_back(row.Int(0) & kMaxDocId);
    std::sort(ids.begin(), ids.end(), std::greater<>());
    if (static_cast<int64_t>(ids.size()) > cap + 1) ids.resize(static_cast<size_t>(cap + 1));
  }
  return ids;
}

// The number of documents of the whole index matching each phrase, for the
// IDF of a query of several phrases (none for one phrase), read within a
// bound: exact up to `cap`; above, extrapolated from the newest cap matches
// of the phrase over every agency: cap × (the id span of the index) / (the
// id span of those matches), taking the documents as spread evenly over the
// ids (ids are given in order of indexing). The IDF is a logarithm of this
// count: a sample of kIdfSample matches estimates it to a few per cent,
// and reading more would be most of the cost of a common query.
Result<std::optional<std::vector<int64_t>>> PhraseDocFrequencies(store::Tx& tx, const Fts5Query& fq, int64_t cap) {
  if (fq.phrases.size() < 2) return std::optional<std::vector<int64_t>>();
  ASSIGN_OR_RETURN(std::vector<RowidRange> ranges, ScopeRanges(tx, std::nullopt, false));
  std::optional<std::pair<int64_t, int64_t>> id_span;
  std::vector<int64_t> df;
  for (const Phrase& p : fq.phrases) {
    ASSIGN_OR_RETURN(std::vector<int64_t> ids, NewestIds(tx, ranges, Fts5Phrase(p), cap));
    int64_t n = static_cast<int64_t>(ids.size());
    if (n > cap) {
      if (!id_span) {
        // Two statements: SQLite reads a lone min() or max() of the key from
        // one end of the table, but both together by scanning it.
        ASSIGN_OR_RETURN(auto lowest, tx.QueryOne("SELECT min(id) FROM search_docs"));
        ASSIGN_OR_RETURN(auto highest, tx.QueryOne("SELECT max(id) FROM search_docs"));
        id_span.emplace(lowest ? lowest->Int(0) : 0, highest ? highest->Int(0) : 0);
      }
      double all = static_cast<double>(id_span->second - id_span->first + 1);
      double newest = static_cast<double>(std::max<int64_t>(1, id_span->second - ids[static_cast<size_t>(cap - 1)] + 1));
      n = std::max(cap + 1, static_cast<int64_t>(static_cast<double>(cap) * all / newest));
    }
    df.push_back(n);
  }
  return std::optional<std::vector<int64_t>>(std::move(df));
}

// Queries with phrases: ranked by BM25 over search_terms; single characters
// of the query restrict the matches through their character sets. Only the
// newest q.rank_cap matches are ranked: each rowid range of the scope is
// read newest first (FTS5 reads a MATCH in rowid order and stops at the
// LIMIT), scoring at most rank_cap + 1 rows, a range read after another only
// above the (rank_cap + 1)-th newest id found so far; the scores are kept
// in C++ (RankContext), and the page is cut from the newest rank_cap.
Result<Ranked> RankPhrases(store::Tx& tx, Scope agency_id, const Query& q, const Fts5Query& fq, int limit) {
  DocSet with_chars;
  std::optional<ScopedDocSet> scope;
  if (!fq.chars.empty()) {
    ASSIGN_OR_RETURN(with_chars, CharMatches(tx, agency_id, q, fq.chars, false));
    scope.emplace(with_chars);
  }
  std::optional<int64_t> docset = scope ? std::optional<int64_t>(scope->key()) : std::nullopt;
  const int64_t cap = std::max<int64_t>(1, q.rank_cap);
  ASSIGN_OR_RETURN(std::vector<RowidRange> ranges, ScopeRanges(tx, agency_id, q.public_only));
  ASSIGN_OR_RETURN(auto df, PhraseDocFrequencies(tx, fq, std::min(cap, kIdfSample)));

  // The newest cap + 1 matches of the scope: FTS rowid, score (lower is
  // better), newest (largest id) first.
  std::vector<std::pair<int64_t, double>> newest;
  auto by_id = [](const std::pair<int64_t, double>& a, const std::pair<int64_t, double>& b) {
    return (a.first & kMaxDocId) > (b.first & kMaxDocId);
  };
  for (auto [lo, hi] : ranges) {
    int64_t from = lo;
    if (static_cast<int64_t>(newest.size()) > cap) from = lo | ((newest.back().first & kMaxDocId) + 1);
    if (from > hi) continue;
    Clause c = SqliteFromRange(fq.terms, {from, hi}, q, docset);
    c.Add(" ORDER BY search_terms.rowid DESC LIMIT ?", {cap + 1});
    ScopedRankContext context(df ? &*df : nullptr);
    // min(score) makes SQLite compute every score; gk_bm25 hands them over.
    auto done = tx.QueryOne("SELECT min(score) FROM (SELECT " + std::string(kRankFunction) +
                                "(search_terms, 1.0, 10.0, 5.0) AS score" + c.sql + ") AS m",
                            c.params);
    if (done.ok()) {
      newest.insert(newest.end(), context.scored().begin(), context.scored().end());
    } else if (done.status().message().find(kRankFunction) != std::string::npos) {
      // A connection opened before gk_bm25 was registered: bm25(), its
      // scores read back through SQL.
      ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT search_terms.rowid AS doc_rowid, bm25(search_terms, 1.0, 10.0, 5.0) "
                                           "AS score" + c.sql,
                                           c.params));
      for (const Row& row : rows) newest.emplace_back(row.Int("doc_rowid"), ToDouble(row.Str("score")));
    } else {
      return done.status();
    }
    std::sort(newest.begin(), newest.end(), by_id);
    if (static_cast<int64_t>(newest.size()) > cap + 1) newest.resize(static_cast<size_t>(cap + 1));
  }
  Ranked r;
  r.capped = static_cast<int64_t>(newest.size()) > cap;
  if (r.capped) newest.resize(static_cast<size_t>(cap));
  r.total = static_cast<int64_t>(newest.size());
  // Best first; equal scores: the newest document first (in one agency, the
  // rowid order — public ones first —, across agencies the id order).
  auto tie = [&](int64_t rowid) { return agency_id ? rowid : (rowid & kMaxDocId); };
  auto better = [&](const std::pair<int64_t, double>& a, const std::pair<int64_t, double>& b) {
    if (a.second != b.second) return a.second < b.second;
    return tie(a.first) > tie(b.first);
  };
  if (q.offset >= r.total) return r;
  size_t end = static_cast<size_t>(std::min<int64_t>(r.total, int64_t{q.offset} + limit));
  std::partial_sort(newest.begin(), newest.begin() + static_cast<std::ptrdiff_t>(end), newest.end(), better);
  for (size_t i = static_cast<size_t>(q.offset); i < end; ++i) {
    r.ids.emplace_back(newest[i].first & kMaxDocId, -newest[i].second);
  }
  return r;
}

// Queries of single characters only: the character sets have no positions
// to rank by, so documents with a character in the title come first, then
// the rest, newest first within each group.
Result<Ranked> RankCharacters(store::Tx& tx, Scope agency_id, const Query& q, const Fts5Query& fq, int limit) {
  ASSIGN_OR_RETURN(DocSet all, CharMatches(tx, agency_id, q, fq.chars, true));
  DocSet titled;
  for (char32_t c : fq.chars) {
    ASSIGN_OR_RETURN(DocSet s, internal::LoadCharSet(tx, agency_id, q.public_only, CharField::kTitle, c));
    titled.Or(s);
  }
  titled.And(all);
  DocSet rest = all;
  rest.AndNot(titled);
  Ranked r;
  r.total = all.Count();
  int64_t in_titles = titled.Count();
  for (int64_t id : titled.Largest(q.offset, limit)) r.ids.emplace_back(id, 2.0);
  int64_t remaining = limit - static_cast<int64_t>(r.ids.size());
  for (int64_t id : rest.Largest(std::max<int64_t>(0, q.offset - in_titles), remaining)) r.ids.emplace_back(id, 1.0);
  return r;
}

Result<Ranked> RankSqlite(store::Tx& tx, Scope agency_id, const Query& q, const std::vector<Phrase>& phrases,
                          int limit) {
  Fts5Query fq = BuildFts5Query(phrases);
  return fq.terms.empty() ? RankCharacters(tx, agency_id, q, fq, limit) : RankPhrases(tx, agency_id, q, fq, limit);
}

// Ranked by ts_rank; as on SQLite, a query matching more than q.rank_cap
// documents ranks only the newest rank_cap of them (by id).
Result<Ranked> RankPostgres(store::Tx& tx, Scope agency_id, const Query& q, const std::vector<Phrase>& phrases,
                            int limit) {
  std::string tsquery = TsQuery(phrases);
  Clause where = PostgresWhere(agency_id, q, tsquery);
  const int64_t cap = std::max<int64_t>(1, q.rank_cap);
  std::vector<Value> count_params = where.params;
  count_params.push_back(cap + 1);
  ASSIGN_OR_RETURN(auto counted, tx.QueryOne("SELECT count(*) FROM (SELECT 1" + where.sql + " LIMIT ?) AS m", count_params));
  int64_t n = counted ? counted->Int(0) : 0;
  Ranked r;
  r.capped = n > cap;
  r.total = std::min(n, cap);
  if (r.total == 0 || q.offset >= r.total) return r;
  std::vector<Value> params = {tsquery};
  params.insert(params.end(), where.params.begin(), where.params.end());
  std::string from = where.sql;
  if (r.capped) {
    from = " FROM (SELECT d.id, d.tsv" + where.sql + " ORDER BY d.id DESC LIMIT ?) AS d";
    params.push_back(cap);
  }
  params.push_back(int64_t{limit});
  params.push_back(int64_t{q.offset});
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT d.id, CAST(ts_rank(d.tsv, CAST(? AS tsquery)) AS DOUBLE PRECISION) AS score" +
                                           from + " ORDER BY score DESC, d.id DESC LIMIT ? OFFSET ?",
                                       params));
  for (const Row& row : rows) r.ids.emplace_back(row.Int("id"), ToDouble(row.Str("score")));
  return r;
}

void Highlight(Hit& hit, const std::string& body, const std::string& extra, const std::vector<Phrase>& phrases) {
  hit.title_html = MarkUp(hit.title, 0, hit.title.size(), MatchRanges(hit.title, phrases));
  ByteRanges in_body = ExcerptMarks(body, phrases);
  if (in_body.empty()) {
    ByteRanges in_extra = MatchRanges(extra, phrases);
    if (!in_extra.empty()) {
      hit.snippet_html = Excerpt(extra, in_extra);
      return;
    }
  }
  hit.snippet_html = Excerpt(body, in_body);
}

Result<std::vector<Hit>> FetchHits(store::Tx& tx, Scope agency_id, const Ranked& ranked,
                                   const std::vector<Phrase>& phrases) {
  if (ranked.ids.empty()) return std::vector<Hit>();
  // By id only: with agency_id in the WHERE clause SQLite would scan the
  // agency's rows through the unique index instead of looking up 20 ids.
  std::string sql = "SELECT id, kind, object_id, title, url, date, body, extra, agency_id FROM search_docs WHERE id IN (";
  std::vector<Value> params;
  for (size_t i = 0; i < ranked.ids.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.push_back(ranked.ids[i].first);
  }
  ASSIGN_OR_RETURN(auto rows, tx.Query(sql + ")", params));
  std::unordered_map<int64_t, const Row*> by_id;
  for (const Row& row : rows) {
    if (!agency_id || row.Int("agency_id") == *agency_id) by_id[row.Int("id")] = &row;
  }
  std::vector<Hit> hits;
  for (auto [id, score] : ranked.ids) {
    auto it = by_id.find(id);
    if (it == by_id.end()) continue;
    const Row& row = *it->second;
    Hit hit{row.Str("kind"), row.Int("object_id"), row.Str("title"), row.Str("url"), row.Str("date"), "", "", score,
            row.Int("agency_id")};
    Highlight(hit, row.Str("body"), row.Str("extra"), phrases);
    hits.push_back(std::move(hit));
  }
  return hits;
}

Status ValidateDocument(const Document& doc) {
  if (doc.agency_id <= 0 || doc.agency_id > kMaxAgencyId) return InvalidArgument("search document without a valid agency");
  if (doc.kind.empty()) return InvalidArgument("search document without a kind");
  return Status::Ok();
}

}  // namespace

Status UpsertMany(store::Tx& tx, const std::vector<Document>& docs) {
  CharSetWriter chars;
  for (const Document& doc : docs) {
    RETURN_IF_ERROR(ValidateDocument(doc));
    DocText d{text::ToValidUtf8(doc.title), text::ToValidUtf8(doc.body), text::ToValidUtf8(doc.extra)};
    ASSIGN_OR_RETURN(auto old, FindDoc(tx, doc.agency_id, doc.kind, doc.object_id));
    if (old && StoredText(*old) == d && (old->Int("is_public") != 0) == doc.is_public) {
      RETURN_IF_ERROR(UpdateMetadata(tx, old->Int("id"), doc));
      continue;
    }
    if (old) RETURN_IF_ERROR(DeleteDoc(tx, chars, *old));
    RETURN_IF_ERROR(InsertDoc(tx, chars, doc, d).status());
  }
  return chars.Flush(tx);
}

Status Upsert(store::Tx& tx, const Document& doc) { return UpsertMany(tx, {doc}); }

Status Remove(store::Tx& tx, int64_t agency_id, const std::string& kind, int64_t object_id) {
  ASSIGN_OR_RETURN(auto old, FindDoc(tx, agency_id, kind, object_id));
  if (!old) return Status::Ok();
  CharSetWriter chars;
  RETURN_IF_ERROR(DeleteDoc(tx, chars, *old));
  return chars.Flush(tx);
}

namespace {

// Search and SearchPlatform: the documents of `agency_id` (every agency's if
// none) matching `q`, best first.
Result<Results> SearchIn(store::Tx& tx, Scope agency_id, const Query& q) {
  if (CodePointCount(q.text) > kMaxQueryChars) return InvalidArgument("检索词不能超过 " + std::to_string(kMaxQueryChars) + " 个字");
  if (q.limit < 0 || q.offset < 0) return InvalidArgument("negative limit or offset");
  std::vector<Phrase> phrases = text::ParseQuery(text::FoldForSearch(q.text));
  if (phrases.empty()) return InvalidArgument("请输入要检索的词语");
  int limit = std::min(q.limit, kMaxLimit);
  Results results;
  ASSIGN_OR_RETURN(Ranked ranked, IsSqlite(tx) ? RankSqlite(tx, agency_id, q, phrases, limit)
                                               : RankPostgres(tx, agency_id, q, phrases, limit));
  ASSIGN_OR_RETURN(results.hits, FetchHits(tx, agency_id, ranked, phrases));
  results.total = ranked.total;
  results.capped = ranked.capped;
  return results;
}

}  // namespace

Result<Results> Search(store::Tx& tx, int64_t agency_id, const Query& q) { return SearchIn(tx, agency_id, q); }

Result<Results> SearchPlatform(store::Tx& tx, const PlatformQuery& pq) {
  Query q;
  q.text = pq.text;
  q.public_only = true;
  q.limit = pq.limit;
  q.offset = pq.offset;
  q.rank_cap = pq.rank_cap;
  return SearchIn(tx, pq.agency_id, q);
}

Status Rebuild(store::Tx& tx) {
  if (IsSqlite(tx)) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO search_terms (search_terms) VALUES ('delete-all')").status());
    RETURN_IF_ERROR(tx.Exec("DELETE FROM search_char_sets").status());
  }
  int64_t after = 0;
  for (;;) {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, is_public, title, body, extra, agency_id FROM search_docs "
                                         "WHERE id > ? ORDER BY id LIMIT 500",
                                         {after}));
    if (rows.empty()) break;
    CharSetWriter chars;
    for (const Row& row : rows) {
      if (IsSqlite(tx)) {
        RETURN_IF_ERROR(WriteIndex(tx, chars, true, row.Int("agency_id"), row.Int("is_public") != 0, row.Int("id"),
                                   StoredText(row)));
      } else {
        RETURN_IF_ERROR(tx.Exec("UPDATE search_docs SET tsv = CAST(? AS tsvector) WHERE id = ?",
                                {TsVectorLiteral(StoredText(row)), row.Int("id")})
                            .status());
      }
      after = row.Int("id");
    }
    RETURN_IF_ERROR(chars.Flush(tx));
  }
  return Status::Ok();
}

Status Optimize(store::Tx& tx) {
  if (!IsSqlite(tx)) return Status::Ok();
  return tx.Exec("INSERT INTO search_terms (search_terms) VALUES ('optimize')").status();
}

Result<bool> RebuildIfEmptied(store::Tx& tx) {
  if (!IsSqlite(tx)) return false;
  ASSIGN_OR_RETURN(auto stored, tx.QueryOne("SELECT 1 FROM search_docs LIMIT 1"));
  ASSIGN_OR_RETURN(auto indexed, tx.QueryOne("SELECT 1 FROM search_terms_idx LIMIT 1"));
  if (!stored || indexed) return false;
  RETURN_IF_ERROR(Rebuild(tx));
  RETURN_IF_ERROR(Optimize(tx));
  return true;
}

}  // namespace gk::search
