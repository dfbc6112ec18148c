#include "support/pdf_text.h"

#include <pugixml.hpp>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

namespace gk::testing {

namespace fs = std::filesystem;

namespace {
std::vector<Row> RowsOf(pugi::xml_node page) {
  std::vector<Row> lines;
  for (pugi::xpath_node n : page.select_nodes(".//line")) {
    pugi::xml_node line = n.node();
    Row r{line.attribute("xMin").as_double(), line.attribute("yMin").as_double(),
          line.attribute("xMax").as_double(), line.attribute("yMax").as_double(), ""};
    for (pugi::xml_node w : line.children("word")) r.text += w.text().get();
    lines.push_back(r);
  }
  std::sort(lines.begin(), lines.end(),
            [](const Row& a, const Row& b) { return std::tie(a.y0, a.x0) < std::tie(b.y0, b.x0); });
  std::vector<Row> rows;
  for (const Row& l : lines) {
    if (!rows.empty() && std::abs(rows.back().y0 - l.y0) < 1.0) {
      Row& r = rows.back();
      r.x1 = std::max(r.x1, l.x1), r.y1 = std::max(r.y1, l.y1), r.text += l.text;
    } else {
      rows.push_back(l);
    }
  }
  return rows;
}

}  // namespace

std::string FindInPath(const std::string& tool) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / tool;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

::testing::AssertionResult ReadPdf(const std::string& pdf, std::vector<PdfPage>* pages) {
  std::string tool = FindInPath("pdftotext");
  if (tool.empty()) {
    return ::testing::AssertionFailure()
           << "pdftotext not found in PATH; install the Debian package poppler-utils "
              "(./scripts/test does, through scripts/lib.sh)";
  }
  char dir_template[] = "/tmp/gk_pdf_text_XXXXXX";
  fs::path dir = mkdtemp(dir_template);
  std::ofstream(dir / "in.pdf", std::ios::binary) << pdf;
  std::string command = "'" + tool + "' -q -bbox-layout '" + (dir / "in.pdf").string() + "' '" +
                        (dir / "boxes.html").string() + "'";
  int rc = std::system(command.c_str());
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_file((dir / "boxes.html").c_str());
  fs::remove_all(dir);
  if (rc != 0) return ::testing::AssertionFailure() << command << " exited with " << rc;
  if (!parsed) return ::testing::AssertionFailure() << "pdftotext output: " << parsed.description();
  for (pugi::xpath_node n : doc.select_nodes("//page")) {
    pages->push_back({n.node().attribute("width").as_double(), n.node().attribute("height").as_double(),
                      RowsOf(n.node())});
  }
  return ::testing::AssertionSuccess();
}


std::string PdfText(const std::string& pdf) {
  std::vector<PdfPage> pages;
  if (!ReadPdf(pdf, &pages)) return "";
  std::string out;
  for (const PdfPage& p : pages) {
    for (const Row& r : p.rows) out += r.text + "\n";
  }
  out.erase(std::remove(out.begin(), out.end(), ' '), out.end());
  return out;
}

}  // namespace gk::testing
