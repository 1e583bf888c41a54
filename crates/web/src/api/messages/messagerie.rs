//! `/api/v1/structures/{idStructure}/messagerie`: whether a structure's messaging space is
//! open, and its switch (its principal manager or an operator), for the pilot phase.

use facteur_app::messages::EtatMessagerie;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::opt_bool;
use crate::api::{Account, Ctx, Empty, Operation, Registry, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry.add::<Consulter>()?.add::<Activer>()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Etat {
    /// Switched on for this structure.
    active: bool,
    /// Open to every structure by the platform's setting.
    ouverte_a_tous: bool,
    /// The structure may send and receive messages.
    ouverte: bool,
}

fn etat(e: EtatMessagerie) -> Etat {
    Etat { active: e.active, ouverte_a_tous: e.pour_tous, ouverte: e.ouverte() }
}

pub struct Consulter;

impl Operation for Consulter {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/messagerie";
    const ID: &'static str = "consulterMessagerie";
    const SUMMARY: &'static str = "Whether a structure's messaging space is open";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = Etat;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Etat, ApiError> {
        Ok(etat(ctx.app.etat_messagerie(ctx.caller()?, ctx.id("idStructure")?).await?))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Switch {
    #[serde(default, deserialize_with = "opt_bool")]
    active: Option<bool>,
}

pub struct Activer;

impl Operation for Activer {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/messagerie";
    const ID: &'static str = "activerMessagerie";
    const SUMMARY: &'static str =
        "Switches a structure's messaging space on or off (its principal manager or an operator)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Switch;
    type Response = Etat;

    fn schema() -> Value {
        schema::object(
            json!({"active": {"type": ["boolean", "string"], "enum": [true, false, "true", "false"]}}),
            &["active"],
        )
    }

    async fn handle(ctx: Ctx, s: Switch) -> Result<Etat, ApiError> {
        let active = s.active.unwrap_or(false);
        Ok(etat(ctx.app.activer_messagerie(ctx.caller()?, ctx.id("idStructure")?, active).await?))
    }
}
