// Reading back the PDFs the system writes: poppler's pdftotext with
// -bbox-layout, grouped into visual rows. Used by the letter, print and
// export tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gk::testing {

// One visual row of text: pdftotext's lines with the same top, left to right.
struct Row {
  double x0, y0, x1, y1;
  std::string text;  // the words joined without spaces
};
struct PdfPage {
  double width = 0, height = 0;
  std::vector<Row> rows;  // top to bottom, page number included
};

// The absolute path of `tool` in PATH, or "".
std::string FindInPath(const std::string& tool);

// Runs `pdftotext -bbox-layout` on the PDF and reads its boxes. A missing
// tool is a failure, not a skip: scripts/lib.sh installs poppler-utils.
::testing::AssertionResult ReadPdf(const std::string& pdf, std::vector<PdfPage>* pages);

// Every row of every page joined, without spaces ("" when unreadable).
std::string PdfText(const std::string& pdf);

}  // namespace gk::testing
