//! The recipient a deposit or a recycling names, as Chorus Pro's clients send it.

use facteur_domain::facture::Destinataire;
use facteur_domain::service::CodeService;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::common::opt_text;
use crate::gateway::schema;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinataireJson {
    #[serde(default, deserialize_with = "opt_text")]
    code_destinataire: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    code_service_executant: Option<String>,
}

impl DestinataireJson {
    /// The recipient; a service code that is not one is a reason added to `errors`, and
    /// the recipient is then read without it.
    pub fn parse(self, errors: &mut Vec<String>) -> Destinataire {
        let code_service = match self.code_service_executant.as_deref().map(CodeService::parse) {
            Some(Ok(code)) => Some(code),
            Some(Err(e)) => {
                errors.push(format!("#/destinataire/codeServiceExecutant: {e}"));
                None
            }
            None => None,
        };
        Destinataire { code: self.code_destinataire.unwrap_or_default(), code_service }
    }

    pub fn schema() -> Value {
        schema::object(
            json!({"codeDestinataire": schema::text(20), "codeServiceExecutant": schema::text(100)}),
            &["codeDestinataire"],
        )
    }
}
