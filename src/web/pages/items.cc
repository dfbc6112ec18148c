// Staff pages for information items: list, draft form, the item page with
// the actions its viewer may take, and the action endpoint.
#include <limits>

#include "base/strings.h"
#include "extract/extract.h"
#include "disclosure/catalog.h"
#include "web/findings.h"
#include "web/page.h"
#include "web/pager.h"
#include "web/render.h"

namespace gk::web {
namespace {

using disclosure::Action;
using disclosure::Attribute;
using disclosure::Classification;
using disclosure::ItemInput;
using disclosure::State;
using disclosure::Validity;

std::optional<int64_t> ParseId(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v > 0 ? std::optional<int64_t>(v) : std::nullopt;
}

View ClockView(const disclosure::DisclosureClock& c) {
  View v;
  if (!c.applies) return v;
  v["applies"] = true;
  v["due"] = c.due;
  v["provisional"] = !c.provisional_note.empty();
  v["provisional_note"] = c.provisional_note;
  v["note"] = c.note;
  v["overdue"] = c.overdue;
  v["left"] = c.overdue ? -c.working_days_left : c.working_days_left;
  return v;
}

View RowView(const disclosure::ItemRow& r) {
  View v;
  v["id"] = r.id;
  v["index_no"] = r.index_no;
  v["title"] = r.title;
  v["department"] = r.department;
  v["state"] = r.state_label;
  v["state_key"] = r.state_key;
  v["state_since"] = r.state_since;
  v["formed_on"] = r.formed_on;
  v["clock"] = ClockView(r.clock);
  return v;
}

// ---------------------------------------------------------------- form

Result<ItemInput> ReadItemForm(Ctx& c, int64_t host_department) {
  ItemInput in;
  in.title = c.Field("title");
  in.doc_no = c.Field("doc_no");
  in.department_id = host_department;
  for (auto [it, end] = c.form.equal_range("co_departments"); it != end; ++it) {
    auto id = ParseId(it->second);
    if (!id) return InvalidArgument("联合部门无效");
    in.co_department_ids.insert(*id);
  }
  auto cat = ParseId(c.Field("category_id"));
  if (!cat) return InvalidArgument("请选择目录分类");
  in.category_id = *cat;
  in.formed_on = c.Field("formed_on");
  in.official_document = c.Field("official_document") == "1";
  auto cls = disclosure::ClassificationFromKey(c.Field("classification"));
  if (!cls) return InvalidArgument("密级无效");
  in.classification = *cls;
  in.secrecy_period = c.Field("secrecy_period");
  // The attribute follows the chosen legal ground.
  const disclosure::LegalGround* g = c.ref.FindGround(c.Field("ground_key"));
  if (!g) return InvalidArgument("请选择公开属性的依据");
  in.attribute = g->attribute;
  in.ground_key = g->key;
  in.reason = c.Field("reason");
  auto val = disclosure::ValidityFromKey(c.Field("validity"));
  if (!val) return InvalidArgument("有效性无效");
  in.validity = *val;
  in.summary = c.Field("summary");
  in.body = c.Field("body");
  if (std::string i = c.Field("interprets_item_id"); !i.empty()) {
    auto id = ParseId(i);
    if (!id) return InvalidArgument("所解读的政策无效");
    in.interprets_item_id = *id;
  }
  return in;
}

View GroundChoices(const disclosure::ReferenceData& ref, const std::string& selected) {
  View groups = View::MakeList();
  for (Attribute a : {Attribute::kProactive, Attribute::kOnRequest, Attribute::kWithheld}) {
    View g;
    g["label"] = disclosure::AttributeLabel(a);
    for (const auto& ground : ref.grounds) {
      if (ground.attribute != a) continue;
      View o;
      o["key"] = ground.key;
      o["label"] = ground.cite + " " + ground.label;
      o["selected"] = ground.key == selected;
      g["options"].Push(std::move(o));
    }
    groups.Push(std::move(g));
  }
  return groups;
}

Response ItemForm(Ctx& c, const ItemInput& in, std::optional<int64_t> id, const std::string& error, int status) {
  View v = c.Base(c.renderer.Text(id ? "item_edit_title" : "item_new_title"), "items");
  v["error"] = error;
  v["action"] = id ? "/staff/items/" + std::to_string(*id) : std::string("/staff/items");
  v["is_new"] = !id;
  if (id) v["id"] = *id;
  v["title_value"] = in.title;
  v["doc_no"] = in.doc_no;
  v["formed_on"] = in.formed_on.empty() ? ChinaDate(c.services.clock.Now()).ToString() : in.formed_on;
  v["official_document"] = in.official_document;
  v["secrecy_period"] = in.secrecy_period;
  v["reason"] = in.reason;
  v["summary"] = in.summary;
  v["body"] = in.body;
  v["interprets_item_id"] = in.interprets_item_id ? std::to_string(*in.interprets_item_id) : "";
  auto depts = c.directory().Departments(c.who());
  if (depts.ok()) {
    for (const auto& d : *depts) {
      if (d.id == in.department_id) v["host_department"] = d.name;
      if (d.id == in.department_id || !d.active) continue;
      View o;
      o["id"] = d.id;
      o["name"] = d.name;
      o["checked"] = in.co_department_ids.count(d.id) > 0;
      v["co_departments"].Push(std::move(o));
    }
  }
  disclosure::Catalog catalog(c.services);
  if (auto cats = catalog.List(c.agency.id); cats.ok()) {
    for (const auto& cat : *cats) {
      if (!cat.active) continue;
      View o;
      o["id"] = cat.id;
      o["name"] = std::string(cat.depth * 2, ' ') + cat.code + " " + cat.path_name;
      o["selected"] = cat.id == in.category_id;
      v["categories"].Push(std::move(o));
    }
  }
  for (Classification k : {Classification::kNone, Classification::kSecret, Classification::kConfidential,
                           Classification::kTopSecret}) {
    View o;
    o["key"] = disclosure::ClassificationKey(k);
    o["label"] = disclosure::ClassificationLabel(k);
    o["selected"] = k == in.classification;
    v["classifications"].Push(std::move(o));
  }
  for (Validity k : {Validity::kValid, Validity::kExpired, Validity::kRepealed}) {
    View o;
    o["key"] = disclosure::ValidityKey(k);
    o["label"] = disclosure::ValidityLabel(k);
    o["selected"] = k == in.validity;
    v["validities"].Push(std::move(o));
  }
  v["ground_groups"] = GroundChoices(c.ref, in.ground_key);
  return c.Page("staff/item_form", std::move(v), status);
}

Response NewItem(Ctx& c) {
  ItemInput in;
  in.department_id = c.who().department_id.value_or(0);
  in.ground_key = "art19";
  return ItemForm(c, in, std::nullopt, "", 200);
}

Response CreateItem(Ctx& c) {
  int64_t host = c.who().department_id.value_or(0);
  auto in = ReadItemForm(c, host);
  if (!in.ok()) {
    ItemInput blank;
    blank.department_id = host;
    return ItemForm(c, blank, std::nullopt, c.UserMessage(in.status()), 400);
  }
  auto id = c.items().Create(c.who(), *in);
  if (!id.ok()) return Refused(c, id.status(), [&](const std::string& m, int st) { return ItemForm(c, *in, std::nullopt, m, st); });
  return Response::Redirect("/staff/items/" + std::to_string(*id) + "?ok=item_created");
}

Response EditItem(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto d = c.items().Get(c.who(), *id);
  if (!d.ok()) return c.Error(d.status());
  if (std::find(d->allowed.begin(), d->allowed.end(), Action::kEdit) == d->allowed.end()) {
    return c.Error(FailedPrecondition("该信息当前不能修改（只有起草中的信息可由主办部门承办人修改）"));
  }
  return ItemForm(c, d->item.input, *id, "", 200);
}

Response UpdateItem(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto current = c.items().Get(c.who(), *id);
  if (!current.ok()) return c.Error(current.status());
  auto in = ReadItemForm(c, current->item.input.department_id);
  if (!in.ok()) return ItemForm(c, current->item.input, *id, c.UserMessage(in.status()), 400);
  Status s = c.items().Update(c.who(), *id, *in);
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return ItemForm(c, *in, *id, m, st); });
  return Response::Redirect("/staff/items/" + std::to_string(*id) + "?ok=item_saved");
}

