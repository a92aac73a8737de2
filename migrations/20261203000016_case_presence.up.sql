-- Issue 15: who has a case page open now, so that two officials of one body do not review the
-- same case at once ("also open by …", `live::presence`). A page says it is still open every
-- 20 seconds; a row not heard of for a minute is gone. It is a sign of the moment, not a record:
-- unlogged (a crash of the database empties it, which costs a minute of presence at most), and
-- each official's own rows older than ten minutes are cleared when they next open a case.
-- The conflict check of every transition (its version) stays the guarantee.
CREATE UNLOGGED TABLE case_presence (
  application_id bigint      NOT NULL,
  user_id        bigint      NOT NULL,
  opened_at      timestamptz NOT NULL DEFAULT now(),
  seen_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (application_id, user_id)
);
CREATE INDEX case_presence_user ON case_presence (user_id);
