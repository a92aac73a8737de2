-- Routing by talent category × employer industry (issue 4; SYSTEM.md: the admin's "routing table
-- (category × employer industry → industry dept)"; RULES.md Art. 5(2)–(3)). The codes are those
-- of app/src/domain/routing.rs (Industry::as_str); which rule applies is decided there (`route`).

-- The employer section's industry, filled from the answers once the section is valid. Cases filed
-- before the question existed have none and follow their category's rule.
ALTER TABLE applications ADD COLUMN employer_industry text CHECK (employer_industry IN (
  'manufacturing', 'software', 'research', 'education', 'health', 'commerce', 'logistics', 'finance',
  'construction', 'culture', 'other'));

-- A rule is for one category and one industry, or for every industry of the category ('any').
ALTER TABLE routing_rules DROP CONSTRAINT routing_rules_pkey;
ALTER TABLE routing_rules ADD COLUMN industry text NOT NULL DEFAULT 'any' CHECK (industry IN ('any',
  'manufacturing', 'software', 'research', 'education', 'health', 'commerce', 'logistics', 'finance',
  'construction', 'culture', 'other'));
ALTER TABLE routing_rules ALTER COLUMN industry DROP DEFAULT;
ALTER TABLE routing_rules ADD PRIMARY KEY (talent_category, industry);
ALTER TABLE routing_rules ADD COLUMN updated_by bigint REFERENCES users (id);
ALTER TABLE routing_rules ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- The default exceptions: talent at schools and hospitals is first-reviewed by the education and
-- health bureaux, whatever programme they were selected by; heads of companies (6, 7) stay with
-- the commerce bureau.
INSERT INTO routing_rules (talent_category, industry, department_code)
SELECT c, i.industry, i.dept
  FROM unnest(ARRAY[1, 2, 3, 4, 5, 8, 9]) AS c,
       (VALUES ('education', 'jyj'), ('health', 'wjj')) AS i (industry, dept);
