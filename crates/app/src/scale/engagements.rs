//! The generated engagements: about two per private structure (a million at scale 1), more
//! for the larger companies, issued mostly by a few large public bodies, in every state.
//! Generated engagements carry no history: they are there to be searched.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use facteur_domain::engagement::EtatEngagement;
use facteur_store::Arg;
use rand::Rng;
use rand::rngs::StdRng;

use super::factures::Parties;
use super::{CHUNK, Etape};
use crate::{App, AppError};

/// Engagements per supplier, by company category.
fn moyenne(categorie: &str) -> u32 {
    match categorie {
        "MICRO_ENTREPRISE" => 1,
        "PME" => 8,
        "ETI" => 27,
        _ => 80,
    }
}

fn etat(rng: &mut StdRng) -> EtatEngagement {
    match rng.random_range(0..100) {
        0..80 => EtatEngagement::Commande,
        80..88 => EtatEngagement::Inactif,
        88..92 => EtatEngagement::Refuse,
        92..94 => EtatEngagement::ARecycler,
        _ => EtatEngagement::Brouillon,
    }
}

const COLONNES: &[&str] = &[
    "numero",
    "type_engagement",
    "etat",
    "emetteur_id",
    "recepteur_id",
    "devise",
    "date_notification",
    "lignes",
    "montant_ht",
    "montant_ttc",
    "created_at",
    "updated_at",
];

impl App {
    /// Generates engagements from the generated public structures to the private ones; the
    /// number made.
    pub(super) async fn seed_engagements(
        &self,
        rng: &mut StdRng,
        parties: &Parties<'_>,
        progress: &mut impl FnMut(Etape, u64, u64),
    ) -> Result<u64, AppError> {
        let total: u64 = parties.fournisseurs.iter().map(|(_, c, _)| u64::from(moyenne(c))).sum();
        let n = parties.destinataires.len() as f64;
        let fin = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let mut rows: Vec<Vec<Arg>> = Vec::with_capacity(CHUNK);
        let mut made = 0u64;
        for (s, (fournisseur, categorie, _)) in parties.fournisseurs.iter().enumerate() {
            for _ in 0..rng.random_range(0..=2 * moyenne(categorie)) {
                let index = (n * rng.random::<f64>().powi(4)) as usize;
                let Some((emetteur, _)) = parties.destinataires.get(index) else {
                    continue;
                };
                let notification = fin - Duration::days(rng.random_range(0..5 * 365));
                let ht: i64 = (10f64.powf(rng.random_range(2.0..6.0)) * 100.0) as i64;
                let ttc = ht + (ht as f64 * 0.2).round() as i64;
                let euros = |cents: i64| format!("{}.{:02}", cents / 100, cents % 100);
                let lignes = format!(
                    r#"[{{"numero":1,"description":"Fournitures","quantite":"1","montantHt":"{}","montantTtc":"{}","statut":"ACTIF"}}]"#,
                    euros(ht),
                    euros(ttc)
                );
                let cree = Utc.from_utc_datetime(
                    &(notification - Duration::days(3)).and_hms_opt(9, 0, 0).unwrap_or_default(),
                );
                rows.push(vec![
                    Arg::Text(format!("EJ{made:010}")),
                    Arg::Text("BON_DE_COMMANDE".into()),
                    Arg::Text(etat(rng).code().into()),
                    Arg::Int(*emetteur),
                    Arg::Int(*fournisseur),
                    Arg::Text("EUR".into()),
                    Arg::Date(notification),
                    Arg::Text(lignes),
                    Arg::Int(ht),
                    Arg::Int(ttc),
                    Arg::Time(cree),
                    Arg::Time(cree),
                ]);
                made += 1;
            }
            if rows.len() >= CHUNK || s + 1 == parties.fournisseurs.len() {
                let chunk = std::mem::take(&mut rows);
                self.store().insert_rows("engagements", COLONNES, "numero", chunk).await?;
                progress(Etape::Engagements, made.min(total), total);
            }
        }
        self.store().recount_engagements_par_structure().await?;
        progress(Etape::Engagements, total, total);
        Ok(made)
    }
}