// ---------------------------------------------------------------- item page

View DetailView(Ctx& c, const disclosure::ItemDetail& d) {
  const auto& it = d.item;
  const auto& in = it.input;
  View v = c.Base(in.title, "items");
  v["id"] = it.id;
  v["item_id"] = it.id;
  v["index_no"] = it.index_no;
  v["state"] = disclosure::StateLabel(it.state);
  v["state_key"] = disclosure::StateKey(it.state);
  v["version"] = it.version;
  v["item_title"] = in.title;
  v["doc_no"] = in.doc_no;
  v["department"] = it.department_name;
  std::string co;
  for (const auto& [id, name] : it.co_departments) co += (co.empty() ? "" : "、") + name;
  v["co_departments"] = co;
  v["category"] = it.category_name;
  v["formed_on"] = in.formed_on;
  v["official_document"] = in.official_document;
  v["classification"] = disclosure::ClassificationLabel(in.classification);
  v["classified"] = in.classification != Classification::kNone;
  v["secrecy_period"] = in.secrecy_period;
  v["attribute"] = disclosure::AttributeLabel(in.attribute);
  const disclosure::LegalGround* g = c.ref.FindGround(in.ground_key);
  v["ground"] = g ? g->cite + " " + g->label : in.ground_key;
  v["reason"] = in.reason;
  v["validity"] = disclosure::ValidityLabel(in.validity);
  v["summary"] = in.summary;
  v["body"] = in.body;
  v["created_by"] = it.created_by;
  if (in.interprets_item_id) v["interprets_id"] = *in.interprets_item_id;
  for (const auto& [id, title] : d.interpretations) {
    View i;
    i["id"] = id;
    i["title"] = title;
    v["interpretations"].Push(std::move(i));
  }
  v["clock"] = ClockView(d.clock);
  for (const auto& s : d.signatures) {
    View row;
    row["step"] = s.step_label;
    row["decision"] = s.decision;
    row["returned"] = s.returned;
    row["user"] = s.user;
    row["department"] = s.department;
    row["opinion"] = s.opinion;
    row["checks"] = s.checks;
    row["signed_at"] = s.signed_at;
    row["version"] = s.version;
    row["stale"] = !s.current;
    v["signatures"].Push(std::move(row));
  }
  for (const auto& ver : d.versions) {
    View row;
    row["version"] = ver.version;
    row["saved_by"] = ver.saved_by;
    row["saved_at"] = ver.saved_at;
    row["changed"] = ver.changed_fields;
    row["hash"] = ver.content_hash.substr(0, 16);
    v["versions"].Push(std::move(row));
  }
  for (const auto& h : d.holds) {
    View row;
    row["question"] = h.question;
    row["authority"] = h.authority;
    row["request_doc"] = h.request_doc;
    row["requested_on"] = h.requested_on;
    row["opened_by"] = h.opened_by;
    row["determination"] = h.determination;
    row["determined_on"] = h.determined_on;
    row["open"] = h.open;
    v["holds"].Push(std::move(row));
  }
  for (const auto& x : d.declassifications) {
    View row;
    row["decision"] = x.decision;
    row["authority"] = x.authority;
    row["decided_on"] = x.decided_on;
    row["document_no"] = x.document_no;
    row["recorded_by"] = x.recorded_by;
    v["declassifications"].Push(std::move(row));
  }
  for (const auto& p : d.publications) {
    View row;
    row["version"] = p.version;
    row["channel"] = ChannelLabelOf(p.channel);
    row["published_by"] = p.published_by;
    row["published_at"] = p.published_at;
    row["hash"] = p.content_hash.substr(0, 16);
    row["withdrawn_at"] = p.withdrawn_at;
    row["withdrawn_by"] = p.withdrawn_by;
    row["withdraw_reason"] = p.withdraw_reason;
    row["migrated"] = p.migrated;
    v["publications"].Push(std::move(row));
  }
  for (Action a : d.allowed) {
    switch (a) {
      case Action::kEdit: v["can_edit"] = true; break;
      case Action::kSubmit: v["can_submit"] = true; break;
      case Action::kApprove: v["can_approve"] = true; break;
      case Action::kReturn: v["can_return"] = true; break;
      case Action::kHold: v["can_hold"] = true; break;
      case Action::kResolveHold: v["can_resolve"] = true; break;
      case Action::kDeclassify: v["can_declassify"] = true; break;
      case Action::kPublish: v["can_publish"] = true; break;
      case Action::kWithdraw: v["can_withdraw"] = true; break;
      case Action::kConfirm: v["can_confirm"] = true; break;
      case Action::kReopen: v["can_reopen"] = true; break;
    }
  }
  v["content_review"] = it.state == State::kContentReview;
  if (auto step = disclosure::StepOf(it.state)) v["step_label"] = disclosure::StepLabel(*step);
  v["today"] = ChinaDate(c.services.clock.Now()).ToString();
  v["published"] = it.state == State::kPublished;
  v["reassess_on"] = it.reassess_on;
  if (in.classification != Classification::kNone) {
    auto expiry = disclosure::SecrecyExpiry(in.formed_on, in.secrecy_period);
    v["secrecy_expiry"] = expiry ? expiry->ToString() : std::string("（长期或无法识别）");
  }
  for (const auto& f : d.attachments) {
    View a;
    a["id"] = f.id;
    a["name"] = f.filename;
    a["size"] = f.size >= 1024 * 1024 ? std::to_string(f.size / (1024 * 1024)) + " MB"
                                       : std::to_string(std::max<int64_t>(1, f.size / 1024)) + " KB";
    v["attachments"].Push(std::move(a));
  }
  v["has_holds"] = !d.holds.empty();
  v["has_declassifications"] = !d.declassifications.empty();
  v["has_publications"] = !d.publications.empty();
  // The confidentiality check of this version: the text with its findings
  // highlighted, and each source's findings with how they were resolved.
  v["unresolved_blocking"] = d.unresolved_blocking;
  v["can_override"] = c.who().Has(accounts::Role::kDisclosureOffice);
  View checks = View::MakeList();
  for (const auto& chk : d.checks) {
    View cv;
    cv["source"] = chk.source;
    cv["verdict"] = chk.verdict;
    cv["verdict_label"] = VerdictLabel(chk.verdict);
    cv["error"] = chk.error;
    View fs = View::MakeList();
    for (const auto& f : chk.findings) fs.Push(StoredFindingView(f));
    cv["findings"] = std::move(fs);
    cv["has_findings"] = !chk.findings.empty();
    if (chk.attachment_id) cv["attachment_id"] = *chk.attachment_id;
    bool blocking = false;
    for (const auto& f : chk.findings) blocking = blocking || f.Blocks();
    cv["can_redact"] = blocking && chk.attachment_id.has_value();
    if (chk.source == "正文" && !chk.findings.empty()) {
      const auto& in = d.item.input;
      cv["highlighted"] = HighlightFindings(in.title + "\n" + in.summary + "\n" + in.body,
                                            LocatedFindings(chk.findings, 0, std::numeric_limits<int64_t>::max()));
    }
    checks.Push(std::move(cv));
  }
  v["checks"] = std::move(checks);
  auto log = c.items().RedactionLog(c.who(), d.item.id);
  if (log.ok()) {
    View lines = View::MakeList();
    for (const std::string& l : *log) lines.Push(View(l));
    v["has_redactions"] = !log->empty();
    v["redactions"] = std::move(lines);
  }
  v["has_interpretations"] = !d.interpretations.empty();
  AddChannelReleases(c, d.item.id, it.state == State::kPublished, v);
  AddResponsibility(c, ResponsibilityOf::kItem, d.item.id, v);
  v["can_report_incident"] = c.who().Has(accounts::Role::kSecrecySupervisor) ||
                             c.who().Has(accounts::Role::kDisclosureOffice);
  for (Validity k : {Validity::kValid, Validity::kExpired, Validity::kRepealed}) {
    View o;
    o["key"] = disclosure::ValidityKey(k);
    o["label"] = disclosure::ValidityLabel(k);
    o["selected"] = k == d.item.input.validity;
    v["validity_options"].Push(std::move(o));
  }
  return v;
}

