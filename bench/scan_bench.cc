// Throughput of the confidentiality scanner (scan/scan.h) on generated
// Chinese text with planted findings and a 10,000-term lexicon, next to, in
// the same run:
//   - the bare Hyperscan pass over the same two databases (no validation, no
//     bookkeeping): Scanner::CountRawMatches;
//   - ripgrep (`rg -F -c -f LEXICON CORPUS`, Debian's ripgrep) over the same
//     corpus and lexicon.
// The corpus size is GK_SCAN_BENCH_MB (default 256) megabytes; everything is
// generated from a fixed seed. See docs/performance.md.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "scan/scan.h"
#include "vocabulary.h"

extern char** environ;

namespace gk::bench {
namespace {

constexpr size_t kWordCount = sizeof(kWords) / sizeof(kWords[0]);

// A valid resident identity number from the generator.
std::string IdNumber(std::mt19937_64& rng) {
  static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  char buf[20];
  std::uniform_int_distribution<int> y(1940, 2005), m(1, 12), d(1, 28), seq(0, 999);
  std::snprintf(buf, sizeof buf, "310106%04d%02d%02d%03d", y(rng), m(rng), d(rng), seq(rng));
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (buf[i] - '0') * kWeights[i];
  return std::string(buf, 17) + "10X98765432"[sum % 11];
}

// A Luhn-valid 19-digit card number.
std::string CardNumber(std::mt19937_64& rng) {
  std::string s = "622202";
  std::uniform_int_distribution<int> dig(0, 9);
  while (s.size() < 18) s += static_cast<char>('0' + dig(rng));
  int sum = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    int v = s[s.size() - 1 - i] - '0';
    if (i % 2 == 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return s + static_cast<char>('0' + (10 - sum % 10) % 10);
}

struct Corpus {
  std::string text;
  std::vector<std::string> lexicon;
  size_t planted = 0;
};

// Sentences of vocabulary words; every ~50 sentences one planted finding of a
// rotating kind, and look-alikes (文号, amounts, serials) in between.
Corpus Generate(size_t bytes) {
  std::mt19937_64 rng(20261127);
  std::uniform_int_distribution<size_t> word(0, kWordCount - 1);
  std::uniform_int_distribution<int> len(4, 14), pick(0, 99);
  Corpus c;
  // 10,000 terms: 9,950 two-to-four-word combinations that rarely occur and
  // 50 that are planted.
  std::set<std::string> terms;
  while (terms.size() < 9950) {
    std::string t = std::string(kWords[word(rng)]) + kWords[word(rng)] + "违规" + kWords[word(rng)];
    terms.insert(t);
  }
  std::vector<std::string> planted_terms;
  for (int i = 0; i < 50; ++i) planted_terms.push_back("敏感事项" + std::to_string(i) + "号");
  c.lexicon.assign(terms.begin(), terms.end());
  c.lexicon.insert(c.lexicon.end(), planted_terms.begin(), planted_terms.end());
  c.text.reserve(bytes + 4096);
  int sentence = 0;
  while (c.text.size() < bytes) {
    for (int i = len(rng); i > 0; --i) c.text += kWords[word(rng)];
    int p = pick(rng);
    if (p < 3) c.text += "沪静府〔2025〕" + std::to_string(p * 37 + 5) + "号";
    if (p == 4) c.text += "金额" + std::to_string(13000000000LL + p * 7919) + ".00元";
    if (++sentence % 50 == 0) {
      ++c.planted;
      switch ((sentence / 50) % 7) {
        case 0: c.text += "身份证号" + IdNumber(rng); break;
        case 1: c.text += "银行卡号" + CardNumber(rng); break;
        case 2: c.text += "联系电话1381234" + std::to_string(1000 + sentence % 9000); break;
        case 3: c.text += "秘密★1年"; break;
        case 4: c.text += "内部资料，不得外传"; break;
        case 5: c.text += "统一社会信用代码91350100M000100Y43"; break;
        default: c.text += planted_terms[static_cast<size_t>(sentence) % planted_terms.size()]; break;
      }
    }
    c.text += sentence % 8 == 0 ? "。\n" : "，";
  }
  return c;
}

const Corpus& TheCorpus() {
  static const Corpus* corpus = [] {
    size_t mb = 256;
    if (const char* env = std::getenv("GK_SCAN_BENCH_MB")) mb = std::max(1, std::atoi(env));
    return new Corpus(Generate(mb << 20));
  }();
  return *corpus;
}

const scan::Scanner& TheScanner() {
  static const scan::Scanner* scanner = [] {
    scan::Settings s;
    s.lexicon = TheCorpus().lexicon;
    s.today = *Date::Parse("2026-11-27");
    auto built = scan::Scanner::Build(s);
    if (!built.ok()) {
      std::fprintf(stderr, "Scanner::Build: %s\n", built.status().message().c_str());
      std::abort();
    }
    return new scan::Scanner(std::move(*built));
  }();
  return *scanner;
}

void BM_Scanner(benchmark::State& state) {
  const Corpus& c = TheCorpus();
  const scan::Scanner& s = TheScanner();
  size_t findings = 0;
  for (auto _ : state) {
    auto r = s.Scan(c.text);
    if (!r.ok()) state.SkipWithError(r.status().message().c_str());
    findings = r.ok() ? r->size() : 0;
    benchmark::DoNotOptimize(findings);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.text.size()));
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["planted"] = static_cast<double>(c.planted);
}

void BM_BareHyperscan(benchmark::State& state) {
  const Corpus& c = TheCorpus();
  const scan::Scanner& s = TheScanner();
  size_t matches = 0;
  for (auto _ : state) {
    auto r = s.CountRawMatches(c.text);
    matches = r.ok() ? *r : 0;
    benchmark::DoNotOptimize(matches);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.text.size()));
  state.counters["raw_matches"] = static_cast<double>(matches);
}

// Runs rg on the corpus and lexicon written to a temporary folder.
void BM_Ripgrep(benchmark::State& state) {
  const Corpus& c = TheCorpus();
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "gk_scan_bench";
  std::filesystem::create_directories(dir);
  std::string corpus = (dir / "corpus.txt").string(), lexicon = (dir / "lexicon.txt").string();
  {
    std::ofstream(corpus, std::ios::binary) << c.text;
    std::ofstream lex(lexicon, std::ios::binary);
    for (const auto& t : c.lexicon) lex << t << '\n';
  }
  std::string out = (dir / "rg.out").string();
  for (auto _ : state) {
    pid_t pid = 0;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const char* argv[] = {"rg", "-F", "-c", "-f", lexicon.c_str(), corpus.c_str(), nullptr};
    if (posix_spawnp(&pid, "rg", &fa, nullptr, const_cast<char**>(argv), environ) != 0) {
      state.SkipWithError("rg (Debian package ripgrep) could not be started");
      break;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&fa);
  }
  std::ifstream in(out);
  long lines = 0;
  in >> lines;
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.text.size()));
  state.counters["matching_lines"] = static_cast<double>(lines);
  std::filesystem::remove_all(dir);
}

BENCHMARK(BM_Scanner)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);
BENCHMARK(BM_BareHyperscan)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);
BENCHMARK(BM_Ripgrep)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);

}  // namespace
}  // namespace gk::bench

BENCHMARK_MAIN();
