#include "base/clock.h"

#include <cstdio>

namespace gk {
namespace {
constexpr int64_t kChinaOffsetSeconds = 8 * 3600;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

UnixSeconds SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatUtc(UnixSeconds t) {
  int64_t days = FloorDiv(t, 86400);
  int64_t secs = t - days * 86400;
  Date d = Date::FromDaysSinceEpoch(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

std::string Now(const Clock& clock) { return FormatUtc(clock.Now()); }

Result<UnixSeconds> ParseUtc(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[19] != 'Z' || text[13] != ':' ||
      text[16] != ':') {
    return InvalidArgument("invalid UTC timestamp \"" + std::string(text) + "\"");
  }
  ASSIGN_OR_RETURN(Date d, Date::Parse(text.substr(0, 10)));
  int fields[3];
  for (int i = 0; i < 3; ++i) {
    char a = text[11 + 3 * i], b = text[12 + 3 * i];
    int max = i == 0 ? 23 : 59;
    if (a < '0' || a > '9' || b < '0' || b > '9' || (a - '0') * 10 + (b - '0') > max) {
      return InvalidArgument("invalid UTC timestamp \"" + std::string(text) + "\"");
    }
    fields[i] = (a - '0') * 10 + (b - '0');
  }
  int h = fields[0], m = fields[1], s = fields[2];
  return d.DaysSinceEpoch() * 86400 + h * 3600 + m * 60 + s;
}

Date ChinaDate(UnixSeconds t) {
  return Date::FromDaysSinceEpoch(FloorDiv(t + kChinaOffsetSeconds, 86400));
}

std::string ChinaDayStartUtc(Date d) { return FormatUtc(d.DaysSinceEpoch() * 86400 - kChinaOffsetSeconds); }

std::string FormatChinaTime(UnixSeconds t) {
  std::string utc = FormatUtc(t + kChinaOffsetSeconds);
  return utc.substr(0, 10) + " " + utc.substr(11, 5);
}

}  // namespace gk
