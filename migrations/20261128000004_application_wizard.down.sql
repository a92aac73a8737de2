DROP VIEW application_summaries;
DROP TABLE inbox_messages;
ALTER TABLE application_events DROP COLUMN section_reasons;
DROP TABLE documents;
ALTER TABLE users DROP CONSTRAINT users_id_number_only_applicants;
DROP INDEX users_id_number;
ALTER TABLE users DROP COLUMN id_number;
DROP INDEX applications_credit_code;
DROP INDEX applications_id_number;
ALTER TABLE applications DROP CONSTRAINT applications_complete_once_submitted;
ALTER TABLE applications DROP COLUMN submitted_at;
ALTER TABLE applications DROP COLUMN id_type;
ALTER TABLE applications RENAME COLUMN id_number TO resident_id;
ALTER TABLE applications DROP COLUMN answers;
CREATE VIEW application_summaries AS
SELECT a.id, a.applicant_id, a.filed_by, a.credit_code, a.department_code,
       extract(year FROM a.created_at AT TIME ZONE 'UTC' + interval '8 hours')::int AS year,
       a.full_name, a.status, a.status::text AS status_text, a.returned_from::text AS returned_from,
       a.talent_category, a.employer_type::text AS employer_type, a.updated_at AS updated_at_ts,
       to_char(a.updated_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS updated_at
  FROM applications a;
