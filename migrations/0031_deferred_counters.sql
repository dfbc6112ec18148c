-- Counters (0030) for transactions that write many rows: an import of a
-- year's applications or of an old website's items. On PostgreSQL, every
-- update of a row leaves a version that the rest of the transaction must
-- step over, so a transaction adding to the same counter row n times costs
-- n² (100,000 imported applications: six minutes). A transaction that sets
--   SET LOCAL gongkai.counters = 'deferred'
-- (store::DeferCounters) instead appends its changes to the delta tables
-- below; at commit, one deferred trigger adds their sums to the counters, in
-- key order, and empties the tables. The counters stay exact and change in
-- the same transaction as the rows; only that transaction's own reads of
-- the counters, before it commits, do not see its changes yet.
--
-- The delta tables hold nothing but the rows of transactions still running
-- (another transaction's rows are invisible until it commits, and it deletes
-- them before it does), so they are unlogged: a crash loses nothing.
-- SQLite updates a row in place, and keeps its counters as they are.

-- @postgres
CREATE UNLOGGED TABLE item_state_count_deltas (
  agency_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  n BIGINT NOT NULL
);
CREATE UNLOGGED TABLE application_month_count_deltas (
  agency_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  department_id BIGINT NOT NULL,
  received BIGINT NOT NULL,
  closed BIGINT NOT NULL,
  closed_late BIGINT NOT NULL
);
CREATE UNLOGGED TABLE application_year_count_deltas (
  agency_id BIGINT NOT NULL,
  received_year TEXT NOT NULL,
  closed_year TEXT NOT NULL,
  applicant_type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  n BIGINT NOT NULL
);
CREATE UNLOGGED TABLE publication_count_deltas (
  agency_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  department_id BIGINT NOT NULL,
  category_id BIGINT NOT NULL,
  formed_on TEXT NOT NULL,
  n BIGINT NOT NULL
);
-- One row per transaction that has deltas: its insertion queues the fold.
CREATE UNLOGGED TABLE counter_folds (queued BOOLEAN NOT NULL);

-- True if this transaction defers its counters.
CREATE FUNCTION gk_counters_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT current_setting('gongkai.counters', true) IS NOT DISTINCT FROM 'deferred'
$$;
-- After a delta is appended: the first time in the transaction, queues the
-- fold at commit. The setting 'gongkai.counter_fold' is local to the
-- transaction (and to a savepoint, rolled back with the rows it queued).
CREATE FUNCTION gk_queue_counter_fold() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('gongkai.counter_fold', true) IS DISTINCT FROM 'queued' THEN
    PERFORM set_config('gongkai.counter_fold', 'queued', true);
    INSERT INTO counter_folds (queued) VALUES (true);
  END IF;
END $$;

CREATE FUNCTION gk_fold_counters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A change after this fold (SET CONSTRAINTS … IMMEDIATE) queues another.
  PERFORM set_config('gongkai.counter_fold', '', true);
  DELETE FROM counter_folds;
  WITH d AS (DELETE FROM item_state_count_deltas RETURNING agency_id, state, n)
  INSERT INTO item_state_counts AS c (agency_id, state, n)
  SELECT agency_id, state, SUM(n) FROM d GROUP BY agency_id, state HAVING SUM(n) <> 0
  ORDER BY agency_id, state COLLATE "C"
  ON CONFLICT (agency_id, state) DO UPDATE SET n = c.n + EXCLUDED.n;
  WITH d AS (DELETE FROM application_month_count_deltas
             RETURNING agency_id, month, department_id, received, closed, closed_late)
  INSERT INTO application_month_counts AS c (agency_id, month, department_id, received, closed, closed_late)
  SELECT agency_id, month, department_id, SUM(received), SUM(closed), SUM(closed_late) FROM d
  GROUP BY agency_id, month, department_id
  HAVING SUM(received) <> 0 OR SUM(closed) <> 0 OR SUM(closed_late) <> 0
  ORDER BY agency_id, month COLLATE "C", department_id
  ON CONFLICT (agency_id, month, department_id) DO UPDATE
  SET received = c.received + EXCLUDED.received, closed = c.closed + EXCLUDED.closed,
      closed_late = c.closed_late + EXCLUDED.closed_late;
  WITH d AS (DELETE FROM application_year_count_deltas
             RETURNING agency_id, received_year, closed_year, applicant_type, outcome, n)
  INSERT INTO application_year_counts AS c (agency_id, received_year, closed_year, applicant_type, outcome, n)
  SELECT agency_id, received_year, closed_year, applicant_type, outcome, SUM(n) FROM d
  GROUP BY agency_id, received_year, closed_year, applicant_type, outcome HAVING SUM(n) <> 0
  ORDER BY agency_id, received_year COLLATE "C", closed_year COLLATE "C", applicant_type COLLATE "C",
           outcome COLLATE "C"
  ON CONFLICT (agency_id, received_year, closed_year, applicant_type, outcome) DO UPDATE SET n = c.n + EXCLUDED.n;
  -- Both publication counters from one reading of the deltas: the days'
  -- (the main statement) before the categories', as a single change does.
  WITH d AS (DELETE FROM publication_count_deltas
             RETURNING agency_id, day, department_id, category_id, formed_on, n),
       g AS (SELECT agency_id, day, department_id, category_id, formed_on, SUM(n) AS n FROM d
             GROUP BY agency_id, day, department_id, category_id, formed_on HAVING SUM(n) <> 0),
       categories AS (
         INSERT INTO publication_category_counts AS c (agency_id, category_id, day, department_id, formed_on, n)
         SELECT agency_id, category_id, day, department_id, formed_on, n FROM g
         ORDER BY agency_id, category_id, day COLLATE "C", department_id, formed_on COLLATE "C"
         ON CONFLICT (agency_id, category_id, day, department_id, formed_on) DO UPDATE SET n = c.n + EXCLUDED.n)
  INSERT INTO publication_day_counts AS c (agency_id, day, department_id, formed_on, n)
  SELECT agency_id, day, department_id, formed_on, SUM(n) FROM g
  GROUP BY agency_id, day, department_id, formed_on HAVING SUM(n) <> 0
  ORDER BY agency_id, day COLLATE "C", department_id, formed_on COLLATE "C"
  ON CONFLICT (agency_id, day, department_id, formed_on) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER counter_folds AFTER INSERT ON counter_folds DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION gk_fold_counters();

