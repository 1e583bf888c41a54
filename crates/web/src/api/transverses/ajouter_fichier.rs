use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use facteur_domain::piece_jointe::TAILLE_MAX_FICHIER;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::opt_text;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `ajouterFichierDansSysteme`: a file (10 MB at most) to attach afterwards to an invoice
/// by its `pieceJointeId`.
pub struct AjouterFichier;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default)]
    piece_jointe_fichier: String,
    #[serde(default, deserialize_with = "opt_text")]
    piece_jointe_nom: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    piece_jointe_extension: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    piece_jointe_id: i64,
}

/// A file sent as base64, with or without line breaks.
pub fn decode(field: &str, text: &str) -> Result<bytes::Bytes, ApiError> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    STANDARD.decode(compact).map(bytes::Bytes::from).map_err(|e| {
        ApiError::Schema(vec![format!(
            "#/{field}: [the file] is not base64 ({e}). Expected [the file in base64]"
        )])
    })
}

/// A base64 body of `bytes` bytes and the JSON around it.
pub const fn max_body(bytes: u64) -> usize {
    (bytes as usize).div_ceil(3) * 4 + (64 << 10)
}

impl Operation for AjouterFichier {
    const PATH: &'static str = "/cpro/transverses/v1/ajouter/fichier";
    const ID: &'static str = "ajouterFichierDansSysteme";
    const SUMMARY: &'static str = "Adds a file to attach to an invoice";
    const MAX_BODY: usize = max_body(TAILLE_MAX_FICHIER);
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({
                "pieceJointeFichier": {"type": "string", "minLength": 1},
                "pieceJointeNom": schema::text(50),
                "pieceJointeTypeMime": schema::text(255),
                "pieceJointeExtension": schema::text(10),
                "idUtilisateurCourant": schema::id(),
            }),
            &["pieceJointeFichier", "pieceJointeNom"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let contenu = decode("pieceJointeFichier", &request.piece_jointe_fichier)?;
        let nom = request.piece_jointe_nom.unwrap_or_default();
        let extension = request.piece_jointe_extension.as_deref();
        let fichier = ctx.app.ajouter_fichier(ctx.caller()?, &nom, extension, contenu).await?;
        Ok(Response { piece_jointe_id: fichier.id })
    }
}
