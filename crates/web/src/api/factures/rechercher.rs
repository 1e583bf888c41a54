use chrono::NaiveDate;
use facteur_app::factures::{RechercheFactures, Role};
use facteur_domain::pagination::ParametresRetour;
use facteur_domain::statut_facture::StatutFacture;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Resume;
use crate::api::common::{Pagination, jour, opt_id, opt_text};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `rechercherFactureParFournisseur`: the invoices a supplier issued.
pub struct RechercherFournisseur;
/// `rechercherFactureParRecipiendaire`: the invoices a recipient received.
pub struct RechercherRecipiendaire;

/// The criteria both searches share, under their own names.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_id")]
    id_fournisseur: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    id_destinataire: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    numero_facture: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    type_facture: Option<String>,
    #[serde(default)]
    statut_courant: Value,
    #[serde(default, deserialize_with = "opt_text")]
    periode_date_depot_du: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    periode_date_depot_au: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    periode_date_facture_du: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    periode_date_facture_au: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    numero_bon_commande: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    numero_flux_depot: Option<String>,
    #[serde(default)]
    montant_ttc_min: Option<Value>,
    #[serde(default)]
    montant_ttc_max: Option<Value>,
    #[serde(default)]
    recherche_facture_par_fournisseur: Option<Pagination>,
    #[serde(default)]
    param_recherche: Option<Pagination>,
    /// `rechercher/valideur`'s pagination key.
    #[serde(default)]
    pagination: Option<Pagination>,
    #[serde(default, deserialize_with = "opt_id")]
    id_valideur: Option<i64>,
}

fn day(text: &Option<String>) -> Option<NaiveDate> {
    text.as_deref().and_then(jour)
}

fn cents(value: &Option<Value>) -> Option<i64> {
    let text = match value.as_ref()? {
        Value::Number(n) => n.to_string(),
        Value::String(s) if !s.trim().is_empty() => s.trim().to_owned(),
        _ => return None,
    };
    let d: Decimal = text.parse().ok()?;
    i64::try_from(d * Decimal::ONE_HUNDRED).ok()
}

const COLUMNS: &[&str] =
    &["NumeroFacture", "DateFacture", "DateDepot", "MontantTTC", "Statut", "DateHeureEtatCourant"];

fn schema_recherche(pagination_key: &str) -> Value {
    let mut properties = json!({
        "idFournisseur": schema::id(),
        "idDestinataire": schema::id(),
        "numeroFacture": schema::text(20),
        "typeFacture": schema::code(facteur_domain::facture::TypeFacture::CODES),
        "statutCourant": {"anyOf": [schema::code(StatutFacture::CODES), {"type": "array", "items": schema::code(StatutFacture::CODES)}]},
        "periodeDateDepotDu": schema::date(), "periodeDateDepotAu": schema::date(),
        "periodeDateFactureDu": schema::date(), "periodeDateFactureAu": schema::date(),
        "periodeDateHeureEtatCourantDu": schema::date(), "periodeDateHeureEtatCourantAu": schema::date(),
        "numeroBonCommande": schema::text(50),
        "numeroFluxDepot": schema::text(25),
        "montantTtcMin": {"type": ["number", "string", "null"]},
        "montantTtcMax": {"type": ["number", "string", "null"]},
    });
    properties[pagination_key] = Pagination::schema(COLUMNS);
    schema::object(properties, &[])
}

