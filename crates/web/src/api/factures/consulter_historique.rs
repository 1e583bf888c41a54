use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{date_heure, opt_id};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `consulterHistoriqueFacture`: every status an invoice went through, who moved it and why.
pub struct ConsulterHistorique;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_id")]
    id_facture: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoStatut {
    histo_statut_id: i64,
    histo_statut_code: String,
    histo_statut_date_passage: String,
    histo_statut_commentaire: Option<String>,
    histo_statut_utilisateur_nom: Option<String>,
    histo_statut_utilisateur_prenom: Option<String>,
    histo_statut_utilisateur_email: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Historique {
    histo_statut: Vec<HistoStatut>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// The same integer the client sent.
    id_facture: i64,
    numero_facture: String,
    mode_depot: String,
    statut_courant_code: String,
    historiques_des_statuts: Historique,
}

impl Operation for ConsulterHistorique {
    const PATH: &'static str = "/cpro/factures/v1/consulter/historique";
    const ID: &'static str = "consulterHistoriqueFacture";
    const SUMMARY: &'static str = "The statuses an invoice went through";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({"idFacture": schema::id(), "idUtilisateurCourant": schema::id(), "idEspace": schema::id(), "nbResultatsMaximum": schema::id()}),
            &["idFacture"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let id = request.id_facture.unwrap_or_default();
        let (f, history) = ctx.app.historique_facture(ctx.caller()?, id).await?;
        Ok(Response {
            id_facture: f.id,
            numero_facture: f.numero,
            mode_depot: f.mode_depot,
            statut_courant_code: f.statut,
            historiques_des_statuts: Historique {
                histo_statut: history
                    .into_iter()
                    .map(|h| HistoStatut {
                        histo_statut_id: h.id,
                        histo_statut_code: h.statut,
                        histo_statut_date_passage: date_heure(h.date_passage),
                        histo_statut_commentaire: h.commentaire,
                        histo_statut_utilisateur_nom: h.nom,
                        histo_statut_utilisateur_prenom: h.prenom,
                        histo_statut_utilisateur_email: h.email,
                    })
                    .collect(),
            },
        })
    }
}
