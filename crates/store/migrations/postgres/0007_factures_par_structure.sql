-- How many invoices each structure has issued and received, per status: kept in the same
-- transactions as the invoices, so that a search's total for a busy recipient is read, not
-- counted over hundreds of thousands of rows.
CREATE TABLE factures_par_structure (
    structure_id BIGINT  NOT NULL REFERENCES structures (id),
    -- FOURNISSEUR or DESTINATAIRE.
    cote         TEXT    NOT NULL,
    statut       TEXT    NOT NULL,
    nombre       BIGINT  NOT NULL,
    PRIMARY KEY (structure_id, cote, statut)
);
INSERT INTO factures_par_structure (structure_id, cote, statut, nombre)
    SELECT fournisseur_id, 'FOURNISSEUR', statut, COUNT(*) FROM factures
    GROUP BY fournisseur_id, statut;
INSERT INTO factures_par_structure (structure_id, cote, statut, nombre)
    SELECT destinataire_id, 'DESTINATAIRE', statut, COUNT(*) FROM factures
    GROUP BY destinataire_id, statut;
