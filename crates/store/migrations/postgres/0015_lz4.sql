-- Small files kept in the database are written LZ4-compressed by facteur when that makes
-- them smaller (an invoice's XML shrinks about five times), before the transaction: `lz4`
-- tells how a file is kept; the files written before stay as they were. PostgreSQL need not
-- try to compress them again.
ALTER TABLE fichiers ADD COLUMN lz4 BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE fichiers ALTER COLUMN contenu SET STORAGE EXTERNAL;
-- The other large values every deposit writes, an invoice's lines (JSON) and a flux's
-- report, are compressed with LZ4 instead of the default pglz, which compressed a few tens
-- of megabytes a second inside the transactions deposits wait for.
ALTER TABLE factures ALTER COLUMN contenu SET COMPRESSION lz4;
ALTER TABLE flux ALTER COLUMN compte_rendu SET COMPRESSION lz4;
