//! Engagements juridiques: at Chorus Pro's paths (`/cpro/engagementsJuridiques/v1/…`, what
//! suppliers' software calls to check an order reference), and the whole life cycle in the
//! project's API (`/api/v1/engagements/…`), which issuers and receivers script.

mod consulter;
mod emission;
mod rechercher;
mod telecharger;

use facteur_app::engagements::EngagementComplet;
use facteur_domain::engagement::CoteEngagement;
use facteur_store::{EngagementResume, StructureRecord};
use rust_decimal::Decimal;
use serde::Serialize;

use super::Registry;
use super::common::date_heure;
use super::factures::montant;

pub fn register(registry: Registry) -> Result<Registry, String> {
    let registry = registry
        .add::<rechercher::Rechercher>()?
        .add::<consulter::ConsulterDetail>()?
        .add::<emission::Creer>()?
        .add::<emission::Modifier>()?
        .add::<rechercher::RechercherApi>()?
        .add::<consulter::Consulter>()?
        .add::<telecharger::Telecharger>()?;
    emission::register_actes(registry)
}

/// An engagement as searches list it (Chorus Pro's `listeEngagementJuridique` items).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resume {
    id_engagement_juridique: i64,
    numero_engagement_juridique: String,
    libelle_type_engagement_juridique: String,
    #[serde(rename = "libelleEtatCourantEJ")]
    libelle_etat_courant_ej: String,
    id_structure_emettrice: i64,
    structure_receptrice: i64,
    identifiant_structure_receptrice: String,
    libelle_structure_receptrice: String,
    code_service_executant: Option<String>,
    libelle_service_executant: Option<String>,
    #[serde(rename = "dateNotificationEJ")]
    date_notification_ej: Option<String>,
    #[serde(with = "rust_decimal::serde::float")]
    montant_total_ht: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    montant_total_ttc: Decimal,
    devise_engagement: String,
    numero_marche: Option<String>,
    #[serde(rename = "taillePJ")]
    taille_pj: i64,
    date_creation: String,
}

