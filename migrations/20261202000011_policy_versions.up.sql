-- Versions of the rules (issue 13, item 7; RULES.md Art. 7): notice 云人才领字〔2019〕1号 is in force
-- for 5 years from its publication on 2019-06-05; a successor notice takes over. A version holds
-- what a notice may change (domain::policy::Rules). Versions never overlap (the exclusion below is
-- the guarantee when two admins add one at once) and are never edited or removed: every
-- application, Leading Group decision, card and service names the version it was made under.
CREATE TABLE policy_versions (
  id                         bigserial PRIMARY KEY,
  document_number            text NOT NULL CHECK (length(document_number) BETWEEN 1 AND 100),
  title                      text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  starts_on                  date NOT NULL,
  ends_on                    date NOT NULL,
  categories                 smallint[] NOT NULL CHECK (cardinality(categories) > 0 AND categories <@ '{1,2,3,4,5,6,7,8,9}'),
  min_months_in_district     smallint NOT NULL CHECK (min_months_in_district BETWEEN 1 AND 12),
  health_check_quota         int NOT NULL CHECK (health_check_quota BETWEEN 1 AND 12),
  airport_vip_quota          int NOT NULL CHECK (airport_vip_quota BETWEEN 1 AND 12),
  management_months          int NOT NULL CHECK (management_months BETWEEN 12 AND 120),
  assessment_interval_months int NOT NULL CHECK (assessment_interval_months BETWEEN 6 AND 120 AND assessment_interval_months < management_months),
  created_by                 bigint REFERENCES users (id),
  created_at                 timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT policy_versions_ends_after_start CHECK (ends_on >= starts_on),
  CONSTRAINT policy_versions_no_overlap EXCLUDE USING gist (daterange(starts_on, ends_on, '[]') WITH &&)
);
CREATE TRIGGER policy_versions_append_only BEFORE UPDATE OR DELETE ON policy_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER policy_versions_no_truncate BEFORE TRUNCATE ON policy_versions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

INSERT INTO policy_versions (document_number, title, starts_on, ends_on, categories, min_months_in_district,
                             health_check_quota, airport_vip_quota, management_months, assessment_interval_months)
VALUES ('云人才领字〔2019〕1号', '白云区云聚英才卡实施细则（试行）', '2019-06-05', '2024-06-04',
        '{1,2,3,4,5,6,7,8,9}', 6, 1, 2, 60, 24);

-- The version in force on `day` (NULL when there is none: no application can be submitted).
CREATE FUNCTION policy_in_force(day date) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT id FROM policy_versions WHERE day BETWEEN starts_on AND ends_on
$$;
-- The newest version that had started by `day` (what a card issued while none is in force, or
-- a record from before versions were kept, falls back to).
CREATE FUNCTION policy_latest(day date) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT id FROM policy_versions WHERE starts_on <= day ORDER BY starts_on DESC LIMIT 1
$$;

-- What each record was made under.
ALTER TABLE applications ADD COLUMN policy_version_id bigint REFERENCES policy_versions (id);
ALTER TABLE decision_batch_cases ADD COLUMN policy_version_id bigint REFERENCES policy_versions (id);
ALTER TABLE cards ADD COLUMN policy_version_id bigint REFERENCES policy_versions (id);
ALTER TABLE service_records ADD COLUMN policy_version_id bigint REFERENCES policy_versions (id);

-- Art. 6: a card's last day, the management period of its version on (domain::policy::Rules::
-- valid_until: the day before the issue day, N months on; a 29 Feb issue ends on 28 Feb).
CREATE FUNCTION card_valid_until(issued_on date, management_months int) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ((issued_on - 1) + make_interval(months => management_months))::date $$;

-- An issued card always names its version: a card issued by any path (the Talent Office's issue
-- sets it; older scripts and tests that set `issued_on` directly) gets its application's, else
-- the one in force on its issue day, else the newest that had started.
CREATE FUNCTION cards_policy_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.issued_on IS NOT NULL AND NEW.policy_version_id IS NULL THEN
    NEW.policy_version_id := COALESCE((SELECT policy_version_id FROM applications WHERE id = NEW.application_id),
      policy_in_force(NEW.issued_on), policy_latest(NEW.issued_on), (SELECT min(id) FROM policy_versions));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cards_policy_version BEFORE INSERT OR UPDATE OF issued_on ON cards
  FOR EACH ROW EXECUTE FUNCTION cards_policy_version();

-- Records from before versions were kept: the version that had started by their day.
UPDATE applications SET policy_version_id = COALESCE(policy_latest((submitted_at AT TIME ZONE 'UTC' + interval '8 hours')::date), 1)
 WHERE submitted_at IS NOT NULL;
UPDATE decision_batch_cases x SET policy_version_id = COALESCE(policy_latest(b.meeting_date), 1)
  FROM decision_batches b WHERE b.id = x.batch_id AND b.meeting_date IS NOT NULL;
UPDATE cards SET policy_version_id = COALESCE(policy_latest(issued_on), 1) WHERE issued_on IS NOT NULL;
ALTER TABLE cards ADD CONSTRAINT cards_issued_under_a_version CHECK (issued_on IS NULL OR policy_version_id IS NOT NULL);
ALTER TABLE service_records DISABLE TRIGGER service_records_append_only;
UPDATE service_records r SET policy_version_id = c.policy_version_id FROM cards c WHERE c.id = r.card_id;
ALTER TABLE service_records ENABLE TRIGGER service_records_append_only;
ALTER TABLE service_records ALTER COLUMN policy_version_id SET NOT NULL;

-- Art. 6: the assessment rounds a card owes — every `assessment_interval_months` of its version
-- after the issue day, within its period, none on or after a retirement day (domain::assessment::
-- rounds_owed; this replaces the fixed two rounds of 24 months).
DROP FUNCTION assessment_due_on(date, int);
CREATE FUNCTION assessment_due_on(issued_on date, round int, interval_months int) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (issued_on + make_interval(months => interval_months * round))::date $$;
CREATE FUNCTION card_rounds(issued_on date, valid_until date, retired_on date, version bigint)
RETURNS TABLE (round int, due date) LANGUAGE sql STABLE AS $$
  SELECT n, assessment_due_on(issued_on, n, v.assessment_interval_months)
    FROM policy_versions v CROSS JOIN generate_series(1, 20) n
   WHERE v.id = version
     AND assessment_due_on(issued_on, n, v.assessment_interval_months) <= valid_until
     AND (retired_on IS NULL OR assessment_due_on(issued_on, n, v.assessment_interval_months) < retired_on)
$$;
-- A version's interval may give more rounds than the 2019 notice's two (up to 120 / 6 = 20).
ALTER TABLE assessment_reports DROP CONSTRAINT assessment_reports_round_check,
  ADD CONSTRAINT assessment_reports_round_check CHECK (round BETWEEN 1 AND 20);
ALTER TABLE card_assessments DROP CONSTRAINT card_assessments_round_check,
  ADD CONSTRAINT card_assessments_round_check CHECK (round BETWEEN 1 AND 20);
ALTER TABLE reminders DROP CONSTRAINT reminders_round_check,
  ADD CONSTRAINT reminders_round_check CHECK (round BETWEEN 0 AND 20);
-- Art. 3's minimum months is the version's (checked on saving the section and at submission):
-- the column keeps what was typed as long as it is a number of months.
ALTER TABLE applications DROP CONSTRAINT applications_months_in_district_check,
  ADD CONSTRAINT applications_months_in_district_check CHECK (months_in_district BETWEEN 0 AND 12);
