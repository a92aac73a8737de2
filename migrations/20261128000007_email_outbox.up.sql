-- E-mail notifications (issue 4, item 7). SYSTEM.md, "Notifications": the applicant is told of every
-- state change, in the in-app inbox (inbox_messages) and by e-mail where configured.
--
-- An outbox, not a send: `workflow::db::transition` adds a row in the same transaction as the event
-- (so a mail exists exactly when the change committed), and the server's worker (server/src/outbox.rs)
-- delivers it later. A slow or absent mail server never blocks or fails the applicant's action.
-- Workers take due rows with FOR UPDATE SKIP LOCKED, so two of them never send the same row.
CREATE TABLE email_outbox (
  id              bigserial PRIMARY KEY,
  event_id        bigint NOT NULL REFERENCES application_events (id),
  application_id  bigint NOT NULL REFERENCES applications (id),
  -- the contact e-mail of the application's personal section, as it stood at the change
  to_address      text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
  created_at      timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  failed_at       timestamptz,  -- given up (too many attempts, or refused for good by the server)
  last_error      text,
  -- one mail per change and address: queuing the same event twice is a no-op
  UNIQUE (event_id, to_address),
  CHECK (sent_at IS NULL OR failed_at IS NULL)
);
-- What the worker looks for: pending rows, in order, once due. Sent and failed rows drop out.
CREATE INDEX email_outbox_pending ON email_outbox (next_attempt_at, id)
  WHERE sent_at IS NULL AND failed_at IS NULL;
