// GB/T 9704-2012 page geometry and the element texts shared by the PDF and
// DOCX writers. Internal to gk_documents.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "documents/letter.h"

namespace gk::documents::internal {

// Lengths in millimetres (GB/T 9704-2012 §5.2, §7.5).
inline constexpr double kPageWidthMm = 210.0;
inline constexpr double kPageHeightMm = 297.0;
inline constexpr double kTopMarginMm = 37.0;   // 天头
inline constexpr double kLeftMarginMm = 28.0;  // 订口
inline constexpr double kBlockWidthMm = 156.0;
inline constexpr double kBlockHeightMm = 225.0;
inline constexpr int kLinesPerPage = 22;
inline constexpr int kCharsPerLine = 28;
inline constexpr double kLinePitchMm = kBlockHeightMm / kLinesPerPage;  // 10.23 mm
inline constexpr double kCharWidthMm = kBlockWidthMm / kCharsPerLine;   // 5.57 mm
inline constexpr double kPageNumberGapMm = 7.0;  // 一字线上距版心下边缘 7 mm

// Font sizes in points: 3号 body, 2号 title, 4号 page numbers.
inline constexpr double kBodyPt = 16.0;
inline constexpr double kTitlePt = 22.0;
inline constexpr double kPageNumberPt = 14.0;

// Element layout in character widths.
inline constexpr int kFirstLineIndentChars = 2;
inline constexpr int kDateRightIndentChars = 4;  // 成文日期右空四字
inline constexpr int kNoteIndentChars = 2;        // 附注居左空二字
inline constexpr int kSignatureBlankLines = 2;    // room for the seal above the issuer

inline constexpr double kPointsPerMm = 72.0 / 25.4;

// One 附件说明 line: the label part, printed before `name`, that later lines
// of the same item hang under ("附件：1." for the first of several, "2." for
// the second, "附件：" for a single attachment). `lead` is the part before the
// number that the hang starts after ("附件：" for the first item, "" else).
struct AttachmentLine {
  std::string lead;    // "附件：" on the first line, empty on the others
  std::string number;  // "1." … when there are several attachments, else ""
  std::string name;
};
std::vector<AttachmentLine> AttachmentLines(const Letter& letter);

// "（" contact "）", or "" when the letter has no contact line.
std::string NoteText(const Letter& letter);

// The issuer is centred over the date (以成文日期为准居中); when it is too
// wide for that, it is set flush right. Returns the issuer's right indent
// (never negative), in the unit of the three widths.
double IssuerRightIndent(double char_width, double issuer_width, double date_width);

// InvalidArgument naming `field` (in Chinese) when `text` is not valid UTF-8
// or holds a control or format character (see letter.h); CheckRequired also
// refuses blank text.
Status CheckText(std::string_view field, std::string_view text);
Status CheckRequired(std::string_view field, std::string_view text);

}  // namespace gk::documents::internal
