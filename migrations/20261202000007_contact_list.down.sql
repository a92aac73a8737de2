DROP TABLE card_adjustments;
DROP FUNCTION card_talent_on(text, date, text, date, date);
ALTER TABLE cards DROP COLUMN talent_since, DROP COLUMN talent_before;
