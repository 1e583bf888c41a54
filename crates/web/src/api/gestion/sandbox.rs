//! `PUT /api/v1/sandbox/factures/{idFacture}/statut`: in qualification, an operator moves an
//! invoice as its recipient would, for software vendors' integration tests.

use facteur_domain::statut_facture::StatutFacture;
use serde::Deserialize;
use serde_json::{Value, json};

use super::Fait;
use crate::api::common::opt_text;
use crate::api::{Account, Ctx, Operation, Registry, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry.add::<AvancerFacture>()
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default)]
    statut: String,
    #[serde(default, deserialize_with = "opt_text")]
    motif: Option<String>,
    #[serde(default, rename = "numeroDPMandat", deserialize_with = "opt_text")]
    numero_dp_mandat: Option<String>,
}

pub struct AvancerFacture;

impl Operation for AvancerFacture {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/sandbox/factures/{idFacture}/statut";
    const ID: &'static str = "avancerFactureBacASable";
    const SUMMARY: &'static str =
        "Moves an invoice as its recipient would (qualification, operators)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Request;
    type Response = Fait;

    fn schema() -> Value {
        let mut statut = schema::code(StatutFacture::CODES);
        statut["type"] = json!("string");
        schema::object(
            json!({"statut": statut, "motif": schema::text(2000), "numeroDPMandat": schema::text(50)}),
            &["statut"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Fait, ApiError> {
        let vers: StatutFacture =
            request.statut.parse().map_err(|e: facteur_domain::code::UnknownCode| {
                ApiError::Schema(vec![format!("#/statut: {e}")])
            })?;
        ctx.app
            .avancer_facture(
                ctx.caller()?,
                ctx.id("idFacture")?,
                vers,
                request.motif.as_deref(),
                request.numero_dp_mandat.as_deref(),
            )
            .await?;
        Ok(Fait {})
    }
}
