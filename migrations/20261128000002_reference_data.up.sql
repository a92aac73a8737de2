-- Reference data every installation needs (not demo data): the industry departments of
-- SYSTEM.md and the default routing of categories to them (admin-editable later).
INSERT INTO departments (code, name_zh, name_en) VALUES
  ('kgxj', '区科工信局', 'District Science, Industry & IT Bureau'),
  ('jyj',  '区教育局',   'District Education Bureau'),
  ('wjj',  '区卫健局',   'District Health Commission'),
  ('swj',  '区商务局',   'District Commerce Bureau'),
  ('rck',  '区人社局人才科', 'HRSS Talent Section');

INSERT INTO routing_rules (talent_category, department_code) VALUES
  (1, 'kgxj'), (2, 'kgxj'), (3, 'rck'), (4, 'rck'), (5, 'kgxj'),
  (6, 'swj'), (7, 'swj'), (8, 'rck'), (9, 'rck');
