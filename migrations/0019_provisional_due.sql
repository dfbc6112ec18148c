-- A due date that lies in the provisional calendar year (the year after the
-- latest State Council holiday notice, derived from the statutory holidays)
-- is 暂定 until that notice is loaded; the flag is kept with the cached due
-- date so that lists mark it and the dashboard counts it without replaying
-- every case's clock.
ALTER TABLE applications ADD COLUMN due_provisional INTEGER NOT NULL DEFAULT 0;
CREATE INDEX applications_due_provisional ON applications (agency_id, due_provisional, state);
