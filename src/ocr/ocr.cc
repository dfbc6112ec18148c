#include "ocr/ocr.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <memory>

#include "text/fold.h"

namespace gk::ocr {
namespace {

constexpr char kLanguages[] = "chi_sim";  // see ocr.h: not "+eng"

// One engine per thread: loading the models takes a good part of a second.
tesseract::TessBaseAPI* Engine() {
  thread_local std::unique_ptr<tesseract::TessBaseAPI> engine;
  thread_local bool failed = false;
  if (!engine && !failed) {
    auto e = std::make_unique<tesseract::TessBaseAPI>();
    if (e->Init(nullptr, kLanguages, tesseract::OEM_LSTM_ONLY) != 0) {
      failed = true;
      return nullptr;
    }
    e->SetPageSegMode(tesseract::PSM_AUTO);
    e->SetVariable("debug_file", "/dev/null");  // no chatter on stderr
    engine = std::move(e);
  }
  return engine.get();
}

// Chinese characters and full-width punctuation: no blank is wanted between
// two of them, though Tesseract reports each as a word of its own.
bool Wide(char32_t c) { return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF); }

// Recognises the image set on `engine` and collects text and boxes.
Result<Page> Recognise(tesseract::TessBaseAPI& engine, int width, int height, const Limits& limits) {
  tesseract::ETEXT_DESC monitor;
  monitor.set_deadline_msecs(limits.max_ms);
  if (engine.Recognize(&monitor) != 0 || monitor.deadline_exceeded()) {
    engine.Clear();
    return TooLarge("图片文字识别超过时间限制（" + std::to_string(limits.max_ms / 1000) + " 秒）");
  }
  Page page;
  page.width = width;
  page.height = height;
  page.confidence = engine.MeanTextConf();
  std::unique_ptr<tesseract::ResultIterator> it(engine.GetIterator());
  if (!it) {
    engine.Clear();
    return page;  // nothing on the picture
  }
  char32_t last = 0;
  bool first = true;
  it->Begin();
  do {
    std::unique_ptr<char[]> symbol(it->GetUTF8Text(tesseract::RIL_SYMBOL));
    if (!symbol || !symbol[0]) continue;
    const std::string_view text(symbol.get());
    const std::u32string points = text::DecodeUtf8Lossy(text);
    if (!first && it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
      page.text += '\n';
      page.boxes.push_back({});
    } else if (!first && it->IsAtBeginningOf(tesseract::RIL_WORD) && !(Wide(last) && Wide(points.front()))) {
      page.text += ' ';
      page.boxes.push_back({});
    }
    first = false;
    Box box;
    it->BoundingBox(tesseract::RIL_SYMBOL, &box.x0, &box.y0, &box.x1, &box.y1);
    page.text += text;
    page.boxes.insert(page.boxes.end(), points.size(), box);
    last = points.back();
  } while (it->Next(tesseract::RIL_SYMBOL));
  engine.Clear();
  return page;
}

// The grey a colour is read as. Red — the ink of official seals (公章),
// stamped across the signature and the lines above it — is read by its red
// component, which is light: the seal drops out and the black text under
// it reads, where plain luminance turns the seal dark grey and OCR loses
// every line it touches. Text printed in red (a red letterhead) drops out
// with it; it names the office, not a person.
unsigned char GreyOf(unsigned r, unsigned g, unsigned b) {
  if (r >= 120 && r >= std::max(g, b) + 60) return static_cast<unsigned char>(r);
  return static_cast<unsigned char>((r + g * 2 + b) / 4);
}

// `pix` (not taken over) as 8-bit grey, read as GreyOf reads colours.
PIX* GreyPix(PIX* pix) {
  if (pixGetDepth(pix) != 32 && !pixGetColormap(pix)) return pixConvertTo8(pix, 0);
  PIX* rgb = pixConvertTo32(pix);
  if (!rgb) return nullptr;
  const int w = pixGetWidth(rgb), h = pixGetHeight(rgb);
  PIX* grey = pixCreate(w, h, 8);
  if (grey) {
    pixCopyResolution(grey, rgb);
    const int in_wpl = pixGetWpl(rgb), out_wpl = pixGetWpl(grey);
    for (int y = 0; y < h; ++y) {
      const l_uint32* in = pixGetData(rgb) + static_cast<size_t>(y) * in_wpl;
      l_uint32* out = pixGetData(grey) + static_cast<size_t>(y) * out_wpl;
      for (int x = 0; x < w; ++x) {
        const l_uint32 p = in[x];
        SET_DATA_BYTE(out, x, GreyOf((p >> L_RED_SHIFT) & 0xff, (p >> L_GREEN_SHIFT) & 0xff, (p >> L_BLUE_SHIFT) & 0xff));
      }
    }
  }
  pixDestroy(&rgb);
  return grey;
}

// TooLarge for a picture over the pixel budget.
Status CheckPixels(int64_t width, int64_t height, const Limits& limits) {
  if (width * height <= limits.max_pixels) return Status::Ok();
  return TooLarge("图片过大（" + std::to_string(width) + "×" + std::to_string(height) + " 像素），超过文字识别的限制");
}

// Leptonica reports a picture it cannot read on stderr; the caller gets
// the error instead.
void QuietLeptonica() {
  static const bool quiet = [] {
    setMsgSeverity(L_SEVERITY_NONE);
    return true;
  }();
  (void)quiet;
}

// A box of the straightened picture mapped back onto the picture as given:
// Leptonica turns a picture about its centre, clockwise for a positive
// angle, and a pixel (x, y) of the result comes from centre + R·((x, y) −
// centre) with R = [cos sin; −sin cos]. The box is the bounding box of the
// four corners so mapped, inside the picture.
Box Unturn(const Box& b, double radians, int width, int height) {
  if (b.x1 <= b.x0 || b.y1 <= b.y0) return b;
  const double c = std::cos(radians), s = std::sin(radians), cx = width / 2.0, cy = height / 2.0;
  double x0 = width, y0 = height, x1 = 0, y1 = 0;
  for (int corner = 0; corner < 4; ++corner) {
    const double dx = (corner & 1 ? b.x1 : b.x0) - cx, dy = (corner & 2 ? b.y1 : b.y0) - cy;
    const double x = cx + dx * c + dy * s, y = cy - dx * s + dy * c;
    x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
  }
  return Box{std::max(0, static_cast<int>(std::floor(x0))), std::max(0, static_cast<int>(std::floor(y0))),
             std::min(width, static_cast<int>(std::ceil(x1))), std::min(height, static_cast<int>(std::ceil(y1)))};
}

// The angle, in degrees, that straightens `grey`, or 0 when it is straight
// or the angle is not found with confidence (Leptonica's own thresholds for
// pixDeskew).
double SkewOf(PIX* grey) {
  PIX* binary = pixConvertTo1(grey, 130);
  if (!binary) return 0;
  l_float32 angle = 0, confidence = 0;
  const bool found = pixFindSkew(binary, &angle, &confidence) == 0;
  pixDestroy(&binary);
  if (!found || confidence <= 3.0 || std::abs(angle) < 0.1) return 0;
  return angle;
}

// Solid dark areas — redaction boxes, the black margin a scanner leaves
// around a sheet — become white: next to one Tesseract takes the lines of
// its block for something else (a box over an identity number turned the
// name two lines above it into Latin letters). An area is solid when it is
// at least 21 pixels thick everywhere at 300 dpi (1.8 mm, thicker than any
// stroke of text; more pixels at a higher resolution) and its bounding box
// is all but entirely dark. A dark area with light text in it (a table
// header, a banner) is inverted instead: Tesseract's own reading of light
// text on dark read "11" as "其" in an identity number.
void WhitenSolidAreas(PIX* grey, int dpi) {
  const int brick = std::max(21, 21 * dpi / 300) | 1;
  PIX* binary = pixConvertTo1(grey, 128);
  PIX* solid = binary ? pixOpenBrick(nullptr, binary, brick, brick) : nullptr;
  BOXA* areas = solid ? pixConnCompBB(solid, 8) : nullptr;
  const int n = areas ? boxaGetCount(areas) : 0;
  for (int i = 0; i < n; ++i) {
    BOX* box = boxaGetBox(areas, i, L_CLONE);
    l_int32 x, y, w, h, dark = 0;
    boxGetGeometry(box, &x, &y, &w, &h);
    PIX* inside = pixClipRectangle(binary, box, nullptr);
    if (inside && pixCountPixels(inside, &dark, nullptr) == 0) {
      const double share = static_cast<double>(dark) / (static_cast<double>(w) * h);
      if (share >= 0.97) {
        pixSetInRectArbitrary(grey, box, 255);
      } else if (share >= 0.5) {
        pixRasterop(grey, x, y, w, h, PIX_NOT(PIX_DST), nullptr, 0, 0);  // light text on dark: dark on light
      }
    }
    pixDestroy(&inside);
    boxDestroy(&box);
  }
  boxaDestroy(&areas);
  pixDestroy(&solid);
  pixDestroy(&binary);
}

// Reads the 8-bit grey `grey` (taken over: destroyed here), straightened
// first: a sheet fed a degree askew loses its Chinese characters to OCR
// otherwise (bench/ocr_bench). The boxes are those of `grey` as given.
Result<Page> ReadPix(PIX* grey, const Limits& limits) {
  tesseract::TessBaseAPI* engine = Engine();
  if (!engine) {
    pixDestroy(&grey);
    return FailedPrecondition("文字识别模型未安装（tesseract-ocr-chi-sim）");
  }
  const l_int32 dpi = pixGetXRes(grey);
  const int width = pixGetWidth(grey), height = pixGetHeight(grey);
  WhitenSolidAreas(grey, dpi >= 70 ? dpi : 300);
  const double radians = SkewOf(grey) * M_PI / 180.0;
  if (radians != 0) {
    if (PIX* straight = pixRotate(grey, static_cast<l_float32>(radians), L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0)) {
      pixDestroy(&grey);
      grey = straight;
    }
  }
  engine->SetImage(grey);
  engine->SetSourceResolution(dpi >= 70 ? dpi : 300);
  auto page = Recognise(*engine, width, height, limits);
  pixDestroy(&grey);
  if (page.ok() && radians != 0) {
    for (Box& b : page->boxes) b = Unturn(b, radians, width, height);
  }
  return page;
}

}  // namespace

