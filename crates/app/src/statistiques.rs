//! The platform's statistics, public: invoices by year, month, channel and issuer category,
//! structures and users created, connected partners, the dematerialisation rate. Invoices
//! are read from their monthly counters on every call (a few thousand rows whatever their
//! number); the directory's counts scan their tables, so they are renewed in the background.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use facteur_store::{CreesDuMois, FacturesDuMois};

use crate::factures::MODE_PAPIER;
use crate::{App, AppError, Caller};

const FRESHNESS: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq)]
pub struct Statistiques {
    pub annee: i32,
    /// Every year's invoices.
    pub par_annee: Vec<(String, i64)>,
    /// This year's and last year's invoices, month by month (January first).
    pub par_mois: Vec<(u32, i64, i64)>,
    /// This year's invoices by deposit channel.
    pub par_canal: Vec<(String, i64)>,
    /// This year's invoices by the issuing structure's category.
    pub par_categorie: Vec<(String, i64)>,
    /// This year's invoices month by month (January first), per deposit channel and per
    /// issuing structure's category.
    pub par_mois_canal: Vec<(String, Vec<i64>)>,
    pub par_mois_categorie: Vec<(String, Vec<i64>)>,
    /// Private structures created in the last twelve months, per month and per category.
    pub structures_par_mois: Vec<(String, i64)>,
    pub structures_par_categorie: Vec<(String, i64)>,
    pub utilisateurs_par_mois: Vec<(String, i64)>,
    /// Connected applications active now, and created per month.
    pub partenaires_actifs: i64,
    pub partenaires_par_mois: Vec<(String, i64)>,
    /// This year's share of invoices not on paper, per kind of public recipient, in percent,
    /// with the number of invoices it is computed on.
    pub dematerialisation: Vec<(String, f64, i64)>,
}

/// A structure's invoices per status, on each side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatistiquesStructure {
    pub emises: Vec<(String, i64)>,
    pub recues: Vec<(String, i64)>,
}

/// Structures, users and applications created per month, as last read.
type Annuaire = (Vec<CreesDuMois>, Vec<CreesDuMois>, Vec<CreesDuMois>);

#[derive(Default)]
pub(crate) struct StatistiquesCache {
    last: Mutex<Option<(Instant, NaiveDate, Annuaire)>>,
    /// A renewal is running in the background.
    renewing: AtomicBool,
}

/// The first day of the year before `today`'s.
fn debut_an_dernier(today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today)
}

