//! A generated directory in the real proportions, for benchmarks and load tests: at scale 1,
//! 130,000 public structures with their services, 490,000 private ones and 676,000 users,
//! as Chorus Pro's operator reported them. The same seed gives the same data set.

use chrono::{DateTime, Duration, TimeZone, Utc};
use facteur_domain::structure::designation_norm;
use facteur_domain::{Environnement, Siret};
use facteur_store::Arg;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

mod engagements;
mod factures;

use crate::secrets::hash_password_blocking;
use crate::{App, AppError};

pub const PUBLIQUES_PAR_ECHELLE: f64 = 130_000.0;
pub const PRIVEES_PAR_ECHELLE: f64 = 490_000.0;
pub const UTILISATEURS_PAR_ECHELLE: f64 = 676_000.0;
/// Generated public structures' SIRENs start here, private ones at the next constant; the
/// SIRET is the SIREN, NIC `0001` and the Luhn key (see [`siret_genere`]).
pub const SIREN_PUBLIC_BASE: u64 = 200_000_000;
pub const SIREN_PRIVE_BASE: u64 = 300_000_000;
/// Every generated user's password, like the demo accounts'.
pub const MOT_DE_PASSE: &str = "facteur-demo";
pub(crate) const CHUNK: usize = 10_000;

/// The SIRET of the `index`-th generated structure from a SIREN base: benchmarks compute
/// the identifiers they search for with the same rule.
pub fn siret_genere(base: u64, index: u64) -> String {
    let prefix = format!("{:09}0001", base + index);
    (0..10)
        .map(|key| format!("{prefix}{key}"))
        .find(|candidate| Siret::parse(candidate).is_ok())
        .unwrap_or(prefix)
}

/// The stages of a generation, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Etape {
    Structures,
    Services,
    Utilisateurs,
    Factures,
    Engagements,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Bilan {
    pub structures_publiques: u64,
    pub structures_privees: u64,
    pub services: u64,
    pub utilisateurs: u64,
    pub factures: u64,
    pub engagements: u64,
}

const VILLES: &[(&str, &str)] = &[
    ("Paris", "75001"),
    ("Marseille", "13001"),
    ("Lyon", "69001"),
    ("Toulouse", "31000"),
    ("Nice", "06000"),
    ("Nantes", "44000"),
    ("Montpellier", "34000"),
    ("Strasbourg", "67000"),
    ("Bordeaux", "33000"),
    ("Lille", "59000"),
    ("Rennes", "35000"),
    ("Reims", "51100"),
    ("Toulon", "83000"),
    ("Saint-Étienne", "42000"),
    ("Le Havre", "76600"),
    ("Grenoble", "38000"),
    ("Dijon", "21000"),
    ("Angers", "49000"),
    ("Nîmes", "30000"),
    ("Clermont-Ferrand", "63000"),
    ("Aix-en-Provence", "13100"),
    ("Brest", "29200"),
    ("Tours", "37000"),
    ("Amiens", "80000"),
    ("Limoges", "87000"),
    ("Annecy", "74000"),
    ("Perpignan", "66000"),
    ("Metz", "57000"),
    ("Besançon", "25000"),
    ("Orléans", "45000"),
    ("Rouen", "76000"),
    ("Mulhouse", "68100"),
    ("Caen", "14000"),
    ("Nancy", "54000"),
    ("Argenteuil", "95100"),
    ("Saint-Denis", "97400"),
    ("Fort-de-France", "97200"),
    ("Pointe-à-Pitre", "97110"),
    ("Ajaccio", "20000"),
    ("Pau", "64000"),
];

const NOMS: &[&str] = &[
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefebvre",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "François",
    "Legrand",
    "Gauthier",
    "Garcia",
    "Perrin",
    "Robin",
    "Clément",
];

