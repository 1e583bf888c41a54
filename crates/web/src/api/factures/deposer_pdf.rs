use facteur_domain::piece_jointe::TAILLE_MAX_FICHIER;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::opt_text;
use crate::api::transverses::ajouter_fichier::{decode, max_body};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `deposerPdfFacture`: an invoice's PDF, kept to be submitted with `soumettre` in
/// `DEPOT_PDF_API` mode under the `pieceJointeId` answered here.
pub struct DeposerPdf;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default)]
    fichier_facture: String,
    #[serde(default, deserialize_with = "opt_text")]
    nom_fichier: Option<String>,
}

/// Chorus Pro reads the invoice's data from the PDF and answers them, for the supplier to
/// check before submitting. facteur reads no data out of a plain PDF: the fields are there,
/// empty, for clients that read them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    piece_jointe_id: i64,
    numero_facture: Option<String>,
    date_facture: Option<String>,
    code_destinataire: Option<String>,
    code_service_executant: Option<String>,
    code_fournisseur: Option<String>,
    code_devise_facture: Option<String>,
    type_facture: Option<String>,
    type_tva: Option<String>,
    numero_bon_commande: Option<String>,
    #[serde(rename = "montantTtcAvantRemiseGlobalTTC")]
    montant_ttc_avant_remise_global_ttc: Option<String>,
    montant_a_payer: Option<String>,
    montant_ht_total: Option<String>,
    #[serde(rename = "montantTVA")]
    montant_tva: Option<String>,
}

impl Operation for DeposerPdf {
    const PATH: &'static str = "/cpro/factures/v1/deposer/pdf";
    const ID: &'static str = "deposerPdfFacture";
    const SUMMARY: &'static str = "Deposits an invoice's PDF, to submit with soumettre";
    const SUCCESS: &'static str = "GCU_MSG_01_000";
    const MAX_BODY: usize = max_body(TAILLE_MAX_FICHIER);
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({
                "fichierFacture": {"type": "string", "minLength": 1},
                "nomFichier": schema::text(200),
                "formatDepot": schema::code(&["PDF_NON_SIGNE", "PDF_SIGNE_PADES", "PDF_SIGNE_XADES"]),
                "idUtilisateurCourant": schema::id(),
            }),
            &["fichierFacture", "nomFichier"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let contenu = decode("fichierFacture", &request.fichier_facture)?;
        let nom = request.nom_fichier.unwrap_or_default();
        let fichier = ctx.app.deposer_pdf(ctx.caller()?, &nom, contenu).await?;
        Ok(Response {
            piece_jointe_id: fichier.id,
            numero_facture: None,
            date_facture: None,
            code_destinataire: None,
            code_service_executant: None,
            code_fournisseur: None,
            code_devise_facture: None,
            type_facture: None,
            type_tva: None,
            numero_bon_commande: None,
            montant_ttc_avant_remise_global_ttc: None,
            montant_a_payer: None,
            montant_ht_total: None,
            montant_tva: None,
        })
    }
}
