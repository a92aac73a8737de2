-- The biennial assessment and retirement (issue 13, items 1 and 4; RULES.md Art. 6, Art. 6(3)).

-- Art. 6(3): a retirement day; services go on to the end of the period, no assessment is due on
-- or after it. Recorded with a card event (`retired`), both tracks unchanged.
ALTER TABLE cards ADD COLUMN retired_on date;
ALTER TABLE card_events DROP CONSTRAINT card_events_kind_check;
ALTER TABLE card_events ADD CONSTRAINT card_events_kind_check
  CHECK (kind IN ('issued', 'suspended', 'reactivated', 'terminated', 'expired', 'retired'));

-- Due 2 and 4 years after the issue day (domain::assessment::due_on; a 29 Feb issue is due 28 Feb).
CREATE FUNCTION assessment_due_on(issued_on date, round int) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (issued_on + make_interval(months => 24 * round))::date $$;

-- The signed report, uploaded by the agent before it submits the assessment (a PDF); the newest
-- upload for a card's round is the one submitted.
CREATE TABLE assessment_reports (
  id          bigserial PRIMARY KEY,
  token       text NOT NULL UNIQUE CHECK (length(token) = 32),
  card_id     bigint NOT NULL REFERENCES cards (id),
  round       smallint NOT NULL CHECK (round IN (1, 2)),
  file_name   text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  byte_size   integer NOT NULL CHECK (byte_size BETWEEN 1 AND 10485760),
  sha256      text NOT NULL CHECK (length(sha256) = 64),
  storage_key text NOT NULL UNIQUE,
  uploaded_by bigint NOT NULL REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_reports_card ON assessment_reports (card_id, round, id DESC);

-- One assessment per card and round: the agent submits (grade, report, signed PDF), the industry
-- department adds its opinion, HRSS files it. `stage` moves only through
-- assessments::db::step, with an `assessment_events` row in the same transaction.
CREATE TABLE card_assessments (
  id                 bigserial PRIMARY KEY,
  card_id            bigint NOT NULL REFERENCES cards (id),
  round              smallint NOT NULL CHECK (round IN (1, 2)),
  due_on             date NOT NULL,
  stage              text NOT NULL CHECK (stage IN ('with_department', 'with_hrss', 'filed')),
  grade              text NOT NULL CHECK (grade IN ('competent', 'basically_competent', 'not_competent')),
  report             text NOT NULL CHECK (length(report) BETWEEN 1 AND 5000),
  report_file_id     bigint NOT NULL REFERENCES assessment_reports (id),
  department_opinion text CHECK (length(department_opinion) BETWEEN 1 AND 5000),
  submitted_by       bigint NOT NULL REFERENCES users (id),
  submitted_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (card_id, round),
  CHECK ((stage = 'with_department') = (department_opinion IS NULL))
);
CREATE INDEX card_assessments_stage ON card_assessments (stage, submitted_at) WHERE stage <> 'filed';

CREATE TABLE assessment_events (
  id            bigserial PRIMARY KEY,
  assessment_id bigint NOT NULL REFERENCES card_assessments (id),
  stage_from    text,
  stage_to      text NOT NULL,
  actor_id      bigint NOT NULL REFERENCES users (id),
  actor_role    user_role NOT NULL,
  opinion       text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_events_assessment ON assessment_events (assessment_id, id);
CREATE TRIGGER assessment_events_append_only
  BEFORE UPDATE OR DELETE ON assessment_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER assessment_events_no_truncate
  BEFORE TRUNCATE ON assessment_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
