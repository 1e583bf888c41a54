-- A small file, LZ4-compressed by facteur, is about 2.2 KB: just over the 2 KB from which
-- PostgreSQL moves a row's large values out to its TOAST table, so each deposit wrote its
-- file as two chunks there (two more rows, two more index entries) and a pointer here. Rows
-- up to a page now keep their file in line: one row per file.
ALTER TABLE fichiers SET (toast_tuple_target = 8160);
