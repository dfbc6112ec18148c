// How fast is a statutory deadline computed? The calendar walk against a
// naive reference that re-scans the holiday list for every day.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "base/calendar.h"
#include "base/calendar_files.h"
#include "base/statutory.h"

namespace {

const gk::WorkdayCalendar& Calendar() {
  static const gk::WorkdayCalendar cal = *gk::LoadCalendarDirectory(std::string(GK_SOURCE_DIR) + "/data/calendar");
  return cal;
}

void BM_AddWorkdays20(benchmark::State& state) {
  const auto& cal = Calendar();
  gk::Date start = *gk::Date::Parse("2025-09-26");
  for (auto _ : state) benchmark::DoNotOptimize(cal.AddWorkdays(start, 20));
}
BENCHMARK(BM_AddWorkdays20);

// Reference: linear scan of every holiday range for every day looked at.
bool NaiveIsWorkday(const gk::WorkdayCalendar& cal, gk::Date d) {
  const gk::CalendarYear* y = cal.FindYear(d.year);
  for (const auto& w : y->adjusted_workdays) if (w == d) return true;
  for (const auto& h : y->holidays) if (h.from <= d && d <= h.to) return false;
  return d.Weekday() <= 5;
}

void BM_NaiveAddWorkdays20(benchmark::State& state) {
  const auto& cal = Calendar();
  gk::Date start = *gk::Date::Parse("2025-09-26");
  for (auto _ : state) {
    gk::Date d = start;
    for (int n = 0; n < 20;) {
      d = d.AddDays(1);
      if (NaiveIsWorkday(cal, d)) ++n;
    }
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_NaiveAddWorkdays20);

// Every read of an agency's calendar (accounts::Workdays::Load) parses its
// stored notices and derives the provisional year after them. The cost of
// the derivation (ICU's Chinese calendar and the new moons) computed afresh
// and as kept after the first time, against parsing one stored notice, which
// Load does three times or more anyway.
void BM_StatutoryHolidaysUncached(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(gk::StatutoryHolidaysUncached(2027));
}
BENCHMARK(BM_StatutoryHolidaysUncached)->Unit(benchmark::kMillisecond);

void BM_ProvisionalCalendarYear(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(gk::ProvisionalCalendarYear(2027));
}
BENCHMARK(BM_ProvisionalCalendarYear);

void BM_ParseOneNotice(benchmark::State& state) {
  std::ifstream in(std::string(GK_SOURCE_DIR) + "/data/calendar/2026.toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string toml = text.str();
  for (auto _ : state) benchmark::DoNotOptimize(gk::ParseCalendarToml(toml, "2026.toml"));
}
BENCHMARK(BM_ParseOneNotice);

}  // namespace
