-- Confidentiality supervision (seed rules III.14–15; src/oversight/secrecy.h):
-- spot checks of published items drawn at random, and leak incidents.
CREATE TABLE spot_checks (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  ref TEXT NOT NULL,                 -- CC2026-0001
  period_from TEXT NOT NULL,         -- items published from … to … (China dates)
  period_to TEXT NOT NULL,
  population INTEGER NOT NULL,       -- how many were published then
  drawn_by BIGINT NOT NULL REFERENCES users(id),
  drawn_at TEXT NOT NULL,
  UNIQUE (agency_id, ref)
);

CREATE TABLE spot_check_items (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  check_id BIGINT NOT NULL REFERENCES spot_checks(id),
  item_id BIGINT NOT NULL REFERENCES items(id),
  publication_id BIGINT NOT NULL REFERENCES publications(id),
  finding TEXT NOT NULL DEFAULT '',  -- '' not yet checked, 'ok', 'problem'
  note TEXT NOT NULL DEFAULT '',
  withdrawn INTEGER NOT NULL DEFAULT 0,  -- withdrawal ordered at once
  checked_by BIGINT REFERENCES users(id),
  checked_at TEXT
);
CREATE INDEX spot_check_items_check ON spot_check_items (check_id);

CREATE TABLE incidents (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  ref TEXT NOT NULL,                 -- XM2026-0001
  item_id BIGINT NOT NULL REFERENCES items(id),
  description TEXT NOT NULL,         -- what leaked and how it was found
  discovered_on TEXT NOT NULL,
  responsibility TEXT NOT NULL,      -- the item's responsibility chain at the time (JSON)
  withdrawn INTEGER NOT NULL,        -- the item was withdrawn in the same step
  outcome TEXT NOT NULL DEFAULT '',  -- handling result and accountability
  state TEXT NOT NULL,               -- 'open', 'closed'
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TEXT NOT NULL,
  closed_by BIGINT REFERENCES users(id),
  closed_at TEXT,
  UNIQUE (agency_id, ref)
);
