-- Files kept in the database are compressed with LZ4 instead of PostgreSQL's default pglz:
-- pglz compressed a group of deposits' invoices (XML, 20 KB each) at a few tens of
-- megabytes a second, inside the transaction every deposit of the group waits for (7 ms of
-- a group's 8). LZ4 is an order of magnitude faster and still shrinks XML several times.
-- Only new values are compressed this way; those already stored stay as they are.
ALTER TABLE fichiers ALTER COLUMN contenu SET COMPRESSION lz4;
