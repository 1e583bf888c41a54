//! Flux: a deposited file is a row that is also the workers' job. A worker takes fluxes with
//! a lease (`SKIP LOCKED` on PostgreSQL, so that processes sharing a database never take the
//! same one; SQLite's single writer serialises the taking), and writes every invoice of a
//! flux with its final state in one transaction, fenced by its lease: a worker that lost its
//! lease writes nothing, and a crash at any point leaves the flux to be taken again whole.

use std::collections::{HashMap, HashSet, VecDeque};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use facteur_domain::flux::{CompteRendu, ErreurDp, EtatFlux};
use sqlx::{AssertSqlSafe, FromRow};
use tokio::sync::{mpsc, oneshot};

use crate::factures::depots::{FactureADeposer, compter_factures, insert_factures, key};
use crate::factures::{DimensionsStats, Evenement, NewFacture};
use crate::fichiers::{EnBase, InsertFichiers};
use crate::pieces_jointes::{INSERT_ATTACHEMENTS, NewPieceJointe};
use crate::sql::{Arg, Insert, Sql, bind_args, bind_insert};
use crate::{Engine, Result, Store, on_pool, on_write_pool};

#[derive(Debug, Clone)]
pub struct NewFlux {
    pub structure_id: i64,
    pub utilisateur_id: i64,
    pub nom_fichier: String,
    pub syntaxe: String,
    pub avec_signature: bool,
    pub sha256: String,
    pub cle: String,
    pub taille: i64,
    /// The file itself, when it goes in the database with its flux
    /// ([`crate::KeptBlob::inline`]).
    pub inline: Option<EnBase>,
}

#[derive(Debug, Clone, FromRow)]
pub struct FluxRecord {
    pub id: i64,
    pub structure_id: i64,
    pub utilisateur_id: i64,
    pub nom_fichier: String,
    pub syntaxe: String,
    pub avec_signature: bool,
    pub sha256: String,
    pub cle: String,
    pub taille: i64,
    pub etat: String,
    pub date_depot: DateTime<Utc>,
    pub date_etat: DateTime<Utc>,
    pub tentatives: i64,
    pub documents: Option<i64>,
    pub integrees: Option<i64>,
    pub compte_rendu: Option<String>,
}

/// A deposit's outcome: the flux, and whether this deposit created it (or found the same
/// file already deposited).
#[derive(Debug, Clone)]
pub struct FluxDepose {
    pub id: i64,
    pub date_depot: DateTime<Utc>,
    pub syntaxe: String,
    pub nouveau: bool,
    /// Committed already leased and handed to this process's workers ([`Remise`]): none
    /// has to look for it in the database.
    pub remis: bool,
}

/// Where the flux writer hands the fluxes it commits: to this process's workers, each
/// group leased for `bail` from its commit. A flux handed over is never looked for in the
/// database, which saves the workers' lease statement and their reading of its file; if
/// this process dies before writing it, its lease expires and any worker takes it, as it
/// would a dead worker's.
#[derive(Debug, Clone)]
pub struct Remise {
    pub lots: mpsc::Sender<LotRemis>,
    pub bail: chrono::Duration,
}

/// A group of deposits, committed under the lease `bail`, with the files kept in the
/// database (the others are read from the blob store).
#[derive(Debug)]
pub struct LotRemis {
    pub bail: i64,
    pub flux: Vec<(FluxRecord, Option<Bytes>)>,
}

/// A file kept as an invoice's own, with what it is to it.
#[derive(Debug, Clone)]
pub struct FichierDeFacture {
    pub piece: NewPieceJointe,
    pub role: String,
}

/// An invoice of a flux, checked and ready to record.
#[derive(Debug, Clone)]
pub struct FactureDeFlux {
    pub facture: NewFacture,
    pub history: Vec<Evenement>,
    pub dims: DimensionsStats,
    pub fichiers: Vec<FichierDeFacture>,
    /// What the report says if its number turns out to be used already.
    pub si_doublon: ErreurDp,
}

