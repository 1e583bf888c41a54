//! The issuer writes and corrects engagements; either side acts on them along their life
//! cycle, each act at its own path.

use facteur_app::engagements::Redaction;
use facteur_domain::engagement::{
    ActionEngagement, Engagement, EtatEngagement, LigneEngagement, NumeroEngagement, StatutPoste,
    TypeEngagement,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{decimal, jour, nullable, opt_bool, opt_id, opt_text};
use crate::api::gestion::Cree;
use crate::api::{Account, Ctx, Operation, Registry, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Poste {
    #[serde(default, deserialize_with = "opt_id")]
    numero_de_poste: Option<i64>,
    #[serde(default)]
    description_poste: String,
    #[serde(default)]
    quantite_poste: Value,
    #[serde(default)]
    montant_ht_poste: Value,
    #[serde(default)]
    montant_ttc_poste: Value,
    #[serde(default, deserialize_with = "opt_text")]
    statut_poste: Option<String>,
}

/// An engagement as an issuer writes it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Donnees {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure_emettrice: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    code_service_executant: Option<String>,
    #[serde(default, deserialize_with = "opt_id")]
    id_structure_receptrice: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    identifiant_structure_receptrice: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    type_identifiant_structure_receptrice: Option<String>,
    #[serde(default)]
    numero_engagement_juridique: String,
    #[serde(default)]
    type_engagement_juridique: String,
    #[serde(default, deserialize_with = "opt_text")]
    libelle_engagement: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    numero_marche: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    devise_engagement: Option<String>,
    #[serde(rename = "dateNotificationEJ", default, deserialize_with = "opt_text")]
    date_notification_ej: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    ligne_poste: Vec<Poste>,
    #[serde(default, deserialize_with = "nullable")]
    ids_pieces_jointes: Vec<i64>,
    /// Transmit it to its receiver at once (a correction of a refused engagement is then
    /// sent again).
    #[serde(default, deserialize_with = "opt_bool")]
    transmettre: Option<bool>,
}

fn schema_donnees() -> Value {
    let poste = schema::object(
        json!({
            "numeroDePoste": schema::id(),
            "descriptionPoste": schema::text(500),
            "quantitePoste": {"type": ["number", "string"]},
            "montantHtPoste": {"type": ["number", "string"]},
            "montantTtcPoste": {"type": ["number", "string"]},
            "statutPoste": schema::code(StatutPoste::CODES),
        }),
        &["descriptionPoste", "quantitePoste", "montantHtPoste", "montantTtcPoste"],
    );
    schema::object(
        json!({
            "idStructureEmettrice": schema::id(),
            "codeServiceExecutant": schema::text(100),
            "idStructureReceptrice": schema::id(),
            "identifiantStructureReceptrice": schema::text(80),
            "typeIdentifiantStructureReceptrice": schema::text(40),
            "numeroEngagementJuridique": schema::text(50),
            "typeEngagementJuridique": schema::code(TypeEngagement::CODES),
            "libelleEngagement": schema::text(500),
            "numeroMarche": schema::text(50),
            "deviseEngagement": schema::text(3),
            "dateNotificationEJ": schema::date(),
            "lignePoste": {"type": "array", "items": poste, "maxItems": 10_000},
            "idsPiecesJointes": {"type": ["array", "null"], "items": schema::id(), "maxItems": 100},
            "transmettre": schema::boolean(),
        }),
        &["numeroEngagementJuridique", "typeEngagementJuridique", "lignePoste"],
    )
}

impl Donnees {
    /// The redaction, or every field that could not be read.
    fn parse(self) -> Result<(Redaction, bool), ApiError> {
        let mut errors = Vec::new();
        let numero = NumeroEngagement::parse(&self.numero_engagement_juridique)
            .map_err(|e| errors.push(format!("#/numeroEngagementJuridique: {e}")))
            .ok();
        let type_engagement = self
            .type_engagement_juridique
            .parse::<TypeEngagement>()
            .map_err(|e| errors.push(format!("#/typeEngagementJuridique: {e}")))
            .ok();
        let mut lignes = Vec::with_capacity(self.ligne_poste.len());
        for (i, p) in self.ligne_poste.into_iter().enumerate() {
            let at = format!("lignePoste/{i}");
            let mut amount = |field: &str, value: &Value| {
                let field = format!("{at}/{field}");
                let d = decimal(&field, value, &mut errors);
                if d.is_none() && value.is_null() {
                    errors.push(format!("#/{field}: [] is missing. Expected [a decimal number]"));
                }
                d.unwrap_or(Decimal::ZERO)
            };
            let quantite = amount("quantitePoste", &p.quantite_poste);
            let montant_ht = amount("montantHtPoste", &p.montant_ht_poste);
            let montant_ttc = amount("montantTtcPoste", &p.montant_ttc_poste);
            let statut = match p.statut_poste.as_deref().map(str::parse::<StatutPoste>) {
                None => StatutPoste::Actif,
                Some(Ok(s)) => s,
                Some(Err(e)) => {
                    errors.push(format!("#/{at}/statutPoste: {e}"));
                    StatutPoste::Actif
                }
            };
            let numero = p.numero_de_poste.and_then(|n| u32::try_from(n).ok());
            lignes.push(LigneEngagement {
                numero: numero.unwrap_or(u32::try_from(i + 1).unwrap_or(u32::MAX)),
                description: p.description_poste.trim().to_owned(),
                quantite,
                montant_ht,
                montant_ttc,
                statut,
            });
        }
        let (Some(numero), Some(type_engagement)) = (numero, type_engagement) else {
            return Err(ApiError::Schema(errors));
        };
        if !errors.is_empty() {
            return Err(ApiError::Schema(errors));
        }
        let redaction = Redaction {
            emetteur_id: self.id_structure_emettrice,
            code_service: self.code_service_executant,
            recepteur_id: self.id_structure_receptrice,
            identifiant_recepteur: self.identifiant_structure_receptrice.map(|code| {
                (self.type_identifiant_structure_receptrice.unwrap_or_else(|| "SIRET".into()), code)
            }),
            engagement: Engagement {
                numero,
                type_engagement,
                libelle: self.libelle_engagement,
                numero_marche: self.numero_marche,
                devise: self.devise_engagement.unwrap_or_else(|| "EUR".into()),
                date_notification: self.date_notification_ej.as_deref().and_then(jour),
                lignes,
            },
            pieces_jointes: self.ids_pieces_jointes,
        };
        Ok((redaction, self.transmettre.unwrap_or(false)))
    }
}

/// Where an engagement stands after an act.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Etat {
    id_engagement: i64,
    etat_courant_engagement: &'static str,
}