impl From<EngagementResume> for Resume {
    fn from(r: EngagementResume) -> Self {
        let e = r.record;
        Self {
            id_engagement_juridique: e.id,
            numero_engagement_juridique: e.numero,
            libelle_type_engagement_juridique: e.type_engagement,
            libelle_etat_courant_ej: e.etat,
            id_structure_emettrice: e.emetteur_id,
            structure_receptrice: e.recepteur_id,
            identifiant_structure_receptrice: r.identifiant_recepteur,
            libelle_structure_receptrice: r.designation_recepteur,
            code_service_executant: r.code_service,
            libelle_service_executant: r.libelle_service,
            date_notification_ej: e.date_notification.map(|d| d.to_string()),
            montant_total_ht: montant(e.montant_ht),
            montant_total_ttc: montant(e.montant_ttc),
            devise_engagement: e.devise,
            numero_marche: e.numero_marche,
            taille_pj: r.taille_pieces_jointes,
            date_creation: date_heure(e.created_at),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Emetteur {
    id_structure_emettrice: i64,
    identifiant_structure_emettrice: String,
    raison_sociale_structure_emettrice: String,
    id_service_executant: Option<i64>,
    code_service_executant: Option<String>,
    nom_service_executant: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Recepteur {
    id_structure_receptrice: i64,
    identifiant_structure_receptrice: String,
    type_identifiant_structure_receptrice: String,
    designation_structure_receptrice: String,
    adresse_structure_receptrice: String,
    code_postal_structure_receptrice: String,
    ville_structure_receptrice: String,
    pays_structure_receptrice: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Poste {
    numero_de_poste: u32,
    description_poste: String,
    #[serde(with = "rust_decimal::serde::float")]
    quantite_poste: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    montant_ht_poste: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    montant_ttc_poste: Decimal,
    statut_poste: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DemandePaiement {
    id_demande_paiement: i64,
    numero_demande_paiement: String,
    etat_courant_demande_paiement: String,
    type_demande_paiement: String,
    date_fournisseur: String,
    #[serde(with = "rust_decimal::serde::float")]
    montant_ttc_demande_paiement: Decimal,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Acte {
    action: String,
    etat: String,
    commentaire: Option<String>,
    id_utilisateur: Option<i64>,
    date_action: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PieceJointe {
    id_piece_jointe: i64,
    nom_piece_jointe: String,
    extension_piece_jointe: String,
    taille_piece_jointe: i64,
}

/// An engagement in full, as `consulterDetail` answers it (and the JSON download carries
/// it): Chorus Pro's fields, then the project's (history, files, amount invoiced).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    id_engagement: i64,
    numero_engagement_juridique: String,
    etat_courant_engagement: String,
    type_engagement_juridique: String,
    libelle_engagement: Option<String>,
    numero_marche: Option<String>,
    #[serde(rename = "dateNotificationEJ")]
    date_notification_ej: Option<String>,
    devise_engagement: String,
    #[serde(with = "rust_decimal::serde::float")]
    montant_total_ht: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    montant_total_ttc: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    montant_deja_facture: Decimal,
    motif: Option<String>,
    /// The side the caller reads it from: `EMETTEUR` or `RECEPTEUR`.
    vue: &'static str,
    emetteur: Emetteur,
    recepteur: Recepteur,
    ligne_poste: Vec<Poste>,
    demande_paiement: Vec<DemandePaiement>,
    historique: Vec<Acte>,
    pieces_jointes: Vec<PieceJointe>,
}

fn recepteur(s: &StructureRecord) -> Recepteur {
    Recepteur {
        id_structure_receptrice: s.id,
        identifiant_structure_receptrice: s.identifiant.clone(),
        type_identifiant_structure_receptrice: s.type_identifiant.clone(),
        designation_structure_receptrice: s.raison_sociale.clone(),
        adresse_structure_receptrice: s.adresse.clone(),
        code_postal_structure_receptrice: s.code_postal.clone(),
        ville_structure_receptrice: s.ville.clone(),
        pays_structure_receptrice: s.code_pays.clone(),
    }
}

impl From<EngagementComplet> for Detail {
    fn from(c: EngagementComplet) -> Self {
        let e = c.record;
        Self {
            id_engagement: e.id,
            numero_engagement_juridique: e.numero,
            etat_courant_engagement: c.etat.code().to_owned(),
            type_engagement_juridique: e.type_engagement,
            libelle_engagement: e.libelle,
            numero_marche: e.numero_marche,
            date_notification_ej: e.date_notification.map(|d| d.to_string()),
            devise_engagement: e.devise,
            montant_total_ht: montant(e.montant_ht),
            montant_total_ttc: montant(e.montant_ttc),
            montant_deja_facture: montant(c.montant_facture),
            motif: e.motif,
            vue: match c.cote {
                CoteEngagement::Emetteur => "EMETTEUR",
                CoteEngagement::Recepteur => "RECEPTEUR",
            },
            emetteur: Emetteur {
                id_structure_emettrice: c.emetteur.id,
                identifiant_structure_emettrice: c.emetteur.identifiant.clone(),
                raison_sociale_structure_emettrice: c.emetteur.raison_sociale.clone(),
                id_service_executant: c.service.as_ref().map(|s| s.id),
                code_service_executant: c.service.as_ref().map(|s| s.code.clone()),
                nom_service_executant: c.service.as_ref().map(|s| s.libelle.clone()),
            },
            recepteur: recepteur(&c.recepteur),
            ligne_poste: c
                .lignes
                .into_iter()
                .map(|l| Poste {
                    numero_de_poste: l.numero,
                    description_poste: l.description,
                    quantite_poste: l.quantite,
                    montant_ht_poste: l.montant_ht,
                    montant_ttc_poste: l.montant_ttc,
                    statut_poste: l.statut.code(),
                })
                .collect(),
            demande_paiement: c
                .factures
                .into_iter()
                .map(|f| DemandePaiement {
                    id_demande_paiement: f.id,
                    numero_demande_paiement: f.numero,
                    etat_courant_demande_paiement: f.statut,
                    type_demande_paiement: f.type_facture,
                    date_fournisseur: f.date_facture.to_string(),
                    montant_ttc_demande_paiement: montant(f.montant_ttc),
                })
                .collect(),
            historique: c
                .historique
                .into_iter()
                .map(|h| Acte {
                    action: h.action,
                    etat: h.etat,
                    commentaire: h.commentaire,
                    id_utilisateur: h.utilisateur_id,
                    date_action: date_heure(h.date_action),
                })
                .collect(),
            pieces_jointes: c
                .pieces_jointes
                .into_iter()
                .map(|p| PieceJointe {
                    id_piece_jointe: p.id,
                    nom_piece_jointe: p.nom,
                    extension_piece_jointe: p.extension,
                    taille_piece_jointe: p.taille,
                })
                .collect(),
        }
    }
}
