//! Settings come from flags, then the environment (`FACTEUR_…`), then an optional TOML file,
//! then defaults: the first that gives a value wins.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use facteur_domain::Environnement;
use serde::Deserialize;

/// The settings every command shares. Each is also read from the environment and from the
/// file given by `--config`.
#[derive(Debug, Clone, Default, Args)]
pub struct CommonArgs {
    /// TOML file with any of the settings below (keys as the long flags, with `_`).
    #[arg(long, env = "FACTEUR_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Directory for the SQLite database and the invoice files [default: ./data].
    #[arg(long, env = "FACTEUR_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// `sqlite://PATH` or `postgres://USER@HOST/DB` [default: SQLite in the data directory].
    #[arg(long, env = "FACTEUR_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Where invoices' and attachments' files go: `file:///DIR`, or `s3://BUCKET/PREFIX` in a
    /// build with the `s3` feature [default: the `blobs` directory of the data directory].
    #[arg(long, env = "FACTEUR_BLOB_URL", global = true)]
    pub blob_url: Option<String>,
    /// Files up to this many bytes (a deposited invoice, most attachments) go in the
    /// database, committed with the rows that name them, rather than in the blob store; 0
    /// sends every file to the blob store [default: 262144].
    #[arg(long, env = "FACTEUR_BLOB_INLINE_MAX", global = true)]
    pub blob_inline_max: Option<u64>,
    /// `production` or `qualification`: sets the default daily quota (1,000,000 or 50,000)
    /// and whether demo data and sandbox helpers are allowed [default: qualification].
    #[arg(long, env = "FACTEUR_ENVIRONMENT", global = true)]
    pub environment: Option<Environnement>,
    /// Largest number of database connections [default: 16 on SQLite; on PostgreSQL, 4 per
    /// core of this machine].
    #[arg(long, env = "FACTEUR_MAX_CONNECTIONS", global = true)]
    pub max_connections: Option<u32>,
}

/// `facteur serve`'s own settings.
#[derive(Debug, Clone, Default, Args)]
pub struct ServeArgs {
    /// Address of the API and portal [default: 127.0.0.1:8080].
    #[arg(long, env = "FACTEUR_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Address of the Prometheus metrics, kept off the public port; `off` to disable
    /// [default: 127.0.0.1:9464].
    #[arg(long, env = "FACTEUR_METRICS_LISTEN")]
    pub metrics_listen: Option<String>,
    /// Lifetime of access tokens in seconds, 1 to 32767 [default: 3600].
    #[arg(long, env = "FACTEUR_TOKEN_TTL")]
    pub token_ttl: Option<u64>,
    /// Seconds a successful credential check is trusted before the database is asked again:
    /// how long a change made by another process takes to be seen [default: 30].
    #[arg(long, env = "FACTEUR_CREDENTIAL_CACHE_TTL")]
    pub credential_cache_ttl: Option<u64>,
    /// Load the demo data set if the database is empty, and print its credentials.
    #[arg(long, env = "FACTEUR_DEMO")]
    pub demo: bool,
    /// Open "Mes messages" to every structure. Without it, only the structures switched on
    /// one by one (`PUT /api/v1/structures/{id}/messagerie`) write and receive messages.
    #[arg(long, env = "FACTEUR_MESSAGERIE_POUR_TOUS")]
    pub messagerie_pour_tous: bool,
    /// Workers reading deposited flux in this process; 0 for none (another process reads
    /// them) [default: the number of cores].
    #[arg(long, env = "FACTEUR_FLUX_WORKERS")]
    pub flux_workers: Option<usize>,
    /// Seconds a worker holds the flux it took: if its process dies, another takes them over
    /// after this long [default: 60].
    #[arg(long, env = "FACTEUR_FLUX_LEASE")]
    pub flux_lease: Option<u64>,
    /// The address people reach the platform at, behind any proxy: e-mailed links start
    /// with it, and `https://…` makes the portal's cookies secure and sends HSTS
    /// [default: http:// and the listen address].
    #[arg(long, env = "FACTEUR_PUBLIC_URL")]
    pub public_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    blob_url: Option<String>,
    blob_inline_max: Option<u64>,
    environment: Option<Environnement>,
    max_connections: Option<u32>,
    listen: Option<SocketAddr>,
    metrics_listen: Option<String>,
    token_ttl: Option<u64>,
    credential_cache_ttl: Option<u64>,
    demo: Option<bool>,
    messagerie_pour_tous: Option<bool>,
    flux_workers: Option<usize>,
    flux_lease: Option<u64>,
    public_url: Option<String>,
}

/// The resolved settings.
#[derive(Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub blob_url: String,
    pub blob_inline_max: u64,
    pub environment: Environnement,
    pub max_connections: u32,
    pub listen: SocketAddr,
    pub metrics_listen: Option<SocketAddr>,
    pub token_ttl: Duration,
    pub credential_cache_ttl: Duration,
    pub demo: bool,
    pub messagerie_pour_tous: bool,
    pub flux_workers: usize,
    pub flux_lease: Duration,
    pub public_url: String,
}

