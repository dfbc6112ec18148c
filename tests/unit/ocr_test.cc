// OCR of pictures the test draws itself (support/scanned_pages.h): Chinese
// text at the size of body text on a page scanned at 300 dpi, with the
// numbers the content check looks for.
#include "ocr/ocr.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "extract/extract.h"
#include "scan/scan.h"
#include "support/scanned_pages.h"

namespace gk::ocr {
namespace {

using testing::ScanGrey;
using testing::ScanPdf;
using testing::ScanPng;

std::string WithoutBlanks(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ') out += c;
  }
  return out;
}

TEST(OcrTest, ReadsChineseTextAndNumbersWithTheirBoxes) {
  if (!Available()) GTEST_SKIP() << "the OCR models are not installed";
  std::vector<Box> lines;
  auto d = ScanGrey({"申请人：张三", "身份证号码：11010519491231002X", "联系电话：13812345678"}, {}, &lines);
  auto page = Read(d.View());
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  const std::string text = WithoutBlanks(page->text);
  EXPECT_NE(text.find("11010519491231002X"), std::string::npos) << page->text;
  EXPECT_NE(text.find("13812345678"), std::string::npos) << page->text;
  EXPECT_NE(text.find("申请人"), std::string::npos) << page->text;
  EXPECT_NE(page->text.find("申请人"), std::string::npos) << "no blanks between Chinese characters: " << page->text;
  EXPECT_EQ(std::count(page->text.begin(), page->text.end(), '\n'), 2) << page->text;
  EXPECT_GT(page->confidence, 60);

  // Every code point has a box; the identity number's are on its line.
  size_t points = 0;
  for (unsigned char c : page->text) points += (c & 0xC0) != 0x80;
  ASSERT_EQ(page->boxes.size(), points);
  size_t at = page->text.find("110105");
  ASSERT_NE(at, std::string::npos);
  size_t cp = 0;
  for (size_t i = 0; i < at; ++i) cp += (static_cast<unsigned char>(page->text[i]) & 0xC0) != 0x80;
  const Box& one = page->boxes[cp];
  const Box& line = lines[1];
  EXPECT_GE(one.y0, line.y0 - 10);
  EXPECT_LE(one.y1, line.y1 + 10);
  EXPECT_GT(one.x0, line.x0 + 100) << "after 身份证号码：";
  EXPECT_LT(one.x1 - one.x0, 40) << "one digit's box";
}

// A sheet fed askew is straightened before OCR; the boxes are those of the
// picture as given, so painting them out removes the number there and
// nothing else.
TEST(OcrTest, BoxesOfATurnedPageAreOnThePictureAsGiven) {
  if (!Available()) GTEST_SKIP() << "the OCR models are not installed";
  auto d = ScanGrey({"申请人：张三", "身份证号码：310106198001011234", "联系电话：13812345678"}, {.rotate_degrees = 1.5});
  auto page = Read(d.View());
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  const size_t at = page->text.find("310106198001011234");
  ASSERT_NE(at, std::string::npos) << page->text;
  size_t cp = 0;
  for (size_t i = 0; i < at; ++i) cp += (static_cast<unsigned char>(page->text[i]) & 0xC0) != 0x80;
  ASSERT_LE(cp + 18, page->boxes.size());
  testing::GreyPicture painted = d;
  for (size_t k = cp; k < cp + 18; ++k) {
    const Box& b = page->boxes[k];
    int ink = 0;
    for (int y = b.y0; y < b.y1; ++y) {
      for (int x = b.x0; x < b.x1; ++x) ink += d.pixels[static_cast<size_t>(y) * d.width + x] < 128;
    }
    EXPECT_GT(ink, (b.x1 - b.x0) * (b.y1 - b.y0) / 10) << "digit " << k - cp << " has ink under its box";
    for (int y = std::max(0, b.y0 - 4); y < std::min(d.height, b.y1 + 4); ++y) {
      for (int x = std::max(0, b.x0 - 4); x < std::min(d.width, b.x1 + 4); ++x) {
        painted.pixels[static_cast<size_t>(y) * d.width + x] = 255;
      }
    }
  }
  auto again = Read(painted.View());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  const std::string text = WithoutBlanks(again->text);
  EXPECT_EQ(text.find("19800101"), std::string::npos) << text;
  EXPECT_NE(text.find("13812345678"), std::string::npos) << "the rest still reads: " << text;
  EXPECT_NE(text.find("申请人"), std::string::npos) << text;
}

// Solid dark areas are made white before OCR (a redaction box confuses
// Tesseract's layout), but white text on a dark band is still read: the
// dark around its strokes is not solid.
TEST(OcrTest, WhiteTextOnADarkBandIsStillRead) {
  if (!Available()) GTEST_SKIP() << "the OCR models are not installed";
  std::vector<Box> lines;
  auto d = ScanGrey({"申请人：张三", "身份证号码：11010519491231002X", "联系电话：13812345678"}, {}, &lines);
  // The second line inverted, on a band reaching 30 pixels beyond it.
  for (int y = std::max(0, lines[1].y0 - 30); y < std::min(d.height, lines[1].y1 + 30); ++y) {
    for (int x = 0; x < d.width; ++x) {
      unsigned char& p = d.pixels[static_cast<size_t>(y) * d.width + x];
      p = static_cast<unsigned char>(255 - p);
    }
  }
  auto page = Read(d.View());
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_NE(WithoutBlanks(page->text).find("11010519491231002X"), std::string::npos) << page->text;
}

TEST(OcrTest, AnEmptyPictureHasNoText) {
  if (!Available()) GTEST_SKIP() << "the OCR models are not installed";
  auto d = ScanGrey({});
  auto page = Read(d.View());
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(WithoutBlanks(page->text).empty()) << page->text;
}

TEST(OcrTest, BudgetsAndBadInput) {
  auto d = ScanGrey({"申请人：张三"});
  Limits small;
  small.max_pixels = 1000;
  EXPECT_EQ(Read(d.View(), small).status().code(), Code::kTooLarge);
  EXPECT_EQ(ReadImageFile("not a picture").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ReadImageFile("").status().code(), Code::kInvalidArgument);
  Pixels bad = d.View();
  bad.stride = 1;
  EXPECT_EQ(Read(bad).status().code(), Code::kInvalidArgument);
}

// ---- scans in files: what extraction makes of them -----------------------------

std::vector<std::string> IdNumbers(const extract::Extracted& e) {
  scan::Settings settings;
  settings.today = *Date::Parse("2026-12-07");
  auto scanner = scan::Scanner::Build(settings);
  EXPECT_TRUE(scanner.ok());
  auto found = scanner->Scan(e.text);
  EXPECT_TRUE(found.ok());
  std::vector<std::string> out;
  for (const auto& f : *found) {
    if (f.kind == scan::Kind::kIdCard) out.push_back(f.text);
  }
  return out;
}

const std::vector<std::string> kNotice = {"关于发放补助的公示", "申请人：张三", "身份证号码：11010519491231002X"};

TEST(OcrExtractTest, AScannedPdfPageIsReadAndItsNumberFound) {
  if (!Available()) GTEST_SKIP() << "the OCR models are not installed";
  auto e = extract::Extract("notice.pdf", ScanPdf(kNotice));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(IdNumbers(*e), std::vector<std::string>{"11010519491231002X"}) << e->text;
  bool marked = false;
  for (const auto& seg : e->segments) marked |= seg.where == "第1页（扫描件识别）" && !seg.hidden;
  EXPECT_TRUE(marked) << "the OCR text is marked as such";
}

TEST(OcrExtractTest, APictureIsReadAndItsNumberFound) {
  if (!Available()) GTEST_SKIP() << "the OCR models are not installed";
  auto e = extract::Extract("notice.png", ScanPng(kNotice));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->format, "image");
  EXPECT_EQ(IdNumbers(*e), std::vector<std::string>{"11010519491231002X"}) << e->text;
  ASSERT_FALSE(e->segments.empty());
  EXPECT_EQ(e->segments[0].where, "图片（扫描件识别）");
}

TEST(OcrExtractTest, OverTheBudgetAScanCannotBeChecked) {
  extract::Limits none;
  none.ocr_max_pages = 0;
  auto pdf = extract::Extract("notice.pdf", ScanPdf(kNotice), none);
  EXPECT_EQ(pdf.status().code(), Code::kTooLarge) << "never passed unread";
  EXPECT_EQ(extract::Extract("notice.png", ScanPng(kNotice), none).status().code(), Code::kTooLarge);
  extract::Limits tiny;
  tiny.ocr_max_pixels = 10000;
  EXPECT_EQ(extract::Extract("notice.pdf", ScanPdf(kNotice), tiny).status().code(), Code::kTooLarge);
  EXPECT_EQ(extract::Extract("notice.png", ScanPng(kNotice), tiny).status().code(), Code::kTooLarge);
  // A picture named as something else, and something else named as a picture.
  EXPECT_EQ(extract::Extract("notice.pdf", ScanPng(kNotice)).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(extract::Extract("notice.png", ScanPdf(kNotice)).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(extract::Extract("notice.jpg", "not a picture at all").status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace gk::ocr
