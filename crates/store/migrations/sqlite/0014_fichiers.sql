-- Small files (a deposited invoice of a few kilobytes) kept in the database, written in the
-- transaction of the rows that name them: the file and its flux are committed together, and
-- no file is created on disk for each one (a file creation costs more than the rest of the
-- deposit's writes). Keyed as the blob store is, by the file's SHA-256.
CREATE TABLE fichiers (
    cle     TEXT PRIMARY KEY,
    contenu BLOB NOT NULL
);
