// gongkai check, gongkai redact: the confidentiality check of documents and
// redacted copies, without a database.
#include "cli/cli_internal.h"

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "base/strings.h"
#include "redact/redact.h"
#include "review/check.h"

namespace gk::cli {
namespace {
using namespace internal;

// ---------------------------------------------------------------- check

struct CheckArgs {
  std::vector<std::string> files;
  std::string lexicon;
  std::string format = "json";
};

Result<scan::Scanner> CheckScanner(const Config& c, const std::string& lexicon_file) {
  std::string path = lexicon_file.empty() ? c.root + "/data/lexicon/default.txt" : lexicon_file;
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read the lexicon " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSIGN_OR_RETURN(auto terms, scan::ParseLexicon(text));
  scan::Settings s;
  s.lexicon = std::move(terms);
  s.today = ChinaDate(SystemClock().Now());
  return scan::Scanner::Build(s);
}

int Check(const Options& o, const CheckArgs& a) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  if (a.format != "json" && a.format != "text") return Fail(InvalidArgument("--format must be json or text"));
  auto scanner = CheckScanner(*c, a.lexicon);
  if (!scanner.ok()) return Fail(scanner.status());
  boost::json::array out;
  bool blocked = false, failed = false;
  for (const std::string& file : a.files) {
    boost::json::object entry{{"file", file}};
    std::ifstream in(file, std::ios::binary);
    std::string bytes;
    Result<review::Report> r = NotFound("cannot read " + file);
    if (in) {
      bytes.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      r = review::CheckDocument(*scanner, std::filesystem::path(file).filename().string(), bytes);
    }
    if (!r.ok()) {
      failed = true;
      entry["verdict"] = "error";
      entry["error"] = r.status().message();
      entry["findings"] = boost::json::array();
    } else {
      blocked = blocked || r->verdict == "block";
      entry["verdict"] = r->verdict;
      entry["format"] = r->format;
      boost::json::array findings;
      for (const auto& l : r->findings) {
        boost::json::object f{{"kind", scan::KindKey(l.finding.kind)}, {"text", l.finding.text},
                              {"start", l.finding.start}, {"end", l.finding.end},
                              {"severity", scan::SeverityKey(l.finding.severity)}, {"rule", l.finding.rule}};
        f["hidden"] = l.hidden;
        if (!l.where.empty()) f["where"] = l.where;
        findings.push_back(std::move(f));
      }
      entry["findings"] = std::move(findings);
    }
    if (a.format == "text") {
      std::cout << file << ": " << boost::json::value_to<std::string>(entry["verdict"]) << "\n";
      if (entry.contains("error")) std::cout << "  " << boost::json::value_to<std::string>(entry["error"]) << "\n";
      for (const auto& f : entry["findings"].as_array()) {
        const auto& fo = f.as_object();
        std::cout << "  [" << boost::json::value_to<std::string>(fo.at("severity")) << "] "
                  << boost::json::value_to<std::string>(fo.at("kind")) << " " << fo.at("start").as_uint64() << "-"
                  << fo.at("end").as_uint64() << " " << boost::json::value_to<std::string>(fo.at("text"))
                  << (fo.at("hidden").as_bool() ? "（隐藏内容" : "")
                  << (fo.at("hidden").as_bool() && fo.contains("where")
                          ? "：" + boost::json::value_to<std::string>(fo.at("where")) + "）"
                          : (fo.at("hidden").as_bool() ? "）" : ""))
                  << "\n";
      }
    }
    out.push_back(std::move(entry));
  }
  if (a.format == "json") std::cout << boost::json::serialize(out) << "\n";
  if (failed) return kExitUsage;
  return blocked ? kExitFailure : 0;
}

// ---------------------------------------------------------------- redact

struct RedactArgs {
  std::string in, out, kinds, terms;
};

int RedactCmd(const Options& o, const RedactArgs& a) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  // Which kinds: the given list, or every kind that blocks by default.
  std::set<scan::Kind> kinds;
  if (a.kinds.empty()) {
    for (scan::Kind k : scan::kAllKinds) {
      if (scan::DefaultSeverity(k) == scan::Severity::kBlock) kinds.insert(k);
    }
  } else {
    for (const std::string& key : Split(a.kinds, ',')) {
      auto k = scan::KindFromKey(std::string(Trim(key)));
      if (!k) return Fail(InvalidArgument("unknown kind \"" + key + "\" (see gongkai check output)"));
      kinds.insert(*k);
    }
  }
  std::ifstream in(a.in, std::ios::binary);
  if (!in) return Fail(NotFound("cannot read " + a.in));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string name = std::filesystem::path(a.in).filename().string();
  auto scanner = CheckScanner(*c, "");
  if (!scanner.ok()) return Fail(scanner.status());
  auto report = review::CheckDocument(*scanner, name, bytes);
  if (!report.ok()) return Fail(report.status());
  std::vector<redact::Withhold> withhold;
  std::set<std::string> seen;
  for (const auto& l : report->findings) {
    if (kinds.count(l.finding.kind) && seen.insert(l.finding.text).second) {
      withhold.push_back({l.finding.text, scan::KindLabel(l.finding.kind)});
    }
  }
  if (!a.terms.empty()) {
    std::ifstream tf(a.terms, std::ios::binary);
    if (!tf) return Fail(NotFound("cannot read " + a.terms));
    std::string text((std::istreambuf_iterator<char>(tf)), std::istreambuf_iterator<char>());
    auto terms = scan::ParseLexicon(text);
    if (!terms.ok()) return Fail(terms.status());
    for (const std::string& t : *terms) {
      if (seen.insert(t).second) withhold.push_back({t, "指定删除的内容"});
    }
  }
  auto r = redact::Redact(name, bytes, withhold);
  if (!r.ok()) return Fail(r.status());
  {
    std::ofstream out(a.out, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(Internal("cannot write " + a.out));
    out << r->bytes;
  }
  boost::json::array log;
  for (const auto& e : r->log) {
    log.push_back(boost::json::object{{"text", e.text}, {"ground", e.ground}, {"where", e.where}, {"count", e.count}});
  }
  boost::json::array stripped(r->stripped.begin(), r->stripped.end());
  boost::json::array notes(r->notes.begin(), r->notes.end());
  Status verified = redact::Verify(std::filesystem::path(a.out).filename().string(), r->bytes, withhold);
  boost::json::object result{{"file", a.in}, {"output", a.out}, {"redactions", std::move(log)},
                             {"stripped", std::move(stripped)}, {"notes", std::move(notes)},
                             {"verified", verified.ok()}};
  if (!verified.ok()) result["error"] = verified.message();
  std::cout << boost::json::serialize(result) << "\n";
  if (!verified.ok()) {
    std::filesystem::remove(a.out);  // never leave an unverified copy behind
    return kExitFailure;
  }
  return 0;
}

}  // namespace

namespace internal {

void AddCheck(CLI::App* cmd, Options& o, int& rc) {
  auto a = std::make_shared<CheckArgs>();
  AddCommonOptions(cmd, o);
  cmd->add_option("FILE", a->files, "documents to check")->required();
  cmd->add_option("--lexicon", a->lexicon, "sensitive terms, one per line (default: data/lexicon/default.txt)");
  cmd->add_option("--format", a->format, "json (default) or text");
  cmd->callback([&o, &rc, a] { rc = Check(o, *a); });
}

void AddRedact(CLI::App* cmd, Options& o, int& rc) {
  auto a = std::make_shared<RedactArgs>();
  AddCommonOptions(cmd, o);
  cmd->add_option("IN", a->in, "the document")->required();
  cmd->add_option("-o,--output", a->out, "the redacted copy")->required();
  cmd->add_option("--kinds", a->kinds, "comma-separated kinds, e.g. id_card,bank_card,mobile");
  cmd->add_option("--terms", a->terms, "a file of further strings to remove, one per line");
  cmd->callback([&o, &rc, a] { rc = RedactCmd(o, *a); });
}

}  // namespace internal
}  // namespace gk::cli
