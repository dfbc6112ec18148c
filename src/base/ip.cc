#include "base/ip.h"

#include <arpa/inet.h>

#include <algorithm>

namespace gk {
namespace {

constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

IpAddress FromV6(const uint8_t* b) {
  IpAddress ip;
  if (std::equal(kMappedPrefix, kMappedPrefix + 12, b)) {
    std::copy(b + 12, b + 16, ip.bytes.begin());
    return ip;
  }
  ip.v4 = false;
  std::copy(b, b + 16, ip.bytes.begin());
  return ip;
}

}  // namespace

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

std::optional<IpAddress> ParseIp(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string s(text);
  uint8_t b[16] = {};
  if (inet_pton(AF_INET, s.c_str(), b) == 1) {
    IpAddress ip;
    std::copy(b, b + 4, ip.bytes.begin());
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), b) == 1) return FromV6(b);
  return std::nullopt;
}

Result<IpRange> ParseIpRange(std::string_view text) {
  const std::string bad = "\"" + std::string(text) + "\" is not an IP address or CIDR range";
  size_t slash = text.find('/');
  auto ip = ParseIp(text.substr(0, slash));
  if (!ip) return InvalidArgument(bad);
  const int max = ip->v4 ? 32 : 128;
  IpRange r{*ip, max};
  if (slash == std::string_view::npos) return r;
  std::string_view bits = text.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string_view::npos) {
    return InvalidArgument(bad);
  }
  r.prefix = std::stoi(std::string(bits));
  if (r.prefix > max) return InvalidArgument(bad);
  return r;
}

bool InRange(const IpRange& range, const IpAddress& ip) {
  if (range.base.v4 != ip.v4) return false;
  int bits = range.prefix;
  for (size_t i = 0; bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((range.base.bytes[i] & mask) != (ip.bytes[i] & mask)) return false;
  }
  return true;
}

}  // namespace gk