Response ShowItem(Ctx& c, const std::string& error = "", int status = 200) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto d = c.items().Get(c.who(), *id);
  if (!d.ok()) return c.Error(d.status());
  View v = DetailView(c, *d);
  v["error"] = error;
  return c.Page("staff/item", std::move(v), status);
}

// The item page again with a refusal of an action on it (web/page.h Refused).
Redisplay ItemRedisplay(Ctx& c) {
  return [&c](const std::string& message, int status) { return ShowItem(c, message, status); };
}

Response RedactAttachment(Ctx& c) {
  auto id = c.IdParam("id");
  auto aid = c.IdParam("aid");
  if (!id.ok() || !aid.ok()) return c.Error(InvalidArgument("编号无效"));
  std::vector<std::string> terms;
  for (const std::string& t : Split(c.Field("terms"), '\n')) {
    if (!Trim(t).empty()) terms.emplace_back(Trim(t));
  }
  auto r = c.items().RedactAttachment(c.who(), *id, *aid, terms);
  if (!r.ok()) return Refused(c, r.status(), ItemRedisplay(c));
  return Response::Redirect("/staff/items/" + std::to_string(*id) + "?ok=item_saved");
}

Response OverrideFinding(Ctx& c) {
  auto id = c.IdParam("id");
  auto fid = c.IdParam("finding");
  if (!id.ok() || !fid.ok()) return c.Error(InvalidArgument("编号无效"));
  Status s = c.items().OverrideFinding(c.who(), *id, *fid, c.Field("reason"));
  if (!s.ok()) return Refused(c, s, ItemRedisplay(c));
  return Response::Redirect("/staff/items/" + std::to_string(*id) + "?ok=acted");
}

