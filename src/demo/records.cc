// Records of the demo: releases of published items on the other channels
// (公开栏, 查阅点, 社区报刊) and last year's annual report, written by the
// 公开办 in January and published on the portal and as an item.
#include <algorithm>

#include "accounts/demo.h"
#include "accounts/directory.h"
#include "demo/items.h"
#include "accounts/platform.h"
#include "records/annual_reports.h"
#include "records/filings.h"
#include "records/channels.h"
#include "records/reading_points.h"

namespace gk::demo {
namespace {

// The day last year's report is published: mid-January, before the
// deadline, and not later than yesterday.
Date ReportDay(const World& w) {
  Date d{w.today.year, 1, 15};
  while (!w.IsWorkday(d)) d = d.AddDays(1);
  return std::min(d, w.WorkdayBack(1));
}

std::string Overview(const std::string& year) {
  return year + "年，静安寺街道办事处认真贯彻《中华人民共和国政府信息公开条例》，围绕社区治理和民生服务，"
                "全面推进主动公开、依申请公开和政策解读工作，严格落实保密审查制度，政府信息公开工作有序开展。";
}

// The 集中查阅点 the office places copies at: the first open point of its
// district; when there is none and the office manages the district's points
// (a one-agency demo), the one it sets up as `name`. 0 when there is none
// (the district has not set one up).
Result<int64_t> ReadingPointOf(World& w, const std::string& name) {
  records::ReadingPoints points(w.ctx, "");
  ASSIGN_OR_RETURN(auto open, points.List(w.Who("office"), false));
  if (!open.empty()) return open.front().id;
  ASSIGN_OR_RETURN(bool manages, points.CanManage(w.Who("office")));
  if (!manages) return int64_t{0};
  return points.Add(w.Who("office"), {w.Local(name), w.Local("上海市静安区静安寺街道（演示地址）"),
                                      "工作日 9:00–17:00", true});
}

}  // namespace

void ScheduleChannels(World& w) {
  struct Plan {
    records::Channel channel;
    const char* place;
    size_t every;  // every n-th published item
  };
  static const Plan kPlans[] = {
      {records::Channel::kBoard, "街道办事处门口公开栏", 17},
      {records::Channel::kReadingPoint, "静安寺街道社区事务受理服务中心", 29},
      {records::Channel::kNewspaper, "《静安寺社区报》", 41},
  };
  for (const Plan& p : kPlans) {
    size_t limit = static_cast<size_t>(w.Scaled(4));
    size_t made = 0;
    for (size_t i = p.every / 2; i < w.published.size() && made < limit; i += p.every, ++made) {
      const PublishedRef& item = w.published[i];
      Id id = item.id;
      Plan plan = p;
      std::string issue = std::to_string(item.on.year) + "年第" + std::to_string(item.on.month) + "期";
      w.timeline.At(World::At(w.WorkdayAfter(item.on, 1), 400), "“" + item.title + "”发布到其他渠道",
                    [&w, id, plan, issue]() -> Status {
                      records::ReleaseInput in;
                      in.channel = plan.channel;
                      if (plan.channel == records::Channel::kReadingPoint) {
                        ASSIGN_OR_RETURN(in.point_id, ReadingPointOf(w, plan.place));
                        if (in.point_id == 0) return Status::Ok();
                      }
                      in.place = w.Local(plan.channel == records::Channel::kNewspaper
                                             ? std::string(plan.place) + issue
                                             : std::string(plan.place));
                      RETURN_IF_ERROR(records::Channels(w.ctx, "").Publish(w.Who("office"), *id, in).status());
                      ++w.summary.releases;
                      return Status::Ok();
                    });
    }
  }
}

Status SeedReadingPoint(store::Database& db, const Clock& clock, const SecurityConfig& security, int64_t district_id) {
  accounts::Context ctx{db, clock, security, nullptr, "", nullptr};
  ASSIGN_OR_RETURN(accounts::User u, accounts::Directory(ctx).FindByUsername(
                                         accounts::Principal::CommandLine(district_id, "seed-demo"), "office"));
  accounts::Principal office{u.id, district_id, u.username, u.display_name, u.department_id, u.roles};
  records::ReadingPoints points(ctx, "");
  ASSIGN_OR_RETURN(auto all, points.List(office, true));
  if (!all.empty()) return Status::Ok();
  return points.Add(office, {"静安区政务服务中心集中查阅点", "上海市静安区（演示地址）区政务服务中心一楼",
                             "工作日 9:00–17:00，周六 9:00–12:00", true})
      .status();
}

Status SeedFilings(store::Database& db, const Clock& clock, const SecurityConfig& security, int64_t district_id) {
  accounts::Context ctx{db, clock, security, nullptr, "", nullptr};
  accounts::Directory dir(ctx);
  auto demo_user = [&](int64_t agency, const std::string& name) -> Result<accounts::Principal> {
    ASSIGN_OR_RETURN(accounts::User u, dir.FindByUsername(accounts::Principal::CommandLine(agency, "seed-demo"), name));
    return accounts::Principal{u.id, agency, u.username, u.display_name, u.department_id, u.roles};
  };
  ASSIGN_OR_RETURN(accounts::Principal upper, demo_user(district_id, "upper"));
  records::Filings filings(ctx);
  ASSIGN_OR_RETURN(auto received, filings.Queue(upper, {.limit = 1}));
  if (!received.empty()) return Status::Ok();
  Date today = ChinaDate(clock.Now());
  Date first = Date{today.year, today.month, 1};
  Date from = first.month == 1 ? Date{first.year - 1, 12, 1} : Date{first.year, first.month - 1, 1};
  Date to = first.AddDays(-1);
  ASSIGN_OR_RETURN(auto below, accounts::Subordinates(ctx, upper));
  for (const auto& a : below) {
    ASSIGN_OR_RETURN(accounts::Principal office, demo_user(a.agency.id, "office"));
    ASSIGN_OR_RETURN(int64_t id, filings.Submit(office, from.ToString(), to.ToString(),
                                                "报送" + std::to_string(from.month) + "月主动公开信息备案"));
    if (a.agency.code == accounts::kDemoAgencyCode) {
      RETURN_IF_ERROR(filings.Accept(upper, id, "经核对，备案清单与门户网站一致。"));
    }
  }
  return Status::Ok();
}

void ScheduleAnnualReportItem(World& w) {
  const std::string ly = std::to_string(w.today.year - 1);
  ItemSpec s;
  s.category = "10";
  s.dept = &kDzb;
  s.ground = "art20_15";
  s.title = "静安寺街道办事处" + ly + "年政府信息公开工作年度报告";
  s.summary = "本机关" + ly + "年政府信息公开工作情况。";
  s.body = {Overview(ly), "报告全文见附件，也可在本网站“政府信息公开年报”栏目查阅。"};
  s.formed = std::min(ReportDay(w), w.WorkdayBack(3));
  s.files.push_back({"政府信息公开工作年度报告.pdf", [ly](const World& w, const ItemSpec&) {
                       return PdfFile(w.agency_name, w.Local("静安寺街道办事处" + ly + "年政府信息公开工作年度报告"),
                                      {"一、总体情况", w.Local(Overview(ly)), "二、主动公开政府信息情况",
                                       "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                                       "五、存在的主要问题及改进情况", "六、其他需要报告的事项"});
                     }});
  Id id = NewId();
  ScheduleItem(w, s, id);
  w.published.push_back({id, s.title, s.category, PublishedOn(w, s)});
}

void ScheduleAnnualReport(World& w) {
  int year = w.today.year - 1;
  Date day = ReportDay(w);
  w.timeline.At(World::At(day, 20), "年度报告", [&w, year]() -> Status {
    records::AnnualReports reports(w.ctx);
    records::ReportInput in;
    in.overview = w.Local(Overview(std::to_string(year)));
    in.problems = "政策解读的形式还不够丰富，部分栏目更新不够及时。下一步将加强图解、视频等解读形式，建立栏目定期检查机制。";
    in.other_matters = "本机关未收取信息处理费以外的其他费用。";
    RETURN_IF_ERROR(reports.Save(w.Who("office"), year, in));
    RETURN_IF_ERROR(reports.Publish(w.Who("office"), year));
    ++w.summary.annual_reports;
    return Status::Ok();
  });
}

}  // namespace gk::demo
