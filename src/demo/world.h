// Internal to src/demo: the state every content generator shares — the
// agency, its staff as principals, the catalog, a clock the generators move
// along a timeline, and a seeded random source.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/calendar.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/status.h"
#include "demo/demo.h"
#include "disclosure/reference.h"

namespace gk::demo {

// The demo covers about a year: this many working days before today.
inline constexpr int kSpanWorkdays = 245;

// Steps to run in time order. Each generator schedules the steps of one
// object (an item, an application …) at the moments they happen; Run sorts
// all steps by time (keeping the order of steps scheduled at the same time),
// sets the clock to each moment and runs the step, so every service sees a
// plausible "now" and the audit log stays in time order.
class Timeline {
 public:
  using Step = std::function<Status()>;
  void At(UnixSeconds at, std::string what, Step step);
  // Stops at the first failing step; its error names the step. Moments after
  // `latest` are run at `latest`.
  Status Run(FakeClock& clock, UnixSeconds latest);
  size_t size() const { return events_.size(); }

 private:
  struct Event {
    UnixSeconds at = 0;
    size_t seq = 0;
    std::string what;
    Step step;
  };
  std::vector<Event> events_;
};

// An id filled in when its step has run (later steps read it).
using Id = std::shared_ptr<int64_t>;
inline Id NewId() { return std::make_shared<int64_t>(0); }

// A published item other generators refer to (feedback about it, releases
// on other channels); its id is known once the timeline has created it.
struct PublishedRef {
  Id id;
  std::string title, category;
  Date on;  // the day it is published
};

struct World {
  World(store::Database& db, const SecurityConfig& security, const DataKey& key, std::string root,
        const disclosure::ReferenceData& ref, const Options& options);

  FakeClock clock;
  accounts::Context ctx;
  const DataKey& key;
  const disclosure::ReferenceData& ref;
  Options options;
  std::string agency_name;  // "静安寺街道办事处", from the database
  Date today;
  std::mt19937 rng;
  WorkdayCalendar calendar;  // the shipped calendar, for picking working days
  std::map<std::string, accounts::Principal> staff;  // by username
  std::map<std::string, int64_t> departments;        // by name
  std::map<std::string, int64_t> categories;         // by catalog code
  Timeline timeline;
  Summary summary;
  std::vector<PublishedRef> published;  // in the order scheduled

  // The principal of demo user `username`. REQUIRES: loaded (LoadStaff).
  const accounts::Principal& Who(const std::string& username) const;
  // `n` scaled by the size factor, at least `min`.
  int Scaled(int n, int min = 1) const;
  // The working day `n` working days before today (n = 0: today if it is a
  // working day, else the last one before it).
  Date WorkdayBack(int n) const;
  // The working day `n` working days after `d` (weekends and known holidays
  // skipped).
  Date WorkdayAfter(Date d, int n) const;
  bool IsWorkday(Date d) const;
  // The instant `minutes` after 09:00 China time on `d`.
  static UnixSeconds At(Date d, int minutes);
  // A number in [lo, hi] from the seeded source.
  int Pick(int lo, int hi);
  // The texts are written for 静安寺街道办事处; this puts the agency's own
  // name in their place ("…街道办事处", "…街道", and the bare place name).
  std::string Local(std::string text) const;
};

// `text` with every "{key}" replaced by its value.
std::string Fill(std::string text, const std::map<std::string, std::string>& values);

// The content generators, one per kind (each schedules its steps).
Status LoadStaff(World& w);           // demo users, extra department staff, departments, catalog
void ScheduleItems(World& w);         // published items, interpretations, a withdrawn and a repealed item
void ScheduleWaitingItems(World& w);  // items at each step of the chain
void ScheduleApplications(World& w);  // applications in every state
void ScheduleInquiries(World& w);     // explanation and correction requests
void ScheduleFeedback(World& w);      // complaints, opinions, suggestions
void ScheduleSupervision(World& w);   // a rectification order and a spot check
void ScheduleChannels(World& w);      // releases on the other channels
void ScheduleAnnualReport(World& w);  // last year's report, published
void ScheduleAnnualReportItem(World& w);  // the same report as an item of the catalog

// Attachment files (documents the project can write).
Result<std::string> PdfFile(const std::string& author, const std::string& title,
                            const std::vector<std::string>& paragraphs);
Result<std::string> DocxFile(const std::string& issuer, const std::string& title,
                             const std::vector<std::string>& paragraphs, Date date);
Result<std::string> XlsxFile(const std::vector<std::vector<std::string>>& rows);
Result<std::string> OfdFile(const std::string& title, const std::vector<std::string>& lines);

}  // namespace gk::demo
