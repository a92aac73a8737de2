-- When the scheduled work (app::jobs) last finished a run, on whichever instance ran it: what
-- /metrics reports as the job lag (issue 14). One row per kind of work.
CREATE TABLE job_runs (
  name        text PRIMARY KEY CHECK (name <> ''),
  finished_at timestamptz NOT NULL
);
