use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{opt_id, opt_text};
use crate::api::factures::telecharger_groupe;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `telechargerPieceJointe`: the files of an object. For invoices (`DEMANDE_PAIEMENT`), the
/// same documents as `telecharger/groupe`; for engagements (`ENGAGEMENT_JURIDIQUE`), the
/// files attached to one, or the one named. The other objects come with their own domains.
pub struct TelechargerPieceJointe;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_text")]
    objet_piece_jointe: Option<String>,
    #[serde(default)]
    demande_paiement: Option<telecharger_groupe::Request>,
    #[serde(default)]
    engagement_juridique: Option<EngagementJuridique>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EngagementJuridique {
    #[serde(default, deserialize_with = "opt_id")]
    id_engagement_juridique: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    id_piece_jointe: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    piece_jointe: String,
    nom_fichier: String,
}

const OBJETS: &[&str] = &[
    "DEMANDE_PAIEMENT",
    "ENGAGEMENT_JURIDIQUE",
    "SOLLICITATION",
    "STRUCTURE_PIECEJOINTE",
    "STRUCTURE_MANDAT",
    "STRUCTURE_COORDONNEE_BANCAIRE",
    "UTILISATEUR",
];

impl Operation for TelechargerPieceJointe {
    const PATH: &'static str = "/cpro/transverses/v1/telecharger/pieceJointe";
    const ID: &'static str = "telechargerPieceJointe";
    const SUMMARY: &'static str = "The files of an invoice or of an engagement";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({
                "objetPieceJointe": schema::code(OBJETS),
                "demandePaiement": telecharger_groupe::request_schema(),
                "engagementJuridique": {
                    "type": ["object", "null"],
                    "properties": {"idEngagementJuridique": schema::id(), "idPieceJointe": schema::id()},
                },
                "sollicitation": {"type": ["object", "null"]},
                "structure": {"type": ["object", "null"]},
                "idUtilisateurCourant": schema::id(),
            }),
            &["objetPieceJointe"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let objet = request.objet_piece_jointe.unwrap_or_default();
        if objet == "ENGAGEMENT_JURIDIQUE" {
            let ej = request.engagement_juridique.unwrap_or_default();
            let Some(id) = ej.id_engagement_juridique else {
                return Err(ApiError::Schema(vec![
                    "#/engagementJuridique/idEngagementJuridique: [] is missing. Expected [the engagement's id]".into(),
                ]));
            };
            let fichier =
                ctx.app.pieces_jointes_engagement(ctx.caller()?, id, ej.id_piece_jointe).await?;
            return Ok(Response {
                piece_jointe: STANDARD.encode(&fichier.contenu),
                nom_fichier: fichier.nom,
            });
        }
        let Some(demande) = request.demande_paiement.filter(|_| objet == "DEMANDE_PAIEMENT") else {
            return Err(ApiError::Schema(vec![format!(
                "#/objetPieceJointe: [{objet}] has no files here yet. Expected [DEMANDE_PAIEMENT with demandePaiement, ENGAGEMENT_JURIDIQUE with engagementJuridique]"
            )]));
        };
        let (ids, format) = demande.parse();
        let fichier = ctx.app.telecharger_factures(ctx.caller()?, &ids, format).await?;
        Ok(Response { piece_jointe: STANDARD.encode(&fichier.contenu), nom_fichier: fichier.nom })
    }
}
