-- Small files kept in the database are written LZ4-compressed when that makes them smaller
-- (an invoice's XML shrinks about five times): what the single writer writes, to the WAL
-- and again when checkpointing, shrinks with them. `lz4` tells how a file is kept; the
-- files written before stay as they were.
ALTER TABLE fichiers ADD COLUMN lz4 BOOLEAN NOT NULL DEFAULT FALSE;
