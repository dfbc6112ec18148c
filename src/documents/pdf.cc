// RenderPdf: the letter set on the GB/T 9704 grid with Pango, drawn by Cairo.
//
// Every paragraph is laid out by Pango (line breaking with the Chinese 禁则 of
// UAX #14, justification); each resulting line is then put in one slot of the
// 22-line grid, so page breaking is ours: a page holds at most 22 lines, blank
// lines at the top of a page are dropped, and the signature block (issuer,
// date, note) never starts a page alone — the last line before it moves
// along. Text is always set with pango_layout_set_text, never as markup.
//
// Fonts: Debian has no free 仿宋 or 小标宋, so 仿宋 (body) and 小标宋 (title,
// in the bold weight) are Noto Serif CJK SC, and the 宋体 page numbers too;
// 黑体 would be Noto Sans CJK SC, but no element of a letter uses it yet.
// All come from the package fonts-noto-cjk.
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "documents/cairo_util.h"
#include "documents/geometry.h"
#include "documents/letter.h"

namespace gk::documents {
namespace {

using namespace internal;  // NOLINT: the geometry constants

enum class Align { kLeft, kCenter, kRight };

// How one paragraph is set. Indents are in points from the block edges;
// `first_line` is Pango's indent: positive indents the first line, negative
// hangs every line but the first.
struct Style {
  double size = kBodyPt;
  bool bold = false;
  Align align = Align::kLeft;
  bool justify = false;
  double left = 0, right = 0, first_line = 0;
};

// One line in one grid slot; a blank line has no layout. Each line hangs
// from the top of its slot: the top of its logical box (the font's ascent,
// which is also what PDF readers report as the text's top) is the slot's top.
struct Line {
  LayoutPtr layout;  // owns `line`
  PangoLayoutLine* line = nullptr;
  double x = 0;       // the line's origin, in points from the page's left edge
  double ascent = 0;  // from the top of the line to its baseline, in points
  bool keep_with_previous = false;
};

using Page = std::vector<const Line*>;  // nullptr entries are blank slots

class LetterSetter {
 public:
  explicit LetterSetter(cairo_t* cr);
  ~LetterSetter() { g_object_unref(context_); }
  LetterSetter(const LetterSetter&) = delete;
  LetterSetter& operator=(const LetterSetter&) = delete;

  // Lays out `text` and appends its lines. When `keep`, every line keeps
  // with the line before it (they go to the next page together); otherwise
  // the paragraph may break between any two lines.
  void Add(const std::string& text, const Style& style, bool keep = false);
  void AddBlank(bool keep = false) { lines_.push_back({nullptr, nullptr, 0, 0, keep}); }
  // The width of `text` set in `style`, in points.
  double Width(const std::string& text, const Style& style) const;
  // The width of one grid character: 156 mm / 28 rounded down to Pango units.
  double CharWidth() const { return FromPango(char_advance_); }

  std::vector<Page> Paginate() const;
  void Draw(cairo_t* cr, const std::vector<Page>& pages) const;

 private:
  LayoutPtr MakeLayout(const std::string& text, const Style& style) const;
  void DrawPageNumber(cairo_t* cr, int number) const;

