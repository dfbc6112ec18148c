-- The numbers of the data key's sealing keys that rotation retired (gongkai
-- key retire). A node started with a key file from before the rotation,
-- which would seal new values with a retired key the other nodes no longer
-- hold, refuses to start (accounts::OpenDataKey).
CREATE TABLE data_key_retired (
  version INTEGER PRIMARY KEY,
  retired_at TEXT NOT NULL
);