bool Available() { return Engine() != nullptr; }

std::vector<Box> LineBoxes(const Page& page, size_t from, size_t to) {
  const std::u32string text = text::DecodeUtf8Lossy(page.text);
  std::vector<Box> out;
  Box line;
  auto flush = [&] {
    if (line.x1 > line.x0 && line.y1 > line.y0) out.push_back(line);
    line = {};
  };
  for (size_t i = from; i < to && i < text.size() && i < page.boxes.size(); ++i) {
    if (text[i] == U'\n') {
      flush();
      continue;
    }
    const Box& b = page.boxes[i];
    if (b.x1 <= b.x0 || b.y1 <= b.y0) continue;  // a blank
    line = line.x1 > line.x0 ? Box{std::min(line.x0, b.x0), std::min(line.y0, b.y0), std::max(line.x1, b.x1),
                                   std::max(line.y1, b.y1)}
                             : b;
  }
  flush();
  return out;
}

void OneOpenMpThread(char** argv) {
  if (std::getenv("OMP_THREAD_LIMIT") != nullptr || argv == nullptr || argv[0] == nullptr) return;
  ::setenv("OMP_THREAD_LIMIT", "1", 1);
  ::execv("/proc/self/exe", argv);  // returns only on failure: then go on as we are
}

Result<Page> Read(const Pixels& pixels, const Limits& limits) {
  if (!pixels.data || pixels.width <= 0 || pixels.height <= 0 ||
      (pixels.bytes_per_pixel != 1 && pixels.bytes_per_pixel != 3) ||
      pixels.stride < pixels.width * pixels.bytes_per_pixel) {
    return InvalidArgument("invalid picture for OCR");
  }
  RETURN_IF_ERROR(CheckPixels(pixels.width, pixels.height, limits));
  PIX* grey = pixCreate(pixels.width, pixels.height, 8);
  if (!grey) return TooLarge("图片过大，超过文字识别的限制");
  l_uint32* rows = pixGetData(grey);
  const int wpl = pixGetWpl(grey);
  for (int y = 0; y < pixels.height; ++y) {
    const unsigned char* in = pixels.data + static_cast<size_t>(y) * pixels.stride;
    l_uint32* out = rows + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < pixels.width; ++x) {
      const unsigned char* p = in + x * pixels.bytes_per_pixel;
      SET_DATA_BYTE(out, x, pixels.bytes_per_pixel == 1 ? p[0] : GreyOf(p[0], p[1], p[2]));
    }
  }
  pixSetResolution(grey, pixels.dpi, pixels.dpi);
  return ReadPix(grey, limits);
}

