use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::opt_id;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `consulterStructureAvecTVAIntraCom`: a visible structure's general data and parameters.
pub struct Consulter;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, rename = "idStructureCPP", deserialize_with = "opt_id")]
    id_structure_cpp: Option<i64>,
    /// go-choruspro sends this name.
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdressePostale {
    adresse: String,
    code_postal: String,
    complement_adresse1: String,
    complement_adresse2: String,
    ville: String,
    pays: String,
    telephone: String,
    indicatif_telephone: String,
    fax: String,
    indicatif_fax: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InformationsGenerales {
    #[serde(rename = "idStructureCPP")]
    id_structure_cpp: i64,
    identifiant_structure: String,
    type_identifiant_structure: String,
    libelle_structure: String,
    raison_sociale_structure: String,
    nom_structure: String,
    prenom_structure: String,
    #[serde(rename = "numeroTVA")]
    numero_tva: String,
    numero_rcs_structure: String,
    email_structure: String,
    structure_privee_publique: String,
    est_valideur_deleguee: bool,
    id_structure_origine: Option<i64>,
    liste_structure_dupliquees: Vec<Value>,
    date_expiration_mot_passe_compte_tech: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Parametres {
    code_service_doit_etre_renseigne: bool,
    #[serde(rename = "numeroEJDoitEtreRenseigne")]
    numero_ej_doit_etre_renseigne: bool,
    #[serde(rename = "gestionNumeroEJOuCodeService")]
    gestion_numero_ej_ou_code_service: bool,
    statut_mise_en_paiement_nest_pas_remonte: bool,
    #[serde(rename = "connexionEDI")]
    connexion_edi: bool,
    #[serde(rename = "recevoirDonneesViaEDI")]
    recevoir_donnees_via_edi: bool,
    est_moa_uniquement: bool,
    est_valideur_delegue: bool,
    geta_moa: bool,
    non_diffusible_insee: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    adresse_postale_du_siege: AdressePostale,
    information_generales: InformationsGenerales,
    parametres: Parametres,
}

impl Operation for Consulter {
    const PATH: &'static str = "/cpro/structures/v1/consulter";
    const ID: &'static str = "consulterStructureAvecTVAIntraCom";
    const SUMMARY: &'static str = "A structure's general data and invoicing parameters";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({"idStructureCPP": schema::id(), "idStructure": schema::id(), "codeLangue": schema::code_langue()}),
            &[],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let id = request.id_structure_cpp.or(request.id_structure).ok_or_else(|| {
            ApiError::Schema(vec!["#/idStructureCPP: [] is missing. Expected [an integer]".into()])
        })?;
        let (s, expiry) = ctx.app.consulter_structure(ctx.caller()?, id).await?;
        Ok(Response {
            adresse_postale_du_siege: AdressePostale {
                adresse: s.adresse,
                code_postal: s.code_postal,
                complement_adresse1: s.complement_adresse_1,
                complement_adresse2: s.complement_adresse_2,
                ville: s.ville,
                pays: s.code_pays,
                telephone: s.telephone,
                indicatif_telephone: String::new(),
                fax: String::new(),
                indicatif_fax: String::new(),
            },
            parametres: Parametres {
                code_service_doit_etre_renseigne: s.code_service_doit_etre_renseigne,
                numero_ej_doit_etre_renseigne: s.numero_ej_doit_etre_renseigne,
                gestion_numero_ej_ou_code_service: s.gestion_numero_ej_ou_code_service,
                statut_mise_en_paiement_nest_pas_remonte: s
                    .statut_mise_en_paiement_nest_pas_remonte,
                connexion_edi: s.connexion_edi,
                recevoir_donnees_via_edi: s.recevoir_donnees_via_edi,
                est_moa_uniquement: s.est_moa_uniquement,
                est_valideur_delegue: false,
                geta_moa: s.est_moa,
                non_diffusible_insee: false,
            },
            information_generales: InformationsGenerales {
                id_structure_cpp: s.id,
                identifiant_structure: s.identifiant,
                type_identifiant_structure: s.type_identifiant,
                libelle_structure: s.libelle,
                raison_sociale_structure: s.raison_sociale,
                nom_structure: s.nom,
                prenom_structure: s.prenom,
                numero_tva: s.numero_tva,
                numero_rcs_structure: s.numero_rcs,
                email_structure: s.email,
                structure_privee_publique: s.type_structure,
                est_valideur_deleguee: false,
                id_structure_origine: None,
                liste_structure_dupliquees: Vec::new(),
                date_expiration_mot_passe_compte_tech: expiry.map(|e| e.to_rfc3339()),
            },
        })
    }
}
