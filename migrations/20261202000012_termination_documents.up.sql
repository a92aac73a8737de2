-- Art. 6(2): HRSS terminates a card "with the reason and a document" (issue 13, item 3): the
-- document (a PDF, e.g. the judgment or the investigation's finding) is uploaded first and the
-- termination names it. Kept for good: never changed or removed.
CREATE TABLE termination_documents (
  id          bigserial PRIMARY KEY,
  token       text NOT NULL UNIQUE CHECK (length(token) = 32),
  card_id     bigint NOT NULL REFERENCES cards (id),
  file_name   text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  byte_size   integer NOT NULL CHECK (byte_size BETWEEN 1 AND 10485760),
  sha256      text NOT NULL CHECK (length(sha256) = 64),
  storage_key text NOT NULL UNIQUE,
  uploaded_by bigint NOT NULL REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX termination_documents_card ON termination_documents (card_id, id DESC);
CREATE TRIGGER termination_documents_append_only BEFORE UPDATE OR DELETE ON termination_documents
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER termination_documents_no_truncate BEFORE TRUNCATE ON termination_documents
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
-- The termination's event names the document it was made on.
ALTER TABLE card_events ADD COLUMN document_id bigint REFERENCES termination_documents (id);
