use facteur_domain::referentiel::MOTIFS_EXONERATION_TVA;
use serde::Serialize;
use serde_json::Value;

use super::LangueRequest;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;

/// The reasons an invoice may carry no VAT (`references.motifExonerationTva`).
pub struct RecupererMotifsExonerationTva;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Motif {
    code_motif_exoneration_tva: &'static str,
    libelle_motif_exoneration_tva: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    liste_motifs_exoneration_tva: Vec<Motif>,
}

impl Operation for RecupererMotifsExonerationTva {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/motifs/exonerationtva";
    const ID: &'static str = "recupererMotifsExonerationTva";
    const SUMMARY: &'static str = "Lists the VAT exemption reasons";
    type Request = LangueRequest;
    type Response = Response;

    fn schema() -> Value {
        LangueRequest::schema()
    }

    async fn handle(_: Ctx, request: LangueRequest) -> Result<Response, ApiError> {
        let langue = request.langue();
        let liste_motifs_exoneration_tva = MOTIFS_EXONERATION_TVA
            .iter()
            .map(|m| Motif {
                code_motif_exoneration_tva: m.code,
                libelle_motif_exoneration_tva: langue.pick(m.fr, m.en),
            })
            .collect();
        Ok(Response { liste_motifs_exoneration_tva })
    }
}
