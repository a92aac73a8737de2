-- Priority re-application (issue 13, item 5; RULES.md Art. 6): when a card's period ends the
-- former holder may re-apply with priority. `priority_of` names the case whose card ends; the
-- queues carry these cases marked and ahead of the others at every stage.
ALTER TABLE applications ADD COLUMN priority_of bigint REFERENCES applications (id);
-- One re-application per card at a time (after a withdrawn or rejected one, another may start).
CREATE UNIQUE INDEX applications_one_reapplication ON applications (priority_of)
  WHERE priority_of IS NOT NULL AND status NOT IN ('withdrawn', 'rejected');
-- The few priority cases of a stage, oldest first (the queue reads them before the others).
CREATE INDEX applications_priority_queue ON applications (status, updated_at, id) WHERE priority_of IS NOT NULL;

CREATE OR REPLACE VIEW application_summaries AS
SELECT a.id, a.applicant_id, a.filed_by, a.credit_code, a.department_code, a.id_number,
       extract(year FROM a.created_at AT TIME ZONE 'UTC' + interval '8 hours')::int AS year,
       COALESCE(a.full_name, a.answers #>> '{personal,full_name}', '') AS full_name,
       a.status, a.status::text AS status_text, a.returned_from::text AS returned_from,
       a.talent_category, COALESCE(a.employer_type = 'new_investment', false) AS case_by_case,
       a.updated_at AS updated_at_ts,
       to_char(a.updated_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS updated_at,
       a.direct_recognition,
       (a.updated_at AT TIME ZONE 'UTC' + interval '8 hours')::date AS updated_on,
       a.priority_of IS NOT NULL AS priority
  FROM applications a;
