//! Attachments: a user uploads a file (`ajouter/fichier`, `deposer/pdf`), then names it in
//! a deposit or a completion; only its uploader may, within Chorus Pro's limits.

use bytes::Bytes;
use facteur_domain::piece_jointe::{
    NomFichier, RolePieceJointe, TAILLE_MAX_FACTURE, TAILLE_MAX_FICHIER,
};
use facteur_store::{Attachement, KeptBlob, NewPieceJointe, PieceJointeFacture, PieceJointeRecord};

use crate::{App, AppError, Caller};

/// A file a caller names in a deposit or a completion.
#[derive(Debug, Clone)]
pub struct PieceJointeDemandee {
    pub id: i64,
    pub role: RolePieceJointe,
    pub designation: Option<String>,
}

/// A file uploaded and recorded.
#[derive(Debug, Clone)]
pub struct FichierAjoute {
    pub id: i64,
    pub nom: NomFichier,
    pub taille: u64,
}

impl App {
    /// `ajouter/fichier`: stores a file of the caller's, to attach later.
    pub async fn ajouter_fichier(
        &self,
        caller: &Caller,
        nom: &str,
        extension: Option<&str>,
        contenu: Bytes,
    ) -> Result<FichierAjoute, AppError> {
        let nom = NomFichier::parse(nom, extension)
            .map_err(|e| AppError::invalid(format!("pieceJointeNom: {e}")))?;
        check_size("pieceJointeFichier", &contenu)?;
        self.enregistrer_fichier(caller, nom, contenu).await
    }

    /// `deposer/pdf`: stores an invoice's PDF, to submit with `soumettre` in `DEPOT_PDF_API`
    /// mode.
    pub async fn deposer_pdf(
        &self,
        caller: &Caller,
        nom: &str,
        contenu: Bytes,
    ) -> Result<FichierAjoute, AppError> {
        let nom = NomFichier::parse_facture_pdf(nom)
            .map_err(|e| AppError::invalid(format!("nomFichier: {e}")))?;
        check_size("fichierFacture", &contenu)?;
        if !contenu.starts_with(b"%PDF-") {
            return Err(AppError::invalid(
                "fichierFacture: [the file] is not a PDF. Expected [a file starting with %PDF-]",
            ));
        }
        self.enregistrer_fichier(caller, nom, contenu).await
    }

    async fn enregistrer_fichier(
        &self,
        caller: &Caller,
        nom: NomFichier,
        contenu: Bytes,
    ) -> Result<FichierAjoute, AppError> {
        let taille = contenu.len() as u64;
        // The file first, or with its row when it is small: a row never names a file that
        // is not there.
        let KeptBlob { stored, inline } = self.blobs().keep(contenu).await?;
        let id = self
            .store()
            .insert_piece_jointe(&NewPieceJointe {
                utilisateur_id: (caller.utilisateur_id > 0).then_some(caller.utilisateur_id),
                nom: nom.as_str().to_owned(),
                extension: nom.extension().to_owned(),
                type_mime: nom.type_mime().to_owned(),
                taille: i64::try_from(taille).unwrap_or(i64::MAX),
                sha256: stored.sha256,
                cle: stored.cle,
                inline,
            })
            .await?;
        Ok(FichierAjoute { id, nom, taille })
    }

    /// The files a caller names, checked: each exists and is the caller's, and with those
    /// already attached they stay within an invoice's limit. Every reason at once.
    pub(crate) async fn pieces_jointes_a_joindre(
        &self,
        caller: &Caller,
        demandees: &[PieceJointeDemandee],
        deja: &[PieceJointeFacture],
    ) -> Result<Vec<Attachement>, AppError> {
        let mut errors = Vec::new();
        self.verifier_pieces_jointes(caller, demandees, deja, &mut errors).await?;
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok(attachements(demandees, deja))
    }

    /// Of the files named, those the caller may attach to something: the ones it added
    /// itself (any, for an operator). Someone else's file is treated as a missing one.
    pub(crate) async fn fichiers_joignables(
        &self,
        caller: &Caller,
        ids: &[i64],
    ) -> Result<Vec<PieceJointeRecord>, AppError> {
        let mut found = self.store().find_pieces_jointes(ids).await?;
        found.retain(|p| caller.operateur || p.utilisateur_id == Some(caller.utilisateur_id));
        Ok(found)
    }

    /// [`Self::pieces_jointes_a_joindre`]'s checks, with the reasons added to `errors`; the
    /// caller's files among those named.
    pub(crate) async fn verifier_pieces_jointes(
        &self,
        caller: &Caller,
        demandees: &[PieceJointeDemandee],
        deja: &[PieceJointeFacture],
        errors: &mut Vec<String>,
    ) -> Result<Vec<PieceJointeRecord>, AppError> {
        let ids: Vec<i64> = demandees.iter().map(|p| p.id).collect();
        let found = self.fichiers_joignables(caller, &ids).await?;
        let mut total: u64 = deja.iter().map(|p| u64::try_from(p.piece.taille).unwrap_or(0)).sum();
        for demandee in demandees {
            match found.iter().find(|p| p.id == demandee.id) {
                Some(p) => {
                    total += u64::try_from(p.taille).unwrap_or(0);
                }
                // Someone else's file is answered as a missing one.
                _ => errors.push(format!(
                    "pieceJointeId: [{}] is not a file this account added. Expected [an id from ajouter/fichier]",
                    demandee.id
                )),
            }
        }
        if total > TAILLE_MAX_FACTURE {
            errors.push(format!(
                "pieceJointe: [{total} bytes] in all is too much. Expected [at most {TAILLE_MAX_FACTURE} bytes per invoice]"
            ));
        }
        Ok(found)
    }
}

fn check_size(field: &str, contenu: &[u8]) -> Result<(), AppError> {
    let taille = contenu.len() as u64;
    if taille > TAILLE_MAX_FICHIER {
        return Err(AppError::invalid(format!(
            "{field}: [{taille} bytes] is too large. Expected [at most {TAILLE_MAX_FICHIER} bytes]"
        )));
    }
    if taille == 0 {
        return Err(AppError::invalid(format!("{field}: [] is empty. Expected [a file]")));
    }
    Ok(())
}

/// The links to write: each file once, and none already attached.
pub(crate) fn attachements(
    demandees: &[PieceJointeDemandee],
    deja: &[PieceJointeFacture],
) -> Vec<Attachement> {
    let mut out: Vec<Attachement> = Vec::new();
    for d in demandees {
        if deja.iter().any(|p| p.piece.id == d.id) || out.iter().any(|a| a.piece_jointe_id == d.id)
        {
            continue;
        }
        out.push(Attachement {
            piece_jointe_id: d.id,
            role: d.role.code().to_owned(),
            designation: d.designation.clone(),
        });
    }
    out
}
