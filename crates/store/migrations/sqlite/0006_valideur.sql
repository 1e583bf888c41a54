-- The validating structure of a subcontractor's or co-contractor's invoice (frameworks A9
-- and A12), which sees and validates it before its recipient.
ALTER TABLE factures ADD COLUMN valideur_id INTEGER REFERENCES structures (id);
CREATE INDEX factures_valideur ON factures (valideur_id, date_depot, id)
    WHERE valideur_id IS NOT NULL;
