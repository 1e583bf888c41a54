//! `/cpro/factures/v1/…`: submitting invoices, searching, consulting and processing them.

mod completer;
mod consulter;
mod consulter_historique;
mod deposer_flux;
mod deposer_pdf;
mod destinataire;
mod pieces_jointes;
mod rechercher;
mod recycler;
mod soumettre;
pub(crate) mod telecharger_groupe;
mod traiter_a_valider;
mod traiter_recue;

use facteur_domain::flux::NumeroFlux;
use facteur_store::FactureRecord;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Registry;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry
        .add::<soumettre::Soumettre>()?
        .add::<deposer_pdf::DeposerPdf>()?
        .add::<deposer_flux::DeposerFlux>()?
        .add::<rechercher::RechercherFournisseur>()?
        .add::<rechercher::RechercherRecipiendaire>()?
        .add::<consulter::ConsulterFournisseur>()?
        .add::<consulter::ConsulterRecipiendaire>()?
        .add::<consulter_historique::ConsulterHistorique>()?
        .add::<traiter_recue::TraiterRecue>()?
        .add::<completer::Completer>()?
        .add::<traiter_a_valider::TraiterAValider>()?
        .add::<rechercher::RechercherValideur>()?
        .add::<consulter::ConsulterValideur>()?
        .add::<telecharger_groupe::TelechargerGroupe>()?
        .add::<recycler::Recycler>()
}

/// Cents as the decimal amount answers carry (a JSON number).
pub fn montant(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// An amount in cents as a JSON number (`44.34`), as clients read amounts.
pub fn montant_json(cents: i64) -> serde_json::Value {
    montant(cents)
        .to_string()
        .parse::<serde_json::Number>()
        .map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// An invoice as the searches list it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resume {
    #[serde(rename = "identifiantFactureCPP")]
    identifiant_facture_cpp: i64,
    id_facture: i64,
    numero_facture: String,
    statut: String,
    type_facture: String,
    type_demande_paiement: &'static str,
    id_fournisseur: i64,
    id_destinataire: i64,
    id_service_executant: Option<i64>,
    date_facture: String,
    date_depot: String,
    date_heure_etat_courant: String,
    #[serde(rename = "montantHT", with = "rust_decimal::serde::float")]
    montant_ht: Decimal,
    #[serde(rename = "montantTTC", with = "rust_decimal::serde::float")]
    montant_ttc: Decimal,
    #[serde(rename = "montantAPayer", with = "rust_decimal::serde::float")]
    montant_a_payer: Decimal,
    devise: String,
    mode_depot: String,
    numero_flux_depot: Option<String>,
    numero_bon_commande: Option<String>,
    numero_marche: Option<String>,
    commentaire_etat_courant: Option<String>,
    facture_telechargee_par_destinataire: bool,
}

impl From<FactureRecord> for Resume {
    fn from(f: FactureRecord) -> Self {
        Self {
            identifiant_facture_cpp: f.id,
            id_facture: f.id,
            numero_facture: f.numero,
            statut: f.statut,
            type_facture: f.type_facture,
            type_demande_paiement: "FACTURE",
            id_fournisseur: f.fournisseur_id,
            id_destinataire: f.destinataire_id,
            id_service_executant: f.service_id,
            date_facture: f.date_facture.to_string(),
            date_depot: f.date_depot.to_string(),
            date_heure_etat_courant: f.date_statut.to_rfc3339(),
            montant_ht: montant(f.montant_ht),
            montant_ttc: montant(f.montant_ttc),
            montant_a_payer: montant(f.montant_a_payer),
            devise: f.devise,
            mode_depot: f.mode_depot,
            numero_flux_depot: f.flux_id.map(|id| NumeroFlux::of_id(id).to_string()),
            numero_bon_commande: f.numero_engagement,
            numero_marche: f.numero_marche,
            commentaire_etat_courant: f.commentaire_statut,
            facture_telechargee_par_destinataire: f.telechargee,
        }
    }
}