/// A flux processed: its invoices that passed the checks, and the errors of the others.
#[derive(Debug, Clone)]
pub struct FluxTraite {
    pub id: i64,
    pub documents: usize,
    pub factures: Vec<FactureDeFlux>,
    pub compte_rendu: CompteRendu,
}

/// The largest group of deposits committed at once.
const MAX_GROUP: usize = 64;

/// Groups of deposits committing at once on PostgreSQL.
const GROUPES_EN_VOL: usize = 2;

/// A deposit waiting for its group's commit.
pub(crate) struct Job {
    flux: NewFlux,
    reply: oneshot::Sender<Result<FluxDepose>>,
}

pub(crate) type Queue = mpsc::Sender<Job>;

/// Starts the task that commits queued flux deposits in groups ([`crate::groupes`]), as
/// invoice deposits are. On PostgreSQL several groups commit at once: a group's rows and
/// files travel to the server and are written while the next group's do, and concurrent
/// deposits of the same file meet on the unique index as they would one by one. SQLite has
/// one writer: a second group would only wait for it, smaller.
pub(crate) fn start(store: &Store) -> Queue {
    let en_vol = match store.engine() {
        Engine::Postgres => GROUPES_EN_VOL,
        Engine::Sqlite => 1,
    };
    crate::groupes::start(store, MAX_GROUP, en_vol, |store, jobs| async move {
        store.commit_flux_group(jobs).await;
    })
}

/// The columns a deposit writes, with their PostgreSQL types; the last [`BAIL`], its lease,
/// only when it is handed over ([`Remise`]).
const NOUVEAUX: &[(&str, &str)] = &[
    ("structure_id", "int8"),
    ("utilisateur_id", "int8"),
    ("nom_fichier", "text"),
    ("syntaxe", "text"),
    ("avec_signature", "bool"),
    ("sha256", "text"),
    ("cle", "text"),
    ("taille", "int8"),
    ("etat", "text"),
    ("date_depot", "timestamptz"),
    ("date_etat", "timestamptz"),
    ("bail", "int8"),
    ("bail_expire", "timestamptz"),
    ("tentatives", "int8"),
];
const BAIL: usize = 3;

/// Invoices per statement: 400 of 31 columns stay below SQLite's 32,766 parameters.
const TRANCHE: usize = 400;

const COLUMNS: &str = "id, structure_id, utilisateur_id, nom_fichier, syntaxe, avec_signature, \
    sha256, cle, taille, etat, date_depot, date_etat, tentatives, documents, integrees, \
    compte_rendu";

/// Fluxes waiting for a worker, or held by one whose lease expired.
const A_TRAITER: &str = "etat IN ('IN_RECU', 'IN_EN_COURS_TRAITEMENT_CPP') \
    AND (etat = 'IN_RECU' OR bail_expire < $3)";

/// `sql` (a statement up to its `WHERE`) on the fluxes the leases `bails` hold, found
/// through the index `flux_bail`. `bails` must not be empty: the condition would hold for
/// every leased flux.
fn tenus(mut sql: Sql, bails: &[i64]) -> Sql {
    sql.push(" WHERE etat = 'IN_EN_COURS_TRAITEMENT_CPP'");
    sql.and_in("bail", bails.iter().map(|&bail| Arg::Int(bail)).collect());
    sql
}

impl Store {
    /// From now on, hands the fluxes this process's deposits commit to `remise`, while its
    /// receiver has room (the others wait in the database); `None` stops it.
    pub fn remettre_flux(&self, remise: Option<Remise>) {
        *self.remise.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = remise;
    }

    /// Records a deposited file as a flux to process, unless the structure deposited the same
    /// file before (and it was not rejected): then that flux. Answers once the row is
    /// committed, in the group of deposits that queued meanwhile (see [`start`]).
    pub async fn insert_flux(&self, f: &NewFlux) -> Result<FluxDepose> {
        let Some(queue) = &self.flux else {
            return self.insert_flux_seul(f).await;
        };
        let (reply, answer) = oneshot::channel();
        if queue.send(Job { flux: f.clone(), reply }).await.is_err() {
            return self.insert_flux_seul(f).await;
        }
        answer.await.map_err(|_| crate::StoreError::Conflict("flux writer stopped".into()))?
    }

