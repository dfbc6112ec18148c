// RenderPrintPdf: a small flow layout over Pango and Cairo.
//
// Layout and drawing are two passes: the blocks are laid out into pages of
// drawing operations (a line of text at a point, a rectangle), then the pages
// are drawn, each with "第 N 页 共 M 页" now that M is known. Text is always
// set with pango_layout_set_text, never as markup.
//
// Text blocks flow line by line through the text columns of a page. A table
// is cut into bands — runs of rows that no row span crosses — and a band is
// kept on one page unless it is taller than a whole page: a one-row band is
// then broken between lines of its cells, a longer band between rows, its
// spanning cells framed (with their text) again on each page. The header
// rows open every page the table continues on.
#include "documents/print.h"

#include <cairo-pdf.h>

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "base/strings.h"
#include "documents/cairo_util.h"

namespace gk::documents {
namespace {

using namespace internal;  // NOLINT: the helpers of cairo_util.h

constexpr double kMarginTopMm = 25, kMarginBottomMm = 25, kMarginSideMm = 20;
constexpr double kGutterMm = 8;        // between text columns
constexpr double kCellPadPt = 3;
constexpr double kRulePt = 0.5;
constexpr double kTitlePt = 22;        // 2号
constexpr double kFooterPt = 9;        // 小五
constexpr double kLineSpacing = 1.15;  // × the font's logical line height

struct Op {
  enum class Kind { kText, kRect } kind = Kind::kText;
  LayoutPtr layout;  // kText: owns `line`
  PangoLayoutLine* line = nullptr;
  double x = 0, y = 0;  // kText: the origin on the baseline; kRect: the top left corner
  double w = 0, h = 0;  // kRect
  bool fill = false;    // kRect: a grey header ground under the frame
};
using Page = std::vector<Op>;

// One line of a laid-out text: where it sits relative to its layout's top.
struct TextLine {
  PangoLayoutLine* line = nullptr;
  double dx = 0;       // offset from the layout's left edge (alignment)
  double ascent = 0;   // top of the line to its baseline
  double height = 0;   // the line's logical height
};

struct TextLayout {
  LayoutPtr layout;
  std::vector<TextLine> lines;
  double height() const {
    double h = 0;
    for (const TextLine& l : lines) h += l.height;
    return h;
  }
};

struct Font {
  const char* family = kSerifFamily;
  double size = 14;
  bool bold = false;
};

class Setter {
 public:
  Setter(cairo_t* cr, const PrintDocument& doc);
  ~Setter() { g_object_unref(context_); }
  Setter(const Setter&) = delete;
  Setter& operator=(const Setter&) = delete;

  void SetHead(const std::vector<Block>& blocks);
  void SetBody(const std::vector<Block>& blocks);
  void Draw(cairo_t* cr, const std::string& footer) const;

 private:
  TextLayout Layout(const std::string& text, const Font& font, double width, PangoAlignment align,
                    double indent, bool justify) const;
  void SetBlock(const Block& b, bool next_is_text);
  void SetText(const TextLayout& t, double x_offset, double spacing_after);
  void SetTable(const Table& table);

  // The text column the cursor is in.
  double ColumnX() const { return page_x_ + column_ * (column_width_ + Mm(kGutterMm)); }
  void NextColumn();
  void NewPage();
  double Room() const { return bottom_ - y_; }

