use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::{Account, Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// The calling application's quotas and its calls per day over a period.
pub struct Consommation;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    date_debut: String,
    #[serde(default)]
    date_fin: Option<String>,
    #[serde(default)]
    tri_sens: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Jour {
    jour: NaiveDate,
    appels: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    client_id: String,
    quota_par_seconde: u32,
    quota_par_jour: u64,
    environnement: &'static str,
    liste_jours: Vec<Jour>,
}

/// The schema checked the form; the date is its first ten characters.
fn day(text: &str) -> Result<NaiveDate, ApiError> {
    let date = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
        ApiError::Schema(vec![format!("[{text}] is not a valid date. Expected [YYYY-MM-DD]")])
    })
}

impl Operation for Consommation {
    const PATH: &'static str = "/api/v1/gateway/consommation";
    const ID: &'static str = "consulterConsommation";
    const SUMMARY: &'static str = "The calling application's quotas and calls per day";
    const ACCOUNT: Account = Account::None;
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        let mut debut = schema::date();
        debut["type"] = json!("string");
        debut["minLength"] = json!(10);
        schema::object(
            json!({
                "dateDebut": debut,
                "dateFin": schema::date(),
                "triSens": schema::code(&["Ascendant", "Descendant"]),
            }),
            &["dateDebut"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let from = day(&request.date_debut)?;
        let to = match request.date_fin.as_deref().filter(|d| !d.is_empty()) {
            Some(d) => day(d)?,
            None => from,
        };
        let mut usage = ctx.app.quota_usage(&ctx.application, from, to).await?;
        if request.tri_sens.as_deref() == Some("Descendant") {
            usage.reverse();
        }
        Ok(Response {
            client_id: ctx.application.client_id.clone(),
            quota_par_seconde: ctx.application.quota.per_second,
            quota_par_jour: ctx.application.quota.per_day,
            environnement: ctx.app.environment().as_str(),
            liste_jours: usage.into_iter().map(|(jour, appels)| Jour { jour, appels }).collect(),
        })
    }
}
