#include "ocr/ocr.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>
#include <unistd.h>

#include <cstdlib>

#include <memory>

#include "text/fold.h"

namespace gk::ocr {
namespace {

constexpr char kLanguages[] = "chi_sim+eng";

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

// Reads the 8-bit grey `grey` (taken over: destroyed here), straightened
// first: a sheet fed a degree askew loses its Chinese characters to OCR
// otherwise (bench/ocr_bench).
Result<Page> ReadPix(PIX* grey, const Limits& limits) {
  tesseract::TessBaseAPI* engine = Engine();
  if (!engine) {
    pixDestroy(&grey);
    return FailedPrecondition("文字识别模型未安装（tesseract-ocr-chi-sim）");
  }
  l_int32 dpi = pixGetXRes(grey);
  if (PIX* straight = pixDeskew(grey, 0)) {
    pixDestroy(&grey);
    grey = straight;
  }
  engine->SetImage(grey);
  engine->SetSourceResolution(dpi >= 70 ? dpi : 300);
  auto page = Recognise(*engine, pixGetWidth(grey), pixGetHeight(grey), limits);
  pixDestroy(&grey);
  return page;
}

}  // namespace

bool Available() { return Engine() != nullptr; }

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
      SET_DATA_BYTE(out, x, pixels.bytes_per_pixel == 1 ? p[0] : (p[0] + p[1] * 2 + p[2]) / 4);
    }
  }
  pixSetResolution(grey, pixels.dpi, pixels.dpi);
  return ReadPix(grey, limits);
}

Result<Page> ReadImageFile(std::string_view bytes, const Limits& limits) {
  QuietLeptonica();
  // Leptonica reads the header first: refuse a picture over the budget
  // before its pixels are decoded.
  l_int32 w = 0, h = 0, bps = 0, spp = 0;
  if (bytes.empty() || pixReadHeaderMem(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size(), nullptr, &w, &h,
                                        &bps, &spp, nullptr) != 0) {
    return InvalidArgument("图片无法读取");
  }
  if (w <= 0 || h <= 0) return InvalidArgument("图片无法读取");
  RETURN_IF_ERROR(CheckPixels(w, h, limits));
  PIX* pix = pixReadMem(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size());
  if (!pix) return InvalidArgument("图片无法读取");
  PIX* grey = pixConvertTo8(pix, 0);
  pixDestroy(&pix);
  if (!grey) return InvalidArgument("图片无法读取");
  return ReadPix(grey, limits);
}

}  // namespace gk::ocr
