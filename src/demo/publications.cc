// The published items of the demo: monthly work reports of the 重点领域 and
// the one-off documents a street office publishes in a year (budget and
// final accounts, 规范性文件 with their 政策解读, notices, the guide, the
// annual report …), with a few attachments in PDF, DOCX, XLSX and OFD.
#include <algorithm>

#include "demo/items.h"

namespace gk::demo {
namespace {

// A monthly report: its category, department, ground and texts with {Y},
// {M} and {a}…{f} (numbers drawn per month).
struct Series {
  const char* category;
  const Dept* dept;
  const char* ground;
  const char* title;
  const char* summary;
  std::vector<const char*> body;
  int lo, hi;  // range of {a}; the other numbers follow from it
};

const std::vector<Series>& AllSeries() {
  static const std::vector<Series> kSeries = {
      {"0601", &kFw, "art20_11", "静安寺街道{Y}年{M}月社会救助工作情况",
       "公布{Y}年{M}月本街道最低生活保障、临时救助等社会救助工作情况。",
       {"{Y}年{M}月，本街道共有最低生活保障家庭{a}户、{b}人，当月发放最低生活保障金{c}万元；实施临时救助{d}户次。",
        "最低生活保障、特困人员供养、临时救助等申请，可向街道社区事务受理服务中心提出，经审核后在居民区公示。"},
       180, 230},
      {"0602", &kFw, "art20_11", "静安寺街道{Y}年{M}月长者照护与社区助餐服务情况",
       "公布{Y}年{M}月社区长者食堂、助餐点和综合为老服务中心的服务情况。",
       {"本月辖区长者食堂和社区助餐点共供餐{a}百人次，其中为高龄、独居等困难老人送餐上门{d}人次。",
        "街道综合为老服务中心本月提供日间照护{b}人次、居家照护{c}人次。"},
       80, 120},
      {"0603", &kFw, "art20_11", "静安寺街道{Y}年{M}月社区就业援助工作情况",
       "公布{Y}年{M}月社区就业援助、职业指导和技能培训情况。",
       {"本月新增就业岗位{a}个，帮助长期失业青年等就业困难人员实现就业{d}人，开展职业指导和技能培训{b}人次。",
        "有就业需求的居民可到街道社区事务受理服务中心就业服务窗口登记。"},
       60, 140},
      {"0604", &kFw, "art19", "静安寺街道{Y}年{M}月社区文化活动中心公益服务情况",
       "公布{Y}年{M}月社区文化活动中心开放、公益活动和图书借阅情况。",
       {"本月社区文化活动中心开放{e}天，举办讲座、展览、演出等公益活动{d}场，服务居民{b}人次。",
        "社区图书馆新增图书{a}册，办理借阅{c}人次。"},
       100, 300},
      {"0605", &kGl, "art20_6", "静安寺街道{Y}年{M}月城市综合执法工作情况",
       "公布{Y}年{M}月街道城市管理类诉求办理和综合执法情况。",
       {"本月街道城运中心受理城市管理类诉求{a}件，办结率{f}%；查处占道经营、违规设置户外广告等违法行为{d}起。",
        "执法检查中发现的问题已通报相关单位限期整改，整改情况将在下月通报。"},
       150, 260},
      {"0606", &kGl, "art20_13", "静安寺街道{Y}年{M}月安全生产检查情况通报",
       "通报{Y}年{M}月辖区生产经营单位安全生产检查和隐患整改情况。",
       {"本月街道安全生产检查组检查生产经营单位{a}家，发现安全隐患{d}处，已督促整改完毕。",
        "重点检查了沿街商铺、老旧小区电动自行车充电和建设工地等领域。"},
       60, 110},
      {"0607", &kFw, "art19", "静安寺街道{Y}年{M}月既有多层住宅加装电梯工作进展",
       "公布截至{Y}年{M}月底辖区既有多层住宅加装电梯的意见征询、立项和竣工情况。",
       {"截至{Y}年{M}月底，辖区既有多层住宅加装电梯累计完成意见征询{a}台，完成立项{d}台。",
        "有加装意向的居民可向所在居民区居委会咨询，街道社区服务办公室提供全程帮办服务。"},
       40, 60},
      {"0608", &kFw, "art20_11", "静安寺街道{Y}年{M}月社区法律服务工作情况",
       "公布{Y}年{M}月居民区法律顾问咨询和人民调解工作情况。",
       {"本月居民区法律顾问接待法律咨询{a}人次，街道人民调解委员会受理矛盾纠纷{d}件，均已依法调处。",
        "居民可在工作日到所在居民区预约法律顾问，或到街道公共法律服务工作站咨询。"},
       50, 120},
  };
  return kSeries;
}

// The monthly reports of the last `months` months, each formed on the
// third working day of the next month (no later than four working days ago).
void ScheduleSeries(World& w) {
  int months = std::clamp(w.Scaled(12), 1, 12);
  Date latest = w.WorkdayBack(4);
  for (int k = months; k >= 1; --k) {
    int idx = w.today.year * 12 + (w.today.month - 1) - k;
    int year = idx / 12, month = idx % 12 + 1;
    Date next{(idx + 1) / 12, (idx + 1) % 12 + 1, 1};
    while (!w.IsWorkday(next)) next = next.AddDays(1);
    Date formed = std::min(w.WorkdayAfter(next, 2), latest);
    for (const Series& s : AllSeries()) {
      int a = w.Pick(s.lo, s.hi);
      std::map<std::string, std::string> v = {
          {"Y", std::to_string(year)}, {"M", std::to_string(month)}, {"a", std::to_string(a)},
          {"b", std::to_string(a * 2 + w.Pick(5, 40))}, {"c", std::to_string(a / 4 + w.Pick(3, 20))},
          {"d", std::to_string(std::max(1, a / 10 + w.Pick(0, 6)))}, {"e", std::to_string(w.Pick(22, 26))},
          {"f", std::to_string(w.Pick(95, 100))}};
      ItemSpec spec;
      spec.category = s.category;
      spec.dept = s.dept;
      spec.ground = s.ground;
      spec.title = Fill(s.title, v);
      spec.summary = Fill(s.summary, v);
      for (const char* p : s.body) spec.body.push_back(Fill(p, v));
      spec.formed = formed;
      Id id = NewId();
      ScheduleItem(w, spec, id);
      w.published.push_back({id, spec.title, spec.category, PublishedOn(w, spec)});
    }
  }
}


std::vector<std::string> Texts(const World& w, const ItemSpec& spec, std::vector<std::string> texts) {
  for (std::string& t : texts) t = spec.Text(w, t);
  return texts;
}

FileSpec Pdf(std::string name, std::string title, std::vector<std::string> paragraphs) {
  return {std::move(name), [title, paragraphs](const World& w, const ItemSpec& spec) {
            return PdfFile(w.agency_name, spec.Text(w, title), Texts(w, spec, paragraphs));
          }};
}
// Dated the day the item is formed.
FileSpec Docx(std::string name, std::string title, std::vector<std::string> paragraphs) {
  return {std::move(name), [title, paragraphs](const World& w, const ItemSpec& spec) {
            return DocxFile(w.agency_name, spec.Text(w, title), Texts(w, spec, paragraphs), spec.formed);
          }};
}
FileSpec Xlsx(std::string name, std::vector<std::vector<std::string>> rows) {
  return {std::move(name), [rows](const World&, const ItemSpec&) { return XlsxFile(rows); }};
}
FileSpec Ofd(std::string name, std::string title, std::vector<std::string> lines) {
  return {std::move(name), [title, lines](const World& w, const ItemSpec& spec) {
            return OfdFile(spec.Text(w, title), Texts(w, spec, lines));
          }};
}

// The year-dependent placeholders for a document of `year`.
std::map<std::string, std::string> YearVars(int year) {
  return {{"Y", std::to_string(year)}, {"LY", std::to_string(year - 1)}, {"N", std::to_string(year + 1)},
          {"Y2", std::to_string(year + 2)}};
}

// The last working day on or after `month`-`day` that lies at least four
// working days before today, within the demo's year.
Date Anchor(const World& w, int month, int day) {
  Date latest = w.WorkdayBack(4);
  Date d{w.today.year, month, day};
  if (d > latest) d.year -= 1;
  while (!w.IsWorkday(d)) d = d.AddDays(1);
  return std::clamp(d, w.WorkdayBack(kSpanWorkdays - 5), latest);
}

// Texts use {Y} for the year the document is about (the year it is formed
// in), {LY} for the year before, {N} and {Y2} for the next ones.
struct OneOff {
  int back;        // formed this many working days ago, or
  int month, day;  // on the last such day at least a few working days ago
  ItemSpec spec;
};

ItemSpec Spec(const char* category, const Dept& dept, const char* ground, std::string title, std::string summary,
              std::vector<std::string> body, std::string doc_no = "", bool official = false) {
  ItemSpec s;
  s.category = category;
  s.dept = &dept;
  s.ground = ground;
  s.title = std::move(title);
  s.summary = std::move(summary);
  s.body = std::move(body);
  s.doc_no = std::move(doc_no);
  s.official = official;
  return s;
}

std::vector<OneOff> OneOffs() {
  std::vector<OneOff> v;
  // Formed `back` working days ago, or on the last `month`-`day` before
  // (documents of the yearly cycle: budgets in February, final accounts in
  // August …).
  auto add = [&](int back, ItemSpec s) { v.push_back({back, 0, 0, std::move(s)}); };
  auto add_on = [&](int month, int day, ItemSpec s) { v.push_back({0, month, day, std::move(s)}); };
  add(238, Spec("0101", kDzb, "art20_2", "静安寺街道办事处机构职能", "静安寺街道办事处的主要职能。",
                {"静安寺街道办事处是静安区人民政府的派出机关，负责辖区公共服务、公共管理和公共安全等工作。",
                 "主要职能：统筹社区发展，组织公共服务，实施综合管理，监督专业管理，动员社会参与，指导社区自治，维护社区平安。"}));
  add(236, Spec("0101", kDzb, "art20_2", "静安寺街道办事处办公地址、办公时间及联系方式",
                "静安寺街道办事处及社区事务受理服务中心的办公地址和办公时间。",
                {"办公时间：工作日上午9:00至11:30，下午13:30至17:00，法定节假日除外。",
                 "社区事务受理服务中心实行工作日全天受理，周六上午提供预约服务。"}));
  add(237, Spec("0103", kDzb, "art20_2", "静安寺街道办事处内设机构及职责", "街道办事处内设机构的名称和主要职责。",
                {"街道办事处设党政办公室、社区党建办公室、社区管理办公室、社区服务办公室、社区平安办公室、社区自治办公室、营商环境办公室。",
                 "各内设机构按照职责分工承担相应工作，具体职责见各机构介绍。"}));
  add(200, Spec("0102", kDzb, "art20_2", "静安寺街道办事处领导班子成员及分工", "街道办事处领导班子成员的职务和工作分工。",
                {"街道办事处主任主持街道办事处全面工作。",
                 "副主任分别分管社区服务、社区管理、社区平安和营商环境等工作。"}));
  add_on(1, 20, Spec("08", kDzb, "art20_15", "静安寺街道办事处政府信息公开指南（{Y}年版）",
                "公民、法人和其他组织获取本机关政府信息的途径、方式和程序。",
                {"本指南根据《中华人民共和国政府信息公开条例》编制，说明主动公开的信息分类、获取方式和依申请公开的办理程序。",
                 "申请人可通过政府信息公开网站在线申请，也可当面、邮寄或传真提交书面申请。本机关自收到申请之日起20个工作日内予以答复。"}));
  v.back().spec.files.push_back(Pdf("政府信息公开指南.pdf", "静安寺街道办事处政府信息公开指南",
                                    {"一、主动公开：本机关主动公开的政府信息，通过政府信息公开网站、公开栏、社区事务受理服务中心等渠道公开。",
                                     "二、依申请公开：申请人可以通过网上申请、当面提交、邮寄、传真等方式提出申请。",
                                     "三、答复期限：自收到申请之日起20个工作日内答复；需要延长的，经负责人同意可延长不超过20个工作日。"}));
  add(231, Spec("09", kDzb, "art20_15", "静安寺街道政府信息公开工作制度", "本街道政府信息公开工作的组织、程序和责任。",
                {"为规范本街道政府信息公开工作，保障公民、法人和其他组织依法获取政府信息，制定本制度。",
                 "本制度包括主动公开、依申请公开、保密审查、档案管理和监督保障等内容。"}));
  add(230, Spec("09", kDzb, "art20_15", "静安寺街道政府信息公开保密审查制度", "政府信息公开前保密审查的范围、程序和责任。",
                {"政府信息公开前，按照承办人初审、部门负责人审查、分管领导审核、主要领导审批的程序进行保密审查。",
                 "对是否涉及国家秘密不能确定的，依照法律法规和国家有关规定报有关主管部门确定。"}));
  add_on(2, 10, Spec("0401", kDzb, "art20_7", "静安寺街道办事处{Y}年部门预算", "本机关{Y}年部门预算及说明。",
                {"本机关{Y}年收入预算与支出预算均按照区财政局批复编制，支出主要用于社区公共服务、社区管理和机关运行。",
                 "预算表格及说明详见附件。"}));
  v.back().spec.files.push_back(Xlsx("{Y}年部门预算表.xlsx", {{"项目", "预算数（万元）"}, {"一般公共服务支出", "1860.50"},
                                                             {"公共安全支出", "420.30"}, {"社会保障和就业支出", "2315.80"},
                                                             {"城乡社区支出", "1540.20"}, {"合计", "6136.80"}}));
  v.back().spec.files.push_back(Pdf("{Y}年部门预算说明.pdf", "静安寺街道办事处{Y}年部门预算说明",
                                    {"一、部门主要职能。二、部门预算单位构成。三、收支预算总体情况。",
                                     "四、财政拨款支出预算情况。五、“三公”经费预算情况。六、其他重要事项说明。"}));
  add_on(2, 12, Spec("0403", kDzb, "art20_7", "静安寺街道办事处{Y}年“三公”经费预算情况说明",
                "本机关{Y}年因公出国（境）费、公务用车购置及运行费、公务接待费预算。",
                {"本机关{Y}年“三公”经费财政拨款预算比上年有所下降，主要是严格控制公务接待和公务用车运行支出。",
                 "本机关{Y}年无因公出国（境）费预算。"}));
  add_on(8, 20, Spec("0402", kDzb, "art20_7", "静安寺街道办事处{LY}年部门决算", "本机关{LY}年部门决算及说明。",
                {"本机关{LY}年度收入、支出决算情况及决算说明。", "决算表格详见附件。"}));
  v.back().spec.files.push_back(Xlsx("{LY}年部门决算表.xlsx", {{"项目", "决算数（万元）"}, {"一般公共服务支出", "1812.36"},
                                                              {"公共安全支出", "401.12"}, {"社会保障和就业支出", "2288.05"},
                                                              {"城乡社区支出", "1497.66"}, {"合计", "5999.19"}}));
  add_on(8, 22, Spec("0403", kDzb, "art20_7", "静安寺街道办事处{LY}年“三公”经费决算情况说明",
                "本机关{LY}年“三公”经费决算情况。",
                {"本机关{LY}年“三公”经费决算数低于预算数，主要是厉行节约、压减公务接待。",
                 "公务用车购置及运行费主要用于社区应急处置和城市管理巡查。"}));
  v.back().spec.files.push_back(Xlsx("{LY}年“三公”经费决算表.xlsx",
                                     {{"项目", "预算数（万元）", "决算数（万元）"}, {"因公出国（境）费", "0", "0"},
                                      {"公务用车购置及运行费", "12.00", "10.86"}, {"公务接待费", "1.50", "0.92"}}));
  add_on(2, 20, Spec("0404", kDzb, "art20_9", "静安寺街道{Y}年政府采购意向公开", "本机关{Y}年政府采购项目的采购意向。",
                {"为便于供应商及时了解政府采购信息，现将本机关{Y}年政府采购意向公开如下。",
                 "主要包括社区综合为老服务中心运营服务、老旧小区综合改造工程监理服务、社区安全巡查服务等项目。"}));
  add(160, Spec("0404", kDzb, "art20_9", "静安寺街道社区综合为老服务中心运营服务项目采购结果公告",
                "社区综合为老服务中心运营服务项目的采购结果。",
                {"本项目采用公开招标方式采购，经评标委员会评审，确定中标供应商。", "中标金额、服务期限等详见附件。"}));
  v.back().spec.files.push_back(Pdf("采购结果公告.pdf", "社区综合为老服务中心运营服务项目采购结果公告",
                                    {"项目名称：静安寺街道社区综合为老服务中心运营服务项目。", "采购方式：公开招标。",
                                     "服务期限：自合同签订之日起一年。"}));
  add(95, Spec("0404", kDzb, "art20_9", "静安寺街道老旧小区综合改造工程监理服务采购结果公告",
               "老旧小区综合改造工程监理服务项目的采购结果。",
               {"本项目采用竞争性磋商方式采购，确定成交供应商。", "服务范围为辖区{Y}年老旧小区综合改造工程的全过程监理。"}));
  add_on(3, 5, Spec("0202", kDzb, "art19", "静安寺街道{Y}年政府信息公开工作要点", "本街道{Y}年政府信息公开工作的主要任务。",
                {"围绕重点领域信息公开、政策解读、依申请公开办理和公开平台建设等方面，明确全年工作任务。",
                 "各部门按照职责分工落实，公开办做好统筹协调和督促检查。"}));
  add_on(3, 20, Spec("0202", kDzb, "art19", "静安寺街道{LY}年法治政府建设情况报告", "本街道{LY}年法治政府建设的主要举措和成效。",
                {"{LY}年，本街道深入推进依法行政，健全重大行政决策程序，规范行政执法行为。",
                 "下一步将继续加强法治宣传教育，提升基层依法治理水平。"}));
  add_on(3, 25, Spec("0202", kDzb, "art19", "静安寺街道{Y}年法治政府建设工作计划", "本街道{Y}年法治政府建设的工作安排。",
                {"围绕依法决策、严格执法、公开透明、矛盾化解等方面，制定{Y}年法治政府建设工作计划。",
                 "各部门要明确责任人和完成时限，确保各项任务落到实处。"}));
  add_on(3, 28, Spec("0202", kGl, "art19", "静安寺街道{Y}年平安建设工作要点", "本街道{Y}年平安建设的主要任务。",
                {"坚持预防为主、综合治理，加强社会治安防控、矛盾纠纷排查化解和公共安全隐患治理。",
                 "推进居民区平安志愿者队伍建设，提升群防群治水平。"}));
  add_on(3, 10, Spec("0301", kDzb, "art20_3", "静安寺街道{Y}年度重大行政决策事项目录", "本街道{Y}年度重大行政决策事项。",
                {"经街道党工委会议审议，确定{Y}年度重大行政决策事项2项：社区微更新三年行动计划、社区公益服务项目管理办法。",
                 "决策过程中将依法履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。"}));
  add(75, Spec("0302", kGl, "art19", "关于《静安寺街道社区微更新项目管理办法（征求意见稿）》公开征求意见的公告",
               "公开征求社会公众对社区微更新项目管理办法的意见建议。",
               {"为提高决策的科学性和透明度，现将《静安寺街道社区微更新项目管理办法（征求意见稿）》全文公布，公开征求意见。",
                "意见征集期为30日，可通过政府信息公开网站留言或书面寄送街道社区管理办公室。"}));
  add(60, Spec("0303", kGl, "art20_3", "静安寺街道社区微更新三年行动计划（{Y}—{Y2}年）",
               "社区微更新三年行动计划的目标、任务和保障措施。",
               {"三年内完成辖区公共空间微更新项目不少于30个，重点改善老旧小区公共空间、口袋公园和街巷环境。",
                "项目实行居民提议、方案公示、共同实施、效果评议的全过程参与机制。"},
               "静安寺办〔{Y}〕12号", true));
  add_on(3, 15, Spec("0601", kFw, "art20_11", "静安寺街道{Y}年社会救助政策告知书", "社会救助的对象、条件、标准和申请程序。",
                {"本市最低生活保障标准为每人每月1510元，符合条件的家庭可按规定申请最低生活保障。",
                 "因突发事件、意外伤害等导致基本生活暂时出现严重困难的家庭和个人，可申请临时救助。"}));
  add_on(4, 8, Spec("0602", kFw, "art20_11", "静安寺街道{Y}年为老服务实事项目", "本街道{Y}年为老服务实事项目安排。",
                {"新建社区长者食堂1家、社区助餐点2个，完成适老化改造家庭不少于50户。",
                 "推进“养老顾问”进居民区，为老年人提供政策咨询和服务指引。"}));
  add_on(4, 20, Spec("0603", kFw, "art20_11", "静安寺街道{Y}年春季专场招聘会公告", "春季专场招聘会的时间、地点和参会方式。",
                {"为促进辖区居民就业，街道将举办春季专场招聘会，邀请辖区企业提供就业岗位。",
                 "求职者可携带个人简历现场参加，无需报名。"}));
  add_on(6, 10, Spec("0604", kFw, "art19", "静安寺街道{Y}年“社区文化节”活动方案", "社区文化节的活动内容和安排。",
                {"社区文化节包括文艺展演、书画展览、读书分享和非遗体验等活动。",
                 "各居民区可组织居民报名参加，活动免费向居民开放。"}));
  add(170, Spec("0605", kGl, "art20_6", "静安寺街道关于开展违法建筑专项整治的通告", "违法建筑专项整治的范围、时间和要求。",
                {"为维护城市规划秩序和公共安全，街道决定在辖区开展违法建筑专项整治。",
                 "当事人应在通告规定期限内自行整改；逾期不整改的，依法予以处理。"}));
  add_on(3, 3, Spec("0606", kGl, "art20_13", "静安寺街道{Y}年安全生产工作要点", "本街道{Y}年安全生产工作的主要任务。",
                {"压实安全生产责任，深化重点行业领域安全隐患排查整治。",
                 "重点做好电动自行车、燃气、高层建筑消防和建设工地等领域的安全监管。"}));
  add_on(5, 20, Spec("0606", kGl, "art20_12", "静安寺街道防汛防台应急预案（{Y}年修订）", "防汛防台的组织体系、预警响应和处置措施。",
                {"本预案适用于辖区内暴雨、台风等灾害性天气引发的突发事件的预防和应急处置。",
                 "预警分为蓝色、黄色、橙色、红色四级，街道按预警级别启动相应的应急响应。"}));
  v.back().spec.files.push_back(Docx("防汛防台应急预案.docx", "静安寺街道防汛防台应急预案",
                                     {"一、总则。二、组织体系和职责。三、预警和预防。四、应急响应。五、后期处置。六、保障措施。"}));
  add_on(5, 10, Spec("0607", kFw, "art19", "静安寺街道{Y}年“美丽家园”老旧小区综合改造项目公示",
                "本街道{Y}年老旧小区综合改造项目的小区名单和改造内容。",
                {"经居民意见征询，{Y}年拟对辖区5个老旧小区实施综合改造，主要内容包括屋面防水、外墙修缮、雨污分流和适老化改造。",
                 "公示期内居民如有意见，可向所在居民区居委会或街道社区服务办公室反映。"}));
  add_on(4, 15, Spec("0608", kFw, "art20_11", "静安寺街道{Y}年公共法律服务工作安排", "本街道{Y}年公共法律服务的主要安排。",
                {"继续推行居民区法律顾问制度，每个居民区每月提供不少于2次法律咨询服务。",
                 "加强人民调解组织建设，做好矛盾纠纷排查化解工作。"}));
  add_on(7, 15, Spec("0608", kFw, "art20_11", "静安寺街道人民调解工作情况（{Y}年上半年）", "上半年人民调解工作的主要情况。",
                {"上半年街道和居民区人民调解组织共受理矛盾纠纷312件，调解成功305件。",
                 "主要涉及邻里纠纷、物业纠纷和家庭纠纷。"}));
  add(130, Spec("05", kDzb, "art19", "关于区人大代表“关于加强老旧小区电动自行车充电设施建设的建议”办理情况的答复",
                "区人大代表建议的办理情况。",
                {"街道高度重视代表建议，会同相关部门在辖区老旧小区新增电动自行车集中充电设施。",
                 "下一步将继续推进充电设施建设，加强安全巡查。"}));
  add(128, Spec("05", kDzb, "art19", "关于区政协委员“关于完善社区嵌入式养老服务的提案”办理情况的答复",
                "区政协委员提案的办理情况。",
                {"街道结合社区实际，推进社区嵌入式养老服务设施建设，新增日间照护床位。",
                 "将继续完善为老服务网络，提升服务质量。"}));
  add_on(4, 25, Spec("07", kDzb, "art20_14", "静安寺街道{Y}年公开招聘社区工作者公告", "社区工作者招聘的岗位、名额、条件和程序。",
                {"本次计划招聘社区工作者12名，报考者应具有本市常住户口或居住证，年龄在35周岁以下，具有大专及以上学历。",
                 "招聘程序包括报名、资格审查、笔试、面试、体检和考察。"}));
  add_on(7, 5, Spec("07", kDzb, "art20_14", "静安寺街道{Y}年公开招聘社区工作者拟录用人员公示", "社区工作者招聘的拟录用结果。",
                {"经笔试、面试、体检和考察，拟录用社区工作者12名，拟录用人员名单已在街道公开栏张贴。",
                 "公示期为7个工作日，对公示人员有异议的，可向街道党政办公室书面反映。"}));
  add_on(5, 28, Spec("07", kDzb, "art19", "关于召开{Y}年度社区代表会议的公告", "社区代表会议的时间、议程。",
                {"街道定于近期召开{Y}年度社区代表会议，听取街道工作报告，审议为民办实事项目。",
                 "各居民区社区代表按时参加。"}));
  add(80, Spec("07", kDzb, "art19", "关于静安寺街道社区事务受理服务中心试行延时服务的公告", "社区事务受理服务中心试行延时服务。",
               {"为方便上班族办事，社区事务受理服务中心自下月起每周三延时服务至19:00。",
                "延时服务期间受理社会保障、就业、医保等高频事项。"}));
  add(20, Spec("07", kDzb, "art19", "关于征集{N}年为民办实事项目意见建议的公告", "征集下一年度为民办实事项目的意见建议。",
               {"为更好回应居民需求，现面向辖区居民、单位征集{N}年为民办实事项目的意见建议。",
                "可通过政府信息公开网站留言、居民区意见箱或书面方式提出。"}));
  add(145, Spec("0605", kGl, "art20_6", "静安寺街道关于加强住宅小区电动自行车停放充电管理的通告",
                "住宅小区电动自行车停放充电的管理要求。",
                {"禁止在楼道、疏散通道、安全出口停放电动自行车或为其充电，禁止私拉电线“飞线”充电。",
                 "对违反规定的，街道将会同物业服务企业督促整改；拒不整改的，依法予以处理。"}));
  add_on(6, 20, Spec("0602", kFw, "art20_11", "静安寺街道{Y}年高龄老人营养餐服务项目公示", "高龄老人营养餐服务项目的对象和服务内容。",
                     {"为辖区80周岁以上独居、纯老家庭老人提供营养餐配送服务，每餐按规定给予补贴。",
                      "符合条件的老人可向所在居民区居委会提出申请。"}));
  add(115, Spec("07", kDzb, "art19", "关于开展{Y}年度“睦邻节”系列活动的通知", "“睦邻节”系列活动的内容和安排。",
                {"为营造和谐邻里氛围，街道将在各居民区开展邻里聚餐、楼组议事、才艺展示等“睦邻节”系列活动。",
                 "各居民区结合实际制定活动方案，活动向全体居民开放。"}));
  add_on(9, 15, Spec("0601", kFw, "art20_11", "静安寺街道{Y}年困难群众医疗救助政策问答", "困难群众医疗救助的对象、标准和申请方式。",
                     {"最低生活保障家庭成员、特困供养人员等困难群众，在基本医疗保险报销后的自负费用可按规定申请医疗救助。",
                      "申请人可持相关材料到街道社区事务受理服务中心办理。"}));
  return v;
}

// 规范性文件 with their 政策解读; the first policy replaces an older trial
// version, which is repealed when the new one is published.
struct Policy {
  int back;
  std::string title, doc_no, summary;
  std::vector<std::string> body;
  bool with_files;
};

std::vector<Policy> Policies() {
  return {
      {120, "静安寺街道社区公益服务项目管理办法", "静安寺规〔{Y}〕2号", "规范社区公益服务项目的立项、实施、评估和资金管理。",
       {"第一条 为规范社区公益服务项目管理，提高资金使用效益，制定本办法。",
        "第二条 社区公益服务项目实行公开征集、专家评审、社区公示、合同管理和绩效评估。",
        "第三条 本办法自发布之日起施行，《静安寺街道社区公益服务项目管理办法（试行）》同时废止。"},
       false},
      {150, "静安寺街道既有多层住宅加装电梯补贴资金管理办法", "静安寺规〔{Y}〕1号", "加装电梯补贴资金的对象、标准、申请和监督。",
       {"第一条 为推进既有多层住宅加装电梯工作，规范补贴资金管理，制定本办法。",
        "第二条 补贴对象为辖区内已完成竣工验收并投入使用的既有多层住宅加装电梯项目。",
        "第三条 补贴资金实行申请、审核、公示、拨付的程序，接受审计和社会监督。"},
       true},
      {90, "静安寺街道困难群众临时救助实施细则", "静安寺规〔{Y}〕3号", "临时救助的对象、标准、程序和监督管理。",
       {"第一条 为做好困难群众临时救助工作，制定本细则。",
        "第二条 临时救助分为急难型救助和支出型救助，实行“先行救助、事后补证”。",
        "第三条 街道社区事务受理服务中心负责受理临时救助申请。"},
       false},
      {50, "静安寺街道社区微更新项目管理办法", "静安寺规〔{Y}〕4号", "社区微更新项目的申报、实施、验收和维护管理。",
       {"第一条 为规范社区微更新项目管理，提升社区公共空间品质，制定本办法。",
        "第二条 微更新项目由居民区提出需求，街道组织方案设计和居民意见征询。",
        "第三条 项目竣工后由居民代表参与验收，并明确后续维护责任。"},
       false},
  };
}

void SchedulePolicies(World& w) {
  // The trial version, published early in the year and repealed later.
  ItemSpec old = Spec("0201", kFw, "art20_1", "静安寺街道社区公益服务项目管理办法（试行）", "社区公益服务项目的试行管理规定。",
                      {"第一条 为规范社区公益服务项目管理，制定本办法。", "第二条 本办法试行期间，社区公益服务项目实行立项评审制度。"},
                      "静安寺规〔{Y}〕2号", true);
  old.formed = w.WorkdayBack(234);
  old.vars = YearVars(old.formed.year);
  Id old_id = NewId();
  ScheduleItem(w, old, old_id);
  w.published.push_back({old_id, old.title, old.category, PublishedOn(w, old)});
  std::vector<Policy> policies = Policies();
  policies.resize(std::clamp(w.Scaled(4), 1, 4));
  for (size_t i = 0; i < policies.size(); ++i) {
    const Policy& p = policies[i];
    ItemSpec s = Spec("0201", kFw, "art20_1", p.title, p.summary, p.body, p.doc_no, true);
    s.formed = w.WorkdayBack(p.back);
    s.vars = YearVars(s.formed.year);
    if (p.with_files) {
      s.files.push_back(Docx(p.title + ".docx", p.title, p.body));
      s.files.push_back(Ofd(p.title + ".ofd", p.title, p.body));
    }
    Id id = NewId();
    ScheduleItem(w, s, id);
    Date published = PublishedOn(w, s);
    w.published.push_back({id, s.Text(w, s.title), s.category, published});
    if (i == 0) {
      ScheduleRepeal(w, old_id, published,
                     s.Text(w, "已被" + p.doc_no + "《" + p.title + "》替代，自该文件发布之日起废止。"));
    }
    ItemSpec in = Spec("0203", kFw, "art20_1", "《" + p.title + "》政策解读", "解读" + p.title + "的制定背景、主要内容和适用范围。",
                       {"一、制定背景：" + p.summary, "二、主要内容：明确了适用范围、办理程序和监督管理要求。",
                        "三、施行时间：自发布之日起施行。如有疑问，可咨询街道社区服务办公室。"});
    in.formed = w.WorkdayAfter(published, 1);
    in.interprets = id;
    Id in_id = NewId();
    ScheduleItem(w, in, in_id);
    w.published.push_back({in_id, in.title, in.category, PublishedOn(w, in)});
  }
}

// A notice published with a wrong date, withdrawn, and published again corrected.
void ScheduleCorrectedNotice(World& w) {
  ItemSpec wrong = Spec("07", kDzb, "art19", "关于社区事务受理服务中心系统升级期间暂停部分业务办理的通知",
                        "社区事务受理服务中心业务系统升级期间的办理安排。",
                        {"因业务系统升级，社区事务受理服务中心将于本周六至下周一暂停办理社保卡、医保等业务。",
                         "暂停期间如有紧急事项，请联系所在居民区居委会。"});
  wrong.formed = w.WorkdayBack(212);
  Id wrong_id = NewId();
  ScheduleItem(w, wrong, wrong_id);
  Date out = w.WorkdayAfter(PublishedOn(w, wrong), 1);
  ScheduleWithdrawal(w, wrong_id, out, "通知中的暂停办理日期有误，已撤回并重新发布更正后的通知。");
  ItemSpec right = wrong;
  right.title += "（更正）";
  right.body[0] = "因业务系统升级，社区事务受理服务中心将于本周六至周日暂停办理社保卡、医保等业务，下周一恢复办理。";
  right.formed = out;
  Id right_id = NewId();
  ScheduleItem(w, right, right_id);
  w.published.push_back({right_id, right.title, right.category, PublishedOn(w, right)});
}

}  // namespace

void ScheduleItems(World& w) {
  ScheduleSeries(w);
  std::vector<OneOff> oneoffs = OneOffs();
  size_t keep = std::min(oneoffs.size(), static_cast<size_t>(w.Scaled(static_cast<int>(oneoffs.size()))));
  for (size_t i = 0; i < keep; ++i) {
    OneOff& o = oneoffs[i];
    o.spec.formed = o.month ? Anchor(w, o.month, o.day) : w.WorkdayBack(o.back);
    o.spec.vars = YearVars(o.spec.formed.year);
    Id id = NewId();
    ScheduleItem(w, o.spec, id);
    w.published.push_back({id, o.spec.Text(w, o.spec.title), o.spec.category, PublishedOn(w, o.spec)});
  }
  SchedulePolicies(w);
  ScheduleCorrectedNotice(w);
  ScheduleAnnualReportItem(w);
}

}  // namespace gk::demo
