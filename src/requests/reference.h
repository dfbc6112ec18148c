// The fixed vocabularies of applications for disclosure (依申请公开): who may
// apply, how an application arrives, and the outcomes an application can end
// with. Outcomes are exactly the 21 result rows of the national annual report
// (国办公开办函〔2021〕30号, table 三), in the report's order, each tied to the
// article of the 条例 (2019) it rests on; an application ends in exactly one.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace gk::requests {

// 申请人情况: the seven columns of annual report table 三 minus 总计.
enum class ApplicantType { kNatural, kCommercial, kResearch, kPublicWelfare, kLegalService, kOtherOrg };

struct ApplicantTypeInfo {
  ApplicantType type;
  const char* key;    // "natural", "commercial", … (import format, API)
  const char* label;  // 自然人, 商业企业, …
};
std::span<const ApplicantTypeInfo> ApplicantTypes();
const ApplicantTypeInfo& Info(ApplicantType t);
std::optional<ApplicantType> ApplicantTypeFromKey(std::string_view key);
inline bool IsOrganisation(ApplicantType t) { return t != ApplicantType::kNatural; }

// How the application arrived, with the rule of 条例 Art. 31 that fixes the
// date of receipt for it.
enum class Channel { kOnline, kInPerson, kPost, kFax, kEmail };

struct ChannelInfo {
  Channel channel;
  const char* key;           // "online", "in_person", "post", "fax", "email"
  const char* label;         // 网上申请, 当面提交, …
  const char* receipt_rule;  // what the date of receipt is for this channel
};
std::span<const ChannelInfo> Channels();
const ChannelInfo& Info(Channel c);
std::optional<Channel> ChannelFromKey(std::string_view key);

// The groups of annual report rows （一）–（六）.
enum class OutcomeGroup { kGranted, kPartial, kDenied, kUnable, kNotProcessed, kOther };

struct Outcome {
  const char* key;           // "granted", "denied.state_secret", … (import format)
  OutcomeGroup group;
  const char* group_label;   // 予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理
  const char* label;         // the annual report's row label
  const char* basis;         // the provision it rests on, e.g. "《中华人民共和国政府信息公开条例》第十四条"
  const char* reply_text;    // the decision sentence of the reply letter
};

// All 21 outcomes, in annual report order (（七）总计 is their sum).
std::span<const Outcome> Outcomes();
const Outcome* FindOutcome(std::string_view key);
const char* GroupLabel(OutcomeGroup g);
// Whether a reply of group `g` withholds information, in whole or in part
// (部分公开, 不予公开): the applicant may then ask for the basis and reasons.
bool Withholds(OutcomeGroup g);

// The form in which the applicant wants the information (Art. 29).
enum class Form { kPaper, kElectronic, kReading };
// How it is to be delivered.
enum class Delivery { kPost, kEmail, kCollect, kOnline };

const char* FormKey(Form f);
const char* FormLabel(Form f);
std::optional<Form> FormFromKey(std::string_view key);
const char* DeliveryKey(Delivery d);
const char* DeliveryLabel(Delivery d);
std::optional<Delivery> DeliveryFromKey(std::string_view key);

}  // namespace gk::requests
