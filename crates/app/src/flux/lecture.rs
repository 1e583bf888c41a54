//! Reading one document of a flux into an invoice: the one place facteur uses the `formats`
//! crate (UBL, CII, Factur-X into the EN 16931 model, with its business rules).
//!
//! TO WIRE: until `facteur-formats` is on main, every document is answered unreadable, so
//! that the rest of the pipeline (archives, reports, leases, crash recovery) is built and
//! tested on its rejection paths. Wiring it is this file alone:
//! `facteur_formats::lire(contenu)` → `Err(e)` is [`Lecture::Illisible`] with `e`'s message;
//! `Ok(lu)` with `lu.rapport.fatals()` is [`Lecture::Rejetee`] with one `[id] message` per
//! failure; else `lu.facture.vers_facture()` gives [`Lecture::Facture`] (its `Err(reasons)`
//! a [`Lecture::Rejetee`]), the seller from `lu.facture.siret_vendeur()`, the format from
//! `lu.syntaxe`.

use facteur_domain::facture::Facture;
use facteur_domain::flux::FormatDonnees;

/// What a document gave.
#[derive(Debug, Clone)]
// Until the formats crate is wired, only `Illisible` is built.
#[allow(dead_code)]
pub enum Lecture {
    /// An invoice that passed the EN 16931 rules.
    Facture { format: FormatDonnees, facture: Box<Facture>, siret_vendeur: Option<String> },
    /// An invoice that breaks rules: `[BR-CO-10] message`, one per failure.
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
    let _ = contenu;
    Lecture::Illisible(
        "this platform cannot read UBL, CII or Factur-X yet (the formats crate is not wired)"
            .to_owned(),
    )
}
