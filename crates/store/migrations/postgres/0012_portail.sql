-- The portal: people's sessions, and the one-time links sent by e-mail (account activation,
-- password reset). Only hashes of the random values are kept, as for access tokens.

CREATE TABLE sessions_portail (
    jeton_hash         TEXT    PRIMARY KEY,
    utilisateur_id     BIGINT  NOT NULL REFERENCES utilisateurs (id),
    -- The value every form of the session carries back (CSRF).
    csrf               TEXT    NOT NULL,
    -- The password the session was opened with: a change ends every other session.
    credential_version BIGINT  NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    expires_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_portail_utilisateur ON sessions_portail (utilisateur_id);
CREATE INDEX sessions_portail_expiry ON sessions_portail (expires_at);

CREATE TABLE jetons_compte (
    jeton_hash     TEXT    PRIMARY KEY,
    utilisateur_id BIGINT  NOT NULL REFERENCES utilisateurs (id),
    -- ACTIVATION or REINITIALISATION.
    but            TEXT    NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX jetons_compte_utilisateur ON jetons_compte (utilisateur_id);

-- A structure's fluxes, newest first, for the portal's list of deposits.
CREATE INDEX flux_structure ON flux (structure_id, id);
