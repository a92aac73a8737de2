ALTER TABLE application_events DROP COLUMN answers_at_return;
