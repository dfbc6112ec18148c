-- Redaction log (区分处理记录) of the files going out with an application's
-- reply, as redactions is for item attachments: which file was replaced by
-- which redacted copy, what was removed where and on what ground (masked),
-- the hidden parts stripped. The replaced file keeps its row with kind
-- 'superseded' and no reply, so it is neither released nor checked again.
CREATE TABLE application_redactions (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  application_id BIGINT NOT NULL REFERENCES applications(id),
  from_file_id BIGINT NOT NULL REFERENCES application_files(id),
  to_file_id BIGINT NOT NULL REFERENCES application_files(id),
  entries TEXT NOT NULL,              -- one line per entry: masked text | where | ground | count
  stripped TEXT NOT NULL,             -- one hidden part per line
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX application_redactions_case ON application_redactions (application_id);
