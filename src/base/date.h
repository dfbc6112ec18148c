// A civil (proleptic Gregorian) calendar date without time or time zone.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "base/status.h"

namespace gk {

struct Date {
  int year = 1970, month = 1, day = 1;

  // Parses strict ISO "YYYY-MM-DD": exactly four-digit year (0001..9999),
  // two-digit month and day, and a day that exists in that month (leap years
  // included). Anything else is InvalidArgument with the message
  // `invalid date "<text>": expected YYYY-MM-DD`.
  static Result<Date> Parse(std::string_view iso);

  // True if year/month/day name a real day (year 1..9999).
  static bool IsValid(int year, int month, int day);
  static bool IsLeapYear(int year);
  // Days in `month` of `year`; REQUIRES: 1 <= month <= 12.
  static int DaysInMonth(int year, int month);

  // "2025-09-26". REQUIRES: a valid date.
  std::string ToString() const;

  // Days since 1970-01-01 (negative before). Howard Hinnant's civil algorithms.
  int64_t DaysSinceEpoch() const;
  // Inverse of DaysSinceEpoch. REQUIRES: the result's year fits in int.
  static Date FromDaysSinceEpoch(int64_t days);

  // ISO weekday: 1 = Monday ... 7 = Sunday.
  int Weekday() const;
  bool IsWeekend() const { return Weekday() >= 6; }

  // The date `n` days later (earlier for negative n).
  Date AddDays(int64_t n) const;

  friend auto operator<=>(const Date&, const Date&) = default;
  friend bool operator==(const Date&, const Date&) = default;
};

// Writes ToString(); lets GoogleTest and logs print dates.
std::ostream& operator<<(std::ostream& os, const Date& d);

}  // namespace gk
