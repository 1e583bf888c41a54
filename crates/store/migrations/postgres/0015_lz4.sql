-- The large values every deposit writes are compressed with LZ4 instead of PostgreSQL's
-- default pglz: pglz compressed a group of deposits' files (XML invoices of 20 KB) at a few
-- tens of megabytes a second, inside the transaction every deposit of the group waits for
-- (a group's commit 8.7 → 5.7 ms). LZ4 is an order of magnitude faster and still shrinks
-- XML and JSON several times. Only new values are compressed this way.
ALTER TABLE fichiers ALTER COLUMN contenu SET COMPRESSION lz4;
-- An invoice's lines (JSON) and a flux's report, written with each invoice and flux.
ALTER TABLE factures ALTER COLUMN contenu SET COMPRESSION lz4;
ALTER TABLE flux ALTER COLUMN compte_rendu SET COMPRESSION lz4;
