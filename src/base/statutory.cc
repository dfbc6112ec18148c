#include "base/statutory.h"

#include <unicode/ucal.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace gk {
namespace {

constexpr int kFirstYear = 2014;  // the 2013 revision's first full year
constexpr int kLastYear = 2099;   // the 清明 formula's century
constexpr int kRevision2024 = 2025;

// A lunar month and day in the Chinese calendar (months 1-based, no leap months).
struct LunarDay {
  int month, day;
};

// ICU's Chinese calendar in Beijing time. Closes itself.
class ChineseCalendar {
 public:
  ChineseCalendar() {
    UErrorCode err = U_ZERO_ERROR;
    cal_ = ucal_open(u"Asia/Shanghai", -1, "zh_CN@calendar=chinese", UCAL_DEFAULT, &err);
    if (U_FAILURE(err)) cal_ = nullptr;
  }
  ~ChineseCalendar() {
    if (cal_) ucal_close(cal_);
  }
  ChineseCalendar(const ChineseCalendar&) = delete;
  ChineseCalendar& operator=(const ChineseCalendar&) = delete;

  bool ok() const { return cal_ != nullptr; }

  // The lunar month and day of Gregorian `d` (noon, Beijing time); month 0
  // for a day of a leap month.
  Result<LunarDay> Of(Date d) {
    // Noon in China is 04:00 UTC.
    UDate ms = (static_cast<double>(d.DaysSinceEpoch()) * 86400.0 + 4 * 3600.0) * 1000.0;
    UErrorCode err = U_ZERO_ERROR;
    ucal_setMillis(cal_, ms, &err);
    int month = ucal_get(cal_, UCAL_MONTH, &err) + 1;
    int day = ucal_get(cal_, UCAL_DATE, &err);
    bool leap = ucal_get(cal_, UCAL_IS_LEAP_MONTH, &err) != 0;
    if (U_FAILURE(err)) return Internal(std::string("ICU Chinese calendar: ") + u_errorName(err));
    return LunarDay{leap ? 0 : month, day};
  }

 private:
  UCalendar* cal_ = nullptr;
};

// The Gregorian date in `year` of lunar month/day (not in a leap month).
Result<Date> FindLunar(ChineseCalendar& cal, int year, LunarDay want) {
  for (Date d{year, 1, 1}; d.year == year; d = d.AddDays(1)) {
    ASSIGN_OR_RETURN(LunarDay l, cal.Of(d));
    if (l.month == want.month && l.day == want.day) return d;
  }
  return Internal("lunar day " + std::to_string(want.month) + "/" + std::to_string(want.day) + " not found in " +
                  std::to_string(year));
}

// ---------------------------------------------------------------- new moons
// ICU numbers the lunar months reliably but places a new moon a few minutes
// off: where one falls near midnight in Beijing (2027-02-06 23:56, 2030-02-03
// 00:07) its 初一 is a day off. The day a month starts is therefore taken from
// the new moon computed after Meeus, Astronomical Algorithms (2nd ed.),
// ch. 49 — within seconds of the precise ephemeris — converted from TT to
// Beijing time with ΔT after Espenak and Meeus.

constexpr double kPi = 3.14159265358979323846;
double Sin(double degrees) { return std::sin(degrees * kPi / 180.0); }

// The Julian Ephemeris Day of new moon number `k` (0 = 2000-01-06).
double NewMoonJde(double k) {
  const double t = k / 1236.85, t2 = t * t, t3 = t2 * t, t4 = t3 * t;
  double jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
  const double e = 1 - 0.002516 * t - 0.0000074 * t2;
  const double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
  const double mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
  const double f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
  const double om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;
  jde += -0.40720 * Sin(mp) + 0.17241 * e * Sin(m) + 0.01608 * Sin(2 * mp) + 0.01039 * Sin(2 * f) +
         0.00739 * e * Sin(mp - m) - 0.00514 * e * Sin(mp + m) + 0.00208 * e * e * Sin(2 * m) -
         0.00111 * Sin(mp - 2 * f) - 0.00057 * Sin(mp + 2 * f) + 0.00056 * e * Sin(2 * mp + m) -
         0.00042 * Sin(3 * mp) + 0.00042 * e * Sin(m + 2 * f) + 0.00038 * e * Sin(m - 2 * f) -
         0.00024 * e * Sin(2 * mp - m) - 0.00017 * Sin(om) - 0.00007 * Sin(mp + 2 * m) +
         0.00004 * Sin(2 * mp - 2 * f) + 0.00004 * Sin(3 * m) + 0.00003 * Sin(mp + m - 2 * f) +
         0.00003 * Sin(2 * mp + 2 * f) - 0.00003 * Sin(mp + m + 2 * f) + 0.00003 * Sin(mp - m + 2 * f) -
         0.00002 * Sin(mp - m - 2 * f) - 0.00002 * Sin(3 * mp + m) + 0.00002 * Sin(4 * mp);
  // Planetary arguments: {coefficient, A0, per k, per T²}.
  static constexpr double kPlanetary[14][4] = {
      {0.000325, 299.77, 0.107408, -0.009173}, {0.000165, 251.88, 0.016321, 0}, {0.000164, 251.83, 26.651886, 0},
      {0.000126, 349.42, 36.412478, 0},         {0.000110, 84.66, 18.206239, 0}, {0.000062, 141.74, 53.303771, 0},
      {0.000060, 207.14, 2.453732, 0},          {0.000056, 154.84, 7.306860, 0}, {0.000047, 34.52, 27.261239, 0},
      {0.000042, 207.19, 0.121824, 0},          {0.000040, 291.34, 1.844379, 0}, {0.000037, 161.72, 24.198154, 0},
      {0.000035, 239.56, 25.513099, 0},         {0.000023, 331.55, 3.592518, 0}};
  for (const auto& a : kPlanetary) jde += a[0] * Sin(a[1] + a[2] * k + a[3] * t2);
  return jde;
}

// ΔT = TT − UT in seconds (Espenak and Meeus, 2005–2150).
double DeltaT(double year) {
  if (year < 2050) {
    const double t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t * t;
  }
  const double u = (year - 1820) / 100;
  return -20 + 32 * u * u - 0.5628 * (2150 - year);
}

// The Beijing date of the new moon nearest to `near`.
Date NewMoonNear(Date near) {
  const double year = 1970 + static_cast<double>(near.DaysSinceEpoch()) / 365.2425;
  const double k0 = std::round((year - 2000) * 12.3685);
  Date best = near;
  int64_t best_gap = -1;
  for (double k = k0 - 1; k <= k0 + 1; ++k) {
    const double jd_ut = NewMoonJde(k) - DeltaT(year) / 86400.0;
    const auto days = static_cast<int64_t>(std::floor(jd_ut + 8.0 / 24.0 - 2440587.5));
    const int64_t gap = std::llabs(days - near.DaysSinceEpoch());
    if (best_gap < 0 || gap < best_gap) {
      best_gap = gap;
      best = Date::FromDaysSinceEpoch(days);
    }
  }
  return best;
}

// The first day (初一) in `year` of lunar month `month` (not a leap month):
// the month from ICU, its first day from the new moon.
Result<Date> FirstOfMonth(ChineseCalendar& cal, int year, int month) {
  ASSIGN_OR_RETURN(Date approx, FindLunar(cal, year, {month, 1}));
  return NewMoonNear(approx);
}

// The day of the 清明 solar term (the sun at 15° ecliptic longitude).
Date Qingming(int year) {
  int y = year % 100;
  int day = static_cast<int>(y * 0.2422 + 4.81) - y / 4;
  return Date{year, 4, day};
}

}  // namespace

