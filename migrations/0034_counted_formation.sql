-- The publication counters of 0030 keep one row per China day, department
-- and date of formation, so that the 20-working-day rule (条例 Art. 26) is
-- asked once per pair of dates. A publication no more than 20 calendar days
-- after its item's formation is on time whatever the calendar (working days
-- are never more than days): its date of formation is counted as '' so that
-- all of them share one row per day and department
-- (oversight::CountedOnTime reads it). Offices publish most items within
-- days: a year's rows fall from one per pair of dates (9,500 at 100,000
-- items) to about one per day and department. A date that is not a date is
-- kept as it is (its timeliness stays unknown).

-- @sqlite
DROP TRIGGER publication_counts_insert;
DROP TRIGGER publication_counts_delete;
DROP TRIGGER publication_counts_item;

-- A stored time is 'YYYY-MM-DDTHH:MM:SSZ' in UTC; China time is UTC+8 all year.
CREATE TRIGGER publication_counts_insert AFTER INSERT ON publications
BEGIN
  INSERT INTO publication_day_counts (agency_id, day, department_id, formed_on, n)
  SELECT NEW.agency_id, d.day, i.department_id,
         CASE WHEN julianday(d.day) - julianday(i.formed_on) <= 20 THEN '' ELSE i.formed_on END, 1
  FROM items i, (SELECT date(substr(NEW.published_at, 1, 19), '+8 hours') AS day) d WHERE i.id = NEW.item_id
  ON CONFLICT (agency_id, day, department_id, formed_on) DO UPDATE SET n = n + 1;
  INSERT INTO publication_category_counts (agency_id, category_id, day, department_id, formed_on, n)
  SELECT NEW.agency_id, i.category_id, d.day, i.department_id,
         CASE WHEN julianday(d.day) - julianday(i.formed_on) <= 20 THEN '' ELSE i.formed_on END, 1
  FROM items i, (SELECT date(substr(NEW.published_at, 1, 19), '+8 hours') AS day) d WHERE i.id = NEW.item_id
  ON CONFLICT (agency_id, category_id, day, department_id, formed_on) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER publication_counts_delete AFTER DELETE ON publications
BEGIN
  UPDATE publication_day_counts SET n = n - 1
  WHERE agency_id = OLD.agency_id AND day = date(substr(OLD.published_at, 1, 19), '+8 hours')
    AND (department_id, formed_on) =
        (SELECT i.department_id, CASE WHEN julianday(date(substr(OLD.published_at, 1, 19), '+8 hours'))
                                           - julianday(i.formed_on) <= 20 THEN '' ELSE i.formed_on END
         FROM items i WHERE i.id = OLD.item_id);
  UPDATE publication_category_counts SET n = n - 1
  WHERE agency_id = OLD.agency_id AND day = date(substr(OLD.published_at, 1, 19), '+8 hours')
    AND (category_id, department_id, formed_on) =
        (SELECT i.category_id, i.department_id,
                CASE WHEN julianday(date(substr(OLD.published_at, 1, 19), '+8 hours'))
                          - julianday(i.formed_on) <= 20 THEN '' ELSE i.formed_on END
         FROM items i WHERE i.id = OLD.item_id);
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
  WHERE department_id = OLD.department_id
    AND formed_on = CASE WHEN julianday(day) - julianday(OLD.formed_on) <= 20 THEN '' ELSE OLD.formed_on END
    AND (agency_id, day) IN (SELECT p.agency_id, date(substr(p.published_at, 1, 19), '+8 hours') FROM publications p WHERE p.item_id = OLD.id);
  INSERT INTO publication_day_counts (agency_id, day, department_id, formed_on, n)
  SELECT agency_id, day, NEW.department_id,
         CASE WHEN julianday(day) - julianday(NEW.formed_on) <= 20 THEN '' ELSE NEW.formed_on END, n
  FROM (SELECT p.agency_id, date(substr(p.published_at, 1, 19), '+8 hours') AS day, COUNT(*) AS n
        FROM publications p WHERE p.item_id = NEW.id
        GROUP BY p.agency_id, date(substr(p.published_at, 1, 19), '+8 hours')) WHERE true
  ON CONFLICT (agency_id, day, department_id, formed_on) DO UPDATE SET n = n + excluded.n;
  UPDATE publication_category_counts SET n = n - (
    SELECT COUNT(*) FROM publications p WHERE p.item_id = OLD.id
      AND p.agency_id = publication_category_counts.agency_id AND date(substr(p.published_at, 1, 19), '+8 hours') = publication_category_counts.day)
  WHERE category_id = OLD.category_id AND department_id = OLD.department_id
    AND formed_on = CASE WHEN julianday(day) - julianday(OLD.formed_on) <= 20 THEN '' ELSE OLD.formed_on END
    AND (agency_id, day) IN (SELECT p.agency_id, date(substr(p.published_at, 1, 19), '+8 hours') FROM publications p WHERE p.item_id = OLD.id);
  INSERT INTO publication_category_counts (agency_id, category_id, day, department_id, formed_on, n)
  SELECT agency_id, NEW.category_id, day, NEW.department_id,
         CASE WHEN julianday(day) - julianday(NEW.formed_on) <= 20 THEN '' ELSE NEW.formed_on END, n
  FROM (SELECT p.agency_id, date(substr(p.published_at, 1, 19), '+8 hours') AS day, COUNT(*) AS n
        FROM publications p WHERE p.item_id = NEW.id
        GROUP BY p.agency_id, date(substr(p.published_at, 1, 19), '+8 hours')) WHERE true
  ON CONFLICT (agency_id, category_id, day, department_id, formed_on) DO UPDATE SET n = n + excluded.n;
