//! The generated invoices: about 150 per private structure over five years, more for the
//! larger companies, addressed mostly to a few large public bodies, in the channels and
//! statuses of a real exchange; counted in the statistics as deposits are.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use facteur_domain::statut_facture::StatutFacture;
use facteur_store::Arg;
use rand::Rng;
use rand::rngs::StdRng;

use super::{CHUNK, Etape};
use crate::{App, AppError};

/// Invoices per supplier over five years, by company category: 150 on average at the
/// categories' real shares (88 % micro, 10.5 % SME, 1.2 % mid-size, 0.3 % large).
fn moyenne(categorie: &str) -> u32 {
    match categorie {
        "MICRO_ENTREPRISE" => 50,
        "PME" => 600,
        "ETI" => 2_000,
        _ => 6_000,
    }
}

/// The last day of the generated period: fixed, so that a seed gives the same data set
/// whatever the day it runs.
fn fin() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default()
}

const JOURS: i64 = 5 * 365;

/// How invoices reach the platform, in shares per thousand.
const CANAUX: &[(&str, u32)] = &[
    ("FLUX_EDI", 300),
    ("SAISIE_WEB", 300),
    ("PORTAIL_PDF", 250),
    ("SAISIE_API", 70),
    ("DEPOT_PDF_API", 40),
    ("PAPIER_NUMERISE", 40),
];

fn canal(rng: &mut StdRng) -> &'static str {
    let mut roll = rng.random_range(0..1000);
    for (canal, share) in CANAUX {
        if roll < *share {
            return canal;
        }
        roll -= share;
    }
    "SAISIE_WEB"
}

/// Where an invoice deposited `age` days ago stands: old ones are paid (or rejected).
fn statut(rng: &mut StdRng, age: i64) -> StatutFacture {
    let roll = rng.random_range(0..100);
    if age > 60 {
        match roll {
            0..88 => StatutFacture::MiseEnPaiement,
            88..94 => StatutFacture::Rejetee,
            94..97 => StatutFacture::Mandatee,
            _ => StatutFacture::Comptabilisee,
        }
    } else {
        match roll {
            0..30 => StatutFacture::MiseADisposition,
            30..45 => StatutFacture::PriseEnCompteDestinataire,
            45..60 => StatutFacture::ServiceFait,
            60..70 => StatutFacture::Suspendue,
            70..75 => StatutFacture::Rejetee,
            75..85 => StatutFacture::Mandatee,
            _ => StatutFacture::MiseEnPaiement,
        }
    }
}

const COLONNES: &[&str] = &[
    "numero",
    "annee",
    "fournisseur_id",
    "destinataire_id",
    "type_facture",
    "cadre",
    "type_tva",
    "mode_depot",
    "devise",
    "date_facture",
    "date_depot",
    "montant_ht",
    "montant_tva",
    "montant_ttc",
    "remise_globale_ttc",
    "montant_a_payer",
    "contenu",
    "statut",
    "date_statut",
    "telechargee",
    "cree_par",
    "created_at",
];

/// The structures invoices are generated between.
pub(super) struct Parties<'a> {
    /// Public structures: id and kind of public body.
    pub destinataires: &'a [(i64, &'static str)],
    /// Private structures: id, category, and the user who deposits for it.
    pub fournisseurs: &'a [(i64, &'static str, i64)],
}

/// A statistics counter's dimensions: day, recipient kind, supplier category, channel, status.
type Compteur = (NaiveDate, &'static str, &'static str, &'static str, &'static str);

