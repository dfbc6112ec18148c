// Full-text search benchmark: Gongkai's CJK index (src/search) against an
// FTS5 trigram table over the same synthetic items, in the same run.
//
//   search_bench [--items N] [--queries Q] [--dir DIR] [--lean-trigram] [--reuse] [--words FILE]
//                [--rank-cap K]
//
// Generates N items (default 1,000,000) of Chinese government-style text
// from a built-in vocabulary of 357 words, or the words of --words FILE (the
// first field of each line), Zipf-distributed with a fixed seed; loads them
// into DIR/ours.db through search::UpsertMany (batches of 5,000) and into DIR/trigram.db as
// fts5(title, body, tokenize='trigram'), optimizes and VACUUMs both, prints
// the size of every table (dbstat), then times Q queries (default 200) of
// each length 1–4 drawn from the generated text (runs of Chinese characters
// only). Ours: search::Search (top 20 by rank with highlighted title and
// snippet, plus the total). Trigram: top 20 by bm25 (title weight 10), the
// total, and highlight()/snippet() for the 20. Queries alternate between the
// engines and every query runs once untimed first. The trigram table cannot
// MATCH fewer than 3 characters; for 1–2 characters its LIKE fallback (full
// scan: count + first 20, unranked) is timed on 20 queries instead.
// --lean-trigram adds a third table: trigram with the storage options of
// ours (contentless, body column first, columnsize=0), to show how much of
// the difference comes from those options. --reuse times the databases an
// earlier run with the same --items left in DIR instead of loading new ones.
// --rank-cap K ranks at most the newest K matches of a query (search::Query
// rank_cap; default search::kRankCap); a query of ours that matched more
// agrees with the trigram table's total when that total is above K.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "search/search.h"
#include "store/db.h"
#include "store/migrate.h"
#include "text/fold.h"
#include "text/tokenize.h"
#include "vocabulary.h"

namespace gk::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// ---------------------------------------------------------------- generator

const char* const kSeparators[] = {"，", "，", "，", "，", "、", "；", "。"};

struct Item {
  std::string title, body;
  int category = 0, department = 0, year = 0;
};

class Generator {
 public:
  // Words are drawn Zipf-distributed, in a shuffled order of `words`.
  Generator(uint64_t seed, const std::vector<std::string>& words) : rng_(seed), words_(words) {
    std::vector<size_t> order(words.size());
    for (size_t i = 0; i < words.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng_);
    std::vector<double> weights(words.size());
    for (size_t rank = 0; rank < words.size(); ++rank) weights[order[rank]] = 1.0 / std::pow(rank + 1.0, 0.9);
    pick_ = std::discrete_distribution<size_t>(weights.begin(), weights.end());
  }

  Item Next() {
    Item item;
    item.title = Title();
    int target = Uniform(200, 400);
    int length = 0;
    while (length < target) {
      std::string s = Sentence();
      if (Chance(0.15)) s += std::to_string(Uniform(1, 2025));
      if (Chance(0.05)) {
        s = "沪静府〔" + std::to_string(Uniform(2015, 2025)) + "〕" + std::to_string(Uniform(1, 300)) + "号" + s;
      }
      s += kSeparators[Uniform(0, 6)];
      length += static_cast<int>(Utf8Chars(s));
      item.body += s;
    }
    item.category = Uniform(1, 20);
    item.department = Uniform(1, 12);
    item.year = Uniform(2015, 2025);
    return item;
  }

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  std::mt19937_64& rng() { return rng_; }

  static size_t Utf8Chars(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }

 private:
  std::string Words(int lo, int hi) {
    std::string out;
    for (int i = Uniform(lo, hi); i > 0; --i) out += words_[pick_(rng_)];
    return out;
  }
  std::string Sentence() { return Words(3, 9); }
  std::string Title() {
    std::string core = Words(2, 5);
    switch (Uniform(0, 3)) {
      case 0: return "关于印发《" + core + "》的通知";
      case 1: return "静安寺街道" + std::to_string(Uniform(2015, 2025)) + "年" + core;
      case 2: return "关于" + core + "的公告";
      default: return core;
    }
  }

  std::mt19937_64 rng_;
  const std::vector<std::string>& words_;
  std::discrete_distribution<size_t> pick_;
};

