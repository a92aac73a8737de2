-- The contact list (issue 13, item 2; RULES.md Art. 6(1)): talent services suspended from the 1st
-- of the next month, reactivated at once.

-- A track may change on a later day than it was filed: until `talent_since` a reader sees
-- `talent_before`. What a reader sees is computed on the day (`card_talent_on`), never by a job.
ALTER TABLE cards ADD COLUMN talent_since date, ADD COLUMN talent_before text;

-- Talent services as read on `day` (the same rule as domain::card::talent_on): the stored track,
-- or the one before it while the stored one is not in effect yet; past the period, expired.
CREATE FUNCTION card_talent_on(status text, since date, before text, valid_until date, day date) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN s IN ('active', 'suspended') AND day > valid_until THEN 'expired' ELSE s END
    FROM (SELECT CASE WHEN since IS NOT NULL AND before IS NOT NULL AND day < since THEN before ELSE status END AS s) t
$$;

-- The industry department's proposals, and HRSS's decision on each. One open proposal per card.
CREATE TABLE card_adjustments (
  id              bigserial PRIMARY KEY,
  card_id         bigint NOT NULL REFERENCES cards (id),
  kind            text NOT NULL CHECK (kind IN ('suspend', 'reactivate')),
  reason          text NOT NULL CHECK (reason IN ('post_change', 'job_change', 'left_district', 'eligible_again', 'other')),
  details         text NOT NULL CHECK (length(details) BETWEEN 1 AND 2000),
  proposed_by     bigint NOT NULL REFERENCES users (id),
  department_code text NOT NULL REFERENCES departments (code),
  proposed_at     timestamptz NOT NULL DEFAULT now(),
  outcome         text CHECK (outcome IN ('filed', 'declined')),
  decided_by      bigint REFERENCES users (id),
  decided_at      timestamptz,
  card_event_id   bigint REFERENCES card_events (id),
  CHECK ((outcome IS NULL) = (decided_by IS NULL) AND (outcome IS NULL) = (decided_at IS NULL)),
  CHECK ((outcome = 'filed') = (card_event_id IS NOT NULL))
);
CREATE UNIQUE INDEX card_adjustments_open ON card_adjustments (card_id) WHERE outcome IS NULL;
