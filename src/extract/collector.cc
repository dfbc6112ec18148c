// Collector: the parts of the extracted text and their segments.
#include <cstdint>
#include <string>
#include <utility>

#include "extract/internal.h"

namespace gk::extract::internal {
namespace {

// Length of the valid UTF-8 sequence at the start of `s`, or 0.
size_t ValidSequence(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const auto cont = [&](size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
  const uint8_t c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

void AppendSanitized(std::string_view s, std::string* out) {
  while (!s.empty()) {
    size_t n = ValidSequence(s);
    if (n == 0) {
      out->append("\xEF\xBF\xBD");
      n = 1;
    } else {
      out->append(s.substr(0, n));
    }
    s.remove_prefix(n);
  }
}

std::string ExtensionOf(std::string_view filename) {
  size_t slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  size_t dot = filename.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(filename.substr(dot + 1));
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

void Collector::Append(bool hidden, std::string_view where, std::string_view text) {
  if (text.empty() || over_) return;
  auto& list = List(hidden);
  if (list.empty() || list.back().closed || list.back().where != where) {
    list.push_back(Piece{std::string(where), "", "", false});
  }
  std::string& dst = list.back().text;
  size_t before = dst.size();
  AppendSanitized(text, &dst);
  bytes_ += dst.size() - before;
  if (bytes_ > max_bytes_) over_ = true;
}

void Collector::Break(bool hidden, std::string_view sep) {
  auto& list = List(hidden);
  if (list.empty() || list.back().closed) return;
  list.back().closed = true;
  list.back().sep = sep;
}

void Collector::Newline(bool hidden) {
  auto& list = List(hidden);
  if (list.empty() || list.back().closed) return;
  std::string& t = list.back().text;
  if (!t.empty() && t.back() != '\n') {
    t.push_back('\n');
    ++bytes_;
  }
}

void Collector::Part(bool hidden, std::string_view where, std::string_view text) {
  Break(hidden);
  Append(hidden, where, text);
  Break(hidden);
}

Status Collector::status() const {
  if (!over_) return Status::Ok();
  return TooLarge("提取的文字过多（超过 " + std::to_string(max_bytes_ >> 20) + " MB）");
}

Result<Extracted> Collector::Finish(std::string format) {
  RETURN_IF_ERROR(status());
  Extracted out;
  out.format = std::move(format);
  size_t pos = 0;
  auto emit = [&](std::vector<Piece>& list, bool hidden, bool more_after) {
    for (size_t i = 0; i < list.size(); ++i) {
      Piece& p = list[i];
      bool last = i + 1 == list.size() && !more_after;
      std::string sep = last ? "" : (i + 1 == list.size() ? "\n" : p.sep);
      if (!sep.empty() && sep == "\n" && !p.text.empty() && p.text.back() == '\n') sep.clear();
      if (last) {
        while (!p.text.empty() && p.text.back() == '\n') p.text.pop_back();
      }
      out.text += p.text;
      out.text += sep;
      size_t n = CodePoints(p.text) + CodePoints(sep);
      if (n == 0) continue;
      if (!out.segments.empty() && out.segments.back().hidden == hidden &&
          out.segments.back().where == p.where && !hidden) {
        out.segments.back().end += n;  // visible text of one origin split by a break
      } else {
        out.segments.push_back(Segment{pos, pos + n, hidden, std::move(p.where)});
      }
      pos += n;
    }
  };
  auto drop_empty = [](std::vector<Piece>& list) {
    std::erase_if(list, [](const Piece& p) { return p.text.empty(); });
  };
  drop_empty(visible_);
  drop_empty(hidden_);
  emit(visible_, false, !hidden_.empty());
  emit(hidden_, true, false);
  return out;
}

}  // namespace gk::extract::internal
