DROP TABLE assessment_events;
DROP TABLE card_assessments;
DROP TABLE assessment_reports;
DROP FUNCTION assessment_due_on(date, int);
ALTER TABLE card_events DROP CONSTRAINT card_events_kind_check;
ALTER TABLE card_events ADD CONSTRAINT card_events_kind_check
  CHECK (kind IN ('issued', 'suspended', 'reactivated', 'terminated', 'expired'));
ALTER TABLE cards DROP COLUMN retired_on;
