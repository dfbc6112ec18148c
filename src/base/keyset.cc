#include "base/keyset.h"

#include <charconv>

namespace gk {

std::string EncodeSeek(const SeekKey& k) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(k.key.size() * 2 + 21);
  for (unsigned char ch : k.key) {
    out += kHex[ch >> 4];
    out += kHex[ch & 15];
  }
  out += '.';
  out += std::to_string(k.id);
  return out;
}

std::optional<SeekKey> DecodeSeek(std::string_view token) {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot % 2 != 0 || dot / 2 > kMaxSeekKeyBytes) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  SeekKey k;
  k.key.reserve(dot / 2);
  for (size_t i = 0; i < dot; i += 2) {
    int hi = nibble(token[i]), lo = nibble(token[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    k.key += static_cast<char>(hi << 4 | lo);
  }
  std::string_view id = token.substr(dot + 1);
  if (id.empty() || id.size() > 19 || id.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), k.id);
  if (ec != std::errc() || end != id.data() + id.size()) return std::nullopt;
  return k;
}

int ClampLimit(std::string_view text, int fallback, int max_limit) {
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) n = fallback;
  if (n < 1) n = 1;
  if (n > max_limit) n = max_limit;
  return n;
}

}  // namespace gk