-- The counters' helpers of 0030, now either adding to the counter or, in a
-- deferring transaction, appending the change.
CREATE OR REPLACE FUNCTION gk_item_state_count(agency BIGINT, st TEXT, delta BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF gk_counters_deferred() THEN
    INSERT INTO item_state_count_deltas (agency_id, state, n) VALUES (agency, st, delta);
    PERFORM gk_queue_counter_fold();
  ELSE
    INSERT INTO item_state_counts (agency_id, state, n) VALUES (agency, st, delta)
    ON CONFLICT (agency_id, state) DO UPDATE SET n = item_state_counts.n + delta;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION gk_application_month_count(agency BIGINT, m TEXT, dept BIGINT, d_received BIGINT,
                                                      d_closed BIGINT, d_late BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF gk_counters_deferred() THEN
    INSERT INTO application_month_count_deltas (agency_id, month, department_id, received, closed, closed_late)
    VALUES (agency, m, dept, d_received, d_closed, d_late);
    PERFORM gk_queue_counter_fold();
  ELSE
    INSERT INTO application_month_counts AS c (agency_id, month, department_id, received, closed, closed_late)
    VALUES (agency, m, dept, d_received, d_closed, d_late)
    ON CONFLICT (agency_id, month, department_id) DO UPDATE
    SET received = c.received + d_received, closed = c.closed + d_closed, closed_late = c.closed_late + d_late;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION gk_application_year_count(agency BIGINT, received TEXT, closed TEXT, applicant TEXT,
                                                     result TEXT, delta BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  year_received TEXT := substr(received, 1, 4);
  year_closed TEXT := CASE WHEN closed IS NULL OR closed = '' THEN '' ELSE substr(closed, 1, 4) END;
BEGIN
  IF gk_counters_deferred() THEN
    INSERT INTO application_year_count_deltas (agency_id, received_year, closed_year, applicant_type, outcome, n)
    VALUES (agency, year_received, year_closed, applicant, COALESCE(result, ''), delta);
    PERFORM gk_queue_counter_fold();
  ELSE
    INSERT INTO application_year_counts AS c (agency_id, received_year, closed_year, applicant_type, outcome, n)
    VALUES (agency, year_received, year_closed, applicant, COALESCE(result, ''), delta)
    ON CONFLICT (agency_id, received_year, closed_year, applicant_type, outcome) DO UPDATE SET n = c.n + delta;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION gk_publication_count(agency BIGINT, d TEXT, dept BIGINT, category BIGINT, formed TEXT,
                                                delta BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF gk_counters_deferred() THEN
    INSERT INTO publication_count_deltas (agency_id, day, department_id, category_id, formed_on, n)
    VALUES (agency, d, dept, category, formed, delta);
    PERFORM gk_queue_counter_fold();
  ELSE
    INSERT INTO publication_day_counts AS c (agency_id, day, department_id, formed_on, n)
    VALUES (agency, d, dept, formed, delta)
    ON CONFLICT (agency_id, day, department_id, formed_on) DO UPDATE SET n = c.n + delta;
    INSERT INTO publication_category_counts AS c (agency_id, category_id, day, department_id, formed_on, n)
    VALUES (agency, category, d, dept, formed, delta)
    ON CONFLICT (agency_id, category_id, day, department_id, formed_on) DO UPDATE SET n = c.n + delta;
  END IF;
END $$;
-- @end
