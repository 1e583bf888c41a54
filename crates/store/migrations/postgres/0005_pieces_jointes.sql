-- Attachments: files uploaded by a user (`ajouter/fichier`) or deposited with an invoice,
-- stored in the blob store under their fingerprint, and the invoices they are attached to.

CREATE TABLE pieces_jointes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Who uploaded it: only they may attach it to an invoice.
    utilisateur_id BIGINT  REFERENCES utilisateurs (id),
    nom            TEXT    NOT NULL,
    extension      TEXT    NOT NULL,
    type_mime      TEXT    NOT NULL,
    taille         BIGINT  NOT NULL,
    sha256         TEXT    NOT NULL,
    cle            TEXT    NOT NULL,
    created_at     TIMESTAMPTZ    NOT NULL
);
CREATE INDEX pieces_jointes_utilisateur ON pieces_jointes (utilisateur_id, id);

CREATE TABLE factures_pieces_jointes (
    facture_id      BIGINT  NOT NULL REFERENCES factures (id),
    piece_jointe_id BIGINT  NOT NULL REFERENCES pieces_jointes (id),
    -- FACTURE, PRINCIPALE or COMPLEMENTAIRE.
    role            TEXT    NOT NULL,
    designation     TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (facture_id, piece_jointe_id)
);
