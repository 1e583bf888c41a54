//! Attachments (`pièces jointes`): the files a supplier adds to an invoice, with Chorus Pro's
//! limits on their names, kinds and sizes.

/// One file: 10 MB at most.
pub const TAILLE_MAX_FICHIER: u64 = 10 * 1024 * 1024;
/// All the files of one invoice: 120 MB at most (also the largest `telecharger/groupe`).
pub const TAILLE_MAX_FACTURE: u64 = 120 * 1024 * 1024;
/// An attachment's name, extension included.
pub const LONGUEUR_MAX_NOM: usize = 50;
/// The name of an invoice deposited as a PDF (`deposer/pdf`'s `nomFichier`).
pub const LONGUEUR_MAX_NOM_FACTURE: usize = 200;

/// The extensions Chorus Pro accepts for attachments.
pub const EXTENSIONS: &[&str] = &[
    "BMP", "CSV", "DOC", "DOCX", "FAX", "GIF", "GZ", "GZIP", "HTM", "HTML", "JPEG", "JPG", "ODP",
    "ODS", "ODT", "P7S", "PDF", "PNG", "PPS", "PPT", "PPTX", "RTF", "SVG", "TGZ", "TIF", "TIFF",
    "TXT", "XHTML", "XLC", "XLM", "XLS", "XLSX", "XML", "ZIP",
];

crate::code_enum! {
    /// What a file is to its invoice.
    pub enum RolePieceJointe ("attachment role") {
        /// The invoice itself, as deposited (`deposer/pdf`, a paper invoice's scan).
        Facture = "FACTURE",
        /// `pieceJointePrincipale`: the document the invoice's data were typed from.
        Principale = "PRINCIPALE",
        /// `pieceJointeComplementaire`: a supporting document.
        Complementaire = "COMPLEMENTAIRE",
    }
}

/// An attachment's name: 1 to 50 characters, no path, an accepted extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NomFichier {
    nom: String,
    extension: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NomFichierError {
    #[error("[{0}] is not a file name. Expected [1 to {1} characters]")]
    Longueur(String, usize),
    #[error("[{0}] is not a file name. Expected [a name without / or \\ or control characters]")]
    Caracteres(String),
    #[error("[{0}] has no accepted extension. Expected [one of {list}]", list = EXTENSIONS.join(", "))]
    Extension(String),
}

impl NomFichier {
    /// The name as given, checked; `extension` is taken from the name when absent, and
    /// must agree with it when given.
    pub fn parse(nom: &str, extension: Option<&str>) -> Result<Self, NomFichierError> {
        Self::parse_within(nom, extension, LONGUEUR_MAX_NOM)
    }

    /// The name of an invoice deposited as a PDF: longer names are accepted, and only PDF.
    pub fn parse_facture_pdf(nom: &str) -> Result<Self, NomFichierError> {
        let parsed = Self::parse_within(nom, None, LONGUEUR_MAX_NOM_FACTURE)?;
        if parsed.extension == "PDF" {
            Ok(parsed)
        } else {
            Err(NomFichierError::Extension(parsed.nom))
        }
    }

    fn parse_within(
        nom: &str,
        extension: Option<&str>,
        longueur_max: usize,
    ) -> Result<Self, NomFichierError> {
        let nom = nom.trim();
        let length = nom.chars().count();
        if length == 0 || length > longueur_max {
            return Err(NomFichierError::Longueur(nom.to_owned(), longueur_max));
        }
        if nom.chars().any(|c| c == '/' || c == '\\' || c.is_control()) || nom.starts_with('.') {
            return Err(NomFichierError::Caracteres(nom.to_owned()));
        }
        let from_name = nom.rsplit_once('.').map(|(_, ext)| ext);
        let wanted = extension.map(|e| e.trim().trim_start_matches('.')).or(from_name);
        let known = wanted
            .filter(|w| from_name.is_none_or(|n| n.eq_ignore_ascii_case(w)))
            .and_then(|w| EXTENSIONS.iter().find(|e| e.eq_ignore_ascii_case(w)));
        match known {
            Some(extension) => Ok(Self { nom: nom.to_owned(), extension }),
            None => Err(NomFichierError::Extension(nom.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.nom
    }

    /// The extension, in capitals as Chorus Pro lists it.
    pub fn extension(&self) -> &'static str {
        self.extension
    }

    /// The media type a browser expects for the extension.
    pub fn type_mime(&self) -> &'static str {
        match self.extension {
            "PDF" => "application/pdf",
            "XML" => "application/xml",
            "PNG" => "image/png",
            "JPG" | "JPEG" => "image/jpeg",
            "GIF" => "image/gif",
            "TIF" | "TIFF" => "image/tiff",
            "SVG" => "image/svg+xml",
            "TXT" => "text/plain",
            "CSV" => "text/csv",
            "HTM" | "HTML" | "XHTML" => "text/html",
            "ZIP" => "application/zip",
            "GZ" | "GZIP" | "TGZ" => "application/gzip",
            _ => "application/octet-stream",
        }
    }
}

impl std::fmt::Display for NomFichier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.nom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_like_chorus_pro() {
        let ok = NomFichier::parse(" bon-de-commande.pdf ", None).unwrap();
        assert_eq!(
            (ok.as_str(), ok.extension(), ok.type_mime()),
            ("bon-de-commande.pdf", "PDF", "application/pdf")
        );
        assert_eq!(NomFichier::parse("scan.JPG", Some("jpg")).map(|n| n.extension()), Ok("JPG"));
        assert_eq!(
            NomFichier::parse("sans-extension", Some(".xlsx")).map(|n| n.extension()),
            Ok("XLSX")
        );
        assert!(matches!(NomFichier::parse("", None), Err(NomFichierError::Longueur(..))));
        assert!(matches!(
            NomFichier::parse(&format!("{}.pdf", "a".repeat(47)), None),
            Err(NomFichierError::Longueur(..))
        ));
        assert!(matches!(NomFichier::parse("virus.exe", None), Err(NomFichierError::Extension(_))));
        assert!(matches!(
            NomFichier::parse("facture.pdf", Some("xml")),
            Err(NomFichierError::Extension(_))
        ));
        assert!(matches!(
            NomFichier::parse("../etc/passwd.txt", None),
            Err(NomFichierError::Caracteres(_))
        ));
        assert!(matches!(NomFichier::parse(".pdf", None), Err(NomFichierError::Caracteres(_))));
        let long = format!("{}.pdf", "f".repeat(150));
        assert!(NomFichier::parse(&long, None).is_err());
        assert_eq!(NomFichier::parse_facture_pdf(&long).map(|n| n.extension()), Ok("PDF"));
        assert!(NomFichier::parse_facture_pdf("facture.xml").is_err());
    }
}
