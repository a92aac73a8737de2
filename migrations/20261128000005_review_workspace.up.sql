-- The reviewers' workspace (issue 4): direct-recognition recommendation, internal notes, Leading
-- Group decision batches. Article numbers refer to ../shared/policy/RULES.md.

-- Art. 5(4): HRSS may recommend direct recognition (建议直接认定) for categories 1–8.
ALTER TABLE applications ADD COLUMN direct_recognition boolean NOT NULL DEFAULT false;
ALTER TABLE applications ADD CONSTRAINT direct_recognition_only_categories_1_to_8
  CHECK (NOT direct_recognition OR talent_category BETWEEN 1 AND 8);
ALTER TABLE application_events ADD COLUMN direct_recognition boolean NOT NULL DEFAULT false;

-- Internal notes between officials: never shown to the applicant; append-only like the events.
CREATE TABLE case_notes (
  id             bigserial PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES applications (id),
  author_id      bigint NOT NULL REFERENCES users (id),
  author_role    user_role NOT NULL,
  body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_notes_application ON case_notes (application_id, id);
CREATE TRIGGER case_notes_append_only BEFORE UPDATE OR DELETE ON case_notes
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER case_notes_no_truncate BEFORE TRUNCATE ON case_notes
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Art. 5(5): the talent office puts cases to the Leading Group in meeting batches, then records
-- the meeting date and each case's outcome.
CREATE TABLE decision_batches (
  id           bigserial PRIMARY KEY,
  created_by   bigint NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  meeting_date date,
  recorded_by  bigint REFERENCES users (id),
  recorded_at  timestamptz,
  CHECK ((meeting_date IS NULL) = (recorded_at IS NULL))
);
CREATE TABLE decision_batch_cases (
  batch_id       bigint NOT NULL REFERENCES decision_batches (id),
  application_id bigint NOT NULL REFERENCES applications (id),
  position       integer NOT NULL,
  -- set one by one before the meeting is recorded (default: approve); a rejection needs a reason
  outcome        text NOT NULL DEFAULT 'approve' CHECK (outcome IN ('approve', 'reject')),
  reason         text NOT NULL DEFAULT '' CHECK (outcome = 'approve' OR length(reason) > 0),
  PRIMARY KEY (batch_id, application_id)
);
CREATE INDEX decision_batch_cases_application ON decision_batch_cases (application_id);

CREATE OR REPLACE VIEW application_summaries AS
SELECT a.id, a.applicant_id, a.filed_by, a.credit_code, a.department_code, a.id_number,
       extract(year FROM a.created_at AT TIME ZONE 'UTC' + interval '8 hours')::int AS year,
       COALESCE(a.full_name, a.answers #>> '{personal,full_name}', '') AS full_name,
       a.status, a.status::text AS status_text, a.returned_from::text AS returned_from,
       a.talent_category, COALESCE(a.employer_type = 'new_investment', false) AS case_by_case,
       a.updated_at AS updated_at_ts,
       to_char(a.updated_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS updated_at,
       a.direct_recognition
  FROM applications a;
