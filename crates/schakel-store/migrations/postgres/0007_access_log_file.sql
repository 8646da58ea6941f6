-- PostgreSQL keeps the access log in the same database (the page-cache reason of the SQLite move does not apply);
-- this migration exists so both backends have the same versions.
SELECT 1;
