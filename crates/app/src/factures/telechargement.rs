//! An invoice complete (its data, its parties, its files), and its download: the readable
//! PDF with the files deposited with it, or the EN 16931 XML; a ZIP when there are several.

use std::io::Write;
use std::sync::Arc;

use facteur_documents::{Adresse, FactureDocument, Partie};
use facteur_domain::TypeIdentifiant;
use facteur_domain::facture::Facture;
use facteur_domain::piece_jointe::{RolePieceJointe, TAILLE_MAX_FACTURE};
use facteur_domain::statut_facture::StatutFacture;
use facteur_domain::utilisateur::Acteur;
use facteur_store::{FactureRecord, PieceJointeFacture, ServiceRecord, StructureRecord};

use super::{Role, contenu};
use crate::annuaire::stored;
use crate::{App, AppError, Caller};

/// An invoice with what surrounds it.
#[derive(Debug, Clone)]
pub struct FactureComplete {
    pub record: FactureRecord,
    pub facture: Facture,
    pub fournisseur: Option<Arc<StructureRecord>>,
    pub destinataire: Option<Arc<StructureRecord>>,
    pub service: Option<ServiceRecord>,
    pub pieces_jointes: Vec<PieceJointeFacture>,
}

/// What `telecharger/groupe` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatTelechargement {
    /// The readable rendering, with the original PDF and, when asked, the other files.
    Pdf { avec_pieces_complementaires: bool },
    /// The invoice in UN/CEFACT CII D16B (EN 16931).
    Pivot,
}

/// A file to give back.
#[derive(Debug, Clone)]
pub struct Fichier {
    pub nom: String,
    pub type_mime: &'static str,
    pub contenu: Vec<u8>,
}

impl App {
    /// An invoice the caller may see from a side, with its parties, service and files.
    pub async fn facture_complete(
        &self,
        caller: &Caller,
        id: i64,
        role: Option<Role>,
    ) -> Result<FactureComplete, AppError> {
        let record = self.facture_visible(caller, id, role).await?;
        let fournisseur = self.structure(record.fournisseur_id).await?;
        let destinataire = self.structure(record.destinataire_id).await?;
        let service = match record.service_id {
            Some(s) => self.store().find_service(record.destinataire_id, s).await?,
            None => None,
        };
        let facture = contenu::lire(
            &record,
            destinataire.as_ref().map_or("", |d| d.identifiant.as_str()),
            service.as_ref().map(|s| s.code.as_str()),
        )?;
        let pieces_jointes = self.store().pieces_jointes_of_facture(record.id).await?;
        Ok(FactureComplete { record, facture, fournisseur, destinataire, service, pieces_jointes })
    }

    /// `telecharger/groupe`: the invoices' documents; one file alone as itself, several in a
    /// ZIP. A recipient's download marks its invoices downloaded.
    pub async fn telecharger_factures(
        &self,
        caller: &Caller,
        ids: &[i64],
        format: FormatTelechargement,
    ) -> Result<Fichier, AppError> {
        if ids.is_empty() {
            return Err(AppError::invalid(
                "listeFacture: [] is empty. Expected [at least one idFacture]",
            ));
        }
        let mut fichiers = Vec::new();
        let mut taille = 0_usize;
        let mut seen = std::collections::HashSet::new();
        for id in ids.iter().filter(|id| seen.insert(**id)) {
            let complete = self.facture_complete(caller, *id, None).await?;
            for fichier in self.documents(&complete, format).await? {
                taille += fichier.contenu.len();
                if taille as u64 > TAILLE_MAX_FACTURE {
                    return Err(AppError::TooLarge(format!(
                        "the download would exceed {TAILLE_MAX_FACTURE} bytes: ask for fewer invoices"
                    )));
                }
                fichiers.push(fichier);
            }
            let acteur = self.acteur(caller, complete.record.destinataire_id).await?;
            if matches!(acteur, Acteur::Membre(_)) && !complete.record.telechargee {
                self.store().mark_facture_telechargee(complete.record.id).await?;
            }
        }
        match <[Fichier; 1]>::try_from(fichiers) {
            Ok([seul]) => Ok(seul),
            Err(fichiers) => zip(fichiers),
        }
    }