Result<std::vector<StatutoryHoliday>> StatutoryHolidays(int year) {
  if (year < kFirstYear || year > kLastYear) {
    return InvalidArgument("只能推算 " + std::to_string(kFirstYear) + "–" + std::to_string(kLastYear) +
                           " 年的法定节假日");
  }
  ChineseCalendar cal;
  if (!cal.ok()) return Internal("ICU Chinese calendar unavailable");
  const bool revised = year >= kRevision2024;
  ASSIGN_OR_RETURN(Date new_year, FirstOfMonth(cal, year, 1));
  ASSIGN_OR_RETURN(Date fifth, FirstOfMonth(cal, year, 5));
  ASSIGN_OR_RETURN(Date eighth, FirstOfMonth(cal, year, 8));
  const Date duanwu = fifth.AddDays(4), zhongqiu = eighth.AddDays(14);
  std::vector<StatutoryHoliday> out = {
      {"元旦", {year, 1, 1}, {year, 1, 1}},
      {"春节", revised ? new_year.AddDays(-1) : new_year, new_year.AddDays(2)},
      {"清明节", Qingming(year), Qingming(year)},
      {"劳动节", {year, 5, 1}, {year, 5, revised ? 2 : 1}},
      {"端午节", duanwu, duanwu},
      {"中秋节", zhongqiu, zhongqiu},
      {"国庆节", {year, 10, 1}, {year, 10, 3}},
  };
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
  return out;
}

Result<CalendarYear> ProvisionalCalendarYear(int year) {
  ASSIGN_OR_RETURN(auto holidays, StatutoryHolidays(year));
  CalendarYear out;
  out.year = year;
  out.notice = "暂定：依《全国年节及纪念日放假办法》推算";
  out.provisional = true;
  // In date order; a 中秋节 inside the 国庆节 days (as in 2020) makes one range.
  for (const StatutoryHoliday& h : holidays) {
    if (!out.holidays.empty() && h.from <= out.holidays.back().to) {
      HolidayRange& last = out.holidays.back();
      last.name += "、" + h.name;
      if (last.to < h.to) last.to = h.to;
      continue;
    }
    out.holidays.push_back({h.name, h.from, h.to});
  }
  return out;
}

Status AddProvisionalYear(WorkdayCalendar& cal) {
  std::vector<int> years = cal.Years();
  if (years.empty()) return Status::Ok();
  auto provisional = ProvisionalCalendarYear(years.back() + 1);
  if (!provisional.ok()) return Status::Ok();
  return cal.AddYear(std::move(*provisional));
}

std::string ProvisionalNote(int year) {
  return std::to_string(year) + "年的放假安排尚未公布，该年日期依《全国年节及纪念日放假办法》规定的法定节假日推算"
                                "（不含调休），以国务院办公厅公布的放假安排为准";
}

std::string MarkedDate(const WorkdayCalendar& cal, Date d) {
  return d.ToString() + (cal.IsProvisional(d) ? kProvisionalMark : "");
}

std::optional<int> MissingNoticeYear(const WorkdayCalendar& cal, Date today) {
  auto missing = [&](int year) { return !cal.Covers(year) || cal.IsProvisional(year); };
  if (missing(today.year)) return today.year;
  if (today.month >= 10 && missing(today.year + 1)) return today.year + 1;
  return std::nullopt;
}

}  // namespace gk
