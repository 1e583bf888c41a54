//! The portal's own use cases: people's sessions and the accounts they open and recover by
//! themselves. Pages call the same use cases as the API with the session's [`Caller`].

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use chrono::Utc;
use facteur_store::{ACTIVATION, NewUtilisateur, REINITIALISATION};

use crate::gateway::FailureThrottle;
use crate::secrets::verify_password_blocking;
use crate::secrets::{dummy_hash, hash_password_blocking, random_secret, sha256_hex};
use crate::{App, AppError, AuthFailure, Caller};

/// How long a session lasts: a working day.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(8 * 3600);
/// How long an e-mailed link works.
const LINK_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// Failed sign-ins allowed per address before it is locked for the window.
const SIGN_IN_FAILURES: u32 = 5;
const SIGN_IN_WINDOW: Duration = Duration::from_secs(15 * 60);

/// E-mails kept in memory, the last ones.
const OUTBOX: usize = 100;

/// What the portal keeps in memory: failed sign-ins per address, the last e-mails.
pub(crate) struct PortailState {
    sign_in_failures: FailureThrottle,
    outbox: Mutex<VecDeque<Courriel>>,
}

impl PortailState {
    pub(crate) fn new() -> Self {
        Self {
            sign_in_failures: FailureThrottle::new(SIGN_IN_FAILURES, SIGN_IN_WINDOW),
            outbox: Mutex::new(VecDeque::new()),
        }
    }
}

/// A signed-in person: the cookie's value (given to the browser only), the value its forms
/// carry back, and who acts.
#[derive(Debug, Clone)]
pub struct Session {
    pub jeton: String,
    pub csrf: String,
    pub caller: Caller,
}

/// An e-mail the platform sends. No mail server is configured yet: it is written to the log,
/// which is where the demo's users read their links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Courriel {
    pub destinataire: String,
    pub objet: &'static str,
    pub lien: String,
}

/// One of the caller's structures, as the portal's home lists them.
#[derive(Debug, Clone)]
pub struct MaStructure {
    pub id: i64,
    pub identifiant: String,
    pub raison_sociale: String,
    /// A public body, which receives invoices; otherwise a supplier.
    pub publique: bool,
    pub role: String,
    /// Whether the attachment is validated (otherwise it awaits its managers).
    pub valide: bool,
}

/// A person's account, asked for from the sign-in page.
pub struct DemandeCompte<'a> {
    pub email: &'a str,
    pub nom: &'a str,
    pub prenom: &'a str,
    pub telephone: &'a str,
    pub password: &'a str,
}

/// A random value for the browser to carry back: the anonymous forms' CSRF cookie.
pub fn jeton_aleatoire() -> String {
    random_secret()
}

fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn check_password_rules(password: &str) -> Result<(), AppError> {
    if password.chars().count() < 12 {
        return Err(AppError::invalid("password: at least 12 characters"));
    }
    Ok(())
}

impl App {
    /// Signs a person in with e-mail and password. Technical accounts are refused (the API is
    /// theirs); an address that failed too often is locked for a while, without running Argon2.
    pub async fn ouvrir_session(&self, email: &str, password: &str) -> Result<Session, AppError> {
        // Logins are looked up as stored (technical ones are upper case); failures are
        // counted per address whatever its case.
        let login = email.trim();
        let email = normalise_email(email);
        let failures = &self.inner.portail.sign_in_failures;
        if let Some(wait) = failures.locked(&email) {
            return Err(AuthFailure::SignInLockedOut(wait.as_secs().max(1)).into());
        }
        let record = match self.store().find_account(login).await? {
            Some(record) => Some(record),
            None if login != email => self.store().find_account(&email).await?,
            None => None,
        };
        // An unknown address costs the same Argon2 check as a known one.
        let hash = record.as_ref().map_or_else(dummy_hash, |r| r.password_hash.clone());
        let verified = verify_password_blocking(password.to_owned(), hash).await;
        let Some(record) = record.filter(|r| verified && r.actif) else {
            failures.record_failure(&email);
            return Err(AuthFailure::SignInWrong.into());
        };
        failures.record_success(&email);
        if record.technique {
            return Err(AuthFailure::SignInTechnical.into());
        }
        let jeton = random_secret();
        let csrf = random_secret();
        let expires_at = Utc::now() + SESSION_LIFETIME;
        self.store()
            .insert_session(
                &sha256_hex(jeton.as_bytes()),
                record.id,
                &csrf,
                record.credential_version,
                expires_at,
            )
            .await?;
        let caller = Caller {
            utilisateur_id: record.id,
            login: record.email,
            technique: false,
            operateur: record.operateur,
            structure_id: record.structure_id,
        };
        Ok(Session { jeton, csrf, caller })
    }

    /// The session a cookie names, if it is still open: not expired, its user active and
    /// with the password it was opened with.
    pub async fn session(&self, jeton: &str) -> Result<Session, AppError> {
        let record = self
            .store()
            .find_session(&sha256_hex(jeton.as_bytes()))
            .await?
            .ok_or(AuthFailure::SessionEnded)?;
        Ok(Session {
            jeton: jeton.to_owned(),
            csrf: record.csrf,
            caller: Caller {
                utilisateur_id: record.utilisateur_id,
                login: record.email,
                technique: false,
                operateur: record.operateur,
                structure_id: record.structure_id,
            },
        })
    }

    pub async fn fermer_session(&self, jeton: &str) -> Result<(), AppError> {
        Ok(self.store().delete_session(&sha256_hex(jeton.as_bytes())).await?)
    }

