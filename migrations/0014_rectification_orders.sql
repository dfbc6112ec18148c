-- Rectification orders (限期改正, seed rules VI.3; src/oversight/orders.h).
CREATE TABLE rectification_orders (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  ref TEXT NOT NULL,                     -- ZG2026-0001
  department_id BIGINT NOT NULL REFERENCES departments(id),
  problem TEXT NOT NULL,                 -- what is wrong
  requirement TEXT NOT NULL,             -- what must be done
  due_on TEXT NOT NULL,                  -- YYYY-MM-DD
  source TEXT NOT NULL DEFAULT '',       -- where the problem was found (a complaint, a spot check, an inspection …)
  feedback_id BIGINT REFERENCES feedback_cases(id),
  state TEXT NOT NULL,                   -- oversight/order_flow.h
  report TEXT NOT NULL DEFAULT '',       -- the department's last report
  reported_by BIGINT REFERENCES users(id),
  reported_at TEXT,
  review_note TEXT NOT NULL DEFAULT '',  -- why it was sent back, or the closing note
  ordered_by BIGINT NOT NULL REFERENCES users(id),
  ordered_at TEXT NOT NULL,
  closed_by BIGINT REFERENCES users(id),
  closed_at TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (agency_id, ref)
);
CREATE INDEX rectification_orders_state ON rectification_orders (agency_id, state, due_on);

-- Evidence the department attaches to a report (base64 like attachments).
CREATE TABLE rectification_evidence (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  order_id BIGINT NOT NULL REFERENCES rectification_orders(id),
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  content_hash TEXT NOT NULL,
  data TEXT NOT NULL,
  added_by BIGINT NOT NULL REFERENCES users(id),
  added_at TEXT NOT NULL
);
CREATE INDEX rectification_evidence_order ON rectification_evidence (order_id);

CREATE TABLE rectification_events (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  order_id BIGINT NOT NULL REFERENCES rectification_orders(id),
  action TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  user_id BIGINT REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX rectification_events_order ON rectification_events (order_id);