// ---------------------------------------------------------------- raw SQLite

class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Die("open " + path);
  }
  ~RawDb() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) Die(sql + ": " + (err ? err : "?"));
  }
  // name → bytes, from dbstat.
  std::map<std::string, int64_t> TableSizes() {
    std::map<std::string, int64_t> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name", -1, &st, nullptr) != SQLITE_OK) {
      Die("dbstat is not available");
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      out[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return out;
  }
  sqlite3* get() { return db_; }
  [[noreturn]] void Die(const std::string& what) {
    std::fprintf(stderr, "sqlite: %s: %s\n", what.c_str(), db_ ? sqlite3_errmsg(db_) : "");
    std::exit(1);
  }

 private:
  sqlite3* db_ = nullptr;
};

// ---------------------------------------------------------------- engines

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

struct Options {
  int64_t items = 1000000;
  int queries = 200;
  int like_queries = 20;
  std::string dir = "/tmp/gk-search-bench";
  bool lean_trigram = false;
  bool reuse = false;  // keep the databases of an earlier run with the same --items
  std::vector<std::string> words;  // the vocabulary: --words FILE, or the built-in one
  int64_t rank_cap = search::kRankCap;
};

struct Pool {
  std::vector<Item> items;  // a sample of the generated items, for drawing queries
};

struct Loaded {
  std::unique_ptr<store::Database> ours, trigram, lean;
  int64_t agency_id = 0;
  Pool pool;
  int64_t rank_cap = search::kRankCap;
  bool last_capped = false;  // whether the last search of ours was capped
};

std::unique_ptr<store::Database> OpenOrDie(const std::string& path) {
  auto db = store::Database::Open("sqlite:" + path, 1);
  Check(db.status(), path.c_str());
  return std::move(db).value();
}

void CreateTrigram(const std::string& path, bool lean) {
  RawDb raw(path);
  raw.Exec(lean ? "CREATE VIRTUAL TABLE tri USING fts5(body, title, tokenize='trigram', content='', columnsize=0)"
                : "CREATE VIRTUAL TABLE tri USING fts5(title, body, tokenize='trigram')");
}

Status InsertTrigram(store::Tx& tx, int64_t rowid, const Item& item) {
  return tx.Exec("INSERT INTO tri (rowid, title, body) VALUES (?, ?, ?)", {rowid, item.title, item.body}).status();
}

// Regenerates the items of an earlier run for the query pool only.
void Regenerate(const Options& o, Loaded& out) {
  Generator gen(20251127, o.words);
  std::mt19937_64 pick(7);
  for (int64_t i = 1; i <= o.items; ++i) {
    Item it = gen.Next();
    if (out.pool.items.size() < 5000 && pick() % std::max<int64_t>(1, o.items / 5000) == 0) out.pool.items.push_back(it);
  }
  auto ours = OpenOrDie(o.dir + "/ours.db");
  Check(ours->Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id FROM agencies WHERE code = 'bench'"));
    out.agency_id = row ? row->Int(0) : 0;
    return Status::Ok();
  }), "agency");
}

