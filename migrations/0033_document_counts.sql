-- The annual report's rules and normative documents (规章, 行政规范性文件):
-- issued in the year, repealed in it, and in force at its end, among the
-- items ever published. Counting them from the items read every rule or
-- normative document of the agency's history (45,000 at a million items:
-- 90 ms per report); this counter keeps them per agency, category, year of
-- formation, validity and year of repeal ('' without a date), for the items
-- that have at least one publication (withdrawn or not). The category's
-- report row is read with the counter, so a catalog change needs no
-- recount. Kept like the counters of 0030: by triggers, in the transaction
-- of the change, on both engines, deferred to the commit by a transaction
-- that asks for it (0031).
CREATE TABLE document_counts (
  agency_id BIGINT NOT NULL,
  category_id BIGINT NOT NULL,
  formed_year TEXT NOT NULL,
  validity TEXT NOT NULL,
  repealed_year TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (agency_id, category_id, formed_year, validity, repealed_year)
);

-- @sqlite
CREATE TRIGGER document_counts_publication_insert AFTER INSERT ON publications
WHEN (SELECT COUNT(*) FROM publications WHERE item_id = NEW.item_id) = 1
BEGIN
  INSERT INTO document_counts (agency_id, category_id, formed_year, validity, repealed_year, n)
  SELECT agency_id, category_id, substr(formed_on, 1, 4), validity, COALESCE(substr(repealed_on, 1, 4), ''), 1
  FROM items WHERE id = NEW.item_id
  ON CONFLICT (agency_id, category_id, formed_year, validity, repealed_year) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER document_counts_publication_delete AFTER DELETE ON publications
WHEN NOT EXISTS (SELECT 1 FROM publications WHERE item_id = OLD.item_id)
BEGIN
  UPDATE document_counts SET n = n - 1
  WHERE (agency_id, category_id, formed_year, validity, repealed_year) =
        (SELECT agency_id, category_id, substr(formed_on, 1, 4), validity, COALESCE(substr(repealed_on, 1, 4), '')
         FROM items WHERE id = OLD.item_id);
END;
CREATE TRIGGER document_counts_item AFTER UPDATE OF agency_id, category_id, formed_on, validity, repealed_on ON items
WHEN (NEW.agency_id IS NOT OLD.agency_id OR NEW.category_id IS NOT OLD.category_id
      OR substr(NEW.formed_on, 1, 4) IS NOT substr(OLD.formed_on, 1, 4) OR NEW.validity IS NOT OLD.validity
      OR COALESCE(substr(NEW.repealed_on, 1, 4), '') IS NOT COALESCE(substr(OLD.repealed_on, 1, 4), ''))
  AND EXISTS (SELECT 1 FROM publications WHERE item_id = NEW.id)
BEGIN
  UPDATE document_counts SET n = n - 1
  WHERE agency_id = OLD.agency_id AND category_id = OLD.category_id AND formed_year = substr(OLD.formed_on, 1, 4)
    AND validity = OLD.validity AND repealed_year = COALESCE(substr(OLD.repealed_on, 1, 4), '');
  INSERT INTO document_counts (agency_id, category_id, formed_year, validity, repealed_year, n)
  VALUES (NEW.agency_id, NEW.category_id, substr(NEW.formed_on, 1, 4), NEW.validity,
          COALESCE(substr(NEW.repealed_on, 1, 4), ''), 1)
  ON CONFLICT (agency_id, category_id, formed_year, validity, repealed_year) DO UPDATE SET n = n + 1;
END;
-- @end

-- @postgres
CREATE UNLOGGED TABLE document_count_deltas (
  agency_id BIGINT NOT NULL,
  category_id BIGINT NOT NULL,
  formed_year TEXT NOT NULL,
  validity TEXT NOT NULL,
  repealed_year TEXT NOT NULL,
  n BIGINT NOT NULL
);

