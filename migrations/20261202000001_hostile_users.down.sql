-- The enum value 'bank_refused' cannot be removed from application_status (PostgreSQL); cases in
-- it go back to re-review as before.
UPDATE applications SET status = 're_review' WHERE status = 'bank_refused';
DROP TABLE rate_limits;
DROP TRIGGER agent_files_for_own_unit ON applications;
DROP FUNCTION agent_files_for_own_unit();
DROP TABLE form_errors;
DELETE FROM email_outbox WHERE claim_id IS NOT NULL;
ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_event_or_claim, DROP COLUMN claim_id, ALTER COLUMN event_id SET NOT NULL;
DROP TABLE case_claims;
DROP INDEX users_id_number;
CREATE UNIQUE INDEX users_id_number ON users (id_number) WHERE id_number IS NOT NULL;