void Load(const Options& o, Loaded& out) {
  if (o.reuse) return Regenerate(o, out);
  std::filesystem::remove_all(o.dir);
  std::filesystem::create_directories(o.dir);
  CreateTrigram(o.dir + "/trigram.db", false);
  if (o.lean_trigram) CreateTrigram(o.dir + "/lean.db", true);
  auto ours = store::Database::Open("sqlite:" + o.dir + "/ours.db", 1);
  auto tri = store::Database::Open("sqlite:" + o.dir + "/trigram.db", 1);
  Check(ours.status(), "open ours");
  Check(tri.status(), "open trigram");
  out.ours = std::move(*ours);
  out.trigram = std::move(*tri);
  if (o.lean_trigram) out.lean = OpenOrDie(o.dir + "/lean.db");
  Check(store::Migrate(*out.ours).status(), "migrate");
  Check(out.ours->Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out.agency_id, tx.Insert("INSERT INTO agencies (code, name, created_at) VALUES "
                                              "('bench', '基准测试街道', '2025-01-01T00:00:00Z') RETURNING id"));
    return Status::Ok();
  }), "agency");

  Generator gen(20251127, o.words);
  std::mt19937_64 pick(7);
  const int64_t batch = 5000;
  double ours_s = 0, tri_s = 0, lean_s = 0;
  auto start = Clock::now();
  for (int64_t first = 1; first <= o.items; first += batch) {
    std::vector<Item> items;
    for (int64_t i = first; i < std::min(o.items + 1, first + batch); ++i) items.push_back(gen.Next());
    for (const Item& it : items) {
      if (out.pool.items.size() < 5000 && pick() % std::max<int64_t>(1, o.items / 5000) == 0) out.pool.items.push_back(it);
    }
    // The trigram tables load on other threads while ours loads on this one.
    auto load_trigram = [&](store::Database* db, double* seconds) {
      if (db == nullptr) return;
      auto t0 = Clock::now();
      Check(db->Transact([&](store::Tx& tx) -> Status {
        for (size_t k = 0; k < items.size(); ++k) {
          RETURN_IF_ERROR(InsertTrigram(tx, first + static_cast<int64_t>(k), items[k]));
        }
        return Status::Ok();
      }), "load trigram");
      *seconds += Seconds(t0);
    };
    auto tri_done = std::async(std::launch::async, load_trigram, out.trigram.get(), &tri_s);
    auto lean_done = std::async(std::launch::async, load_trigram, out.lean.get(), &lean_s);
    auto t0 = Clock::now();
    Check(out.ours->Transact([&](store::Tx& tx) -> Status {
      std::vector<search::Document> docs;
      for (size_t k = 0; k < items.size(); ++k) {
        search::Document d;
        d.agency_id = out.agency_id;
        d.kind = "item";
        d.object_id = first + static_cast<int64_t>(k);
        d.is_public = true;
        d.category_id = items[k].category;
        d.department_id = items[k].department;
        d.year = items[k].year;
        d.title = items[k].title;
        d.body = items[k].body;
        d.url = "/items/" + std::to_string(d.object_id);
        d.date = std::to_string(items[k].year) + "-06-01";
        docs.push_back(std::move(d));
      }
      return search::UpsertMany(tx, docs);
    }), "load ours");
    ours_s += Seconds(t0);
    tri_done.get();
    lean_done.get();
    int64_t done = std::min(o.items, first + batch - 1);
    if (done % 100000 == 0 || done == o.items) {
      std::fprintf(stderr, "  loaded %" PRId64 " items (%.0f s; concurrently: ours %.0f s, trigram %.0f s%s)\n", done, Seconds(start),
                   ours_s, tri_s, out.lean ? (", lean " + std::to_string(static_cast<int>(lean_s)) + " s").c_str() : "");
    }
  }
  auto t0 = Clock::now();
  auto optimize_trigram = [](store::Database* db) {
    if (db == nullptr) return;
    Check(db->Transact([](store::Tx& tx) { return tx.Exec("INSERT INTO tri (tri) VALUES ('optimize')").status(); }),
          "optimize trigram");
  };
  auto tri_done = std::async(std::launch::async, optimize_trigram, out.trigram.get());
  auto lean_done = std::async(std::launch::async, optimize_trigram, out.lean.get());
  Check(out.ours->Transact([](store::Tx& tx) { return search::Optimize(tx); }), "optimize ours");
  tri_done.get();
  lean_done.get();
  std::fprintf(stderr, "  optimized (%.0f s)\n", Seconds(t0));
}

// ---------------------------------------------------------------- sizes

struct Sizes {
  int64_t index = 0, content = 0, file = 0;
  std::string listing;  // one line per table
};

// VACUUMs the database at `path` and sums its tables' sizes.
Sizes Measure(const std::string& path, const std::function<bool(const std::string&)>& is_index,
              const std::function<bool(const std::string&)>& is_content) {
  {
    RawDb raw(path);
    raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    raw.Exec("PRAGMA journal_mode=DELETE");
    raw.Exec("VACUUM");
  }
  RawDb raw(path);
  Sizes s;
  for (const auto& [name, bytes] : raw.TableSizes()) {
    if (is_index(name)) s.index += bytes;
    if (is_content(name)) s.content += bytes;
    char line[128];
    std::snprintf(line, sizeof line, "    %-40s %12" PRId64 " bytes\n", name.c_str(), bytes);
    s.listing += line;
  }
  s.file = static_cast<int64_t>(std::filesystem::file_size(path));
  return s;
}

