// The rule that says whether a text a person reads contains English prose:
// the user interface is Simplified Chinese, so a run of English words on a
// page is an internal message that leaked or a string missing from the
// message catalog. Used by the pages before they show a service's message,
// and by the tests that scan every rendered page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gk::web {

// The runs of English words in `text`: three or more consecutive words with
// a lower-case letter ("no working-day calendar"), or two when one of them
// is a common English function or error word ("not found", "bad request").
// Words are ASCII letters joined by ' or -; only spaces, tabs, line breaks
// and , ; : ( ) " may stand between the words of a run. Upper-case
// abbreviations (PDF, OFD, ICU) and single letters other than "a" neither
// count nor break a run; anything else (digits, Chinese, other punctuation)
// ends it. Letters touching a digit or one of _ / @ \ = # % &, or a dot
// inside a name (report.pdf, example.org), are part of an identifier, a
// file name or an address, not words. Empty when there is none.
std::vector<std::string> EnglishRuns(std::string_view text);

}  // namespace gk::web
