-- Card making in order batches (Art. 5(6)), issuing (Art. 5(7)), the card's two status tracks
-- and their append-only log (Art. 6), notices to the units, and the feed's commit order.

ALTER TABLE stage_limits DROP CONSTRAINT stage_limits_status_check,
  ADD CONSTRAINT stage_limits_status_check
  CHECK (status IN ('pre_review', 'first_review', 're_review', 'decision', 'approved', 'card_production', 'card_made'));
INSERT INTO stage_limits VALUES ('approved', 5), ('card_made', 5);

-- HRSS sends approved cases to the bank as a batch; the bank answers each line with a card number
-- or a refusal. A case has at most one open (unanswered) line. A batch is closed once every line
-- of it is answered.
CREATE TABLE card_order_batches (
  id      bigserial PRIMARY KEY,
  -- NULL only for the batch this migration makes of the cases already at the bank.
  sent_by bigint REFERENCES users (id),
  sent_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE card_order_lines (
  id             bigserial PRIMARY KEY,
  batch_id       bigint NOT NULL REFERENCES card_order_batches (id),
  application_id bigint NOT NULL REFERENCES applications (id),
  outcome        text CHECK (outcome IN ('made', 'refused')),
  card_number    text,
  refusal        text,
  answered_at    timestamptz,
  CHECK ((outcome = 'made') = (card_number IS NOT NULL)),
  CHECK ((outcome = 'refused') = (refusal IS NOT NULL)),
  CHECK ((outcome IS NULL) = (answered_at IS NULL))
);
CREATE UNIQUE INDEX card_order_lines_open ON card_order_lines (application_id) WHERE outcome IS NULL;
CREATE INDEX card_order_lines_batch ON card_order_lines (batch_id, id);
CREATE INDEX card_order_lines_case ON card_order_lines (application_id);

-- Cases already at the bank (the old flow sent every approval there at once) go on one batch, so
-- the bank answers them like any other line.
WITH batch AS (
  INSERT INTO card_order_batches (sent_by, sent_at)
  SELECT NULL, min(updated_at) FROM applications WHERE status = 'card_production' HAVING count(*) > 0
  RETURNING id
)
INSERT INTO card_order_lines (batch_id, application_id)
SELECT batch.id, a.id FROM batch, applications a WHERE a.status = 'card_production' ORDER BY a.id;

-- A card exists from the moment the bank made it; it is issued (dates and both tracks set) by
-- the Talent Office. Until then nobody can verify it.
ALTER TABLE cards
  ALTER COLUMN issued_on DROP NOT NULL,
  ALTER COLUMN valid_until DROP NOT NULL,
  ALTER COLUMN talent_status DROP NOT NULL, ALTER COLUMN talent_status DROP DEFAULT,
  ALTER COLUMN bank_status DROP NOT NULL, ALTER COLUMN bank_status DROP DEFAULT,
  ADD COLUMN made_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN order_line_id bigint REFERENCES card_order_lines (id),
  ADD CONSTRAINT cards_issued_together CHECK (
    (issued_on IS NULL) = (valid_until IS NULL) AND (issued_on IS NULL) = (talent_status IS NULL)
    AND (issued_on IS NULL) = (bank_status IS NULL));

-- Every change of either track, and the issue that starts both (Art. 6): who, which role, from,
-- to, why, from which day. The database refuses UPDATE, DELETE and TRUNCATE, as for the
-- application events.
CREATE TABLE card_events (
  id            bigserial PRIMARY KEY,
  card_id       bigint NOT NULL REFERENCES cards (id),
  -- The order in which the events committed (see card_feed_position below): the status feed's
  -- cursor. A plain serial is handed out at insert, not at commit, so a reader could pass an
  -- event that commits later with a smaller id.
  feed_position bigint NOT NULL UNIQUE,
  kind          text NOT NULL CHECK (kind IN ('issued', 'suspended', 'reactivated', 'terminated', 'expired')),
  talent_from   text, talent_to text NOT NULL,
  bank_from     text, bank_to text NOT NULL,
  actor_id      bigint REFERENCES users (id),
  actor_role    user_role,
  reason        text NOT NULL DEFAULT '',
  effective_on  date NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((actor_id IS NULL) = (actor_role IS NULL))
);
CREATE INDEX card_events_card ON card_events (card_id, id);
CREATE TRIGGER card_events_append_only
  BEFORE UPDATE OR DELETE ON card_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER card_events_no_truncate
  BEFORE TRUNCATE ON card_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- One counter row: each card event takes the next position under the row's lock, held until its
-- transaction ends, so positions become visible in the order they were handed out.
CREATE TABLE card_feed_counter (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), last bigint NOT NULL);
INSERT INTO card_feed_counter VALUES (true, 0);
CREATE FUNCTION card_feed_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE card_feed_counter SET last = last + 1 RETURNING last INTO NEW.feed_position;
  RETURN NEW;
END $$;
CREATE TRIGGER card_events_feed_position
  BEFORE INSERT ON card_events
  FOR EACH ROW EXECUTE FUNCTION card_feed_position();

-- Art. 5(7): on issuing, the Talent Office notifies the relevant units — the employer (its agents),
-- the industry department of the case, every provider organisation. One row per unit; every
-- account of that unit reads it. (The holder hears through the case's inbox and e-mail.)
CREATE TABLE card_notices (
  id               bigserial PRIMARY KEY,
  card_event_id    bigint NOT NULL REFERENCES card_events (id),
  unit_credit_code text,
  department_code  text REFERENCES departments (code),
  provider_org_id  bigint REFERENCES provider_orgs (id),
  -- The holder (and whoever filed the case), for a change after issuing (the issue itself reaches
  -- them as a change of the case).
  user_id          bigint REFERENCES users (id),
  CHECK (num_nonnulls(unit_credit_code, department_code, provider_org_id, user_id) = 1)
);
CREATE INDEX card_notices_unit ON card_notices (unit_credit_code, id) WHERE unit_credit_code IS NOT NULL;
CREATE INDEX card_notices_department ON card_notices (department_code, id) WHERE department_code IS NOT NULL;
CREATE INDEX card_notices_provider ON card_notices (provider_org_id, id) WHERE provider_org_id IS NOT NULL;
CREATE INDEX card_notices_user ON card_notices (user_id, id) WHERE user_id IS NOT NULL;

-- Cards issued before this migration get their issue event.
INSERT INTO card_events (card_id, feed_position, kind, talent_to, bank_to, effective_on, reason)
SELECT id, 0, 'issued', talent_status, bank_status, issued_on, 'migrated' FROM cards ORDER BY id;

-- Every result file the bank uploaded, with the report it got (what was applied, what not and why).
CREATE TABLE card_result_imports (
  id          bigserial PRIMARY KEY,
  uploaded_by bigint NOT NULL REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  file_name   text NOT NULL,
  sha256      text NOT NULL,
  report      jsonb NOT NULL
);