Response ActOnItem(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  // Editing has its own form (UpdateItem), not an action button.
  auto action = disclosure::ActionFromKey(c.Field("action"));
  if (!action || *action == Action::kEdit) return c.Error(InvalidArgument("未知的操作"));
  disclosure::ActionInput in;
  in.opinion = c.Field("opinion");
  in.check_process = c.Field("check_process") == "1";
  in.check_decision = c.Field("check_decision") == "1";
  in.check_result = c.Field("check_result") == "1";
  in.question = c.Field("question");
  in.authority = c.Field("authority");
  in.request_doc = c.Field("request_doc");
  in.requested_on = c.Field("requested_on");
  in.determination = c.Field("determination");
  in.determined_on = c.Field("determined_on");
  if (std::string k = c.Field("determined_classification"); !k.empty()) {
    in.determined_classification = disclosure::ClassificationFromKey(k);
    if (!in.determined_classification) return c.Error(InvalidArgument("密级无效"));
  }
  in.decision = c.Field("decision");
  in.decided_on = c.Field("decided_on");
  in.document_no = c.Field("document_no");
  in.reason = c.Field("reason");
  Status s = c.items().Act(c.who(), *id, *action, in);
  if (!s.ok()) return Refused(c, s, ItemRedisplay(c));
  return Response::Redirect("/staff/items/" + std::to_string(*id) + "?ok=acted");
}

