// Information items of the demo: a year of publications across the catalog
// (monthly reports and one-off documents), 政策解读 linked to their policies,
// a withdrawn notice and a repealed 规范性文件, and items waiting at each step
// of the review chain. Every item is drafted by a clerk of its department and
// signed by the real people of each step.
#include <algorithm>

#include "demo/items.h"
#include "disclosure/items.h"

namespace gk::demo {

const Dept kDzb{"党政办公室", "dzb-clerk", "dzb-head"};
const Dept kFw{"社区服务办公室", "clerk", "depthead"};
const Dept kGl{"社区管理办公室", "gl-clerk", "gl-head"};

namespace {

using disclosure::Action;
using disclosure::ActionInput;

std::string ReasonFor(const std::string& ground) {
  static const std::map<std::string, std::string> kReasons = {
      {"art19", "涉及辖区居民切身利益，需要社会公众广泛知晓。"},
      {"art20_1", "属于行政规范性文件，依法应当主动公开。"},
      {"art20_2", "属于机关职能、机构设置、办公地址等应当主动公开的信息。"},
      {"art20_3", "属于规划及相关政策，应当主动公开。"},
      {"art20_6", "属于行政执法的依据、程序及有一定社会影响的处理情况。"},
      {"art20_7", "属于财政预算、决算信息，依法应当主动公开。"},
      {"art20_9", "属于政府采购项目的实施情况，依法应当主动公开。"},
      {"art20_11", "属于社会保障、促进就业等方面的政策、措施及其实施情况。"},
      {"art20_12", "属于突发公共事件的应急预案，需要公众知晓。"},
      {"art20_13", "属于安全生产监督检查情况，依法应当主动公开。"},
      {"art20_14", "属于招聘的职位、名额、报考条件及录用结果。"},
      {"art20_15", "依照有关规定应当主动公开。"},
  };
  auto it = kReasons.find(ground);
  return it == kReasons.end() ? "需要社会公众广泛知晓。" : it->second;
}

std::string Join(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) out += (out.empty() ? "" : "\n") + p;
  return out;
}

// The 公开办 accepts what the automatic check cannot read (an image, a
// scanned page) after looking at it, as it would before signing.
Status OverrideOpenFindings(World& w, int64_t id) {
  disclosure::Items items(w.ctx, w.ref);
  ASSIGN_OR_RETURN(auto detail, items.Get(w.Who("office"), id));
  for (const auto& check : detail.checks) {
    for (const auto& f : check.findings) {
      if (!f.Blocks()) continue;
      RETURN_IF_ERROR(items.OverrideFinding(w.Who("office"), id, f.id, "已人工核对，不含涉密和个人隐私内容"));
    }
  }
  return Status::Ok();
}

Status Sign(World& w, const std::string& who, int64_t id, Action action, const ActionInput& in = {}) {
  return disclosure::Items(w.ctx, w.ref).Act(w.Who(who), id, action, in);
}

}  // namespace

void ScheduleItem(World& w, const ItemSpec& spec, Id out) {
  struct S {
    std::string what;
    Timeline::Step step;
  };
  std::vector<S> steps;
  const Dept& d = *spec.dept;
  std::string label = "信息“" + spec.Text(w, spec.title) + "”";
  steps.push_back({label + "起草", [&w, spec, out, d]() -> Status {
                     disclosure::ItemInput in;
                     in.title = spec.Text(w, spec.title);
                     in.doc_no = spec.Text(w, spec.doc_no);
                     in.department_id = w.departments.at(d.name);
                     in.category_id = w.categories.at(spec.category);
                     in.formed_on = spec.formed.ToString();
                     in.official_document = spec.official;
                     in.attribute = disclosure::Attribute::kProactive;
                     in.ground_key = spec.ground;
                     in.reason = ReasonFor(spec.ground);
                     in.summary = spec.Text(w, spec.summary);
                     in.body = spec.Text(w, Join(spec.body));
                     if (spec.interprets) in.interprets_item_id = *spec.interprets;
                     disclosure::Items items(w.ctx, w.ref);
                     ASSIGN_OR_RETURN(*out, items.Create(w.Who(d.clerk), in));
                     for (const auto& f : spec.files) {
                       ASSIGN_OR_RETURN(std::string bytes, f.make(w, spec));
                       RETURN_IF_ERROR(
                           items.AddAttachment(w.Who(d.clerk), *out, spec.Text(w, f.name), bytes).status());
                       ++w.summary.attachments;
                     }
                     return Status::Ok();
                   }});
  auto sign = [&w, out](std::string who, Action a, ActionInput in = {}) {
    return [&w, out, who, a, in]() { return Sign(w, who, *out, a, in); };
  };
  if (spec.stop != Stop::kDraft) steps.push_back({label + "提交", sign(d.clerk, Action::kSubmit)});
  if (spec.stop == Stop::kReturned) {
    ActionInput back;
    back.opinion = spec.return_opinion;
    steps.push_back({label + "退回", sign(d.head, Action::kReturn, back)});
  }
  int order = static_cast<int>(spec.stop);
  if (order > static_cast<int>(Stop::kDeptHead)) steps.push_back({label + "部门负责人审查", sign(d.head, Action::kApprove)});
  if (order > static_cast<int>(Stop::kSecrecy)) {
    steps.push_back({label + "公开办保密审查", [&w, out]() -> Status {
                       RETURN_IF_ERROR(OverrideOpenFindings(w, *out));
                       return Sign(w, "office", *out, Action::kApprove);
                     }});
  }
  if (spec.official && order > static_cast<int>(Stop::kContent)) {
    ActionInput checks;
    checks.check_process = checks.check_decision = checks.check_result = true;
    checks.opinion = "程序正当，决策民主，结果真实，同意。";
    steps.push_back({label + "领导小组内容审查", sign("group", Action::kApprove, checks)});
  }
  if (order > static_cast<int>(Stop::kLeader)) steps.push_back({label + "分管领导审查", sign("leader", Action::kApprove)});
  if (order > static_cast<int>(Stop::kPrincipal)) {
    steps.push_back({label + "主要领导审批", sign("principal", Action::kApprove)});
  }
  if (spec.stop == Stop::kPublished) {
    steps.push_back({label + "发布", [&w, out, interp = bool(spec.interprets)]() -> Status {
                       RETURN_IF_ERROR(Sign(w, "office", *out, Action::kPublish));
                       ++w.summary.published;
                       if (interp) ++w.summary.interpretations;
                       return Status::Ok();
                     }});
  } else {
    steps.push_back({label + "待办", [&w]() {
                       ++w.summary.waiting;
                       return Status::Ok();
                     }});
  }
  // Three steps a working day: 10:00, 12:30, 15:00.
  for (size_t i = 0; i < steps.size(); ++i) {
    Date day = w.WorkdayAfter(spec.formed, static_cast<int>(i / 3));
    w.timeline.At(World::At(day, 60 + static_cast<int>(i % 3) * 150), steps[i].what, std::move(steps[i].step));
  }
}

