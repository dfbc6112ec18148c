-- Proactive disclosure: the catalog, information items with their versions,
-- the signatures of the review chain, holds, declassification records and
-- publications.

CREATE TABLE catalog_categories (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  parent_id BIGINT REFERENCES catalog_categories(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0,
  must_fill INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  UNIQUE (agency_id, code)
);

-- 索引号 sequence per agency and year.
CREATE TABLE item_sequences (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  year INTEGER NOT NULL,
  last_seq BIGINT NOT NULL,
  PRIMARY KEY (agency_id, year)
);

-- The current state of an item; its content history is item_versions.
CREATE TABLE items (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  index_no TEXT NOT NULL,
  state TEXT NOT NULL,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  doc_no TEXT NOT NULL,
  department_id BIGINT NOT NULL REFERENCES departments(id),
  category_id BIGINT NOT NULL REFERENCES catalog_categories(id),
  formed_on TEXT NOT NULL,
  official_document INTEGER NOT NULL,
  classification TEXT NOT NULL,
  secrecy_period TEXT NOT NULL,
  attribute TEXT NOT NULL,
  ground_key TEXT NOT NULL,
  reason TEXT NOT NULL,
  validity TEXT NOT NULL,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  interprets_item_id BIGINT REFERENCES items(id),
  resume_state TEXT,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  state_since TEXT NOT NULL,
  reassess_on TEXT,
  UNIQUE (agency_id, index_no)
);
CREATE INDEX items_state ON items (agency_id, state, state_since);

CREATE TABLE item_co_departments (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  item_id BIGINT NOT NULL REFERENCES items(id),
  department_id BIGINT NOT NULL REFERENCES departments(id),
  PRIMARY KEY (item_id, department_id)
);

-- Every save of the content: who, when, and the full content (canonical
-- text) with its BLAKE2b digest.
CREATE TABLE item_versions (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  item_id BIGINT NOT NULL REFERENCES items(id),
  version INTEGER NOT NULL,
  content TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  changed_fields TEXT NOT NULL,
  saved_by BIGINT NOT NULL REFERENCES users(id),
  saved_at TEXT NOT NULL,
  UNIQUE (item_id, version)
);

-- A signature of the chain on one content version. decision: approve (同意),
-- return (退回); checks: the 领导小组's three checks as "1,1,1".
CREATE TABLE item_signatures (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  item_id BIGINT NOT NULL REFERENCES items(id),
  version INTEGER NOT NULL,
  step TEXT NOT NULL,
  decision TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  department_id BIGINT REFERENCES departments(id),
  opinion TEXT NOT NULL,
  checks TEXT NOT NULL,
  attribute TEXT NOT NULL,
  ground_key TEXT NOT NULL,
  signed_at TEXT NOT NULL
);
CREATE INDEX item_signatures_item ON item_signatures (item_id, version);

-- Classification unclear (seed III.9): the request to the competent
-- authority and, when it comes, its determination.
CREATE TABLE item_holds (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  item_id BIGINT NOT NULL REFERENCES items(id),
  from_state TEXT NOT NULL,
  question TEXT NOT NULL,
  authority TEXT NOT NULL,
  request_doc TEXT NOT NULL,
  requested_on TEXT NOT NULL,
  opened_by BIGINT NOT NULL REFERENCES users(id),
  opened_at TEXT NOT NULL,
  determination TEXT,
  determined_on TEXT,
  closed_by BIGINT REFERENCES users(id),
  closed_at TEXT
);

-- Declassification before disclosure (seed III.10).
CREATE TABLE item_declassifications (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  item_id BIGINT NOT NULL REFERENCES items(id),
  decision TEXT NOT NULL,
  authority TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  document_no TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TEXT NOT NULL
);

-- A published version: immutable, content-hashed; withdrawal keeps the row.
CREATE TABLE publications (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  item_id BIGINT NOT NULL REFERENCES items(id),
  version INTEGER NOT NULL,
  channel TEXT NOT NULL,
  content TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  published_by BIGINT NOT NULL REFERENCES users(id),
  published_at TEXT NOT NULL,
  withdrawn_by BIGINT REFERENCES users(id),
  withdrawn_at TEXT,
  withdraw_reason TEXT
);
CREATE INDEX publications_live ON publications (agency_id, withdrawn_at, published_at);

-- The invariant of DESIGN §4.1 held by the database too: a publication row
-- can only be written for an approved 主动公开 item whose 密级, if any, has a
-- declassification record; the published content cannot change afterwards.
-- @sqlite
CREATE TRIGGER publications_invariant BEFORE INSERT ON publications
WHEN NOT EXISTS (
  SELECT 1 FROM items i WHERE i.id = NEW.item_id AND i.state = 'approved' AND i.attribute = 'proactive'
    AND (i.classification = 'none' OR EXISTS (SELECT 1 FROM item_declassifications d WHERE d.item_id = i.id)))
BEGIN SELECT RAISE(ABORT, 'publication refused: the item is not approved for proactive disclosure'); END;
CREATE TRIGGER publications_immutable BEFORE UPDATE OF item_id, version, content, content_hash, published_by,
  published_at ON publications
BEGIN SELECT RAISE(ABORT, 'a published version cannot be changed'); END;
-- @end
-- @postgres
CREATE FUNCTION publications_invariant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM items i WHERE i.id = NEW.item_id AND i.state = 'approved' AND i.attribute = 'proactive'
      AND (i.classification = 'none' OR EXISTS (SELECT 1 FROM item_declassifications d WHERE d.item_id = i.id)))
  THEN
    RAISE EXCEPTION 'publication refused: the item is not approved for proactive disclosure';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER publications_invariant BEFORE INSERT ON publications
FOR EACH ROW EXECUTE FUNCTION publications_invariant();
CREATE FUNCTION publications_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.item_id <> OLD.item_id OR NEW.version <> OLD.version OR NEW.content <> OLD.content
     OR NEW.content_hash <> OLD.content_hash OR NEW.published_by <> OLD.published_by
     OR NEW.published_at <> OLD.published_at THEN
    RAISE EXCEPTION 'a published version cannot be changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER publications_immutable BEFORE UPDATE ON publications
FOR EACH ROW EXECUTE FUNCTION publications_immutable();
-- @end
