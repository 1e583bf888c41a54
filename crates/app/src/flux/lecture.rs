//! Reading one document of a flux into an invoice: the one place facteur uses the `formats`
//! crate (UBL, CII, Factur-X into the EN 16931 model, with its business rules).

use facteur_domain::facture::Facture;
use facteur_domain::flux::FormatDonnees;
use facteur_formats::Syntaxe;

/// What a document gave.
#[derive(Debug, Clone)]
pub enum Lecture {
    /// An invoice that passed the EN 16931 rules.
    Facture { format: FormatDonnees, facture: Box<Facture>, siret_vendeur: Option<String> },
    /// An invoice that breaks rules (`[BR-CO-10] message`, one per failure) or that is no
    /// invoice Chorus Pro holds.
    Rejetee {
        format: FormatDonnees,
        numero: Option<String>,
        siret_vendeur: Option<String>,
        code_destinataire: Option<String>,
        erreurs: Vec<String>,
    },
    /// Not an invoice facteur reads (broken or hostile XML, a PDF without its XML…).
    Illisible(String),
}

/// Reads a document, whatever its format. CPU-bound: run it off the async threads.
pub fn lire(contenu: &[u8]) -> Lecture {
    let lu = match facteur_formats::lire(contenu) {
        Ok(lu) => lu,
        Err(e) => return Lecture::Illisible(e.to_string()),
    };
    let format = match lu.syntaxe {
        Syntaxe::Ubl => FormatDonnees::Ubl,
        Syntaxe::Cii => FormatDonnees::Cii,
        Syntaxe::FacturX => FormatDonnees::FacturX,
    };
    let siret_vendeur = lu.facture.siret_vendeur().map(str::to_owned);
    let fatals = regles_enfreintes(&lu);
    match lu.facture.vers_facture() {
        Ok(facture) if fatals.is_empty() => {
            Lecture::Facture { format, facture: Box::new(facture), siret_vendeur }
        }
        Ok(facture) => Lecture::Rejetee {
            format,
            numero: Some(facture.numero),
            siret_vendeur,
            code_destinataire: Some(facture.destinataire.code),
            erreurs: fatals,
        },
        Err(raisons) => Lecture::Rejetee {
            format,
            numero: lu.facture.invoice_number.clone(),
            siret_vendeur,
            code_destinataire: None,
            erreurs: if fatals.is_empty() { raisons } else { fatals },
        },
    }
}

/// The EN 16931 rules a document breaks, `[id] message` each (the official message starts
/// with its id already).
fn regles_enfreintes(lu: &facteur_formats::Lu) -> Vec<String> {
    lu.rapport
        .fatals()
        .map(|e| {
            if e.message.starts_with('[') {
                e.message.clone()
            } else {
                format!("[{}] {}", e.id, e.message)
            }
        })
        .collect()
}
