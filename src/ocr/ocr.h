// Optical character recognition of scanned pages and pictures (扫描件): the
// text a picture shows, with the box of every character, so that the
// content check can read it like any text and the redactor can paint over
// what it finds. Tesseract with its Simplified Chinese model (Debian
// tesseract-ocr-chi-sim), which reads digits and Latin letters too. Adding
// the English model made Tesseract take whole Chinese words for Latin ones
// ("收款银行卡号" read as "WERERIT ES", "申请人" as "FIBA"), and lost a
// bank card in five and a name on a third of the test pages
// (bench/ocr_bench).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace gk::ocr {

// A rectangle of the picture in pixels, x1 and y1 exclusive.
struct Box {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  friend bool operator==(const Box&, const Box&) = default;
};

// What was read from one picture. `text` has one line of the picture per
// line ("\n" between them) and no blanks between Chinese characters;
// `boxes[i]` is the box of the i-th code point of `text` (a line break's
// box is empty).
struct Page {
  std::string text;
  std::vector<Box> boxes;
  int width = 0, height = 0;
  int confidence = 0;  // Tesseract's mean word confidence, 0-100
};

// Budgets per picture: above `max_pixels` nothing is read, and recognition
// stops after `max_ms`; either is TooLarge (the file is then "无法检查").
struct Limits {
  int64_t max_pixels = 40'000'000;  // an A3 page at 300 dpi is 17.4 million
  int max_ms = 60'000;
};

// The pixels of a picture: 8-bit grey (1 byte per pixel) or RGB (3 bytes),
// rows of `stride` bytes.
struct Pixels {
  const unsigned char* data = nullptr;
  int width = 0, height = 0, bytes_per_pixel = 1, stride = 0;
  int dpi = 300;
};

// Tesseract spreads the work of a page over OpenMP threads (four in its
// recogniser) that spin while they wait; in a server already running a
// thread per request that costs about four times the CPU for the same pages
// (bench/ocr_bench). OpenMP reads its thread limit from the environment
// when the program loads, so, called first thing in main(), this sets
// OMP_THREAD_LIMIT=1 and executes the program again, once; an
// OMP_THREAD_LIMIT already set is left as it is.
void OneOpenMpThread(char** argv);

// True when the models are installed (the data files of chi_sim and eng).
bool Available();

// Reads `pixels`. FailedPrecondition when the models are missing.
Result<Page> Read(const Pixels& pixels, const Limits& limits = {});
// The boxes of code points [from, to) of `page.text`: one per line they
// span, the union of their characters' boxes on that line.
std::vector<Box> LineBoxes(const Page& page, size_t from, size_t to);

// The number of pictures in a picture file — the pages of a TIFF; other
// formats hold one — counting no further than `at_most` + 1.
// InvalidArgument for bytes that are no picture.
Result<int> CountPictures(std::string_view bytes, int at_most);
// Reads picture `index` of a picture file (PNG, JPEG, TIFF, BMP, GIF, WebP
// as Leptonica reads them). InvalidArgument for bytes that are none of
// those, or an index past the last picture.
Result<Page> ReadImageFile(std::string_view bytes, const Limits& limits = {}, int index = 0);
// `pixels` as a PNG with a red frame around each of `marks` (in its
// pixels), for showing people where something was read.
Result<std::string> MarkedPng(const Pixels& pixels, const std::vector<Box>& marks);
// Picture `index` of a picture file, scaled down to at most `max_width`
// pixels, as a PNG with a red frame around each of `marks` (in the
// picture's own pixels). InvalidArgument as ReadImageFile.
Result<std::string> MarkedPicture(std::string_view bytes, int index, const std::vector<Box>& marks, int max_width,
                                  const Limits& limits = {});
// A copy of the picture file with the pixels of `boxes[i]` on picture i
// replaced by black (not covered: the old pixels are gone). PNG, JPEG and
// TIFF (every page) keep their format; the file is written anew from its
// pixels, so nothing else of it survives (EXIF, text chunks, thumbnails).
// InvalidArgument for other files; TooLarge over `limits.max_pixels`.
Result<std::string> PaintOver(std::string_view bytes, const std::vector<std::vector<Box>>& boxes,
                              const Limits& limits = {});

}  // namespace gk::ocr
