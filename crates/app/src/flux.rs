//! Flux: invoices deposited as files (`deposer/flux`). A deposit is answered as soon as its
//! file and its row are committed; workers read it later (see [`traitement`]), each invoice
//! taking the route `soumettre` takes, and the depositor follows it with `consulterCR`.

mod archive;
mod lecture;
mod traitement;

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use facteur_domain::flux::limites::{LONGUEUR_MAX_NOM, TAILLE_MAX_DEPOT};
use facteur_domain::flux::{CompteRendu, EtatFlux, NumeroFlux, SyntaxeFlux};
use facteur_domain::pagination::{Page, ParametresRetour};
use facteur_domain::utilisateur::Acteur;
use facteur_store::{FluxRecord, KeptBlob, NewFlux};

pub use traitement::OptionsTraitement;

use crate::annuaire::stored;
use crate::{App, AppError, Caller};

/// A file deposited with `deposer/flux`.
#[derive(Debug, Clone)]
pub struct DepotFlux {
    pub nom_fichier: String,
    pub syntaxe: SyntaxeFlux,
    pub avec_signature: bool,
    pub contenu: Bytes,
}

/// What a deposit answers.
#[derive(Debug, Clone)]
pub struct FluxAccuse {
    pub numero: NumeroFlux,
    pub date_depot: NaiveDate,
    pub syntaxe: String,
    /// False when the same file was deposited before: its flux is answered.
    pub nouveau: bool,
}

/// A flux as its report shows it.
#[derive(Debug, Clone)]
pub struct FluxLu {
    pub numero: NumeroFlux,
    pub nom_fichier: String,
    pub syntaxe: String,
    pub etat: EtatFlux,
    pub date_depot: DateTime<Utc>,
    pub date_etat: DateTime<Utc>,
    pub documents: Option<i64>,
    pub integrees: Option<i64>,
    pub compte_rendu: CompteRendu,
}

impl App {
    /// `deposer/flux`: keeps the file and records the flux to process, in that order, and
    /// answers once both are committed. The same file from the same structure answers the
    /// flux it made, unless that one was rejected.
    pub async fn deposer_flux(
        &self,
        caller: &Caller,
        depot: DepotFlux,
    ) -> Result<FluxAccuse, AppError> {
        let structure_id = caller.structure_id.ok_or_else(|| {
            AppError::Forbidden("only a structure's technical account deposits flux".into())
        })?;
        self.deposer_flux_pour(caller, structure_id, depot).await
    }

    /// [`deposer_flux`](Self::deposer_flux) for one of the caller's structures, named: what
    /// a person does in the portal.
    pub async fn deposer_flux_pour(
        &self,
        caller: &Caller,
        structure_id: i64,
        depot: DepotFlux,
    ) -> Result<FluxAccuse, AppError> {
        if !self.agit_pour(caller, structure_id).await? {
            return Err(AppError::Forbidden(format!(
                "this account does not act for the structure {structure_id}"
            )));
        }
        let nom = depot.nom_fichier.trim();
        let length = nom.chars().count();
        if length == 0 || length > LONGUEUR_MAX_NOM || nom.chars().any(char::is_control) {
            return Err(AppError::invalid(format!(
                "nomFichier: [{nom}] is not a file name. Expected [1 to {LONGUEUR_MAX_NOM} characters]"
            )));
        }
        if depot.contenu.is_empty() {
            return Err(AppError::invalid(
                "fichierFlux: [] is empty. Expected [the flux's file in base64]",
            ));
        }
        let taille = depot.contenu.len() as u64;
        if taille > TAILLE_MAX_DEPOT {
            return Err(AppError::TooLarge(format!(
                "fichierFlux: [{taille} bytes] is too large. Expected [at most {TAILLE_MAX_DEPOT} bytes]"
            )));
        }
        // The file first, or with the flux when it is small: a flux never names a file that
        // is not there.
        let KeptBlob { stored, inline } = self.blobs().keep(depot.contenu).await?;
        let flux = self
            .store()
            .insert_flux(&NewFlux {
                structure_id,
                utilisateur_id: caller.utilisateur_id,
                nom_fichier: nom.to_owned(),
                syntaxe: depot.syntaxe.code().to_owned(),
                avec_signature: depot.avec_signature,
                sha256: stored.sha256,
                cle: stored.cle,
                taille: i64::try_from(taille).unwrap_or(i64::MAX),
                inline,
            })
            .await?;
        // A flux handed to this process's workers is theirs already.
        if flux.nouveau && !flux.remis {
            self.inner.flux_deposes.notify_one();
        }
        Ok(FluxAccuse {
            numero: NumeroFlux::of_id(flux.id),
            date_depot: flux.date_depot.date_naive(),
            syntaxe: flux.syntaxe,
            nouveau: flux.nouveau,
        })
    }

    /// `consulterCR`, `consulterCRDetaille`: a flux of the caller's structure (any, for an
    /// operator). Another's is answered as one that does not exist.
    pub async fn consulter_flux(&self, caller: &Caller, numero: &str) -> Result<FluxLu, AppError> {
        let inconnu = || AppError::NotFound(format!("no flux [{numero}] visible to this account"));
        let numero = NumeroFlux::parse(numero).ok_or_else(inconnu)?;
        let flux = self.store().find_flux(numero.id()).await?.ok_or_else(inconnu)?;
        if self.acteur(caller, flux.structure_id).await? == Acteur::Etranger {
            return Err(inconnu());
        }
        lu(flux)
    }
}

impl App {
    /// A structure's fluxes, newest first, for its members.
    pub async fn lister_flux(
        &self,
        caller: &Caller,
        structure_id: i64,
        page: Page,
    ) -> Result<(Vec<FluxLu>, ParametresRetour), AppError> {
        if self.acteur(caller, structure_id).await? == Acteur::Etranger {
            return Err(crate::annuaire::inconnue(structure_id));
        }
        let (rows, total) =
            self.store().flux_de_structure(structure_id, page.par_page, page.offset()).await?;
        let flux = rows.into_iter().map(lu).collect::<Result<Vec<_>, _>>()?;
        Ok((flux, page.retour(total)))
    }
}

fn lu(flux: FluxRecord) -> Result<FluxLu, AppError> {
    let compte_rendu = match flux.compte_rendu.as_deref() {
        Some(json) => serde_json::from_str(json)
            .map_err(|e| AppError::Internal(format!("flux {}'s report: {e}", flux.id)))?,
        None => CompteRendu::default(),
    };
    Ok(FluxLu {
        numero: NumeroFlux::of_id(flux.id),
        nom_fichier: flux.nom_fichier,
        syntaxe: flux.syntaxe,
        etat: stored(&flux.etat)?,
        date_depot: flux.date_depot,
        date_etat: flux.date_etat,
        documents: flux.documents,
        integrees: flux.integrees,
        compte_rendu,
    })
}
