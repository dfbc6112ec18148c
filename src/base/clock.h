// Time sources. Services read time only through a Clock so that tests can
// move it; timestamps are stored as UTC ISO 8601 text ("2026-11-27T05:25:24Z"),
// which sorts in time order on both database engines.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "base/date.h"
#include "base/status.h"

namespace gk {

using UnixSeconds = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixSeconds Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixSeconds Now() const override;
};

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(UnixSeconds start) : now_(start) {}
  UnixSeconds Now() const override { return now_.load(); }
  void Advance(int64_t seconds) { now_ += seconds; }
  void Set(UnixSeconds t) { now_ = t; }

 private:
  std::atomic<UnixSeconds> now_;
};

// "2026-11-27T05:25:24Z"
std::string FormatUtc(UnixSeconds t);
// The clock's current time as FormatUtc writes it, for a timestamp column.
std::string Now(const Clock& clock);
// Parses the format FormatUtc writes; InvalidArgument otherwise.
Result<UnixSeconds> ParseUtc(std::string_view text);
// The calendar date in China (UTC+8, no daylight saving) at instant t.
Date ChinaDate(UnixSeconds t);
// The first instant of China date `d` as FormatUtc writes it: a stored time
// lies on China date d or later exactly when it is >= this text, so a China
// day, month or year is a range of a timestamp column (and its index).
std::string ChinaDayStartUtc(Date d);
// "2026-11-27 13:25" in China time, for display.
std::string FormatChinaTime(UnixSeconds t);

}  // namespace gk
