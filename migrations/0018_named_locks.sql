-- Named locks (src/store/lock.h): a transaction that must check a count and
-- then add to it (login attempts, public submissions per address) first
-- updates the row of its name, so that on PostgreSQL a second transaction
-- with the same name waits for the first to commit instead of counting the
-- same rows. On SQLite every writing transaction already holds the database's
-- write lock; the rows are kept there too so that both engines run one code
-- path. A name is a keyed fingerprint, never an address or a user name.
CREATE TABLE named_locks (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  name TEXT NOT NULL,
  touched_at TEXT NOT NULL,
  PRIMARY KEY (agency_id, name)
);
