//! Storage on SQLite (the embedded default) or PostgreSQL (for production and more than one
//! machine), behind one type.
//!
//! Most statements are written once: both engines read `$1`-style parameters, `RETURNING`
//! and `ON CONFLICT`, so a statement shared by both lives in one constant and [`on_pool!`]
//! runs it on whichever pool is open. Where the dialects differ, each engine gets its own
//! statement; the schemas differ too (types, identity columns), so each engine has its own
//! migrations.

mod annuaire;
mod blobs;
mod bulk;
mod engagements;
mod factures;
mod fichiers;
mod flux;
mod gateway;
mod groupes;
mod messages;
mod par_structure;
mod pieces_jointes;
mod portail;
pub(crate) mod sql;
mod statistiques;

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use sqlx::ConnectOptions;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use annuaire::*;
pub use blobs::{Blobs, INLINE_MAX, KeptBlob, StoredBlob};
pub use engagements::{
    ActeEngagement, EngagementData, EngagementRecord, EngagementResume, EngagementSearch,
    FactureLiee, HistoriqueEngagement,
};
pub use factures::{
    DimensionsStats, Evenement, FactureRecord, FactureSearch, HistoriqueRecord, NewFacture,
    NouvelleRoute,
};
pub use fichiers::{EnBase, en_base as fichier_en_base};
pub use flux::{
    FactureDeFlux, FichierDeFacture, FluxDepose, FluxRecord, FluxTraite, LotRemis, NewFlux, Remise,
};
pub use gateway::{ApplicationRecord, NewApplication, TokenRecord};
pub use messages::{
    Boite, CandidatRecord, EntreeCarnet, ListeRecord, MessageEnvoye, MessageRecord, MessageRecu,
    NewMessage, Reception,
};
pub use pieces_jointes::{Attachement, NewPieceJointe, PieceJointeFacture, PieceJointeRecord};
pub use portail::{ACTIVATION, JetonRecord, REINITIALISATION, SessionRecord};
pub use sql::Arg;
pub use statistiques::{CreesDuMois, FacturesDuMois};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL [{0}]. Expected [sqlite://…, postgres://…]")]
    UnsupportedUrl(String),
    #[error("{0} already exists")]
    Conflict(String),
    #[error("the database is closing")]
    Closed,
    #[error("blob store: {0}")]
    Blob(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// A unique constraint said no: the caller tried to create what exists.
    fn from_unique(err: sqlx::Error, what: impl Into<String>) -> Self {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::Conflict(what.into()),
            _ => Self::Database(err),
        }
    }
}

/// Which engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of_url(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }
}

/// Slow statements are logged at `info`, below the default `sqlx=warn`: a bulk load's
/// statements are slow by design and long enough to flood a terminal.
const SLOW_STATEMENT_LEVEL: log::LevelFilter = log::LevelFilter::Info;
const SLOW_STATEMENT: Duration = Duration::from_secs(1);

#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same code on whichever pool is open. The body is compiled once per engine, so
/// the types it binds must be encodable by both.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// [`on_pool!`] for statements that write: on SQLite they go through the one writer
/// connection, so that writers queue in the process instead of sleeping in SQLite's busy
/// handler (which made the slowest percent of deposits wait for hundreds of milliseconds).
macro_rules! on_write_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite(_) => {
                let $pool = &$store.sqlite_writer;
                $body
            }
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_write_pool;

/// [`on_write_pool!`] for the directory's tables: the write also tells readers that what
/// they keep of the directory is stale.
macro_rules! on_directory_write {
    ($store:expr, $pool:ident => $body:expr) => {{
        let result = $crate::on_write_pool!($store, $pool => $body);
        $store.directory_version.fetch_add(1, std::sync::atomic::Ordering::Release);
        result
    }};
}
pub(crate) use on_directory_write;

