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

-- An industry department's queue: its own cases in first review, oldest first (keyset pages).
CREATE INDEX applications_department_queue ON applications (status, department_code, updated_at, id);

-- Deadlines (issue 4): working days per stage, on the Chinese working-day calendar. The admin keeps
-- both tables: public holidays and make-up working days (调休上班) as the State Council announces them.
CREATE TABLE calendar_days (
  day  date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'make_up_workday')),
  note text NOT NULL DEFAULT ''
);
-- 国务院办公厅关于2026年部分节假日安排的通知
INSERT INTO calendar_days (day, kind, note)
SELECT d::date, 'holiday', n FROM (VALUES
  ('2026-01-01'::date, '2026-01-03'::date, '元旦'), ('2026-02-15', '2026-02-23', '春节'), ('2026-04-04', '2026-04-06', '清明节'),
  ('2026-05-01', '2026-05-05', '劳动节'), ('2026-06-19', '2026-06-21', '端午节'), ('2026-09-25', '2026-09-27', '中秋节'),
  ('2026-10-01', '2026-10-07', '国庆节')) AS h(a, b, n), generate_series(h.a, h.b, interval '1 day') AS d;
INSERT INTO calendar_days (day, kind, note) VALUES
  ('2026-01-04', 'make_up_workday', '元旦调休'), ('2026-02-14', 'make_up_workday', '春节调休'),
  ('2026-02-28', 'make_up_workday', '春节调休'), ('2026-05-09', 'make_up_workday', '劳动节调休'),
  ('2026-09-20', 'make_up_workday', '国庆节调休'), ('2026-10-10', 'make_up_workday', '国庆节调休');

CREATE TABLE stage_limits (
  status       application_status PRIMARY KEY
               CHECK (status IN ('pre_review', 'first_review', 're_review', 'decision', 'card_production')),
  working_days integer NOT NULL CHECK (working_days BETWEEN 1 AND 365)
);
INSERT INTO stage_limits VALUES ('pre_review', 5), ('first_review', 10), ('re_review', 10), ('decision', 30), ('card_production', 10);

CREATE OR REPLACE VIEW application_summaries AS
SELECT a.id, a.applicant_id, a.filed_by, a.credit_code, a.department_code, a.id_number,
       extract(year FROM a.created_at AT TIME ZONE 'UTC' + interval '8 hours')::int AS year,
       COALESCE(a.full_name, a.answers #>> '{personal,full_name}', '') AS full_name,
       a.status, a.status::text AS status_text, a.returned_from::text AS returned_from,
       a.talent_category, COALESCE(a.employer_type = 'new_investment', false) AS case_by_case,
       a.updated_at AS updated_at_ts,
       to_char(a.updated_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS updated_at,
       a.direct_recognition,
       -- the day (China time) the case entered its current stage: in review nothing but a
       -- transition changes a case
       (a.updated_at AT TIME ZONE 'UTC' + interval '8 hours')::date AS updated_on
  FROM applications a;