impl App {
    /// Generates the invoices between the generated structures; the number made.
    pub(super) async fn seed_factures(
        &self,
        rng: &mut StdRng,
        parties: &Parties<'_>,
        progress: &mut impl FnMut(Etape, u64, u64),
    ) -> Result<u64, AppError> {
        let total: u64 = parties.fournisseurs.iter().map(|(_, c, _)| u64::from(moyenne(c))).sum();
        let mut compteurs: HashMap<Compteur, (i64, i64)> = HashMap::new();
        let mut rows: Vec<Vec<Arg>> = Vec::with_capacity(CHUNK);
        let mut statuts: Vec<(String, &'static str, chrono::DateTime<Utc>)> = Vec::new();
        let mut made = 0u64;
        let n = parties.destinataires.len() as f64;
        for (s, (fournisseur, categorie, utilisateur)) in parties.fournisseurs.iter().enumerate() {
            let count = rng.random_range(0..=2 * moyenne(categorie));
            for _ in 0..count {
                // A few recipients receive most invoices, as the State's large services do.
                let index = (n * rng.random::<f64>().powi(4)) as usize;
                let Some((destinataire, type_public)) = parties.destinataires.get(index) else {
                    continue;
                };
                let age = rng.random_range(0..JOURS);
                let depot = fin() - Duration::days(age);
                let date_facture = depot - Duration::days(rng.random_range(0..20));
                let statut = statut(rng, age).code();
                let canal = canal(rng);
                let ht: i64 = (10f64.powf(rng.random_range(1.0..5.0)) * 100.0) as i64;
                let tva = (ht as f64 * 0.2).round() as i64;
                let ttc = ht + tva;
                let heure = Utc.from_utc_datetime(&depot.and_hms_opt(9, 0, 0).unwrap_or_default())
                    + Duration::minutes(rng.random_range(0..600));
                let mouvement = heure + Duration::days(age.min(rng.random_range(1..45)));
                let numero = format!("F{}-{:08}", date_facture.year(), made);
                let euros = |cents: i64| format!("{}.{:02}", cents / 100, cents % 100);
                let contenu = format!(
                    r#"{{"lignes":[{{"numero":1,"reference":null,"denomination":"Prestation","quantite":"1","unite":null,"prixUnitaireHt":"{}","remiseHt":"0","tauxTva":"20"}}],"tva":[{{"taux":"20","baseHt":"{}","montantTva":"{}"}}]}}"#,
                    euros(ht),
                    euros(ht),
                    euros(tva)
                );
                rows.push(vec![
                    Arg::Text(numero.clone()),
                    Arg::Int(i64::from(date_facture.year())),
                    Arg::Int(*fournisseur),
                    Arg::Int(*destinataire),
                    Arg::Text(
                        if rng.random_range(0..20) == 0 { "AVOIR" } else { "FACTURE" }.into(),
                    ),
                    Arg::Text("A1_FACTURE_FOURNISSEUR".into()),
                    Arg::Text("TVA_SUR_DEBIT".into()),
                    Arg::Text(canal.into()),
                    Arg::Text("EUR".into()),
                    Arg::Date(date_facture),
                    Arg::Date(depot),
                    Arg::Int(ht),
                    Arg::Int(tva),
                    Arg::Int(ttc),
                    Arg::Int(0),
                    Arg::Int(ttc),
                    Arg::Text(contenu),
                    Arg::Text(statut.into()),
                    Arg::Time(mouvement),
                    Arg::Bool(statut != StatutFacture::MiseADisposition.code()),
                    Arg::Int(*utilisateur),
                    Arg::Time(heure),
                ]);
                statuts.push((numero, statut, mouvement));
                let c =
                    compteurs.entry((depot, type_public, categorie, canal, statut)).or_default();
                c.0 += 1;
                c.1 += ttc;
                made += 1;
            }
            if rows.len() >= CHUNK || s + 1 == parties.fournisseurs.len() {
                self.seed_chunk(std::mem::take(&mut rows), std::mem::take(&mut statuts)).await?;
                progress(Etape::Factures, made.min(total), total);
            }
        }
        let counters: Vec<Vec<Arg>> = compteurs
            .into_iter()
            .map(|((jour, type_public, categorie, canal, statut), (nombre, montant))| {
                vec![
                    Arg::Date(jour),
                    Arg::Text(type_public.into()),
                    Arg::Text(categorie.into()),
                    Arg::Text(canal.into()),
                    Arg::Text(statut.into()),
                    Arg::Int(nombre),
                    Arg::Int(montant),
                ]
            })
            .collect();
        self.store().add_to_counters(counters).await?;
        self.store().recount_factures_par_structure().await?;
        self.store().add_partenaires_from_factures().await?;
        progress(Etape::Factures, total, total);
        Ok(made)
    }

    /// A chunk of invoices, and the status each was last moved to as its history.
    async fn seed_chunk(
        &self,
        rows: Vec<Vec<Arg>>,
        statuts: Vec<(String, &'static str, chrono::DateTime<Utc>)>,
    ) -> Result<(), AppError> {
        if rows.is_empty() {
            return Ok(());
        }
        let ids: HashMap<String, i64> = self
            .store()
            .insert_rows("factures", COLONNES, "numero", rows)
            .await?
            .into_iter()
            .map(|(id, numero)| (numero, id))
            .collect();
        let history: Vec<Vec<Arg>> = statuts
            .into_iter()
            .filter_map(|(numero, statut, at)| {
                Some(vec![Arg::Int(*ids.get(&numero)?), Arg::Text(statut.into()), Arg::Time(at)])
            })
            .collect();
        self.store()
            .insert_rows(
                "factures_historique",
                &["facture_id", "statut", "date_passage"],
                "statut",
                history,
            )
            .await?;
        Ok(())
    }
}