    /// One deposit in its own transaction: the group's fallback.
    async fn insert_flux_seul(&self, f: &NewFlux) -> Result<FluxDepose> {
        const INSERT: &str = "INSERT INTO flux (structure_id, utilisateur_id, nom_fichier, \
            syntaxe, avec_signature, sha256, cle, taille, etat, date_depot, date_etat) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'IN_RECU', $9, $9) \
            ON CONFLICT (structure_id, sha256) WHERE etat <> 'IN_REJETE' DO NOTHING \
            RETURNING id, date_depot, syntaxe";
        // The flux found may be rejected between the insert and the read: try again.
        for _ in 0..3 {
            let now = Utc::now();
            let inserted: Option<(i64, DateTime<Utc>, String)> = on_write_pool!(self, pool => {
                let mut tx = pool.begin().await?;
                if let Some(contenu) = &f.inline {
                    tx.insert_fichiers(&[(f.cle.as_str(), contenu)]).await?;
                }
                let inserted = sqlx::query_as(INSERT)
                    .bind(f.structure_id)
                    .bind(f.utilisateur_id)
                    .bind(&f.nom_fichier)
                    .bind(&f.syntaxe)
                    .bind(f.avec_signature)
                    .bind(&f.sha256)
                    .bind(&f.cle)
                    .bind(f.taille)
                    .bind(now)
                    .fetch_optional(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok::<_, crate::StoreError>(inserted)
            })?;
            if let Some((id, date_depot, syntaxe)) = inserted {
                return Ok(FluxDepose { id, date_depot, syntaxe, nouveau: true, remis: false });
            }
            if let Some(existing) = self.flux_existant(f).await? {
                return Ok(existing);
            }
        }
        Err(crate::StoreError::Conflict(format!("flux of file {}", f.sha256)))
    }

    /// The flux the structure made with the same file, unless it was rejected.
    async fn flux_existant(&self, f: &NewFlux) -> Result<Option<FluxDepose>> {
        const EXISTING: &str = "SELECT id, date_depot, syntaxe FROM flux \
            WHERE structure_id = $1 AND sha256 = $2 AND etat <> 'IN_REJETE'";
        let existing: Option<(i64, DateTime<Utc>, String)> = on_pool!(self, pool => sqlx::query_as(EXISTING)
            .bind(f.structure_id)
            .bind(&f.sha256)
            .fetch_optional(pool)
            .await)?;
        Ok(existing.map(|(id, date_depot, syntaxe)| FluxDepose {
            id,
            date_depot,
            syntaxe,
            nouveau: false,
            remis: false,
        }))
    }

    /// Commits a group of deposits: one multi-row insert in one transaction, then each
    /// deposit answered. A file already deposited by the structure (before, or earlier in
    /// the group) answers its flux; a group that fails is tried one deposit at a time.
    async fn commit_flux_group(&self, jobs: Vec<Job>) {
        // A place in the workers' queue first: a group is leased only if it can be handed.
        let remise = self.remise.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        let place = remise.and_then(|r| Some((r.lots.try_reserve_owned().ok()?, r.bail)));
        let now = Utc::now();
        let bail = place.as_ref().map(|(_, duree)| (rand::random::<i64>(), now + *duree));
        match self.insert_flux_group(&jobs, now, bail).await {
            Ok(ids) => {
                let remis: Vec<_> = jobs
                    .iter()
                    .zip(&ids)
                    .filter_map(|(job, inserted)| {
                        let flux = inserted.as_ref().filter(|f| f.remis)?;
                        Some(enregistrement(&job.flux, flux, now))
                    })
                    .collect();
                // Handed over before any deposit is answered: a server that stops once the
                // last is answered stops its workers after they have it.
                if let (Some((place, _)), Some((bail, _))) = (place, bail)
                    && !remis.is_empty()
                {
                    place.send(LotRemis { bail, flux: remis });
                }
                for (job, inserted) in jobs.into_iter().zip(ids) {
                    let answer = match inserted {
                        Some(flux) => Ok(flux),
                        None => self.insert_flux_seul(&job.flux).await,
                    };
                    let _ = job.reply.send(answer);
                }
            }
            Err(_) => {
                for job in jobs {
                    let _ = job.reply.send(self.insert_flux_seul(&job.flux).await);
                }
            }
        }
    }

    /// For each deposit, its new flux, or `None` when its file was there already.
    /// With a lease `bail` (its id and end), the group's fluxes are taken by it already.
    async fn insert_flux_group(
        &self,
        jobs: &[Job],
        now: DateTime<Utc>,
        bail: Option<(i64, DateTime<Utc>)>,
    ) -> Result<Vec<Option<FluxDepose>>> {
        let etat = if bail.is_some() { EtatFlux::EnCoursTraitement } else { EtatFlux::Recu };
        // Rows in the unique index's order, for the same reason as files in theirs (groups
        // commit side by side on PostgreSQL).
        let mut ordre: Vec<&Job> = jobs.iter().collect();
        ordre.sort_unstable_by(|a, b| {
            (a.flux.structure_id, &a.flux.sha256).cmp(&(b.flux.structure_id, &b.flux.sha256))
        });
        let rows = ordre
            .iter()
            .map(|j| {
                let f = &j.flux;
                let mut row = vec![
                    Arg::Int(f.structure_id),
                    Arg::Int(f.utilisateur_id),
                    Arg::Text(f.nom_fichier.clone()),
                    Arg::Text(f.syntaxe.clone()),
                    Arg::Bool(f.avec_signature),
                    Arg::Text(f.sha256.clone()),
                    Arg::Text(f.cle.clone()),
                    Arg::Int(f.taille),
                    Arg::Text(etat.code().to_owned()),
                    Arg::Time(now),
                    Arg::Time(now),
                ];
                if let Some((bail, expire)) = bail {
                    row.extend([Arg::Int(bail), Arg::Time(expire), Arg::Int(1)]);
                }
                row
            })
            .collect();
        let fichiers: Vec<(&str, &EnBase)> = jobs
            .iter()
            .filter_map(|j| Some((j.flux.cle.as_str(), j.flux.inline.as_ref()?)))
            .collect();
        let insert = Insert::new(
            self.engine(),
            "flux",
            if bail.is_some() { NOUVEAUX } else { &NOUVEAUX[..NOUVEAUX.len() - BAIL] },
            rows,
            " ON CONFLICT (structure_id, sha256) WHERE etat <> 'IN_REJETE' DO NOTHING \
             RETURNING id, structure_id, sha256, date_depot, syntaxe",
        );
        let inserted: Vec<(i64, i64, String, DateTime<Utc>, String)> = on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            tx.insert_fichiers(&fichiers).await?;
            let rows = bind_insert!(sqlx::query_as(AssertSqlSafe(insert.text.as_str())), insert)
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, crate::StoreError>(rows)
        })?;
        // `RETURNING` does not promise the rows' order: match them by file. The same file
        // twice in the group made one flux, the first deposit's; the second finds it.
        let mut by_file: HashMap<(i64, String), FluxDepose> = inserted
            .into_iter()
            .map(|(id, structure_id, sha256, date_depot, syntaxe)| {
                let flux =
                    FluxDepose { id, date_depot, syntaxe, nouveau: true, remis: bail.is_some() };
                ((structure_id, sha256), flux)
            })
            .collect();
        Ok(jobs
            .iter()
            .map(|j| by_file.remove(&(j.flux.structure_id, j.flux.sha256.clone())))
            .collect())
    }

    /// A page of a structure's fluxes, newest first, and how many it has.
    pub async fn flux_de_structure(
        &self,
        structure_id: i64,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<FluxRecord>, u64)> {
        let sql = format!(
            "SELECT {COLUMNS} FROM flux WHERE structure_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3"
        );
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(structure_id)
            .bind(i64::from(limit))
            .bind(offset)
            .fetch_all(pool)
            .await)?;
        let total: i64 = on_pool!(self, pool => sqlx::query_scalar(
                "SELECT COUNT(*) FROM flux WHERE structure_id = $1")
            .bind(structure_id)
            .fetch_one(pool)
            .await)?;
        Ok((rows, u64::try_from(total).unwrap_or(0)))
    }

    pub async fn find_flux(&self, id: i64) -> Result<Option<FluxRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM flux WHERE id = $1");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Takes fluxes to process under the lease `bail` until `expire`, in order, up to `n` of
    /// them and up to `octets` deposited bytes (at least one): those waiting, and those whose
    /// worker's lease expired (it died, or is too slow and will write nothing).
    pub async fn reserver_flux(
        &self,
        bail: i64,
        expire: DateTime<Utc>,
        n: i64,
        octets: i64,
    ) -> Result<Vec<FluxRecord>> {
        let lock = match self.engine() {
            Engine::Postgres => " FOR UPDATE SKIP LOCKED",
            Engine::Sqlite => "",
        };
        let sql = format!(
            "UPDATE flux SET etat = 'IN_EN_COURS_TRAITEMENT_CPP', date_etat = $3, bail = $1, \
             bail_expire = $2, tentatives = tentatives + 1 \
             WHERE id IN (SELECT id FROM (\
                 SELECT id, taille, sum(taille) OVER (ORDER BY id) AS cumul FROM (\
                     SELECT id, taille FROM flux WHERE {A_TRAITER} ORDER BY id LIMIT $4{lock}\
                 ) AS pris\
             ) AS cumuls WHERE cumul - taille < $5) \
             RETURNING {COLUMNS}"
        );
        let mut taken: Vec<FluxRecord> = on_write_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(bail)
            .bind(expire)
            .bind(Utc::now())
            .bind(n)
            .bind(octets)
            .fetch_all(pool)
            .await)?;
        taken.sort_by_key(|f| f.id);
        Ok(taken)
    }

    /// Lets other workers take the leases' fluxes again at once (their worker failed to
    /// write them).
    pub async fn relacher_flux(&self, bails: &[i64]) -> Result<()> {
        if bails.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new("UPDATE flux SET bail_expire = ");
        let maintenant = sql.arg(Arg::Time(Utc::now()));
        sql.push(&maintenant);
        let sql = tenus(sql, bails);
        on_write_pool!(self, pool => bind_args!(sqlx::query(AssertSqlSafe(sql.text.as_str())), &sql.args)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Records processed fluxes, all in one transaction: the invoices of those the leases
    /// `bails` still hold (a number already used, or twice in the lot, is reported as a
    /// duplicate instead), their files, and each flux's final state and report. Answers the
    /// state of each flux written; a flux whose lease was lost is left to its new holder.
    pub async fn terminer_flux(
        &self,
        bails: &[i64],
        lot: Vec<FluxTraite>,
    ) -> Result<Vec<(i64, EtatFlux)>> {
        if bails.is_empty() {
            return Ok(Vec::new());
        }
        // The fluxes the leases still hold, kept from another worker until the commit. On
        // PostgreSQL a row lock does it without writing a new version of each row; SQLite's
        // transaction must write first, to hold the database's write lock from here on.
        let (debut, fin) = match self.engine() {
            Engine::Postgres => ("SELECT id FROM flux", " FOR UPDATE"),
            Engine::Sqlite => ("UPDATE flux SET bail_expire = bail_expire", " RETURNING id"),
        };
        let mut fence = tenus(Sql::new(debut), bails);
        fence.push(fin);
        const FINISH: &str = "UPDATE flux SET etat = fins.etat, date_etat = fins.date_etat, \
            documents = fins.documents, integrees = fins.integrees, \
            compte_rendu = fins.compte_rendu, bail = NULL, bail_expire = NULL \
            FROM fins WHERE flux.id = fins.id";
        let now = Utc::now();
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let held: Vec<i64> = bind_args!(sqlx::query_scalar(AssertSqlSafe(fence.text.as_str())), &fence.args)
                .fetch_all(&mut *tx)
                .await?;
            let held: HashSet<i64> = held.into_iter().collect();
            let mut lot: Vec<FluxTraite> = lot.into_iter().filter(|f| held.contains(&f.id)).collect();

            // The first of a number in the lot goes in; the others are its duplicates.
            let mut seen = HashSet::new();
            let mut places = Vec::new();
            let mut depots = Vec::new();
            for (i, flux) in lot.iter_mut().enumerate() {
                for facture in std::mem::take(&mut flux.factures) {
                    if seen.insert(key(&facture.facture)) {
                        places.push((i, facture.fichiers, facture.si_doublon));
                        depots.push(FactureADeposer {
                            facture: facture.facture,
                            history: facture.history,
                            dims: facture.dims,
                            pieces_jointes: Vec::new(),
                        });
                    } else {
                        flux.compte_rendu.erreurs_dp.push(facture.si_doublon);
                    }
                }
            }
            let mut integrees = vec![0_usize; lot.len()];
            // In slices, so that a statement's parameters stay within SQLite's bound.
            let mut places = places.into_iter();
            let depots: Vec<&FactureADeposer> = depots.iter().collect();
            let mut tous_ids = Vec::with_capacity(depots.len());
            for depots in depots.chunks(TRANCHE) {
                let ids = insert_factures!(self, tx, depots, now);
                tous_ids.extend_from_slice(&ids);
                let mut fichiers = Vec::new();
                for ((i, files, si_doublon), id) in places.by_ref().take(depots.len()).zip(&ids) {
                    match id {
                        Some(id) => {
                            integrees[i] += 1;
                            fichiers.extend(files.into_iter().map(|f| (*id, f)));
                        }
                        None => lot[i].compte_rendu.erreurs_dp.push(si_doublon),
                    }
                }
                if fichiers.is_empty() {
                    continue;
                }
                let inline: Vec<(&str, &EnBase)> = fichiers
                    .iter()
                    .filter_map(|(_, f)| Some((f.piece.cle.as_str(), f.piece.inline.as_ref()?)))
                    .collect();
                tx.insert_fichiers(&inline).await?;
                let rows = fichiers.iter().map(|(_, f)| piece_row(&f.piece, now)).collect();
                let insert = Insert::new(self.engine(), "pieces_jointes", PIECES, rows, " RETURNING id, cle, nom");
                let pieces: Vec<(i64, String, String)> =
                    bind_insert!(sqlx::query_as(AssertSqlSafe(insert.text.as_str())), insert)
                        .fetch_all(&mut *tx)
                        .await?;
                // `RETURNING` does not promise the rows' order: files of the same key and
                // name are the same file, so any of their ids will do.
                let mut by_key: HashMap<(String, String), VecDeque<i64>> = HashMap::new();
                for (id, cle, nom) in pieces {
                    by_key.entry((cle, nom)).or_default().push_back(id);
                }
                let links: Vec<Vec<Arg>> = fichiers
                    .iter()
                    .filter_map(|(facture_id, f)| {
                        let id = by_key.get_mut(&(f.piece.cle.clone(), f.piece.nom.clone()))?.pop_front()?;
                        Some(vec![Arg::Int(*facture_id), Arg::Int(id), Arg::Text(f.role.clone()), Arg::NoText, Arg::Time(now)])
                    })
                    .collect();
                if !links.is_empty() {
                    let sql = Sql::values(self.engine(), INSERT_ATTACHEMENTS, links);
                    bind_args!(sqlx::query(AssertSqlSafe(sql.text.as_str())), &sql.args)
                        .execute(&mut *tx)
                        .await?;
                }
            }

            let mut etats = Vec::with_capacity(lot.len());
            let mut fins = Vec::with_capacity(lot.len());
            for (flux, integrees) in lot.iter().zip(integrees) {
                let etat = EtatFlux::final_pour(integrees, flux.documents);
                let compte_rendu = serde_json::to_string(&flux.compte_rendu)
                    .map_err(|e| crate::StoreError::Blob(format!("flux report: {e}")))?;
                fins.push(vec![
                    Arg::Int(flux.id),
                    Arg::Text(etat.code().to_owned()),
                    Arg::Time(now),
                    Arg::Int(i64::try_from(flux.documents).unwrap_or(i64::MAX)),
                    Arg::Int(i64::try_from(integrees).unwrap_or(i64::MAX)),
                    Arg::Text(compte_rendu),
                ]);
                etats.push((flux.id, etat));
            }
            // Every flux's final state in one statement: the rows as a multi-row insert
            // builds them (`VALUES` on SQLite, `UNNEST` on PostgreSQL), named by a `WITH`.
            let names: Vec<&str> = FINS.iter().map(|(name, _)| *name).collect();
            let names = names.join(", ");
            for fins in fins.chunks(TRANCHE) {
                let rows = Insert::new(self.engine(), "fins", FINS, fins.to_vec(), "");
                let rows_text = rows.text.trim_start_matches(&format!("INSERT INTO fins ({names}) "));
                let sql = format!("WITH fins ({names}) AS ({rows_text}) {FINISH}");
                bind_insert!(sqlx::query(AssertSqlSafe(sql.as_str())), rows)
                    .execute(&mut *tx)
                    .await?;
            }
            // Counted last: the counters' rows are every lot's (see `compter_factures`).
            for (depots, ids) in depots.chunks(TRANCHE).zip(tous_ids.chunks(TRANCHE)) {
                compter_factures!(self, tx, depots, ids);
            }
            tx.commit().await?;
            Ok(etats)
        })
    }
}

