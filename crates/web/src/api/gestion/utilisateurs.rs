//! `POST /api/v1/utilisateurs`: a manager creates a user of their structure (Chorus Pro's
//! "saisir les généralités d'un nouvel utilisateur par gestionnaire"); an operator, anyone.

use facteur_app::admin::NewUser;
use facteur_domain::utilisateur::Role;
use serde::Deserialize;
use serde_json::{Value, json};

use super::Cree;
use crate::api::common::{opt_id, opt_text};
use crate::api::{Account, Ctx, Operation, Registry};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry.add::<Creer>()
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Donnees {
    #[serde(default)]
    email: String,
    #[serde(default, deserialize_with = "opt_text")]
    nom: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    prenom: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    telephone: Option<String>,
    #[serde(default)]
    mot_de_passe: String,
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    role: Option<String>,
}

pub struct Creer;

impl Operation for Creer {
    const PATH: &'static str = "/api/v1/utilisateurs";
    const ID: &'static str = "saisirGeneralitesNouvelUtilisateurParGestionnaire";
    const SUMMARY: &'static str =
        "Creates a user attached to the caller's structure (managers, operators)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Donnees;
    type Response = Cree;

    fn schema() -> Value {
        let mut email = schema::text(254);
        email["type"] = json!("string");
        let mut password = schema::text(256);
        password["type"] = json!("string");
        schema::object(
            json!({
                "email": email,
                "nom": schema::text(100),
                "prenom": schema::text(100),
                "telephone": schema::text(30),
                "motDePasse": password,
                "idStructure": schema::id(),
                "role": schema::code(Role::CODES),
            }),
            &["email", "motDePasse"],
        )
    }

    async fn handle(ctx: Ctx, request: Donnees) -> Result<Cree, ApiError> {
        let role = request.role.and_then(|r| r.parse().ok()).unwrap_or(Role::Utilisateur);
        let user = NewUser {
            email: &request.email,
            nom: request.nom.as_deref().unwrap_or_default(),
            prenom: request.prenom.as_deref().unwrap_or_default(),
            telephone: request.telephone.as_deref().unwrap_or_default(),
            password: &request.mot_de_passe,
            structure: request.id_structure.map(|id| (id, role)),
            operateur: false,
        };
        Ok(Cree { id: ctx.app.create_user(ctx.caller()?, &user).await? })
    }
}
