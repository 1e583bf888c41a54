use facteur_domain::referentiel;
use serde::Serialize;
use serde_json::Value;

use super::LangueRequest;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;

/// ISO 4217 currencies, for `references.deviseFacture`.
pub struct RecupererDevises;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Devise {
    code_devise: &'static str,
    libelle_devise: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    liste_devises: Vec<Devise>,
}

impl Operation for RecupererDevises {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/devises";
    const ID: &'static str = "recupererDevises";
    const SUMMARY: &'static str = "Lists the currencies an invoice may be in";
    type Request = LangueRequest;
    type Response = Response;

    fn schema() -> Value {
        LangueRequest::schema()
    }

    async fn handle(_: Ctx, request: LangueRequest) -> Result<Response, ApiError> {
        let langue = request.langue();
        let liste_devises = referentiel::devises()
            .iter()
            .map(|d| Devise { code_devise: d.code, libelle_devise: langue.pick(d.fr, d.en) })
            .collect();
        Ok(Response { liste_devises })
    }
}
