-- Items migrated from an agency's old website (gongkai import items): their
-- publication carries the mark instead of the review chain's signatures, and
-- the portal says 迁移自原网站 beside it.
ALTER TABLE publications ADD COLUMN migrated INTEGER NOT NULL DEFAULT 0;