Date PublishedOn(const World& w, const ItemSpec& spec) {
  int steps = spec.official ? 8 : 7;
  return w.WorkdayAfter(spec.formed, (steps - 1) / 3);
}

void ScheduleWithdrawal(World& w, Id id, Date on, std::string reason) {
  w.timeline.At(World::At(on, 300), "撤回信息", [&w, id, reason]() -> Status {
    ActionInput in;
    in.reason = reason;
    RETURN_IF_ERROR(Sign(w, "office", *id, Action::kWithdraw, in));
    ++w.summary.withdrawn;
    return Status::Ok();
  });
}

void ScheduleRepeal(World& w, Id id, Date on, std::string note) {
  w.timeline.At(World::At(on, 320), "废止规范性文件", [&w, id, note]() -> Status {
    RETURN_IF_ERROR(disclosure::Items(w.ctx, w.ref)
                        .SetValidity(w.Who("office"), *id, disclosure::Validity::kRepealed, note));
    ++w.summary.repealed;
    return Status::Ok();
  });
}

void ScheduleWaitingItems(World& w) {
  struct Waiting {
    const Dept* dept;
    const char* category;
    const char* title;
    const char* ground;
    bool official;
    Stop stop;
    int back;  // formed this many working days ago
    const char* summary;
  };
  static const Waiting kWaiting[] = {
      {&kFw, "0602", "静安寺街道社区长者食堂运营补贴管理办法", "art20_11", false, Stop::kDraft, 2,
       "明确社区长者食堂运营补贴的对象、标准、申请程序和监督管理要求。"},
      {&kGl, "0606", "静安寺街道{Y}年第{Q}季度安全生产检查情况通报", "art20_13", false, Stop::kReturned, 6,
       "通报第{Q}季度辖区生产经营单位安全生产检查及隐患整改情况。"},
      {&kDzb, "07", "关于调整社区事务受理服务中心周六预约服务时间的通知", "art19", false, Stop::kDeptHead, 1,
       "告知社区事务受理服务中心周六预约服务的新时间和预约方式。"},
      {&kGl, "0606", "静安寺街道居民用火用电安全提示", "art20_13", false, Stop::kSecrecy, 3,
       "提醒居民和沿街商铺注意用火用电安全，规范电动自行车停放充电。"},
      {&kFw, "0201", "静安寺街道社区养老服务设施管理办法", "art20_1", true, Stop::kContent, 5,
       "规范辖区社区养老服务设施的建设、运营、服务和监督管理。"},
      {&kDzb, "0302", "关于《静安寺街道{N}年为民办实事项目（征求意见稿）》公开征求意见的公告", "art19", false,
       Stop::kLeader, 4, "公开征求社会公众对{N}年为民办实事项目的意见建议。"},
      {&kDzb, "07", "关于调整社区事务受理服务中心部分事项办理时间的公告", "art19", false, Stop::kPrincipal, 4,
       "自下月起，社区事务受理服务中心部分事项调整为工作日全天受理。"},
      {&kFw, "0601", "静安寺街道{Y}年困难家庭走访慰问活动方案", "art20_11", false, Stop::kApproved, 5,
       "明确走访慰问困难家庭的对象范围、慰问标准和工作安排。"},
  };
  static const char* const kQuarters[] = {"一", "二", "三", "四"};
  const std::map<std::string, std::string> when = {{"Y", std::to_string(w.today.year)},
                                                   {"N", std::to_string(w.today.year + 1)},
                                                   {"Q", kQuarters[(w.today.month - 1) / 3]}};
  for (const Waiting& x : kWaiting) {
    ItemSpec s;
    s.dept = x.dept;
    s.category = x.category;
    s.title = Fill(x.title, when);
    s.ground = x.ground;
    s.official = x.official;
    s.stop = x.stop;
    s.formed = w.WorkdayBack(x.back);
    s.summary = Fill(x.summary, when);
    s.body = {s.summary, "具体内容以正式发布的文件为准。联系部门：" + std::string(x.dept->name) + "。"};
    if (x.stop == Stop::kReturned) s.return_opinion = "检查数据与城运中心台账不一致，请核对后重新提交。";
    ScheduleItem(w, s, NewId());
  }
}

}  // namespace gk::demo
