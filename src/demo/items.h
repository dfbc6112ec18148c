// Internal to src/demo: taking one information item through the review
// chain on the timeline.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "demo/world.h"

namespace gk::demo {

// A department with the clerk who drafts and the head who signs step 2.
struct Dept {
  const char* name;
  const char* clerk;
  const char* head;
};
extern const Dept kDzb, kFw, kGl;  // 党政办公室, 社区服务办公室, 社区管理办公室

// Where the item stops: waiting for that step, or published.
enum class Stop { kDraft, kReturned, kDeptHead, kSecrecy, kContent, kLeader, kPrincipal, kApproved, kPublished };

struct ItemSpec;
struct FileSpec {
  std::string name;
  std::function<Result<std::string>(const World&, const ItemSpec&)> make;
};

struct ItemSpec {
  std::string category;  // catalog code
  const Dept* dept = nullptr;
  std::string title, doc_no, ground, summary;
  std::vector<std::string> body;
  bool official = false;  // 公文类: the 领导小组 reviews the content
  Date formed;
  std::vector<FileSpec> files;
  Id interprets;  // the policy this item interprets (政策解读), or null
  Stop stop = Stop::kPublished;
  std::string return_opinion;  // Stop::kReturned
  std::map<std::string, std::string> vars;  // "{key}" in the texts (Fill)

  // A text of the item as stored: placeholders filled, the agency's names.
  std::string Text(const World& w, const std::string& text) const { return w.Local(Fill(text, vars)); }
};

// Schedules drafting on `spec.formed` and one step after another (three a
// working day) up to `spec.stop`; `out` receives the item's id.
void ScheduleItem(World& w, const ItemSpec& spec, Id out);
// The day a published item of `spec` is published.
Date PublishedOn(const World& w, const ItemSpec& spec);
// The 公开办 withdraws the item on `on`, with `reason`.
void ScheduleWithdrawal(World& w, Id id, Date on, std::string reason);
// The 公开办 records that the item was repealed (废止) on `on`.
void ScheduleRepeal(World& w, Id id, Date on, std::string note);

}  // namespace gk::demo
