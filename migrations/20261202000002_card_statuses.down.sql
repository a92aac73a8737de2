-- Enum values cannot be removed (PostgreSQL); cases in them go back to where the old flow had them.
UPDATE applications SET status = 'card_production' WHERE status = 'approved';
UPDATE applications SET status = 'card_production' WHERE status = 'card_made';