  PangoContext* context_;
  const PrintDocument& doc_;
  double page_w_, page_h_, page_x_, full_width_, column_width_, top_, bottom_;
  std::vector<Page> pages_;
  int columns_ = 1, column_ = 0;
  double y_ = 0;
  double columns_top_ = 0;  // where the columns start on this page (below the head on page 1)
};

Setter::Setter(cairo_t* cr, const PrintDocument& doc)
    : context_(pango_font_map_create_context(pango_cairo_font_map_get_default())), doc_(doc) {
  pango_cairo_update_context(cr, context_);
  pango_context_set_language(context_, pango_language_from_string("zh-cn"));
  pango_context_set_round_glyph_positions(context_, false);
  double w = doc.paper == Paper::kA3 ? 297 : 210, h = doc.paper == Paper::kA3 ? 420 : 297;
  if (doc.landscape) std::swap(w, h);
  page_w_ = Mm(w);
  page_h_ = Mm(h);
  page_x_ = Mm(kMarginSideMm);
  full_width_ = page_w_ - 2 * page_x_;
  top_ = Mm(kMarginTopMm);
  bottom_ = page_h_ - Mm(kMarginBottomMm);
  column_width_ = full_width_;
  pages_.emplace_back();
  y_ = columns_top_ = top_;
}

TextLayout Setter::Layout(const std::string& text, const Font& font, double width, PangoAlignment align,
                          double indent, bool justify) const {
  LayoutPtr layout(pango_layout_new(context_), GObjectUnref());
  std::unique_ptr<PangoFontDescription, FontDescriptionFree> desc(pango_font_description_new());
  pango_font_description_set_family(desc.get(), font.family);
  pango_font_description_set_weight(desc.get(), font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(desc.get(), font.size * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), desc.get());
  std::unique_ptr<PangoAttrList, AttrListUnref> attrs(pango_attr_list_new());
  pango_attr_list_insert(attrs.get(), pango_attr_insert_hyphens_new(false));
  pango_layout_set_attributes(layout.get(), attrs.get());
  const int pango_width = std::max(ToPango(width), PANGO_SCALE);
  pango_layout_set_width(layout.get(), pango_width);
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_indent(layout.get(), ToPango(indent));
  pango_layout_set_alignment(layout.get(), align);
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  TextLayout out{layout, {}};
  PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
  do {
    PangoRectangle in_layout, in_line;
    pango_layout_iter_get_line_extents(iter, nullptr, &in_layout);
    PangoLayoutLine* line = pango_layout_iter_get_line(iter);
    pango_layout_line_get_extents(line, nullptr, &in_line);
    // An empty line (from "\n\n") has no extents of its own; give it the font's.
    double height = in_line.height > 0 ? FromPango(in_line.height) : font.size * 1.45;
    double ascent = in_line.height > 0 ? FromPango(-in_line.y) : font.size * 1.16;
    out.lines.push_back({line, FromPango(in_layout.x - in_line.x), ascent, height});
    bool last_of_paragraph = pango_layout_iter_at_last_line(iter);
    if (!last_of_paragraph) {
      // The next line starts a new paragraph when this one ends with '\n'.
      int end = line->start_index + line->length;
      last_of_paragraph = end < static_cast<int>(text.size()) && text[end] == '\n';
    }
    if (justify && !last_of_paragraph) {
      Justify(line, pango_width - (in_layout.x - in_line.x) - in_line.width, ToPango(font.size) / 8);
    }
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  return out;
}

void Setter::NewPage() {
  pages_.emplace_back();
  column_ = 0;
  y_ = columns_top_ = top_;
}

void Setter::NextColumn() {
  if (column_ + 1 < columns_) {
    ++column_;
    y_ = columns_top_;
  } else {
    NewPage();
  }
}

void Setter::SetText(const TextLayout& t, double x_offset, double spacing_after) {
  for (const TextLine& l : t.lines) {
    double pitch = l.height * kLineSpacing;
    if (pitch > Room() && y_ > columns_top_) NextColumn();
    pages_.back().push_back({Op::Kind::kText, t.layout, l.line, ColumnX() + x_offset + l.dx,
                             y_ + (pitch - l.height) / 2 + l.ascent});
    y_ += pitch;
  }
  y_ += spacing_after;
}

void Setter::SetBlock(const Block& b, bool next_is_text) {
  const double body = doc_.body_pt, w = column_width_;
  switch (b.kind) {
    case Block::Kind::kTitle:
      // 2号, or larger on a page set in large type (a notice on A3).
      SetText(Layout(b.text, {kSerifFamily, std::max(kTitlePt, body * 1.5), true}, w, PANGO_ALIGN_CENTER, 0, false),
              0, body * 0.6);
      return;
    case Block::Kind::kSubtitle:
      SetText(Layout(b.text, {kSerifFamily, body, false}, w, PANGO_ALIGN_CENTER, 0, false), 0, body * 0.4);
      return;
    case Block::Kind::kHeading: {
      TextLayout t = Layout(b.text, {kSansFamily, body + 1, false}, w, PANGO_ALIGN_LEFT, 0, false);
      // A heading keeps with two lines of what follows.
      double need = t.height() * kLineSpacing + (next_is_text ? 2 * body * 1.45 * kLineSpacing : 0) + body * 0.6;
      if (need > Room() && y_ > columns_top_) NextColumn();
      y_ += body * 0.3;
      SetText(t, 0, body * 0.3);
      return;
    }
    case Block::Kind::kParagraph:
      SetText(Layout(b.text, {kSerifFamily, body, false}, w, PANGO_ALIGN_LEFT, 2 * body, true), 0, body * 0.2);
      return;
    case Block::Kind::kLine:
      SetText(Layout(b.text, {kSerifFamily, body, false}, w, PANGO_ALIGN_LEFT, 0, false), 0, 0);
      return;
    case Block::Kind::kSignature:
      // Two characters in from the right edge, as under an official text.
      SetText(Layout(b.text, {kSerifFamily, body, false}, w - 2 * body, PANGO_ALIGN_RIGHT, 0, false), 0, 0);
      return;
    case Block::Kind::kSpace:
      y_ = std::min(bottom_, y_ + body * 0.75);
      return;
    case Block::Kind::kTable:
      SetTable(b.table);
      y_ += body * 0.5;
      return;
  }
}

void Setter::SetHead(const std::vector<Block>& blocks) {
  columns_ = 1;
  column_width_ = full_width_;
  for (size_t i = 0; i < blocks.size(); ++i) {
    SetBlock(blocks[i], i + 1 < blocks.size() && blocks[i + 1].kind != Block::Kind::kTable);
  }
  if (!blocks.empty()) y_ += doc_.body_pt * 0.5;
}

void Setter::SetBody(const std::vector<Block>& blocks) {
  columns_ = doc_.columns;
  column_width_ = (full_width_ - (columns_ - 1) * Mm(kGutterMm)) / columns_;
  column_ = 0;
  columns_top_ = y_;
  for (size_t i = 0; i < blocks.size(); ++i) {
    SetBlock(blocks[i], i + 1 < blocks.size() && blocks[i + 1].kind != Block::Kind::kTable);
  }
}

// A cell at its place in the grid.
struct Placed {
  const TableCell* cell;
  int row, col;
};

// Puts every cell into its slot, HTML-style. Fails when a row does not fill
// the table's width exactly or a span reaches past the table.
Result<std::vector<Placed>> PlaceCells(const Table& t) {
  const int ncols = static_cast<int>(t.widths.size());
  const int nrows = static_cast<int>(t.rows.size());
  std::vector<std::vector<bool>> taken(nrows, std::vector<bool>(ncols, false));
  std::vector<Placed> out;
  for (int r = 0; r < nrows; ++r) {
    int c = 0;
    for (const TableCell& cell : t.rows[r]) {
      while (c < ncols && taken[r][c]) ++c;
      if (cell.col_span < 1 || cell.row_span < 1) return InvalidArgument("表格第" + std::to_string(r + 1) + "行的跨度无效");
      if (c + cell.col_span > ncols || r + cell.row_span > nrows) {
        return InvalidArgument("表格第" + std::to_string(r + 1) + "行超出表格范围");
      }
      for (int dr = 0; dr < cell.row_span; ++dr) {
        for (int dc = 0; dc < cell.col_span; ++dc) {
          if (taken[r + dr][c + dc]) return InvalidArgument("表格第" + std::to_string(r + 1) + "行的单元格重叠");
          taken[r + dr][c + dc] = true;
        }
      }
      out.push_back({&cell, r, c});
      c += cell.col_span;
    }
    for (int k = 0; k < ncols; ++k) {
      if (!taken[r][k]) return InvalidArgument("表格第" + std::to_string(r + 1) + "行的单元格数与列数不符");
    }
  }
  return out;
}

void Setter::SetTable(const Table& t) {
  auto placed_or = PlaceCells(t);
  if (!placed_or.ok() || t.rows.empty()) return;  // ValidatePrintDocument refused it already
  const std::vector<Placed>& placed = *placed_or;
  const int ncols = static_cast<int>(t.widths.size()), nrows = static_cast<int>(t.rows.size());
  const double total = std::accumulate(t.widths.begin(), t.widths.end(), 0.0);
  std::vector<double> x(ncols + 1, 0.0);
  for (int c = 0; c < ncols; ++c) x[c + 1] = x[c] + column_width_ * t.widths[c] / total;

  std::vector<TextLayout> text(placed.size());
  std::vector<double> row_h(nrows, t.font_pt * 1.45 + 2 * kCellPadPt);
  for (size_t i = 0; i < placed.size(); ++i) {
    const Placed& p = placed[i];
    const TableCell& cell = *p.cell;
    PangoAlignment align = cell.align == CellAlign::kCenter  ? PANGO_ALIGN_CENTER
                           : cell.align == CellAlign::kRight ? PANGO_ALIGN_RIGHT
                                                             : PANGO_ALIGN_LEFT;
    text[i] = Layout(cell.text, {kSerifFamily, t.font_pt, cell.header}, x[p.col + cell.col_span] - x[p.col] - 2 * kCellPadPt,
                     align, 0, false);
    if (cell.row_span == 1) row_h[p.row] = std::max(row_h[p.row], text[i].height() + 2 * kCellPadPt);
  }
  for (size_t i = 0; i < placed.size(); ++i) {  // spanned cells stretch their last row
    const Placed& p = placed[i];
    if (p.cell->row_span == 1) continue;
    double have = 0;
    for (int r = p.row; r < p.row + p.cell->row_span; ++r) have += row_h[r];
    double need = text[i].height() + 2 * kCellPadPt;
    if (need > have) row_h[p.row + p.cell->row_span - 1] += need - have;
  }
  // Bands: a row ends one when no span from it or above reaches below it.
  std::vector<int> reach(nrows);
  for (int r = 0; r < nrows; ++r) reach[r] = r;
  for (const Placed& p : placed) reach[p.row] = std::max(reach[p.row], p.row + p.cell->row_span - 1);
  std::vector<std::pair<int, int>> bands;  // [first, last]
  for (int r = 0, start = 0, end = 0; r < nrows; ++r) {
    end = std::max(end, reach[r]);
    if (r == end) {
      bands.emplace_back(start, end);
      start = r + 1;
      end = r + 1;
    }
  }
  const int header_rows = std::clamp(t.header_rows, 0, nrows);
  auto rows_height = [&](int first, int last) {
    double h = 0;
    for (int r = first; r <= last; ++r) h += row_h[r];
    return h;
  };
  const double header_h = header_rows > 0 ? rows_height(0, header_rows - 1) : 0;

  // Draws the rows [first, last] with their top at y_. A cell spanning rows
  // from above `first` (a band broken between rows) is framed again for its
  // rows here, with its text. For a split row, `skip[i]` lines of cell i were
  // drawn on earlier pages and at most `height` is available.
  auto draw_rows = [&](int first, int last, const std::vector<size_t>* skip, double height,
                       std::vector<size_t>* drawn) {
    std::vector<double> top(nrows + 1, 0);
    for (int r = first; r <= last; ++r) top[r + 1] = top[r] + row_h[r];
    for (size_t i = 0; i < placed.size(); ++i) {
      const Placed& p = placed[i];
      const int start_row = std::max(p.row, first), end_row = std::min(p.row + p.cell->row_span - 1, last);
      if (start_row > end_row) continue;
      double cell_top = y_ + top[start_row] - top[first];
      double cell_h = skip ? height : top[end_row + 1] - top[start_row];
      double cx = ColumnX() + x[p.col], cw = x[p.col + p.cell->col_span] - x[p.col];
      if (p.cell->header) pages_.back().push_back({Op::Kind::kRect, nullptr, nullptr, cx, cell_top, cw, cell_h, true});
      pages_.back().push_back({Op::Kind::kRect, nullptr, nullptr, cx, cell_top, cw, cell_h, false});
      const TextLayout& tl = text[i];
      size_t from = skip ? (*skip)[i] : 0, to = from;
      double used = 0;
      while (to < tl.lines.size() && used + tl.lines[to].height <= cell_h - 2 * kCellPadPt + 0.01) {
        used += tl.lines[to].height;
        ++to;
      }
      if (drawn) (*drawn)[i] = to;
      // Centred vertically in its cell; a split row starts at the top.
      double ty = cell_top + (skip ? kCellPadPt : (cell_h - used) / 2);
      for (size_t k = from; k < to; ++k) {
        const TextLine& l = tl.lines[k];
        pages_.back().push_back({Op::Kind::kText, tl.layout, l.line, cx + kCellPadPt + l.dx, ty + l.ascent});
        ty += l.height;
      }
    }
    y_ += skip ? height : top[last + 1] - top[first];
  };
  auto new_page_with_header = [&] {
    NextColumn();
    if (header_rows > 0) draw_rows(0, header_rows - 1, nullptr, 0, nullptr);
  };

  bool header_set = false;
  for (auto [first, last] : bands) {
    if (last < header_rows) continue;
    double band_h = rows_height(first, last);
    double fresh_room = bottom_ - columns_top_ - header_h;
    if (!header_set) {
      // The header and the first band start together.
      if (header_h + std::min(band_h, fresh_room) > Room() && y_ > columns_top_) NextColumn();
      if (header_rows > 0) draw_rows(0, header_rows - 1, nullptr, 0, nullptr);
      header_set = true;
    } else if (band_h > Room() && (band_h <= fresh_room || Room() < 3 * t.font_pt)) {
      new_page_with_header();
    }
    if (band_h <= Room()) {
      draw_rows(first, last, nullptr, 0, nullptr);
      continue;
    }
    if (first != last) {
      // Rows bound by a span, together taller than a page: break between
      // rows; the spanning cells are framed again on each page.
      if (row_h[first] > Room()) new_page_with_header();
      int seg = first;
      for (int r = first; r <= last; ++r) {
        if (rows_height(seg, r) > Room() && r > seg) {
          draw_rows(seg, r - 1, nullptr, 0, nullptr);
          new_page_with_header();
          seg = r;
        }
      }
      draw_rows(seg, last, nullptr, 0, nullptr);
      continue;
    }
    // A single row taller than the room left: break it between lines.
    std::vector<size_t> skip(placed.size(), 0), drawn(placed.size(), 0);
    for (;;) {
      draw_rows(first, last, &skip, Room(), &drawn);
      bool done = true;
      for (size_t i = 0; i < placed.size(); ++i) {
        if (placed[i].row == first && drawn[i] < text[i].lines.size()) done = false;
      }
      if (done) break;
      skip = drawn;
      new_page_with_header();
    }
  }
}

void Setter::Draw(cairo_t* cr, const std::string& footer) const {
  const int n = static_cast<int>(pages_.size());
  for (int p = 0; p < n; ++p) {
    for (const Op& op : pages_[p]) {
      if (op.kind == Op::Kind::kRect) {
        cairo_rectangle(cr, op.x, op.y, op.w, op.h);
        if (op.fill) {
          cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
          cairo_fill(cr);
        } else {
          cairo_set_source_rgb(cr, 0, 0, 0);
          cairo_set_line_width(cr, kRulePt);
          cairo_stroke(cr);
        }
        continue;
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_move_to(cr, op.x, op.y);
      pango_cairo_show_layout_line(cr, op.line);
    }
    const double base = page_h_ - Mm(kMarginBottomMm) / 2;
    std::string number = "第 " + std::to_string(p + 1) + " 页 共 " + std::to_string(n) + " 页";
    TextLayout t = Layout(number, {kSerifFamily, kFooterPt, false}, full_width_, PANGO_ALIGN_RIGHT, 0, false);
    cairo_move_to(cr, page_x_ + t.lines[0].dx, base);
    pango_cairo_show_layout_line(cr, t.lines[0].line);
    if (!footer.empty()) {
      // Left of the page number; a long footer wraps upwards into the margin.
      TextLayout f = Layout(footer, {kSerifFamily, kFooterPt, false}, full_width_ * 0.75, PANGO_ALIGN_LEFT, 0, false);
      double y = base;
      for (size_t k = f.lines.size(); k-- > 0;) {
        cairo_move_to(cr, page_x_, y);
        pango_cairo_show_layout_line(cr, f.lines[k].line);
        y -= f.lines[k].height;
      }
    }
    cairo_show_page(cr);
  }
}

Status CheckBlocks(const std::vector<Block>& blocks, const char* where) {
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    std::string field = std::string(where) + "第" + std::to_string(i + 1) + "块";
    if (b.kind != Block::Kind::kTable) {
      // A paragraph may hold line breaks; the rest are one line each.
      bool multi = b.kind == Block::Kind::kParagraph || b.kind == Block::Kind::kTitle;
      for (const std::string& part : multi ? Split(b.text, '\n') : std::vector<std::string>{b.text}) {
        RETURN_IF_ERROR(CheckText(field, part));
      }
      continue;
    }
    const Table& t = b.table;
    if (t.widths.empty() || std::any_of(t.widths.begin(), t.widths.end(), [](double w) { return !(w > 0); })) {
      return InvalidArgument(field + "的列宽无效");
    }
    if (!(t.font_pt >= 5 && t.font_pt <= 30)) return InvalidArgument(field + "的字号无效");
    if (Status placed = PlaceCells(t).status(); !placed.ok()) return InvalidArgument(field + placed.message());
    for (const auto& row : t.rows) {
      for (const TableCell& cell : row) {
        for (const std::string& part : Split(cell.text, '\n')) RETURN_IF_ERROR(CheckText(field, part));
      }
    }
  }
  return Status::Ok();
}

size_t TotalBytes(const PrintDocument& d) {
  size_t n = d.title.size() + d.author.size() + d.footer.size();
  for (const auto* blocks : {&d.head, &d.body}) {
    for (const Block& b : *blocks) {
      n += b.text.size();
      for (const auto& row : b.table.rows) {
        for (const TableCell& c : row) n += c.text.size() + 16;
      }
    }
  }
  return n;
}

}  // namespace

Status ValidatePrintDocument(const PrintDocument& doc) {
  if (TotalBytes(doc) > kMaxPrintBytes) {
    return InvalidArgument("文档内容过长（不超过 " + std::to_string(kMaxPrintBytes) + " 字节）");
  }
  RETURN_IF_ERROR(CheckRequired("标题", doc.title));
  RETURN_IF_ERROR(CheckRequired("发布机构", doc.author));
  RETURN_IF_ERROR(CheckText("页脚", doc.footer));
  if (doc.columns < 1 || doc.columns > 3) return InvalidArgument("分栏数应为 1 至 3");
  if (!(doc.body_pt >= 6 && doc.body_pt <= 30)) return InvalidArgument("正文字号无效");
  if (!Date::IsValid(doc.date.year, doc.date.month, doc.date.day)) return InvalidArgument("日期无效");
  RETURN_IF_ERROR(CheckBlocks(doc.head, "标题区"));
  return CheckBlocks(doc.body, "正文");
}

Result<std::string> RenderPrintPdf(const PrintDocument& doc) {
  RETURN_IF_ERROR(ValidatePrintDocument(doc));
  for (const char* family : {kSerifFamily, kSansFamily}) {
    if (!FontInstalled(family)) {
      return FailedPrecondition(std::string("font ") + family + " is not installed (Debian package fonts-noto-cjk)");
    }
  }
  double w = doc.paper == Paper::kA3 ? 297 : 210, h = doc.paper == Paper::kA3 ? 420 : 297;
  if (doc.landscape) std::swap(w, h);
  std::string out;
  std::unique_ptr<cairo_surface_t, CairoDestroy> surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &out, Mm(w), Mm(h)));
  char created[32];
  std::snprintf(created, sizeof created, "%04d-%02d-%02dT00:00:00+08:00", doc.date.year, doc.date.month,
                doc.date.day);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, doc.author.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Gongkai");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, created);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, created);
  {
    std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
    Setter setter(cr.get(), doc);
    setter.SetHead(doc.head);
    setter.SetBody(doc.body);
    setter.Draw(cr.get(), doc.footer);
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

std::string TableHtml(const Table& table, const std::string& css_class) {
  std::string h = "<div class=\"table-wrap\"><table class=\"" + EscapeHtml(css_class) + "\">";
  for (size_t r = 0; r < table.rows.size(); ++r) {
    h += "<tr>";
    for (const TableCell& c : table.rows[r]) {
      std::string attrs;
      if (c.col_span > 1) attrs += " colspan=\"" + std::to_string(c.col_span) + "\"";
      if (c.row_span > 1) attrs += " rowspan=\"" + std::to_string(c.row_span) + "\"";
      std::string text = EscapeHtml(c.text);
      for (size_t p = 0; (p = text.find('\n', p)) != std::string::npos;) text.replace(p, 1, "<br>");
      if (c.header) {
        bool in_header = static_cast<int>(r) < table.header_rows;
        const char* scope = in_header ? (c.col_span > 1 ? "colgroup" : "col") : (c.row_span > 1 ? "rowgroup" : "row");
        h += std::string("<th scope=\"") + scope + "\"" + attrs + ">" + text + "</th>";
      } else {
        h += "<td" + attrs + ">" + text + "</td>";
      }
    }
    h += "</tr>";
  }
  return h + "</table></div>";
}

}  // namespace gk::documents
