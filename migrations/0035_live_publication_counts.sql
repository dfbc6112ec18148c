-- The portal's counts of what it shows: live (not withdrawn) publications
-- per agency, category and year of formation. The catalog's counts per
-- category, a column's total and the district catalog's counts per code
-- counted every live publication of the agency on each render (two seconds
-- at a million items); they read this counter instead. Kept like the
-- counters of 0030, 0031 and 0033: by triggers, in the transaction of the
-- change, on both engines, deferred to the commit when asked.
CREATE TABLE live_publication_counts (
  agency_id BIGINT NOT NULL,
  category_id BIGINT NOT NULL,
  formed_year TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (agency_id, category_id, formed_year)
);

-- An item's 政策解读 are found by the item they interpret (the item page).
CREATE INDEX items_interprets ON items (interprets_item_id) WHERE interprets_item_id IS NOT NULL;

-- @sqlite
CREATE TRIGGER live_publication_counts_insert AFTER INSERT ON publications
WHEN NEW.withdrawn_at IS NULL
BEGIN
  INSERT INTO live_publication_counts (agency_id, category_id, formed_year, n)
  SELECT NEW.agency_id, category_id, substr(formed_on, 1, 4), 1 FROM items WHERE id = NEW.item_id
  ON CONFLICT (agency_id, category_id, formed_year) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER live_publication_counts_withdrawn AFTER UPDATE OF withdrawn_at ON publications
WHEN (OLD.withdrawn_at IS NULL) <> (NEW.withdrawn_at IS NULL)
BEGIN
  INSERT INTO live_publication_counts (agency_id, category_id, formed_year, n)
  SELECT NEW.agency_id, category_id, substr(formed_on, 1, 4), CASE WHEN NEW.withdrawn_at IS NULL THEN 1 ELSE -1 END
  FROM items WHERE id = NEW.item_id
  ON CONFLICT (agency_id, category_id, formed_year) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER live_publication_counts_delete AFTER DELETE ON publications
WHEN OLD.withdrawn_at IS NULL
BEGIN
  UPDATE live_publication_counts SET n = n - 1
  WHERE (agency_id, category_id, formed_year) =
        (SELECT OLD.agency_id, category_id, substr(formed_on, 1, 4) FROM items WHERE id = OLD.item_id);
END;
CREATE TRIGGER live_publication_counts_item AFTER UPDATE OF category_id, formed_on ON items
WHEN NEW.category_id IS NOT OLD.category_id OR substr(NEW.formed_on, 1, 4) IS NOT substr(OLD.formed_on, 1, 4)
BEGIN
  UPDATE live_publication_counts SET n = n - (
    SELECT COUNT(*) FROM publications p WHERE p.item_id = OLD.id AND p.withdrawn_at IS NULL
      AND p.agency_id = live_publication_counts.agency_id)
  WHERE category_id = OLD.category_id AND formed_year = substr(OLD.formed_on, 1, 4)
    AND agency_id IN (SELECT p.agency_id FROM publications p WHERE p.item_id = OLD.id AND p.withdrawn_at IS NULL);
  INSERT INTO live_publication_counts (agency_id, category_id, formed_year, n)
  SELECT p.agency_id, NEW.category_id, substr(NEW.formed_on, 1, 4), COUNT(*)
  FROM publications p WHERE p.item_id = NEW.id AND p.withdrawn_at IS NULL GROUP BY p.agency_id
  ON CONFLICT (agency_id, category_id, formed_year) DO UPDATE SET n = n + excluded.n;
END;
-- @end

-- @postgres
CREATE UNLOGGED TABLE live_publication_count_deltas (
  agency_id BIGINT NOT NULL,
  category_id BIGINT NOT NULL,
  formed_year TEXT NOT NULL,
  n BIGINT NOT NULL
);

CREATE FUNCTION gk_live_publication_count(agency BIGINT, category BIGINT, formed TEXT, delta BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  year_formed TEXT := substr(formed, 1, 4);
BEGIN
  IF gk_counters_deferred() THEN
    INSERT INTO live_publication_count_deltas (agency_id, category_id, formed_year, n)
    VALUES (agency, category, year_formed, delta);
    PERFORM gk_queue_counter_fold();
  ELSE
    INSERT INTO live_publication_counts AS c (agency_id, category_id, formed_year, n)
    VALUES (agency, category, year_formed, delta)
    ON CONFLICT (agency_id, category_id, formed_year) DO UPDATE SET n = c.n + delta;
  END IF;
END $$;

CREATE FUNCTION live_publication_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  it RECORD;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.withdrawn_at IS NULL THEN
      SELECT category_id, formed_on INTO it FROM items WHERE id = NEW.item_id;
      PERFORM gk_live_publication_count(NEW.agency_id, it.category_id, it.formed_on, 1);
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.withdrawn_at IS NULL THEN
      SELECT category_id, formed_on INTO it FROM items WHERE id = OLD.item_id;
      PERFORM gk_live_publication_count(OLD.agency_id, it.category_id, it.formed_on, -1);
    END IF;
  ELSIF (OLD.withdrawn_at IS NULL) <> (NEW.withdrawn_at IS NULL) THEN
    SELECT category_id, formed_on INTO it FROM items WHERE id = NEW.item_id;
    PERFORM gk_live_publication_count(NEW.agency_id, it.category_id, it.formed_on,
                                      CASE WHEN NEW.withdrawn_at IS NULL THEN 1 ELSE -1 END);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER live_publication_counts AFTER INSERT OR UPDATE OF withdrawn_at OR DELETE ON publications
FOR EACH ROW EXECUTE FUNCTION live_publication_counts();

CREATE FUNCTION live_publication_counts_item() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d RECORD;
BEGIN
  IF NEW.category_id IS NOT DISTINCT FROM OLD.category_id
     AND substr(NEW.formed_on, 1, 4) IS NOT DISTINCT FROM substr(OLD.formed_on, 1, 4) THEN
    RETURN NULL;
  END IF;
  FOR d IN SELECT agency_id, COUNT(*) AS n FROM publications WHERE item_id = NEW.id AND withdrawn_at IS NULL
           GROUP BY agency_id ORDER BY agency_id
  LOOP
    PERFORM gk_live_publication_count(d.agency_id, OLD.category_id, OLD.formed_on, -d.n);
    PERFORM gk_live_publication_count(d.agency_id, NEW.category_id, NEW.formed_on, d.n);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER live_publication_counts_item AFTER UPDATE OF category_id, formed_on ON items
FOR EACH ROW EXECUTE FUNCTION live_publication_counts_item();

CREATE FUNCTION gk_fold_live_publication_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH d AS (DELETE FROM live_publication_count_deltas RETURNING agency_id, category_id, formed_year, n)
  INSERT INTO live_publication_counts AS c (agency_id, category_id, formed_year, n)
  SELECT agency_id, category_id, formed_year, SUM(n) FROM d
  GROUP BY agency_id, category_id, formed_year HAVING SUM(n) <> 0
  ORDER BY agency_id, category_id, formed_year COLLATE "C"
  ON CONFLICT (agency_id, category_id, formed_year) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER live_publication_count_folds AFTER INSERT ON counter_folds DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION gk_fold_live_publication_counts();
-- @end

INSERT INTO live_publication_counts (agency_id, category_id, formed_year, n)
SELECT p.agency_id, i.category_id, substr(i.formed_on, 1, 4), COUNT(*)
FROM publications p JOIN items i ON i.id = p.item_id WHERE p.withdrawn_at IS NULL
GROUP BY p.agency_id, i.category_id, substr(i.formed_on, 1, 4);
