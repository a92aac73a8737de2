-- The holder's requests (issue 19; RULES.md Art. 4; SYSTEM.md "Requests"): a service asked for and
-- a unit that has to do it. The units are departments (officials: accounts bound to one).
INSERT INTO departments (code, name_zh, name_en) VALUES
  ('gaj',   '区公安分局户政科',     'District Public Security, Household Registration'),
  ('zjj',   '区住房和城乡建设局',   'District Housing and Urban-Rural Development Bureau'),
  ('scjgj', '区市场监督管理局',     'District Market Regulation Bureau'),
  ('sfj',   '区司法局',             'District Justice Bureau'),
  ('whg',   '区文化馆（区图书馆）', 'District Culture Centre and Library')
ON CONFLICT (code) DO NOTHING;

-- Which unit answers each type (the admin edits it, like the review routing) and in how many
-- working days from acceptance it is done (company registration: 2, Art. 4(5)). A type with no
-- unit is still stored; HRSS sees it and the admin is told.
CREATE TABLE request_routes (
  request_type      text PRIMARY KEY
                    CHECK (request_type IN ('hukou', 'school_place', 'company_registration', 'legal', 'apartment', 'seminar_room', 'problem')),
  department_code   text REFERENCES departments (code),
  done_working_days int NOT NULL CHECK (done_working_days BETWEEN 1 AND 250),
  CHECK (request_type <> 'company_registration' OR done_working_days <= 2)
);
INSERT INTO request_routes (request_type, department_code, done_working_days) VALUES
  ('hukou', 'gaj', 20), ('school_place', 'jyj', 20), ('company_registration', 'scjgj', 2),
  ('legal', 'sfj', 10), ('apartment', 'zjj', 30), ('seminar_room', 'whg', 5), ('problem', 'rck', 10);

-- A request moves only through requests::db::transition, with its request_events row in the same
-- transaction. `accept_by`: accepted (or returned) within 2 working days of (re)submission;
-- `done_by`: done within the type's working days of acceptance (both on the working-day calendar).
CREATE TABLE service_requests (
  id              bigserial PRIMARY KEY,
  card_id         bigint NOT NULL REFERENCES cards (id),
  holder_id       bigint NOT NULL REFERENCES users (id),
  request_type    text NOT NULL REFERENCES request_routes (request_type),
  dependent_index int CHECK (dependent_index >= 0),   -- NULL: the holder
  details         jsonb NOT NULL DEFAULT '{}',
  body            text NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
  department_code text REFERENCES departments (code),   -- NULL: no unit routed (HRSS sees it)
  status          text NOT NULL DEFAULT 'submitted'
                  CHECK (status IN ('submitted', 'returned', 'accepted', 'in_progress', 'done', 'withdrawn', 'closed')),
  version         int NOT NULL DEFAULT 1,
  accept_by       date,
  done_by         date,
  outcome         text CHECK (outcome IN ('granted', 'scheduled', 'refused')),
  outcome_on      date,
  outcome_text    text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'done') = (outcome IS NOT NULL)),
  CHECK (outcome IS DISTINCT FROM 'scheduled' OR outcome_on IS NOT NULL)
);
-- One open request of a type for one person.
CREATE UNIQUE INDEX service_requests_one_open ON service_requests (card_id, request_type, COALESCE(dependent_index, -1))
  WHERE status IN ('submitted', 'returned', 'accepted', 'in_progress');
-- A unit's queue: its open requests, the nearest deadline first (`done_by` is set at acceptance,
-- so the pair's first non-null is the current step's deadline).
CREATE INDEX service_requests_queue ON service_requests (department_code, COALESCE(done_by, accept_by), id)
  WHERE status IN ('submitted', 'accepted', 'in_progress');
-- … of one kind (the queue's filter; a unit's kinds follow the routing, so most of a unit's
-- requests are of one kind: the statistics say so, and the planner reads this index in order).
CREATE INDEX service_requests_queue_kind ON service_requests (department_code, request_type, COALESCE(done_by, accept_by), id)
  WHERE status IN ('submitted', 'accepted', 'in_progress');
CREATE STATISTICS service_requests_unit_kind (dependencies) ON department_code, request_type FROM service_requests;
CREATE INDEX service_requests_holder ON service_requests (holder_id, id DESC);
CREATE INDEX service_requests_card ON service_requests (card_id) WHERE status IN ('submitted', 'returned', 'accepted', 'in_progress');

CREATE TABLE request_events (
  id              bigserial PRIMARY KEY,
  request_id      bigint NOT NULL REFERENCES service_requests (id),
  actor_id        bigint REFERENCES users (id),          -- NULL: the system (the card's services ended)
  actor_role      user_role,
  command         text NOT NULL,
  to_status       text NOT NULL,
  note            text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  department_from text REFERENCES departments (code),    -- a problem passed on: from, to
  department_to   text REFERENCES departments (code),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_events_request ON request_events (request_id, id);
CREATE TRIGGER request_events_append_only BEFORE UPDATE OR DELETE ON request_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER request_events_no_truncate BEFORE TRUNCATE ON request_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Every view of a request by an official (the holder's data tracker: when and which body).
CREATE TABLE request_views (
  id              bigserial PRIMARY KEY,
  request_id      bigint NOT NULL REFERENCES service_requests (id),
  viewer_id       bigint NOT NULL REFERENCES users (id),
  viewer_role     user_role NOT NULL,
  department_code text REFERENCES departments (code),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_views_request ON request_views (request_id, id);
CREATE TRIGGER request_views_append_only BEFORE UPDATE OR DELETE ON request_views
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER request_views_no_truncate BEFORE TRUNCATE ON request_views
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The holder hears of every step a unit (or the system) takes: in the inbox (request_notices) and
-- by e-mail through the outbox, both written in the step's transaction.
CREATE TABLE request_notices (
  id         bigserial PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id),
  request_id bigint NOT NULL REFERENCES service_requests (id),
  event_id   bigint NOT NULL REFERENCES request_events (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at    timestamptz,
  UNIQUE (user_id, event_id)
);
CREATE INDEX request_notices_user ON request_notices (user_id, id DESC);
ALTER TABLE email_outbox ADD COLUMN request_event_id bigint REFERENCES request_events (id),
  DROP CONSTRAINT email_outbox_one_reason,
  ADD CONSTRAINT email_outbox_one_reason CHECK (num_nonnulls(event_id, claim_id, reminder_id, request_event_id) = 1);
CREATE UNIQUE INDEX email_outbox_request_event ON email_outbox (request_event_id, to_address) WHERE request_event_id IS NOT NULL;

-- Documents the holder attaches to a request: the application's upload rules (PDF, JPEG or PNG,
-- judged by content, at most 10 MB), while the request is open. Kept: never changed or removed.
CREATE TABLE request_documents (
  id           bigserial PRIMARY KEY,
  token        text NOT NULL UNIQUE CHECK (length(token) = 32),
  request_id   bigint NOT NULL REFERENCES service_requests (id),
  file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  byte_size    integer NOT NULL CHECK (byte_size BETWEEN 1 AND 10485760),
  sha256       text NOT NULL CHECK (length(sha256) = 64),
  storage_key  text NOT NULL UNIQUE,
  uploaded_by  bigint NOT NULL REFERENCES users (id),
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_documents_request ON request_documents (request_id, id);
CREATE TRIGGER request_documents_append_only BEFORE UPDATE OR DELETE ON request_documents
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