bool StartsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// ---------------------------------------------------------------- queries

std::vector<std::string> DrawQueries(const Pool& pool, int length, int count, std::mt19937_64& rng) {
  std::vector<std::string> out;
  while (static_cast<int>(out.size()) < count) {
    const Item& it = pool.items[rng() % pool.items.size()];
    std::u32string text = text::DecodeUtf8Lossy(rng() % 5 == 0 ? it.title : it.body);
    if (text.size() < static_cast<size_t>(length)) continue;
    size_t at = rng() % (text.size() - length + 1);
    bool all_cjk = true;
    for (int k = 0; k < length; ++k) all_cjk = all_cjk && text::IsCjk(text[at + k]);
    if (!all_cjk) continue;
    std::string q;
    for (int k = 0; k < length; ++k) text::AppendUtf8(text[at + k], q);
    out.push_back(q);
  }
  return out;
}

struct Timing {
  std::vector<double> ms;
  std::vector<int64_t> totals;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

int64_t RunOurs(Loaded& l, const std::string& q) {
  int64_t total = -1;
  Check(l.ours->Read([&](store::Tx& tx) -> Status {
    search::Query query;
    query.text = q;
    query.rank_cap = l.rank_cap;
    ASSIGN_OR_RETURN(search::Results r, search::Search(tx, l.agency_id, query));
    total = r.total;
    l.last_capped = r.capped;
    return Status::Ok();
  }), "search ours");
  return total;
}

// Top 20 by bm25, the total, and highlighted title and snippet for the 20.
int64_t RunTrigram(store::Database& db, const std::string& q, bool lean) {
  int64_t total = -1;
  std::string phrase = "\"" + q + "\"";
  Check(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto top, tx.Query(lean ? "SELECT rowid, bm25(tri, 1.0, 10.0) AS s FROM tri WHERE tri MATCH ? "
                                               "ORDER BY s LIMIT 20"
                                             : "SELECT rowid, bm25(tri, 10.0, 1.0) AS s FROM tri WHERE tri MATCH ? "
                                               "ORDER BY s LIMIT 20",
                                        {phrase}));
    ASSIGN_OR_RETURN(auto count, tx.QueryOne("SELECT count(*) FROM tri WHERE tri MATCH ?", {phrase}));
    total = count->Int(0);
    if (top.empty() || lean) return Status::Ok();  // a contentless table has no text to show
    std::string ids;
    for (const auto& row : top) ids += (ids.empty() ? "" : ",") + std::to_string(row.Int(0));
    return tx.Query("SELECT rowid, highlight(tri, 0, '<mark>', '</mark>'), "
                    "snippet(tri, 1, '<mark>', '</mark>', '…', 40) FROM tri WHERE tri MATCH ? AND rowid IN (" +
                        ids + ")",
                    {phrase})
        .status();
  }), "search trigram");
  return total;
}

// The trigram table's fallback for 1–2 characters: LIKE over the content (a full scan).
int64_t RunLike(store::Database& db, const std::string& q) {
  int64_t total = -1;
  std::string pattern = "%" + q + "%";
  Check(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto first, tx.Query("SELECT rowid, title FROM tri WHERE title LIKE ? OR body LIKE ? LIMIT 20",
                                          {pattern, pattern}));
    ASSIGN_OR_RETURN(auto count,
                     tx.QueryOne("SELECT count(*) FROM tri WHERE title LIKE ? OR body LIKE ?", {pattern, pattern}));
    total = count->Int(0);
    return Status::Ok();
  }), "like trigram");
  return total;
}