Response Upload(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  if (c.files.empty()) return ShowItem(c, "请选择要上传的附件", 400);
  for (const Part& f : c.files) {
    auto aid = c.items().AddAttachment(c.who(), *id, f.filename, f.data);
    if (!aid.ok()) return Refused(c, aid.status(), ItemRedisplay(c));
  }
  return Response::Redirect("/staff/items/" + std::to_string(*id) + "?ok=item_saved");
}

Response DeleteAttachment(Ctx& c) {
  auto id = c.IdParam("id");
  auto aid = c.IdParam("aid");
  if (!id.ok() || !aid.ok()) return c.Error(InvalidArgument("编号无效"));
  Status s = c.items().RemoveAttachment(c.who(), *id, *aid);
  if (!s.ok()) return Refused(c, s, ItemRedisplay(c));
  return Response::Redirect("/staff/items/" + std::to_string(*id) + "?ok=item_saved");
}

Response DownloadAttachment(Ctx& c) {
  auto id = c.IdParam("id");
  auto aid = c.IdParam("aid");
  if (!id.ok() || !aid.ok()) return c.Error(InvalidArgument("编号无效"));
  auto file = c.items().ReadAttachment(c.who(), *id, *aid);
  if (!file.ok()) return c.Error(file.status());
  return FileResponse(file->first.filename, file->first.media_type, std::move(file->second));
}

