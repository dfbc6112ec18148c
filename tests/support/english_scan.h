// Finds English prose on a rendered HTML page (web/english.h): in the text a
// person reads and in the attributes read to them (title, placeholder,
// aria-label, alt, the value of a button). Skipped: <script>, <style>,
// <code>, <pre>, <kbd>, <samp>, <textarea> (what the person typed) and
// elements marked as identifiers — class "ident" or a data-ident attribute —
// where a page shows a file name, URL, hash, username, media type or the like.
#pragma once

#include <string>
#include <vector>

namespace gk::testing {

struct EnglishHit {
  std::string where;  // "text in <p>", "title of <a>", …
  std::string text;   // the English run
};

std::vector<EnglishHit> FindEnglish(const std::string& html);

// One line per hit: `where: "text"`.
std::string DescribeEnglish(const std::vector<EnglishHit>& hits);

}  // namespace gk::testing
