-- The statistics' invoices per month, without the status: what the statistics page reads,
-- a few thousand rows whatever the number of invoices (the daily counters per status grow
-- to hundreds of thousands of rows over five years). Written with the daily counters by
-- deposits and recyclings; a change of status leaves them as they are.
CREATE TABLE stats_factures_mois (
    mois        TEXT    NOT NULL,
    type_public TEXT    NOT NULL,
    categorie   TEXT    NOT NULL,
    mode_depot  TEXT    NOT NULL,
    nombre      INTEGER NOT NULL,
    montant_ttc INTEGER NOT NULL,
    PRIMARY KEY (mois, type_public, categorie, mode_depot)
);
INSERT INTO stats_factures_mois (mois, type_public, categorie, mode_depot, nombre, montant_ttc)
    SELECT substr(jour, 1, 7), type_public, categorie, mode_depot, SUM(nombre), SUM(montant_ttc)
    FROM stats_factures WHERE 1 = 1 GROUP BY 1, 2, 3, 4;

-- A recipient looks for an invoice by its number, and sorts by it.
CREATE INDEX factures_destinataire_numero ON factures (destinataire_id, numero);
-- Without statistics on the new index, the planner would take it for every search of a
-- recipient and sort its invoices by date (3 s on a million); a sampled ANALYZE is quick.
PRAGMA analysis_limit = 1000;
ANALYZE factures;
