// Pictures (PNG, JPEG, TIFF): their text is what OCR reads on them, one
// segment "图片（扫描件识别）", or for a TIFF of several pages one per page
// "图片第N页（扫描件识别）". And the OCR budget every file shares.
#include "extract/internal.h"

namespace gk::extract::internal {

OcrBudget::OcrBudget(const Limits& limits)
    : limits_(limits), deadline_(std::chrono::steady_clock::now() + std::chrono::seconds(limits.ocr_max_seconds)) {}

Result<ocr::Limits> OcrBudget::Next() {
  if (++pages_ > limits_.ocr_max_pages) {
    return TooLarge("扫描页或图片超过 " + std::to_string(limits_.ocr_max_pages) + " 个，超出文字识别的限制，无法检查");
  }
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now());
  if (left.count() <= 0) {
    return TooLarge("文字识别超过 " + std::to_string(limits_.ocr_max_seconds) + " 秒的限制，无法检查");
  }
  ocr::Limits l;
  l.max_pixels = limits_.ocr_max_pixels;
  l.max_ms = static_cast<int>(left.count());
  return l;
}

Result<Extracted> ExtractImage(std::string_view bytes, const Limits& limits) {
  OcrBudget budget(limits);
  ASSIGN_OR_RETURN(int pictures, ocr::CountPictures(bytes, limits.ocr_max_pages));
  Collector out(limits.max_text_bytes);
  std::vector<Scan> scans;
  for (int i = 0; i < pictures; ++i) {
    ASSIGN_OR_RETURN(ocr::Limits l, budget.Next());
    ASSIGN_OR_RETURN(ocr::Page page, ocr::ReadImageFile(bytes, l, i));
    std::string where =
        pictures == 1 ? "图片（扫描件识别）" : "图片第" + std::to_string(i + 1) + "页（扫描件识别）";
    out.Part(false, where, page.text);
    RETURN_IF_ERROR(out.status());
    scans.push_back(Scan{std::move(where), "", i, 0, std::move(page)});
  }
  ASSIGN_OR_RETURN(Extracted e, out.Finish("image"));
  e.scans = std::move(scans);
  return e;
}

Status AddPackagePictures(Zip& zip, const Limits& limits, Collector& out, std::vector<Scan>* scans) {
  OcrBudget budget(limits);
  for (size_t i = 0; i < zip.Names().size(); ++i) {
    const std::string& name = zip.Names()[i];
    const std::string ext = ExtensionOf(name);
    const bool picture = ext == "png" || ext == "jpg" || ext == "jpeg" || ext == "tif" || ext == "tiff" ||
                         ext == "bmp" || ext == "gif";
    if (!picture || name.rfind("docProps/", 0) == 0) continue;
    ASSIGN_OR_RETURN(std::string bytes, zip.ReadAt(i));
    Result<int> pictures = ocr::CountPictures(bytes, limits.ocr_max_pages);
    if (!pictures.ok()) return InvalidArgument("文件损坏：嵌入图片“" + name + "”无法读取");
    for (int k = 0; k < *pictures; ++k) {
      ASSIGN_OR_RETURN(ocr::Limits l, budget.Next());
      ASSIGN_OR_RETURN(ocr::Page page, ocr::ReadImageFile(bytes, l, k));
      std::string where = "嵌入图片“" + name + "”" + (*pictures > 1 ? "第" + std::to_string(k + 1) + "页" : "") +
                          "（扫描件识别）";
      out.Part(false, where, page.text);
      RETURN_IF_ERROR(out.status());
      scans->push_back(Scan{std::move(where), name, k, 0, std::move(page)});
    }
  }
  return Status::Ok();
}

}  // namespace gk::extract::internal