namespace {

const l_uint8* Data(std::string_view bytes) { return reinterpret_cast<const l_uint8*>(bytes.data()); }

// Leptonica's name for the format of `bytes`, IFF_UNKNOWN when it is none.
l_int32 FormatOf(std::string_view bytes) {
  l_int32 format = IFF_UNKNOWN;
  if (bytes.size() < 12 || findFileFormatBuffer(Data(bytes), &format) != 0) return IFF_UNKNOWN;
  return format;
}

// Picture `index` of the file, decoded once its header showed it within
// the pixel budget.
Result<PIX*> Decode(std::string_view bytes, int index, const Limits& limits) {
  QuietLeptonica();
  const l_int32 format = FormatOf(bytes);
  if (format == IFF_UNKNOWN) return InvalidArgument("图片无法读取");
  l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, f = 0;
  const bool tiff = L_FORMAT_IS_TIFF(format);
  const bool header =
      tiff ? readHeaderMemTiff(Data(bytes), bytes.size(), index, &w, &h, &bps, &spp, &res, &cmap, &f) == 0
           : index == 0 && pixReadHeaderMem(Data(bytes), bytes.size(), nullptr, &w, &h, &bps, &spp, nullptr) == 0;
  if (!header || w <= 0 || h <= 0) return InvalidArgument("图片无法读取");
  RETURN_IF_ERROR(CheckPixels(w, h, limits));
  PIX* pix = tiff ? pixReadMemTiff(Data(bytes), bytes.size(), index) : pixReadMem(Data(bytes), bytes.size());
  if (!pix) return InvalidArgument("图片无法读取");
  return pix;
}

// `pix` (taken over) without a colour map and at 1, 8 or 32 bits per
// pixel, so that black is one value to write.
PIX* Plain(PIX* pix) {
  PIX* out = pixGetColormap(pix) ? pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC)
             : pixGetDepth(pix) == 1 || pixGetDepth(pix) == 8 || pixGetDepth(pix) == 32 ? pixClone(pix)
                                                                                         : pixConvertTo8(pix, 0);
  pixDestroy(&pix);
  if (out && pixGetDepth(out) != 1 && pixGetDepth(out) != 8 && pixGetDepth(out) != 32) {
    PIX* eight = pixConvertTo8(out, 0);
    pixDestroy(&out);
    out = eight;
  }
  return out;
}

}  // namespace

