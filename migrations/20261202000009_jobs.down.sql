DROP INDEX email_outbox_reminder;
DELETE FROM email_outbox WHERE reminder_id IS NOT NULL;
ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_one_reason,
  ADD CONSTRAINT email_outbox_event_or_claim CHECK ((event_id IS NULL) <> (claim_id IS NULL));
ALTER TABLE email_outbox DROP COLUMN reminder_id;
DROP TABLE reminders;