double TimeMs(const std::function<int64_t()>& fn, int64_t& total) {
  auto t0 = Clock::now();
  total = fn();
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Row {
  std::string engine;
  int length;
  int n;
  double median, p99;
  std::string note;
};

void TimeLength(Loaded& l, const Options& o, int length, std::mt19937_64& rng, std::vector<Row>& rows) {
  std::vector<std::string> qs = DrawQueries(l.pool, length, o.queries, rng);
  Timing ours, tri, lean;
  int agree = 0, capped = 0;
  for (size_t i = 0; i < qs.size(); ++i) {
    int64_t t1 = 0, t2 = 0, t3 = 0;
    auto run_ours = [&] { return RunOurs(l, qs[i]); };
    auto run_tri = [&] { return RunTrigram(*l.trigram, qs[i], false); };
    auto run_lean = [&] { return RunTrigram(*l.lean, qs[i], true); };
    bool tri_ok = length >= 3;
    // Warm-up, then timed, alternating which engine goes first.
    TimeMs(run_ours, t1);
    if (tri_ok) TimeMs(run_tri, t2);
    if (tri_ok && l.lean) TimeMs(run_lean, t3);
    if (i % 2 == 0) {
      ours.ms.push_back(TimeMs(run_ours, t1));
      if (tri_ok) tri.ms.push_back(TimeMs(run_tri, t2));
    } else {
      if (tri_ok) tri.ms.push_back(TimeMs(run_tri, t2));
      ours.ms.push_back(TimeMs(run_ours, t1));
    }
    if (tri_ok && l.lean) lean.ms.push_back(TimeMs(run_lean, t3));
    ours.totals.push_back(t1);
    capped += l.last_capped;
    bool same = t1 == t2 || (l.last_capped && t2 > t1);
    if (tri_ok) agree += same;
    if (tri_ok && !same) {
      std::fprintf(stderr, "  totals differ on \"%s\": ours %" PRId64 ", trigram %" PRId64 "\n", qs[i].c_str(), t1, t2);
    }
  }
  std::string agree_note = length >= 3 ? "totals equal to trigram's on " + std::to_string(agree) + "/" +
                                             std::to_string(qs.size()) + " queries"
                                       : "";
  if (capped > 0) {
    agree_note += (agree_note.empty() ? "" : "; ") + std::to_string(capped) + " capped at " + std::to_string(l.rank_cap);
  }
  int64_t max_total = *std::max_element(ours.totals.begin(), ours.totals.end());
  rows.push_back({"ours", length, static_cast<int>(qs.size()), Percentile(ours.ms, 0.5), Percentile(ours.ms, 0.99),
                  agree_note + (agree_note.empty() ? "" : "; ") + "max hits " + std::to_string(max_total)});
  if (length >= 3) {
    rows.push_back({"trigram", length, static_cast<int>(qs.size()), Percentile(tri.ms, 0.5), Percentile(tri.ms, 0.99),
                    "MATCH"});
    if (l.lean) {
      rows.push_back({"trigram-lean", length, static_cast<int>(qs.size()), Percentile(lean.ms, 0.5),
                      Percentile(lean.ms, 0.99), "MATCH, no snippets (contentless)"});
    }
    return;
  }
  Timing like;
  for (int i = 0; i < o.like_queries && i < static_cast<int>(qs.size()); ++i) {
    int64_t t = 0;
    like.ms.push_back(TimeMs([&] { return RunLike(*l.trigram, qs[i]); }, t));
  }
  rows.push_back({"trigram", length, static_cast<int>(like.ms.size()), Percentile(like.ms, 0.5),
                  Percentile(like.ms, 0.99), "n/a for MATCH (trigram needs >= 3 chars); LIKE full scan shown"});
}

// The first field (up to a tab or space) of every line of `path` that has
// Chinese characters in it.
std::vector<std::string> ReadWords(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    std::string word = line.substr(0, line.find_first_of("\t "));
    std::u32string cps = text::DecodeUtf8Lossy(word);
    if (!cps.empty() && std::all_of(cps.begin(), cps.end(), text::IsCjk)) out.push_back(word);
  }
  if (out.empty()) {
    std::fprintf(stderr, "%s has no words of Chinese characters\n", path.c_str());
    std::exit(2);
  }
  return out;
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--items") {
      o.items = std::stoll(next());
    } else if (a == "--queries") {
      o.queries = std::stoi(next());
    } else if (a == "--dir") {
      o.dir = next();
    } else if (a == "--lean-trigram") {
      o.lean_trigram = true;
    } else if (a == "--reuse") {
      o.reuse = true;
    } else if (a == "--words") {
      o.words = ReadWords(next());
    } else if (a == "--rank-cap") {
      o.rank_cap = std::max<int64_t>(1, std::stoll(next()));
    } else {
      std::fprintf(stderr,
                   "usage: search_bench [--items N] [--queries Q] [--dir DIR] [--lean-trigram] [--reuse] "
                   "[--words FILE] [--rank-cap K]\n");
      std::exit(2);
    }
  }
  if (o.words.empty()) o.words.assign(std::begin(kWords), std::end(kWords));
  return o;
}

