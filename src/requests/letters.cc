#include "requests/letters.h"

#include <set>

#include "base/date.h"
#include "base/statutory.h"
#include "base/strings.h"

namespace gk::requests {
namespace {

constexpr char kRemedies[] =
    "如对本答复不服，可以自收到本答复之日起60日内向{{review_body}}申请行政复议，"
    "或者自收到本答复之日起6个月内向{{court}}提起行政诉讼。";

constexpr LetterKindInfo kKinds[] = {
    {LetterKind::kReply, "reply", "政府信息公开申请答复书", "公复",
     "本机关于{{received_date}}收到您提出的政府信息公开申请（申请编号：{{ref}}），申请获取“{{info}}”。经研究，现答复如下：\n"
     "{{decision}}\n"
     "{{reasons}}\n"
     "{{details}}\n"
     "根据{{basis}}的规定，特此答复。\n"
     "{{remedies}}",
     "received_date ref info decision reasons details basis remedies review_body court agency",
     "decision reasons basis remedies"},
    {LetterKind::kCorrection, "correction", "政府信息公开申请补正告知书", "公补",
     "本机关于{{received_date}}收到您提出的政府信息公开申请（申请编号：{{ref}}）。经审查，您的申请内容不明确，"
     "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下内容作出补正：\n"
     "{{correction}}\n"
     "请您于{{correction_deadline}}前将补正后的申请提交本机关。答复期限自本机关收到补正后的申请之日起计算。"
     "您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
     "received_date ref info correction correction_deadline agency", "correction correction_deadline"},
    {LetterKind::kExtension, "extension", "政府信息公开申请延期答复告知书", "公延",
     "本机关于{{received_date}}收到您提出的政府信息公开申请（申请编号：{{ref}}），申请获取“{{info}}”。"
     "因{{reason}}，本机关不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，"
     "经本机关政府信息公开工作机构负责人同意，答复期限延长{{extension_days}}个工作日，"
     "本机关将于{{new_due}}前作出答复。",
     "received_date ref info reason extension_days new_due agency", "reason extension_days new_due"},
    {LetterKind::kConsultation, "consultation", "政府信息公开征求意见书", "公征",
     "本机关收到政府信息公开申请（申请编号：{{ref}}），申请获取“{{info}}”。该信息{{consult_reason}}，"
     "根据《中华人民共和国政府信息公开条例》{{consult_article}}的规定，现书面征求您的意见。\n"
     "请自收到本意见书之日起15个工作日内书面提出意见（本机关按{{consult_deadline}}掌握）。{{consult_silence}}",
     "ref info consult_reason consult_article consult_deadline consult_silence agency", "consult_deadline"},
    {LetterKind::kFee, "fee", "政府信息公开信息处理费收费通知书", "公费",
     "本机关于{{received_date}}收到您提出的政府信息公开申请（申请编号：{{ref}}）。您申请公开政府信息的数量、频次明显超过合理范围，"
     "根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》的规定，"
     "本机关对该申请收取信息处理费。\n"
     "收费依据：{{fee_basis}}。\n"
     "计费明细：{{fee_detail}}，合计人民币{{fee_amount}}元。\n"
     "请您于{{fee_deadline}}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
     "缴费期间不计算在答复期限内。",
     "received_date ref info fee_basis fee_detail fee_amount fee_deadline agency",
     "fee_basis fee_detail fee_amount fee_deadline"},
};

}  // namespace

std::span<const LetterKindInfo> LetterKinds() { return kKinds; }
const LetterKindInfo& Info(LetterKind k) { return kKinds[static_cast<int>(k)]; }
std::optional<LetterKind> LetterKindFromKey(std::string_view key) {
  for (const auto& k : kKinds) {
    if (key == k.key) return k.kind;
  }
  return std::nullopt;
}

std::string FillTemplate(std::string_view text, const std::map<std::string, std::string>& fields) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("{{", i);
    size_t close = open == std::string_view::npos ? open : text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    auto it = fields.find(std::string(Trim(text.substr(open + 2, close - open - 2))));
    if (it != fields.end()) out += it->second;
    i = close + 2;
  }
  return out;
}

namespace {

Status CheckPlaceholders(std::string_view text, std::string_view fields, std::string_view required) {
  RETURN_IF_ERROR(CheckText(text, "文书模板", 10000, true));
  std::set<std::string> known;
  for (const std::string& f : Split(fields, ' ')) known.insert(f);
  size_t i = 0;
  while ((i = text.find("{{", i)) != std::string_view::npos) {
    size_t close = text.find("}}", i + 2);
    if (close == std::string_view::npos) return InvalidArgument("文书模板中的“{{”没有对应的“}}”");
    std::string name(Trim(text.substr(i + 2, close - i - 2)));
    if (!known.count(name)) return InvalidArgument("文书模板中的字段“" + name + "”不存在");
    i = close + 2;
  }
  for (const std::string& f : Split(required, ' ')) {
    if (!f.empty() && text.find("{{" + f + "}}") == std::string_view::npos) {
      return InvalidArgument("文书模板必须包含字段“" + f + "”（依法应载明的内容）");
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckLetterTemplate(LetterKind kind, std::string_view text) {
  return CheckPlaceholders(text, Info(kind).fields, Info(kind).required);
}

Status CheckDecisionTemplate(std::string_view text) { return CheckPlaceholders(text, kDecisionFields, ""); }

std::string LetterNumber(std::string_view agency_code, LetterKind kind, int year, int64_t seq) {
  return std::string(agency_code) + Info(kind).code + "〔" + std::to_string(year) + "〕" + std::to_string(seq) + "号";
}

std::string Remedies(std::string_view review_body, std::string_view court) {
  return FillTemplate(kRemedies, {{"review_body", std::string(review_body)}, {"court", std::string(court)}});
}

std::string ChineseDate(std::string_view iso_date) {
  auto d = Date::Parse(iso_date);
  if (!d.ok()) return std::string(iso_date);
  return std::to_string(d->year) + "年" + std::to_string(d->month) + "月" + std::to_string(d->day) + "日";
}

std::string LetterDate(const WorkdayCalendar& cal, Date d) {
  return ChineseDate(d.ToString()) + (cal.IsProvisional(d) ? kProvisionalLetterMark : "");
}

}  // namespace gk::requests
