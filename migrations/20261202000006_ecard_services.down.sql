DROP TABLE case_views;
DROP TABLE service_quota_use;
DROP TABLE service_cancellations;
DROP TABLE service_records;
DROP TRIGGER verifications_no_truncate ON verifications;
DROP TRIGGER verifications_append_only ON verifications;
DROP INDEX verifications_card;
ALTER TABLE verifications DROP COLUMN method;
DROP TABLE ecard_codes;