// The text of an attachment as the check read it, part by part (hidden parts
// marked), with the check's findings highlighted in place; whoever may edit
// the draft can select text here and have it removed (区分处理) with the
// blocking findings.
Response AttachmentText(Ctx& c) {
  auto id = c.IdParam("id");
  auto aid = c.IdParam("aid");
  if (!id.ok() || !aid.ok()) return c.Error(InvalidArgument("编号无效"));
  auto d = c.items().Get(c.who(), *id);
  if (!d.ok()) return c.Error(d.status());
  auto file = c.items().ReadAttachment(c.who(), *id, *aid);
  if (!file.ok()) return c.Error(file.status());
  View v = c.Base(file->first.filename, "items");
  v["back"] = "/staff/items/" + std::to_string(*id) + "#checks";
  v["back_title"] = "信息：" + d->item.input.title;
  v["redact_action"] = "/staff/items/" + std::to_string(*id) + "/attachments/" + std::to_string(*aid) + "/redact";
  v["name"] = file->first.filename;
  bool can_edit = false;
  for (Action a : d->allowed) can_edit = can_edit || a == Action::kEdit;
  v["can_edit"] = can_edit;
  v["redact_button"] = "区分处理并生成新版本附件";
  const review::CheckView* check = nullptr;
  for (const auto& chk : d->checks) {
    if (chk.attachment_id == *aid) check = &chk;
  }
  v["checked"] = check != nullptr;
  if (check) {
    v["verdict"] = check->verdict;
    v["verdict_label"] = VerdictLabel(check->verdict);
    View fs = View::MakeList();
    for (const auto& f : check->findings) fs.Push(StoredFindingView(f));
    v["findings"] = std::move(fs);
    v["has_findings"] = !check->findings.empty();
  }
  auto text = extract::ExtractRemembered(file->first.filename, file->second);
  if (!text.ok()) {
    v["error"] = c.UserMessage(text.status());
    return c.Page("staff/attachment_text", std::move(v));
  }
  const std::vector<review::FindingView> none;
  v["parts"] = TextPartsView(**text, check ? check->findings : none,
                             "/staff/items/" + std::to_string(*id) + "/attachments/" + std::to_string(*aid) + "/scans");
  return c.Page("staff/attachment_text", std::move(v));
}

// A scanned page of an attachment with its findings framed (the picture
// next to the OCR text on the page above), for the same readers.
Response AttachmentScan(Ctx& c) {
  auto id = c.IdParam("id");
  auto aid = c.IdParam("aid");
  if (!id.ok() || !aid.ok()) return c.Error(InvalidArgument("编号无效"));
  auto n = ScanIndexParam(c.params);
  if (!n.ok()) return c.Error(n.status());
  auto d = c.items().Get(c.who(), *id);
  if (!d.ok()) return c.Error(d.status());
  auto file = c.items().ReadAttachment(c.who(), *id, *aid);
  if (!file.ok()) return c.Error(file.status());
  const std::vector<review::FindingView> none;
  const std::vector<review::FindingView>* findings = &none;
  for (const auto& chk : d->checks) {
    if (chk.attachment_id == *aid) findings = &chk.findings;
  }
  auto png = ScanImage(file->first.filename, file->second, *n, *findings);
  if (!png.ok()) return c.Error(png.status());
  return InlinePng(std::move(*png));
}

Response SetValidity(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto validity = disclosure::ValidityFromKey(c.Field("validity"));
  if (!validity) return ShowItem(c, "请选择有效性", 400);
  Status s = c.items().SetValidity(c.who(), *id, *validity, c.Field("note"));
  if (!s.ok()) return Refused(c, s, ItemRedisplay(c));
  return Response::Redirect("/staff/items/" + std::to_string(*id) + "?ok=acted");
}

