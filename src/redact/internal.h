// Shared by the redactors of src/redact/; not for use outside it.
#pragma once

#include <pugixml.hpp>

#include <ctime>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extract.h"
#include "extract/ooxml.h"
#include "extract/xml.h"
#include "redact/redact.h"

namespace gk::redact::internal {

constexpr char kMask[] = "\xE2\x96\xA0";  // ■

// ---- masking text -----------------------------------------------------------

// Replaces, in the concatenation of `pieces`, every character of every
// occurrence of every withheld text by ■ (a piece keeps its own bytes
// otherwise). White space inside an occurrence is skipped and kept. Returns
// the number of occurrences per withheld string.
std::vector<int> Mask(const std::vector<std::string*>& pieces, const std::vector<Withhold>& withhold);

// The result under construction: the withheld strings, the log and what was
// stripped.
class Work {
 public:
  explicit Work(const std::vector<Withhold>& withhold) : withhold_(withhold) {}

  const std::vector<Withhold>& withhold() const { return withhold_; }
  // Masks `pieces` and logs the occurrences under `where`; true if anything changed.
  bool MaskText(const std::vector<std::string*>& pieces, std::string_view where);
  // MaskText over the text nodes (pcdata, cdata) of `nodes`, written back.
  bool MaskNodes(const std::vector<pugi::xml_node>& text_nodes, std::string_view where);
  void Count(size_t withhold_index, std::string_view where, int n);
  // Records a stripped hidden part once.
  void Strip(std::string what);
  void Note(std::string what) { notes_.push_back(std::move(what)); }

  Redacted Finish(std::string bytes);

 private:
  const std::vector<Withhold>& withhold_;
  std::vector<LogEntry> log_;
  std::vector<std::string> stripped_, notes_;
};

bool IsSpace(char32_t c);
// ASCII letters folded to lower case; matching ignores ASCII case.
inline char32_t Fold(char32_t c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }
// Word field codes that only number pages or point inside the document
// (PAGE, NUMPAGES, REF, TOC …): kept, and not counted as hidden content.
bool IsHarmlessField(std::string_view code);

// ---- packages -----------------------------------------------------------------

// A zip package read completely into memory, against the extraction limits.
struct Entry {
  std::string name;
  std::string data;
  time_t mtime = 0;
};

class Package {
 public:
  // InvalidArgument when not a readable zip, FailedPrecondition for an
  // encrypted entry, TooLarge over the limits.
  static Result<Package> Read(std::string_view bytes, const extract::Limits& limits);

  Entry* Find(std::string_view name);
  std::vector<Entry>& entries() { return entries_; }
  // Drops the part, its [Content_Types].xml override and every relationship
  // that points to it (call Prune once after all removals).
  void Remove(std::string_view name);
  // Removes the relationships and content-type overrides of removed parts.
  Status Prune();
  // The package, deflated, entries in their original order and times.
  Result<std::string> Write() const;
  // FailedPrecondition if an XML-like part not in `rewritten` still holds a
  // withheld string in its raw bytes.
  Status CheckUntouched(const std::set<std::string>& rewritten, const std::vector<Withhold>& withhold) const;

 private:
  std::vector<Entry> entries_;
  std::set<std::string> removed_;
};

// Parses an XML part keeping everything (declaration, comments, white space).
Status ParseXml(const Entry& entry, pugi::xml_document* doc);
std::string SerializeXml(const pugi::xml_document& doc);
// Parses, lets `edit` change the document, and writes it back if `edit`
// returns true. Absent parts are left alone.
template <typename Edit>
Status EditXml(Package& pkg, std::string_view name, Edit&& edit) {
  Entry* e = pkg.Find(name);
  if (!e) return Status::Ok();
  pugi::xml_document doc;
  RETURN_IF_ERROR(ParseXml(*e, &doc));
  bool changed = edit(doc);
  if (changed) e->data = SerializeXml(doc);
  return Status::Ok();
}

using extract::Attr;
using extract::Child;
using extract::DirOf;
using extract::Elements;
using extract::LocalName;
using extract::TextNodes;
using extract::TextOf;
// extract::ResolvePath, "" when the target leaves the package.
inline std::string PackagePath(std::string_view base_dir, std::string_view target) {
  return extract::ResolvePath(base_dir, target).value_or("");
}
// The relationships of `part` (extract/ooxml.h); empty when it has none.
Result<extract::Relationships> ReadRels(Package& pkg, std::string_view part);

// OOXML document properties: clears docProps/core.xml, app.xml personal
// fields and custom.xml properties, drops the thumbnail.
Status StripOfficeProperties(Package& pkg, Work& work);

// ---- the redactors ---------------------------------------------------------

Result<std::string> RedactTxt(std::string_view bytes, Work& work);
Result<std::string> RedactHtml(std::string_view bytes, Work& work);
// The package redactors rewrite `pkg` in place; the caller checks the parts
// they leave untouched and writes the package.
Status RedactDocx(Package& pkg, Work& work);
Status RedactXlsx(Package& pkg, Work& work);
Status RedactOfd(Package& pkg, Work& work);
// `scans` are the extraction's (extract::Extracted::scans): scanned pages
// have the pictures under what OCR read there painted over as well.
Result<std::string> RedactPdf(std::string_view bytes, const extract::Limits& limits,
                              const std::vector<extract::Scan>& scans, Work& work);

// ---- scans ------------------------------------------------------------------

// The boxes (in the picture's coordinates, grown a little around the ink)
// of every occurrence of every withheld string in what OCR read, one box
// per line an occurrence spans; white space and ASCII case are ignored as
// in Mask. `counts` gets the occurrences per withheld string.
std::vector<ocr::Box> FindOnScan(const ocr::Page& read, const std::vector<Withhold>& withhold,
                                 std::vector<int>* counts);
// A picture file with the pixels under every occurrence painted black, in
// its own format (ocr::PaintOver).
Result<std::string> RedactImage(std::string_view bytes, const std::vector<extract::Scan>& scans, Work& work);
// The pictures of a package (the scans with a `part`) painted the same way,
// each rewritten in place in its own format.
Status RedactPackagePictures(Package& pkg, const std::vector<extract::Scan>& scans, Work& work);

}  // namespace gk::redact::internal
