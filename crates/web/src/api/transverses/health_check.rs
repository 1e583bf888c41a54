use serde::Serialize;

use crate::api::{Account, Ctx, Empty, Operation, Verb};
use crate::error::ApiError;

/// `GET health-check`. Chorus Pro answers with a serialised Spring `ResponseEntity`, and
/// clients read `statusCodeValue`; the platform answers the same, after checking its
/// database.
pub struct HealthCheck;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    headers: serde_json::Map<String, serde_json::Value>,
    body: &'static str,
    status_code: &'static str,
    status_code_value: u16,
}

impl Operation for HealthCheck {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/cpro/transverses/v1/health-check";
    const ID: &'static str = "healthCheck";
    const SUMMARY: &'static str = "Checks that the API and its database answer";
    const ACCOUNT: Account = Account::None;
    type Request = Empty;
    type Response = Response;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Response, ApiError> {
        ctx.app.store().ping().await.map_err(facteur_app::AppError::from)?;
        Ok(Response {
            headers: Default::default(),
            body: "OK",
            status_code: "OK",
            status_code_value: 200,
        })
    }
}
