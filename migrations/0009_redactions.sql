-- Redaction log (区分处理记录): which attachment was replaced by which
-- redacted copy, what was removed where and on what ground (the removed text
-- masked), the hidden parts stripped; the copy was verified by re-extraction
-- before it was stored.
CREATE TABLE redactions (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  item_id BIGINT NOT NULL REFERENCES items(id),
  from_attachment_id BIGINT NOT NULL REFERENCES item_attachments(id),
  to_attachment_id BIGINT NOT NULL REFERENCES item_attachments(id),
  entries TEXT NOT NULL,              -- one line per entry: masked text | where | ground | count
  stripped TEXT NOT NULL,             -- one hidden part per line
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX redactions_item ON redactions (item_id);
