DROP TABLE card_result_imports;
DROP TABLE card_notices;
DROP TABLE card_events;
DROP FUNCTION card_feed_position();
DROP TABLE card_feed_counter;
DELETE FROM cards WHERE issued_on IS NULL;
ALTER TABLE cards DROP CONSTRAINT cards_issued_together, DROP COLUMN order_line_id, DROP COLUMN made_at,
  ALTER COLUMN issued_on SET NOT NULL, ALTER COLUMN valid_until SET NOT NULL,
  ALTER COLUMN talent_status SET DEFAULT 'active', ALTER COLUMN talent_status SET NOT NULL,
  ALTER COLUMN bank_status SET DEFAULT 'active', ALTER COLUMN bank_status SET NOT NULL;
DROP TABLE card_order_lines;
DROP TABLE card_order_batches;
ALTER TABLE stage_limits DROP CONSTRAINT stage_limits_status_check;
DELETE FROM stage_limits WHERE status IN ('approved', 'card_made');
ALTER TABLE stage_limits ADD CONSTRAINT stage_limits_status_check
  CHECK (status IN ('pre_review', 'first_review', 're_review', 'decision', 'card_production'));
