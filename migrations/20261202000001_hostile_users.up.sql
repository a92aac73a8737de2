-- Issue 10: what a hostile user could do. Article numbers refer to ../shared/policy/RULES.md.

-- 1. An ID number typed at registration is a claim, not proof: several accounts may type the same
-- number, and it opens nothing. A case filed by an employer's agent reaches the talent only through
-- a claim code the talent proves (sent to the application's contact e-mail, shown to the agent).
DROP INDEX users_id_number;
CREATE INDEX users_id_number ON users (id_number) WHERE id_number IS NOT NULL;
CREATE TABLE case_claims (
  id             bigserial PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES applications (id),
  created_by     bigint NOT NULL REFERENCES users (id),
  -- The code is derived from a server key and this salt; the database keeps only its SHA-256.
  salt           bytea NOT NULL CHECK (length(salt) = 16),
  code_hash      bytea NOT NULL UNIQUE CHECK (length(code_hash) = 32),
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  claimed_by     bigint REFERENCES users (id),
  claimed_at     timestamptz,
  CHECK ((claimed_by IS NULL) = (claimed_at IS NULL))
);
CREATE INDEX case_claims_application ON case_claims (application_id, created_at);
-- The mail that carries a code: an outbox row for a claim rather than for an event (the worker
-- derives the code again; the row holds none).
ALTER TABLE email_outbox ALTER COLUMN event_id DROP NOT NULL,
  ADD COLUMN claim_id bigint REFERENCES case_claims (id),
  ADD CONSTRAINT email_outbox_event_or_claim CHECK ((event_id IS NULL) <> (claim_id IS NULL));

-- 2. A refused form's errors and what was typed stay on the server: the redirect back carries only
-- a random token (its SHA-256 here), readable by the browser that holds the matching cookie.
CREATE TABLE form_errors (
  token_hash   bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  browser_hash bytea NOT NULL CHECK (length(browser_hash) = 32),
  payload      text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_errors_created_at ON form_errors (created_at);

-- 4. An employer's agent files only for its own unit (SYSTEM.md: "its own unit").
CREATE FUNCTION agent_files_for_own_unit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.credit_code IS NOT NULL AND EXISTS (
       SELECT 1 FROM users u WHERE u.id = NEW.filed_by AND u.role = 'employer_agent'
          AND u.unit_credit_code IS DISTINCT FROM NEW.credit_code) THEN
    RAISE EXCEPTION 'an employer agent files only for its own unit' USING ERRCODE = 'check_violation',
      CONSTRAINT = 'agent_files_for_own_unit';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER agent_files_for_own_unit BEFORE INSERT OR UPDATE OF credit_code, filed_by ON applications
  FOR EACH ROW EXECUTE FUNCTION agent_files_for_own_unit();

-- 6. Rate limits: one row per limited key (a hash of e.g. "login:username:address") and window,
-- counted by one atomic upsert, so a check costs the same whatever the load and parallel requests
-- cannot all slip under the limit.
CREATE TABLE rate_limits (
  key          bytea PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL
);
CREATE INDEX rate_limits_window_start ON rate_limits (window_start);

-- 10. After the bank refuses a card (Art. 5(6)) the case waits for HRSS to fix what the bank named
-- and resend it; the Leading Group's approval stands, so nobody can withdraw or return it.
ALTER TYPE application_status ADD VALUE 'bank_refused';
