// The annual report as a document: per agency and year a draft the 公开办
// edits (the three texts of sections 一, 五 and 六, and the figures the
// registry does not hold), shown with the tables computed from the records
// (records/annual.h), then published — the figures are frozen at that moment
// — and shown on the portal. The due date is the agency setting
// annual_report_due (MM-DD of the following year, default 01-31).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "records/annual.h"

namespace gk::records {

struct ReportInput {
  std::string overview, problems, other_matters;
  EnteredFigures entered;
};

struct AnnualReport {
  int year = 0;
  ReportInput input;
  AnnualFigures figures;        // computed now (draft) or as published
  Status balance;               // CheckBalance of figures.applications
  bool published = false;
  std::string published_at, published_by, updated_at, updated_by;
  Date due;                     // the publication deadline
};

struct PublishedReport {
  int year = 0;
  std::string published_at;
};

class AnnualReports {
 public:
  explicit AnnualReports(accounts::Context ctx) : ctx_(ctx) {}

  // Staff: the report of `year` (a draft with no texts if none was saved).
  Result<AnnualReport> Get(const accounts::Principal& who, int year);
  // The 公开办 saves the draft; not once it is published.
  Status Save(const accounts::Principal& who, int year, const ReportInput& in);
  // The 公开办 publishes the saved draft: section 一 must be written and the
  // applications table must balance; the figures are frozen.
  Status Publish(const accounts::Principal& who, int year);
  // Staff: the deadline of the report of `year` and whether it is published
  // (for the dashboard; computes no figures).
  struct Deadline {
    Date due;
    std::string published_at;  // "" while not published
    // Published after its due date, or still unpublished on `today` after it.
    bool LateOn(const Date& today) const;
  };
  Result<Deadline> DeadlineOf(const accounts::Principal& who, int year);
  // The portal: the agency's published reports, newest first, and one of them.
  Result<std::vector<PublishedReport>> ListPublished(int64_t agency_id);
  // The published report of the latest year; nullopt when none is published.
  Result<std::optional<PublishedReport>> LatestPublished(int64_t agency_id);
  Result<AnnualReport> GetPublished(int64_t agency_id, int year);

 private:
  accounts::Context ctx_;
};

// The figures back from ToJson (for published reports).
Result<AnnualFigures> FiguresFromJson(const std::string& json);

}  // namespace gk::records
