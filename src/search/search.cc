#include "search/search.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <unordered_map>

#include "base/strings.h"
#include "text/fold.h"
#include "text/tokenize.h"

namespace gk::search {
namespace {

using store::Dialect;
using store::Row;
using store::Value;
using text::Phrase;

constexpr size_t kMaxQueryChars = 100;
constexpr int kMaxLimit = 100;
constexpr int64_t kMaxAgencyId = (int64_t{1} << 30) - 1;
constexpr int64_t kMaxDocId = (int64_t{1} << 32) - 1;
constexpr int kSnippetBefore = 20;   // code points of context before the first match
constexpr int kSnippetLength = 120;  // code points in a snippet
constexpr int kPgMaxPosition = 16383;
constexpr size_t kPgMaxPositionsPerLexeme = 256;

bool IsSqlite(store::Tx& tx) { return tx.dialect() == Dialect::kSqlite; }

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

int CountHit(const Fts5ExtensionApi*, Fts5Context*, void* n) {
  ++*static_cast<int64_t*>(n);
  return SQLITE_OK;
}

// IDF of each phrase as in FTS5's bm25(), or {1} for a single phrase.
std::vector<double>* PhraseIdf(const Fts5ExtensionApi* api, Fts5Context* fts) {
  auto* idf = static_cast<std::vector<double>*>(api->xGetAuxdata(fts, 0));
  if (idf != nullptr) return idf;
  int phrases = api->xPhraseCount(fts);
  idf = new std::vector<double>(static_cast<size_t>(phrases), 1.0);
  sqlite3_int64 rows = 0;
  if (phrases > 1 && api->xRowCount(fts, &rows) == SQLITE_OK) {
    for (int i = 0; i < phrases; ++i) {
      int64_t hits = 0;
      if (api->xQueryPhrase(fts, i, &hits, CountHit) != SQLITE_OK) break;
      double v = std::log((static_cast<double>(rows - hits) + 0.5) / (static_cast<double>(hits) + 0.5));
      (*idf)[static_cast<size_t>(i)] = v > 0 ? v : 1e-6;
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
  sqlite3_result_double(ctx, -score);
}

// Registers gk_bm25 on every SQLite connection opened from now on.
int RegisterRankFunction(sqlite3* db, char**, const sqlite3_api_routines*) {
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
[[maybe_unused]] const int kRankFunctionRegistered =
    sqlite3_auto_extension(reinterpret_cast<void (*)()>(RegisterRankFunction));

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

// The rowid range of an agency's documents (only its public ones if asked).
std::pair<int64_t, int64_t> FtsRange(int64_t agency_id, bool public_only) {
  int64_t lo = FtsRowid(agency_id, public_only, 0);
  return {lo, FtsRowid(agency_id, true, kMaxDocId)};
}

// The folded fields of a document.
struct FoldedDoc {
  std::string title, body, extra;
  explicit FoldedDoc(const DocText& d)
      : title(text::FoldForSearch(d.title)), body(text::FoldForSearch(d.body)), extra(text::FoldForSearch(d.extra)) {}
};

// search_chars content: the distinct CJK characters, then the title's with "t".
std::string CharStream(const FoldedDoc& f) {
  std::string out;
  for (const std::string& c : text::DistinctCjkChars(f.title + "\n" + f.body + "\n" + f.extra)) {
    out += c;
    out += ' ';
  }
  for (const std::string& c : text::DistinctCjkChars(f.title)) {
    out += 't';
    out += c;
    out += ' ';
  }
  return out;
}

// Adds (`command` empty) or deletes (`command` "delete") the FTS rows of a
// document; a contentless FTS5 row is deleted by repeating the values it was
// indexed with.
Status WriteFts(store::Tx& tx, const std::string& command, int64_t rowid, const DocText& d) {
  FoldedDoc f(d);
  std::vector<Value> terms = {rowid, text::TermStream(f.body), text::TermStream(f.title), text::TermStream(f.extra)};
  std::vector<Value> chars = {rowid, CharStream(f)};
  if (command.empty()) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO search_terms (rowid, body, title, extra) VALUES (?, ?, ?, ?)", terms).status());
    return tx.Exec("INSERT INTO search_chars (rowid, chars) VALUES (?, ?)", chars).status();
  }
  terms.insert(terms.begin(), command);
  chars.insert(chars.begin(), command);
  RETURN_IF_ERROR(tx.Exec("INSERT INTO search_terms (search_terms, rowid, body, title, extra) VALUES (?, ?, ?, ?, ?)",
                          terms)
                      .status());
  return tx.Exec("INSERT INTO search_chars (search_chars, rowid, chars) VALUES (?, ?, ?)", chars).status();
}

Status InsertFts(store::Tx& tx, int64_t rowid, const DocText& d) { return WriteFts(tx, "", rowid, d); }
Status DeleteFts(store::Tx& tx, int64_t rowid, const DocText& d) { return WriteFts(tx, "delete", rowid, d); }

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
    for (const text::Token& t : text::Tokenize(text::FoldForSearch(*field))) {
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

Result<int64_t> InsertDoc(store::Tx& tx, const Document& doc, const DocText& d) {
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
  if (IsSqlite(tx)) RETURN_IF_ERROR(InsertFts(tx, FtsRowid(doc.agency_id, doc.is_public, id), d));
  return id;
}

// The stored row for (agency, kind, object): id, is_public, title, body, extra.
Result<std::optional<Row>> FindDoc(store::Tx& tx, int64_t agency_id, const std::string& kind, int64_t object_id) {
  return tx.QueryOne(
      "SELECT id, is_public, title, body, extra, agency_id FROM search_docs "
      "WHERE agency_id = ? AND kind = ? AND object_id = ?",
      {agency_id, kind, object_id});
}

DocText StoredText(const Row& row) { return {row.Str(2), row.Str(3), row.Str(4)}; }

Status DeleteDoc(store::Tx& tx, const Row& row) {
  if (IsSqlite(tx)) {
    RETURN_IF_ERROR(DeleteFts(tx, FtsRowid(row.Int(5), row.Int(1) != 0, row.Int(0)), StoredText(row)));
  }
  return tx.Exec("DELETE FROM search_docs WHERE id = ?", {row.Int(0)}).status();
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

// The FTS5 expressions of a query.
struct Fts5Query {
  std::string terms;        // the phrases, for search_terms ("" if none)
  std::string chars;        // the single characters, all required, for search_chars ("" if none)
  std::string title_chars;  // any of the single characters in a title
};

Fts5Query BuildFts5Query(const std::vector<Phrase>& phrases) {
  Fts5Query out;
  for (const Phrase& p : phrases) {
    if (!p.single_char) {
      out.terms += (out.terms.empty() ? "" : " AND ") + Fts5Phrase(p);
      continue;
    }
    out.chars += (out.chars.empty() ? "\"" : " AND \"") + p.terms[0].term + "\"";
    out.title_chars += (out.title_chars.empty() ? "\"t" : " OR \"t") + p.terms[0].term + "\"";
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

bool HasFilters(const Query& q) { return q.category_id || q.department_id || q.year; }

void AddFilters(const Query& q, const char* table, Clause& c) {
  std::string t = table;
  if (q.category_id) c.Add(" AND " + t + ".category_id = ?", {*q.category_id});
  if (q.department_id) c.Add(" AND " + t + ".department_id = ?", {*q.department_id});
  if (q.year) c.Add(" AND " + t + ".year = ?", {int64_t{*q.year}});
}

// FROM … WHERE … over one FTS5 table, within the agency's rowid range, with
// the filters (a join to search_docs) and optionally a required set of
// characters (`chars`, an expression for search_chars).
Clause SqliteFrom(const std::string& table, const std::string& match, int64_t agency_id, const Query& q,
                  const std::string& chars = "") {
  auto [lo, hi] = FtsRange(agency_id, q.public_only);
  Clause c;
  c.Add(" FROM " + table);
  if (HasFilters(q)) c.Add(" JOIN search_docs d ON d.id = (" + table + ".rowid & 4294967295)");
  c.Add(" WHERE " + table + " MATCH ? AND " + table + ".rowid BETWEEN ? AND ?", {match, lo, hi});
  if (!chars.empty()) {
    c.Add(" AND " + table + ".rowid IN (SELECT rowid FROM search_chars WHERE search_chars MATCH ? "
          "AND rowid BETWEEN ? AND ?)",
          {chars, lo, hi});
  }
  AddFilters(q, "d", c);
  return c;
}

Clause PostgresWhere(int64_t agency_id, const Query& q, const std::string& tsquery) {
  Clause c;
  c.Add(" FROM search_docs d WHERE d.agency_id = ? AND d.tsv @@ CAST(? AS tsquery)", {agency_id, tsquery});
  if (q.public_only) c.Add(" AND d.is_public = 1");
  AddFilters(q, "d", c);
  return c;
}

double ToDouble(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

struct Ranked {
  std::vector<std::pair<int64_t, double>> ids;  // search_docs.id, score (higher is better)
  int64_t total = 0;
};

Result<int64_t> Count(store::Tx& tx, const Clause& from) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT count(*)" + from.sql, from.params));
  return row ? row->Int(0) : 0;
}

// Queries with phrases: ranked by BM25 over search_terms.
Result<Ranked> RankPhrases(store::Tx& tx, int64_t agency_id, const Query& q, const Fts5Query& fq, int limit) {
  Clause from = SqliteFrom("search_terms", fq.terms, agency_id, q, fq.chars);
  std::vector<Value> params = from.params;
  params.push_back(int64_t{limit});
  params.push_back(int64_t{q.offset});
  auto ranked = [&](const char* function) {
    return tx.Query(std::string("SELECT search_terms.rowid, ") + function +
                        "(search_terms, 1.0, 10.0, 5.0) AS score" + from.sql +
                        " ORDER BY score, search_terms.rowid DESC LIMIT ? OFFSET ?",
                    params);
  };
  auto rows = ranked(kRankFunction);
  if (!rows.ok() && rows.status().message().find(kRankFunction) != std::string::npos) {
    rows = ranked("bm25");  // a connection opened before the function was registered
  }
  if (!rows.ok()) return rows.status();
  Ranked r;
  for (const Row& row : *rows) r.ids.emplace_back(row.Int(0) & kMaxDocId, -ToDouble(row.Str(1)));
  if (q.offset == 0 && static_cast<int>(r.ids.size()) < limit) {
    r.total = static_cast<int64_t>(r.ids.size());  // the page holds every match
  } else {
    ASSIGN_OR_RETURN(r.total, Count(tx, from));
  }
  return r;
}

// Appends up to `limit` documents matching `match`, newest first, skipping `offset`.
Status ListNewest(store::Tx& tx, const Clause& from, int limit, int64_t offset, double score, Ranked& out) {
  if (limit <= 0) return Status::Ok();
  std::vector<Value> params = from.params;
  params.push_back(int64_t{limit});
  params.push_back(offset);
  ASSIGN_OR_RETURN(auto rows,
                   tx.Query("SELECT search_chars.rowid" + from.sql + " ORDER BY search_chars.rowid DESC LIMIT ? OFFSET ?",
                            params));
  for (const Row& row : rows) out.ids.emplace_back(row.Int(0) & kMaxDocId, score);
  return Status::Ok();
}

// Queries of single characters only: search_chars has no positions to rank
// by, so documents with a character in the title come first, then the rest,
// newest first within each group.
Result<Ranked> RankCharacters(store::Tx& tx, int64_t agency_id, const Query& q, const Fts5Query& fq, int limit) {
  Clause all = SqliteFrom("search_chars", fq.chars, agency_id, q);
  Clause titled = SqliteFrom("search_chars", "(" + fq.chars + ") AND (" + fq.title_chars + ")", agency_id, q);
  Clause rest = SqliteFrom("search_chars", "(" + fq.chars + ") NOT (" + fq.title_chars + ")", agency_id, q);
  Ranked r;
  ASSIGN_OR_RETURN(r.total, Count(tx, all));
  ASSIGN_OR_RETURN(int64_t in_titles, Count(tx, titled));
  if (q.offset < in_titles) RETURN_IF_ERROR(ListNewest(tx, titled, limit, q.offset, 2.0, r));
  int remaining = limit - static_cast<int>(r.ids.size());
  RETURN_IF_ERROR(ListNewest(tx, rest, remaining, std::max<int64_t>(0, q.offset - in_titles), 1.0, r));
  return r;
}

Result<Ranked> RankSqlite(store::Tx& tx, int64_t agency_id, const Query& q, const std::vector<Phrase>& phrases,
                          int limit) {
  Fts5Query fq = BuildFts5Query(phrases);
  return fq.terms.empty() ? RankCharacters(tx, agency_id, q, fq, limit) : RankPhrases(tx, agency_id, q, fq, limit);
}

Result<Ranked> RankPostgres(store::Tx& tx, int64_t agency_id, const Query& q, const std::vector<Phrase>& phrases,
                            int limit) {
  std::string tsquery = TsQuery(phrases);
  Clause where = PostgresWhere(agency_id, q, tsquery);
  std::vector<Value> params = {tsquery};
  params.insert(params.end(), where.params.begin(), where.params.end());
  params.push_back(int64_t{limit});
  params.push_back(int64_t{q.offset});
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT d.id, CAST(ts_rank(d.tsv, CAST(? AS tsquery)) AS DOUBLE PRECISION) AS score" +
                                           where.sql + " ORDER BY score DESC, d.id DESC LIMIT ? OFFSET ?",
                                       params));
  Ranked r;
  for (const Row& row : rows) r.ids.emplace_back(row.Int(0), ToDouble(row.Str(1)));
  if (q.offset == 0 && static_cast<int>(r.ids.size()) < limit) {
    r.total = static_cast<int64_t>(r.ids.size());
  } else {
    ASSIGN_OR_RETURN(r.total, Count(tx, where));
  }
  return r;
}

// ---------------------------------------------------------------- highlighting


using ByteRanges = std::vector<std::pair<size_t, size_t>>;

// Byte ranges of `original` (valid UTF-8) where `phrases` match.
ByteRanges MatchRanges(const std::string& original, const std::vector<Phrase>& phrases) {
  text::FoldedText f = text::FoldWithOffsets(original);
  ByteRanges out;
  for (auto [first, last] : text::FindMatches(text::Tokenize(f.text), phrases)) {
    size_t b = f.src_begin[first], e = f.src_end[last - 1];
    if (!out.empty() && b <= out.back().second) {
      out.back().second = std::max(out.back().second, e);
    } else {
      out.emplace_back(b, e);
    }
  }
  return out;
}

// original[from, to) escaped, with the parts inside `marks` wrapped in <mark>.
std::string MarkUp(const std::string& original, size_t from, size_t to, const ByteRanges& marks) {
  std::string out;
  size_t pos = from;
  for (auto [b, e] : marks) {
    b = std::clamp(b, from, to);
    e = std::clamp(e, from, to);
    if (b >= e || b < pos) continue;
    out += EscapeHtml(std::string_view(original).substr(pos, b - pos));
    out += "<mark>";
    out += EscapeHtml(std::string_view(original).substr(b, e - b));
    out += "</mark>";
    pos = e;
  }
  out += EscapeHtml(std::string_view(original).substr(pos, to - pos));
  return out;
}

// The byte offset `n` code points before (n < 0) or after `pos`.
size_t StepCodePoints(const std::string& s, size_t pos, int n) {
  auto lead = [&](size_t i) { return (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80; };
  for (; n < 0 && pos > 0; ++n) {
    do --pos;
    while (pos > 0 && !lead(pos));
  }
  for (; n > 0 && pos < s.size(); --n) {
    do ++pos;
    while (pos < s.size() && !lead(pos));
  }
  return pos;
}

std::string Excerpt(const std::string& original, const ByteRanges& marks) {
  size_t from = marks.empty() ? 0 : StepCodePoints(original, marks.front().first, -kSnippetBefore);
  size_t to = StepCodePoints(original, from, kSnippetLength);
  std::string out = from > 0 ? "…" : "";
  out += MarkUp(original, from, to, marks);
  if (to < original.size()) out += "…";
  return out;
}

void Highlight(Hit& hit, const std::string& body, const std::string& extra, const std::vector<Phrase>& phrases) {
  hit.title_html = MarkUp(hit.title, 0, hit.title.size(), MatchRanges(hit.title, phrases));
  ByteRanges in_body = MatchRanges(body, phrases);
  if (in_body.empty()) {
    ByteRanges in_extra = MatchRanges(extra, phrases);
    if (!in_extra.empty()) {
      hit.snippet_html = Excerpt(extra, in_extra);
      return;
    }
  }
  hit.snippet_html = Excerpt(body, in_body);
}

Result<std::vector<Hit>> FetchHits(store::Tx& tx, int64_t agency_id, const Ranked& ranked,
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
    if (row.Int(8) == agency_id) by_id[row.Int(0)] = &row;
  }
  std::vector<Hit> hits;
  for (auto [id, score] : ranked.ids) {
    auto it = by_id.find(id);
    if (it == by_id.end()) continue;
    const Row& row = *it->second;
    Hit hit{row.Str(1), row.Int(2), row.Str(3), row.Str(4), row.Str(5), "", "", score};
    Highlight(hit, row.Str(6), row.Str(7), phrases);
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

Status Upsert(store::Tx& tx, const Document& doc) {
  RETURN_IF_ERROR(ValidateDocument(doc));
  DocText d{text::ToValidUtf8(doc.title), text::ToValidUtf8(doc.body), text::ToValidUtf8(doc.extra)};
  ASSIGN_OR_RETURN(auto old, FindDoc(tx, doc.agency_id, doc.kind, doc.object_id));
  if (old && StoredText(*old) == d && (old->Int(1) != 0) == doc.is_public) {
    return UpdateMetadata(tx, old->Int(0), doc);
  }
  if (old) RETURN_IF_ERROR(DeleteDoc(tx, *old));
  return InsertDoc(tx, doc, d).status();
}

Status Remove(store::Tx& tx, int64_t agency_id, const std::string& kind, int64_t object_id) {
  ASSIGN_OR_RETURN(auto old, FindDoc(tx, agency_id, kind, object_id));
  if (!old) return Status::Ok();
  return DeleteDoc(tx, *old);
}

Result<Results> Search(store::Tx& tx, int64_t agency_id, const Query& q) {
  if (CodePointCount(q.text) > kMaxQueryChars) return InvalidArgument("the search text is longer than 100 characters");
  if (q.limit < 0 || q.offset < 0) return InvalidArgument("negative limit or offset");
  std::vector<Phrase> phrases = text::ParseQuery(text::FoldForSearch(q.text));
  if (phrases.empty()) return InvalidArgument("the search text is empty");
  int limit = std::min(q.limit, kMaxLimit);
  Results results;
  ASSIGN_OR_RETURN(Ranked ranked, IsSqlite(tx) ? RankSqlite(tx, agency_id, q, phrases, limit)
                                               : RankPostgres(tx, agency_id, q, phrases, limit));
  ASSIGN_OR_RETURN(results.hits, FetchHits(tx, agency_id, ranked, phrases));
  results.total = ranked.total;
  return results;
}

Status Rebuild(store::Tx& tx) {
  if (IsSqlite(tx)) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO search_terms (search_terms) VALUES ('delete-all')").status());
    RETURN_IF_ERROR(tx.Exec("INSERT INTO search_chars (search_chars) VALUES ('delete-all')").status());
  }
  int64_t after = 0;
  for (;;) {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, is_public, title, body, extra, agency_id FROM search_docs "
                                         "WHERE id > ? ORDER BY id LIMIT 500",
                                         {after}));
    if (rows.empty()) return Status::Ok();
    for (const Row& row : rows) {
      if (IsSqlite(tx)) {
        RETURN_IF_ERROR(InsertFts(tx, FtsRowid(row.Int(5), row.Int(1) != 0, row.Int(0)), StoredText(row)));
      } else {
        RETURN_IF_ERROR(tx.Exec("UPDATE search_docs SET tsv = CAST(? AS tsvector) WHERE id = ?",
                                {TsVectorLiteral(StoredText(row)), row.Int(0)})
                            .status());
      }
      after = row.Int(0);
    }
  }
}

Status Optimize(store::Tx& tx) {
  if (!IsSqlite(tx)) return Status::Ok();
  RETURN_IF_ERROR(tx.Exec("INSERT INTO search_terms (search_terms) VALUES ('optimize')").status());
  return tx.Exec("INSERT INTO search_chars (search_chars) VALUES ('optimize')").status();
}

}  // namespace gk::search
