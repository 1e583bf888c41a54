use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use facteur_app::factures::FormatTelechargement;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{nullable, opt_id, opt_text};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `telechargerGroupeFacture`: invoices' documents, base64: `PDF` gives each invoice's
/// rendering with its original PDF (and its other files with
/// `avecPiecesJointesComplementaires`), `PIVOT` its EN 16931 XML; one file alone, several in
/// a ZIP; past 120 MB, HTTP 413.
pub struct TelechargerGroupe;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdFacture {
    #[serde(default, deserialize_with = "opt_id")]
    id_facture: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "nullable")]
    liste_facture: Vec<IdFacture>,
    #[serde(default, deserialize_with = "opt_text")]
    format: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    avec_pieces_jointes_complementaires: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    fichier_resultat: String,
    nom_fichier: String,
    type_mime: String,
}

impl Request {
    /// The invoices and format asked for, shared with `telecharger/pieceJointe`.
    pub fn parse(self) -> (Vec<i64>, FormatTelechargement) {
        let ids = self.liste_facture.iter().filter_map(|f| f.id_facture).collect();
        let format = match self.format.as_deref() {
            Some(f) if f.eq_ignore_ascii_case("PIVOT") => FormatTelechargement::Pivot,
            _ => FormatTelechargement::Pdf {
                avec_pieces_complementaires: self
                    .avec_pieces_jointes_complementaires
                    .is_some_and(|o| o.eq_ignore_ascii_case("oui") || o == "true"),
            },
        };
        (ids, format)
    }
}

pub fn request_schema() -> Value {
    schema::object(
        json!({
            "listeFacture": {"type": "array", "minItems": 1, "maxItems": 1000, "items": schema::object(
                json!({"idFacture": schema::id()}), &["idFacture"])},
            "format": schema::code(&["PDF", "PIVOT"]),
            "avecPiecesJointesComplementaires": {"type": ["string", "boolean", "null"]},
            "idEspace": schema::id(),
            "idUtilisateurCourant": schema::id(),
        }),
        &["listeFacture"],
    )
}

impl Operation for TelechargerGroupe {
    const PATH: &'static str = "/cpro/factures/v1/telecharger/groupe";
    const ID: &'static str = "telechargerGroupeFacture";
    const SUMMARY: &'static str =
        "Invoices as PDF (with their files) or EN 16931 XML, zipped when several";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        request_schema()
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let (ids, format) = request.parse();
        let fichier = ctx.app.telecharger_factures(ctx.caller()?, &ids, format).await?;
        Ok(Response {
            fichier_resultat: STANDARD.encode(&fichier.contenu),
            nom_fichier: fichier.nom,
            type_mime: fichier.type_mime.to_owned(),
        })
    }
}
