-- Attachments of information items. The bytes are kept base64-encoded in the
-- database, so that every node of a deployment sees the same files. A row is
-- never changed except to record the version that removed it; the versions
-- and publications list the attachments they contain.
CREATE TABLE item_attachments (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  item_id BIGINT NOT NULL REFERENCES items(id),
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  content_hash TEXT NOT NULL,
  data TEXT NOT NULL,
  added_in_version INTEGER NOT NULL,
  removed_in_version INTEGER,
  added_by BIGINT NOT NULL REFERENCES users(id),
  added_at TEXT NOT NULL
);
CREATE INDEX item_attachments_item ON item_attachments (item_id);
