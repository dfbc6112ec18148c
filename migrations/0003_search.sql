-- Full-text search (src/search/search.h). Text is folded and tokenized in C++
-- (src/text/): the database stores term streams, never runs its own
-- tokenizer on Chinese text.
--
-- search_docs holds one row per searchable object with the original text (for
-- result lists and highlighted snippets) and the filter columns. A changed
-- document gets a new id (the old row is deleted), so index entries can never
-- be attached to the wrong document.

CREATE TABLE search_docs (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  kind TEXT NOT NULL,
  object_id BIGINT NOT NULL,
  is_public INTEGER NOT NULL,
  category_id BIGINT,
  department_id BIGINT,
  year INTEGER NOT NULL,
  title TEXT NOT NULL,
  url TEXT NOT NULL,
  date TEXT NOT NULL,
  body TEXT NOT NULL,
  extra TEXT NOT NULL,
  UNIQUE (agency_id, kind, object_id)
);

-- @sqlite
-- Contentless FTS5 tables over the space-separated term streams ('ascii'
-- only splits at the spaces; terms are already folded). Rowid =
-- agency_id * 2^33 + is_public * 2^32 + search_docs.id, so an agency's
-- documents (and its public ones) are one rowid range: these virtual tables
-- cannot carry an agency_id column of their own, the rowid is their agency
-- scope. columnsize=0: no per-document length table (bm25 without length
-- normalisation; the per-row length lookup was most of the ranking time).
--   search_terms: bigram/word streams with positions (phrase queries).
--   search_chars: each document's distinct CJK characters, and its title's
--                 prefixed with "t", without positions (one-character queries).
CREATE VIRTUAL TABLE search_terms USING fts5(
  body, title, extra, content='', columnsize=0, tokenize='ascii');
CREATE VIRTUAL TABLE search_chars USING fts5(
  chars, content='', columnsize=0, detail=none, tokenize='ascii');
-- @end

-- @postgres
-- The term streams as a tsvector built in C++ (title weight A, extra B,
-- body D; positions kept for <-> phrase queries).
ALTER TABLE search_docs ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
-- @end
