// Views shared by the portal's and the staff's application pages
// (pages/apply.cc, pages/applications.cc): the application form, the clock
// explanation, the timeline, files and letters. Private to web/pages.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "requests/applications.h"
#include "web/page.h"

namespace gk::web::application_views {

requests::Applications Service(Ctx& c);

// How many of the cases waiting for the user the staff home lists
// (ApplicationTasks, the most urgent first); the inbox has the rest.
inline constexpr int kHomeApplicationTasks = 10;

// Options {key, label, selected} of a select.
View Options(const std::vector<std::pair<std::string, std::string>>& items, const std::string& selected);
// The choices of the application form, with the values entered so far.
View FormView(Ctx& c);
// The application form's fields as the service's input.
requests::ApplicationInput ReadForm(Ctx& c);
// How the due date was derived, line by line, for staff and applicant.
View ClockLines(const requests::ClockView& cv);
// The clock's past events (pauses, extensions), for staff and applicant.
View HistoryView(const requests::ClockView& cv);
View TimelineView(const std::vector<requests::TimelineEntry>& entries);
View FilesView(const std::vector<requests::CaseFile>& files);
View LettersView(const std::vector<requests::LetterRef>& letters);
// The link of a hand-over (转交) as `v[key]`, when there is one: the other
// agency's name and code and the other case's reference.
void AddHandOver(const std::optional<requests::HandOverLink>& link, const char* key, View& v);

}  // namespace gk::web::application_views
