#include "web/pages/application_views.h"

#include "base/statutory.h"
#include "base/strings.h"

namespace gk::web::application_views {
namespace {

constexpr const char* kIdTypes[] = {"居民身份证", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "护照",
                                    "统一社会信用代码", "其他"};

std::string MonthDay(const Date& d) {
  return std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
}

}  // namespace

requests::Applications Service(Ctx& c) { return requests::Applications(c.services, *c.services.data_key); }

View Options(const std::vector<std::pair<std::string, std::string>>& items, const std::string& selected) {
  View list = View::MakeList();
  for (const auto& [key, label] : items) {
    View o;
    o["key"] = key;
    o["label"] = label;
    o["selected"] = key == selected;
    list.Push(std::move(o));
  }
  return list;
}

View FormView(Ctx& c) {
  View v;
  std::vector<std::pair<std::string, std::string>> types, ids, forms, deliveries, channels;
  for (const auto& t : requests::ApplicantTypes()) types.emplace_back(t.key, t.label);
  for (const char* t : kIdTypes) ids.emplace_back(t, t);
  for (auto f : {requests::Form::kElectronic, requests::Form::kPaper, requests::Form::kReading}) {
    forms.emplace_back(requests::FormKey(f), requests::FormLabel(f));
  }
  for (auto d : {requests::Delivery::kOnline, requests::Delivery::kEmail, requests::Delivery::kPost,
                 requests::Delivery::kCollect}) {
    deliveries.emplace_back(requests::DeliveryKey(d), requests::DeliveryLabel(d));
  }
  for (const auto& ch : requests::Channels()) {
    if (ch.channel != requests::Channel::kOnline) channels.emplace_back(ch.key, ch.label);
  }
  v["types"] = Options(types, c.Field("applicant_type").empty() ? "natural" : c.Field("applicant_type"));
  v["id_types"] = Options(ids, c.Field("id_type"));
  v["forms"] = Options(forms, c.Field("form"));
  v["deliveries"] = Options(deliveries, c.Field("delivery"));
  v["channels"] = Options(channels, c.Field("channel"));
  v["submission_token"] = c.SubmissionToken();
  View rules = View::MakeList();
  for (const auto& ch : requests::Channels()) {
    View r;
    r["label"] = ch.label;
    r["rule"] = ch.receipt_rule;
    rules.Push(std::move(r));
  }
  v["receipt_rules"] = std::move(rules);
  for (const char* f : {"name", "contact_person", "id_number", "phone", "email", "address", "postal_code", "info_title",
                        "info_doc_no", "description", "received_on"}) {
    v[f] = c.Field(f);
  }
  v["fee_waiver"] = c.Field("fee_waiver") == "1";
  v["transfer_consent"] = c.Field("transfer_consent") == "1";
  return v;
}

requests::ApplicationInput ReadForm(Ctx& c) {
  requests::ApplicationInput in;
  in.applicant = {c.Field("applicant_type"), c.Field("name"),  c.Field("contact_person"),
                  c.Field("id_type"),        c.Field("id_number"), c.Field("phone"),
                  c.Field("email"),          c.Field("address"), c.Field("postal_code")};
  in.info_title = c.Field("info_title");
  in.info_doc_no = c.Field("info_doc_no");
  in.description = c.Field("description");
  in.form = c.Field("form");
  in.delivery = c.Field("delivery");
  in.fee_waiver_requested = c.Field("fee_waiver") == "1";
  in.transfer_consent = c.Field("transfer_consent") == "1";
  in.channel = c.Field("channel");
  in.received_on = c.Field("received_on");
  in.submission_key = c.SubmissionKey();
  return in;
}

View ClockLines(const requests::ClockView& cv) {
  View lines = View::MakeList();
  if (!cv.error.empty()) {
    lines.Push(View("答复期限暂无法计算：" + cv.error));
    return lines;
  }
  const requests::Deadline& d = cv.clock;
  lines.Push(View("收到申请之日：" + d.received.ToString() + "（自次日起计算）"));
  if (d.start != d.received) lines.Push(View("收到补正后的申请之日：" + d.start.ToString() + "（答复期限重新计算）"));
  std::string period = "法定答复期限：" + std::to_string(requests::kReplyPeriod) + " 个工作日";
  if (d.extension > 0) period += "，经批准延长 " + std::to_string(d.extension) + " 个工作日";
  lines.Push(View(period));
  // Holidays, as ranges of consecutive days of the same holiday.
  for (size_t i = 0; i < d.holidays.size();) {
    size_t j = i;
    while (j + 1 < d.holidays.size() && d.holidays[j + 1].holiday_name == d.holidays[i].holiday_name &&
           d.holidays[j + 1].date == d.holidays[j].date.AddDays(1)) {
      ++j;
    }
    std::string range = MonthDay(d.holidays[i].date) + (j > i ? "至" + MonthDay(d.holidays[j].date) : "");
    lines.Push(View("不计入的法定节假日：" + d.holidays[i].holiday_name + " " + range + "（" +
                    std::to_string(j - i + 1) + " 天）"));
    i = j + 1;
  }
  if (!d.adjusted_workdays.empty()) {
    std::string days;
    for (const Date& a : d.adjusted_workdays) {
      days += (days.empty() ? "" : "、") + MonthDay(a) + (a.Weekday() == 6 ? "（周六）" : "（周日）");
    }
    lines.Push(View("计入的调休上班日：" + days));
  }
  if (d.weekend_days > 0) lines.Push(View("不计入的周末：" + std::to_string(d.weekend_days) + " 天"));
  for (const auto& p : d.pauses) {
    std::string to = p.to ? p.to->ToString() : std::string("至今");
    lines.Push(View("暂停计算（" + p.cause + "）：" + p.from.ToString() + " 次日起至 " + to + "，共 " +
                    std::to_string(p.workdays) + " 个工作日不计入"));
  }
  switch (d.status) {
    case requests::ClockStatus::kAwaitingCorrection:
      lines.Push(View("等待申请人补正：答复期限自收到补正后的申请之日起重新计算"));
      break;
    case requests::ClockStatus::kPaused:
      lines.Push(View("计时暂停中，已计 " + std::to_string(d.counted) + " 个工作日，剩余 " +
                      std::to_string(d.period - d.counted) + " 个工作日"));
      break;
    case requests::ClockStatus::kRunning:
      if (d.due) {
        lines.Push(View("答复期限：" + d.due->ToString() + (d.provisional_year ? kProvisionalMark : "") + "（共 " +
                        std::to_string(d.period) + " 个工作日）"));
      }
      break;
  }
  if (d.provisional_year) lines.Push(View("暂定期限：" + ProvisionalNote(*d.provisional_year) + "。"));
  return lines;
}

View HistoryView(const requests::ClockView& cv) {
  View list = View::MakeList();
  for (size_t i = 0; i < cv.history.size(); ++i) {
    const auto& h = cv.history[i];
    View row;
    row["cause"] = cv.history_causes[i];
    row["before"] = h.before ? h.before->ToString() : std::string("—");
    row["after"] = h.after ? h.after->ToString() : std::string("（暂停或待补正）");
    list.Push(std::move(row));
  }
  return list;
}

View TimelineView(const std::vector<requests::TimelineEntry>& entries) {
  View list = View::MakeList();
  for (const auto& t : entries) {
    View row;
    row["on_date"] = t.on_date;
    row["label"] = t.label;
    row["note"] = t.note;
    row["actor"] = t.actor;
    auto at = ParseUtc(t.at);
    row["at"] = at.ok() ? FormatChinaTime(*at) : t.at;
    list.Push(std::move(row));
  }
  return list;
}

View FilesView(const std::vector<requests::CaseFile>& files) {
  View list = View::MakeList();
  for (const auto& f : files) {
    View row;
    row["id"] = f.id;
    row["name"] = f.filename;
    row["size"] = f.size >= 1024 * 1024 ? std::to_string(f.size / (1024 * 1024)) + " MB"
                                        : std::to_string(std::max<int64_t>(1, f.size / 1024)) + " KB";
    row["sha256"] = f.sha256;
    row["released"] = f.released;
    list.Push(std::move(row));
  }
  return list;
}

View LettersView(const std::vector<requests::LetterRef>& letters) {
  View list = View::MakeList();
  for (const auto& l : letters) {
    View row;
    row["id"] = l.id;
    row["number"] = l.number;
    row["title"] = l.title;
    row["issued_on"] = l.issued_on;
    list.Push(std::move(row));
  }
  return list;
}

void AddHandOver(const std::optional<requests::HandOverLink>& link, const char* key, View& v) {
  if (!link) return;
  View l;
  l["agency_name"] = link->agency_name;
  l["agency_code"] = link->agency_code;
  l["ref"] = link->ref;
  l["received_on"] = link->received_on;
  l["handed_on"] = link->handed_on;
  l["registered"] = link->registered;
  v[key] = std::move(l);
}

}  // namespace gk::web::application_views
