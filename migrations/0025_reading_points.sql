-- 集中查阅点 of the district: a place of the platform where every agency may
-- keep printed copies of what it published. A point belongs to the district
-- (the root agency of the platform's tree; in a one-agency deployment the
-- agency itself) and is managed by its 公开办. A 集中查阅点 release names
-- its point; `place` keeps the point's name at the time of the release.
CREATE TABLE reading_points (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),  -- the district that owns it
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  hours TEXT NOT NULL DEFAULT '',         -- opening hours
  active INTEGER NOT NULL DEFAULT 1,      -- 0: closed, offered for no new release
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX reading_points_name ON reading_points (agency_id, name);
ALTER TABLE channel_releases ADD COLUMN point_id BIGINT REFERENCES reading_points(id);
-- The index of a point: its live copies, every agency's.
CREATE INDEX channel_releases_point ON channel_releases (point_id, removed_at);

-- The free-text places of earlier 集中查阅点 releases become points of the
-- releasing agency's district, one per name, and the releases name them.
INSERT INTO reading_points (agency_id, name, created_at, updated_at)
SELECT COALESCE(a.parent_id, a.id), r.place, MIN(r.released_at), MIN(r.released_at)
FROM channel_releases r JOIN agencies a ON a.id = r.agency_id
WHERE r.channel = 'reading_point'
GROUP BY COALESCE(a.parent_id, a.id), r.place;
UPDATE channel_releases SET point_id = (
  SELECT p.id FROM reading_points p JOIN agencies a ON p.agency_id = COALESCE(a.parent_id, a.id)
  WHERE a.id = channel_releases.agency_id AND p.name = channel_releases.place)
WHERE channel = 'reading_point';