fn etat(id: i64, e: EtatEngagement) -> Etat {
    Etat { id_engagement: id, etat_courant_engagement: e.code() }
}

pub struct Creer;

impl Operation for Creer {
    const PATH: &'static str = "/api/v1/engagements";
    const ID: &'static str = "creerEngagement";
    const SUMMARY: &'static str = "Drafts an engagement (a public body, for one of its suppliers), transmitted at once with transmettre";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Donnees;
    type Response = Cree;

    fn schema() -> Value {
        schema_donnees()
    }

    async fn handle(ctx: Ctx, request: Donnees) -> Result<Cree, ApiError> {
        let (redaction, transmettre) = request.parse()?;
        Ok(Cree { id: ctx.app.creer_engagement(ctx.caller()?, &redaction, transmettre).await? })
    }
}

pub struct Modifier;

impl Operation for Modifier {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/engagements/{idEngagement}";
    const ID: &'static str = "modifierEngagement";
    const SUMMARY: &'static str =
        "Corrects an engagement (its issuer); with transmettre, sends a refused one again";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Donnees;
    type Response = Etat;

    fn schema() -> Value {
        schema_donnees()
    }

    async fn handle(ctx: Ctx, request: Donnees) -> Result<Etat, ApiError> {
        let id = ctx.id("idEngagement")?;
        let (redaction, transmettre) = request.parse()?;
        let e = ctx.app.modifier_engagement(ctx.caller()?, id, &redaction, transmettre).await?;
        Ok(etat(id, e))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Motif {
    #[serde(default, deserialize_with = "opt_text")]
    motif: Option<String>,
}

/// One operation per act of the life cycle, each at its path.
macro_rules! actes {
    ($($name:ident: $verb:ident $path:literal, $id:literal, $summary:literal => $action:ident;)+) => {
        $(
            pub struct $name;

            impl Operation for $name {
                const VERB: Verb = Verb::$verb;
                const PATH: &'static str = $path;
                const ID: &'static str = $id;
                const SUMMARY: &'static str = $summary;
                const ACCOUNT: Account = Account::AnyUser;
                type Request = Motif;
                type Response = Etat;

                fn schema() -> Value {
                    schema::object(json!({"motif": schema::text(2000)}), &[])
                }

                async fn handle(ctx: Ctx, request: Motif) -> Result<Etat, ApiError> {
                    let id = ctx.id("idEngagement")?;
                    let action = ActionEngagement::$action;
                    let e = ctx
                        .app
                        .agir_engagement(ctx.caller()?, id, action, request.motif.as_deref())
                        .await?;
                    Ok(etat(id, e))
                }
            }
        )+

        pub fn register_actes(registry: Registry) -> Result<Registry, String> {
            $(let registry = registry.add::<$name>()?;)+
            Ok(registry)
        }
    };
}

actes! {
    Transmettre: Post "/api/v1/engagements/{idEngagement}/transmettre", "transmettreEngagement",
        "Transmits a draft (or a corrected engagement) to its receiver" => Transmettre;
    Inactiver: Post "/api/v1/engagements/{idEngagement}/inactiver", "inactiverEngagement",
        "Puts an engagement out of force (its issuer)" => Inactiver;
    Reactiver: Post "/api/v1/engagements/{idEngagement}/reactiver", "reactiverEngagement",
        "Puts an inactive engagement back in force (its issuer)" => Reactiver;
    Supprimer: Delete "/api/v1/engagements/{idEngagement}", "supprimerEngagement",
        "Deletes an engagement no invoice quotes (its issuer)" => Supprimer;
    Refuser: Post "/api/v1/engagements/{idEngagement}/refuser", "refuserEngagement",
        "Refuses an engagement, with a reason (its receiver)" => Refuser;
    Recycler: Post "/api/v1/engagements/{idEngagement}/recycler", "recyclerEngagement",
        "Sends an engagement back to its issuer to be corrected, with a reason (its receiver)" => Recycler;
}
