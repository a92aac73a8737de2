ALTER TABLE applications DROP CONSTRAINT applications_months_in_district_check,
  ADD CONSTRAINT applications_months_in_district_check CHECK (months_in_district BETWEEN 6 AND 12);
ALTER TABLE reminders DROP CONSTRAINT reminders_round_check,
  ADD CONSTRAINT reminders_round_check CHECK (round IN (0, 1, 2));
ALTER TABLE card_assessments DROP CONSTRAINT card_assessments_round_check,
  ADD CONSTRAINT card_assessments_round_check CHECK (round IN (1, 2));
ALTER TABLE assessment_reports DROP CONSTRAINT assessment_reports_round_check,
  ADD CONSTRAINT assessment_reports_round_check CHECK (round IN (1, 2));
DROP FUNCTION card_rounds(date, date, date, bigint);
DROP FUNCTION assessment_due_on(date, int, int);
CREATE FUNCTION assessment_due_on(issued_on date, round int) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (issued_on + make_interval(months => 24 * round))::date $$;
DROP TRIGGER cards_policy_version ON cards;
DROP FUNCTION cards_policy_version();
DROP FUNCTION card_valid_until(date, int);
ALTER TABLE service_records DROP COLUMN policy_version_id;
ALTER TABLE cards DROP CONSTRAINT cards_issued_under_a_version;
ALTER TABLE cards DROP COLUMN policy_version_id;
ALTER TABLE decision_batch_cases DROP COLUMN policy_version_id;
ALTER TABLE applications DROP COLUMN policy_version_id;
DROP FUNCTION policy_latest(date);
DROP FUNCTION policy_in_force(date);
DROP TABLE policy_versions;
