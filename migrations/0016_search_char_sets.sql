-- One-character queries on SQLite are answered from compressed per-character
-- document sets (src/search/char_sets.h) instead of the FTS5 table
-- search_chars, and the term streams index a run's last character only before
-- letters or digits. search::Upgrade rebuilds the SQLite index when
-- search_index_state.tokenizer is below the version the binary writes.

CREATE TABLE search_index_state (
  tokenizer INTEGER NOT NULL
);
INSERT INTO search_index_state (tokenizer) VALUES (1);

-- @sqlite
DROP TABLE search_chars;
-- members: see EncodeChunk; chunk = search_docs.id / 4096.
CREATE TABLE search_char_sets (
  agency_id INTEGER NOT NULL,
  is_public INTEGER NOT NULL,
  in_title INTEGER NOT NULL,
  ch INTEGER NOT NULL,
  chunk INTEGER NOT NULL,
  members BLOB NOT NULL,
  PRIMARY KEY (agency_id, is_public, in_title, ch, chunk)
) WITHOUT ROWID;
-- @end
