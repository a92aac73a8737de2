DELETE FROM routing_rules WHERE industry <> 'any';
ALTER TABLE routing_rules DROP CONSTRAINT routing_rules_pkey;
ALTER TABLE routing_rules DROP COLUMN industry, DROP COLUMN updated_by, DROP COLUMN updated_at;
ALTER TABLE routing_rules ADD PRIMARY KEY (talent_category);
ALTER TABLE applications DROP COLUMN employer_industry;
