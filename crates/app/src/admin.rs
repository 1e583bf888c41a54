//! What an operator does to run the platform: structures, technical accounts and connected
//! applications. Called by `facteur account …` and by the demo data set.

use chrono::{Duration, Utc};
use facteur_domain::TypeIdentifiant;
use facteur_domain::utilisateur::{Acteur, Role};
use facteur_store::{ApplicationRecord, NewApplication, NewUtilisateur};

use crate::Caller;
use crate::annuaire::StructureRef;

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

/// A person's account to create.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub nom: &'a str,
    pub prenom: &'a str,
    pub telephone: &'a str,
    pub password: &'a str,
    /// The structure to attach the user to, with a role.
    pub structure: Option<(i64, Role)>,
    /// An operator of the platform (only an operator creates one).
    pub operateur: bool,
}

pub struct NewApplicationRequest<'a> {
    pub name: &'a str,
    pub client_id: Option<&'a str>,
    pub secret: Option<&'a str>,
    pub quota_per_second: Option<u32>,
    pub quota_per_day: Option<u64>,
}

impl App {
    /// Creates the technical account of a structure, named by its identifier. Without a
    /// password, one is generated; either way it is returned once.
    pub async fn create_technical_account(
        &self,
        type_identifiant: TypeIdentifiant,
        identifiant: &str,
        login: &str,
        password: Option<&str>,
    ) -> Result<Credentials, AppError> {
        let reference = StructureRef::Identifiant(type_identifiant, identifiant.to_owned());
        let structure = self.find_structure_ref(&reference).await?.ok_or_else(|| {
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
                    telephone: "",
                    operateur: false,
                },
                Some((structure.id, Role::Utilisateur.code())),
            )
            .await?;
        Ok(Credentials { login: login.to_owned(), secret: password })
    }

    /// Creates a person's account. With a structure, the caller must manage it (Chorus Pro's
    /// "saisir un nouvel utilisateur par gestionnaire"), and the user is attached to it,
    /// validated, with the role given; only an operator names a principal manager, and only
    /// for a structure that has none. Without a structure, operators only.
    pub async fn create_user(&self, caller: &Caller, user: &NewUser<'_>) -> Result<i64, AppError> {
        match user.structure {
            Some((structure_id, role)) => {
                let acteur = self.gestionnaire(caller, structure_id).await?;
                if role == Role::GestionnairePrincipal {
                    let has_principal = self
                        .store()
                        .rattachements_of_structure(structure_id, Some("VALIDEE"))
                        .await?
                        .iter()
                        .any(|r| r.role == Role::GestionnairePrincipal.code());
                    if acteur != Acteur::Operateur || has_principal {
                        return Err(AppError::Forbidden(
                            "the principal manager changes only by handing the role over".into(),
                        ));
                    }
                }
            }
            None if !caller.operateur => {
                return Err(AppError::Forbidden(
                    "only an operator creates a user outside a structure".into(),
                ));
            }
            None => {}
        }
        let email = user.email.trim().to_lowercase();
        if !email.contains('@') || email.len() > 254 {
            return Err(AppError::invalid(format!(
                "email: [{}] is not an e-mail address",
                user.email
            )));
        }
        if user.password.chars().count() < 12 {
            return Err(AppError::invalid("password: at least 12 characters"));
        }
        let hash = hash_password_blocking(user.password.to_owned()).await?;
        Ok(self
            .store()
            .insert_utilisateur(
                &NewUtilisateur {
                    email: &email,
                    nom: user.nom,
                    prenom: user.prenom,
                    password_hash: &hash,
                    technique: false,
                    password_expires_at: None,
                    telephone: user.telephone,
                    operateur: user.operateur && caller.operateur,
                },
                user.structure.map(|(id, role)| (id, role.code())),
            )
            .await?)
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
