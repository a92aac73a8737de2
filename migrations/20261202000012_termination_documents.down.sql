ALTER TABLE card_events DROP COLUMN document_id;
DROP TABLE termination_documents;
