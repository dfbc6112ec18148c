// Applications of the demo (依申请公开): about forty over the year, in every
// state of the workflow — replied with each common reply type, a 部分公开
// with a redacted copy, 补正, consultations, fees, an extension, overdue
// cases, and open ones whose due dates fall in the coming weeks.
#include <algorithm>

#include "demo/items.h"
#include "requests/applications.h"

namespace gk::demo {
namespace {

using requests::ActInput;
using requests::Applications;
using requests::CaseAction;

// A valid 18-digit resident identity number (GB 11643 check digit).
std::string ResidentId(int index) {
  char base[32];
  std::snprintf(base, sizeof base, "310106%04d%02d%02d%03d", 1950 + index * 7 % 50, 1 + index % 12, 1 + index * 3 % 28,
                100 + index * 37 % 900);
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (base[i] - '0') * kWeights[i];
  return std::string(base) + "10X98765432"[sum % 11];
}

struct Person {
  const char* type;  // ApplicantType key
  const char* name;
  const char* contact;  // organisations
};

const Person kPeople[] = {
    {"natural", "张伟", ""},   {"natural", "王秀英", ""}, {"natural", "李强", ""},   {"natural", "刘洋", ""},
    {"natural", "陈静", ""},   {"natural", "杨帆", ""},   {"natural", "赵敏", ""},   {"natural", "黄磊", ""},
    {"natural", "周婷", ""},   {"natural", "吴建国", ""}, {"natural", "徐丽", ""},   {"natural", "孙浩", ""},
    {"natural", "胡军", ""},   {"natural", "朱琳", ""},   {"natural", "高峰", ""},   {"natural", "林芳", ""},
    {"commercial", "上海静园物业管理有限公司", "何勇"},   {"legal_service", "上海明理律师事务所", "郭涛"},
    {"research", "上海城市社区发展研究中心", "马丽"},     {"public_welfare", "静安区乐龄公益服务社", "罗刚"},
};

requests::ApplicationInput Input(int who, std::string title, std::string description, bool paper) {
  const Person& p = kPeople[who % std::size(kPeople)];
  bool org = std::string(p.type) != "natural";
  requests::ApplicationInput in;
  char phone[16];
  std::snprintf(phone, sizeof phone, "139%08d", 16000000 + who * 7919 % 9000000);
  in.applicant = {p.type,
                  p.name,
                  p.contact,
                  org ? "统一社会信用代码" : "居民身份证",
                  org ? "91310106MA1FL" + std::to_string(10000 + who * 131) : ResidentId(who),
                  phone,
                  "applicant" + std::to_string(who) + "@example.org",
                  "上海市静安区愚园路" + std::to_string(100 + who * 13) + "弄" + std::to_string(1 + who % 30) + "号",
                  "200040"};
  in.info_title = std::move(title);
  in.description = std::move(description);
  in.form = paper ? "paper" : "electronic";
  in.delivery = paper ? "post" : "email";
  return in;
}

// The steps of one application, scheduled in working days after its receipt.
class CaseSteps {
 public:
  // `channel`: "online" files on the portal; others are registered by the 公开办.
  CaseSteps(World& w, int back, std::string channel, requests::ApplicationInput in)
      : w_(w), received_(w.WorkdayBack(back)), id_(NewId()), label_("申请“" + in.info_title + "”") {
    in.channel = channel;
    in.received_on = received_.ToString();
    Id id = id_;
    World* world = &w;
    At(0, 30, "收到", [world, id, channel, in]() -> Status {
      Applications apps(world->ctx, world->key);
      Result<requests::Filed> f = channel == "online"
                                      ? apps.Submit(world->options.agency_id, in,
                                                    "198.51.100." + std::to_string(1 + world->summary.applications % 250))
                                      : apps.Register(world->Who("office"), in);
      if (!f.ok()) return f.status();
      *id = f->id;
      ++world->summary.applications;
      return Status::Ok();
    });
  }

