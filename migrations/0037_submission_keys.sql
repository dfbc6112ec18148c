-- The public forms' submission keys: a form carries a random token, bound to
-- the visitor's form token, and a submission stores a keyed hash of it with
-- what it created, in the same transaction. Sending the same form again
-- (the answer was lost, the button pressed twice) finds the key and shows
-- the same receipt instead of filing a second case (requests/applications.cc
-- Submit, oversight/feedback.cc Submit). Nothing of the visitor is stored:
-- the hash cannot be reversed without the data key.
CREATE TABLE submission_keys (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  kind TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  target_id BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (agency_id, kind, key_hash)
);