  PangoContext* context_;
  int char_advance_;  // Pango units
  std::vector<Line> lines_;
};

LetterSetter::LetterSetter(cairo_t* cr)
    : context_(pango_font_map_create_context(pango_cairo_font_map_get_default())),
      char_advance_(ToPango(Mm(kCharWidthMm))) {
  pango_cairo_update_context(cr, context_);
  pango_context_set_language(context_, pango_language_from_string("zh-cn"));
  pango_context_set_round_glyph_positions(context_, false);
}

LayoutPtr LetterSetter::MakeLayout(const std::string& text, const Style& style) const {
  LayoutPtr layout(pango_layout_new(context_), GObjectUnref());
  std::unique_ptr<PangoFontDescription, FontDescriptionFree> font(pango_font_description_new());
  pango_font_description_set_family(font.get(), kSerifFamily);
  pango_font_description_set_weight(font.get(), style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  std::unique_ptr<PangoAttrList, AttrListUnref> attrs(pango_attr_list_new());
  // A Latin word or URL broken at the end of a line gets no hyphen: the
  // letter prints exactly the characters it was given.
  pango_attr_list_insert(attrs.get(), pango_attr_insert_hyphens_new(false));
  if (style.size == kBodyPt) {
    // Squeeze 3号 characters (16 pt) to the grid's 15.79 pt so 28 fill a line.
    pango_attr_list_insert(attrs.get(), pango_attr_letter_spacing_new(char_advance_ - ToPango(kBodyPt)));
  }
  pango_layout_set_attributes(layout.get(), attrs.get());
  pango_layout_set_width(layout.get(), ToPango(Mm(kBlockWidthMm) - style.left - style.right));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_indent(layout.get(), ToPango(style.first_line));
  pango_layout_set_alignment(layout.get(), style.align == Align::kCenter  ? PANGO_ALIGN_CENTER
                                           : style.align == Align::kRight ? PANGO_ALIGN_RIGHT
                                                                          : PANGO_ALIGN_LEFT);
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  return layout;
}

void LetterSetter::Add(const std::string& text, const Style& style, bool keep) {
  LayoutPtr layout = MakeLayout(text, style);
  const double x0 = Mm(kLeftMarginMm) + style.left;
  const int width = pango_layout_get_width(layout.get());
  PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
  do {
    PangoRectangle in_layout, in_line;
    pango_layout_iter_get_line_extents(iter, nullptr, &in_layout);
    PangoLayoutLine* line = pango_layout_iter_get_line(iter);
    pango_layout_line_get_extents(line, nullptr, &in_line);
    lines_.push_back({layout, line, x0 + FromPango(in_layout.x - in_line.x), FromPango(-in_line.y), keep});
    if (style.justify && !pango_layout_iter_at_last_line(iter)) {
      Justify(line, width - (in_layout.x - in_line.x) - in_line.width, char_advance_ / 8);
    }
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
}

double LetterSetter::Width(const std::string& text, const Style& style) const {
  PangoRectangle logical;
  pango_layout_get_extents(MakeLayout(text, style).get(), nullptr, &logical);
  return FromPango(logical.width);
}

std::vector<Page> LetterSetter::Paginate() const {
  std::vector<Page> pages(1);
  size_t i = 0;
  while (i < lines_.size()) {
    size_t end = i + 1;  // a unit: a line and those that keep with it
    while (end < lines_.size() && lines_[end].keep_with_previous) ++end;
    if (pages.back().size() + (end - i) > kLinesPerPage && !pages.back().empty() &&
        end - i <= kLinesPerPage) {
      pages.emplace_back();
    }
    for (; i < end; ++i) {
      const Line* line = lines_[i].layout ? &lines_[i] : nullptr;
      if (pages.back().size() == kLinesPerPage) pages.emplace_back();
      if (pages.back().empty() && line == nullptr) continue;  // no blank line tops a page
      pages.back().push_back(line);
    }
  }
  return pages;
}

void LetterSetter::Draw(cairo_t* cr, const std::vector<Page>& pages) const {
  for (size_t p = 0; p < pages.size(); ++p) {
    for (size_t slot = 0; slot < pages[p].size(); ++slot) {
      const Line* line = pages[p][slot];
      if (line == nullptr) continue;
      double slot_top = Mm(kTopMarginMm + slot * kLinePitchMm);
      cairo_move_to(cr, line->x, slot_top + line->ascent);
      pango_cairo_show_layout_line(cr, line->line);
    }
    DrawPageNumber(cr, static_cast<int>(p + 1));
    cairo_show_page(cr);
  }
}

// "— N —" in 4号, 7 mm below the block; odd pages flush right and even pages
// flush left, each one character in from the block's edge.
void LetterSetter::DrawPageNumber(cairo_t* cr, int number) const {
  Style style{.size = kPageNumberPt};
  std::string text = "— " + std::to_string(number) + " —";
  LayoutPtr layout = MakeLayout(text, style);
  PangoLayoutLine* line = pango_layout_get_line_readonly(layout.get(), 0);
  PangoRectangle logical;
  pango_layout_line_get_extents(line, nullptr, &logical);
  double left = Mm(kLeftMarginMm) + CharWidth();
  double right = Mm(kLeftMarginMm + kBlockWidthMm) - CharWidth() - FromPango(logical.width);
  double top = Mm(kTopMarginMm + kBlockHeightMm + kPageNumberGapMm);
  cairo_move_to(cr, number % 2 == 1 ? right : left, top + FromPango(-logical.y));
  pango_cairo_show_layout_line(cr, line);
}

// The elements of the letter in order (信函格式): number flush right, a blank
// line, the title centred, a blank line, the addressee, the body, the
// attachment notes after a blank line, room for the seal, the issuer centred
// over the date, the date four characters in from the right, the note.
void SetLetter(LetterSetter& s, const Letter& letter) {
  const double cw = s.CharWidth();
  if (!letter.number.empty()) {
    s.Add(letter.number, {.align = Align::kRight});
    s.AddBlank();
  }
  s.Add(letter.title, {.size = kTitlePt, .bold = true, .align = Align::kCenter});
  s.AddBlank();
  if (!letter.addressee.empty()) s.Add(letter.addressee + "：", {});
  for (const std::string& p : letter.paragraphs) {
    s.Add(p, {.justify = true, .first_line = kFirstLineIndentChars * cw});
  }
  if (!letter.attachments.empty()) s.AddBlank();
  // Wrapped lines of an attachment name align with the name's first
  // character; "2." and later numbers align with "1.".
  double lead_width = 0;
  for (const AttachmentLine& a : AttachmentLines(letter)) {
    if (!a.lead.empty()) lead_width = s.Width(a.lead, {});
    double number_width = a.number.empty() ? 0 : s.Width(a.number, {});
    double left = kFirstLineIndentChars * cw + (a.lead.empty() ? lead_width : 0);
    double hang = (a.lead.empty() ? 0 : lead_width) + number_width;
    s.Add(a.lead + a.number + a.name, {.justify = true, .left = left, .first_line = -hang});
  }
  std::string date = FormatChineseDate(letter.date);
  const Style date_style{.align = Align::kRight, .right = kDateRightIndentChars * cw};
  double issuer_right = IssuerRightIndent(cw, s.Width(letter.issuer, {}), s.Width(date, date_style));
  for (int k = 0; k < kSignatureBlankLines; ++k) s.AddBlank(true);
  s.Add(letter.issuer, {.align = Align::kRight, .right = issuer_right}, true);
  s.Add(date, date_style, true);
  std::string note = NoteText(letter);
  if (!note.empty()) s.Add(note, {.left = kNoteIndentChars * cw}, true);
}

void SetMetadata(cairo_surface_t* surface, const Letter& letter) {
  char created[32];
  std::snprintf(created, sizeof created, "%04d-%02d-%02dT00:00:00+08:00", letter.date.year,
                letter.date.month, letter.date.day);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, letter.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, letter.issuer.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Gongkai");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, created);
}

}  // namespace

Result<std::string> RenderPdf(const Letter& letter) {
  RETURN_IF_ERROR(ValidateLetter(letter));
  if (!FontInstalled(kSerifFamily)) {
    return FailedPrecondition(std::string("font ") + kSerifFamily +
                              " is not installed (Debian package fonts-noto-cjk)");
  }
  std::string out;
  std::unique_ptr<cairo_surface_t, CairoDestroy> surface(cairo_pdf_surface_create_for_stream(
      AppendToString, &out, Mm(kPageWidthMm), Mm(kPageHeightMm)));
  SetMetadata(surface.get(), letter);
  {
    std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
    LetterSetter setter(cr.get());
    SetLetter(setter, letter);
    setter.Draw(cr.get(), setter.Paginate());
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      return Internal(std::string("cairo: ") + cairo_status_to_string(cairo_status(cr.get())));
    }
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("cairo: ") + cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  return out;
}

}  // namespace gk::documents
