use facteur_domain::referentiel::TAUX_TVA;
use serde::Serialize;
use serde_json::Value;

use super::LangueRequest;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;

/// The VAT rates of France, Corsica and the overseas departments.
pub struct RecupererTauxTva;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TauxTva {
    code_taux_tva: &'static str,
    libelle_taux_tva: &'static str,
    /// A JSON number, as Chorus Pro writes it (`5.5`).
    valeur_taux_tva: serde_json::Number,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    liste_taux_tva: Vec<TauxTva>,
}

impl Operation for RecupererTauxTva {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/tauxtva";
    const ID: &'static str = "recupererTauxTva";
    const SUMMARY: &'static str = "Lists the VAT rates";
    type Request = LangueRequest;
    type Response = Response;

    fn schema() -> Value {
        LangueRequest::schema()
    }

    async fn handle(_: Ctx, request: LangueRequest) -> Result<Response, ApiError> {
        let langue = request.langue();
        let liste_taux_tva = TAUX_TVA
            .iter()
            .map(|t| TauxTva {
                code_taux_tva: t.code,
                libelle_taux_tva: langue.pick(t.fr, t.en),
                valeur_taux_tva: t.valeur().parse().unwrap_or_else(|_| 0.into()),
            })
            .collect();
        Ok(Response { liste_taux_tva })
    }
}
