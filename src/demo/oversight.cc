// Requests and supervision around the published information: explanation
// and correction requests, complaints and opinions (answered, forwarded,
// open), rectification orders and a confidentiality spot check.
#include <algorithm>

#include "demo/items.h"
#include "oversight/feedback.h"
#include "oversight/orders.h"
#include "oversight/secrecy.h"
#include "requests/inquiries.h"

namespace gk::demo {
namespace {

using requests::InquiryKind;

// A published item live on `day` (its id is known when the step runs).
const PublishedRef* LiveOn(const World& w, Date day, size_t skip) {
  std::vector<const PublishedRef*> live;
  for (const PublishedRef& p : w.published) {
    if (p.on < day) live.push_back(&p);
  }
  if (live.empty()) return nullptr;
  return live[skip % live.size()];
}

void Inquiry(World& w, int back, InquiryKind kind, requests::InquiryInput in, int answer_after,
             std::function<Status(requests::Inquiries&, int64_t)> answer) {
  Id id = NewId();
  Date received = w.WorkdayBack(back);
  std::string label = std::string(kind == InquiryKind::kExplanation ? "说明理由申请" : "更正申请") + "“" + in.subject + "”";
  w.timeline.At(World::At(received, 90), label, [&w, id, kind, in]() -> Status {
    requests::Inquiries svc(w.ctx, w.ref);
    std::string address = "203.0.113." + std::to_string(10 + w.summary.explanations + w.summary.corrections);
    ASSIGN_OR_RETURN(auto filed, svc.Submit(w.options.agency_id, kind, in, address));
    *id = filed.id;
    ++(kind == InquiryKind::kExplanation ? w.summary.explanations : w.summary.corrections);
    return Status::Ok();
  });
  if (!answer) return;
  w.timeline.At(World::At(w.WorkdayAfter(received, answer_after), 240), label + "答复", [&w, id, answer]() {
    requests::Inquiries svc(w.ctx, w.ref);
    return answer(svc, *id);
  });
}

}  // namespace

void ScheduleInquiries(World& w) {
  Inquiry(w, 150, InquiryKind::kExplanation,
          {"李强", "13916012345", "", "", "街道工作人员考勤记录", "请说明该信息不予公开的依据和理由。"}, 6,
          [&w](requests::Inquiries& s, int64_t id) {
            return s.Explain(w.Who("office"), id, "",
                             "该信息属于人事管理等内部事务信息，依据《中华人民共和国政府信息公开条例》第十六条第一款，可以不予公开。");
          });
  Inquiry(w, 4, InquiryKind::kExplanation,
          {"周婷", "13916054321", "", "", "街道党工委会议讨论记录", "该记录为什么不能公开？"}, 0, nullptr);
  Inquiry(w, 100, InquiryKind::kCorrection,
          {"王秀英", "13916067890", "", "", "社会救助工作情况中本人家庭的救助类别",
           "本人家庭已于上月转为特困人员供养，公示中仍列为低保家庭，请予更正。附街道出具的审批通知。"},
          8, [&w](requests::Inquiries& s, int64_t id) {
            return s.AnswerCorrection(w.Who("office"), id, requests::CorrectionResult::kCorrected,
                                      "经核实，已更正相关记录，并在下月公示中说明。");
          });
  Inquiry(w, 60, InquiryKind::kCorrection,
          {"孙浩", "13916011223", "", "", "不动产登记信息中的房屋面积", "房屋面积登记有误，请予更正。"}, 5,
          [&w](requests::Inquiries& s, int64_t id) {
            return s.AnswerCorrection(w.Who("office"), id, requests::CorrectionResult::kTransferred,
                                      "不动产登记信息不属于本机关职责，已转静安区不动产登记机构处理。");
          });
  Inquiry(w, 5, InquiryKind::kCorrection,
          {"朱琳", "13916033445", "", "", "加装电梯进展公示中的楼号", "公示中本小区的楼号有误，应为12号楼。"}, 1,
          [&w](requests::Inquiries& s, int64_t id) {
            return s.Assign(w.Who("office"), InquiryKind::kCorrection, id, w.departments.at(kFw.name));
          });
}

namespace {

struct FeedbackPlan {
  int back;
  oversight::FeedbackKind kind;
  oversight::FeedbackChannel channel;
  bool about_item;
  const char* content;
  const char* name;
  // What happens: "reply", "forward", "answer" (forwarded and answered),
  // "answered_reply", "dismiss", "" (left open).
  const char* course;
  const Dept* dept;
};

}  // namespace

void ScheduleFeedback(World& w) {
  using oversight::FeedbackChannel;
  using oversight::FeedbackKind;
  static const FeedbackPlan kPlans[] = {
      {170, FeedbackKind::kComplaint, FeedbackChannel::kPhone, false, "申请政府信息公开后迟迟没有收到答复，希望尽快处理。", "吴建国",
       "reply", nullptr},
      {120, FeedbackKind::kOpinion, FeedbackChannel::kLetter, true, "公示中长者食堂的地址不够详细，建议补充门牌号和营业时间。", "徐丽",
       "answered_reply", &kFw},
      {90, FeedbackKind::kSuggestion, FeedbackChannel::kVisit, false, "建议在居民区公开栏同步张贴加装电梯的政策和办理流程。", "胡军",
       "reply", nullptr},
      {60, FeedbackKind::kComplaint, FeedbackChannel::kPhone, false, "反映与信息公开无关的个人纠纷，并多次使用侮辱性语言。", "",
       "dismiss", nullptr},
      {45, FeedbackKind::kComplaint, FeedbackChannel::kLetter, true, "网站上预算信息的附件打不开，财政信息栏目更新不及时。", "高峰",
       "answered_reply", &kDzb},
      {20, FeedbackKind::kComplaint, FeedbackChannel::kPhone, true, "执法情况通报的数据与居民区公告的不一致。", "林芳", "answer", &kGl},
      {8, FeedbackKind::kOpinion, FeedbackChannel::kLetter, true, "社会救助政策告知书中申请材料的说明不够清楚。", "杨帆", "forward", &kFw},
      {2, FeedbackKind::kSuggestion, FeedbackChannel::kVisit, false, "建议政府信息公开网站增加按居民区查询的功能。", "赵敏", "", nullptr},
  };
  int keep = std::min(static_cast<int>(std::size(kPlans)), w.Scaled(static_cast<int>(std::size(kPlans)), 3));
  for (int i = 0; i < keep; ++i) {
    const FeedbackPlan& p = kPlans[i];
    Date received = w.WorkdayBack(p.back);
    const PublishedRef* item = p.about_item ? LiveOn(w, received, static_cast<size_t>(i) * 7) : nullptr;
    Id id = NewId(), item_id = item ? item->id : nullptr;
    std::string label = std::string("意见投诉“") + p.content + "”";
    w.timeline.At(World::At(received, 150), label, [&w, id, item_id, p]() -> Status {
      oversight::FeedbackInput in;
      in.kind = p.kind;
      if (item_id) in.item_id = *item_id;
      in.content = p.content;
      in.name = p.name;
      ASSIGN_OR_RETURN(auto filed, oversight::Feedback(w.ctx).Register(w.Who("office"), in, p.channel));
      *id = filed.id;
      ++w.summary.feedback;
      return Status::Ok();
    });
    std::string course = p.course;
    auto at = [&](int day, int minute, std::string what, Timeline::Step step) {
      w.timeline.At(World::At(w.WorkdayAfter(received, day), minute), label + what, std::move(step));
    };
    if (course == "reply") {
      at(3, 200, "答复", [&w, id]() {
        return oversight::Feedback(w.ctx).Reply(w.Who("office"), *id, "感谢您的来电来信。您反映的问题已核实并改进，欢迎继续监督。",
                                                oversight::ReplyForm::kDirect);
      });
    } else if (course == "dismiss") {
      at(1, 200, "不予受理", [&w, id]() {
        return oversight::Feedback(w.ctx).Dismiss(w.Who("office"), *id, "所反映事项不属于政府信息公开工作范围。");
      });
    } else if (!course.empty()) {
      const Dept* d = p.dept;
      at(1, 200, "转办", [&w, id, d]() {
        return oversight::Feedback(w.ctx).Forward(w.Who("office"), *id, w.departments.at(d->name), "请核实并提出答复意见。");
      });
      if (course != "forward") {
        at(4, 200, "部门答复", [&w, id, d]() {
          return oversight::Feedback(w.ctx).Answer(w.Who(d->clerk), *id, "经核实，已按反映的问题补充完善相关内容。");
        });
      }
      if (course == "answered_reply") {
        at(6, 200, "答复", [&w, id]() {
          return oversight::Feedback(w.ctx).Reply(w.Who("office"), *id,
                                                  "经核实，您反映的问题已由承办部门整改，相关信息已更新。感谢您的监督。",
                                                  oversight::ReplyForm::kDirect);
        });
      }
    }
  }
}

void ScheduleSupervision(World& w) {
  // An order closed after the department reported, and one still open and
  // past its date.
  struct Plan {
    int back, due_days;
    const Dept* dept;
    const char* problem;
    const char* requirement;
    bool closed;
  };
  static const Plan kPlans[] = {
      {40, 20, &kDzb, "财政信息栏目更新不及时，部分附件无法打开。", "核查财政信息栏目全部附件，补齐缺失内容，建立栏目定期检查机制。", true},
      {18, 10, &kGl, "城市综合执法情况通报的数据与城运中心台账不一致。", "核对近三个月通报数据，更正错误并说明原因。", false},
  };
  for (const Plan& p : kPlans) {
    Id id = NewId();
    Date issued = w.WorkdayBack(p.back);
    std::string label = std::string("整改通知“") + p.problem + "”";
    Plan plan = p;
    w.timeline.At(World::At(issued, 330), label, [&w, id, plan, issued]() -> Status {
      oversight::OrderInput in;
      in.department_id = w.departments.at(plan.dept->name);
      in.problem = plan.problem;
      in.requirement = plan.requirement;
      in.due_on = issued.AddDays(plan.due_days).ToString();
      in.source = "政府信息公开工作督查";
      ASSIGN_OR_RETURN(*id, oversight::Orders(w.ctx).Issue(w.Who("group"), in));
      ++w.summary.orders;
      return Status::Ok();
    });
    if (!p.closed) continue;
    const Dept* d = p.dept;
    w.timeline.At(World::At(w.WorkdayAfter(issued, 8), 300), label + "报告", [&w, id, d]() -> Status {
      ASSIGN_OR_RETURN(std::string evidence,
                       PdfFile(w.agency_name, "整改情况报告", {"已核查财政信息栏目全部附件，补齐缺失内容，并建立每月检查机制。"}));
      return oversight::Orders(w.ctx).Report(w.Who(d->clerk), *id, "已完成整改，附整改情况报告。",
                                             {{"整改情况报告.pdf", evidence}});
    });
    w.timeline.At(World::At(w.WorkdayAfter(issued, 10), 300), label + "销号", [&w, id]() {
      return oversight::Orders(w.ctx).Close(w.Who("group"), *id, "经核查，整改到位，予以销号。");
    });
  }

  // A spot check of the last quarter's publications.
  Id check = NewId();
  Date drawn = w.WorkdayBack(8);
  w.timeline.At(World::At(drawn, 100), "保密审查抽查", [&w, check]() -> Status {
    oversight::Secrecy s(w.ctx, w.ref);
    ASSIGN_OR_RETURN(*check, s.Draw(w.Who("secrecy"), 10, 90));
    ++w.summary.spot_checks;
    return Status::Ok();
  });
  w.timeline.At(World::At(w.WorkdayAfter(drawn, 2), 100), "保密审查抽查结论", [&w, check]() -> Status {
    oversight::Secrecy s(w.ctx, w.ref);
    ASSIGN_OR_RETURN(auto c, s.Get(w.Who("secrecy"), *check));
    // The last two lines are still to be checked.
    size_t upto = c.lines.size() > 3 ? c.lines.size() - 2 : c.lines.size();
    for (size_t i = 0; i < upto; ++i) {
      bool problem = i == 1;
      RETURN_IF_ERROR(s.Record(w.Who("secrecy"), *check, c.lines[i].line_id, problem ? "problem" : "ok",
                               problem ? "正文中的统计口径说明不完整，已提醒承办部门今后注意。" : "", false));
    }
    return Status::Ok();
  });
}

}  // namespace gk::demo
