// OCR in the content check, measured on scans it was not tuned to: pages of
// Chinese text with planted identity numbers, mobile numbers and bank card
// numbers among look-alikes (a contract serial, an amount, a 文号, a date),
// drawn at 300 dpi, turned up to a degree either way and speckled, as PNG
// pictures. Prints, for the check on the OCR text against the check on the
// same text born digital (the reference):
//   - recall: planted numbers found, by kind;
//   - false alarms: findings that are no planted number;
// and OCR throughput in pages per second, in process (the engine loaded once
// per thread, one OpenMP thread) against the `tesseract` command on the same
// files (which loads its models for every page), with OpenMP's default
// threads and with one.
//
// Then the same pages as scanned PDF pages with a red official seal
// stamped over their last lines: recall and false alarms again, and
// 区分处理 of each page (redact::Redact of the numbers of persons found, then
// redact::Verify, which reads the copy by OCR a second time): how many
// copies are verified, how many still read their title and how many no
// longer hold any planted number in their OCR text or their text layer.
// Usage: ocr_bench [PAGES]   (default 24)
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "extract/extract.h"
#include "ocr/ocr.h"
#include "redact/redact.h"
#include "scan/scan.h"
#include "support/scanned_pages.h"

namespace {

using gk::scan::Kind;

struct Planted {
  Kind kind;
  std::string digits;
};

struct Page {
  std::vector<std::string> lines;
  std::vector<Planted> planted;
  gk::testing::ScanLook look;
};

std::string Digits(const std::string& s) {
  std::string d;
  for (char c : s) {
    if ((c >= '0' && c <= '9') || c == 'X') d += c;
  }
  return d;
}

std::string IdNumber(std::mt19937& r) {
  static const char* kRegions[] = {"110105", "310106", "440305", "510107", "320102", "330106"};
  char base[18];
  std::snprintf(base, sizeof base, "%s%04d%02d%02d%03d", kRegions[r() % 6], 1950 + static_cast<int>(r() % 55),
                1 + static_cast<int>(r() % 12), 1 + static_cast<int>(r() % 28), static_cast<int>(r() % 1000));
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (base[i] - '0') * kWeights[i];
  return std::string(base) + "10X98765432"[sum % 11];
}

std::string Mobile(std::mt19937& r) {
  static const char* kPrefixes[] = {"138", "139", "150", "186", "177", "199", "135", "158"};
  char m[12];
  std::snprintf(m, sizeof m, "%s%08d", kPrefixes[r() % 8], static_cast<int>(r() % 100000000));
  return m;
}

std::string Card(std::mt19937& r) {
  std::string d = "622202";
  while (d.size() < 18) d += static_cast<char>('0' + r() % 10);
  int sum = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    int v = d[d.size() - 1 - i] - '0';
    if (i % 2 == 0) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  }
  return d + static_cast<char>('0' + (10 - sum % 10) % 10);
}

Page MakePage(int n) {
  std::mt19937 r(static_cast<unsigned>(n) * 7919u + 17u);
  Page p;
  const std::string id = IdNumber(r), mobile = Mobile(r), card = Card(r);
  p.lines = {
      "关于发放2025年度困难家庭补助的公示（第" + std::to_string(n + 1) + "批）",
      "经街道审核，下列人员符合补助条件，现予公示。",
      "申请人：张" + std::to_string(n) + "，身份证号码：" + id,
      "联系电话：" + mobile,
      "收款银行卡号：" + card,
      "合同编号HT-2025-" + Mobile(r) + "，补助金额：" + std::to_string(1000 + r() % 9000) + ".00元",
      "依据静安府发〔2025〕" + std::to_string(r() % 90 + 10) + "号文件，公示期至2025年12月31日。",
  };
  p.planted = {{Kind::kIdCard, id}, {Kind::kMobile, mobile}, {Kind::kBankCard, card}};
  static const double kTurns[] = {0, 0.5, -0.5, 1.0, -1.0};
  p.look.rotate_degrees = kTurns[n % 5];
  p.look.speckle = n % 2 ? 0.002 : 0;
  p.look.seed = static_cast<uint32_t>(n + 1);
  return p;
}