Response ListItems(Ctx& c) {
  std::optional<State> state;
  if (std::string k = c.req.QueryParam("state"); !k.empty()) state = disclosure::StateFromKey(k);
  PageSpec asked = PageRequested(c.req);
  auto rows = c.items().List(c.who(), state, asked);
  if (!rows.ok()) return c.Error(rows.status());
  auto counts = c.items().CountByState(c.who());
  if (!counts.ok()) return c.Error(counts.status());
  View v = c.Base(c.renderer.Text("items_title"), "items");
  v["can_draft"] = c.who().Has(accounts::Role::kClerk) && c.who().department_id.has_value();
  for (const auto& r : rows->rows) v["items"].Push(RowView(r));
  int64_t total = 0;
  for (State s : {State::kDraft, State::kDeptReview, State::kCoSign, State::kSecrecyCheck, State::kContentReview,
                  State::kLeaderReview, State::kPrincipalReview, State::kOnHold, State::kApproved, State::kPublished,
                  State::kWithdrawn}) {
    View f;
    f["key"] = disclosure::StateKey(s);
    f["label"] = disclosure::StateLabel(s);
    f["current"] = state == s;
    auto n = counts->find(disclosure::StateKey(s));
    f["count"] = n == counts->end() ? int64_t{0} : n->second;
    v["filters"].Push(std::move(f));
  }
  for (const auto& [key, n] : *counts) total += n;
  v["all"] = !state.has_value();
  v["total"] = total;
  SetPager(v, ListBase(c.req), asked, rows->next);
  return c.Page("staff/items", std::move(v));
}

}  // namespace

Response ItemPageWithError(Ctx& c, const std::string& error, int status) { return ShowItem(c, error, status); }

// Used by the staff home page ("my tasks").
View TaskList(Ctx& c) {
  View list = View::MakeList();
  auto tasks = c.items().Tasks(c.who());
  if (!tasks.ok()) return list;
  for (const auto& t : *tasks) {
    View v = RowView(t.row);
    v["action"] = t.action_label;
    int64_t hours = t.waited_seconds / 3600;
    v["waited"] = hours >= 48 ? std::to_string(hours / 24) + " 天"
                  : hours >= 1 ? std::to_string(hours) + " 小时" : std::string("不到 1 小时");
    v["href"] = "/staff/items/" + std::to_string(t.row.id);
    list.Push(std::move(v));
  }
  return list;
}

std::vector<Route> ItemRoutes() {
  return {
      {"GET", "/staff/items", Access::kStaff, ListItems},
      {"GET", "/staff/items/new", Access::kStaff, NewItem},
      {"POST", "/staff/items", Access::kStaff, CreateItem},
      {"GET", "/staff/items/{id}", Access::kStaff, [](Ctx& c) { return ShowItem(c); }},
      {"GET", "/staff/items/{id}/edit", Access::kStaff, EditItem},
      {"POST", "/staff/items/{id}", Access::kStaff, UpdateItem},
      {"POST", "/staff/items/{id}/act", Access::kStaff, ActOnItem},
      {"POST", "/staff/items/{id}/findings/{finding}/override", Access::kStaff, OverrideFinding},
      {"POST", "/staff/items/{id}/attachments/{aid}/redact", Access::kStaff, RedactAttachment},
      {"GET", "/staff/items/{id}/attachments/{aid}/text", Access::kStaff, AttachmentText},
      {"GET", "/staff/items/{id}/attachments/{aid}/scans/{n}", Access::kStaff, AttachmentScan},
      {"POST", "/staff/items/{id}/validity", Access::kStaff, SetValidity},
      {"POST", "/staff/items/{id}/attachments", Access::kStaff, Upload},
      {"GET", "/staff/items/{id}/attachments/{aid}", Access::kStaff, DownloadAttachment},
      {"POST", "/staff/items/{id}/attachments/{aid}/delete", Access::kStaff, DeleteAttachment},
  };
}

}  // namespace gk::web
