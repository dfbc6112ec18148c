// IP addresses and CIDR ranges (IPv4 and IPv6), for the list of trusted
// proxies. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is taken as IPv4.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace gk {

struct IpAddress {
  bool v4 = true;
  std::array<uint8_t, 16> bytes{};  // the first 4 for IPv4

  // The canonical text: "192.0.2.1", "2001:db8::1".
  std::string ToString() const;
};

struct IpRange {
  IpAddress base;
  int prefix = 32;  // bits that must match
};

// "192.0.2.1", "::1", "::ffff:192.0.2.1"; nullopt for anything else
// (surrounding spaces are not accepted).
std::optional<IpAddress> ParseIp(std::string_view text);
// "10.0.0.0/8", "2001:db8::/32", or a single address; InvalidArgument
// naming the text otherwise.
Result<IpRange> ParseIpRange(std::string_view text);
bool InRange(const IpRange& range, const IpAddress& ip);

}  // namespace gk