int Main(int argc, char** argv) {
  Options o = ParseArgs(argc, argv);
  Check(text::InitTextFolding(), "OpenCC");
  auto start = Clock::now();
  std::fprintf(stderr, "generating and loading %" PRId64 " items into %s\n", o.items, o.dir.c_str());
  Loaded l;
  l.rank_cap = o.rank_cap;
  Load(o, l);
  l.ours.reset();
  l.trigram.reset();
  l.lean.reset();

  auto tri_index = [](const std::string& n) { return StartsWith(n, "tri_") && n != "tri_content"; };
  auto tri_sizes = std::async(std::launch::async, Measure, o.dir + "/trigram.db", tri_index,
                              [](const std::string& n) { return n == "tri_content"; });
  auto lean_sizes = std::async(std::launch::async, [&] {
    return o.lean_trigram ? Measure(o.dir + "/lean.db", tri_index, [](const std::string&) { return false; }) : Sizes();
  });
  Sizes ours = Measure(
      o.dir + "/ours.db", [](const std::string& n) { return StartsWith(n, "search_terms") || StartsWith(n, "search_char_sets"); },
      [](const std::string& n) { return n == "search_docs" || StartsWith(n, "sqlite_autoindex_search_docs"); });
  Sizes tri = tri_sizes.get();
  Sizes lean = lean_sizes.get();
  std::printf("items: %" PRId64 "\n\nsizes after optimize + VACUUM (dbstat):\n", o.items);
  std::printf("  ours (%s/ours.db)\n%s", o.dir.c_str(), ours.listing.c_str());
  std::printf("  trigram (%s/trigram.db)\n%s", o.dir.c_str(), tri.listing.c_str());
  if (o.lean_trigram) std::printf("  trigram-lean (%s/lean.db)\n%s", o.dir.c_str(), lean.listing.c_str());
  std::fprintf(stderr, "  measured sizes (%.0f s so far)\n", Seconds(start));

  auto ours_db = store::Database::Open("sqlite:" + o.dir + "/ours.db", 1);
  auto tri_db = store::Database::Open("sqlite:" + o.dir + "/trigram.db", 1);
  Check(ours_db.status(), "reopen ours");
  Check(tri_db.status(), "reopen trigram");
  l.ours = std::move(*ours_db);
  l.trigram = std::move(*tri_db);
  if (o.lean_trigram) l.lean = OpenOrDie(o.dir + "/lean.db");

  std::vector<Row> rows;
  std::mt19937_64 rng(99);
  for (int length = 1; length <= 4; ++length) {
    TimeLength(l, o, length, rng, rows);
    std::fprintf(stderr, "  timed %d-character queries (%.0f s so far)\n", length, Seconds(start));
  }

  std::printf("\n| index | index bytes | content bytes | file bytes |\n|---|---:|---:|---:|\n");
  std::printf("| ours: search_terms + search_char_sets | %" PRId64 " | %" PRId64 " (search_docs) | %" PRId64 " |\n",
              ours.index, ours.content, ours.file);
  std::printf("| trigram: fts5(title, body, tokenize='trigram') | %" PRId64 " | %" PRId64 " (tri_content) | %" PRId64
              " |\n",
              tri.index, tri.content, tri.file);
  if (o.lean_trigram) {
    std::printf("| trigram-lean: contentless, body first, columnsize=0 | %" PRId64 " | – | %" PRId64 " |\n", lean.index,
                lean.file);
  }
  std::printf("\nindex size ours / trigram: %.3f\n", static_cast<double>(ours.index) / static_cast<double>(tri.index));
  std::printf("\n| chars | engine | queries | median ms | p99 ms | note |\n|---:|---|---:|---:|---:|---|\n");
  for (const Row& r : rows) {
    std::printf("| %d | %s | %d | %.2f | %.2f | %s |\n", r.length, r.engine.c_str(), r.n, r.median, r.p99,
                r.note.c_str());
  }
  std::printf("\ntotal run time: %.0f s\n", Seconds(start));
  return 0;
}

}  // namespace
}  // namespace gk::bench

int main(int argc, char** argv) { return gk::bench::Main(argc, argv); }
