-- Filing with the upper office inside the platform (seed rules 四.4;
-- src/records/filings.h): an agency submits the package of what it published
-- in a period (records/filing.h, stored as its JSON), the office of the
-- agency above it accepts it or returns it with remarks.
CREATE TABLE filings (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),        -- the agency that files
  upper_agency_id BIGINT NOT NULL REFERENCES agencies(id),  -- the agency it files with (its parent)
  period_from TEXT NOT NULL,                                -- YYYY-MM-DD (China)
  period_to TEXT NOT NULL,
  package TEXT NOT NULL,                                    -- FilingJson
  item_count INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',                            -- the submitter's covering note
  state TEXT NOT NULL,                                      -- submitted / accepted / returned
  submitted_by BIGINT NOT NULL REFERENCES users(id),
  submitted_at TEXT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT,
  remarks TEXT NOT NULL DEFAULT ''                          -- the upper office's remarks
);
CREATE INDEX filings_agency ON filings (agency_id, id);
CREATE INDEX filings_queue ON filings (upper_agency_id, state, id);

-- A rectification order the upper office issued to an agency below it
-- (seed rules 六.3): that office, not the agency's own 领导小组, closes it.
-- NULL: issued inside the agency.
ALTER TABLE rectification_orders ADD COLUMN issued_by_agency_id BIGINT REFERENCES agencies(id);
CREATE INDEX rectification_orders_issuer ON rectification_orders (issued_by_agency_id, state, due_on);