    /// The files one invoice gives in a format.
    async fn documents(
        &self,
        f: &FactureComplete,
        format: FormatTelechargement,
    ) -> Result<Vec<Fichier>, AppError> {
        let document = FactureDocument {
            id: f.record.id,
            facture: &f.facture,
            fournisseur: partie(f.fournisseur.as_deref())?,
            destinataire: partie(f.destinataire.as_deref())?,
            nom_service: f.service.as_ref().map(|s| s.libelle.clone()),
            statut: stored::<StatutFacture>(&f.record.statut)?,
            date_depot: f.record.date_depot,
            mode_depot: f.record.mode_depot.clone(),
            pieces_jointes: f.pieces_jointes.iter().map(|p| p.piece.nom.clone()).collect(),
        };
        let base = format!("facture_{}_{}", f.record.id, sans_separateurs(&f.record.numero));
        let avec_complementaires = match format {
            FormatTelechargement::Pivot => {
                return Ok(vec![Fichier {
                    nom: format!("{base}.xml"),
                    type_mime: "application/xml",
                    contenu: facteur_documents::cii(&document).into_bytes(),
                }]);
            }
            FormatTelechargement::Pdf { avec_pieces_complementaires } => {
                avec_pieces_complementaires
            }
        };
        let mut fichiers = vec![Fichier {
            nom: format!("{base}.pdf"),
            type_mime: "application/pdf",
            contenu: facteur_documents::pdf(&document),
        }];
        for p in &f.pieces_jointes {
            let role: RolePieceJointe = stored(&p.role)?;
            if role == RolePieceJointe::Facture || avec_complementaires {
                let contenu = self.lire_fichier(&p.piece.cle).await?;
                fichiers.push(Fichier {
                    nom: format!("{base}_{}_{}", p.piece.id, sans_separateurs(&p.piece.nom)),
                    type_mime: "application/octet-stream",
                    contenu: contenu.to_vec(),
                });
            }
        }
        Ok(fichiers)
    }
}

impl App {
    /// Attached files as one download, named after what they are attached to: one as
    /// itself, several zipped, none "not found".
    pub(crate) async fn telecharger_pieces(
        &self,
        base: &str,
        pieces: &[facteur_store::PieceJointeRecord],
    ) -> Result<Fichier, AppError> {
        let mut fichiers = Vec::with_capacity(pieces.len());
        for p in pieces {
            fichiers.push(Fichier {
                nom: format!("{base}_{}_{}", p.id, sans_separateurs(&p.nom)),
                type_mime: "application/octet-stream",
                contenu: self.lire_fichier(&p.cle).await?.to_vec(),
            });
        }
        match <[Fichier; 1]>::try_from(fichiers) {
            Ok([seul]) => Ok(seul),
            Err(fichiers) if fichiers.is_empty() => {
                Err(AppError::NotFound(format!("no such file attached to {base}")))
            }
            Err(fichiers) => zip(fichiers),
        }
    }
}

/// A party as the documents show it, from its directory record.
pub(crate) fn partie(s: Option<&StructureRecord>) -> Result<facteur_documents::Partie, AppError> {
    let Some(s) = s else {
        return Ok(Partie {
            nom: String::new(),
            type_identifiant: TypeIdentifiant::Siret,
            identifiant: String::new(),
            numero_tva: None,
            adresse: None,
        });
    };
    let non_vide = |t: &str| (!t.trim().is_empty()).then(|| t.to_owned());
    let complement = [s.complement_adresse_1.as_str(), s.complement_adresse_2.as_str()]
        .into_iter()
        .filter(|c| !c.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    Ok(Partie {
        nom: s.raison_sociale.clone(),
        type_identifiant: stored(&s.type_identifiant)?,
        identifiant: s.identifiant.clone(),
        numero_tva: non_vide(&s.numero_tva),
        adresse: (!s.adresse.trim().is_empty() || !s.ville.trim().is_empty()).then(|| Adresse {
            ligne: s.adresse.clone(),
            complement: non_vide(&complement),
            code_postal: s.code_postal.clone(),
            ville: s.ville.clone(),
            code_pays: s.code_pays.clone(),
        }),
    })
}

/// A name safe inside a file name: no separators or control characters.
fn sans_separateurs(nom: &str) -> String {
    nom.chars().map(|c| if c == '/' || c == '\\' || c.is_control() { '_' } else { c }).collect()
}

fn zip(fichiers: Vec<Fichier>) -> Result<Fichier, AppError> {
    let failed = |e: &dyn std::fmt::Display| AppError::Internal(format!("zip: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for f in fichiers {
        zip.start_file(f.nom, options).map_err(|e| failed(&e))?;
        zip.write_all(&f.contenu).map_err(|e| failed(&e))?;
    }
    let contenu = zip.finish().map_err(|e| failed(&e))?.into_inner();
    Ok(Fichier { nom: "factures.zip".into(), type_mime: "application/zip", contenu })
}
