-- After a resubmission the reviewer sees what changed since the return (issue 4, case page).
-- A return keeps the answers as they stood when it was made; the documents carry their own
-- upload and removal times.
ALTER TABLE application_events ADD COLUMN answers_at_return jsonb
  CHECK (answers_at_return IS NULL OR command = 'return');
