-- Each agency's budgets for reading scans by OCR in the content check
-- (extract::Limits::ocr_*): pages or pictures per file, megapixels per page,
-- seconds per file. A file over any of them cannot be checked and blocks.
-- No row: the defaults (50 pages, 40 megapixels, 300 seconds).
CREATE TABLE scan_ocr_budget (
  agency_id BIGINT PRIMARY KEY REFERENCES agencies(id),
  max_pages INTEGER NOT NULL,
  max_megapixels INTEGER NOT NULL,
  max_seconds INTEGER NOT NULL,
  updated_by BIGINT REFERENCES users(id),
  updated_at TEXT NOT NULL
);
