// Extract: decides the format from the content and the extension together,
// then hands over to the extractor of that format.
#include "extract/extract.h"

#include <string>

#include "extract/internal.h"

namespace gk::extract {
namespace {


// What the content looks like, from its first bytes.
enum class Kind { kText, kPdf, kZip, kOle, kImage, kOtherBinary };

constexpr std::string_view kOleMagic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

Kind Sniff(std::string_view bytes) {
  if (bytes.substr(0, 4) == "PK\x03\x04" || bytes.substr(0, 4) == "PK\x05\x06") return Kind::kZip;
  if (bytes.substr(0, 8) == kOleMagic) return Kind::kOle;
  if (bytes.substr(0, 8) == "\x89PNG\r\n\x1A\n" || bytes.substr(0, 3) == "\xFF\xD8\xFF" ||
      bytes.substr(0, 4) == std::string_view("II*\0", 4) || bytes.substr(0, 4) == std::string_view("MM\0*", 4)) {
    return Kind::kImage;
  }
  // PDF readers accept the header anywhere in the first kilobyte.
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return Kind::kPdf;
  std::string_view head = bytes.substr(0, 4096);
  if (head.find('\0') != std::string_view::npos && head.substr(0, 2) != "\xFF\xFE" && head.substr(0, 2) != "\xFE\xFF") {
    return Kind::kOtherBinary;
  }
  return Kind::kText;
}

// An Office file encrypted with a password is an OLE compound file holding
// an "EncryptedPackage" stream (its name is stored in UTF-16LE).
bool IsEncryptedOffice(std::string_view bytes) {
  static const std::string kName("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
  return bytes.find(kName) != std::string_view::npos;
}

std::string ZipFormat(const Zip& zip) {
  if (zip.Has("word/document.xml")) return "docx";
  if (zip.Has("xl/workbook.xml")) return "xlsx";
  if (zip.Has("OFD.xml")) return "ofd";
  return "zip";
}

const char* Describe(std::string_view format) {
  if (format == "pdf") return "PDF 文件";
  if (format == "docx") return "Word 文档（DOCX）";
  if (format == "xlsx") return "Excel 表格（XLSX）";
  if (format == "ofd") return "OFD 文件";
  if (format == "zip") return "其他 zip 压缩包";
  if (format == "ole") return "旧版 Office 文件（DOC/XLS）";
  if (format == "text") return "文本";
  if (format == "image") return "图片";
  return "无法识别的二进制数据";
}

Status Mismatch(std::string_view ext, std::string_view content) {
  return InvalidArgument("文件扩展名为 ." + std::string(ext) + "，但内容是" + Describe(content) + "，不一致");
}

Result<Extracted> ExtractPackage(std::string_view ext, std::string_view bytes, const Limits& limits) {
  ASSIGN_OR_RETURN(std::unique_ptr<Zip> zip, Zip::Open(bytes, limits));
  std::string format = ZipFormat(*zip);
  if (format != ext) {
    if (format == "zip" && (ext == "docx" || ext == "xlsx" || ext == "ofd")) {
      return InvalidArgument("文件损坏：压缩包中缺少 ." + std::string(ext) + " 文件应有的部件");
    }
    return Mismatch(ext, format);
  }
  if (format == "docx") return internal::ExtractDocx(*zip, limits);
  if (format == "xlsx") return internal::ExtractXlsx(*zip, limits);
  return internal::ExtractOfd(*zip, limits);
}

}  // namespace

Result<Extracted> Extract(std::string_view filename, std::string_view bytes, const Limits& limits) {
  const std::string ext = internal::ExtensionOf(filename);
  const bool picture = ext == "png" || ext == "jpg" || ext == "jpeg" || ext == "tif" || ext == "tiff";
  const bool known = ext == "txt" || ext == "html" || ext == "htm" || ext == "docx" || ext == "xlsx" ||
                     ext == "pdf" || ext == "ofd" || picture;
  if (!known) return InvalidArgument("不支持的文件类型：" + (ext.empty() ? std::string("无扩展名") : "." + ext));
  if (bytes.size() > limits.max_input_bytes) {
    return TooLarge("文件过大（超过 " + std::to_string(limits.max_input_bytes >> 20) + " MB）");
  }
  switch (Sniff(bytes)) {
    case Kind::kZip:
      if (ext == "docx" || ext == "xlsx" || ext == "ofd") return ExtractPackage(ext, bytes, limits);
      return Mismatch(ext, "zip");
    case Kind::kOle:
      if ((ext == "docx" || ext == "xlsx") && IsEncryptedOffice(bytes)) {
        return FailedPrecondition("文件已加密，无法检查");
      }
      return Mismatch(ext, "ole");
    case Kind::kPdf:
      if (ext == "pdf") return internal::ExtractPdf(bytes, limits);
      return Mismatch(ext, "pdf");
    case Kind::kImage:
      if (picture) return internal::ExtractImage(bytes, limits);
      return Mismatch(ext, "image");
    case Kind::kText:
      if (ext == "txt") return internal::ExtractTxt(bytes, limits);
      if (ext == "html" || ext == "htm") return internal::ExtractHtml(bytes, limits);
      if (ext == "pdf") return InvalidArgument("文件损坏：不是 PDF 文件（缺少 %PDF- 文件头）");
      if (picture) return InvalidArgument("文件损坏：不是图片文件");
      return InvalidArgument("文件损坏：不是 ." + ext + " 文件应有的 zip 包");
    case Kind::kOtherBinary:
      if (picture) return InvalidArgument("文件损坏：不是 PNG、JPEG 或 TIFF 图片");
      break;
  }
  return Mismatch(ext, "binary");
}

}  // namespace gk::extract
