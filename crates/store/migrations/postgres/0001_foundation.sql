-- The directory's first tables and the gateway's: who exists, who acts for them, which
-- applications call the API, their tokens and their daily use.

CREATE TABLE structures (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type_identifiant TEXT    NOT NULL,
    identifiant      TEXT    NOT NULL,
    raison_sociale   TEXT    NOT NULL,
    type_structure   TEXT    NOT NULL CHECK (type_structure IN ('PUBLIQUE', 'PRIVEE')),
    actif            BOOLEAN NOT NULL DEFAULT TRUE,
    created_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (type_identifiant, identifiant)
);

CREATE TABLE utilisateurs (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email               TEXT    NOT NULL UNIQUE,
    nom                 TEXT    NOT NULL DEFAULT '',
    prenom              TEXT    NOT NULL DEFAULT '',
    password_hash       TEXT    NOT NULL,
    technique           BOOLEAN NOT NULL DEFAULT FALSE,
    password_expires_at TIMESTAMPTZ,
    -- Bumped on every password change, so that cached checks of the old one stop matching.
    credential_version  BIGINT  NOT NULL DEFAULT 1,
    actif               BOOLEAN NOT NULL DEFAULT TRUE,
    created_at          TIMESTAMPTZ    NOT NULL
);

CREATE TABLE rattachements (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    utilisateur_id BIGINT  NOT NULL REFERENCES utilisateurs (id),
    structure_id   BIGINT  NOT NULL REFERENCES structures (id),
    role           TEXT    NOT NULL,
    statut         TEXT    NOT NULL,
    created_at     TIMESTAMPTZ    NOT NULL,
    UNIQUE (utilisateur_id, structure_id)
);
CREATE INDEX rattachements_structure ON rattachements (structure_id);

CREATE TABLE applications (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id        TEXT    NOT NULL UNIQUE,
    name             TEXT    NOT NULL,
    secret_hash      TEXT    NOT NULL,
    quota_per_second BIGINT,
    quota_per_day    BIGINT,
    created_at       TIMESTAMPTZ NOT NULL,
    revoked_at       TIMESTAMPTZ
);

CREATE TABLE access_tokens (
    token_hash     TEXT    PRIMARY KEY,
    application_id BIGINT  NOT NULL REFERENCES applications (id),
    scope          TEXT    NOT NULL,
    expires_at     TIMESTAMPTZ    NOT NULL,
    revoked_at     TIMESTAMPTZ,
    created_at     TIMESTAMPTZ    NOT NULL
);
CREATE INDEX access_tokens_application ON access_tokens (application_id);
CREATE INDEX access_tokens_expiry ON access_tokens (expires_at);

CREATE TABLE quota_usage (
    application_id BIGINT  NOT NULL REFERENCES applications (id),
    day            DATE    NOT NULL,
    calls          BIGINT  NOT NULL,
    PRIMARY KEY (application_id, day)
);
