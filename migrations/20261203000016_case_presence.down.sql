DROP TABLE case_presence;
