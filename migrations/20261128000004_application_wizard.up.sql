-- The application as a task list of sections (issue 3): the answers as typed, uploads, returns per
-- section, the applicant's inbox. Article numbers refer to ../shared/policy/RULES.md.

-- What the applicant typed, by section, exactly as typed (nothing is ever lost). The columns below
-- are filled from it once a section is valid, so queues and searches stay plain SQL.
ALTER TABLE applications ADD COLUMN answers jsonb NOT NULL DEFAULT '{}';
ALTER TABLE applications RENAME COLUMN resident_id TO id_number;
ALTER TABLE applications ADD COLUMN id_type text;
ALTER TABLE applications ALTER COLUMN full_name DROP NOT NULL,
                         ALTER COLUMN id_number DROP NOT NULL,
                         ALTER COLUMN employer_name DROP NOT NULL,
                         ALTER COLUMN credit_code DROP NOT NULL,
                         ALTER COLUMN employer_type DROP NOT NULL,
                         ALTER COLUMN months_in_district DROP NOT NULL,
                         ALTER COLUMN talent_category DROP NOT NULL;
ALTER TABLE applications ADD COLUMN submitted_at timestamptz;
-- A case in review has every answer a reviewer needs (a draft may also be withdrawn unsubmitted).
ALTER TABLE applications ADD CONSTRAINT applications_complete_once_submitted CHECK (
  status = 'draft' OR (status = 'withdrawn' AND submitted_at IS NULL) OR (full_name IS NOT NULL AND id_type IS NOT NULL AND id_number IS NOT NULL
    AND employer_name IS NOT NULL AND credit_code IS NOT NULL AND employer_type IS NOT NULL
    AND months_in_district IS NOT NULL AND talent_category IS NOT NULL AND submitted_at IS NOT NULL));
CREATE INDEX applications_id_number ON applications (id_number);
CREATE INDEX applications_credit_code ON applications (credit_code);

-- An applicant account carries the holder's ID number, so that a talent sees the application its
-- employer filed for it (issue 3). One account per ID number.
ALTER TABLE users ADD COLUMN id_number text;
CREATE UNIQUE INDEX users_id_number ON users (id_number) WHERE id_number IS NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_id_number_only_applicants CHECK (id_number IS NULL OR role = 'applicant');

-- Every document is an upload (Art. 5: no paper). The file lives outside the database (storage
-- key); a URL only ever carries the random token, and every read checks who is asking.
CREATE TABLE documents (
  id             bigserial PRIMARY KEY,
  token          text NOT NULL UNIQUE CHECK (length(token) = 32),
  application_id bigint NOT NULL REFERENCES applications (id),
  kind           text NOT NULL,
  file_name      text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type   text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  byte_size      integer NOT NULL CHECK (byte_size BETWEEN 1 AND 10485760),
  sha256         text NOT NULL CHECK (length(sha256) = 64),
  storage_key    text NOT NULL UNIQUE,
  uploaded_by    bigint NOT NULL REFERENCES users (id),
  uploaded_at    timestamptz NOT NULL DEFAULT now(),
  -- removed by the applicant while the case could still change; kept for the record
  removed_at     timestamptz
);
CREATE INDEX documents_application ON documents (application_id) WHERE removed_at IS NULL;

-- A return says what to correct, per section: [{"section": "personal", "reason": "…"}, …].
ALTER TABLE application_events ADD COLUMN section_reasons jsonb NOT NULL DEFAULT '[]';

-- The in-app inbox: one message per state change for each person the case concerns (the talent,
-- the account that filed it). The text is made from the event when shown, in the reader's language.
CREATE TABLE inbox_messages (
  id             bigserial PRIMARY KEY,
  user_id        bigint NOT NULL REFERENCES users (id),
  application_id bigint NOT NULL REFERENCES applications (id),
  event_id       bigint NOT NULL REFERENCES application_events (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  read_at        timestamptz,
  UNIQUE (user_id, event_id)
);
CREATE INDEX inbox_messages_user ON inbox_messages (user_id, id DESC);

DROP VIEW application_summaries;
CREATE VIEW application_summaries AS
SELECT a.id, a.applicant_id, a.filed_by, a.credit_code, a.department_code, a.id_number,
       extract(year FROM a.created_at AT TIME ZONE 'UTC' + interval '8 hours')::int AS year,
       COALESCE(a.full_name, a.answers #>> '{personal,full_name}', '') AS full_name,
       a.status, a.status::text AS status_text, a.returned_from::text AS returned_from,
       a.talent_category, COALESCE(a.employer_type = 'new_investment', false) AS case_by_case,
       a.updated_at AS updated_at_ts,
       to_char(a.updated_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS updated_at
  FROM applications a;