impl std::fmt::Debug for Settings {
    // The database URL may carry a password: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("data_dir", &self.data_dir)
            .field("database_url", &redact(&self.database_url))
            .field("environment", &self.environment)
            .field("listen", &self.listen)
            .field("metrics_listen", &self.metrics_listen)
            .finish_non_exhaustive()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl Settings {
    pub fn resolve(common: &CommonArgs, serve: &ServeArgs) -> anyhow::Result<Self> {
        let file = match &common.config {
            Some(path) => read_file(path)?,
            None => FileSettings::default(),
        };
        let data_dir = common.data_dir.clone().or(file.data_dir).unwrap_or_else(|| "data".into());
        let database_url = common
            .database_url
            .clone()
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("facteur.db").display()));
        let blob_url = match common.blob_url.clone().or(file.blob_url) {
            Some(url) => url,
            None => {
                let dir = std::path::absolute(data_dir.join("blobs"))
                    .context("locating the data directory")?;
                format!("file://{}", dir.display())
            }
        };
        let metrics_listen = match serve.metrics_listen.clone().or(file.metrics_listen) {
            Some(off) if off == "off" => None,
            Some(addr) => Some(addr.parse().with_context(|| format!("metrics address [{addr}]"))?),
            None => Some(SocketAddr::from(([127, 0, 0, 1], 9464))),
        };
        let max_connections = common
            .max_connections
            .or(file.max_connections)
            .unwrap_or_else(|| default_connections(&database_url));
        let token_ttl = serve.token_ttl.or(file.token_ttl).unwrap_or(3600);
        anyhow::ensure!(
            (1..=32767).contains(&token_ttl),
            "token TTL [{token_ttl}] out of range. Expected [1 to 32767 seconds]"
        );
        let listen =
            serve.listen.or(file.listen).unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080)));
        let public_url = serve
            .public_url
            .clone()
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{listen}"));
        anyhow::ensure!(
            public_url.starts_with("http://") || public_url.starts_with("https://"),
            "public URL [{public_url}] is not an address. Expected [http://… or https://…]"
        );
        Ok(Self {
            data_dir,
            database_url,
            blob_url,
            blob_inline_max: common
                .blob_inline_max
                .or(file.blob_inline_max)
                .unwrap_or(facteur_store::INLINE_MAX),
            environment: common.environment.or(file.environment).unwrap_or_default(),
            max_connections,
            listen,
            public_url,
            metrics_listen,
            token_ttl: Duration::from_secs(token_ttl),
            credential_cache_ttl: Duration::from_secs(
                serve.credential_cache_ttl.or(file.credential_cache_ttl).unwrap_or(30),
            ),
            demo: serve.demo || file.demo.unwrap_or(false),
            messagerie_pour_tous: serve.messagerie_pour_tous
                || file.messagerie_pour_tous.unwrap_or(false),
            flux_workers: serve.flux_workers.or(file.flux_workers).unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
            }),
            flux_lease: Duration::from_secs(
                serve.flux_lease.or(file.flux_lease).unwrap_or(60).max(1),
            ),
        })
    }
}

fn read_file(path: &Path) -> anyhow::Result<FileSettings> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading settings file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("settings file {}", path.display()))
}

/// The pool's size when none is set. SQLite's readers are threads of this process: 16 keep
/// a busy recipient's searches under 20 ms. A PostgreSQL connection is a server process:
/// beyond a few per core they only contend for the cores (on 2 cores, the busiest
/// recipients' search p99 was 35 ms with 16 connections, 12 ms with 8 and 11 ms with 4).
fn default_connections(database_url: &str) -> u32 {
    match facteur_store::Engine::of_url(database_url) {
        Ok(facteur_store::Engine::Postgres) => {
            let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
            u32::try_from(4 * cores).unwrap_or(u32::MAX)
        }
        _ => 16,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgresql_gets_a_pool_sized_to_the_cores() {
        assert_eq!(default_connections("sqlite://data/facteur.db"), 16);
        let cores = std::thread::available_parallelism().unwrap().get() as u32;
        assert_eq!(default_connections("postgres://postgres@127.0.0.1/facteur"), 4 * cores);
        let common = CommonArgs {
            database_url: Some("postgres://db/facteur".into()),
            max_connections: Some(3),
            ..Default::default()
        };
        assert_eq!(Settings::resolve(&common, &ServeArgs::default()).unwrap().max_connections, 3);
    }

    #[test]
    fn flags_win_over_the_file_and_defaults_fill_the_rest() {
        let dir = std::env::temp_dir().join(format!("facteur-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("facteur.toml");
        std::fs::write(&file, "environment = \"production\"\nlisten = \"0.0.0.0:9000\"\n").unwrap();
        let common = CommonArgs { config: Some(file), ..Default::default() };
        let serve =
            ServeArgs { listen: Some("127.0.0.1:7000".parse().unwrap()), ..Default::default() };
        let settings = Settings::resolve(&common, &serve).unwrap();
        assert_eq!(settings.listen, "127.0.0.1:7000".parse().unwrap());
        assert_eq!(settings.environment, Environnement::Production);
        assert_eq!(settings.database_url, "sqlite://data/facteur.db");
        assert_eq!(settings.token_ttl, Duration::from_secs(3600));
    }

    #[test]
    fn unknown_keys_in_the_file_are_errors() {
        let dir = std::env::temp_dir().join(format!("facteur-settings-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("facteur.toml");
        std::fs::write(&file, "listn = \"0.0.0.0:9000\"\n").unwrap();
        let common = CommonArgs { config: Some(file), ..Default::default() };
        assert!(Settings::resolve(&common, &ServeArgs::default()).is_err());
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/facteur"),
            "postgres://app:***@db:5432/facteur"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(redact("sqlite://data/facteur.db"), "sqlite://data/facteur.db");
    }
}
