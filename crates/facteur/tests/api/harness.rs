use std::path::PathBuf;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use facteur::server::{self, RunningServer};
use facteur::settings::Settings;
use facteur_app::App;
use facteur_app::demo;
use facteur_domain::Environnement;
use rand::Rng;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::Connection;

/// A database of its own for one test: a SQLite file in a temporary directory, or a schema
/// in the PostgreSQL database the environment names.
pub struct TestDb {
    pub url: String,
    dir: PathBuf,
    postgres: Option<(String, String)>,
}

fn random_name() -> String {
    format!("t{:016x}", rand::rng().random::<u64>())
}

impl TestDb {
    pub async fn new() -> Self {
        let name = random_name();
        let dir = std::env::temp_dir().join(format!("facteur-test-{name}"));
        std::fs::create_dir_all(&dir).unwrap();
        match std::env::var("FACTEUR_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
            Some(base) => {
                let mut conn = sqlx::PgConnection::connect(&base).await.unwrap();
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {name}")))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                let separator = if base.contains('?') { '&' } else { '?' };
                let url = format!("{base}{separator}options=-c%20search_path%3D{name}");
                Self { url, dir, postgres: Some((base, name)) }
            }
            None => {
                let url = format!("sqlite://{}", dir.join("facteur.db").display());
                Self { url, dir, postgres: None }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((base, schema)) = self.postgres.take() {
            // Drop runs inside the test's runtime: do the async work on a thread of its own.
            let _ = std::thread::spawn(move || {
                let rt =
                    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                rt.block_on(async {
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&base).await {
                        let drop = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
                        let _ = sqlx::query(sqlx::AssertSqlSafe(drop)).execute(&mut conn).await;
                    }
                });
            })
            .join();
        }
    }
}

pub struct Options {
    pub environment: Environnement,
    pub token_ttl: Duration,
    pub credential_cache_ttl: Duration,
    pub metrics: bool,
    pub messagerie_pour_tous: bool,
    pub blob_inline_max: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            environment: Environnement::Qualification,
            token_ttl: Duration::from_secs(3600),
            credential_cache_ttl: Duration::from_secs(30),
            metrics: false,
            messagerie_pour_tous: false,
            blob_inline_max: facteur_store::INLINE_MAX,
        }
    }
}

/// The server, its database and an HTTP client.
pub struct TestServer {
    pub base: String,
    pub http: reqwest::Client,
    pub server: Option<RunningServer>,
    pub settings: Settings,
    _db: TestDb,
}

impl TestServer {
    /// A server on a new database holding the demo data set.
    pub async fn start() -> Self {
        Self::start_with(Options::default()).await
    }

    pub async fn start_with(options: Options) -> Self {
        let db = TestDb::new().await;
        let settings = Settings {
            data_dir: db.dir.clone(),
            database_url: db.url.clone(),
            blob_url: format!("file://{}", db.dir.join("blobs").display()),
            blob_inline_max: options.blob_inline_max,
            environment: options.environment,
            max_connections: 5,
            listen: "127.0.0.1:0".parse().unwrap(),
            metrics_listen: options.metrics.then(|| "127.0.0.1:0".parse().unwrap()),
            token_ttl: options.token_ttl,
            credential_cache_ttl: options.credential_cache_ttl,
            demo: true,
            messagerie_pour_tous: options.messagerie_pour_tous,
            flux_workers: 2,
            flux_lease: Duration::from_secs(60),
            public_url: "http://facteur.test".to_owned(),
        };
        let running = Self::run(&settings, true).await;
        Self {
            base: format!("http://{}", running.addr),
            http: reqwest::Client::new(),
            server: Some(running),
            settings,
            _db: db,
        }
    }

    async fn run(settings: &Settings, seed: bool) -> RunningServer {
        let store = server::open_store(settings).await.unwrap();
        let blobs = server::open_blobs(settings).unwrap();
        let app = server::app(store, blobs, settings);
        if seed && settings.environment != Environnement::Production {
            app.seed_demo().await.unwrap();
        }
        server::start(settings, app).await.unwrap()
    }

    pub fn app(&self) -> &App {
        &self.server.as_ref().unwrap().app
    }

    /// Stops the server gracefully and starts another on the same database and port.
    pub async fn restart(&mut self) {
        let old = self.server.take().unwrap();
        self.settings.listen = old.addr;
        old.stop().await.unwrap();
        self.server = Some(Self::run(&self.settings, false).await);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Asks for a token; answers the status and the body.
    pub async fn token_response(&self, form: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.url("/api/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.to_owned())
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }

    pub async fn token_for(&self, client_id: &str, secret: &str) -> String {
        let (status, body) = self
            .token_response(&format!(
                "grant_type=client_credentials&client_id={client_id}&client_secret={secret}&scope=openid"
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// The demo application's token.
    pub async fn token(&self) -> String {
        self.token_for(demo::APPLICATION, demo::APPLICATION_SECRET).await
    }

    /// A business call with the demo supplier's technical account.
    pub async fn call(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.call_as(token, Some(&account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD)), path, body)
            .await
    }

    pub async fn call_as(
        &self,
        token: &str,
        cpro_account: Option<&str>,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, token, cpro_account, path, body).await
    }

    /// Any call, with any method; `GET` and `DELETE` carry no body.
    pub async fn send(
        &self,
        method: reqwest::Method,
        token: &str,
        cpro_account: Option<&str>,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let has_body = method == reqwest::Method::POST || method == reqwest::Method::PUT;
        let mut request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(token)
            .header("content-type", "application/json;charset=utf-8");
        if has_body {
            request = request.body(body.to_string());
        }
        if let Some(a) = cpro_account {
            request = request.header("cpro-account", a);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await.unwrap();
        }
    }
}

/// The `cpro-account` header for a login and password.
pub fn account(login: &str, password: &str) -> String {
    STANDARD.encode(format!("{login}:{password}"))
}

/// Checks that the monthly statistics counters hold what the daily ones add up to, month by
/// month and dimension by dimension (the status left out).
pub async fn assert_monthly_counters_agree(server: &TestServer) {
    const DAILY: &str = "SELECT substr(CAST(jour AS TEXT), 1, 7), type_public, categorie, \
        mode_depot, CAST(SUM(nombre) AS BIGINT) FROM stats_factures GROUP BY 1, 2, 3, 4 \
        HAVING SUM(nombre) <> 0 ORDER BY 1, 2, 3, 4";
    const MONTHLY: &str = "SELECT mois, type_public, categorie, mode_depot, \
        CAST(nombre AS BIGINT) FROM stats_factures_mois WHERE nombre <> 0 ORDER BY 1, 2, 3, 4";
    type Row = (String, String, String, String, i64);
    let url = &server.settings.database_url;
    let (daily, monthly): (Vec<Row>, Vec<Row>) = if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        (
            sqlx::query_as(DAILY).fetch_all(&mut c).await.unwrap(),
            sqlx::query_as(MONTHLY).fetch_all(&mut c).await.unwrap(),
        )
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        (
            sqlx::query_as(DAILY).fetch_all(&mut c).await.unwrap(),
            sqlx::query_as(MONTHLY).fetch_all(&mut c).await.unwrap(),
        )
    };
    assert!(!daily.is_empty());
    assert_eq!(monthly, daily);
}
