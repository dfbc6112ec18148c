-- Which data key the database's sealed personal data belongs to: a MAC
-- under the key (accounts::OpenDataKey), recorded at the key's first use, so
-- that a node started with another key, or with none after a restore
-- (which would create a new one), refuses to start instead of sealing new
-- data under a key that opens nothing of the old.
CREATE TABLE data_key_check (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
