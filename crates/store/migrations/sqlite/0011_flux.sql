-- Flux: files deposited with `deposer/flux`, each a job for the workers that read them, and
-- the invoices each gave, numbered by their rank in the file.

CREATE TABLE flux (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The depositor's structure: its members read the flux's report.
    structure_id     INTEGER NOT NULL REFERENCES structures (id),
    utilisateur_id   INTEGER NOT NULL REFERENCES utilisateurs (id),
    nom_fichier      TEXT    NOT NULL,
    syntaxe          TEXT    NOT NULL,
    avec_signature   BOOLEAN NOT NULL DEFAULT FALSE,
    -- The file, in the blob store under its fingerprint.
    sha256           TEXT    NOT NULL,
    cle              TEXT    NOT NULL,
    taille           INTEGER NOT NULL,
    etat             TEXT    NOT NULL,
    date_depot       TEXT    NOT NULL,
    date_etat        TEXT    NOT NULL,
    -- The worker holding the flux, and until when; another takes it over once it expires.
    bail             INTEGER,
    bail_expire      TEXT,
    tentatives       INTEGER NOT NULL DEFAULT 0,
    documents        INTEGER,
    integrees        INTEGER,
    -- The report's errors (JSON), once processed.
    compte_rendu     TEXT
);
-- The same file from the same structure is the same flux, unless that one was rejected.
CREATE UNIQUE INDEX flux_fichier ON flux (structure_id, sha256) WHERE etat <> 'IN_REJETE';
-- What the workers look for: small, as fluxes leave it once processed.
CREATE INDEX flux_a_traiter ON flux (id) WHERE etat IN ('IN_RECU', 'IN_EN_COURS_TRAITEMENT_CPP');

ALTER TABLE factures ADD COLUMN flux_id INTEGER REFERENCES flux (id);
ALTER TABLE factures ADD COLUMN rang_flux INTEGER;
-- An invoice per document of a flux, whatever happens to the workers.
CREATE UNIQUE INDEX factures_flux ON factures (flux_id, rang_flux) WHERE flux_id IS NOT NULL;