impl Request {
    fn criteria(self, role: Role) -> RechercheFactures {
        let statuts = match &self.statut_courant {
            Value::String(s) if !s.is_empty() => vec![s.clone()],
            Value::Array(list) => list
                .iter()
                .filter_map(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        let pagination = match role {
            Role::Fournisseur => self.recherche_facture_par_fournisseur,
            Role::Destinataire => self.param_recherche,
            Role::Valideur => self.pagination,
        }
        .unwrap_or_default();
        let tri = match pagination.tri_colonne.as_deref() {
            Some("NumeroFacture") => "numero",
            Some("DateFacture") => "date_facture",
            Some("MontantTTC") => "montant_ttc",
            Some("Statut") => "statut",
            Some("DateHeureEtatCourant") => "date_statut",
            _ => "date_depot",
        };
        RechercheFactures {
            structure_id: match role {
                Role::Fournisseur => self.id_fournisseur,
                Role::Destinataire => self.id_destinataire,
                Role::Valideur => self.id_valideur,
            },
            numero: self.numero_facture,
            statuts,
            type_facture: self.type_facture,
            date_depot_du: day(&self.periode_date_depot_du),
            date_depot_au: day(&self.periode_date_depot_au),
            date_facture_du: day(&self.periode_date_facture_du),
            date_facture_au: day(&self.periode_date_facture_au),
            numero_engagement: self.numero_bon_commande,
            numero_flux_depot: self.numero_flux_depot,
            montant_ttc_min: cents(&self.montant_ttc_min),
            montant_ttc_max: cents(&self.montant_ttc_max),
            tri,
            page: pagination.page(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseFournisseur {
    liste_factures: Vec<Resume>,
    parametres_retour: ParametresRetour,
}

impl Operation for RechercherFournisseur {
    const PATH: &'static str = "/cpro/factures/v1/rechercher/fournisseur";
    const ID: &'static str = "rechercherFactureParFournisseur";
    const SUMMARY: &'static str = "The invoices a supplier issued";
    type Request = Request;
    type Response = ResponseFournisseur;

    fn schema() -> Value {
        schema_recherche("rechercheFactureParFournisseur")
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<ResponseFournisseur, ApiError> {
        let criteria = request.criteria(Role::Fournisseur);
        let (rows, parametres_retour) =
            ctx.app.rechercher_factures(ctx.caller()?, Role::Fournisseur, &criteria).await?;
        Ok(ResponseFournisseur {
            liste_factures: rows.into_iter().map(Resume::from).collect(),
            parametres_retour,
        })
    }
}

/// Chorus Pro answers this search with the pagination at the top level.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseRecipiendaire {
    liste_factures: Vec<Resume>,
    #[serde(flatten)]
    parametres_retour: ParametresRetour,
}

impl Operation for RechercherRecipiendaire {
    const PATH: &'static str = "/cpro/factures/v1/rechercher/recipiendaire";
    const ID: &'static str = "rechercherFactureParRecipiendaire";
    const SUMMARY: &'static str = "The invoices a recipient received (pagination at the top level)";
    type Request = Request;
    type Response = ResponseRecipiendaire;

    fn schema() -> Value {
        schema_recherche("paramRecherche")
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<ResponseRecipiendaire, ApiError> {
        let criteria = request.criteria(Role::Destinataire);
        let (rows, parametres_retour) =
            ctx.app.rechercher_factures(ctx.caller()?, Role::Destinataire, &criteria).await?;
        if rows.is_empty() {
            // Chorus Pro answers an empty search with a code, with HTTP 200.
            let champs = serde_json::json!({
                "listeFactures": [],
                "pageCourante": parametres_retour.page_courante,
                "pages": 0,
                "nbResultatsParPage": parametres_retour.nb_resultats_par_page,
                "total": 0,
            });
            return Err(ApiError::Fonctionnelle { code: 20000, libelle: "TRA_MSG_00.015", champs });
        }
        Ok(ResponseRecipiendaire {
            liste_factures: rows.into_iter().map(Resume::from).collect(),
            parametres_retour,
        })
    }
}

/// `rechercherFactureParValideur`: the invoices a structure validates (frameworks A9, A12).
pub struct RechercherValideur;

impl Operation for RechercherValideur {
    const PATH: &'static str = "/cpro/factures/v1/rechercher/valideur";
    const ID: &'static str = "rechercherFactureParValideur";
    const SUMMARY: &'static str = "The invoices a structure validates";
    type Request = Request;
    type Response = ResponseFournisseur;

    fn schema() -> Value {
        schema_recherche("pagination")
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<ResponseFournisseur, ApiError> {
        let criteria = request.criteria(Role::Valideur);
        let (rows, parametres_retour) =
            ctx.app.rechercher_factures(ctx.caller()?, Role::Valideur, &criteria).await?;
        Ok(ResponseFournisseur {
            liste_factures: rows.into_iter().map(Resume::from).collect(),
            parametres_retour,
        })
    }
}
