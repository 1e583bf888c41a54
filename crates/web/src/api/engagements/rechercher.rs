use facteur_app::engagements::RechercheEngagements;
use facteur_domain::engagement::{CoteEngagement, EtatEngagement, TypeEngagement};
use facteur_domain::pagination::ParametresRetour;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Resume;
use crate::api::common::{Pagination, decimal, jour, opt_id, opt_text};
use crate::api::{Account, Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;
use facteur_app::factures::cents;

/// The criteria, under Chorus Pro's names (the project's search adds the side).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_text")]
    numero_engagement_juridique: Option<String>,
    /// The receiving structure's id: a supplier's software sends its own (as a string).
    #[serde(default, deserialize_with = "opt_id")]
    structure_receptrice_engagement_juridique: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    etat_courant_engagement_juridique: Option<String>,
    /// The kind of engagement.
    #[serde(default, deserialize_with = "opt_text")]
    code_engagement_juridique: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    numero_marche_engagement_juridique: Option<String>,
    #[serde(rename = "periodeDateNotificationEJDu", default, deserialize_with = "opt_text")]
    date_notification_du: Option<String>,
    #[serde(rename = "periodeDateNotificationEJAu", default, deserialize_with = "opt_text")]
    date_notification_au: Option<String>,
    #[serde(rename = "montantTTCMin", default)]
    montant_ttc_min: Value,
    #[serde(rename = "montantTTCMax", default)]
    montant_ttc_max: Value,
    #[serde(default)]
    parametres_recherche: Option<Pagination>,
    /// The project's search: `EMETTEUR` or `RECEPTEUR`, and the structure of that side.
    #[serde(default, deserialize_with = "opt_text")]
    vue: Option<String>,
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
}

const COLUMNS: &[&str] =
    &["DateCreationEJ", "NumeroEJ", "DateNotificationEJ", "MontantTTC", "EtatCourantEJ"];

fn schema_recherche(vue: bool) -> Value {
    let mut properties = json!({
        "numeroEngagementJuridique": schema::text(50),
        "structureReceptriceEngagementJuridique": schema::id(),
        "etatCourantEngagementJuridique": schema::code(EtatEngagement::CODES),
        "codeEngagementJuridique": schema::code(TypeEngagement::CODES),
        "numeroMarcheEngagementJuridique": schema::text(50),
        "periodeDateNotificationEJDu": schema::date(),
        "periodeDateNotificationEJAu": schema::date(),
        "montantTTCMin": {"type": ["number", "string", "null"]},
        "montantTTCMax": {"type": ["number", "string", "null"]},
        "parametresRecherche": Pagination::schema(COLUMNS),
    });
    if vue {
        properties["vue"] = schema::code(&["EMETTEUR", "RECEPTEUR"]);
        properties["idStructure"] = schema::id();
    }
    schema::object(properties, &[])
}

impl Request {
    fn criteria(self, cote: CoteEngagement) -> Result<RechercheEngagements, ApiError> {
        let mut errors = Vec::new();
        let min = decimal("montantTTCMin", &self.montant_ttc_min, &mut errors);
        let max = decimal("montantTTCMax", &self.montant_ttc_max, &mut errors);
        if !errors.is_empty() {
            return Err(ApiError::Schema(errors));
        }
        let cents = |d: Option<rust_decimal::Decimal>| d.map(cents).transpose();
        let (montant_ttc_min, montant_ttc_max) = (cents(min)?, cents(max)?);
        let pagination = self.parametres_recherche.unwrap_or_default();
        let tri = match pagination.tri_colonne.as_deref() {
            Some("NumeroEJ") => "numero",
            Some("DateNotificationEJ") => "date_notification",
            Some("MontantTTC") => "montant_ttc",
            Some("EtatCourantEJ") => "etat",
            _ => "created_at",
        };
        let etats = self
            .etat_courant_engagement_juridique
            .and_then(|e| e.parse::<EtatEngagement>().ok())
            .into_iter()
            .collect();
        let day = |text: &Option<String>| text.as_deref().and_then(jour);
        Ok(RechercheEngagements {
            structure_id: match cote {
                CoteEngagement::Recepteur => {
                    self.id_structure.or(self.structure_receptrice_engagement_juridique)
                }
                CoteEngagement::Emetteur => self.id_structure,
            },
            numero: self.numero_engagement_juridique,
            etats,
            type_engagement: self.code_engagement_juridique,
            numero_marche: self.numero_marche_engagement_juridique,
            date_notification_du: day(&self.date_notification_du),
            date_notification_au: day(&self.date_notification_au),
            montant_ttc_min,
            montant_ttc_max,
            tri,
            page: pagination.page(),
        })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    liste_engagement_juridique: Vec<Resume>,
    parametres_retour: ParametresRetour,
}

async fn rechercher(
    ctx: Ctx,
    request: Request,
    cote: CoteEngagement,
) -> Result<Response, ApiError> {
    let criteria = request.criteria(cote)?;
    let (rows, parametres_retour) =
        ctx.app.rechercher_engagements(ctx.caller()?, cote, &criteria).await?;
    Ok(Response {
        liste_engagement_juridique: rows.into_iter().map(Resume::from).collect(),
        parametres_retour,
    })
}

/// `rechercherEngagementJuridique`: the engagements a structure received. What suppliers'
/// software calls to check the order reference of an invoice before sending it.
pub struct Rechercher;

impl Operation for Rechercher {
    const PATH: &'static str = "/cpro/engagementsJuridiques/v1/rechercher";
    const ID: &'static str = "rechercherEngagementJuridique";
    const SUMMARY: &'static str = "The engagements a structure received";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema_recherche(false)
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        rechercher(ctx, request, CoteEngagement::Recepteur).await
    }
}

/// The project's search, from either side.
pub struct RechercherApi;

impl Operation for RechercherApi {
    const PATH: &'static str = "/api/v1/engagements/rechercher";
    const ID: &'static str = "rechercherEngagements";
    const SUMMARY: &'static str =
        "The engagements a structure issued (vue EMETTEUR) or received (vue RECEPTEUR)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema_recherche(true)
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let cote = match request.vue.as_deref() {
            Some("EMETTEUR") => CoteEngagement::Emetteur,
            _ => CoteEngagement::Recepteur,
        };
        rechercher(ctx, request, cote).await
    }
}
