-- The confidentiality and privacy check (保密审查辅助): each agency's
-- severities per kind of finding and its lexicon of sensitive terms.

CREATE TABLE scan_severities (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,             -- 'block' or 'warn'
  PRIMARY KEY (agency_id, kind)
);

CREATE TABLE scan_lexicon (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  term TEXT NOT NULL,
  PRIMARY KEY (agency_id, term)
);

-- Whether the agency has ever saved its lexicon (until then the shipped
-- default list applies).
CREATE TABLE scan_lexicon_state (
  agency_id BIGINT PRIMARY KEY REFERENCES agencies(id),
  updated_by BIGINT REFERENCES users(id),
  updated_at TEXT NOT NULL
);
