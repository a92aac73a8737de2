-- The card at the counter (issue 12; RULES.md Art. 4, SYSTEM.md "Verification").

-- What the e-card's codes stand for, while they live (2 minutes, kept an hour more so that a late
-- one reads "expired"): the SHA-256 of a QR code's random nonce, and of the short code under it.
-- A code itself names nothing: not the card, not the holder.
CREATE TABLE ecard_codes (
  code_hash  bytea PRIMARY KEY,
  card_id    bigint NOT NULL REFERENCES cards (id),
  expires_at timestamptz NOT NULL
);
CREATE INDEX ecard_codes_expiry ON ecard_codes (expires_at);

-- How a check was made, and the card it was of even when it failed (the holder's data tracker
-- lists every check of their card; a check that matched no card has none).
ALTER TABLE verifications ADD COLUMN method text NOT NULL DEFAULT 'number' CHECK (method IN ('number', 'qr', 'code'));
CREATE INDEX verifications_card ON verifications (card_id, id) WHERE card_id IS NOT NULL;
CREATE TRIGGER verifications_append_only
  BEFORE UPDATE OR DELETE ON verifications
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER verifications_no_truncate
  BEFORE TRUNCATE ON verifications
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The service ledger (Art. 4): a service a provider delivered after a valid check, for the holder
-- or one of the dependants of the application's family section. Append-only: a mistake is
-- cancelled by a row in service_cancellations, never edited.
CREATE TABLE service_records (
  id              bigserial PRIMARY KEY,
  card_id         bigint NOT NULL REFERENCES cards (id),
  verification_id bigint NOT NULL REFERENCES verifications (id),
  provider_org_id bigint NOT NULL REFERENCES provider_orgs (id),
  recorded_by     bigint NOT NULL REFERENCES users (id),
  service         text NOT NULL,   -- domain::services::Service::as_str
  service_type    text NOT NULL,   -- its type of Art. 4 (domain::ServiceType::as_str)
  dependent_index int CHECK (dependent_index >= 0),  -- NULL: the holder
  served_on       date NOT NULL,
  note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_records_card ON service_records (card_id, id);
CREATE INDEX service_records_org ON service_records (provider_org_id, id);
CREATE INDEX service_records_month ON service_records (served_on, service_type);

CREATE TABLE service_cancellations (
  id              bigserial PRIMARY KEY,
  record_id       bigint NOT NULL UNIQUE REFERENCES service_records (id),
  cancelled_by    bigint NOT NULL REFERENCES users (id),
  reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER service_records_append_only BEFORE UPDATE OR DELETE ON service_records
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER service_records_no_truncate BEFORE TRUNCATE ON service_records
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER service_cancellations_append_only BEFORE UPDATE OR DELETE ON service_cancellations
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER service_cancellations_no_truncate BEFORE TRUNCATE ON service_cancellations
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A yearly quota's use (Art. 4(4) health check 1, 4(7) airport 2), per card, service and calendar
-- year in China time. The database keeps it within bounds whatever runs at once: a redemption is
-- one conditional upsert, a cancellation gives one back.
CREATE TABLE service_quota_use (
  card_id bigint NOT NULL REFERENCES cards (id),
  service text NOT NULL,
  year    int NOT NULL,
  allowed int NOT NULL CHECK (allowed > 0),
  used    int NOT NULL CHECK (used >= 0),
  PRIMARY KEY (card_id, service, year),
  CHECK (used <= allowed)
);

-- Every time an official opened a case page (the holder's data tracker: when and which body).
CREATE TABLE case_views (
  id             bigserial PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES applications (id),
  viewer_id      bigint NOT NULL REFERENCES users (id),
  viewer_role    user_role NOT NULL,
  department_code text REFERENCES departments (code),
  viewed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_views_application ON case_views (application_id, id);
CREATE TRIGGER case_views_append_only BEFORE UPDATE OR DELETE ON case_views
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER case_views_no_truncate BEFORE TRUNCATE ON case_views
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
