-- Failed sign-ins, to slow down password guessing (per username, whether or not it exists).
CREATE TABLE login_failures (
  id         bigserial PRIMARY KEY,
  username   text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username ON login_failures (username, created_at);
