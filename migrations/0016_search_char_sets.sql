-- One-character queries on SQLite are answered from compressed per-character
-- document sets (src/search/char_sets.h) instead of the FTS5 table
-- search_chars, and the term streams index a run's last character only where
-- a phrase needs it. The old term streams are emptied here; gongkai refills an
-- emptied index when it opens the database (search::RebuildIfEmptied).

-- @sqlite
DROP TABLE search_chars;
INSERT INTO search_terms (search_terms) VALUES ('delete-all');
-- members: see EncodeChunk; chunk = search_docs.id / 4096. Like the FTS5
-- tables, every row belongs to the agency in its key.
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

-- @postgres
-- PostgreSQL keeps every run's last character in the tsvector: it answers
-- one-character queries as prefix queries.
COMMENT ON COLUMN search_docs.tsv IS
  'terms of text::Tokenize(…, RunEnds::kAll): title A, extra B, body D';
-- @end