  CaseSteps& Assign(int day, const Dept& d) {
    dept_ = &d;
    return Act(day, "office", CaseAction::kAssign, [this, &d](ActInput& in) {
      in.department_id = w_.departments.at(d.name);
    });
  }
  CaseSteps& Correction(int day, std::string what, int days = 10) {
    return Act(day, "office", CaseAction::kRequestCorrection, [what, days](ActInput& in) {
      in.note = what;
      in.days = days;
    });
  }
  CaseSteps& Supplement(int day) { return Act(day, "office", CaseAction::kReceiveSupplement); }
  CaseSteps& CorrectionLapsed(int day) { return Act(day, "office", CaseAction::kCorrectionLapsed); }
  CaseSteps& Consult(int day, std::string party) {
    return Act(day, Handler(), CaseAction::kStartConsultation, [party](ActInput& in) {
      in.kind = "third_party";
      in.party = party;
      in.note = "申请公开的信息涉及该单位的商业信息";
    });
  }
  CaseSteps& EndConsult(int day, std::string answer, std::string note) {
    Id id = id_;
    World* w = &w_;
    std::string who = Handler();
    At(day, NextMinute(), "征求意见结束", [w, id, who, answer, note]() -> Status {
      Applications apps(w->ctx, w->key);
      ASSIGN_OR_RETURN(requests::Case c, apps.Get(w->Who("office"), *id));
      ActInput in;
      for (const auto& k : c.consultations) {
        if (k.answered_on.empty()) in.consultation_id = k.id;
      }
      in.answer = answer;
      in.note = note;
      return apps.Act(w->Who(who), *id, CaseAction::kEndConsultation, in);
    });
    return *this;
  }
  CaseSteps& Fee(int day, int pages) {
    return Act(day, "office", CaseAction::kNoticeFee, [pages](ActInput& in) {
      in.fee_method = "volume";
      in.units = pages;
    });
  }
  CaseSteps& Paid(int day) { return Act(day, "office", CaseAction::kRecordPayment); }
  CaseSteps& FeeLapsed(int day) { return Act(day, "office", CaseAction::kFeeLapsed); }
  CaseSteps& Extend(int day, std::string reason, int days) {
    return Act(day, "office", CaseAction::kExtend, [reason, days](ActInput& in) {
      in.note = reason;
      in.days = days;
    });
  }
  CaseSteps& Draft(int day, std::string outcome, std::string reasons, std::string body = "",
                   std::vector<std::pair<std::string, std::string>> files = {}) {
    return Act(day, Handler(), CaseAction::kDraftReply, [outcome, reasons, body, files](ActInput& in) {
      in.outcome = outcome;
      in.reasons = reasons;
      in.body = body;
      in.files = files;
    });
  }
  // 区分处理 of the reply's file: its personal data removed, the copy replaces it.
  CaseSteps& RedactFile(int day) {
    Id id = id_;
    World* w = &w_;
    std::string who = Handler();
    At(day, NextMinute(), "区分处理", [w, id, who]() -> Status {
      Applications apps(w->ctx, w->key);
      ASSIGN_OR_RETURN(requests::Case c, apps.Get(w->Who("office"), *id));
      for (const auto& f : c.files) {
        if (!f.superseded) return apps.RedactReplyFile(w->Who(who), *id, f.id, {}).status();
      }
      return FailedPrecondition("没有可以区分处理的文件");
    });
    return *this;
  }
  CaseSteps& Approve(int day) { return Act(day, "office", CaseAction::kApproveReply); }
  CaseSteps& Issue(int day) { return Act(day, "office", CaseAction::kIssueReply); }
  CaseSteps& Deliver(int day, std::string how) {
    return Act(day, "office", CaseAction::kRecordDelivery, [how](ActInput& in) { in.delivery = how; });
  }
  // Drafted, approved, issued and delivered over three working days.
  CaseSteps& Reply(int day, std::string outcome, std::string reasons, std::string how = "电子邮件送达") {
    return Draft(day, outcome, reasons).Approve(day + 1).Issue(day + 1).Deliver(day + 2, how);
  }
  CaseSteps& Review(int day, std::string kind, std::string result, int decided_after) {
    Id id = id_;
    World* w = &w_;
    Date filed = w_.WorkdayAfter(received_, day);
    Date decided = w_.WorkdayAfter(filed, decided_after);
    // Recorded when the decision is known (or, still pending, when filed).
    bool known = decided <= w_.today;
    w_.timeline.At(World::At(known ? decided : filed, 330), label_ + "复议诉讼",
                   [w, id, kind, result, filed, decided, known]() -> Status {
      requests::ReviewInput in;
      in.kind = kind;
      in.filed_on = filed.ToString();
      in.body = "静安区人民政府";
      in.result = result;
      in.decided_on = known ? decided.ToString() : "";
      if (!known) in.result = "pending";
      return requests::Applications(w->ctx, w->key).AddReview(w->Who("office"), *id, in).status();
    });
    return *this;
  }