    /// The structures the caller is attached to, validated or awaiting validation.
    pub async fn mes_structures(&self, caller: &Caller) -> Result<Vec<MaStructure>, AppError> {
        let mut out = Vec::new();
        for r in self.store().rattachements_of_user(caller.utilisateur_id).await? {
            let Some(s) = self.structure(r.structure_id).await? else { continue };
            out.push(MaStructure {
                id: s.id,
                identifiant: s.identifiant.clone(),
                raison_sociale: s.raison_sociale.clone(),
                publique: s.type_structure == "PUBLIQUE",
                role: r.role,
                valide: r.statut == "VALIDEE",
            });
        }
        Ok(out)
    }

    /// The names of structures, for lists that show who is on the other side; the directory
    /// is public in Chorus Pro, names included.
    pub async fn noms_structures(
        &self,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<std::collections::HashMap<i64, String>, AppError> {
        let mut names = std::collections::HashMap::new();
        for id in ids {
            if names.contains_key(&id) {
                continue;
            }
            if let Some(s) = self.structure(id).await? {
                names.insert(id, s.raison_sociale.clone());
            }
        }
        Ok(names)
    }

    /// Opens an account, closed until its owner follows the link of the e-mail returned.
    /// Attachment to a structure is asked for once signed in.
    pub async fn creer_compte(&self, demande: &DemandeCompte<'_>) -> Result<Courriel, AppError> {
        let email = normalise_email(demande.email);
        if !email.contains('@') || email.len() > 254 {
            return Err(AppError::invalid(format!(
                "email: [{}] is not an e-mail address",
                demande.email
            )));
        }
        check_password_rules(demande.password)?;
        let hash = hash_password_blocking(demande.password.to_owned()).await?;
        let jeton = random_secret();
        let user = NewUtilisateur {
            email: &email,
            nom: demande.nom.trim(),
            prenom: demande.prenom.trim(),
            password_hash: &hash,
            technique: false,
            password_expires_at: None,
            telephone: demande.telephone.trim(),
            operateur: false,
        };
        self.store()
            .insert_compte_a_activer(
                &user,
                &sha256_hex(jeton.as_bytes()),
                Utc::now() + LINK_LIFETIME,
            )
            .await?;
        Ok(self.courriel(email, "Activez votre compte facteur", "/compte/activer", &jeton))
    }

    /// Follows an activation link: the account opens, once.
    pub async fn activer_compte(&self, jeton: &str) -> Result<String, AppError> {
        let record = self
            .store()
            .take_jeton_compte(&sha256_hex(jeton.as_bytes()), ACTIVATION)
            .await?
            .ok_or_else(|| AppError::NotFound("this link is unknown, used or expired".into()))?;
        self.store().activate_utilisateur(record.utilisateur_id).await?;
        Ok(record.email)
    }

    /// Sends a password reset link, if the address is a person's active account. The answer
    /// is the same either way, so that the page does not tell which addresses exist.
    pub async fn demander_reinitialisation(
        &self,
        email: &str,
    ) -> Result<Option<Courriel>, AppError> {
        let email = normalise_email(email);
        let Some(record) = self.store().find_account(&email).await? else { return Ok(None) };
        if !record.actif || record.technique {
            return Ok(None);
        }
        let jeton = random_secret();
        self.store()
            .insert_jeton_compte(
                &sha256_hex(jeton.as_bytes()),
                record.id,
                REINITIALISATION,
                Utc::now() + LINK_LIFETIME,
            )
            .await?;
        Ok(Some(self.courriel(
            email,
            "Réinitialisez votre mot de passe facteur",
            "/compte/reinitialiser",
            &jeton,
        )))
    }

    /// Sets a new password from a reset link, once; every open session of the account ends
    /// (they were opened with the old password).
    pub async fn reinitialiser_mot_de_passe(
        &self,
        jeton: &str,
        password: &str,
    ) -> Result<String, AppError> {
        check_password_rules(password)?;
        let record = self
            .store()
            .take_jeton_compte(&sha256_hex(jeton.as_bytes()), REINITIALISATION)
            .await?
            .ok_or_else(|| AppError::NotFound("this link is unknown, used or expired".into()))?;
        let hash = hash_password_blocking(password.to_owned()).await?;
        self.store().set_password(&record.email, &hash, None).await?;
        self.forget_account(&record.email);
        self.inner.portail.sign_in_failures.record_success(&record.email);
        Ok(record.email)
    }

    fn courriel(
        &self,
        destinataire: String,
        objet: &'static str,
        chemin: &str,
        jeton: &str,
    ) -> Courriel {
        let base = self.settings().url_publique.trim_end_matches('/');
        let courriel =
            Courriel { destinataire, objet, lien: format!("{base}{chemin}?jeton={jeton}") };
        tracing::info!(
            target: "facteur::courriel",
            destinataire = %courriel.destinataire,
            objet = courriel.objet,
            lien = %courriel.lien,
            "e-mail"
        );
        if let Ok(mut outbox) = self.inner.portail.outbox.lock() {
            if outbox.len() == OUTBOX {
                outbox.pop_front();
            }
            outbox.push_back(courriel.clone());
        }
        courriel
    }

    /// The last e-mails sent, oldest first: what the log shows, for the tests and the demo
    /// until a mail server is configured.
    pub fn derniers_courriels(&self) -> Vec<Courriel> {
        self.inner.portail.outbox.lock().map(|o| o.iter().cloned().collect()).unwrap_or_default()
    }
}
