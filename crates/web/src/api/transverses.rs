//! `/cpro/transverses/v1/…`: the operations every domain shares (health, reference data).

pub mod ajouter_fichier;
mod consulter_cr;
mod consulter_information_siret;
pub mod health_check;
pub mod rechercher_destinataire;
pub mod recuperer_cadre_facturation;
pub mod recuperer_devises;
pub mod recuperer_etat_type_dp;
pub mod recuperer_etats_traitement;
pub mod recuperer_format_flux;
pub mod recuperer_mode_depot;
pub mod recuperer_mode_reglements;
pub mod recuperer_motifs_exoneration_tva;
pub mod recuperer_pays;
pub mod recuperer_structures_actives;
pub mod recuperer_taux_tva;
pub mod recuperer_type_dp;
pub mod recuperer_type_identifiant_structure;
pub mod telecharger_annuaire_destinataire;
mod telecharger_piece_jointe;

use facteur_domain::CodeLangue;
use serde::Deserialize;
use serde_json::{Value, json};

use super::Registry;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry
        .add::<health_check::HealthCheck>()?
        .add::<ajouter_fichier::AjouterFichier>()?
        .add::<telecharger_piece_jointe::TelechargerPieceJointe>()?
        .add::<recuperer_devises::RecupererDevises>()?
        .add::<recuperer_pays::RecupererPays>()?
        .add::<recuperer_taux_tva::RecupererTauxTva>()?
        .add::<recuperer_motifs_exoneration_tva::RecupererMotifsExonerationTva>()?
        .add::<recuperer_mode_depot::RecupererModeDepot>()?
        .add::<recuperer_mode_reglements::RecupererModeReglements>()?
        .add::<recuperer_cadre_facturation::RecupererCadreFacturation>()?
        .add::<recuperer_type_dp::RecupererTypeDp>()?
        .add::<recuperer_type_identifiant_structure::RecupererTypeIdentifiantStructure>()?
        .add::<recuperer_etat_type_dp::RecupererEtatTypeDp>()?
        .add::<recuperer_etats_traitement::RecupererEtatsTraitement>()?
        .add::<recuperer_format_flux::RecupererFormatFlux>()?
        .add::<recuperer_structures_actives::PourFournisseur>()?
        .add::<recuperer_structures_actives::PourDestinataire>()?
        .add::<rechercher_destinataire::RechercherDestinataire>()?
        .add::<consulter_information_siret::ConsulterInformationSiret>()?
        .add::<consulter_cr::ConsulterCr>()?
        .add::<consulter_cr::ConsulterCrDetaille>()?
        .add::<telecharger_annuaire_destinataire::TelechargerAnnuaireDestinataire>()
}

/// The body of the operations that only ask for a language.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LangueRequest {
    #[serde(default)]
    code_langue: Option<String>,
}

impl LangueRequest {
    pub fn schema() -> Value {
        schema::object(json!({"codeLangue": schema::code_langue()}), &[])
    }

    /// The schema let through only known codes, so anything else is French.
    pub fn langue(&self) -> CodeLangue {
        CodeLangue::parse(self.code_langue.as_deref()).unwrap_or_default()
    }
}

/// The body of the operations that take a kind of payment request.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeDpRequest {
    #[serde(default)]
    type_demande_paiement: Option<String>,
}

impl TypeDpRequest {
    pub fn schema() -> Value {
        schema::object(
            json!({"typeDemandePaiement": schema::code(facteur_domain::referentiel::TypeDemandePaiement::CODES)}),
            &[],
        )
    }

    /// The kind asked for; the schema let through only known codes or none.
    pub fn type_dp(&self) -> Option<facteur_domain::referentiel::TypeDemandePaiement> {
        self.type_demande_paiement.as_deref().and_then(|t| t.parse().ok())
    }
}

/// Answers a plain list of codes, `{"listeX": [{"x": "CODE"}, …]}`: Chorus Pro names the list
/// and the item key differently for each operation.
pub fn code_list<'a>(
    list_key: &str,
    item_key: &str,
    codes: impl IntoIterator<Item = &'a str>,
) -> serde_json::Map<String, Value> {
    let items = codes.into_iter().map(|code| json!({ item_key: code })).collect();
    serde_json::Map::from_iter([(list_key.to_owned(), Value::Array(items))])
}
