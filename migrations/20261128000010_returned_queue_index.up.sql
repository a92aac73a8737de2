-- A stage's list of the cases it returned (issue 4, queue "stage" filter) reads only its own,
-- in waiting order: returned cases that are never corrected stay, so this set only grows.
CREATE INDEX applications_returned_queue ON applications (status, returned_from, updated_at, id);