CREATE FUNCTION gk_document_count(agency BIGINT, category BIGINT, formed TEXT, valid TEXT, repealed TEXT,
                                  delta BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  year_formed TEXT := substr(formed, 1, 4);
  year_repealed TEXT := COALESCE(substr(repealed, 1, 4), '');
BEGIN
  IF gk_counters_deferred() THEN
    INSERT INTO document_count_deltas (agency_id, category_id, formed_year, validity, repealed_year, n)
    VALUES (agency, category, year_formed, valid, year_repealed, delta);
    PERFORM gk_queue_counter_fold();
  ELSE
    INSERT INTO document_counts AS c (agency_id, category_id, formed_year, validity, repealed_year, n)
    VALUES (agency, category, year_formed, valid, year_repealed, delta)
    ON CONFLICT (agency_id, category_id, formed_year, validity, repealed_year) DO UPDATE SET n = c.n + delta;
  END IF;
END $$;

-- Statement triggers, so that a statement adding or removing several
-- publications of one item counts the item once (row triggers run after the
-- whole statement here, and would all see the same publications).
CREATE FUNCTION document_counts_published() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  it RECORD;
BEGIN
  FOR it IN SELECT i.agency_id, i.category_id, i.formed_on, i.validity, i.repealed_on
            FROM (SELECT item_id, COUNT(*) AS added FROM new_publications GROUP BY item_id) n
            JOIN items i ON i.id = n.item_id
            WHERE (SELECT COUNT(*) FROM publications p WHERE p.item_id = n.item_id) = n.added
            ORDER BY i.agency_id, i.category_id, i.id
  LOOP
    PERFORM gk_document_count(it.agency_id, it.category_id, it.formed_on, it.validity, it.repealed_on, 1);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER document_counts_published AFTER INSERT ON publications
REFERENCING NEW TABLE AS new_publications FOR EACH STATEMENT EXECUTE FUNCTION document_counts_published();

CREATE FUNCTION document_counts_unpublished() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  it RECORD;
BEGIN
  FOR it IN SELECT i.agency_id, i.category_id, i.formed_on, i.validity, i.repealed_on
            FROM (SELECT DISTINCT item_id FROM old_publications) o JOIN items i ON i.id = o.item_id
            WHERE NOT EXISTS (SELECT 1 FROM publications p WHERE p.item_id = o.item_id)
            ORDER BY i.agency_id, i.category_id, i.id
  LOOP
    PERFORM gk_document_count(it.agency_id, it.category_id, it.formed_on, it.validity, it.repealed_on, -1);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER document_counts_unpublished AFTER DELETE ON publications
REFERENCING OLD TABLE AS old_publications FOR EACH STATEMENT EXECUTE FUNCTION document_counts_unpublished();

CREATE FUNCTION document_counts_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.agency_id IS DISTINCT FROM OLD.agency_id OR NEW.category_id IS DISTINCT FROM OLD.category_id
      OR substr(NEW.formed_on, 1, 4) IS DISTINCT FROM substr(OLD.formed_on, 1, 4)
      OR NEW.validity IS DISTINCT FROM OLD.validity
      OR COALESCE(substr(NEW.repealed_on, 1, 4), '') IS DISTINCT FROM COALESCE(substr(OLD.repealed_on, 1, 4), ''))
     AND EXISTS (SELECT 1 FROM publications WHERE item_id = NEW.id) THEN
    PERFORM gk_document_count(OLD.agency_id, OLD.category_id, OLD.formed_on, OLD.validity, OLD.repealed_on, -1);
    PERFORM gk_document_count(NEW.agency_id, NEW.category_id, NEW.formed_on, NEW.validity, NEW.repealed_on, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER document_counts_item
AFTER UPDATE OF agency_id, category_id, formed_on, validity, repealed_on ON items
FOR EACH ROW EXECUTE FUNCTION document_counts_item();

-- The fold of a deferring transaction's document counts, beside 0031's
-- (triggers on the same queue row fire in name order: counter_folds first).
CREATE FUNCTION gk_fold_document_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH d AS (DELETE FROM document_count_deltas
             RETURNING agency_id, category_id, formed_year, validity, repealed_year, n)
  INSERT INTO document_counts AS c (agency_id, category_id, formed_year, validity, repealed_year, n)
  SELECT agency_id, category_id, formed_year, validity, repealed_year, SUM(n) FROM d
  GROUP BY agency_id, category_id, formed_year, validity, repealed_year HAVING SUM(n) <> 0
  ORDER BY agency_id, category_id, formed_year COLLATE "C", validity COLLATE "C", repealed_year COLLATE "C"
  ON CONFLICT (agency_id, category_id, formed_year, validity, repealed_year) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER document_count_folds AFTER INSERT ON counter_folds DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION gk_fold_document_counts();
-- @end

INSERT INTO document_counts (agency_id, category_id, formed_year, validity, repealed_year, n)
SELECT agency_id, category_id, substr(formed_on, 1, 4), validity, COALESCE(substr(repealed_on, 1, 4), ''), COUNT(*)
FROM items i WHERE EXISTS (SELECT 1 FROM publications p WHERE p.item_id = i.id)
GROUP BY agency_id, category_id, substr(formed_on, 1, 4), validity, COALESCE(substr(repealed_on, 1, 4), '');

-- 0030's index for counting the documents from the items: no longer read.
DROP INDEX items_figures_documents;
