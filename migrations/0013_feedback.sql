-- Public feedback and complaints about disclosure work (seed rules 五, VI.2;
-- src/oversight/feedback.h), and the log of public submissions that limits
-- how often one address may submit.
CREATE TABLE feedback_cases (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  ref TEXT NOT NULL,                      -- FK2026-0001
  query_code_hash TEXT NOT NULL,          -- keyed fingerprint of the query code
  kind TEXT NOT NULL,                     -- opinion, suggestion, complaint
  channel TEXT NOT NULL,                  -- portal, phone, letter, visit
  item_id BIGINT REFERENCES items(id),    -- about a published item
  application_ref TEXT NOT NULL DEFAULT '',  -- about an application (its 申请编号)
  content TEXT NOT NULL,
  requester_name TEXT NOT NULL DEFAULT '',
  contact_sealed TEXT NOT NULL DEFAULT '',   -- {"phone", "email"} sealed with the data key
  received_on TEXT NOT NULL,
  due_on TEXT,                            -- NULL when the calendar does not reach
  state TEXT NOT NULL,                    -- oversight/feedback_flow.h
  department_id BIGINT REFERENCES departments(id),  -- forwarded to
  forward_note TEXT NOT NULL DEFAULT '',
  department_answer TEXT NOT NULL DEFAULT '',
  answered_by BIGINT REFERENCES users(id),
  answered_at TEXT,
  reply TEXT NOT NULL DEFAULT '',
  reply_form TEXT NOT NULL DEFAULT '',    -- direct, meeting, media, board (V.6)
  replied_by BIGINT REFERENCES users(id),
  replied_on TEXT,
  registered_by BIGINT REFERENCES users(id),  -- staff who registered a phone/letter/visit case
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (agency_id, ref)
);
CREATE INDEX feedback_cases_state ON feedback_cases (agency_id, state, due_on);
CREATE INDEX feedback_cases_item ON feedback_cases (item_id);
CREATE INDEX feedback_cases_code ON feedback_cases (agency_id, query_code_hash);

-- What happened to a case, in order (shown to staff; `public_note` entries
-- also to the person who sent it).
CREATE TABLE feedback_events (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  case_id BIGINT NOT NULL REFERENCES feedback_cases(id),
  action TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  public_note TEXT NOT NULL DEFAULT '',
  user_id BIGINT REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX feedback_events_case ON feedback_events (case_id);

-- Public submissions per address (a keyed fingerprint, never the address),
-- for rate limits; rows older than a day are deleted as new ones come.
CREATE TABLE public_submissions (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  kind TEXT NOT NULL,
  address_key TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX public_submissions_key ON public_submissions (agency_id, kind, address_key, at);
