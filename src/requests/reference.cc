#include "requests/reference.h"

#include <algorithm>

namespace gk::requests {
namespace {

constexpr ApplicantTypeInfo kApplicantTypes[] = {
    {ApplicantType::kNatural, "natural", "自然人"},
    {ApplicantType::kCommercial, "commercial", "商业企业"},
    {ApplicantType::kResearch, "research", "科研机构"},
    {ApplicantType::kPublicWelfare, "public_welfare", "社会公益组织"},
    {ApplicantType::kLegalService, "legal_service", "法律服务机构"},
    {ApplicantType::kOtherOrg, "other_org", "其他"},
};

constexpr ChannelInfo kChannels[] = {
    {Channel::kOnline, "online", "网上申请", "互联网渠道提交的，以双方确认之日为收到申请之日"},
    {Channel::kInPerson, "in_person", "当面提交", "当面提交的，以提交之日为收到申请之日"},
    {Channel::kPost, "post", "邮寄",
     "邮寄需签收的，以签收之日为收到申请之日；平常信函等无需签收的，以与申请人确认之日为收到申请之日"},
    {Channel::kFax, "fax", "传真", "通过传真提交的，以双方确认之日为收到申请之日"},
    {Channel::kEmail, "email", "电子邮件", "通过电子邮件提交的，以双方确认之日为收到申请之日"},
};

#define REG "《中华人民共和国政府信息公开条例》"

constexpr Outcome kOutcomes[] = {
    {"granted", OutcomeGroup::kGranted, "予以公开", "予以公开", REG "第三十六条第（一）项、第（二）项",
     "您申请获取的政府信息属于公开范围，现予以公开。"},
    {"partial", OutcomeGroup::kPartial, "部分公开", "部分公开（区分处理的，只计这一情形，不计其他情形）",
     REG "第三十七条",
     "您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，现向您提供可以公开的部分，不予公开部分的理由见下。"},
    {"denied.state_secret", OutcomeGroup::kDenied, "不予公开", "属于国家秘密", REG "第十四条",
     "您申请获取的政府信息属于国家秘密，依法不予公开。"},
    {"denied.law_forbidden", OutcomeGroup::kDenied, "不予公开", "其他法律行政法规禁止公开", REG "第十四条",
     "您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，不予公开。"},
    {"denied.security_stability", OutcomeGroup::kDenied, "不予公开", "危及“三安全一稳定”", REG "第十四条",
     "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，不予公开。"},
    {"denied.third_party", OutcomeGroup::kDenied, "不予公开", "保护第三方合法权益", REG "第十五条",
     "您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，不予公开。"},
    {"denied.internal_affairs", OutcomeGroup::kDenied, "不予公开", "属于三类内部事务信息", REG "第十六条第一款",
     "您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息，可以不予公开。"},
    {"denied.process_info", OutcomeGroup::kDenied, "不予公开", "属于四类过程性信息", REG "第十六条第二款",
     "您申请获取的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，可以不予公开。"},
    {"denied.enforcement_file", OutcomeGroup::kDenied, "不予公开", "属于行政执法案卷", REG "第十六条第二款",
     "您申请获取的政府信息属于行政执法案卷信息，可以不予公开。"},
    {"denied.query_matter", OutcomeGroup::kDenied, "不予公开", "属于行政查询事项", REG "第三十六条第（七）项",
     "您申请获取的信息属于行政查询事项，有关法律、行政法规对信息的获取有特别规定，请依照有关规定办理。"},
    {"unable.not_held", OutcomeGroup::kUnable, "无法提供", "本机关不掌握相关政府信息",
     REG "第三十六条第（四）项、第（五）项", "经检索，本机关未制作或获取您申请公开的政府信息。"},
    {"unable.need_creation", OutcomeGroup::kUnable, "无法提供", "没有现成信息需要另行制作", REG "第三十八条",
     "您申请获取的信息需要本机关对现有政府信息进行加工、分析，本机关可以不予提供。"},
    {"unable.unclear", OutcomeGroup::kUnable, "无法提供", "补正后申请内容仍不明确", REG "第三十条",
     "经补正，您的申请内容仍不明确，本机关无法确定您所需的政府信息。"},
    {"not_processed.petition", OutcomeGroup::kNotProcessed, "不予处理", "信访举报投诉类申请", REG "第三十九条第一款",
     "您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，请通过相应渠道提出。"},
    {"not_processed.repeat", OutcomeGroup::kNotProcessed, "不予处理", "重复申请", REG "第三十六条第（六）项",
     "您向本机关重复申请公开相同政府信息，本机关已就该政府信息作出答复，不予重复处理。"},
    {"not_processed.publication", OutcomeGroup::kNotProcessed, "不予处理", "要求提供公开出版物",
     REG "第三十九条第二款", "您申请获取的是公开出版物，请通过公开出版物的获取途径获取。"},
    {"not_processed.excessive", OutcomeGroup::kNotProcessed, "不予处理", "无正当理由大量反复申请",
     REG "第三十五条", "您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。"},
    {"not_processed.confirm", OutcomeGroup::kNotProcessed, "不予处理", "要求行政机关确认或重新出具已获取信息",
     REG "第三十八条", "您要求本机关确认或重新出具已获取的信息，不属于政府信息公开申请的处理范围，不予处理。"},
    {"other.no_correction", OutcomeGroup::kOther, "其他处理",
     "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", REG "第三十条",
     "您无正当理由逾期未补正申请，视为放弃申请，本机关不再处理您的政府信息公开申请。"},
    {"other.no_fee", OutcomeGroup::kOther, "其他处理",
     "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     REG "第四十二条、《政府信息公开信息处理费管理办法》",
     "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理您的政府信息公开申请。"},
    {"other.other", OutcomeGroup::kOther, "其他处理", "其他", REG, "本机关对您的申请作如下处理："},
};

#undef REG

constexpr const char* kGroupLabels[] = {"予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"};

struct Named {
  const char* key;
  const char* label;
};
constexpr Named kForms[] = {{"paper", "纸质"}, {"electronic", "电子"}, {"reading", "现场查阅"}};
constexpr Named kDeliveries[] = {{"post", "邮寄"}, {"email", "电子邮件"}, {"collect", "当面领取"}, {"online", "网上获取"}};

template <typename E, size_t N>
std::optional<E> FromKey(const Named (&table)[N], std::string_view key) {
  for (size_t i = 0; i < N; ++i) {
    if (key == table[i].key) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::span<const ApplicantTypeInfo> ApplicantTypes() { return kApplicantTypes; }
const ApplicantTypeInfo& Info(ApplicantType t) { return kApplicantTypes[static_cast<int>(t)]; }
std::optional<ApplicantType> ApplicantTypeFromKey(std::string_view key) {
  for (const auto& t : kApplicantTypes) {
    if (key == t.key) return t.type;
  }
  return std::nullopt;
}

std::span<const ChannelInfo> Channels() { return kChannels; }
const ChannelInfo& Info(Channel c) { return kChannels[static_cast<int>(c)]; }
std::optional<Channel> ChannelFromKey(std::string_view key) {
  for (const auto& c : kChannels) {
    if (key == c.key) return c.channel;
  }
  return std::nullopt;
}

std::span<const Outcome> Outcomes() { return kOutcomes; }
const Outcome* FindOutcome(std::string_view key) {
  auto it = std::find_if(std::begin(kOutcomes), std::end(kOutcomes), [&](const Outcome& o) { return key == o.key; });
  return it == std::end(kOutcomes) ? nullptr : &*it;
}
const char* GroupLabel(OutcomeGroup g) { return kGroupLabels[static_cast<int>(g)]; }

bool Withholds(OutcomeGroup g) { return g == OutcomeGroup::kPartial || g == OutcomeGroup::kDenied; }

const char* FormKey(Form f) { return kForms[static_cast<int>(f)].key; }
const char* FormLabel(Form f) { return kForms[static_cast<int>(f)].label; }
std::optional<Form> FormFromKey(std::string_view key) { return FromKey<Form>(kForms, key); }
const char* DeliveryKey(Delivery d) { return kDeliveries[static_cast<int>(d)].key; }
const char* DeliveryLabel(Delivery d) { return kDeliveries[static_cast<int>(d)].label; }
std::optional<Delivery> DeliveryFromKey(std::string_view key) { return FromKey<Delivery>(kDeliveries, key); }

}  // namespace gk::requests