 private:
  std::string Handler() const { return dept_ ? dept_->clerk : "office"; }
  // Steps of one case on one day run in the order they were scheduled.
  int NextMinute() { return 30 + 15 * ++steps_; }

  void At(int day, int minute, std::string what, Timeline::Step step) {
    w_.timeline.At(World::At(w_.WorkdayAfter(received_, day), minute), label_ + what, std::move(step));
  }

  CaseSteps& Act(int day, std::string who, CaseAction a, std::function<void(ActInput&)> fill = {}) {
    Id id = id_;
    World* w = &w_;
    ActInput in;
    if (fill) fill(in);
    At(day, NextMinute(), requests::CaseActionLabel(a), [w, id, who, a, in]() {
      return Applications(w->ctx, w->key).Act(w->Who(who), *id, a, in);
    });
    return *this;
  }

  World& w_;
  Date received_;
  Id id_;
  std::string label_;
  const Dept* dept_ = nullptr;
  int steps_ = 0;
};

// The file of the 部分公开 reply: a list whose identity numbers must go.
std::vector<std::pair<std::string, std::string>> SubsidyList(World& w) {
  auto docx = DocxFile(w.agency_name, "既有多层住宅加装电梯补贴发放名单",
                       {"一、愚园路某小区5号楼加装电梯项目，补贴金额24万元，申请人代表身份证号码" + ResidentId(91) + "。",
                        "二、华山路某小区12号楼加装电梯项目，补贴金额24万元，申请人代表身份证号码" + ResidentId(92) + "。",
                        "三、常德路某小区3号楼加装电梯项目，补贴金额22万元，申请人代表身份证号码" + ResidentId(93) + "。"},
                       w.WorkdayBack(120));
  if (!docx.ok()) return {};
  return {{"加装电梯补贴发放名单.docx", *docx}};
}

}  // namespace

void ScheduleApplications(World& w) {
  const std::string y = std::to_string(w.today.year), ly = std::to_string(w.today.year - 1);
  int n = 0;
  auto make = [&](int back, std::string channel, std::string title, std::string description) {
    bool paper = channel == "post" || channel == "in_person";
    return CaseSteps(w, back, channel, Input(n++, w.Local(title), w.Local(description), paper));
  };
  // Full scenarios first (replied and closed), then the open ones; a small
  // office keeps a share of each.
  std::vector<std::function<void()>> closed = {
      [&] { make(228, "in_person", ly + "年度辖区老旧小区综合改造项目清单", "包括小区名称和改造内容").Assign(1, kFw).Reply(6, "granted", "", "邮寄送达"); },
      [&] { make(215, "online", "社区长者食堂运营补贴标准", "长者食堂每餐补贴金额及依据").Assign(1, kFw).Reply(8, "granted", ""); },
      [&] { make(205, "post", "愚园路某地块国有土地上房屋征收补偿方案", "征收补偿方案全文").Assign(1, kDzb).Reply(9, "unable.not_held",
              "经查，本机关不掌握该信息。房屋征收补偿方案由区房屋征收部门制作，建议向静安区住房保障和房屋管理局申请。", "邮寄送达"); },
      [&] { make(196, "online", "街道党工委会议关于社区微更新项目的讨论记录", "会议讨论记录").Assign(1, kGl)
              .Reply(10, "denied.process_info", "所申请的信息属于行政机关在履行职责过程中形成的讨论记录，属于过程性信息，依法可以不予公开。")
              .Review(30, "reconsideration", "upheld", 40); },
      [&] { make(188, "in_person", "关于小区停车收费的文件", "").Correction(2, "请明确所需信息的具体名称或文号、涉及的小区").Supplement(6)
              .Assign(7, kGl).Reply(12, "granted", "", "邮寄送达"); },
      [&] { make(182, "post", "有关本人房屋的全部材料", "").Correction(2, "请说明所需政府信息的名称、文号或者便于查询的其他特征性描述").CorrectionLapsed(14); },
      [&] { make(170, "online", "社区长者食堂运营服务合同", "街道与运营单位签订的服务合同").Assign(1, kFw)
              .Consult(3, "上海颐康餐饮管理有限公司").EndConsult(9, "consent", "同意公开").Reply(12, "granted", ""); },
      [&] { make(160, "email", "辖区某企业安全生产检查记录", "某企业近两年的检查记录").Assign(1, kGl)
              .Consult(3, "上海申达机电设备有限公司").EndConsult(8, "objection", "认为公开将损害其商业信誉")
              .Reply(11, "denied.third_party", "所申请的信息涉及第三方商业秘密，经征求意见，第三方不同意公开，公开后可能损害第三方合法权益。"); },
      [&] { make(150, "online", "2019年以来街道全部政府采购合同", "合同全文").Assign(1, kDzb).Fee(4, 160).Paid(8)
              .Reply(15, "granted", ""); },
      [&] { make(140, "post", "近十年辖区全部行政执法文书", "").Assign(1, kGl).Fee(3, 420).FeeLapsed(25); },
      [&] { make(128, "in_person", "社区综合为老服务中心建设项目资料", "立项、招标和验收材料").Assign(1, kFw)
              .Extend(15, "所申请信息涉及多个年度的档案，需调阅核对", 20).Reply(28, "granted", "", "邮寄送达"); },
      [&] { auto files = SubsidyList(w);
            make(118, "online", ly + "年加装电梯补贴发放名单", "补贴项目、金额和申请人").Assign(1, kFw)
              .Draft(8, "partial", "名单中申请人代表的身份证号码属于个人隐私，公开会对第三方合法权益造成损害，已作区分处理。",
                     "现提供区分处理后的补贴发放名单。", files)
              .RedactFile(8).Approve(9).Issue(9).Deliver(10, "电子邮件送达"); },
      [&] { make(110, "in_person", "要求查处邻居违法搭建的处理结果", "").Assign(1, kGl).Reply(6, "not_processed.petition",
              "您的申请实质是投诉举报，已转街道城运中心按投诉举报程序办理。", "邮寄送达"); },
      [&] { make(104, "online", "近五年辖区每个小区的停车位数量统计", "按年度、小区分列").Assign(1, kGl).Reply(10, "unable.need_creation",
              "本机关未制作和保存按年度、按小区分列的停车位统计，需要另行加工制作，依法不予提供。"); },
      [&] { make(98, "email", "街道工作人员考勤记录", "").Assign(1, kDzb).Reply(8, "denied.internal_affairs",
              "所申请的信息属于人事管理等内部事务信息，依法可以不予公开。"); },
      [&] { make(92, "online", "社区公益服务项目评审结果", y + "年度立项项目及评审得分").Assign(1, kFw).Reply(9, "granted", ""); },
      [&] { make(86, "post", "关于路面的文件", "").Correction(2, "请明确所指道路名称和所需文件的内容").Supplement(5).Assign(6, kGl)
              .Reply(10, "unable.unclear", "经补正，申请内容仍不明确，本机关无法确定所需政府信息。", "邮寄送达"); },
      [&] { make(80, "online", "静安寺街道" + y + "年部门预算", "").Assign(1, kDzb).Reply(3, "granted",
              "该信息已主动公开，可在本机关政府信息公开网站“财政信息—部门预算”栏目查阅。"); },
      [&] { make(72, "in_person", "对某餐饮店的行政处罚案卷", "").Assign(1, kGl).Reply(9, "denied.enforcement_file",
              "所申请的信息属于行政执法案卷信息，依法可以不予公开。", "邮寄送达"); },
      [&] { make(66, "online", "辖区养老服务设施分布情况", "设施名称、地址和床位数").Assign(1, kFw).Reply(8, "granted", ""); },
      [&] { make(58, "post", "某小区业委会选举备案材料", "").Assign(1, kDzb).Reply(7, "unable.not_held",
              "经查，本机关不掌握该信息。业主委员会选举备案由区房屋管理部门办理，建议向静安区住房保障和房屋管理局申请。", "邮寄送达"); },
      [&] { make(52, "online", "社区微更新项目居民意见征询结果", "").Assign(1, kGl).Reply(8, "granted", ""); },
      [&] { make(40, "online", "静安寺街道社区文化活动中心场地使用规定", "").Assign(1, kFw).Reply(6, "granted", ""); },
  };
  std::vector<std::function<void()>> open = {
      [&] { make(24, "online", "社区卫生服务站点设置情况", "").Assign(1, kFw).Draft(16, "granted", "").Approve(17).Issue(18); },
      [&] { make(17, "email", "辖区垃圾分类收运单位及合同", "").Assign(1, kGl).Draft(12, "granted", "").Approve(14); },
      [&] { make(15, "online", y + "年社区工作者招聘报名人数及录用情况", "").Assign(1, kDzb).Draft(13, "granted", ""); },
      [&] { make(12, "online", "社区长者食堂食材采购合同", "").Assign(1, kFw).Consult(3, "上海颐康餐饮管理有限公司"); },
      [&] { make(10, "post", "2015年以来街道全部会议纪要", "").Assign(1, kDzb).Fee(4, 300); },
      [&] { make(4, "in_person", "有关小区的规划材料", "").Correction(1, "请明确小区名称和所需规划材料的具体内容"); },
      [&] { make(18, "online", "辖区历年加装电梯项目档案", "立项、公示和验收材料").Assign(1, kFw)
              .Extend(15, "所申请信息数量较大，需从多个年度的档案中检索", 15); },
      [&] { make(26, "online", "街道" + ly + "年度城市管理执法统计", "").Assign(1, kGl); },
      [&] { make(23, "post", "辖区公共停车场收费标准及依据", "").Assign(2, kGl); },
      [&] { make(16, "online", "社区事务受理服务中心办件统计", "").Assign(2, kDzb); },
      [&] { make(14, "email", "社区公益服务项目资金使用情况", "").Assign(1, kFw); },
      [&] { make(9, "online", "辖区电动自行车集中充电设施点位", "").Assign(1, kGl); },
      [&] { make(6, "in_person", "街道办事处" + y + "年公务接待费明细", "").Assign(1, kDzb); },
      [&] { make(3, "email", "辖区应急避难场所名单", ""); },
      [&] { make(2, "online", "临时救助申请审批时限的规定", ""); },
      [&] { make(1, "post", "某小区雨污分流改造工程的施工许可", ""); },
      [&] { make(0, "online", "社区文化活动中心" + std::to_string(w.today.year + 1) + "年活动计划", ""); },
  };
  size_t keep_closed = std::min(closed.size(), static_cast<size_t>(w.Scaled(static_cast<int>(closed.size()))));
  size_t keep_open = std::min(open.size(), static_cast<size_t>(w.Scaled(static_cast<int>(open.size()))));
  for (size_t i = 0; i < keep_closed; ++i) closed[i]();
  for (size_t i = 0; i < keep_open; ++i) open[i]();
  w.summary.applications_open = static_cast<int>(keep_open);
}

}  // namespace gk::demo
