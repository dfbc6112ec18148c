-- Applications for disclosure (依申请公开): the case, its events (the clock
-- is computed from them), consultations, fees, the reply drafts and the
-- numbered letters. Personal data (identity number, phone, e-mail, address)
-- is stored only sealed with the data key (applicant_sealed) and masked for
-- display; applicant_key is a keyed fingerprint of the identity document for
-- finding the same applicant's applications without decrypting anything.

CREATE TABLE application_sequences (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  kind TEXT NOT NULL,           -- 'application' or a letter kind
  year INTEGER NOT NULL,
  last_seq BIGINT NOT NULL,
  PRIMARY KEY (agency_id, kind, year)
);

CREATE TABLE applications (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  ref TEXT NOT NULL,                    -- 申请编号, e.g. "2026-0007"
  query_code_hash TEXT NOT NULL,        -- BLAKE2b of the applicant's query code
  applicant_type TEXT NOT NULL,
  applicant_name TEXT NOT NULL,
  contact_person TEXT NOT NULL,         -- organisations: who to contact
  id_type TEXT NOT NULL,
  id_masked TEXT NOT NULL,
  phone_masked TEXT NOT NULL,
  applicant_sealed TEXT NOT NULL,       -- sealed JSON: id_number, phone, email, address, postal_code
  applicant_key TEXT NOT NULL,          -- keyed fingerprint of id_type + id_number
  phone_key TEXT NOT NULL,              -- keyed fingerprint of the phone number (status lookup)
  channel TEXT NOT NULL,
  received_on TEXT NOT NULL,            -- date of receipt (Art. 31)
  year INTEGER NOT NULL,                -- year of receipt (annual report)
  info_title TEXT NOT NULL,             -- name of the information wanted
  info_doc_no TEXT NOT NULL,            -- its 文号, if known
  description TEXT NOT NULL,            -- other features that identify it
  form TEXT NOT NULL,
  delivery TEXT NOT NULL,
  fee_waiver_requested INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  department_id BIGINT REFERENCES departments(id),
  due_on TEXT,                          -- cached from the clock, for the inbox
  outcome TEXT,
  closed_on TEXT,
  imported INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),  -- NULL when filed online by the applicant
  created_at TEXT NOT NULL,
  state_since TEXT NOT NULL,
  UNIQUE (agency_id, ref),
  UNIQUE (agency_id, query_code_hash)
);
CREATE INDEX applications_state ON applications (agency_id, state, due_on);
CREATE INDEX applications_applicant ON applications (agency_id, applicant_key, received_on);

-- Everything that happened to a case, in order; never changed afterwards.
-- clock_kind marks the events the statutory clock reads (requests/clock.h),
-- with on_date the legal date of the event.
CREATE TABLE application_events (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  application_id BIGINT NOT NULL REFERENCES applications(id),
  action TEXT NOT NULL,
  at TEXT NOT NULL,
  on_date TEXT NOT NULL,
  user_id BIGINT REFERENCES users(id),
  clock_kind TEXT,
  pause TEXT,
  days INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL,                   -- reason or details, shown in the timeline
  public_note TEXT NOT NULL             -- what the applicant sees
);
CREATE INDEX application_events_case ON application_events (application_id, id);

CREATE TABLE application_consultations (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  application_id BIGINT NOT NULL REFERENCES applications(id),
  kind TEXT NOT NULL,                   -- 'third_party' (Art. 32) or 'agency' (Art. 34)
  party TEXT NOT NULL,
  sent_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  answered_on TEXT,
  answer TEXT,                          -- 'consent', 'objection', 'no_answer'
  note TEXT NOT NULL
);

CREATE TABLE application_fees (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  application_id BIGINT NOT NULL REFERENCES applications(id),
  method TEXT NOT NULL,                 -- 'count' or 'volume'
  units INTEGER NOT NULL,
  amount BIGINT NOT NULL,               -- 元
  detail TEXT NOT NULL,
  notice_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  paid_on TEXT,
  lapsed INTEGER NOT NULL DEFAULT 0
);

-- The reply: drafted by the handler, approved by the 公开办, then issued.
CREATE TABLE application_replies (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  application_id BIGINT NOT NULL REFERENCES applications(id),
  outcome TEXT NOT NULL,
  reasons TEXT NOT NULL,                -- facts and reasons, in particular of what is withheld
  body TEXT NOT NULL,                   -- the letter's body paragraphs (one per line)
  status TEXT NOT NULL,                 -- 'draft', 'returned', 'approved', 'issued'
  drafted_by BIGINT NOT NULL REFERENCES users(id),
  drafted_at TEXT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT,
  decision_note TEXT NOT NULL DEFAULT ''
);

-- Files of a case: the redacted copy of a 部分公开 reply, the information
-- provided, a supplement's scan.
CREATE TABLE application_files (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  application_id BIGINT NOT NULL REFERENCES applications(id),
  reply_id BIGINT REFERENCES application_replies(id),
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content TEXT NOT NULL,                -- base64
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL
);

-- Numbered letters: reply (答复书), correction notice (补正告知书), extension
-- notice (延期答复告知书), consultation (征求意见书), fee notice (收费通知书).
CREATE TABLE letters (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  application_id BIGINT REFERENCES applications(id),
  kind TEXT NOT NULL,
  year INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  number TEXT NOT NULL,
  title TEXT NOT NULL,
  addressee TEXT NOT NULL,
  body TEXT NOT NULL,                   -- paragraphs, one per line
  issued_on TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (agency_id, kind, year, seq)
);

-- Editable letter templates per agency and kind (mustache text; the shipped
-- default is used while there is no row).
CREATE TABLE letter_templates (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_by BIGINT REFERENCES users(id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (agency_id, kind)
);

-- @sqlite
CREATE TRIGGER application_events_append_only BEFORE UPDATE ON application_events
BEGIN SELECT RAISE(ABORT, 'application events are append-only'); END;
CREATE TRIGGER application_events_no_delete BEFORE DELETE ON application_events
BEGIN SELECT RAISE(ABORT, 'application events are append-only'); END;
CREATE TRIGGER letters_immutable BEFORE UPDATE ON letters
BEGIN SELECT RAISE(ABORT, 'issued letters cannot be changed'); END;
-- @end
-- @postgres
CREATE FUNCTION gk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows cannot be changed', TG_TABLE_NAME;
END $$;
CREATE TRIGGER application_events_append_only BEFORE UPDATE OR DELETE ON application_events
FOR EACH ROW EXECUTE FUNCTION gk_refuse_change();
CREATE TRIGGER letters_immutable BEFORE UPDATE ON letters
FOR EACH ROW EXECUTE FUNCTION gk_refuse_change();
-- @end