const ACTIVITES: &[&str] = &[
    "Bâtiment",
    "Informatique",
    "Nettoyage",
    "Restauration",
    "Conseil",
    "Transports",
    "Fournitures",
    "Électricité",
    "Plomberie",
    "Imprimerie",
    "Sécurité",
    "Espaces verts",
    "Formation",
    "Médical",
    "Ingénierie",
    "Communication",
    "Mobilier",
    "Énergie",
    "Travaux publics",
    "Traduction",
    "Architecture",
    "Laboratoire",
    "Événementiel",
    "Maintenance",
];

const FORMES: &[&str] = &["SARL", "SAS", "SASU", "EURL", "SA", "SCOP"];

const SERVICES: &[&str] = &[
    "Service financier",
    "Achats",
    "Direction technique",
    "Ressources humaines",
    "Services généraux",
    "Direction du numérique",
    "Voirie",
    "Affaires scolaires",
    "Culture",
    "Pharmacie",
    "Restauration collective",
    "Urbanisme",
];

fn pick<'a, T>(rng: &mut StdRng, list: &'a [T]) -> &'a T {
    &list[rng.random_range(0..list.len())]
}

/// A creation date over the nine years the platform has run.
fn created(rng: &mut StdRng) -> DateTime<Utc> {
    let start = Utc.with_ymd_and_hms(2017, 1, 1, 8, 0, 0).single().unwrap_or_else(Utc::now);
    start + Duration::minutes(rng.random_range(0..9 * 365 * 24 * 60))
}

