-- The queue filtered by talent category (issue 4) reads only its own rows, in waiting order, at
-- any size (server/benches/queue.rs: without it, a 1 M-row queue filtered to one category skipped
-- ~400 rows of other categories per page).
CREATE INDEX applications_category_queue ON applications (status, talent_category, updated_at, id);