END;

DELETE FROM publication_day_counts;
DELETE FROM publication_category_counts;
INSERT INTO publication_category_counts (agency_id, category_id, day, department_id, formed_on, n)
SELECT agency_id, category_id, day, department_id, formed, COUNT(*) FROM (
  SELECT p.agency_id, i.category_id, date(substr(p.published_at, 1, 19), '+8 hours') AS day, i.department_id,
         CASE WHEN julianday(date(substr(p.published_at, 1, 19), '+8 hours')) - julianday(i.formed_on) <= 20
              THEN '' ELSE i.formed_on END AS formed
  FROM publications p JOIN items i ON i.id = p.item_id)
GROUP BY agency_id, category_id, day, department_id, formed;
-- @end

-- @postgres
-- Every table has an agency (MigrateTest): a transaction's queued fold of
-- 0031 may touch several, so it belongs to the platform (0).
ALTER TABLE counter_folds ADD COLUMN agency_id BIGINT NOT NULL DEFAULT 0;

-- The date of formation as the counters keep it for a publication on day d.
CREATE FUNCTION gk_counted_formed(formed TEXT, d TEXT) RETURNS TEXT LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF formed ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND d ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
     AND d::date - formed::date <= 20 THEN
    RETURN '';
  END IF;
  RETURN formed;
EXCEPTION WHEN others THEN  -- a date that is not one (2025-02-30)
  RETURN formed;
END $$;

CREATE OR REPLACE FUNCTION gk_publication_count(agency BIGINT, d TEXT, dept BIGINT, category BIGINT, formed TEXT,
                                                delta BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  counted TEXT := gk_counted_formed(formed, d);
BEGIN
  IF gk_counters_deferred() THEN
    INSERT INTO publication_count_deltas (agency_id, day, department_id, category_id, formed_on, n)
    VALUES (agency, d, dept, category, counted, delta);
    PERFORM gk_queue_counter_fold();
  ELSE
    INSERT INTO publication_day_counts AS c (agency_id, day, department_id, formed_on, n)
    VALUES (agency, d, dept, counted, delta)
    ON CONFLICT (agency_id, day, department_id, formed_on) DO UPDATE SET n = c.n + delta;
    INSERT INTO publication_category_counts AS c (agency_id, category_id, day, department_id, formed_on, n)
    VALUES (agency, category, d, dept, counted, delta)
    ON CONFLICT (agency_id, category_id, day, department_id, formed_on) DO UPDATE SET n = c.n + delta;
  END IF;
END $$;

DELETE FROM publication_day_counts;
DELETE FROM publication_category_counts;
INSERT INTO publication_category_counts (agency_id, category_id, day, department_id, formed_on, n)
SELECT p.agency_id, i.category_id, gk_china_day(p.published_at), i.department_id,
       gk_counted_formed(i.formed_on, gk_china_day(p.published_at)), COUNT(*)
FROM publications p JOIN items i ON i.id = p.item_id
GROUP BY p.agency_id, i.category_id, gk_china_day(p.published_at), i.department_id,
         gk_counted_formed(i.formed_on, gk_china_day(p.published_at));
-- @end

INSERT INTO publication_day_counts (agency_id, day, department_id, formed_on, n)
SELECT agency_id, day, department_id, formed_on, SUM(n) FROM publication_category_counts
GROUP BY agency_id, day, department_id, formed_on;
