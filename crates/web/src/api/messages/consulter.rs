//! `POST /api/v1/messages/{idMessage}/consulter` and `PUT …/archivage`: one message, read
//! by a recipient (which marks it read) or by its sender (with each recipient's reading);
//! a recipient archives it or brings it back.

use facteur_app::messages::Vue;
use facteur_store::Reception;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::horodatage;
use crate::api::common::{opt_bool, opt_id};
use crate::api::gestion::Fait;
use crate::api::{Account, Ctx, Operation, Registry, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry.add::<Consulter>()?.add::<Archiver>()?.add::<TelechargerPieces>()
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Demande {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PieceJointe {
    id_piece_jointe: i64,
    nom: String,
    type_mime: String,
    taille: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lecture {
    id_structure: i64,
    designation: String,
    lu: bool,
    date_lecture: Option<String>,
}

fn lecture(r: Reception) -> Lecture {
    Lecture {
        id_structure: r.structure_id,
        designation: r.raison_sociale,
        lu: r.lu_le.is_some(),
        date_lecture: r.lu_le.map(horodatage),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    id_message: i64,
    id_structure_expediteur: i64,
    expediteur: String,
    objet: String,
    corps: String,
    date_envoi: String,
    nb_destinataires: i64,
    pieces_jointes: Vec<PieceJointe>,
    /// For a recipient: its own reading.
    #[serde(skip_serializing_if = "Option::is_none")]
    date_lecture: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive: Option<bool>,
    /// For the sender: every recipient's reading.
    #[serde(skip_serializing_if = "Option::is_none")]
    destinataires: Option<Vec<Lecture>>,
}

pub struct Consulter;

impl Operation for Consulter {
    const PATH: &'static str = "/api/v1/messages/{idMessage}/consulter";
    const ID: &'static str = "consulterMessage";
    const SUMMARY: &'static str =
        "One message: a recipient reading it marks it read; its sender sees who read it";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Demande;
    type Response = Message;

    fn schema() -> Value {
        schema::object(json!({"idStructure": schema::id()}), &[])
    }

    async fn handle(ctx: Ctx, d: Demande) -> Result<Message, ApiError> {
        let l =
            ctx.app.consulter_message(ctx.caller()?, d.id_structure, ctx.id("idMessage")?).await?;
        let m = l.message;
        let (date_lecture, archive, destinataires) = match l.vue {
            Vue::Destinataire(r) => (r.lu_le.map(horodatage), Some(r.archive), None),
            Vue::Expediteur(all) => (None, None, Some(all.into_iter().map(lecture).collect())),
        };
        Ok(Message {
            id_message: m.id,
            id_structure_expediteur: m.expediteur_id,
            expediteur: m.expediteur,
            objet: m.objet,
            corps: m.corps,
            date_envoi: horodatage(m.envoye_le),
            nb_destinataires: m.nombre_destinataires,
            pieces_jointes: l
                .pieces_jointes
                .into_iter()
                .map(|p| PieceJointe {
                    id_piece_jointe: p.id,
                    nom: p.nom,
                    type_mime: p.type_mime,
                    taille: p.taille,
                })
                .collect(),
            date_lecture,
            archive,
            destinataires,
        })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Archivage {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
    #[serde(default, deserialize_with = "opt_bool")]
    archive: Option<bool>,
}

pub struct Archiver;

impl Operation for Archiver {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/messages/{idMessage}/archivage";
    const ID: &'static str = "archiverMessage";
    const SUMMARY: &'static str =
        "Archives a received message (out of the inbox), or brings it back with archive false";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Archivage;
    type Response = Fait;

    fn schema() -> Value {
        schema::object(json!({"idStructure": schema::id(), "archive": schema::boolean()}), &[])
    }

    async fn handle(ctx: Ctx, a: Archivage) -> Result<Fait, ApiError> {
        let archive = a.archive.unwrap_or(true);
        ctx.app
            .archiver_message(ctx.caller()?, a.id_structure, ctx.id("idMessage")?, archive)
            .await?;
        Ok(Fait {})
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemandePieces {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    id_piece_jointe: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fichier {
    nom_fichier: String,
    /// The file, in base64.
    fichier: String,
}

/// A message's files, for its sender and its recipients.
pub struct TelechargerPieces;

impl Operation for TelechargerPieces {
    const PATH: &'static str = "/api/v1/messages/{idMessage}/pieces-jointes";
    const ID: &'static str = "telechargerPiecesJointesMessage";
    const SUMMARY: &'static str = "A message's attached files (or the one named by idPieceJointe): one as itself, several zipped";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = DemandePieces;
    type Response = Fichier;

    fn schema() -> Value {
        schema::object(json!({"idStructure": schema::id(), "idPieceJointe": schema::id()}), &[])
    }

    async fn handle(ctx: Ctx, d: DemandePieces) -> Result<Fichier, ApiError> {
        use base64::Engine as _;
        let id = ctx.id("idMessage")?;
        let f = ctx
            .app
            .telecharger_pieces_message(ctx.caller()?, d.id_structure, id, d.id_piece_jointe)
            .await?;
        Ok(Fichier {
            nom_fichier: f.nom,
            fichier: base64::engine::general_purpose::STANDARD.encode(f.contenu),
        })
    }
}
