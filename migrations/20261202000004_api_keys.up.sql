-- Organisations' systems (issue 11, item 4): API keys. A key acts as one bank or provider account
-- (what it does is logged as that account's, like its pages), limited to its scopes. Only the
-- SHA-256 of a key is kept; the key is derived from the server's secret and the salt, and shown
-- to the admin once (revealed_at).
CREATE TABLE api_keys (
  id           bigserial PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  scopes       text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['bank_orders', 'verify', 'status_feed']),
  salt         bytea NOT NULL,
  key_hash     bytea NOT NULL UNIQUE,
  prefix       text NOT NULL,
  created_by   bigint NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  revealed_at  timestamptz,
  revoked_at   timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_keys_user ON api_keys (user_id);
