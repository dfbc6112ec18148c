-- The annual report (政府信息公开工作年度报告, src/records/annual.h).
--
-- The row of the report's 第二十条第（一）项 block that a catalog category
-- feeds: 'rules' (规章), 'normative' (行政规范性文件) or '' (none). Existing
-- catalogs are marked by the category names.
ALTER TABLE catalog_categories ADD COLUMN report_row TEXT NOT NULL DEFAULT '';
UPDATE catalog_categories SET report_row = 'normative' WHERE name LIKE '%规范性文件%';
UPDATE catalog_categories SET report_row = 'rules' WHERE name LIKE '%规章%' AND report_row = '';

-- The date an item's validity became 废止 (repealed), kept while it stays so.
ALTER TABLE items ADD COLUMN repealed_on TEXT;
UPDATE items SET repealed_on = substr(updated_at, 1, 10) WHERE validity = 'repealed';

-- One report per agency and year: the texts and the figures staff enter; the
-- other figures are computed from the records when the report is shown and
-- frozen into `figures` (JSON, src/records/annual.h ToJson) when published.
CREATE TABLE annual_reports (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  year INTEGER NOT NULL,
  overview TEXT NOT NULL DEFAULT '',       -- 一、总体情况
  problems TEXT NOT NULL DEFAULT '',       -- 五、存在的主要问题及改进情况
  other_matters TEXT NOT NULL DEFAULT '',  -- 六、其他需要报告的事项
  permits BIGINT NOT NULL DEFAULT 0,       -- 行政许可 本年处理决定数量
  penalties BIGINT NOT NULL DEFAULT 0,     -- 行政处罚
  coercions BIGINT NOT NULL DEFAULT 0,     -- 行政强制
  charges_yuan BIGINT NOT NULL DEFAULT 0,  -- 行政事业性收费 本年收费金额（元）
  figures TEXT,                            -- frozen at publication
  updated_by BIGINT REFERENCES users(id),
  updated_at TEXT NOT NULL,
  published_by BIGINT REFERENCES users(id),
  published_at TEXT,
  UNIQUE (agency_id, year)
);
