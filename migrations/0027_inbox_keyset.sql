-- Keyset pagination of the staff's case lists (requests/applications.h
-- InboxFilter, requests/inquiries.h InquiryFilter): one index per order, so
-- that a page costs what the first one does whatever the history's size.
-- The open cases are a small, moving part of the table: partial indexes keep
-- them (and the inbox's counts) apart from the closed history. Queries spell
-- the conditions exactly as here, which SQLite needs to use them.

-- A closed case always has its closing date (the seek key of the closed list).
UPDATE applications SET closed_on = substr(state_since, 1, 10) WHERE state = 'closed' AND closed_on IS NULL;

-- The open cases by due date; with state and department it also covers the
-- inbox's counts (open, overdue, waiting for the reader).
CREATE INDEX applications_open_due ON applications (agency_id, due_on, id, state, department_id)
  WHERE state <> 'closed';
CREATE INDEX applications_closed_on ON applications (agency_id, closed_on, id) WHERE state = 'closed';
CREATE INDEX applications_received ON applications (agency_id, received_on, id);
-- A department's handlers read their department's cases (requests/access.h):
-- the same orders within the department, not a scan of the others' history.
CREATE INDEX applications_department_received ON applications (agency_id, department_id, received_on, id);
CREATE INDEX applications_department_closed ON applications (agency_id, department_id, closed_on, id)
  WHERE state = 'closed';

CREATE INDEX explanation_requests_open_due ON explanation_requests (agency_id, due_on, id) WHERE state = 'open';
CREATE INDEX explanation_requests_received ON explanation_requests (agency_id, received_on, id);
CREATE INDEX correction_requests_open_due ON correction_requests (agency_id, due_on, id) WHERE state = 'open';
CREATE INDEX correction_requests_received ON correction_requests (agency_id, received_on, id);
