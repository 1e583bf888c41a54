//! `POST /api/v1/structures`, `PUT /api/v1/structures/{idStructure}`,
//! `PUT /api/v1/structures/{idStructure}/gestionnaire-principal`.

use facteur_app::annuaire::{Adresse, StructureData, UserRef};
use facteur_domain::structure::{CategoriePrivee, ParametresStructure, TypePublic, TypeStructure};
use facteur_domain::{Identifiant, TypeIdentifiant};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Cree, Fait};
use crate::api::common::{opt_id, opt_text};
use crate::api::{Account, Ctx, Operation, Registry, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry.add::<Creer>()?.add::<Modifier>()?.add::<RemplacerGestionnairePrincipal>()
}

/// A structure's data as the API takes it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Donnees {
    #[serde(default)]
    type_identifiant_structure: Option<String>,
    #[serde(default)]
    identifiant_structure: String,
    #[serde(default)]
    type_structure: Option<String>,
    #[serde(default)]
    raison_sociale: String,
    #[serde(default, deserialize_with = "opt_text")]
    libelle: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    nom: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    prenom: Option<String>,
    #[serde(default, rename = "numeroTVA", deserialize_with = "opt_text")]
    numero_tva: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    numero_rcs: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    email: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    adresse: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    complement_adresse1: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    complement_adresse2: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    code_postal: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    ville: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    code_pays: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    telephone: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    categorie: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    type_public: Option<String>,
    #[serde(default)]
    parametres: ParametresStructure,
    #[serde(default)]
    actif: Option<bool>,
}

fn schema_donnees(required: &[&str]) -> Value {
    let text = schema::text(255);
    let flag = json!({"type": ["boolean", "null"]});
    schema::object(
        json!({
            "typeIdentifiantStructure": schema::code(TypeIdentifiant::CODES),
            "identifiantStructure": schema::text(80),
            "typeStructure": schema::code(TypeStructure::CODES),
            "raisonSociale": text, "libelle": text, "nom": text, "prenom": text,
            "numeroTVA": schema::text(20), "numeroRcs": schema::text(40), "email": schema::text(254),
            "adresse": text, "complementAdresse1": text, "complementAdresse2": text,
            "codePostal": schema::text(10), "ville": text, "codePays": schema::text(2),
            "telephone": schema::text(30),
            "categorie": schema::code(CategoriePrivee::CODES),
            "typePublic": schema::code(TypePublic::CODES),
            "actif": flag,
            "parametres": schema::object(json!({
                "codeServiceDoitEtreRenseigne": flag, "numeroEjDoitEtreRenseigne": flag,
                "gestionNumeroEjOuCodeService": flag, "connexionEdi": flag,
                "recevoirDonneesViaEdi": flag, "estMoa": flag, "estMoaUniquement": flag,
                "statutMiseEnPaiementNestPasRemonte": flag,
            }), &[]),
        }),
        required,
    )
}

