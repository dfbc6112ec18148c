-- The district platform (集约化): agencies form a tree (the district
-- government above its departments and street offices), each of a kind that
-- the district home groups by. sort_order orders the home's lists.
ALTER TABLE agencies ADD COLUMN parent_id BIGINT REFERENCES agencies(id);
ALTER TABLE agencies ADD COLUMN kind TEXT NOT NULL DEFAULT 'street';
ALTER TABLE agencies ADD COLUMN sort_order INTEGER NOT NULL DEFAULT 0;
CREATE INDEX agencies_parent ON agencies (parent_id);
-- The district home's 最新公开 across every agency: newest live publications first.
CREATE INDEX publications_platform_latest ON publications (withdrawn_at, published_at);
