-- Indexes for the figures computed by grouped queries (issue 18): the annual
-- report (records/annual.h) and the supervision dashboard and district
-- comparison (oversight/dashboard.h, oversight/district.h) read only the
-- rows of the period through these, never the whole history.
--
-- Applications received in a period, and closed in a period (or still open:
-- closed_on IS NULL), with the columns the figures group by, so that the
-- grouped queries read the index alone.
CREATE INDEX applications_figures_received
  ON applications (agency_id, received_on, closed_on, applicant_type, outcome, department_id, due_on);
CREATE INDEX applications_figures_closed
  ON applications (agency_id, closed_on, received_on, applicant_type, outcome, department_id, due_on);
-- Applications closed in a later year than they were received (a few in a
-- hundred): those received before a year and closed in or after it are
-- among them, so the annual report's carried-in count reads only these.
CREATE INDEX applications_figures_straddling
  ON applications (agency_id, closed_on, received_on, applicant_type, outcome)
  WHERE substr(closed_on, 1, 4) <> substr(received_on, 1, 4);
-- Open applications by due date: the dashboard's "due within 3 working days
-- or overdue" (a date bound) and its open counts per department.
CREATE INDEX applications_figures_open
  ON applications (agency_id, due_on, department_id) WHERE closed_on IS NULL;
-- Reviews filed in a year; fees paid in a year (annual report).
CREATE INDEX application_reviews_filed ON application_reviews (agency_id, filed_on);
CREATE INDEX application_fees_paid ON application_fees (agency_id, paid_on);
-- Items of the catalog categories that the annual report's document rows
-- count (规章, 行政规范性文件).
CREATE INDEX items_figures_category ON items (category_id, agency_id);
-- Open items by formation date: the dashboard's proactive items unpublished
-- past their 20 working days (a date bound), per department.
CREATE INDEX items_figures_formed ON items (agency_id, attribute, formed_on, department_id) WHERE state NOT IN ('published', 'withdrawn');
-- Complaints received in a period (the dashboard's months and departments).
CREATE INDEX feedback_cases_received ON feedback_cases (agency_id, received_on);
-- Publications in a period (the dashboard's proactive disclosure figures),
-- and whether an item was ever published (the annual report's documents).
CREATE INDEX publications_figures_published ON publications (agency_id, published_at, item_id);
CREATE INDEX publications_figures_item ON publications (item_id);
