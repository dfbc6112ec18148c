-- Results of the confidentiality and privacy check (review/checks.h): one
-- check per source (an item version's body, each of its attachments, each
-- file of an application reply), and its findings with how each was
-- resolved. The finding's text is stored masked; reviewers see it in context
-- from the document itself.

CREATE TABLE content_checks (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  item_id BIGINT REFERENCES items(id),
  item_version INTEGER,
  attachment_id BIGINT REFERENCES item_attachments(id),
  application_id BIGINT REFERENCES applications(id),
  file_id BIGINT REFERENCES application_files(id),
  source TEXT NOT NULL,               -- '正文' or the file name
  verdict TEXT NOT NULL,              -- 'pass', 'warn', 'block', 'error'
  error TEXT NOT NULL,
  checked_at TEXT NOT NULL
);
CREATE INDEX content_checks_item ON content_checks (item_id, item_version);
CREATE INDEX content_checks_application ON content_checks (application_id);

CREATE TABLE content_findings (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  check_id BIGINT NOT NULL REFERENCES content_checks(id),
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  start_pos BIGINT NOT NULL,
  end_pos BIGINT NOT NULL,
  masked TEXT NOT NULL,
  hidden INTEGER NOT NULL,
  place TEXT NOT NULL,
  rule TEXT NOT NULL,
  resolution TEXT NOT NULL,           -- 'open' or 'overridden'
  resolved_by BIGINT REFERENCES users(id),
  resolved_at TEXT,
  reason TEXT NOT NULL
);
CREATE INDEX content_findings_check ON content_findings (check_id);
