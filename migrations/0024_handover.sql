-- 转交 (条例 Art. 36(5)): an application that concerns another agency of the
-- platform. The applicant may agree on the form (or tell the office later)
-- that it be passed on; the hand-over is one row linking both cases. The
-- receiving agency's case (to_application_id) exists only with consent; the
-- original reference and receipt date are copied so that neither agency
-- reads the other's applications to show the link.
ALTER TABLE applications ADD COLUMN transfer_consent INTEGER NOT NULL DEFAULT 0;
CREATE TABLE application_handovers (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),   -- the handing agency
  from_application_id BIGINT NOT NULL REFERENCES applications(id),
  from_ref TEXT NOT NULL,
  from_received_on TEXT NOT NULL,
  to_agency_id BIGINT NOT NULL REFERENCES agencies(id),
  to_application_id BIGINT REFERENCES applications(id),
  to_ref TEXT NOT NULL DEFAULT '',
  handed_on TEXT NOT NULL,
  consent TEXT NOT NULL,                -- 'form' (on the application), 'staff' (recorded later), 'none'
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (from_application_id)
);
CREATE INDEX application_handovers_to ON application_handovers (to_application_id);
