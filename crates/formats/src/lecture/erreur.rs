//! Why an invoice could not be read.

use crate::facturx::ErreurFacturX;
use crate::xml::ErreurXml;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErreurLecture {
    /// Not well-formed XML, or beyond the reader's limits.
    #[error(transparent)]
    Xml(#[from] ErreurXml),
    /// A value the model cannot hold, e.g. "`/Invoice/cbc:IssueDate` line 7: [2024-13-45] is
    /// not a date. Expected [YYYY-MM-DD]".
    #[error("`{chemin}` line {ligne}: [{valeur}] is not {quoi}. Expected [{attendu}]")]
    Valeur { chemin: String, ligne: u32, valeur: String, quoi: &'static str, attendu: &'static str },
    /// A document that is none of the invoice syntaxes.
    #[error("the root element is [{trouvee}]. Expected [{attendues}]")]
    Racine { trouvee: String, attendues: &'static str },
    /// A PDF that holds no readable Factur-X invoice.
    #[error("Factur-X: {0}")]
    FacturX(#[from] ErreurFacturX),
    /// A Factur-X whose embedded invoice is not CII.
    #[error(
        "Factur-X: the embedded invoice's root element is [{0}]. Expected [CII CrossIndustryInvoice]"
    )]
    FacturXPasCii(String),
}