Result<int> CountPictures(std::string_view bytes, int at_most) {
  QuietLeptonica();
  const l_int32 format = FormatOf(bytes);
  if (format == IFF_UNKNOWN) return InvalidArgument("图片无法读取");
  if (!L_FORMAT_IS_TIFF(format)) return 1;
  int n = 0;
  l_int32 w, h, bps, spp, res, cmap, f;
  while (n <= at_most && readHeaderMemTiff(Data(bytes), bytes.size(), n, &w, &h, &bps, &spp, &res, &cmap, &f) == 0) ++n;
  if (n == 0) return InvalidArgument("图片无法读取");
  return n;
}

Result<Page> ReadImageFile(std::string_view bytes, const Limits& limits, int index) {
  ASSIGN_OR_RETURN(PIX * pix, Decode(bytes, index, limits));
  PIX* grey = GreyPix(pix);
  pixDestroy(&pix);
  if (!grey) return InvalidArgument("图片无法读取");
  return ReadPix(grey, limits);
}

namespace {

// `pix` (32 bpp, taken over) with red frames around `marks` scaled by
// `scale`, as PNG.
Result<std::string> FramedPng(PIX* pix, const std::vector<Box>& marks, double scale) {
  const int width = 3;
  for (const Box& m : marks) {
    const int pad = width + 2;
    BOX* box = boxCreateValid(static_cast<int>(m.x0 * scale) - pad, static_cast<int>(m.y0 * scale) - pad,
                              static_cast<int>((m.x1 - m.x0) * scale) + 2 * pad,
                              static_cast<int>((m.y1 - m.y0) * scale) + 2 * pad);
    if (box) pixRenderBoxArb(pix, box, width, 220, 0, 0);
    boxDestroy(&box);
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  const bool written = pixWriteMemPng(&data, &size, pix, 0) == 0 && data;
  pixDestroy(&pix);
  if (!written) {
    lept_free(data);
    return Internal("图片写出失败");
  }
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

}  // namespace

Result<std::string> MarkedPng(const Pixels& pixels, const std::vector<Box>& marks) {
  if (!pixels.data || pixels.width <= 0 || pixels.height <= 0 ||
      (pixels.bytes_per_pixel != 1 && pixels.bytes_per_pixel != 3) ||
      pixels.stride < pixels.width * pixels.bytes_per_pixel) {
    return InvalidArgument("invalid picture");
  }
  PIX* pix = pixCreate(pixels.width, pixels.height, 32);
  if (!pix) return TooLarge("图片过大");
  for (int y = 0; y < pixels.height; ++y) {
    const unsigned char* in = pixels.data + static_cast<size_t>(y) * pixels.stride;
    l_uint32* out = pixGetData(pix) + static_cast<size_t>(y) * pixGetWpl(pix);
    for (int x = 0; x < pixels.width; ++x) {
      const unsigned char* p = in + x * pixels.bytes_per_pixel;
      composeRGBPixel(p[0], pixels.bytes_per_pixel == 1 ? p[0] : p[1], pixels.bytes_per_pixel == 1 ? p[0] : p[2],
                      out + x);
    }
  }
  return FramedPng(pix, marks, 1.0);
}

Result<std::string> MarkedPicture(std::string_view bytes, int index, const std::vector<Box>& marks, int max_width,
                                  const Limits& limits) {
  ASSIGN_OR_RETURN(PIX * pix, Decode(bytes, index, limits));
  PIX* rgb = pixConvertTo32(pix);
  pixDestroy(&pix);
  if (!rgb) return InvalidArgument("图片无法读取");
  const int width = pixGetWidth(rgb);
  double scale = 1.0;
  if (max_width > 0 && width > max_width) {
    scale = static_cast<double>(max_width) / width;
    PIX* smaller = pixScale(rgb, static_cast<l_float32>(scale), static_cast<l_float32>(scale));
    pixDestroy(&rgb);
    if (!smaller) return TooLarge("图片过大");
    rgb = smaller;
  }
  return FramedPng(rgb, marks, scale);
}

Result<std::string> PaintOver(std::string_view bytes, const std::vector<std::vector<Box>>& boxes,
                              const Limits& limits) {
  const l_int32 format = FormatOf(bytes);
  const bool tiff = L_FORMAT_IS_TIFF(format);
  if (format != IFF_PNG && format != IFF_JFIF_JPEG && !tiff) return InvalidArgument("只能处理 PNG、JPEG、TIFF 图片");
  ASSIGN_OR_RETURN(int n, CountPictures(bytes, 10000));
  if (static_cast<size_t>(n) < boxes.size()) return InvalidArgument("图片页数与要处理的位置不符");
  PIXA* pixa = pixaCreate(n);
  auto release = [&] { pixaDestroy(&pixa); };
  for (int i = 0; i < n; ++i) {
    Result<PIX*> decoded = Decode(bytes, i, limits);
    if (!decoded.ok()) {
      release();
      return decoded.status();
    }
    PIX* pix = Plain(*decoded);
    if (!pix) {
      release();
      return InvalidArgument("图片无法读取");
    }
    const int d = pixGetDepth(pix);
    const l_uint32 black = d == 1 ? 1 : d == 32 && pixGetSpp(pix) == 4 ? 0x000000ff : 0;
    for (const Box& b : static_cast<size_t>(i) < boxes.size() ? boxes[i] : std::vector<Box>{}) {
      BOX* box = boxCreateValid(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
      if (box) pixSetInRectArbitrary(pix, box, black);
      boxDestroy(&box);
    }
    pixaAddPix(pixa, pix, L_INSERT);
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  PIX* first = pixaGetPix(pixa, 0, L_CLONE);
  const bool written = tiff                     ? pixaWriteMemMultipageTiff(&data, &size, pixa) == 0
                       : format == IFF_PNG      ? pixWriteMemPng(&data, &size, first, 0) == 0
                                                : pixWriteMemJpeg(&data, &size, first, 90, 0) == 0;
  pixDestroy(&first);
  release();
  if (!written || !data) {
    lept_free(data);
    return Internal("图片写出失败");
  }
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

}  // namespace gk::ocr
