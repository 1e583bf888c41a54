-- Searches by name sort by (designation, id) and take a page: an index in that order lets
-- the first page be read without sorting every match.
DROP INDEX structures_designation;
DROP INDEX structures_type;
CREATE INDEX structures_designation ON structures (designation_norm, id);
CREATE INDEX structures_type ON structures (type_structure, designation_norm, id);