impl Donnees {
    /// The parsed data; `identifiant`/`type` come from the request, or from the stored
    /// structure when modifying.
    fn parse(self, fixed: Option<(Identifiant, TypeStructure)>) -> Result<StructureData, ApiError> {
        let invalid = |m: String| ApiError::from(facteur_app::AppError::invalid(m));
        let (identifiant, type_structure) = match fixed {
            Some(f) => f,
            None => {
                let t: TypeIdentifiant =
                    self.type_identifiant_structure.as_deref().unwrap_or("SIRET").parse().map_err(
                        |e: facteur_domain::code::UnknownCode| {
                            invalid(format!("typeIdentifiantStructure: {e}"))
                        },
                    )?;
                let identifiant = Identifiant::parse(t, &self.identifiant_structure)
                    .map_err(|e| invalid(format!("identifiantStructure: {e}")))?;
                let type_structure =
                    self.type_structure.as_deref().unwrap_or_default().parse().map_err(
                        |e: facteur_domain::code::UnknownCode| {
                            invalid(format!("typeStructure: {e}"))
                        },
                    )?;
                (identifiant, type_structure)
            }
        };
        let mut data = StructureData::new(identifiant, type_structure, &self.raison_sociale);
        data.libelle = self.libelle.unwrap_or_default();
        data.nom = self.nom.unwrap_or_default();
        data.prenom = self.prenom.unwrap_or_default();
        data.numero_tva = self.numero_tva.unwrap_or_default();
        data.numero_rcs = self.numero_rcs.unwrap_or_default();
        data.email = self.email.unwrap_or_default();
        data.adresse = Adresse {
            adresse: self.adresse.unwrap_or_default(),
            complement_1: self.complement_adresse1.unwrap_or_default(),
            complement_2: self.complement_adresse2.unwrap_or_default(),
            code_postal: self.code_postal.unwrap_or_default(),
            ville: self.ville.unwrap_or_default(),
            code_pays: self.code_pays.unwrap_or_else(|| "FR".into()),
            telephone: self.telephone.unwrap_or_default(),
        };
        data.categorie = self.categorie.and_then(|c| c.parse().ok());
        data.type_public = self.type_public.and_then(|t| t.parse().ok());
        data.parametres = self.parametres;
        data.actif = self.actif.unwrap_or(true);
        Ok(data)
    }
}

/// Registers a structure (operators only).
pub struct Creer;

impl Operation for Creer {
    const PATH: &'static str = "/api/v1/structures";
    const ID: &'static str = "creerStructure";
    const SUMMARY: &'static str =
        "Registers a structure with its general data and parameters (operators)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Donnees;
    type Response = Cree;

    fn schema() -> Value {
        schema_donnees(&["identifiantStructure", "typeStructure", "raisonSociale"])
    }

    async fn handle(ctx: Ctx, request: Donnees) -> Result<Cree, ApiError> {
        let data = request.parse(None)?;
        Ok(Cree { id: ctx.app.create_structure(ctx.caller()?, &data).await? })
    }
}

/// Changes a structure's general data and parameters (its managers).
pub struct Modifier;

impl Operation for Modifier {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/structures/{idStructure}";
    const ID: &'static str = "modifierStructure";
    const SUMMARY: &'static str =
        "Changes a structure's general data and parameters (its managers)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Donnees;
    type Response = Fait;

    fn schema() -> Value {
        schema_donnees(&["raisonSociale"])
    }

    async fn handle(ctx: Ctx, request: Donnees) -> Result<Fait, ApiError> {
        let id = ctx.id("idStructure")?;
        let caller = ctx.caller()?;
        let (current, _) = ctx.app.consulter_structure(caller, id).await?;
        let current = StructureData::from_record(&current)?;
        let data = request.parse(Some((current.identifiant, current.type_structure)))?;
        ctx.app.update_structure(caller, id, &data).await?;
        Ok(Fait {})
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Successeur {
    #[serde(default, deserialize_with = "opt_id")]
    id_utilisateur: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    email: Option<String>,
}

/// Hands the principal manager's role to another validated user of the structure.
pub struct RemplacerGestionnairePrincipal;

impl Operation for RemplacerGestionnairePrincipal {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/gestionnaire-principal";
    const ID: &'static str = "remplacerGestionnairePrincipal";
    const SUMMARY: &'static str = "Hands the principal manager's role to another validated user";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Successeur;
    type Response = Fait;

    fn schema() -> Value {
        schema::object(json!({"idUtilisateur": schema::id(), "email": schema::text(254)}), &[])
    }

    async fn handle(ctx: Ctx, request: Successeur) -> Result<Fait, ApiError> {
        let successeur = match (request.id_utilisateur, request.email) {
            (Some(id), _) => UserRef::Id(id),
            (None, Some(email)) => UserRef::Email(email),
            (None, None) => {
                return Err(ApiError::Schema(vec![
                    "#/idUtilisateur: [] is missing. Expected [an integer, or email]".into(),
                ]));
            }
        };
        ctx.app
            .remplacer_gestionnaire_principal(ctx.caller()?, ctx.id("idStructure")?, &successeur)
            .await?;
        Ok(Fait {})
    }
}
