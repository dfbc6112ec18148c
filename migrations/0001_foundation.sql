-- Foundation: agencies (tenants), departments, users and roles, sessions,
-- login throttling, the hash-chained audit log, the working-day calendar.
-- Every table except agencies carries agency_id: one deployment can serve a
-- whole district of offices.

CREATE TABLE agencies (
  id {{PK}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE agency_settings (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (agency_id, key)
);

CREATE TABLE departments (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  name TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  UNIQUE (agency_id, name)
);

CREATE TABLE users (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  department_id BIGINT REFERENCES departments(id),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (agency_id, username)
);

CREATE TABLE user_roles (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
);

-- The cookie carries a random token; only its BLAKE2b digest is stored.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ip TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  username TEXT NOT NULL,
  ip TEXT NOT NULL,
  at TEXT NOT NULL,
  success INTEGER NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts (agency_id, username, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

-- Append-only; each row's hash covers its fields and the previous row's hash
-- (docs/formats.md). audit_head holds the last sequence number and hash so
-- that deleting rows from the end is detected too.
CREATE TABLE audit_log (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  seq BIGINT NOT NULL,
  at TEXT NOT NULL,
  actor_id BIGINT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  before_digest TEXT NOT NULL,
  after_digest TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (agency_id, seq)
);

CREATE TABLE audit_head (
  agency_id BIGINT PRIMARY KEY REFERENCES agencies(id),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);

-- @sqlite
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- @end
-- @postgres
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
-- @end

-- One row per calendar year, the year's definition as TOML (data/calendar/).
CREATE TABLE calendar_years (
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  year INTEGER NOT NULL,
  notice TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (agency_id, year)
);
