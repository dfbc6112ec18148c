-- Counters the dashboards read instead of counting the whole history: kept
-- by triggers in the same transaction as the change they count, so they are
-- exact on every node and whatever code path writes the rows (the forms, the
-- importers, a repair by hand). A counter row is never deleted; a count that
-- falls to zero stays as a zero.
--
-- item_state_counts: items per agency and state (/staff/items' headings).
-- application_month_counts: applications received, and closed (and closed
--   after their due date), per agency, department (0: not assigned) and
--   month of receipt or closing (the supervision dashboard's figures).
-- application_year_counts: applications per agency, year of receipt, year
--   of closing ('' while open), applicant type and outcome (the national
--   annual report's table of applications).
-- publication_day_counts: publications per agency, China date of
--   publication, and the item's department and date of formation (the
--   timeliness of proactive disclosure on the dashboard and the ledger);
-- publication_category_counts: the same per category too (the ledger of
--   one category, and its check of mandatory categories left empty).

CREATE TABLE item_state_counts (
  agency_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (agency_id, state)
);

CREATE TABLE application_month_counts (
  agency_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  department_id BIGINT NOT NULL,
  received BIGINT NOT NULL,
  closed BIGINT NOT NULL,
  closed_late BIGINT NOT NULL,
  PRIMARY KEY (agency_id, month, department_id)
);

CREATE TABLE application_year_counts (
  agency_id BIGINT NOT NULL,
  received_year TEXT NOT NULL,
  closed_year TEXT NOT NULL,
  applicant_type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (agency_id, received_year, closed_year, applicant_type, outcome)
);

CREATE TABLE publication_day_counts (
  agency_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  department_id BIGINT NOT NULL,
  formed_on TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (agency_id, day, department_id, formed_on)
);

CREATE TABLE publication_category_counts (
  agency_id BIGINT NOT NULL,
  category_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  department_id BIGINT NOT NULL,
  formed_on TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (agency_id, category_id, day, department_id, formed_on)
);

-- The annual report's rules and normative documents: the categories' items
-- counted from the index alone (formation, validity, repeal).
CREATE INDEX items_figures_documents ON items (category_id, agency_id, formed_on, validity, repealed_on);

-- @sqlite
CREATE TRIGGER item_state_counts_insert AFTER INSERT ON items
BEGIN
  INSERT INTO item_state_counts (agency_id, state, n) VALUES (NEW.agency_id, NEW.state, 1)
  ON CONFLICT (agency_id, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER item_state_counts_update AFTER UPDATE OF agency_id, state ON items
WHEN NEW.agency_id IS NOT OLD.agency_id OR NEW.state IS NOT OLD.state
BEGIN
  UPDATE item_state_counts SET n = n - 1 WHERE agency_id = OLD.agency_id AND state = OLD.state;
  INSERT INTO item_state_counts (agency_id, state, n) VALUES (NEW.agency_id, NEW.state, 1)
  ON CONFLICT (agency_id, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER item_state_counts_delete AFTER DELETE ON items
BEGIN
  UPDATE item_state_counts SET n = n - 1 WHERE agency_id = OLD.agency_id AND state = OLD.state;
END;

CREATE TRIGGER application_month_counts_insert AFTER INSERT ON applications
BEGIN
  INSERT INTO application_month_counts (agency_id, month, department_id, received, closed, closed_late)
  VALUES (NEW.agency_id, substr(NEW.received_on, 1, 7), COALESCE(NEW.department_id, 0), 1, 0, 0)
  ON CONFLICT (agency_id, month, department_id) DO UPDATE SET received = received + 1;
  INSERT INTO application_month_counts (agency_id, month, department_id, received, closed, closed_late)
  SELECT NEW.agency_id, substr(NEW.closed_on, 1, 7), COALESCE(NEW.department_id, 0), 0, 1,
         CASE WHEN NEW.due_on IS NOT NULL AND NEW.due_on <> '' AND NEW.closed_on > NEW.due_on THEN 1 ELSE 0 END
  WHERE NEW.closed_on IS NOT NULL AND NEW.closed_on <> ''
  ON CONFLICT (agency_id, month, department_id) DO UPDATE
  SET closed = closed + 1, closed_late = closed_late + excluded.closed_late;
END;
CREATE TRIGGER application_month_counts_update
AFTER UPDATE OF agency_id, department_id, received_on, closed_on, due_on ON applications
WHEN NEW.agency_id IS NOT OLD.agency_id OR NEW.department_id IS NOT OLD.department_id
  OR NEW.received_on IS NOT OLD.received_on OR NEW.closed_on IS NOT OLD.closed_on OR NEW.due_on IS NOT OLD.due_on
BEGIN
  UPDATE application_month_counts SET received = received - 1
  WHERE agency_id = OLD.agency_id AND month = substr(OLD.received_on, 1, 7)
    AND department_id = COALESCE(OLD.department_id, 0);
  UPDATE application_month_counts
  SET closed = closed - 1,
      closed_late = closed_late -
        CASE WHEN OLD.due_on IS NOT NULL AND OLD.due_on <> '' AND OLD.closed_on > OLD.due_on THEN 1 ELSE 0 END
  WHERE OLD.closed_on IS NOT NULL AND OLD.closed_on <> '' AND agency_id = OLD.agency_id
    AND month = substr(OLD.closed_on, 1, 7) AND department_id = COALESCE(OLD.department_id, 0);
  INSERT INTO application_month_counts (agency_id, month, department_id, received, closed, closed_late)
  VALUES (NEW.agency_id, substr(NEW.received_on, 1, 7), COALESCE(NEW.department_id, 0), 1, 0, 0)
  ON CONFLICT (agency_id, month, department_id) DO UPDATE SET received = received + 1;
  INSERT INTO application_month_counts (agency_id, month, department_id, received, closed, closed_late)
  SELECT NEW.agency_id, substr(NEW.closed_on, 1, 7), COALESCE(NEW.department_id, 0), 0, 1,
         CASE WHEN NEW.due_on IS NOT NULL AND NEW.due_on <> '' AND NEW.closed_on > NEW.due_on THEN 1 ELSE 0 END
  WHERE NEW.closed_on IS NOT NULL AND NEW.closed_on <> ''
  ON CONFLICT (agency_id, month, department_id) DO UPDATE
  SET closed = closed + 1, closed_late = closed_late + excluded.closed_late;
END;
CREATE TRIGGER application_month_counts_delete AFTER DELETE ON applications
BEGIN
  UPDATE application_month_counts SET received = received - 1
  WHERE agency_id = OLD.agency_id AND month = substr(OLD.received_on, 1, 7)
    AND department_id = COALESCE(OLD.department_id, 0);
  UPDATE application_month_counts
  SET closed = closed - 1,
      closed_late = closed_late -
        CASE WHEN OLD.due_on IS NOT NULL AND OLD.due_on <> '' AND OLD.closed_on > OLD.due_on THEN 1 ELSE 0 END
  WHERE OLD.closed_on IS NOT NULL AND OLD.closed_on <> '' AND agency_id = OLD.agency_id
    AND month = substr(OLD.closed_on, 1, 7) AND department_id = COALESCE(OLD.department_id, 0);
END;

CREATE TRIGGER application_year_counts_insert AFTER INSERT ON applications
BEGIN
  INSERT INTO application_year_counts (agency_id, received_year, closed_year, applicant_type, outcome, n)
  VALUES (NEW.agency_id, substr(NEW.received_on, 1, 4), CASE WHEN NEW.closed_on IS NULL OR NEW.closed_on = '' THEN '' ELSE substr(NEW.closed_on, 1, 4) END, NEW.applicant_type,
          COALESCE(NEW.outcome, ''), 1)
  ON CONFLICT (agency_id, received_year, closed_year, applicant_type, outcome) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER application_year_counts_update
AFTER UPDATE OF agency_id, received_on, closed_on, applicant_type, outcome ON applications
WHEN NEW.agency_id IS NOT OLD.agency_id OR NEW.received_on IS NOT OLD.received_on
  OR NEW.closed_on IS NOT OLD.closed_on OR NEW.applicant_type IS NOT OLD.applicant_type
  OR NEW.outcome IS NOT OLD.outcome
BEGIN
  UPDATE application_year_counts SET n = n - 1
  WHERE agency_id = OLD.agency_id AND received_year = substr(OLD.received_on, 1, 4)
    AND closed_year = CASE WHEN OLD.closed_on IS NULL OR OLD.closed_on = '' THEN '' ELSE substr(OLD.closed_on, 1, 4) END AND applicant_type = OLD.applicant_type AND outcome = COALESCE(OLD.outcome, '');
  INSERT INTO application_year_counts (agency_id, received_year, closed_year, applicant_type, outcome, n)
  VALUES (NEW.agency_id, substr(NEW.received_on, 1, 4), CASE WHEN NEW.closed_on IS NULL OR NEW.closed_on = '' THEN '' ELSE substr(NEW.closed_on, 1, 4) END, NEW.applicant_type,
          COALESCE(NEW.outcome, ''), 1)
  ON CONFLICT (agency_id, received_year, closed_year, applicant_type, outcome) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER application_year_counts_delete AFTER DELETE ON applications
BEGIN
  UPDATE application_year_counts SET n = n - 1
  WHERE agency_id = OLD.agency_id AND received_year = substr(OLD.received_on, 1, 4)
    AND closed_year = CASE WHEN OLD.closed_on IS NULL OR OLD.closed_on = '' THEN '' ELSE substr(OLD.closed_on, 1, 4) END AND applicant_type = OLD.applicant_type AND outcome = COALESCE(OLD.outcome, '');
END;

-- A stored time is 'YYYY-MM-DDTHH:MM:SSZ' in UTC; China time is UTC+8 all year.
CREATE TRIGGER publication_counts_insert AFTER INSERT ON publications
BEGIN
  INSERT INTO publication_day_counts (agency_id, day, department_id, formed_on, n)
  SELECT NEW.agency_id, date(substr(NEW.published_at, 1, 19), '+8 hours'), i.department_id, i.formed_on, 1 FROM items i WHERE i.id = NEW.item_id
  ON CONFLICT (agency_id, day, department_id, formed_on) DO UPDATE SET n = n + 1;
  INSERT INTO publication_category_counts (agency_id, category_id, day, department_id, formed_on, n)
  SELECT NEW.agency_id, i.category_id, date(substr(NEW.published_at, 1, 19), '+8 hours'), i.department_id, i.formed_on, 1 FROM items i WHERE i.id = NEW.item_id
  ON CONFLICT (agency_id, category_id, day, department_id, formed_on) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER publication_counts_delete AFTER DELETE ON publications
BEGIN
  UPDATE publication_day_counts SET n = n - 1
  WHERE agency_id = OLD.agency_id AND day = date(substr(OLD.published_at, 1, 19), '+8 hours')
    AND (department_id, formed_on) = (SELECT i.department_id, i.formed_on FROM items i WHERE i.id = OLD.item_id);
  UPDATE publication_category_counts SET n = n - 1
  WHERE agency_id = OLD.agency_id AND day = date(substr(OLD.published_at, 1, 19), '+8 hours')
    AND (category_id, department_id, formed_on) =
        (SELECT i.category_id, i.department_id, i.formed_on FROM items i WHERE i.id = OLD.item_id);
END;
-- An item's department, category or date of formation changed: its
-- publications are counted under the new ones, as a join would show them.
CREATE TRIGGER publication_counts_item AFTER UPDATE OF department_id, category_id, formed_on ON items
WHEN NEW.department_id IS NOT OLD.department_id OR NEW.category_id IS NOT OLD.category_id
  OR NEW.formed_on IS NOT OLD.formed_on
BEGIN
  UPDATE publication_day_counts SET n = n - (
    SELECT COUNT(*) FROM publications p WHERE p.item_id = OLD.id AND p.agency_id = publication_day_counts.agency_id
      AND date(substr(p.published_at, 1, 19), '+8 hours') = publication_day_counts.day)
  WHERE department_id = OLD.department_id AND formed_on = OLD.formed_on
    AND (agency_id, day) IN (SELECT p.agency_id, date(substr(p.published_at, 1, 19), '+8 hours') FROM publications p WHERE p.item_id = OLD.id);
  INSERT INTO publication_day_counts (agency_id, day, department_id, formed_on, n)
  SELECT p.agency_id, date(substr(p.published_at, 1, 19), '+8 hours'), NEW.department_id, NEW.formed_on, COUNT(*)
  FROM publications p WHERE p.item_id = NEW.id
  GROUP BY p.agency_id, date(substr(p.published_at, 1, 19), '+8 hours')
  ON CONFLICT (agency_id, day, department_id, formed_on) DO UPDATE SET n = n + excluded.n;
  UPDATE publication_category_counts SET n = n - (
    SELECT COUNT(*) FROM publications p WHERE p.item_id = OLD.id
      AND p.agency_id = publication_category_counts.agency_id AND date(substr(p.published_at, 1, 19), '+8 hours') = publication_category_counts.day)
  WHERE category_id = OLD.category_id AND department_id = OLD.department_id AND formed_on = OLD.formed_on
    AND (agency_id, day) IN (SELECT p.agency_id, date(substr(p.published_at, 1, 19), '+8 hours') FROM publications p WHERE p.item_id = OLD.id);
  INSERT INTO publication_category_counts (agency_id, category_id, day, department_id, formed_on, n)
  SELECT p.agency_id, NEW.category_id, date(substr(p.published_at, 1, 19), '+8 hours'), NEW.department_id, NEW.formed_on, COUNT(*)
  FROM publications p WHERE p.item_id = NEW.id
  GROUP BY p.agency_id, date(substr(p.published_at, 1, 19), '+8 hours')
  ON CONFLICT (agency_id, category_id, day, department_id, formed_on) DO UPDATE SET n = n + excluded.n;
END;

INSERT INTO item_state_counts (agency_id, state, n)
SELECT agency_id, state, COUNT(*) FROM items GROUP BY agency_id, state;
INSERT INTO application_month_counts (agency_id, month, department_id, received, closed, closed_late)
SELECT agency_id, month, department_id, SUM(received), SUM(closed), SUM(closed_late) FROM (
  SELECT agency_id, substr(received_on, 1, 7) AS month, COALESCE(department_id, 0) AS department_id,
         1 AS received, 0 AS closed, 0 AS closed_late FROM applications
  UNION ALL
  SELECT agency_id, substr(closed_on, 1, 7), COALESCE(department_id, 0), 0, 1,
         CASE WHEN due_on IS NOT NULL AND due_on <> '' AND closed_on > due_on THEN 1 ELSE 0 END
  FROM applications WHERE closed_on IS NOT NULL AND closed_on <> '') AS contributions
GROUP BY agency_id, month, department_id;
INSERT INTO application_year_counts (agency_id, received_year, closed_year, applicant_type, outcome, n)
SELECT agency_id, substr(received_on, 1, 4), CASE WHEN closed_on IS NULL OR closed_on = '' THEN '' ELSE substr(closed_on, 1, 4) END, applicant_type, COALESCE(outcome, ''), COUNT(*)
FROM applications GROUP BY agency_id, substr(received_on, 1, 4), CASE WHEN closed_on IS NULL OR closed_on = '' THEN '' ELSE substr(closed_on, 1, 4) END, applicant_type, COALESCE(outcome, '');
INSERT INTO publication_category_counts (agency_id, category_id, day, department_id, formed_on, n)
SELECT p.agency_id, i.category_id, date(substr(p.published_at, 1, 19), '+8 hours'), i.department_id, i.formed_on, COUNT(*)
FROM publications p JOIN items i ON i.id = p.item_id
GROUP BY p.agency_id, i.category_id, date(substr(p.published_at, 1, 19), '+8 hours'), i.department_id, i.formed_on;
INSERT INTO publication_day_counts (agency_id, day, department_id, formed_on, n)
SELECT agency_id, day, department_id, formed_on, SUM(n) FROM publication_category_counts
GROUP BY agency_id, day, department_id, formed_on;
-- @end

-- @postgres
CREATE FUNCTION gk_china_day(utc TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(substr(utc, 1, 19)::timestamp + interval '8 hours', 'YYYY-MM-DD')
$$;

-- Each change adds to one counter row and takes from another; the rows are
-- touched in key order so that two transactions never wait on each other
-- in opposite orders.
CREATE FUNCTION gk_item_state_count(agency BIGINT, st TEXT, delta BIGINT) RETURNS void LANGUAGE sql AS $$
  INSERT INTO item_state_counts (agency_id, state, n) VALUES (agency, st, delta)
  ON CONFLICT (agency_id, state) DO UPDATE SET n = item_state_counts.n + delta
$$;
CREATE FUNCTION item_state_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM gk_item_state_count(NEW.agency_id, NEW.state, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM gk_item_state_count(OLD.agency_id, OLD.state, -1);
  ELSIF NEW.agency_id IS DISTINCT FROM OLD.agency_id OR NEW.state IS DISTINCT FROM OLD.state THEN
    IF (OLD.agency_id, OLD.state) < (NEW.agency_id, NEW.state) THEN
      PERFORM gk_item_state_count(OLD.agency_id, OLD.state, -1);
      PERFORM gk_item_state_count(NEW.agency_id, NEW.state, 1);
    ELSE
      PERFORM gk_item_state_count(NEW.agency_id, NEW.state, 1);
      PERFORM gk_item_state_count(OLD.agency_id, OLD.state, -1);
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER item_state_counts AFTER INSERT OR UPDATE OF agency_id, state OR DELETE ON items
FOR EACH ROW EXECUTE FUNCTION item_state_counts();

CREATE FUNCTION gk_application_month_count(agency BIGINT, m TEXT, dept BIGINT, d_received BIGINT,
                                           d_closed BIGINT, d_late BIGINT) RETURNS void LANGUAGE sql AS $$
  INSERT INTO application_month_counts AS c (agency_id, month, department_id, received, closed, closed_late)
  VALUES (agency, m, dept, d_received, d_closed, d_late)
  ON CONFLICT (agency_id, month, department_id) DO UPDATE
  SET received = c.received + d_received, closed = c.closed + d_closed, closed_late = c.closed_late + d_late
$$;
CREATE FUNCTION application_month_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- The contributions of the old row (sign -1) and the new one (sign 1):
  -- (month, department, received, closed, late) each.
  changes RECORD;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.agency_id IS NOT DISTINCT FROM OLD.agency_id
     AND NEW.department_id IS NOT DISTINCT FROM OLD.department_id
     AND NEW.received_on IS NOT DISTINCT FROM OLD.received_on AND NEW.closed_on IS NOT DISTINCT FROM OLD.closed_on
     AND NEW.due_on IS NOT DISTINCT FROM OLD.due_on THEN
    RETURN NULL;
  END IF;
  FOR changes IN
    SELECT agency, m, dept, SUM(received) AS received, SUM(closed) AS closed, SUM(late) AS late FROM (
      SELECT OLD.agency_id AS agency, substr(OLD.received_on, 1, 7) AS m, COALESCE(OLD.department_id, 0) AS dept,
             -1 AS received, 0 AS closed, 0 AS late WHERE TG_OP <> 'INSERT'
      UNION ALL
      SELECT OLD.agency_id, substr(OLD.closed_on, 1, 7), COALESCE(OLD.department_id, 0), 0, -1,
             CASE WHEN OLD.due_on IS NOT NULL AND OLD.due_on <> '' AND OLD.closed_on > OLD.due_on THEN -1 ELSE 0 END
      WHERE TG_OP <> 'INSERT' AND OLD.closed_on IS NOT NULL AND OLD.closed_on <> ''
      UNION ALL
      SELECT NEW.agency_id, substr(NEW.received_on, 1, 7), COALESCE(NEW.department_id, 0), 1, 0, 0
      WHERE TG_OP <> 'DELETE'
      UNION ALL
      SELECT NEW.agency_id, substr(NEW.closed_on, 1, 7), COALESCE(NEW.department_id, 0), 0, 1,
             CASE WHEN NEW.due_on IS NOT NULL AND NEW.due_on <> '' AND NEW.closed_on > NEW.due_on THEN 1 ELSE 0 END
      WHERE TG_OP <> 'DELETE' AND NEW.closed_on IS NOT NULL AND NEW.closed_on <> '') AS contributions
    GROUP BY agency, m, dept
    HAVING SUM(received) <> 0 OR SUM(closed) <> 0 OR SUM(late) <> 0
    ORDER BY agency, m COLLATE "C", dept
  LOOP
    PERFORM gk_application_month_count(changes.agency, changes.m, changes.dept, changes.received, changes.closed,
                                       changes.late);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER application_month_counts
AFTER INSERT OR UPDATE OF agency_id, department_id, received_on, closed_on, due_on OR DELETE ON applications
FOR EACH ROW EXECUTE FUNCTION application_month_counts();

CREATE FUNCTION gk_application_year_count(agency BIGINT, received TEXT, closed TEXT, applicant TEXT, result TEXT,
                                          delta BIGINT) RETURNS void LANGUAGE sql AS $$
  INSERT INTO application_year_counts AS c (agency_id, received_year, closed_year, applicant_type, outcome, n)
  VALUES (agency, substr(received, 1, 4), CASE WHEN closed IS NULL OR closed = '' THEN '' ELSE substr(closed, 1, 4) END,
          applicant, COALESCE(result, ''), delta)
  ON CONFLICT (agency_id, received_year, closed_year, applicant_type, outcome) DO UPDATE SET n = c.n + delta
$$;
CREATE FUNCTION application_year_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM gk_application_year_count(NEW.agency_id, NEW.received_on, NEW.closed_on, NEW.applicant_type, NEW.outcome, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM gk_application_year_count(OLD.agency_id, OLD.received_on, OLD.closed_on, OLD.applicant_type, OLD.outcome,
                                      -1);
  ELSIF NEW.agency_id IS DISTINCT FROM OLD.agency_id OR NEW.received_on IS DISTINCT FROM OLD.received_on
        OR NEW.closed_on IS DISTINCT FROM OLD.closed_on OR NEW.applicant_type IS DISTINCT FROM OLD.applicant_type
        OR NEW.outcome IS DISTINCT FROM OLD.outcome THEN
    -- Closing a case moves it from the open row to a closed one: the open
    -- row ('' sorts first) is always touched first, in every transaction.
    IF COALESCE(OLD.closed_on, '') <= COALESCE(NEW.closed_on, '') THEN
      PERFORM gk_application_year_count(OLD.agency_id, OLD.received_on, OLD.closed_on, OLD.applicant_type,
                                        OLD.outcome, -1);
      PERFORM gk_application_year_count(NEW.agency_id, NEW.received_on, NEW.closed_on, NEW.applicant_type,
                                        NEW.outcome, 1);
    ELSE
      PERFORM gk_application_year_count(NEW.agency_id, NEW.received_on, NEW.closed_on, NEW.applicant_type,
                                        NEW.outcome, 1);
      PERFORM gk_application_year_count(OLD.agency_id, OLD.received_on, OLD.closed_on, OLD.applicant_type,
                                        OLD.outcome, -1);
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER application_year_counts
AFTER INSERT OR UPDATE OF agency_id, received_on, closed_on, applicant_type, outcome OR DELETE ON applications
FOR EACH ROW EXECUTE FUNCTION application_year_counts();

CREATE FUNCTION gk_publication_count(agency BIGINT, d TEXT, dept BIGINT, category BIGINT, formed TEXT,
                                     delta BIGINT) RETURNS void LANGUAGE sql AS $$
  INSERT INTO publication_day_counts AS c (agency_id, day, department_id, formed_on, n)
  VALUES (agency, d, dept, formed, delta)
  ON CONFLICT (agency_id, day, department_id, formed_on) DO UPDATE SET n = c.n + delta;
  INSERT INTO publication_category_counts AS c (agency_id, category_id, day, department_id, formed_on, n)
  VALUES (agency, category, d, dept, formed, delta)
  ON CONFLICT (agency_id, category_id, day, department_id, formed_on) DO UPDATE SET n = c.n + delta;
$$;
CREATE FUNCTION publication_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  it RECORD;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT department_id, category_id, formed_on INTO it FROM items WHERE id = NEW.item_id;
    PERFORM gk_publication_count(NEW.agency_id, gk_china_day(NEW.published_at), it.department_id,
                                     it.category_id, it.formed_on, 1);
  ELSE
    SELECT department_id, category_id, formed_on INTO it FROM items WHERE id = OLD.item_id;
    PERFORM gk_publication_count(OLD.agency_id, gk_china_day(OLD.published_at), it.department_id,
                                     it.category_id, it.formed_on, -1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER publication_counts AFTER INSERT OR DELETE ON publications
FOR EACH ROW EXECUTE FUNCTION publication_counts();
CREATE FUNCTION publication_counts_item() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d RECORD;
BEGIN
  IF NEW.department_id IS NOT DISTINCT FROM OLD.department_id AND NEW.category_id IS NOT DISTINCT FROM OLD.category_id
     AND NEW.formed_on IS NOT DISTINCT FROM OLD.formed_on THEN
    RETURN NULL;
  END IF;
  FOR d IN SELECT agency_id, gk_china_day(published_at) AS day, COUNT(*) AS n FROM publications
           WHERE item_id = NEW.id GROUP BY agency_id, gk_china_day(published_at)
           ORDER BY agency_id, gk_china_day(published_at) COLLATE "C"
  LOOP
    PERFORM gk_publication_count(d.agency_id, d.day, OLD.department_id, OLD.category_id, OLD.formed_on, -d.n);
    PERFORM gk_publication_count(d.agency_id, d.day, NEW.department_id, NEW.category_id, NEW.formed_on, d.n);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER publication_counts_item AFTER UPDATE OF department_id, category_id, formed_on ON items
FOR EACH ROW EXECUTE FUNCTION publication_counts_item();

INSERT INTO item_state_counts (agency_id, state, n)
SELECT agency_id, state, COUNT(*) FROM items GROUP BY agency_id, state;
INSERT INTO application_month_counts (agency_id, month, department_id, received, closed, closed_late)
SELECT agency_id, month, department_id, SUM(received), SUM(closed), SUM(closed_late) FROM (
  SELECT agency_id, substr(received_on, 1, 7) AS month, COALESCE(department_id, 0) AS department_id,
         1 AS received, 0 AS closed, 0 AS closed_late FROM applications
  UNION ALL
  SELECT agency_id, substr(closed_on, 1, 7), COALESCE(department_id, 0), 0, 1,
         CASE WHEN due_on IS NOT NULL AND due_on <> '' AND closed_on > due_on THEN 1 ELSE 0 END
  FROM applications WHERE closed_on IS NOT NULL AND closed_on <> '') AS contributions
GROUP BY agency_id, month, department_id;
INSERT INTO application_year_counts (agency_id, received_year, closed_year, applicant_type, outcome, n)
SELECT agency_id, substr(received_on, 1, 4), CASE WHEN closed_on IS NULL OR closed_on = '' THEN '' ELSE substr(closed_on, 1, 4) END, applicant_type, COALESCE(outcome, ''), COUNT(*)
FROM applications GROUP BY agency_id, substr(received_on, 1, 4), CASE WHEN closed_on IS NULL OR closed_on = '' THEN '' ELSE substr(closed_on, 1, 4) END, applicant_type, COALESCE(outcome, '');
INSERT INTO publication_category_counts (agency_id, category_id, day, department_id, formed_on, n)
SELECT p.agency_id, i.category_id, gk_china_day(p.published_at), i.department_id, i.formed_on, COUNT(*)
FROM publications p JOIN items i ON i.id = p.item_id
GROUP BY p.agency_id, i.category_id, gk_china_day(p.published_at), i.department_id, i.formed_on;
INSERT INTO publication_day_counts (agency_id, day, department_id, formed_on, n)
SELECT agency_id, day, department_id, formed_on, SUM(n) FROM publication_category_counts
GROUP BY agency_id, day, department_id, formed_on;
-- @end
