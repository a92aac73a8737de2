DROP INDEX applications_queue_name;
