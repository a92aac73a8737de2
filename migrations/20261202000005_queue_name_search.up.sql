-- Searching a queue by name (issue 18, item 8): `LIKE 'name%'` on the summaries' name, which is an
-- expression (the column, else the personal section's answer). An index on that very expression,
-- in byte order for prefix ranges, lets a search read the matching names of the stage instead of
-- the whole stage.
CREATE INDEX applications_queue_name ON applications
  (status, (COALESCE(full_name, answers #>> '{personal,full_name}', '')) text_pattern_ops);
