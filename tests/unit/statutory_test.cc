// The statutory holidays of 《全国年节及纪念日放假办法》 (base/statutory.h):
// every statutory day must lie inside the holidays of the State Council's
// notice for that year, for every notice shipped in data/calendar; and the
// lunar and solar-term dates against published dates.
#include "base/calendar_files.h"
#include "base/statutory.h"

#include <gtest/gtest.h>

#include <map>

namespace gk {
namespace {

Date D(const char* iso) { return *Date::Parse(iso); }

TEST(StatutoryTest, EveryStatutoryDayIsOffInEveryShippedNotice) {
  auto shipped = LoadCalendarDirectory(std::string(GK_SOURCE_DIR) + "/data/calendar");
  ASSERT_TRUE(shipped.ok()) << shipped.status().message();
  ASSERT_FALSE(shipped->Years().empty());
  for (int year : shipped->Years()) {
    auto days = StatutoryHolidays(year);
    ASSERT_TRUE(days.ok()) << year << ": " << days.status().message();
    ASSERT_EQ(days->size(), 7u) << year;
    for (const StatutoryHoliday& h : *days) {
      for (Date d = h.from; d <= h.to; d = d.AddDays(1)) {
        auto kind = shipped->Classify(d);
        ASSERT_TRUE(kind.ok()) << d;
        EXPECT_EQ(kind->kind, DayKind::kHoliday) << h.name << " " << d << " is not off in the " << year << " notice";
      }
    }
  }
}

TEST(StatutoryTest, LunarFestivalsAndQingmingOnTheirPublishedDates) {
  struct Case {
    int year;
    const char *chuxi, *chunjie, *qingming, *duanwu, *zhongqiu;
  };
  // 除夕, 正月初一, 清明, 端午, 中秋 as published (2027: 万年历).
  const Case cases[] = {
      {2020, "2020-01-24", "2020-01-25", "2020-04-04", "2020-06-25", "2020-10-01"},
      {2023, "2023-01-21", "2023-01-22", "2023-04-05", "2023-06-22", "2023-09-29"},
      {2025, "2025-01-28", "2025-01-29", "2025-04-04", "2025-05-31", "2025-10-06"},
      {2026, "2026-02-16", "2026-02-17", "2026-04-05", "2026-06-19", "2026-09-25"},
      {2027, "2027-02-05", "2027-02-06", "2027-04-05", "2027-06-09", "2027-09-15"},  // new moon 23:56
      {2030, "2030-02-02", "2030-02-03", "2030-04-05", "2030-06-05", "2030-09-12"},  // new moon 00:07
  };
  for (const Case& c : cases) {
    auto days = StatutoryHolidays(c.year);
    ASSERT_TRUE(days.ok()) << c.year;
    std::map<std::string, StatutoryHoliday> by;
    for (const auto& h : *days) by[h.name] = h;
    if (c.year >= 2025) {
      EXPECT_EQ(by["春节"].from, D(c.chuxi)) << c.year;
    } else {
      EXPECT_EQ(by["春节"].from, D(c.chunjie)) << c.year << ": 除夕 is statutory only from 2025";
    }
    EXPECT_EQ(by["春节"].to, D(c.chunjie).AddDays(2)) << c.year;
    EXPECT_EQ(by["清明节"].from, D(c.qingming)) << c.year;
    EXPECT_EQ(by["端午节"].from, D(c.duanwu)) << c.year;
    EXPECT_EQ(by["中秋节"].from, D(c.zhongqiu)) << c.year;
  }
  EXPECT_EQ((*StatutoryHolidays(2024))[3].to, D("2024-05-01")) << "劳动节 one day before the 2024 revision";
}

TEST(StatutoryTest, AProvisionalYearIsTheStatutoryDaysAlone) {
  auto y = ProvisionalCalendarYear(2027);
  ASSERT_TRUE(y.ok()) << y.status().message();
  EXPECT_EQ(y->notice, "暂定：依《全国年节及纪念日放假办法》推算");
  EXPECT_TRUE(y->adjusted_workdays.empty());
  int days = 0;
  for (const auto& h : y->holidays) days += static_cast<int>(h.to.DaysSinceEpoch() - h.from.DaysSinceEpoch()) + 1;
  EXPECT_EQ(days, 13) << "1 + 4 + 1 + 2 + 1 + 1 + 3";
  WorkdayCalendar cal;
  ASSERT_TRUE(cal.AddYear(*y).ok()) << "a valid calendar year";
  // 2020: 中秋 falls on 1 October and joins the 国庆节 range.
  auto y2020 = ProvisionalCalendarYear(2020);
  ASSERT_TRUE(y2020.ok());
  EXPECT_EQ(y2020->holidays.back().name, "中秋节、国庆节");
  EXPECT_EQ(y2020->holidays.back().from, D("2020-10-01"));
  EXPECT_EQ(y2020->holidays.back().to, D("2020-10-03"));
  ASSERT_TRUE(WorkdayCalendar().AddYear(*y2020).ok());
  EXPECT_TRUE(y->provisional);
  EXPECT_TRUE(cal.IsProvisional(2027));
  EXPECT_TRUE(cal.IsProvisional(D("2027-05-06")));
  EXPECT_EQ(cal.ProvisionalYear(), 2027);
}

// A calendar of the 2024–2026 notices (holidays only, enough for the tests).
WorkdayCalendar Notices(std::vector<int> years) {
  WorkdayCalendar cal;
  for (int y : years) {
    CalendarYear year;
    year.year = y;
    year.notice = "测试通知";
    year.holidays.push_back({"元旦", Date{y, 1, 1}, Date{y, 1, 1}});
    EXPECT_TRUE(cal.AddYear(year).ok());
  }
  return cal;
}

TEST(StatutoryTest, OnlyTheYearAfterTheLatestNoticeIsProvisional) {
  WorkdayCalendar cal = Notices({2025, 2026});
  ASSERT_TRUE(AddProvisionalYear(cal).ok());
  EXPECT_EQ(cal.Years(), (std::vector<int>{2025, 2026, 2027}));
  EXPECT_FALSE(cal.IsProvisional(2026));
  EXPECT_FALSE(cal.IsProvisional(2028)) << "not covered at all";
  EXPECT_EQ(cal.AddWorkdays(D("2026-12-20"), 20)->ToString(), "2027-01-18");
  EXPECT_EQ(cal.AddWorkdays(D("2027-12-20"), 20).status().code(), Code::kOutOfRange);
  EXPECT_NE(cal.AddWorkdays(D("2027-12-20"), 20).status().message().find("2028"), std::string::npos);
  EXPECT_EQ(MarkedDate(cal, D("2027-01-18")), "2027-01-18（暂定）");
  EXPECT_EQ(MarkedDate(cal, D("2026-12-31")), "2026-12-31");
  EXPECT_EQ(ProvisionalNote(2027),
            "2027年的放假安排尚未公布，该年日期依《全国年节及纪念日放假办法》规定的法定节假日推算（不含调休），"
            "以国务院办公厅公布的放假安排为准");
  WorkdayCalendar empty;
  ASSERT_TRUE(AddProvisionalYear(empty).ok());
  EXPECT_TRUE(empty.Years().empty()) << "nothing to follow";
  WorkdayCalendar last = Notices({2099});
  ASSERT_TRUE(AddProvisionalYear(last).ok());
  EXPECT_EQ(last.Years(), (std::vector<int>{2099})) << "2100 is beyond what the formula covers";
}

TEST(StatutoryTest, TheNextNoticeIsDueFromOctober) {
  WorkdayCalendar cal = Notices({2025, 2026});
  ASSERT_TRUE(AddProvisionalYear(cal).ok());
  EXPECT_EQ(MissingNoticeYear(cal, D("2026-09-30")), std::nullopt);
  EXPECT_EQ(MissingNoticeYear(cal, D("2026-10-01")), 2027);
  EXPECT_EQ(MissingNoticeYear(cal, D("2026-12-31")), 2027);
  EXPECT_EQ(MissingNoticeYear(cal, D("2027-01-04")), 2027) << "the current year itself lacks its notice";
  WorkdayCalendar loaded = Notices({2025, 2026, 2027});
  EXPECT_EQ(MissingNoticeYear(loaded, D("2026-12-31")), std::nullopt);
  EXPECT_EQ(MissingNoticeYear(Notices({2024}), D("2026-03-01")), 2026);
}

TEST(StatutoryTest, TheKeptYearsAreTheComputedOnes) {
  for (int year : {2014, 2024, 2025, 2027, 2030, 2057, 2099}) {
    auto fresh = StatutoryHolidaysUncached(year);
    ASSERT_TRUE(fresh.ok()) << year;
    EXPECT_EQ(*StatutoryHolidays(year), *fresh) << year << ", first time";
    EXPECT_EQ(*StatutoryHolidays(year), *fresh) << year << ", kept";
  }
  EXPECT_EQ(StatutoryHolidaysUncached(2100).status().code(), Code::kInvalidArgument);
}

TEST(StatutoryTest, YearsOutsideTheLawsAreRefused) {
  EXPECT_EQ(StatutoryHolidays(2013).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(StatutoryHolidays(2100).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(StatutoryHolidays(2013).status().message(), "只能推算 2014–2099 年的法定节假日");
}

}  // namespace
}  // namespace gk
