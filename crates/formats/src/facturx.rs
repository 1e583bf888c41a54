//! Factur-X (ZUGFeRD 2): a PDF/A-3 whose CII invoice travels as an embedded file associated
//! with the document. [`extraire_xml`] takes the XML out of any such PDF; [`ecrire`] puts one
//! into a PDF.
//!
//! The PDF reader is this crate's own, made for exactly this: it follows the catalog to the
//! attachment and parses nothing else, so a hostile PDF costs a bounded amount of work and
//! memory (bounded decompression, object count, nesting and reference chains; no recursion
//! that the input controls without a bound). General PDF crates parse every object up front
//! and bring dozens of dependencies (a cipher suite for encrypted PDFs among them), none of
//! which an attachment needs.

mod ecriture;
mod filtres;
mod lecteur;
mod objet;
mod pieces;
mod xmp;

use lecteur::{Indirect, Lecteur};
use objet::Objet;
use pieces::Piece;

/// The attachment's name in Factur-X, then in ZUGFeRD 2 and in XRechnung PDFs: the first one
/// found in this order is the invoice. ZUGFeRD also writes `ZUGFeRD-invoice.xml`: names are
/// compared without case.
pub const NOMS_PIECE: [&str; 3] = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"];

/// The invoice decompresses to this at most: Chorus Pro accepts 120 MB with attachments, and
/// the largest invoices' XML is a few megabytes.
pub const TAILLE_XML_MAX: usize = 50 << 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErreurFacturX {
    #[error("not a PDF: no %PDF- header")]
    PasUnPdf,
    #[error("the PDF cannot be read: {0}")]
    Illisible(String),
    #[error("the PDF is encrypted, which a Factur-X (PDF/A-3) never is")]
    Chiffre,
    #[error("the PDF goes beyond what facteur reads: {0}")]
    Limite(String),
    #[error(
        "the PDF carries no Factur-X attachment (no /AF entry or embedded file named factur-x.xml, zugferd-invoice.xml or xrechnung.xml){}",
        trouvees_en_clair(.trouvees)
    )]
    SansPieceJointe { trouvees: Vec<String> },
    #[error("the attachment {nom} has no embedded file stream (/EF /F)")]
    SansFlux { nom: String },
    #[error(
        "{quoi} is compressed with an unsupported filter /{filtre} (facteur decodes /FlateDecode or no filter)"
    )]
    FiltreNonPris { quoi: String, filtre: String },
    #[error("{quoi} is larger than {limite} bytes once decompressed")]
    TropGrand { quoi: String, limite: usize },
    #[error("{quoi} is corrupt: {raison}")]
    Corrompu { quoi: String, raison: String },
}

fn trouvees_en_clair(trouvees: &[String]) -> String {
    if trouvees.is_empty() {
        String::new()
    } else {
        format!("; its attachments: {}", trouvees.join(", "))
    }
}

/// The invoice XML carried by a Factur-X, ZUGFeRD 2 or XRechnung PDF, as it is in the file.
/// The attachment is found by name through the catalog's `/AF` and `/Names /EmbeddedFiles`,
/// never by its place in the file. Whether it is CII is for the caller to check.
pub fn extraire_xml(pdf: &[u8]) -> Result<Vec<u8>, ErreurFacturX> {
    let lecteur = Lecteur::ouvrir(pdf)?;
    let catalogue = lecteur.catalogue()?;
    let pieces = pieces::pieces(&lecteur, &catalogue)?;
    let Some((piece, nom)) = facture(&pieces) else {
        if lecteur.derniere_xref.is_none() {
            // What was found by scanning a damaged file may be an earlier revision of it.
            return Err(ErreurFacturX::Illisible(
                "its cross-reference data is missing or damaged (a truncated file?), and no Factur-X attachment was found in what remains".into(),
            ));
        }
        return Err(ErreurFacturX::SansPieceJointe {
            trouvees: pieces.iter().filter_map(|p| p.noms.first().cloned()).collect(),
        });
    };
    let sans_flux = || ErreurFacturX::SansFlux { nom: nom.clone() };
    let ef = match piece.filespec.get(b"EF") {
        Some(ef) => lecteur.dict(ef)?.ok_or_else(sans_flux)?,
        None => return Err(sans_flux()),
    };
    let Some(Objet::Reference(num, _)) = ef.get(b"F").or_else(|| ef.get(b"UF")) else {
        return Err(sans_flux());
    };
    let Indirect::Flux(flux) = lecteur.charger(*num, 0)? else {
        return Err(sans_flux());
    };
    let dict = lecteur.filtres_directs(flux.dict, 0)?;
    lecteur.decoder(&dict, flux.brut, TAILLE_XML_MAX, &format!("the attachment {nom}"))
}

/// The attachment that is the invoice, and the name it was found by.
fn facture(pieces: &[Piece]) -> Option<(&Piece, String)> {
    NOMS_PIECE.iter().find_map(|&attendu| {
        pieces.iter().find_map(|p| {
            p.noms
                .iter()
                .find(|n| nom_de_fichier(n).eq_ignore_ascii_case(attendu))
                .map(|n| (p, n.clone()))
        })
    })
}

/// A name without the folders some writers leave in front of it.
fn nom_de_fichier(nom: &str) -> &str {
    nom.trim().rsplit(['/', '\\']).next().unwrap_or(nom)
}

pub use ecriture::ecrire;