struct Score {
  std::map<Kind, int> planted, found;
  int false_alarms = 0;
  std::vector<std::string> missed;  // what the text said where a planted number was missed
  void Add(const Page& page, const std::vector<gk::scan::Finding>& findings, const std::string& text) {
    std::set<std::string> digits;
    for (const auto& f : findings) {
      if (f.kind == Kind::kIdCard || f.kind == Kind::kMobile || f.kind == Kind::kBankCard) digits.insert(Digits(f.text));
    }
    std::set<std::string> planted_digits;
    for (const Planted& p : page.planted) {
      ++planted[p.kind];
      const bool hit = digits.count(p.digits) > 0;
      found[p.kind] += hit;
      if (!hit) {
        // The line the number was on, as read: its last 8 digits find it.
        size_t at = text.find(p.digits.substr(p.digits.size() - 4));
        size_t from = at == std::string::npos ? 0 : text.rfind('\n', at);
        size_t to = at == std::string::npos ? 0 : text.find('\n', at);
        from = from == std::string::npos ? 0 : from + 1;
        missed.push_back(std::string(gk::scan::KindKey(p.kind)) + " " + p.digits + ": read as \"" +
                         (at == std::string::npos ? "?" : text.substr(from, to - from)) + "\"");
      }
      planted_digits.insert(p.digits);
    }
    for (const auto& d : digits) false_alarms += planted_digits.count(d) == 0;
  }
  void Print(const char* name) const {
    std::printf("%-34s", name);
    int all = 0, hit = 0;
    for (const auto& [kind, n] : planted) {
      std::printf(" %s %d/%d", gk::scan::KindKey(kind), found.at(kind), n);
      all += n;
      hit += found.at(kind);
    }
    std::printf("  recall %.1f%%  false alarms %d\n", 100.0 * hit / all, false_alarms);
    for (const auto& m : missed) std::printf("    missed %s\n", m.c_str());
  }
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  gk::ocr::OneOpenMpThread(argv);
  const int pages = argc > 1 ? std::atoi(argv[1]) : 24;
  gk::scan::Settings settings;
  settings.today = gk::Date{2026, 12, 7};
  auto scanner = gk::scan::Scanner::Build(settings);
  if (!scanner.ok()) return 1;
  const auto dir = std::filesystem::temp_directory_path() / ("gk_ocr_bench_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);

  std::vector<Page> corpus;
  std::vector<std::string> files;
  for (int i = 0; i < pages; ++i) {
    corpus.push_back(MakePage(i));
    std::string png = gk::testing::ScanPng(corpus.back().lines, corpus.back().look);
    files.push_back((dir / ("page" + std::to_string(i) + ".png")).string());
    std::ofstream(files.back(), std::ios::binary) << png;
  }
  std::printf("%d pages of 2480 px width (A4 at 300 dpi), text at 14.4 pt, turned 0 to ±1 degree, every second one speckled (0.2%%)\n\n",
              pages);

  Score digital, scanned;
  for (const Page& p : corpus) {
    std::string text;
    for (const auto& l : p.lines) text += l + "\n";
    digital.Add(p, *scanner->Scan(text), text);
  }
  // Once, so that loading the models is not counted.
  (void)gk::extract::Extract("warm.png", gk::testing::ScanPng({"预热"}));
  auto started = std::chrono::steady_clock::now();
  int failed = 0;
  for (size_t i = 0; i < corpus.size(); ++i) {
    std::ifstream in(files[i], std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto e = gk::extract::Extract("page.png", bytes);
    if (!e.ok()) {
      ++failed;
      continue;
    }
    scanned.Add(corpus[i], *scanner->Scan(e->text), e->text);
  }
  const double ours = Seconds(started);
  digital.Print("born digital (reference)");
  scanned.Print("scanned, read by OCR");
  if (failed) std::printf("%d page(s) could not be read\n", failed);

  std::printf("\nOCR throughput (wall clock, one page at a time):\n");
  std::printf("  gongkai (extract + check, engine kept, 1 OpenMP thread)  %.2f pages/s\n", pages / ours);
  // The tesseract command on the same files, as OpenMP has it by default
  // and limited to one thread.
  for (const char* limit : {"", "OMP_THREAD_LIMIT=1 "}) {
    started = std::chrono::steady_clock::now();
    int cli_ok = 0;
    for (const auto& f : files) {
      std::string command = std::string("env -u OMP_THREAD_LIMIT ") + limit + "tesseract " + f +
                            " stdout -l chi_sim --dpi 300 >/dev/null 2>&1";
      cli_ok += std::system(command.c_str()) == 0;
    }
    const double cli = Seconds(started);
    if (cli_ok != pages) {
      std::printf("  tesseract command failed on %d page(s)\n", pages - cli_ok);
      continue;
    }
    std::printf("  tesseract command, %-28s %.2f pages/s  (gongkai %.2fx)\n",
                *limit ? "1 OpenMP thread:" : "OpenMP default threads:", pages / cli, cli / ours);
  }
  std::filesystem::remove_all(dir);

  // Scanned PDF pages with a seal, and their 区分处理.
  Score sealed;
  int verified = 0, title_reads = 0, nothing_left = 0, unreadable = 0;
  double extract_seconds = 0, redact_seconds = 0;
  for (const Page& p : corpus) {
    gk::testing::ScanLook look = p.look;
    look.stamp = true;
    const std::string pdf = gk::testing::ScanPdf(p.lines, look);
    started = std::chrono::steady_clock::now();
    auto e = gk::extract::Extract("page.pdf", pdf);
    extract_seconds += Seconds(started);
    if (!e.ok()) {
      ++unreadable;
      continue;
    }
    const auto findings = *scanner->Scan(e->text);
    sealed.Add(p, findings, e->text);
    std::vector<gk::redact::Withhold> withhold;
    // The blocking findings, and the mobile numbers a clerk adds (they only warn).
    for (const auto& f : findings) {
      if (f.kind == Kind::kIdCard || f.kind == Kind::kMobile || f.kind == Kind::kBankCard) {
        withhold.push_back({f.text, "个人隐私"});
      }
    }
    if (withhold.empty()) continue;
    started = std::chrono::steady_clock::now();
    auto red = gk::redact::Redact("page.pdf", pdf, withhold);
    const bool ok = red.ok() && gk::redact::Verify("page.pdf", red->bytes, withhold).ok();
    redact_seconds += Seconds(started);
    verified += ok;
    if (!red.ok()) continue;
    auto again = gk::extract::Extract("page.pdf", red->bytes);
    if (!again.ok()) continue;
    title_reads += again->text.find("困难家庭补助的公示") != std::string::npos;
    bool left = false;
    std::string dense;
    for (char c : again->text) {
      if (c != ' ') dense += c;
    }
    for (const Planted& planted : p.planted) left = left || dense.find(planted.digits) != std::string::npos;
    nothing_left += !left;
  }
  std::printf("\nScanned PDF pages with a red seal over their last lines:\n");
  sealed.Print("scanned PDF, read by OCR");
  if (unreadable) std::printf("%d page(s) could not be read\n", unreadable);
  std::printf("  extract + check: %.2f pages/s\n", pages / extract_seconds);
  std::printf("区分处理 of the numbers found (redact, then verify by a second OCR pass):\n");
  std::printf("  copies verified %d/%d, title still read %d/%d, no planted number left %d/%d, %.2f s per page\n",
              verified, pages, title_reads, pages, nothing_left, pages, redact_seconds / pages);
  return 0;
}
