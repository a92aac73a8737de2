-- Scheduled work (issue 13, item 6): reminders and the card's end, written by `jobs::db::run`
-- (one runner at a time under an advisory lock, each piece idempotent, catching up after
-- downtime because it works from conditions, not from "today's" date alone).

-- One reminder per kind, card and round (0: the card's end). Read by the unit's agents
-- (`/assessments`); a reminder of the card's end is mailed to the holder.
CREATE TABLE reminders (
  id         bigserial PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('assessment_due', 'assessment_overdue', 'card_ending_90', 'card_ending_30')),
  card_id    bigint NOT NULL REFERENCES cards (id),
  round      smallint NOT NULL DEFAULT 0 CHECK (round IN (0, 1, 2)),
  -- the assessment's due date, or the card's last valid day
  due_on     date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, card_id, round)
);
CREATE INDEX reminders_card ON reminders (card_id);

ALTER TABLE email_outbox ADD COLUMN reminder_id bigint REFERENCES reminders (id),
  DROP CONSTRAINT email_outbox_event_or_claim,
  ADD CONSTRAINT email_outbox_one_reason CHECK (num_nonnulls(event_id, claim_id, reminder_id) = 1);
CREATE UNIQUE INDEX email_outbox_reminder ON email_outbox (reminder_id, to_address) WHERE reminder_id IS NOT NULL;
