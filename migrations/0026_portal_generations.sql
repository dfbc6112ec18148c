-- What the public portal shows, as generation counters: one row per agency
-- (its columns, its pages) and row 0 for the platform (the district home,
-- search and catalog, which show every agency). A publication, withdrawal,
-- validity change, catalog or settings change increments the agency's row
-- and row 0 in the same transaction (accounts::TouchPortal); every node's
-- cache of rendered pages compares the counter it stored with the page
-- against the row, so a change shows on every node at once. A missing row
-- reads as 0.
CREATE TABLE portal_generations (
  agency_id BIGINT PRIMARY KEY,  -- 0: the platform
  generation BIGINT NOT NULL
);

-- The sitemap's files are blocks of publication ids of an agency
-- (disclosure::SitemapBlocks): a seek and a range over this index.
CREATE INDEX publications_live_id ON publications (agency_id, withdrawn_at, id);
