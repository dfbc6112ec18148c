// Internal to the ledger (ledger.cc, which builds the whole year for the
// exports, and ledger_page.cc, which reads one page for the staff page): how
// a stored row becomes a ledger line, so both show the same line.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/calendar.h"
#include "base/status.h"
#include "records/channels_internal.h"  // ChinaDay
#include "records/ledger.h"
#include "store/db.h"

namespace gk::records::internal {

// The columns PublicationLine reads, up to "… FROM publications p JOIN items
// i … " (a WHERE follows).
extern const char* const kPublicationColumns;
// The same for ReleaseLine ("channel_releases r JOIN items i …").
extern const char* const kReleaseColumns;
// The same for ApplicationLine ("applications").
extern const char* const kApplicationColumns;

// A publication on the portal, with its working days from formation to
// publication by `cal` and the feedback about its item.
LedgerLine PublicationLine(const store::Row& r, const WorkdayCalendar& cal,
                           const std::map<int64_t, std::string>& feedback);
// A release on another channel.
LedgerLine ReleaseLine(const store::Row& r);
// A closed application, with the reviews and lawsuits it drew.
LedgerLine ApplicationLine(const store::Row& r, const std::map<int64_t, std::string>& reviews);
// The rows (application_id, kind, result), in the order they were filed,
// as the feedback text of each application.
std::map<int64_t, std::string> ReviewsByApplication(const std::vector<store::Row>& rows);
// Sets the line's working days from formation ("YYYY-MM-DD") to publication
// and whether they are within the 20 of 条例 Art. 26, when `cal` covers them.
void SetWorkingDays(LedgerLine& line, const WorkdayCalendar& cal, const std::string& formed_on, Date published);
// Counts `n` publications of `department` in the timeliness summary: on time
// or not by their working days from formation, unknown without them.
void CountTimeliness(DepartmentTimeliness& t, const std::string& department, std::optional<bool> on_time, int n = 1);

// The catalog's active must-fill categories without any publication in the
// China year, as "0101 机构概况", by code.
Result<std::vector<std::string>> EmptyMustFill(store::Tx& tx, int64_t agency_id, int year);

}  // namespace gk::records::internal
