-- Administrative review and litigation against applications (annual report
-- table 四), explanation requests about withheld information (seed III.13)
-- and requests to correct records about oneself (条例 Art. 41).

CREATE TABLE application_reviews (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  application_id BIGINT NOT NULL REFERENCES applications(id),
  kind TEXT NOT NULL,                 -- 'reconsideration', 'suit_direct', 'suit_after_review'
  filed_on TEXT NOT NULL,
  body TEXT NOT NULL,                 -- the review body or court
  result TEXT NOT NULL,               -- 'upheld', 'corrected', 'other', 'pending'
  decided_on TEXT,
  note TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX application_reviews_case ON application_reviews (application_id);

-- "Why was this withheld?" (III.13): anyone may ask about an item that is not
-- public; the 公开办 answers with its recorded 依据 and 理由.
CREATE TABLE explanation_requests (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  ref TEXT NOT NULL,
  query_code_hash TEXT NOT NULL,
  item_id BIGINT REFERENCES items(id),
  subject TEXT NOT NULL,              -- what the person asks about, in their words
  question TEXT NOT NULL,
  requester_name TEXT NOT NULL,
  contact_sealed TEXT NOT NULL,       -- sealed JSON: phone, email, address
  phone_key TEXT NOT NULL,
  received_on TEXT NOT NULL,
  due_on TEXT,
  state TEXT NOT NULL,                -- 'open', 'answered'
  answer TEXT NOT NULL DEFAULT '',
  answered_by BIGINT REFERENCES users(id),
  answered_on TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (agency_id, ref),
  UNIQUE (agency_id, query_code_hash)
);

-- Art. 41: a person asks to correct government information about themselves.
CREATE TABLE correction_requests (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  ref TEXT NOT NULL,
  query_code_hash TEXT NOT NULL,
  requester_name TEXT NOT NULL,
  contact_sealed TEXT NOT NULL,
  phone_key TEXT NOT NULL,
  record TEXT NOT NULL,               -- which record is inaccurate
  correction TEXT NOT NULL,           -- what it should say, and the evidence offered
  received_on TEXT NOT NULL,
  due_on TEXT,
  state TEXT NOT NULL,                -- 'open', 'corrected', 'transferred', 'refused'
  answer TEXT NOT NULL DEFAULT '',
  answered_by BIGINT REFERENCES users(id),
  answered_on TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (agency_id, ref),
  UNIQUE (agency_id, query_code_hash)
);
