#include "web/english.h"

#include <array>
#include <cctype>

namespace gk::web {
namespace {

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsGap(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == ':' || c == '(' ||
         c == ')' || c == '"';
}

// Words that make two English words a sentence fragment on their own.
bool IsCommonWord(std::string_view w) {
  static constexpr std::array<std::string_view, 40> kWords = {
      "the", "a", "an", "of", "to", "for", "not", "no", "is", "are", "was", "be", "cannot", "can", "failed",
      "error", "invalid", "found", "and", "or", "in", "on", "with", "from", "by", "must", "missing", "unknown",
      "bad", "request", "internal", "denied", "expected", "malformed", "too", "many", "does", "exist", "please",
      "server"};
  std::string lower;
  for (char c : w) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto k : kWords) {
    if (lower == k) return true;
  }
  return false;
}

bool HasLower(std::string_view w) {
  for (char c : w) {
    if (c >= 'a' && c <= 'z') return true;
  }
  return false;
}

bool IsIdentChar(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '/' || c == '@' || c == '\\' ||
         c == '=' || c == '#' || c == '%' || c == '&';
}

// A maximal run of letters (with ' and - between letters) at [begin, end),
// and whether it reads as a word rather than part of an identifier, a file
// name, a path or an address.
struct Token {
  size_t begin, end;
  bool word;
};

std::vector<Token> Tokens(std::string_view t) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < t.size()) {
    if (!IsLetter(t[i])) {
      ++i;
      continue;
    }
    size_t b = i;
    while (i < t.size() && (IsLetter(t[i]) || ((t[i] == '\'' || t[i] == '-') && i + 1 < t.size() &&
                                               IsLetter(t[i + 1])))) {
      ++i;
    }
    char prev = b > 0 ? t[b - 1] : ' ';
    char next = i < t.size() ? t[i] : ' ';
    bool dotted = (prev == '.') || (next == '.' && i + 1 < t.size() &&
                                    (IsLetter(t[i + 1]) || std::isdigit(static_cast<unsigned char>(t[i + 1]))));
    out.push_back({b, i, !IsIdentChar(prev) && !IsIdentChar(next) && !dotted});
  }
  return out;
}

}  // namespace

std::vector<std::string> EnglishRuns(std::string_view text) {
  std::vector<std::string> out;
  std::vector<Token> tokens = Tokens(text);
  auto flush = [&](size_t first, size_t last) {  // the words tokens[first, last)
    int words = 0;
    bool common = false;
    for (size_t k = first; k < last; ++k) {
      std::string_view w = text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
      if (!HasLower(w) || (w.size() < 2 && w != "a")) continue;
      ++words;
      common = common || IsCommonWord(w);
    }
    if (words >= 3 || (words == 2 && common)) {
      out.emplace_back(text.substr(tokens[first].begin, tokens[last - 1].end - tokens[first].begin));
    }
  };
  size_t first = 0;
  for (size_t k = 0; k <= tokens.size(); ++k) {
    bool joins = false;
    if (k < tokens.size() && tokens[k].word && k > first && tokens[k - 1].word) {
      joins = true;
      for (size_t p = tokens[k - 1].end; p < tokens[k].begin; ++p) joins = joins && IsGap(text[p]);
    }
    if (joins) continue;
    if (k > first && tokens[first].word) flush(first, k);
    first = k;
  }
  return out;
}

}  // namespace gk::web