impl App {
    /// Generates a directory of `scale` times the real one. Refused in production; the data
    /// set's identifiers must not exist yet.
    pub async fn seed_scale(
        &self,
        scale: f64,
        seed: u64,
        avec_factures: bool,
        mut progress: impl FnMut(Etape, u64, u64),
    ) -> Result<Bilan, AppError> {
        if self.environment() == Environnement::Production {
            return Err(AppError::Forbidden(
                "generated data sets are refused in production".into(),
            ));
        }
        if !(scale > 0.0 && scale <= 100.0) {
            return Err(AppError::invalid(format!(
                "scale: [{scale}] out of range. Expected [0 < scale <= 100]"
            )));
        }
        let mut rng = StdRng::seed_from_u64(seed);
        let publiques = (PUBLIQUES_PAR_ECHELLE * scale).round() as u64;
        let privees = (PRIVEES_PAR_ECHELLE * scale).round() as u64;
        let utilisateurs = (UTILISATEURS_PAR_ECHELLE * scale).round() as u64;
        let total = publiques + privees;
        let mut bilan = Bilan {
            structures_publiques: publiques,
            structures_privees: privees,
            utilisateurs,
            ..Bilan::default()
        };

        // Structures: public ones first, then private; ids in generation order.
        let mut ids: Vec<i64> = Vec::with_capacity(total as usize);
        let mut requirements: Vec<bool> = Vec::with_capacity(publiques as usize);
        // Each structure's kind of public body or company category, for the invoices.
        let mut natures: Vec<&'static str> = Vec::with_capacity(total as usize);
        let mut index = 0u64;
        while index < total {
            let end = (index + CHUNK as u64).min(total);
            let rows: Vec<Vec<Arg>> = (index..end)
                .map(|i| {
                    let public = i < publiques;
                    let (siret, name, categorie, kind) = if public {
                        let (ville, _) = *pick(&mut rng, VILLES);
                        let roll = rng.random_range(0..100);
                        let (name, kind) = match roll {
                            0..10 => (
                                format!("Direction régionale {} {ville}", pick(&mut rng, SERVICES)),
                                "ETAT",
                            ),
                            10..70 => (
                                format!("Commune de {} {}", pick(&mut rng, NOMS), ville),
                                "COLLECTIVITE_TERRITORIALE",
                            ),
                            70..75 => (
                                format!("Centre hospitalier de {ville} {i}"),
                                "ETABLISSEMENT_PUBLIC_SANTE",
                            ),
                            _ => (
                                format!(
                                    "Établissement public {} {ville}",
                                    pick(&mut rng, ACTIVITES)
                                ),
                                "AUTRE_ETABLISSEMENT_PUBLIC",
                            ),
                        };
                        requirements.push(rng.random_range(0..100) < 20);
                        natures.push(kind);
                        (
                            siret_genere(SIREN_PUBLIC_BASE, i),
                            name,
                            Arg::NoText,
                            Arg::Text(kind.into()),
                        )
                    } else {
                        let category = match rng.random_range(0..1000) {
                            0..880 => "MICRO_ENTREPRISE",
                            880..985 => "PME",
                            985..997 => "ETI",
                            _ => "GRANDE_ENTREPRISE",
                        };
                        natures.push(category);
                        let name = format!(
                            "{} {} {}",
                            pick(&mut rng, FORMES),
                            pick(&mut rng, NOMS),
                            pick(&mut rng, ACTIVITES)
                        );
                        (
                            siret_genere(SIREN_PRIVE_BASE, i - publiques),
                            name,
                            Arg::Text(category.into()),
                            Arg::NoText,
                        )
                    };
                    let (ville, code_postal) = *pick(&mut rng, VILLES);
                    let at = created(&mut rng);
                    let requires_service = public && requirements.last().copied().unwrap_or(false);
                    vec![
                        Arg::Text("SIRET".into()),
                        Arg::Text(siret),
                        Arg::Text(name.clone()),
                        Arg::Text(if public { "PUBLIQUE" } else { "PRIVEE" }.into()),
                        Arg::Text(code_postal.into()),
                        Arg::Text(ville.into()),
                        categorie,
                        kind,
                        Arg::Text(designation_norm(&name)),
                        Arg::Bool(requires_service),
                        Arg::Time(at),
                    ]
                })
                .collect();
            let inserted = self
                .store()
                .insert_rows(
                    "structures",
                    &[
                        "type_identifiant",
                        "identifiant",
                        "raison_sociale",
                        "type_structure",
                        "code_postal",
                        "ville",
                        "categorie",
                        "type_public",
                        "designation_norm",
                        "code_service_doit_etre_renseigne",
                        "created_at",
                    ],
                    "identifiant",
                    rows,
                )
                .await?;
            let mut chunk_ids = vec![0i64; (end - index) as usize];
            for (id, siret) in inserted {
                let siren: u64 = siret.get(..9).and_then(|s| s.parse().ok()).unwrap_or_default();
                let i = if siren >= SIREN_PRIVE_BASE {
                    publiques + siren - SIREN_PRIVE_BASE
                } else {
                    siren - SIREN_PUBLIC_BASE
                };
                if let Some(slot) = i.checked_sub(index).and_then(|k| chunk_ids.get_mut(k as usize))
                {
                    *slot = id;
                }
            }
            ids.extend(chunk_ids);
            index = end;
            progress(Etape::Structures, index, total);
        }

        // Services of the public structures: none to five, two and a half on average.
        let mut rows = Vec::new();
        for (i, structure_id) in ids.iter().take(publiques as usize).enumerate() {
            let count = match rng.random_range(0..10) {
                0 => 0,
                1..4 => 1,
                4..6 => 2,
                6..8 => 3,
                8 => 4,
                _ => 5 + usize::from(requirements[i]),
            };
            for s in 0..count {
                let at = created(&mut rng);
                rows.push(vec![
                    Arg::Int(*structure_id),
                    Arg::Text(format!("SERV-{:03}", s + 1)),
                    Arg::Text((*pick(&mut rng, SERVICES)).into()),
                    Arg::Bool(rng.random_range(0..10) == 0),
                    Arg::Time(at),
                    Arg::Time(at),
                ]);
            }
            if rows.len() >= CHUNK || i + 1 == publiques as usize {
                bilan.services += rows.len() as u64;
                self.store()
                    .insert_rows(
                        "services",
                        &[
                            "structure_id",
                            "code",
                            "libelle",
                            "numero_engagement_requis",
                            "created_at",
                            "updated_at",
                        ],
                        "code",
                        std::mem::take(&mut rows),
                    )
                    .await?;
                progress(Etape::Services, i as u64 + 1, publiques);
            }
        }

        // Users: every structure's principal manager first, then secondary managers and
        // simple users spread over the structures.
        let hash = hash_password_blocking(MOT_DE_PASSE.to_owned()).await?;
        let mut principaux = vec![0i64; total as usize];
        let mut u = 0u64;
        while u < utilisateurs {
            let end = (u + CHUNK as u64).min(utilisateurs);
            let mut attachments = Vec::with_capacity((end - u) as usize);
            let rows: Vec<Vec<Arg>> = (u..end)
                .map(|i| {
                    let (structure, role) = if i < total {
                        (ids[i as usize], "GESTIONNAIRE_PRINCIPAL")
                    } else {
                        let role = if rng.random_range(0..10) < 3 {
                            "GESTIONNAIRE_SECONDAIRE"
                        } else {
                            "UTILISATEUR"
                        };
                        (ids[rng.random_range(0..ids.len())], role)
                    };
                    let at = created(&mut rng);
                    attachments.push((structure, role, at));
                    vec![
                        Arg::Text(format!("utilisateur{i}@scale.facteur")),
                        Arg::Text((*pick(&mut rng, NOMS)).into()),
                        Arg::Text(hash.clone()),
                        Arg::Time(at),
                    ]
                })
                .collect();
            let inserted = self
                .store()
                .insert_rows(
                    "utilisateurs",
                    &["email", "nom", "password_hash", "created_at"],
                    "email",
                    rows,
                )
                .await?;
            let mut links = Vec::with_capacity(inserted.len());
            for (id, email) in inserted {
                let i: u64 = email
                    .trim_start_matches("utilisateur")
                    .split('@')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(u64::MAX);
                if let Some(slot) = principaux.get_mut(i as usize) {
                    *slot = id;
                }
                if let Some((structure, role, at)) =
                    i.checked_sub(u).and_then(|k| attachments.get(k as usize))
                {
                    links.push(vec![
                        Arg::Int(id),
                        Arg::Int(*structure),
                        Arg::Text((*role).into()),
                        Arg::Text("VALIDEE".into()),
                        Arg::Time(*at),
                        Arg::Time(*at),
                    ]);
                }
            }
            self.store()
                .insert_rows(
                    "rattachements",
                    &[
                        "utilisateur_id",
                        "structure_id",
                        "role",
                        "statut",
                        "created_at",
                        "updated_at",
                    ],
                    "role",
                    links,
                )
                .await?;
            u = end;
            progress(Etape::Utilisateurs, u, utilisateurs);
        }
        let destinataires: Vec<(i64, &'static str)> =
            ids.iter().zip(&natures).take(publiques as usize).map(|(i, n)| (*i, *n)).collect();
        let fournisseurs: Vec<(i64, &'static str, i64)> = ids
            .iter()
            .zip(&natures)
            .zip(&principaux)
            .skip(publiques as usize)
            .map(|((i, n), u)| (*i, *n, *u))
            .collect();
        let parties =
            factures::Parties { destinataires: &destinataires, fournisseurs: &fournisseurs };
        if avec_factures {
            bilan.factures = self.seed_factures(&mut rng, &parties, &mut progress).await?;
        }
        bilan.engagements = self.seed_engagements(&mut rng, &parties, &mut progress).await?;
        self.store().analyze().await?;
        Ok(bilan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_identifiers_are_valid_and_distinct() {
        let a = siret_genere(SIREN_PUBLIC_BASE, 0);
        let b = siret_genere(SIREN_PRIVE_BASE, 0);
        assert!(Siret::parse(&a).is_ok() && Siret::parse(&b).is_ok());
        assert_ne!(a, b);
        assert_eq!(&a[..13], "2000000000001");
    }
}
