DROP TABLE request_views;
DROP TABLE request_events;
DROP TABLE service_requests;
DROP TABLE request_routes;
DELETE FROM departments d WHERE d.code IN ('gaj', 'zjj', 'scjgj', 'sfj', 'whg')
  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.department_code = d.code);