/// A flux's final state, as [`Store::terminer_flux`] writes it.
const FINS: &[(&str, &str)] = &[
    ("id", "int8"),
    ("etat", "text"),
    ("date_etat", "timestamptz"),
    ("documents", "int8"),
    ("integrees", "int8"),
    ("compte_rendu", "text"),
];

const PIECES: &[(&str, &str)] = &[
    ("utilisateur_id", "int8"),
    ("nom", "text"),
    ("extension", "text"),
    ("type_mime", "text"),
    ("taille", "int8"),
    ("sha256", "text"),
    ("cle", "text"),
    ("created_at", "timestamptz"),
];

fn piece_row(p: &NewPieceJointe, now: DateTime<Utc>) -> Vec<Arg> {
    vec![
        p.utilisateur_id.into(),
        Arg::Text(p.nom.clone()),
        Arg::Text(p.extension.clone()),
        Arg::Text(p.type_mime.clone()),
        Arg::Int(p.taille),
        Arg::Text(p.sha256.clone()),
        Arg::Text(p.cle.clone()),
        Arg::Time(now),
    ]
}

/// A flux handed over as its group committed it, without reading it back.
fn enregistrement(
    f: &NewFlux,
    depose: &FluxDepose,
    now: DateTime<Utc>,
) -> (FluxRecord, Option<Bytes>) {
    let record = FluxRecord {
        id: depose.id,
        structure_id: f.structure_id,
        utilisateur_id: f.utilisateur_id,
        nom_fichier: f.nom_fichier.clone(),
        syntaxe: depose.syntaxe.clone(),
        avec_signature: f.avec_signature,
        sha256: f.sha256.clone(),
        cle: f.cle.clone(),
        taille: f.taille,
        etat: EtatFlux::EnCoursTraitement.code().to_owned(),
        date_depot: depose.date_depot,
        date_etat: now,
        tentatives: 1,
        documents: None,
        integrees: None,
        compte_rendu: None,
    };
    (record, f.inline.as_ref().map(|f| f.contenu.clone()))
}
