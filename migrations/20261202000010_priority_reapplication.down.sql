DROP VIEW application_summaries;
CREATE VIEW application_summaries AS
SELECT a.id, a.applicant_id, a.filed_by, a.credit_code, a.department_code, a.id_number,
       extract(year FROM a.created_at AT TIME ZONE 'UTC' + interval '8 hours')::int AS year,
       COALESCE(a.full_name, a.answers #>> '{personal,full_name}', '') AS full_name,
       a.status, a.status::text AS status_text, a.returned_from::text AS returned_from,
       a.talent_category, COALESCE(a.employer_type = 'new_investment', false) AS case_by_case,
       a.updated_at AS updated_at_ts,
       to_char(a.updated_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS updated_at,
       a.direct_recognition,
       (a.updated_at AT TIME ZONE 'UTC' + interval '8 hours')::date AS updated_on
  FROM applications a;
DROP INDEX applications_priority_queue;
DROP INDEX applications_one_reapplication;
ALTER TABLE applications DROP COLUMN priority_of;
