use facteur_domain::referentiel;
use serde::Serialize;
use serde_json::Value;

use super::LangueRequest;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;

/// ISO 3166-1 countries, for addresses.
pub struct RecupererPays;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pays {
    code_pays: &'static str,
    libelle_pays: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    liste_pays: Vec<Pays>,
}

impl Operation for RecupererPays {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/pays";
    const ID: &'static str = "recupererPays";
    const SUMMARY: &'static str = "Lists the countries";
    type Request = LangueRequest;
    type Response = Response;

    fn schema() -> Value {
        LangueRequest::schema()
    }

    async fn handle(_: Ctx, request: LangueRequest) -> Result<Response, ApiError> {
        let langue = request.langue();
        let liste_pays = referentiel::pays()
            .iter()
            .map(|p| Pays { code_pays: p.code, libelle_pays: langue.pick(p.fr, p.en) })
            .collect();
        Ok(Response { liste_pays })
    }
}
