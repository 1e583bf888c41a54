use serde::Deserialize;
use serde_json::{Value, json};

use super::Detail;
use crate::api::common::{opt_id, opt_text};
use crate::api::{Account, Ctx, Empty, Operation, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_text")]
    numero_engagement_juridique: Option<String>,
    #[serde(default, deserialize_with = "opt_id")]
    id_engagement_juridique: Option<i64>,
    /// The structure, issuer or receiver, whose engagement of that number is meant; the
    /// caller's own when absent.
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
}

/// `consulterDetailEngagementJuridique`: an engagement by its number (or id), with its lines
/// and the invoices that quote it.
pub struct ConsulterDetail;

impl Operation for ConsulterDetail {
    const PATH: &'static str = "/cpro/engagementsJuridiques/v1/consulterDetail";
    const ID: &'static str = "consulterDetailEngagementJuridique";
    const SUMMARY: &'static str = "An engagement in full, by its number";
    type Request = Request;
    type Response = Detail;

    fn schema() -> Value {
        let properties = json!({
            "numeroEngagementJuridique": schema::text(50),
            "idEngagementJuridique": schema::id(),
            "idStructure": schema::id(),
        });
        schema::object(properties, &[])
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Detail, ApiError> {
        let caller = ctx.caller()?;
        let complet = match (request.id_engagement_juridique, request.numero_engagement_juridique) {
            (Some(id), _) => ctx.app.engagement_complet(caller, id).await?,
            (None, Some(numero)) => {
                ctx.app.engagement_par_numero(caller, &numero, request.id_structure).await?
            }
            (None, None) => {
                return Err(ApiError::Schema(vec![
                    "#/numeroEngagementJuridique: [] is missing. Expected [an engagement number]"
                        .into(),
                ]));
            }
        };
        Ok(complet.into())
    }
}

/// The project's reading of one engagement, by id.
pub struct Consulter;

impl Operation for Consulter {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/engagements/{idEngagement}";
    const ID: &'static str = "consulterEngagement";
    const SUMMARY: &'static str = "An engagement in full: lines, history, files, invoices";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = Detail;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Detail, ApiError> {
        Ok(ctx.app.engagement_complet(ctx.caller()?, ctx.id("idEngagement")?).await?.into())
    }
}
