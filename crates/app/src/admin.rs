//! What an operator does to run the platform: structures, technical accounts and connected
//! applications. Called by `facteur account …` and by the demo data set.

use chrono::{Duration, Utc};
use facteur_domain::structure::TypeStructure;
use facteur_domain::{Siret, TypeIdentifiant};
use facteur_store::{ApplicationRecord, NewApplication, NewStructure, NewUtilisateur};

use crate::secrets::{hash_password_blocking, random_secret};
use crate::{App, AppError};

/// Chorus Pro makes technical accounts change their password every 424 days.
pub const TECHNICAL_PASSWORD_LIFETIME_DAYS: i64 = 424;

/// A secret shown once, at creation; only its hash is kept.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub login: String,
    pub secret: String,
}

pub struct NewApplicationRequest<'a> {
    pub name: &'a str,
    pub client_id: Option<&'a str>,
    pub secret: Option<&'a str>,
    pub quota_per_second: Option<u32>,
    pub quota_per_day: Option<u64>,
}

impl App {
    /// Registers a structure after checking its identifier.
    pub async fn create_structure(
        &self,
        type_identifiant: TypeIdentifiant,
        identifiant: &str,
        raison_sociale: &str,
        type_structure: TypeStructure,
    ) -> Result<i64, AppError> {
        let identifiant = match type_identifiant {
            TypeIdentifiant::Siret => {
                Siret::parse(identifiant).map_err(|e| AppError::invalid(e.to_string()))?.to_string()
            }
            _ if identifiant.trim().is_empty() => {
                return Err(AppError::invalid("the identifier is empty"));
            }
            _ => identifiant.trim().to_owned(),
        };
        Ok(self
            .store()
            .insert_structure(&NewStructure {
                type_identifiant: type_identifiant.code(),
                identifiant: &identifiant,
                raison_sociale,
                type_structure: type_structure.code(),
            })
            .await?)
    }

    /// Creates the technical account of a structure, named by its identifier. Without a
    /// password, one is generated; either way it is returned once.
    pub async fn create_technical_account(
        &self,
        type_identifiant: TypeIdentifiant,
        identifiant: &str,
        login: &str,
        password: Option<&str>,
    ) -> Result<Credentials, AppError> {
        let structure = self
            .store()
            .find_structure_by_identifiant(type_identifiant.code(), identifiant)
            .await?
            .ok_or_else(|| {
                AppError::NotFound(format!("no structure {type_identifiant} {identifiant}"))
            })?;
        let password = password.map_or_else(random_secret, str::to_owned);
        let hash = hash_password_blocking(password.clone()).await?;
        self.store()
            .insert_utilisateur(
                &NewUtilisateur {
                    email: login,
                    nom: "Compte technique",
                    prenom: &structure.raison_sociale,
                    password_hash: &hash,
                    technique: true,
                    password_expires_at: Some(
                        Utc::now() + Duration::days(TECHNICAL_PASSWORD_LIFETIME_DAYS),
                    ),
                },
                structure.id,
                "UTILISATEUR",
            )
            .await?;
        Ok(Credentials { login: login.to_owned(), secret: password })
    }

    /// Sets a new password, which restarts the 424 days; the old one stops working at once
    /// in this process and within the credential cache's lifetime in the others.
    pub async fn set_account_password(&self, login: &str, password: &str) -> Result<(), AppError> {
        let hash = hash_password_blocking(password.to_owned()).await?;
        let expires = Utc::now() + Duration::days(TECHNICAL_PASSWORD_LIFETIME_DAYS);
        if !self.store().set_password(login, &hash, Some(expires)).await? {
            return Err(AppError::NotFound(format!("no account {login}")));
        }
        self.forget_account(login);
        Ok(())
    }

    pub async fn deactivate_account(&self, login: &str) -> Result<(), AppError> {
        if !self.store().deactivate_utilisateur(login).await? {
            return Err(AppError::NotFound(format!("no account {login}")));
        }
        self.forget_account(login);
        Ok(())
    }

    /// Registers a connected application. Its secret is returned once and kept hashed.
    pub async fn register_application(
        &self,
        request: &NewApplicationRequest<'_>,
    ) -> Result<Credentials, AppError> {
        let client_id = request.client_id.map_or_else(random_secret, str::to_owned);
        let secret = request.secret.map_or_else(random_secret, str::to_owned);
        if client_id.trim().is_empty() || secret.is_empty() {
            return Err(AppError::invalid("client_id and secret must not be empty"));
        }
        let secret_hash = hash_password_blocking(secret.clone()).await?;
        self.store()
            .insert_application(&NewApplication {
                client_id: &client_id,
                name: request.name,
                secret_hash: &secret_hash,
                quota_per_second: request.quota_per_second.map(i64::from),
                quota_per_day: request.quota_per_day.and_then(|q| i64::try_from(q).ok()),
            })
            .await?;
        Ok(Credentials { login: client_id, secret })
    }

    /// Revokes an application and all its tokens.
    pub async fn revoke_application(&self, client_id: &str) -> Result<(), AppError> {
        let record = self.application_by_client_id(client_id).await?;
        self.store().revoke_application(client_id).await?;
        self.forget_application(record.id);
        Ok(())
    }

    /// Sets or clears (with `None`) an application's own quotas.
    pub async fn set_application_quota(
        &self,
        client_id: &str,
        per_second: Option<u32>,
        per_day: Option<u64>,
    ) -> Result<(), AppError> {
        let record = self.application_by_client_id(client_id).await?;
        self.store()
            .set_application_quota(
                client_id,
                per_second.map(i64::from),
                per_day.and_then(|q| i64::try_from(q).ok()),
            )
            .await?;
        self.forget_application(record.id);
        Ok(())
    }

    pub async fn list_applications(&self) -> Result<Vec<crate::ClientApplication>, AppError> {
        let records = self.store().list_applications().await?;
        Ok(records.into_iter().map(|r| self.client_application(r)).collect())
    }

    async fn application_by_client_id(
        &self,
        client_id: &str,
    ) -> Result<ApplicationRecord, AppError> {
        self.store()
            .find_application_by_client_id(client_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no application {client_id}")))
    }
}