/// The first day of the month eleven months before `today`'s: twelve months with this one.
fn debut_douze_mois(today: NaiveDate) -> NaiveDate {
    let months = today.year() * 12 + today.month0() as i32 - 11;
    NaiveDate::from_ymd_opt(months.div_euclid(12), months.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(today)
}

/// Sums rows by a key, in the key's order.
fn somme<T>(
    rows: &[T],
    key: impl Fn(&T) -> Option<String>,
    n: impl Fn(&T) -> i64,
) -> Vec<(String, i64)> {
    let mut sums: BTreeMap<String, i64> = BTreeMap::new();
    for r in rows {
        if let Some(k) = key(r) {
            *sums.entry(k).or_default() += n(r);
        }
    }
    sums.into_iter().collect()
}

/// This year's rows month by month (twelve counts, January first), per key.
fn mensuel(
    factures: &[FacturesDuMois],
    this_year: &str,
    key: impl Fn(&FacturesDuMois) -> &str,
) -> Vec<(String, Vec<i64>)> {
    let mut per_key: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for f in factures.iter().filter(|f| f.mois.starts_with(this_year)) {
        let month: Option<usize> = f.mois.get(5..7).and_then(|m| m.parse().ok());
        if let Some(slot) = month.and_then(|m| m.checked_sub(1)).filter(|i| *i < 12) {
            per_key.entry(key(f).to_owned()).or_insert_with(|| vec![0; 12])[slot] += f.nombre;
        }
    }
    per_key.into_iter().collect()
}

/// Groups the counters' months into the statistics of `today`'s year.
pub fn grouper(
    today: NaiveDate,
    par_annee: Vec<(String, i64)>,
    factures: &[FacturesDuMois],
    structures: &[CreesDuMois],
    utilisateurs: &[CreesDuMois],
    applications: &[CreesDuMois],
) -> Statistiques {
    let annee = today.year();
    let this_year = format!("{annee:04}-");
    let last_year = format!("{:04}-", annee - 1);
    let mut par_mois: Vec<(u32, i64, i64)> = (1..=12).map(|m| (m, 0, 0)).collect();
    for f in factures {
        let month: Option<usize> = f.mois.get(5..7).and_then(|m| m.parse().ok());
        let Some(slot) = month.and_then(|m| m.checked_sub(1)).and_then(|i| par_mois.get_mut(i))
        else {
            continue;
        };
        if f.mois.starts_with(&this_year) {
            slot.1 += f.nombre;
        } else if f.mois.starts_with(&last_year) {
            slot.2 += f.nombre;
        }
    }
    let cette_annee = |f: &FacturesDuMois| f.mois.starts_with(&this_year);
    let par_canal = somme(factures, |f| cette_annee(f).then(|| f.mode_depot.clone()), |f| f.nombre);
    let par_categorie =
        somme(factures, |f| cette_annee(f).then(|| f.categorie.clone()), |f| f.nombre);
    let totals = somme(factures, |f| cette_annee(f).then(|| f.type_public.clone()), |f| f.nombre);
    let papier = somme(
        factures,
        |f| (cette_annee(f) && f.mode_depot == MODE_PAPIER).then(|| f.type_public.clone()),
        |f| f.nombre,
    );
    let dematerialisation = totals
        .into_iter()
        .filter(|(_, total)| *total > 0)
        .map(|(kind, total)| {
            let paper = papier.iter().find(|(k, _)| *k == kind).map_or(0, |(_, n)| *n);
            let rate = 100.0 * (total - paper) as f64 / total as f64;
            (kind, (rate * 10.0).round() / 10.0, total)
        })
        .collect();
    let douze = debut_douze_mois(today).format("%Y-%m").to_string();
    let recent = |r: &CreesDuMois| r.mois >= douze;
    let partenaires_actifs =
        applications.iter().filter(|a| a.genre == "ACTIVE").map(|a| a.nombre).sum();
    Statistiques {
        annee,
        par_annee,
        par_mois,
        par_canal,
        par_categorie,
        par_mois_canal: mensuel(factures, &this_year, |f| &f.mode_depot),
        par_mois_categorie: mensuel(factures, &this_year, |f| &f.categorie),
        structures_par_mois: somme(structures, |r| recent(r).then(|| r.mois.clone()), |r| r.nombre),
        structures_par_categorie: somme(
            structures,
            |r| recent(r).then(|| r.genre.clone()),
            |r| r.nombre,
        ),
        utilisateurs_par_mois: somme(
            utilisateurs,
            |r| recent(r).then(|| r.mois.clone()),
            |r| r.nombre,
        ),
        partenaires_actifs,
        partenaires_par_mois: somme(
            applications,
            |r| recent(r).then(|| r.mois.clone()),
            |r| r.nombre,
        ),
        dematerialisation,
    }
}

impl App {
    /// The platform-wide statistics as of `today`: invoices as they stand, the directory's
    /// counts at most a minute old.
    pub async fn statistiques(&self, today: NaiveDate) -> Result<Statistiques, AppError> {
        let store = self.store();
        let (structures, utilisateurs, applications) = self.annuaire_par_mois(today).await?;
        Ok(grouper(
            today,
            store.factures_par_annee().await?,
            &store.factures_par_mois(&debut_an_dernier(today).format("%Y-%m").to_string()).await?,
            &structures,
            &utilisateurs,
            &applications,
        ))
    }

    /// A structure's invoices per status, issued and received, for its managers.
    pub async fn statistiques_structure(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<StatistiquesStructure, AppError> {
        self.gestionnaire(caller, structure_id).await?;
        let mut stats = StatistiquesStructure::default();
        for (cote, statut, nombre) in self.store().factures_par_statut(structure_id).await? {
            match cote.as_str() {
                "FOURNISSEUR" => stats.emises.push((statut, nombre)),
                _ => stats.recues.push((statut, nombre)),
            }
        }
        Ok(stats)
    }

    /// The directory's counts per month: the last ones read if of today, renewed in the
    /// background once a minute old (a scan of the structures and users tables, which
    /// grows with the directory: the page does not wait for it).
    async fn annuaire_par_mois(&self, today: NaiveDate) -> Result<Annuaire, AppError> {
        let cache = &self.inner.statistiques;
        let last = cache.last.lock().ok().and_then(|l| l.clone());
        match last {
            Some((at, day, counts)) if day == today => {
                if at.elapsed() >= FRESHNESS && !cache.renewing.swap(true, Ordering::AcqRel) {
                    let app = self.clone();
                    tokio::spawn(async move {
                        if let Err(e) = app.lire_annuaire_par_mois(today).await {
                            tracing::warn!(error = %e, "statistics of the directory not renewed");
                        }
                        app.inner.statistiques.renewing.store(false, Ordering::Release);
                    });
                }
                Ok(counts)
            }
            _ => self.lire_annuaire_par_mois(today).await,
        }
    }

    async fn lire_annuaire_par_mois(&self, today: NaiveDate) -> Result<Annuaire, AppError> {
        let store = self.store();
        let douze = debut_douze_mois(today);
        let counts = (
            store.structures_par_mois(douze).await?,
            store.utilisateurs_par_mois(douze).await?,
            // Every application: the active ones count whatever their age.
            store.applications_par_mois(NaiveDate::default()).await?,
        );
        if let Ok(mut last) = self.inner.statistiques.last.lock() {
            *last = Some((Instant::now(), today, counts.clone()));
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(
        mois: &str,
        type_public: &str,
        categorie: &str,
        mode: &str,
        nombre: i64,
    ) -> FacturesDuMois {
        FacturesDuMois {
            mois: mois.into(),
            type_public: type_public.into(),
            categorie: categorie.into(),
            mode_depot: mode.into(),
            nombre,
        }
    }

    fn c(mois: &str, genre: &str, nombre: i64) -> CreesDuMois {
        CreesDuMois { mois: mois.into(), genre: genre.into(), nombre }
    }

    #[test]
    fn groups_this_year_against_last() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let factures = [
            f("2026-01", "ETAT", "PME", "SAISIE_API", 10),
            f("2026-01", "ETAT", "PME", "PAPIER_NUMERISE", 10),
            f("2026-03", "COLLECTIVITE", "GE", "FLUX_EDI", 5),
            f("2025-01", "ETAT", "PME", "SAISIE_API", 7),
        ];
        let apps = [c("2020-01", "ACTIVE", 2), c("2026-11", "REVOQUEE", 1)];
        let s = grouper(
            today,
            vec![],
            &factures,
            &[c("2025-11", "PME", 3), c("2026-01", "GE", 1)],
            &[],
            &apps,
        );
        assert_eq!(s.par_mois[0], (1, 20, 7));
        assert_eq!(s.par_mois[2], (3, 5, 0));
        assert_eq!(
            s.par_canal,
            vec![("FLUX_EDI".into(), 5), ("PAPIER_NUMERISE".into(), 10), ("SAISIE_API".into(), 10)]
        );
        assert_eq!(s.par_categorie, vec![("GE".into(), 5), ("PME".into(), 20)]);
        let mut pme = vec![0; 12];
        pme[0] = 20;
        assert_eq!(s.par_mois_categorie[1], ("PME".into(), pme));
        assert_eq!(s.par_mois_canal.len(), 3);
        assert_eq!(
            s.dematerialisation,
            vec![("COLLECTIVITE".into(), 100.0, 5), ("ETAT".into(), 50.0, 20)]
        );
        // Twelve months back from December 2026 start in January 2026.
        assert_eq!(s.structures_par_mois, vec![("2026-01".into(), 1)]);
        assert_eq!(s.partenaires_actifs, 2);
    }

    #[test]
    fn twelve_months_cross_the_year() {
        let d = |y, m, j| NaiveDate::from_ymd_opt(y, m, j).unwrap();
        assert_eq!(debut_douze_mois(d(2026, 3, 15)), d(2025, 4, 1));
        assert_eq!(debut_douze_mois(d(2026, 12, 31)), d(2026, 1, 1));
        assert_eq!(debut_an_dernier(d(2026, 3, 15)), d(2025, 1, 1));
    }
}
