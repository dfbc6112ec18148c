-- Need-to-know (src/requests/access.h, src/disclosure/access.h): the
-- department an explanation or correction request was assigned to reads it;
-- indexes for the conditions that decide who reads an application.
ALTER TABLE explanation_requests ADD COLUMN department_id BIGINT REFERENCES departments(id);
ALTER TABLE correction_requests ADD COLUMN department_id BIGINT REFERENCES departments(id);
CREATE INDEX applications_department ON applications (agency_id, department_id);
CREATE INDEX application_events_user ON application_events (user_id, application_id);
CREATE INDEX feedback_cases_application ON feedback_cases (agency_id, application_ref);
CREATE INDEX item_signatures_user ON item_signatures (user_id, item_id);
