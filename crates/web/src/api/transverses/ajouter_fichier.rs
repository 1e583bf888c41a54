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
    // Most clients send base64 in one line: decoded as it is, and compacted only when a line
    // break stopped the decoder (copying every body first cost 6 % of a flux deposit's CPU).
    let decoded = STANDARD.decode(text).or_else(|e| {
        if text.bytes().any(|b| b.is_ascii_whitespace()) {
            let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
            STANDARD.decode(compact)
        } else {
            Err(e)
        }
    });
    decoded.map(bytes::Bytes::from).map_err(|e| {
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn base64_is_read_in_one_line_or_wrapped_and_refused_otherwise() {
        assert_eq!(&decode("f", "JVBERi0xLjc=").unwrap()[..], b"%PDF-1.7");
        assert_eq!(&decode("f", "JVBE\r\nRi0x\nLjc=\n").unwrap()[..], b"%PDF-1.7");
        let ApiError::Schema(erreurs) = decode("fichierFlux", "JVBE*Ri0x").unwrap_err() else {
            panic!("not a schema error")
        };
        assert!(erreurs[0].starts_with("#/fichierFlux: [the file] is not base64"), "{erreurs:?}");
        assert!(decode("f", "JVB ERi0x Ljc=!").is_err());
    }
}
