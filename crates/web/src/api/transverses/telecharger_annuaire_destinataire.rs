use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;

use crate::api::{Ctx, Empty, Operation};
use crate::error::ApiError;

/// `telechargerAnnuaireDestinataire`: the directory of active public recipients, as a ZIP
/// holding one CSV file (`;`-separated, UTF-8), base64-encoded.
pub struct TelechargerAnnuaireDestinataire;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    fichier_resultat: String,
}

/// Quotes a CSV field when it holds a separator, a quote or a line break.
fn field(value: &str) -> String {
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

fn zip(csv: &[u8]) -> Result<Vec<u8>, std::io::Error> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("annuaire_destinataires.csv", options).map_err(std::io::Error::other)?;
    zip.write_all(csv)?;
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

impl Operation for TelechargerAnnuaireDestinataire {
    const PATH: &'static str = "/cpro/transverses/v1/telecharger/annuaire/destinataire";
    const ID: &'static str = "telechargerAnnuaireDestinataire";
    const SUMMARY: &'static str = "The directory of public recipients, as a zipped CSV";
    const SUCCESS: &'static str = "GCU_MSG_01_000";
    type Request = Empty;
    type Response = Response;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Response, ApiError> {
        let structures = ctx.app.annuaire_destinataires().await?;
        let mut csv = String::from("idStructureCPP;siret;nomDestinataire;codePostal;ville\n");
        for s in structures {
            csv.push_str(&format!(
                "{};{};{};{};{}\n",
                s.id,
                field(&s.identifiant),
                field(&s.raison_sociale),
                field(&s.code_postal),
                field(&s.ville)
            ));
        }
        let bytes = zip(csv.as_bytes())
            .map_err(|e| facteur_app::AppError::Internal(format!("zip: {e}")))?;
        Ok(Response { fichier_resultat: STANDARD.encode(bytes) })
    }
}
