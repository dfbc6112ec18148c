-- Publication on the other channels of the seed rules (I.3/I.5): 公开栏,
-- 咨询服务站点, 集中查阅点, 社区报刊 and 微信公众号 (src/records/channels.h).
-- A release always carries the live portal publication of an item — the
-- same immutable, content-hashed version — with the artifact produced for the
-- channel (a PDF, or the 公众号 article package), stored base64-encoded like
-- attachments.
CREATE TABLE channel_releases (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  publication_id BIGINT NOT NULL REFERENCES publications(id),
  item_id BIGINT NOT NULL REFERENCES items(id),
  channel TEXT NOT NULL,                -- board, service_point, reading_point, newspaper, wechat
  place TEXT NOT NULL DEFAULT '',       -- where: the board, the point, the paper and issue
  paper TEXT NOT NULL DEFAULT '',       -- board notices: A4 or A3
  note TEXT NOT NULL DEFAULT '',
  artifact_name TEXT NOT NULL,
  artifact_type TEXT NOT NULL,
  artifact_hash TEXT NOT NULL,          -- SHA-256 of the artifact's bytes
  artifact_size BIGINT NOT NULL,
  artifact TEXT NOT NULL,               -- base64
  released_by BIGINT NOT NULL REFERENCES users(id),
  released_at TEXT NOT NULL,
  removed_by BIGINT REFERENCES users(id),  -- taken down (撤下)
  removed_at TEXT,
  remove_reason TEXT,
  -- The 公众号 outbox: '' for other channels, else pending → sent, or failed
  -- after the last attempt; next_push_at is when a pending one is tried next.
  push_state TEXT NOT NULL DEFAULT '',
  push_attempts INTEGER NOT NULL DEFAULT 0,
  next_push_at TEXT,
  pushed_at TEXT
);
CREATE INDEX channel_releases_item ON channel_releases (item_id);
CREATE INDEX channel_releases_agency ON channel_releases (agency_id, channel, released_at);
CREATE INDEX channel_releases_outbox ON channel_releases (push_state, next_push_at);

-- Every push of a 公众号 package and the endpoint's answer.
CREATE TABLE channel_push_attempts (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  release_id BIGINT NOT NULL REFERENCES channel_releases(id),
  attempted_at TEXT NOT NULL,
  http_status INTEGER,                  -- NULL when no answer came (connection refused, timeout)
  response TEXT NOT NULL DEFAULT '',    -- the answer's body (first 2,000 bytes) or the error
  ok INTEGER NOT NULL
);
CREATE INDEX channel_push_attempts_release ON channel_push_attempts (release_id);

-- The database refuses a release of anything but a live portal publication
-- of the same item, and the artifact never changes once written.
-- @sqlite
CREATE TRIGGER channel_releases_live BEFORE INSERT ON channel_releases
WHEN NOT EXISTS (
  SELECT 1 FROM publications p JOIN items i ON i.id = p.item_id
  WHERE p.id = NEW.publication_id AND p.item_id = NEW.item_id AND p.withdrawn_at IS NULL
    AND i.state = 'published' AND p.agency_id = NEW.agency_id)
BEGIN SELECT RAISE(ABORT, 'channel release refused: no live publication of the item'); END;
CREATE TRIGGER channel_releases_immutable BEFORE UPDATE OF publication_id, item_id, channel, artifact,
  artifact_hash, released_by, released_at ON channel_releases
BEGIN SELECT RAISE(ABORT, 'a channel release cannot be changed'); END;
-- @end
-- @postgres
CREATE FUNCTION channel_releases_live() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM publications p JOIN items i ON i.id = p.item_id
    WHERE p.id = NEW.publication_id AND p.item_id = NEW.item_id AND p.withdrawn_at IS NULL
      AND i.state = 'published' AND p.agency_id = NEW.agency_id)
  THEN
    RAISE EXCEPTION 'channel release refused: no live publication of the item';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER channel_releases_live BEFORE INSERT ON channel_releases
FOR EACH ROW EXECUTE FUNCTION channel_releases_live();
CREATE FUNCTION channel_releases_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.publication_id <> OLD.publication_id OR NEW.item_id <> OLD.item_id OR NEW.channel <> OLD.channel
     OR NEW.artifact <> OLD.artifact OR NEW.artifact_hash <> OLD.artifact_hash
     OR NEW.released_by <> OLD.released_by OR NEW.released_at <> OLD.released_at THEN
    RAISE EXCEPTION 'a channel release cannot be changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER channel_releases_immutable BEFORE UPDATE ON channel_releases
FOR EACH ROW EXECUTE FUNCTION channel_releases_immutable();
-- @end
