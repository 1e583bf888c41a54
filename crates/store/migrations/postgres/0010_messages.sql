-- "Mes messages": messages from a structure to others, their recipients and files, the
-- senders' distribution lists and address books, the per-structure switch of the space, and
-- the pairs of structures that exchanged an invoice (who may write to whom).

-- The space opens to pilot structures first: each is switched on by its principal manager
-- or an operator (or all at once by the platform's setting).
ALTER TABLE structures ADD COLUMN messagerie_active BOOLEAN NOT NULL DEFAULT FALSE;

-- Structures that exchanged at least one invoice, each pair both ways, kept with the
-- invoices' deposits and recyclings: sending to thousands checks them in one set query
-- instead of probing `factures` once per recipient.
CREATE TABLE partenaires (
    structure_id  BIGINT  NOT NULL REFERENCES structures (id),
    partenaire_id BIGINT  NOT NULL REFERENCES structures (id),
    PRIMARY KEY (structure_id, partenaire_id)
);
INSERT INTO partenaires (structure_id, partenaire_id)
    SELECT fournisseur_id, destinataire_id FROM factures WHERE fournisseur_id <> destinataire_id
    UNION
    SELECT destinataire_id, fournisseur_id FROM factures WHERE fournisseur_id <> destinataire_id;

CREATE TABLE messages (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    expediteur_id         BIGINT  NOT NULL REFERENCES structures (id),
    -- Who wrote it; none for the platform's own command line.
    utilisateur_id        BIGINT  REFERENCES utilisateurs (id),
    objet                 TEXT    NOT NULL,
    corps                 TEXT    NOT NULL,
    nombre_destinataires  BIGINT  NOT NULL,
    envoye_le             TIMESTAMPTZ   NOT NULL
);
CREATE INDEX messages_expediteur ON messages (expediteur_id, envoye_le DESC, id DESC);

CREATE TABLE messages_destinataires (
    message_id   BIGINT  NOT NULL REFERENCES messages (id),
    structure_id BIGINT  NOT NULL REFERENCES structures (id),
    -- The message's time, copied: the inbox is read from one index in its order.
    envoye_le    TIMESTAMPTZ NOT NULL,
    lu_le        TIMESTAMPTZ,
    archive      BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (message_id, structure_id)
);
CREATE INDEX messages_recus ON messages_destinataires (structure_id, archive, envoye_le DESC, message_id DESC);
CREATE INDEX messages_non_lus ON messages_destinataires (structure_id)
    WHERE lu_le IS NULL AND archive = FALSE;

CREATE TABLE messages_pieces_jointes (
    message_id      BIGINT  NOT NULL REFERENCES messages (id),
    piece_jointe_id BIGINT  NOT NULL REFERENCES pieces_jointes (id),
    PRIMARY KEY (message_id, piece_jointe_id)
);

CREATE TABLE listes_diffusion (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    structure_id BIGINT  NOT NULL REFERENCES structures (id),
    nom          TEXT    NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (structure_id, nom)
);

CREATE TABLE listes_diffusion_membres (
    liste_id     BIGINT  NOT NULL REFERENCES listes_diffusion (id) ON DELETE CASCADE,
    structure_id BIGINT  NOT NULL REFERENCES structures (id),
    PRIMARY KEY (liste_id, structure_id)
);

-- A structure's address book: structures it writes to, and its own lists.
CREATE TABLE carnet_adresses (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    structure_id    BIGINT  NOT NULL REFERENCES structures (id),
    destinataire_id BIGINT  REFERENCES structures (id),
    liste_id        BIGINT  REFERENCES listes_diffusion (id) ON DELETE CASCADE,
    created_at      TIMESTAMPTZ NOT NULL,
    CHECK ((destinataire_id IS NULL) <> (liste_id IS NULL))
);
CREATE UNIQUE INDEX carnet_adresses_structure ON carnet_adresses (structure_id, destinataire_id)
    WHERE destinataire_id IS NOT NULL;
CREATE UNIQUE INDEX carnet_adresses_liste ON carnet_adresses (structure_id, liste_id)
    WHERE liste_id IS NOT NULL;
