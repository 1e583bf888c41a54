//! `POST /api/v1/messages`: sends a message to structures, lists and address-book entries.

use facteur_app::messages::{Envoi, MAX_DESTINATAIRES};
use facteur_domain::message::{CORPS_MAX, Corps, OBJET_MAX, Objet};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{horodatage, ids, invalide, schema_ids};
use crate::api::common::opt_id;
use crate::api::{Account, Ctx, Operation, Registry};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry.add::<Envoyer>()
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Demande {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
    #[serde(default)]
    objet: Option<String>,
    #[serde(default)]
    corps: Option<String>,
    #[serde(default, deserialize_with = "ids")]
    destinataires: Vec<i64>,
    #[serde(default, deserialize_with = "ids")]
    listes: Vec<i64>,
    #[serde(default, deserialize_with = "ids")]
    carnet: Vec<i64>,
    #[serde(default, deserialize_with = "ids")]
    pieces_jointes: Vec<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NonRemis {
    id_structure: i64,
    /// The reason as a code (`AUCUNE_FACTURE_ECHANGEE`…).
    motif: &'static str,
    libelle: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reponse {
    id_message: i64,
    date_envoi: String,
    nb_destinataires: usize,
    destinataires: Vec<i64>,
    non_remis: Vec<NonRemis>,
}

pub struct Envoyer;

impl Operation for Envoyer {
    const PATH: &'static str = "/api/v1/messages";
    const ID: &'static str = "envoyerMessage";
    const SUMMARY: &'static str = "Sends a message to structures the sender exchanged invoices with, directly or through its lists and address book; says who was skipped and why";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Demande;
    type Response = Reponse;

    fn schema() -> Value {
        schema::object(
            json!({
                "idStructure": schema::id(),
                "objet": {"type": "string", "minLength": 1, "maxLength": OBJET_MAX},
                "corps": {"type": "string", "minLength": 1, "maxLength": CORPS_MAX},
                "destinataires": schema_ids(MAX_DESTINATAIRES),
                "listes": schema_ids(100),
                "carnet": schema_ids(1_000),
                "piecesJointes": schema_ids(20),
            }),
            &["objet", "corps"],
        )
    }

    async fn handle(ctx: Ctx, d: Demande) -> Result<Reponse, ApiError> {
        let envoi = Envoi {
            structure_id: d.id_structure,
            objet: Objet::parse(d.objet.as_deref().unwrap_or_default()).map_err(invalide)?,
            corps: Corps::parse(d.corps.as_deref().unwrap_or_default()).map_err(invalide)?,
            destinataires: d.destinataires,
            listes: d.listes,
            carnet: d.carnet,
            pieces_jointes: d.pieces_jointes,
        };
        let envoye = ctx.app.envoyer_message(ctx.caller()?, &envoi).await?;
        Ok(Reponse {
            id_message: envoye.id,
            date_envoi: horodatage(envoye.envoye_le),
            nb_destinataires: envoye.destinataires.len(),
            destinataires: envoye.destinataires,
            non_remis: envoye
                .exclus
                .into_iter()
                .map(|e| NonRemis {
                    id_structure: e.structure_id,
                    motif: e.motif.code(),
                    libelle: e.motif.to_string(),
                })
                .collect(),
        })
    }
}
