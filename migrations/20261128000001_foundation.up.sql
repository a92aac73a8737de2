-- Foundation schema: accounts, sessions, applications with their append-only event log, cards,
-- verifications. Article numbers refer to ../shared/policy/RULES.md.

CREATE TYPE user_role AS ENUM (
  'applicant', 'employer_agent', 'handling_dept', 'industry_dept', 'hrss',
  'talent_office', 'bank', 'provider', 'admin'
);

-- 行业主管部门 (Art. 5(3)).
CREATE TABLE departments (
  code    text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL
);

-- Hospitals, schools, the airport … and the service types of Art. 4 each may serve.
CREATE TABLE provider_orgs (
  id            bigserial PRIMARY KEY,
  name_zh       text NOT NULL,
  name_en       text NOT NULL,
  service_types text[] NOT NULL CHECK (cardinality(service_types) > 0)
);

CREATE TABLE users (
  id              bigserial PRIMARY KEY,
  username        text NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 3 AND 40),
  password_hash   text NOT NULL,
  role            user_role NOT NULL,
  display_name    text NOT NULL,
  -- an employer agent acts for exactly one unit; an industry dept account for one department;
  -- a provider account for one organisation.
  unit_credit_code text,
  department_code text REFERENCES departments (code),
  provider_org_id bigint REFERENCES provider_orgs (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'employer_agent') = (unit_credit_code IS NOT NULL)),
  CHECK ((role = 'industry_dept') = (department_code IS NOT NULL)),
  CHECK ((role = 'provider') = (provider_org_id IS NOT NULL))
);

-- Only a hash of the session token is kept: a stolen database holds no live sessions.
CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_user_id ON sessions (user_id);

-- Which industry department first-reviews which talent category (Art. 5(2)–(3)).
CREATE TABLE routing_rules (
  talent_category smallint PRIMARY KEY CHECK (talent_category BETWEEN 1 AND 9),
  department_code text NOT NULL REFERENCES departments (code)
);

CREATE TYPE application_status AS ENUM (
  'draft', 'pre_review', 'first_review', 're_review', 'decision', 'card_production',
  'issued', 'returned', 'rejected', 'withdrawn'
);
CREATE TYPE employer_type AS ENUM ('district_enterprise', 'district_institution', 'new_investment');

CREATE TABLE applications (
  id                 bigserial PRIMARY KEY,
  -- the talent's own account; the account that filed it (the talent or an employer agent).
  applicant_id       bigint REFERENCES users (id),
  filed_by           bigint NOT NULL REFERENCES users (id),
  status             application_status NOT NULL DEFAULT 'draft',
  returned_from      application_status CHECK (returned_from IN ('pre_review', 'first_review', 're_review')),
  version            integer NOT NULL DEFAULT 0,
  full_name          text NOT NULL,
  resident_id        text NOT NULL,
  employer_name      text NOT NULL,
  credit_code        text NOT NULL,
  employer_type      employer_type NOT NULL,
  months_in_district smallint NOT NULL CHECK (months_in_district BETWEEN 6 AND 12),  -- Art. 3
  talent_category    smallint NOT NULL CHECK (talent_category BETWEEN 1 AND 9),      -- Art. 3
  department_code    text REFERENCES departments (code),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'returned') = (returned_from IS NOT NULL))
);
CREATE INDEX applications_queue ON applications (status, updated_at, id);
CREATE INDEX applications_applicant ON applications (applicant_id);
CREATE INDEX applications_filed_by ON applications (filed_by);

-- The append-only record of every transition (SYSTEM.md): who, which role, when, from, to, opinion.
CREATE TABLE application_events (
  id             bigserial PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES applications (id),
  actor_id       bigint NOT NULL REFERENCES users (id),
  actor_role     user_role NOT NULL,
  command        text NOT NULL,
  from_status    text NOT NULL,
  to_status      text NOT NULL,
  opinion        text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_events_application ON application_events (application_id, id);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER application_events_append_only
  BEFORE UPDATE OR DELETE ON application_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER application_events_no_truncate
  BEFORE TRUNCATE ON application_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The co-branded card (Art. 5(6)–(7)); two service lines (Art. 6).
CREATE TABLE cards (
  id             bigserial PRIMARY KEY,
  application_id bigint NOT NULL UNIQUE REFERENCES applications (id),
  card_number    text NOT NULL UNIQUE,
  issued_on      date NOT NULL,
  valid_until    date NOT NULL,  -- Art. 6: five years from issuance
  talent_status  text NOT NULL DEFAULT 'active' CHECK (talent_status IN ('active', 'suspended', 'terminated', 'expired')),
  bank_status    text NOT NULL DEFAULT 'active' CHECK (bank_status IN ('active', 'terminated')),
  CHECK (valid_until > issued_on)
);

-- Every verification a provider makes, valid or not (SYSTEM.md, "Verification").
CREATE TABLE verifications (
  id              bigserial PRIMARY KEY,
  provider_user_id bigint NOT NULL REFERENCES users (id),
  provider_org_id bigint NOT NULL REFERENCES provider_orgs (id),
  card_id         bigint REFERENCES cards (id),
  valid           boolean NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verifications_rate ON verifications (provider_user_id, created_at);

-- One line per case for lists and queues, with times in China Standard Time (UTC+8).
CREATE VIEW application_summaries AS
SELECT a.id, a.applicant_id, a.filed_by, a.credit_code, a.department_code,
       extract(year FROM a.created_at AT TIME ZONE 'UTC' + interval '8 hours')::int AS year,
       a.full_name, a.status, a.status::text AS status_text, a.returned_from::text AS returned_from,
       a.talent_category, a.employer_type::text AS employer_type, a.updated_at AS updated_at_ts,
       to_char(a.updated_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS updated_at
  FROM applications a;
