//! `POST /api/v1/messages/recus` and `…/envoyes`: a structure's inbox (with its unread
//! count) and outbox, newest first, a page at a time.

use facteur_domain::pagination::ParametresRetour;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::horodatage;
use crate::api::common::{Pagination, opt_bool, opt_id};
use crate::api::{Account, Ctx, Operation, Registry};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry.add::<Recus>()?.add::<Envoyes>()
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recherche {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
    /// Archived messages too.
    #[serde(default, deserialize_with = "opt_bool")]
    avec_archives: Option<bool>,
    #[serde(default)]
    pagination: Option<Pagination>,
}

fn schema_recherche() -> Value {
    schema::object(
        json!({
            "idStructure": schema::id(),
            "avecArchives": schema::boolean(),
            "pagination": Pagination::schema(&["dateEnvoi"]),
        }),
        &[],
    )
}

impl Recherche {
    fn page(&self) -> facteur_domain::pagination::Page {
        self.pagination.as_ref().map(Pagination::page).unwrap_or_default()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageRecu {
    id_message: i64,
    id_structure_expediteur: i64,
    expediteur: String,
    objet: String,
    date_envoi: String,
    lu: bool,
    date_lecture: Option<String>,
    archive: bool,
    nb_pieces_jointes: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BoiteReception {
    non_lus: u64,
    liste_messages: Vec<MessageRecu>,
    parametres_retour: ParametresRetour,
}

pub struct Recus;

impl Operation for Recus {
    const PATH: &'static str = "/api/v1/messages/recus";
    const ID: &'static str = "rechercherMessagesRecus";
    const SUMMARY: &'static str =
        "A structure's inbox, newest first, with its unread count (archived messages on demand)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Recherche;
    type Response = BoiteReception;

    fn schema() -> Value {
        schema_recherche()
    }

    async fn handle(ctx: Ctx, r: Recherche) -> Result<BoiteReception, ApiError> {
        let (boite, parametres_retour) = ctx
            .app
            .messages_recus(
                ctx.caller()?,
                r.id_structure,
                r.avec_archives.unwrap_or(false),
                r.page(),
            )
            .await?;
        Ok(BoiteReception {
            non_lus: boite.non_lus,
            liste_messages: boite
                .messages
                .into_iter()
                .map(|m| MessageRecu {
                    id_message: m.id,
                    id_structure_expediteur: m.expediteur_id,
                    expediteur: m.expediteur,
                    objet: m.objet,
                    date_envoi: horodatage(m.envoye_le),
                    lu: m.lu_le.is_some(),
                    date_lecture: m.lu_le.map(horodatage),
                    archive: m.archive,
                    nb_pieces_jointes: m.pieces_jointes,
                })
                .collect(),
            parametres_retour,
        })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageEnvoye {
    id_message: i64,
    objet: String,
    date_envoi: String,
    nb_destinataires: i64,
    nb_lus: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BoiteEnvoi {
    liste_messages: Vec<MessageEnvoye>,
    parametres_retour: ParametresRetour,
}

pub struct Envoyes;

impl Operation for Envoyes {
    const PATH: &'static str = "/api/v1/messages/envoyes";
    const ID: &'static str = "rechercherMessagesEnvoyes";
    const SUMMARY: &'static str =
        "What a structure sent, newest first, with how many recipients read each";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Recherche;
    type Response = BoiteEnvoi;

    fn schema() -> Value {
        schema_recherche()
    }

    async fn handle(ctx: Ctx, r: Recherche) -> Result<BoiteEnvoi, ApiError> {
        let (rows, parametres_retour) =
            ctx.app.messages_envoyes(ctx.caller()?, r.id_structure, r.page()).await?;
        Ok(BoiteEnvoi {
            liste_messages: rows
                .into_iter()
                .map(|m| MessageEnvoye {
                    id_message: m.id,
                    objet: m.objet,
                    date_envoi: horodatage(m.envoye_le),
                    nb_destinataires: m.nombre_destinataires,
                    nb_lus: m.lus,
                })
                .collect(),
            parametres_retour,
        })
    }
}
