-- The directory: structures' general data and parameters, services, attachments to
-- services, spaces and subscriptions, and the platform's operators.

ALTER TABLE structures ADD COLUMN libelle TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN nom TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN prenom TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN numero_tva TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN numero_rcs TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN adresse TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN complement_adresse_1 TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN complement_adresse_2 TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN code_postal TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN ville TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN code_pays TEXT NOT NULL DEFAULT 'FR';
ALTER TABLE structures ADD COLUMN telephone TEXT NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN categorie TEXT;
ALTER TABLE structures ADD COLUMN type_public TEXT;
ALTER TABLE structures ADD COLUMN code_service_doit_etre_renseigne BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE structures ADD COLUMN numero_ej_doit_etre_renseigne BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE structures ADD COLUMN gestion_numero_ej_ou_code_service BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE structures ADD COLUMN connexion_edi BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE structures ADD COLUMN recevoir_donnees_via_edi BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE structures ADD COLUMN est_moa BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE structures ADD COLUMN est_moa_uniquement BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE structures ADD COLUMN statut_mise_en_paiement_nest_pas_remonte BOOLEAN NOT NULL DEFAULT FALSE;
-- The name in upper case without accents, in byte order: prefix searches run on an ordinary
-- index.
ALTER TABLE structures ADD COLUMN designation_norm TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE structures ADD COLUMN updated_at TIMESTAMPTZ;
CREATE INDEX structures_identifiant ON structures (identifiant);
CREATE INDEX structures_designation ON structures (designation_norm);
CREATE INDEX structures_type ON structures (type_structure, designation_norm);

ALTER TABLE utilisateurs ADD COLUMN telephone TEXT NOT NULL DEFAULT '';
ALTER TABLE utilisateurs ADD COLUMN operateur BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE rattachements ADD COLUMN commentaire TEXT NOT NULL DEFAULT '';
ALTER TABLE rattachements ADD COLUMN updated_at TIMESTAMPTZ;
CREATE INDEX rattachements_statut ON rattachements (structure_id, statut);

CREATE TABLE services (
    id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    structure_id             BIGINT NOT NULL REFERENCES structures (id),
    code                     TEXT    NOT NULL,
    libelle                  TEXT    NOT NULL,
    description              TEXT    NOT NULL DEFAULT '',
    adresse                  TEXT    NOT NULL DEFAULT '',
    code_postal              TEXT    NOT NULL DEFAULT '',
    ville                    TEXT    NOT NULL DEFAULT '',
    code_pays                TEXT    NOT NULL DEFAULT 'FR',
    date_debut               DATE,
    date_fin                 DATE,
    actif                    BOOLEAN NOT NULL DEFAULT TRUE,
    numero_engagement_requis BOOLEAN NOT NULL DEFAULT FALSE,
    created_at               TIMESTAMPTZ    NOT NULL,
    updated_at               TIMESTAMPTZ    NOT NULL,
    UNIQUE (structure_id, code)
);

CREATE TABLE rattachements_services (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    utilisateur_id BIGINT NOT NULL REFERENCES utilisateurs (id),
    service_id     BIGINT NOT NULL REFERENCES services (id),
    statut         TEXT    NOT NULL,
    commentaire    TEXT    NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ    NOT NULL,
    updated_at     TIMESTAMPTZ    NOT NULL,
    UNIQUE (utilisateur_id, service_id)
);
CREATE INDEX rattachements_services_service ON rattachements_services (service_id);

CREATE TABLE espaces (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    structure_id BIGINT NOT NULL REFERENCES structures (id),
    code         TEXT    NOT NULL,
    etat         TEXT    NOT NULL,
    created_at   TIMESTAMPTZ    NOT NULL,
    UNIQUE (structure_id, code)
);

CREATE TABLE abonnements (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    utilisateur_id BIGINT NOT NULL REFERENCES utilisateurs (id),
    espace_id      BIGINT NOT NULL REFERENCES espaces (id),
    habilitation   TEXT    NOT NULL,
    statut         TEXT    NOT NULL,
    created_at     TIMESTAMPTZ    NOT NULL,
    updated_at     TIMESTAMPTZ    NOT NULL,
    UNIQUE (utilisateur_id, espace_id)
);
CREATE INDEX abonnements_espace ON abonnements (espace_id, statut);
