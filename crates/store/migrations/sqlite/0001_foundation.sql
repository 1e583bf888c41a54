-- The directory's first tables and the gateway's: who exists, who acts for them, which
-- applications call the API, their tokens and their daily use.

CREATE TABLE structures (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    type_identifiant TEXT    NOT NULL,
    identifiant      TEXT    NOT NULL,
    raison_sociale   TEXT    NOT NULL,
    type_structure   TEXT    NOT NULL CHECK (type_structure IN ('PUBLIQUE', 'PRIVEE')),
    actif            BOOLEAN NOT NULL DEFAULT TRUE,
    created_at       TEXT    NOT NULL,
    UNIQUE (type_identifiant, identifiant)
);

CREATE TABLE utilisateurs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    email               TEXT    NOT NULL UNIQUE,
    nom                 TEXT    NOT NULL DEFAULT '',
    prenom              TEXT    NOT NULL DEFAULT '',
    password_hash       TEXT    NOT NULL,
    technique           BOOLEAN NOT NULL DEFAULT FALSE,
    password_expires_at TEXT,
    -- Bumped on every password change, so that cached checks of the old one stop matching.
    credential_version  INTEGER NOT NULL DEFAULT 1,
    actif               BOOLEAN NOT NULL DEFAULT TRUE,
    created_at          TEXT    NOT NULL
);

CREATE TABLE rattachements (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    utilisateur_id INTEGER NOT NULL REFERENCES utilisateurs (id),
    structure_id   INTEGER NOT NULL REFERENCES structures (id),
    role           TEXT    NOT NULL,
    statut         TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    UNIQUE (utilisateur_id, structure_id)
);
CREATE INDEX rattachements_structure ON rattachements (structure_id);

CREATE TABLE applications (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id        TEXT    NOT NULL UNIQUE,
    name             TEXT    NOT NULL,
    secret_hash      TEXT    NOT NULL,
    quota_per_second INTEGER,
    quota_per_day    INTEGER,
    created_at       TEXT    NOT NULL,
    revoked_at       TEXT
);

CREATE TABLE access_tokens (
    token_hash     TEXT    PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    scope          TEXT    NOT NULL,
    expires_at     TEXT    NOT NULL,
    revoked_at     TEXT,
    created_at     TEXT    NOT NULL
);
CREATE INDEX access_tokens_application ON access_tokens (application_id);
CREATE INDEX access_tokens_expiry ON access_tokens (expires_at);

CREATE TABLE quota_usage (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    day            TEXT    NOT NULL,
    calls          INTEGER NOT NULL,
    PRIMARY KEY (application_id, day)
);
