use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{date_heure, date_service as date, opt_id};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `consulterServiceStructure`: one service, with whether it requires an engagement number.
pub struct ConsulterService;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
    #[serde(default, deserialize_with = "opt_id")]
    id_service: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdressePostale {
    adresse: String,
    code_postal: String,
    ville: String,
    pays: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InformationsGenerales {
    code_service: String,
    nom_service: String,
    description_service: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Parametres {
    /// Whether invoices to this service must quote an engagement number.
    numero_engagement: bool,
    mise_en_paiement: bool,
    date_creation: String,
    date_debut_validite: Option<String>,
    date_fin_validite: Option<String>,
    date_modification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    adresse_postale: AdressePostale,
    informations_generales: InformationsGenerales,
    parametres: Parametres,
}

impl Operation for ConsulterService {
    const PATH: &'static str = "/cpro/structures/v1/consulter/service";
    const ID: &'static str = "consulterServiceStructure";
    const SUMMARY: &'static str = "A service of a structure";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({"idStructure": schema::id(), "idService": schema::id(), "codeLangue": schema::code_langue()}),
            &["idStructure", "idService"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let s = ctx
            .app
            .consulter_service(
                ctx.caller()?,
                request.id_structure.unwrap_or_default(),
                request.id_service.unwrap_or_default(),
            )
            .await?;
        Ok(Response {
            adresse_postale: AdressePostale {
                adresse: s.adresse,
                code_postal: s.code_postal,
                ville: s.ville,
                pays: s.code_pays,
            },
            informations_generales: InformationsGenerales {
                code_service: s.code,
                nom_service: s.libelle,
                description_service: s.description,
            },
            parametres: Parametres {
                numero_engagement: s.numero_engagement_requis,
                mise_en_paiement: true,
                date_creation: date_heure(s.created_at),
                date_debut_validite: date(s.date_debut),
                date_fin_validite: date(s.date_fin),
                date_modification: date_heure(s.updated_at),
            },
        })
    }
}
