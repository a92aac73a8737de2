DELETE FROM routing_rules;
DELETE FROM departments;
