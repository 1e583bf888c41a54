-- Engagements juridiques (purchase commitments), their history and files, and the index
-- through which an engagement finds the invoices that quote it.

CREATE TABLE engagements (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    numero            TEXT        NOT NULL,
    type_engagement   TEXT        NOT NULL,
    etat              TEXT        NOT NULL,
    emetteur_id       BIGINT      NOT NULL REFERENCES structures (id),
    service_id        BIGINT      REFERENCES services (id),
    recepteur_id      BIGINT      NOT NULL REFERENCES structures (id),
    libelle           TEXT,
    numero_marche     TEXT,
    devise            TEXT        NOT NULL,
    date_notification DATE,
    -- The lines, as JSON: read with the engagement, never searched.
    lignes            TEXT        NOT NULL,
    -- In cents.
    montant_ht        BIGINT      NOT NULL,
    montant_ttc       BIGINT      NOT NULL,
    -- The receiver's reason for the last refusal or return.
    motif             TEXT,
    cree_par          BIGINT      REFERENCES utilisateurs (id),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
-- A number is used once per issuer; a deleted engagement frees it.
CREATE UNIQUE INDEX engagements_numero ON engagements (emetteur_id, numero) WHERE etat <> 'SUPPRIME';
-- The state rides along, so that counting an issuer's engagements reads the index alone.
CREATE INDEX engagements_emetteur ON engagements (emetteur_id, created_at, id, etat);
CREATE INDEX engagements_recepteur ON engagements (recepteur_id, created_at, id, etat);
CREATE INDEX engagements_recepteur_numero ON engagements (recepteur_id, numero);

-- How many engagements each structure issued and received, per state, kept in the same
-- transactions as the engagements: a busy issuer's search total is read, not counted.
CREATE TABLE engagements_par_structure (
    structure_id BIGINT  NOT NULL REFERENCES structures (id),
    -- EMETTEUR or RECEPTEUR.
    cote         TEXT    NOT NULL,
    etat         TEXT    NOT NULL,
    nombre       BIGINT  NOT NULL,
    PRIMARY KEY (structure_id, cote, etat)
);

CREATE TABLE engagements_historique (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    engagement_id  BIGINT      NOT NULL REFERENCES engagements (id),
    action         TEXT        NOT NULL,
    etat           TEXT        NOT NULL,
    commentaire    TEXT,
    utilisateur_id BIGINT      REFERENCES utilisateurs (id),
    date_action    TIMESTAMPTZ NOT NULL
);
CREATE INDEX engagements_historique_engagement ON engagements_historique (engagement_id, id);

CREATE TABLE engagements_pieces_jointes (
    engagement_id   BIGINT      NOT NULL REFERENCES engagements (id),
    piece_jointe_id BIGINT      NOT NULL REFERENCES pieces_jointes (id),
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (engagement_id, piece_jointe_id)
);

-- The invoices a recipient received quoting an engagement number.
CREATE INDEX factures_engagement ON factures (destinataire_id, numero_engagement)
    WHERE numero_engagement IS NOT NULL;
