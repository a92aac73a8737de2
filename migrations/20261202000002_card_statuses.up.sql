-- Two new places of a case on the card's way (Art. 5(6)–(7)): approved by the Leading Group and
-- waiting for HRSS to order the card; made by the bank and waiting for the Talent Office to issue
-- it. Own migration: PostgreSQL will not use a new enum value in the transaction that added it.
ALTER TYPE application_status ADD VALUE 'approved' BEFORE 'card_production';
ALTER TYPE application_status ADD VALUE 'card_made' BEFORE 'issued';
