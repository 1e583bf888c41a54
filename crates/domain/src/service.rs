//! Services of a structure: the units invoices are addressed to.

use crate::structure::TypeStructure;

/// The service code reserved for invoices between public bodies: a private supplier that
/// addresses it is refused.
pub const FACTURES_PUBLIQUES: &str = "FACTURES_PUBLIQUES";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeServiceError {
    #[error("[{0}] is not a valid service code. Expected [1 to 100 letters, digits, '-' or '_']")]
    Format(String),
}

/// A service code, as structures write them (`codeService`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodeService(String);

impl CodeService {
    pub fn parse(raw: &str) -> Result<Self, CodeServiceError> {
        let code = raw.trim();
        let valid = !code.is_empty()
            && code.len() <= 100
            && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if valid {
            Ok(Self(code.to_owned()))
        } else {
            Err(CodeServiceError::Format(raw.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether an issuer of this type may address this service.
    pub fn accepte_emetteur(&self, emetteur: TypeStructure) -> bool {
        self.0 != FACTURES_PUBLIQUES || emetteur == TypeStructure::Publique
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_invoices_service_refuses_private_suppliers() {
        let code = CodeService::parse("FACTURES_PUBLIQUES").unwrap();
        assert!(!code.accepte_emetteur(TypeStructure::Privee));
        assert!(code.accepte_emetteur(TypeStructure::Publique));
        assert!(CodeService::parse("SERV-01").unwrap().accepte_emetteur(TypeStructure::Privee));
        assert!(CodeService::parse("a b").is_err());
        assert!(CodeService::parse("").is_err());
    }
}