/// The platform's database. Cheap to clone: it holds connection pools.
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    /// SQLite's single writer connection; unused on PostgreSQL, where writers do not block
    /// each other's whole database.
    sqlite_writer: SqlitePool,
    /// Where deposits queue for their group's commit; `None` in the writers' own handles.
    depots: Option<factures::DepotQueue>,
    /// Where flux deposits queue for their group's commit; `None` in the writers' handles.
    flux: Option<flux::Queue>,
    /// Where the flux writer hands the fluxes it commits to this process's workers, when
    /// they run; shared with the writer's handle.
    remise: Arc<std::sync::Mutex<Option<flux::Remise>>>,
    /// Counts this process's writes to the directory, for the caches of the layers above.
    directory_version: Arc<AtomicU64>,
}

impl Store {
    /// Opens the database a URL names, creating a SQLite file if it is missing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self> {
        let mut sqlite_writer = None;
        let pool = match Engine::of_url(url)? {
            Engine::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // WAL with NORMAL keeps every commit atomic and durable across a crash of
                    // the process; only a power cut can lose the last transactions.
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    .log_slow_statements(SLOW_STATEMENT_LEVEL, SLOW_STATEMENT);
                // The writer copies the WAL back every 16 MiB instead of every 4: the pages
                // every commit touches (indexes' upper levels, counters) are copied once per
                // checkpoint, and fsynced less often. Single-invoice flux deposits 1,810 →
                // 1,900–1,952/s; each checkpoint holds the writer longer (deposit p99 32 →
                // 55 ms; 64 MiB gave up to 2,107/s for a p99 of 100 ms).
                sqlite_writer = Some(
                    SqlitePoolOptions::new()
                        .max_connections(1)
                        .connect_with(options.clone().pragma("wal_autocheckpoint", "4096"))
                        .await?,
                );
                // Readers get 64 MiB of page cache instead of 2: a busy recipient's index
                // pages stay in memory between searches (p99 26 → 18 ms on 10 million
                // invoices). Not the writer: a large cache made each commit slower (deposits
                // 5,365 → 3,429 per second), and the writer's pages are the freshest anyway.
                Pool::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(max_connections)
                        .connect_with(options.pragma("cache_size", "-65536"))
                        .await?,
                )
            }
            Engine::Postgres => {
                let options = PgConnectOptions::from_str(url)?
                    .log_slow_statements(SLOW_STATEMENT_LEVEL, SLOW_STATEMENT);
                Pool::Postgres(
                    PgPoolOptions::new()
                        .max_connections(max_connections)
                        .acquire_timeout(Duration::from_secs(10))
                        .connect_with(options)
                        .await?,
                )
            }
        };
        // PostgreSQL has no use for the writer: an idle, never-connected pool stands in.
        let sqlite_writer = match sqlite_writer {
            Some(writer) => writer,
            None => SqlitePoolOptions::new()
                .max_connections(1)
                .connect_lazy_with(SqliteConnectOptions::new().in_memory(true)),
        };
        let mut store = Self {
            pool,
            sqlite_writer,
            depots: None,
            flux: None,
            remise: Arc::default(),
            directory_version: Arc::default(),
        };
        // Both writers start from the store without queues, so that each ends with the last
        // handle on its own queue.
        let (depots, flux) = (factures::start_depots(&store), flux::start(&store));
        (store.depots, store.flux) = (Some(depots), Some(flux));
        Ok(store)
    }

    /// Changes whenever this process writes to the directory (structures, services, users,
    /// attachments, spaces): what was read of the directory at another version may be stale.
    pub fn directory_version(&self) -> u64 {
        self.directory_version.load(std::sync::atomic::Ordering::Acquire)
    }

    pub fn engine(&self) -> Engine {
        match self.pool {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    /// Brings the schema up to date. Safe to run at every start and from several processes.
    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(_) => {
                sqlx::migrate!("./migrations/sqlite").run(&self.sqlite_writer).await?
            }
            Pool::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Answers when the database does.
    pub async fn ping(&self) -> Result<()> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await);
        self.sqlite_writer.close().await;
    }
}
