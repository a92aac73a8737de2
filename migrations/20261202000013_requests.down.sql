DROP TABLE request_documents;
DELETE FROM email_outbox WHERE request_event_id IS NOT NULL;
DROP INDEX email_outbox_request_event;
ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_one_reason,
  ADD CONSTRAINT email_outbox_one_reason CHECK (num_nonnulls(event_id, claim_id, reminder_id) = 1),
  DROP COLUMN request_event_id;
DROP TABLE request_notices;
DROP TABLE request_views;
DROP TABLE request_events;
DROP TABLE service_requests;
DROP TABLE request_routes;
DELETE FROM departments d WHERE d.code IN ('gaj', 'zjj', 'scjgj', 'sfj', 'whg')
  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.department_code = d.code);
