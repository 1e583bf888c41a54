use serde::Serialize;

use crate::api::{Ctx, Empty, Operation};
use crate::error::ApiError;

/// `recupererStructuresActivesPourFournisseur`: how a supplier learns its own
/// `idFournisseur`: the active structures it may invoice for.
pub struct PourFournisseur;

/// `recupererStructuresActivesPourDestinataire`: the active public structures the caller
/// receives invoices for.
pub struct PourDestinataire;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Structure {
    #[serde(rename = "idStructureCPP")]
    id_structure_cpp: i64,
    designation_structure: String,
    identifiant: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    liste_structures: Vec<Structure>,
}

async fn structures(ctx: Ctx, destinataire: bool) -> Result<Response, ApiError> {
    let structures = ctx.app.structures_actives(ctx.caller()?, destinataire).await?;
    let liste_structures = structures
        .into_iter()
        .map(|s| Structure {
            id_structure_cpp: s.id,
            designation_structure: s.raison_sociale,
            identifiant: s.identifiant,
        })
        .collect();
    Ok(Response { liste_structures })
}

impl Operation for PourFournisseur {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/structures/actives/fournisseur";
    const ID: &'static str = "recupererStructuresActivesPourFournisseur";
    const SUMMARY: &'static str = "The active structures the caller invoices for";
    type Request = Empty;
    type Response = Response;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Response, ApiError> {
        structures(ctx, false).await
    }
}

impl Operation for PourDestinataire {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/structures/actives/destinataire";
    const ID: &'static str = "recupererStructuresActivesPourDestinataire";
    const SUMMARY: &'static str = "The active public structures the caller receives invoices for";
    type Request = Empty;
    type Response = Response;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Response, ApiError> {
        structures(ctx, true).await
    }
}
