#include "base/strings.h"

namespace gk {

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    char32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool HasControlChars(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  const char* ws = " \t\r\n";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

Status CheckText(std::string_view value, std::string_view label, size_t max_chars, bool required) {
  std::string name(label);
  if (!IsValidUtf8(value) || HasControlChars(value)) return InvalidArgument(name + "含有无效字符");
  if (required && Trim(value).empty()) return InvalidArgument(name + "不能为空");
  if (Utf8Length(value) > max_chars) {
    return InvalidArgument(name + "不能超过 " + std::to_string(max_chars) + " 个字");
  }
  return Status::Ok();
}

std::string MaskMiddle(std::string_view s, size_t keep_front, size_t keep_back) {
  std::vector<std::string_view> cps;
  for (size_t i = 0; i < s.size();) {
    size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
    cps.push_back(s.substr(i, n));
    i += n;
  }
  if (cps.size() <= keep_front + keep_back) {
    keep_front = 0;
    keep_back = cps.empty() ? 0 : 1;
  }
  std::string out;
  for (size_t i = 0; i < cps.size(); ++i) {
    bool keep = i < keep_front || i + keep_back >= cps.size();
    out += keep ? std::string(cps[i]) : std::string("*");
  }
  return out;
}

void AppendEscapedHtml(std::string& out, std::string_view s, const char* apostrophe) {
  size_t plain = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* entity = nullptr;
    switch (s[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = apostrophe; break;
      default: continue;
    }
    out.append(s.substr(plain, i - plain));
    out.append(entity);
    plain = i + 1;
  }
  out.append(s.substr(plain));
}

std::string EscapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendEscapedHtml(out, s);
  return out;
}

std::string Utf8Clip(std::string_view s, size_t n) {
  if (Utf8Length(s) <= n) return std::string(s);
  size_t i = 0, count = 0;
  while (i < s.size() && count < n) {
    unsigned char c = s[i];
    i += c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    ++count;
  }
  return std::string(s.substr(0, std::min(i, s.size()))) + "…";
}

std::string EchoForError(std::string_view text) {
  constexpr size_t kMaxEchoBytes = 40;
  if (text.size() <= kMaxEchoBytes) return std::string(text);
  size_t cut = kMaxEchoBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace gk
