-- Invoices, their history, and the statistics counters kept with them.

CREATE TABLE factures (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    numero                 TEXT    NOT NULL,
    annee                  BIGINT NOT NULL,
    fournisseur_id         BIGINT NOT NULL REFERENCES structures (id),
    destinataire_id        BIGINT NOT NULL REFERENCES structures (id),
    service_id             BIGINT REFERENCES services (id),
    type_facture           TEXT    NOT NULL,
    cadre                  TEXT    NOT NULL,
    type_tva               TEXT    NOT NULL,
    mode_depot             TEXT    NOT NULL,
    devise                 TEXT    NOT NULL,
    date_facture           DATE    NOT NULL,
    date_depot             DATE    NOT NULL,
    numero_engagement      TEXT,
    numero_marche          TEXT,
    numero_facture_origine TEXT,
    mode_paiement          TEXT,
    motif_exoneration_tva  TEXT,
    montant_ht             BIGINT NOT NULL,
    montant_tva            BIGINT NOT NULL,
    montant_ttc            BIGINT NOT NULL,
    remise_globale_ttc     BIGINT NOT NULL,
    montant_a_payer        BIGINT NOT NULL,
    -- The lines and the VAT breakdown, as JSON: read with the invoice, never searched.
    contenu                TEXT    NOT NULL,
    commentaire            TEXT,
    statut                 TEXT    NOT NULL,
    date_statut            TIMESTAMPTZ    NOT NULL,
    commentaire_statut     TEXT,
    telechargee            BOOLEAN NOT NULL DEFAULT FALSE,
    cree_par               BIGINT NOT NULL REFERENCES utilisateurs (id),
    created_at             TIMESTAMPTZ    NOT NULL,
    -- A supplier numbers its invoices once a year: a second deposit of a number is refused.
    UNIQUE (fournisseur_id, annee, numero)
);
CREATE INDEX factures_fournisseur ON factures (fournisseur_id, date_depot, id);
CREATE INDEX factures_destinataire ON factures (destinataire_id, date_depot, id);
CREATE INDEX factures_destinataire_statut ON factures (destinataire_id, statut, id);

CREATE TABLE factures_historique (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    facture_id     BIGINT NOT NULL REFERENCES factures (id),
    statut         TEXT    NOT NULL,
    date_passage   TIMESTAMPTZ    NOT NULL,
    commentaire    TEXT,
    utilisateur_id BIGINT REFERENCES utilisateurs (id)
);
CREATE INDEX factures_historique_facture ON factures_historique (facture_id, id);

-- Counted in the transaction of each event, so that statistics never scan the invoices.
CREATE TABLE stats_factures (
    jour               DATE    NOT NULL,
    type_public        TEXT    NOT NULL,
    categorie          TEXT    NOT NULL,
    mode_depot         TEXT    NOT NULL,
    statut             TEXT    NOT NULL,
    nombre             BIGINT NOT NULL,
    montant_ttc        BIGINT NOT NULL,
    PRIMARY KEY (jour, type_public, categorie, mode_depot, statut)
);
