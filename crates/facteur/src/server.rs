//! The server's life: open the store, build the application, listen, and on shutdown
//! finish the calls in flight and write the quota counts.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use anyhow::Context;
use facteur_app::flux::OptionsTraitement;
use facteur_app::{App, AppSettings};
use facteur_store::{Blobs, Store};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::settings::Settings;

/// Opens the database a settings names, creating the data directory for SQLite, and brings
/// its schema up to date.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    if settings.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("creating {}", settings.data_dir.display()))?;
    }
    let store = Store::connect(&settings.database_url, settings.max_connections)
        .await
        .with_context(|| format!("opening {}", crate::settings::redact(&settings.database_url)))?;
    store.migrate().await.context("migrating the database")?;
    Ok(store)
}

/// Opens the blob store a settings names (a directory under the data directory unless
/// told otherwise), small files going to the database.
pub fn open_blobs(settings: &Settings) -> anyhow::Result<Blobs> {
    Ok(Blobs::open(&settings.blob_url)
        .with_context(|| format!("opening the blob store {}", settings.blob_url))?
        .with_inline_max(settings.blob_inline_max))
}

pub fn app(store: Store, blobs: Blobs, settings: &Settings) -> App {
    App::new(
        store,
        blobs,
        AppSettings {
            environment: settings.environment,
            token_ttl: settings.token_ttl,
            credential_cache_ttl: settings.credential_cache_ttl,
            messagerie_pour_tous: settings.messagerie_pour_tous,
            url_publique: settings.public_url.clone(),
        },
    )
}

/// One recorder per process, shared by every server a test starts in it.
fn prometheus() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            const BUCKETS: &[f64] =
                &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];
            PrometheusBuilder::new().set_buckets(BUCKETS).ok()?.install_recorder().ok()
        })
        .as_ref()
}

/// A server that runs until [`RunningServer::stop`].
pub struct RunningServer {
    pub addr: SocketAddr,
    pub metrics_addr: Option<SocketAddr>,
    pub app: App,
    stop: watch::Sender<bool>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl RunningServer {
    /// Stops accepting, lets the calls in flight finish, writes the quota counts.
    pub async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(true);
        self.task.await.context("server task")?
    }
}

/// Starts the API (and the metrics listener) on the settings' addresses.
pub async fn start(settings: &Settings, app: App) -> anyhow::Result<RunningServer> {
    let pages = facteur_portail::router(app.clone());
    let router = facteur_web::router_with(app.clone(), pages).map_err(anyhow::Error::msg)?;
    let listener = TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("listening on {}", settings.listen))?;
    let addr = listener.local_addr()?;
    let (stop, mut stopped) = watch::channel(false);

    let metrics_addr = match (settings.metrics_listen, prometheus()) {
        (Some(metrics_listen), Some(handle)) => {
            let metrics = TcpListener::bind(metrics_listen)
                .await
                .with_context(|| format!("metrics listening on {metrics_listen}"))?;
            let metrics_addr = metrics.local_addr()?;
            let render = move || handle.render();
            let mut stopped = stopped.clone();
            tokio::spawn(async move {
                let router = facteur_web::metrics_router(render);
                let shutdown = async move {
                    let _ = stopped.wait_for(|s| *s).await;
                };
                if let Err(e) = axum::serve(metrics, router).with_graceful_shutdown(shutdown).await
                {
                    tracing::error!(error = %e, "metrics listener failed");
                }
            });
            Some(metrics_addr)
        }
        _ => None,
    };

    let background = spawn_background(app.clone(), stopped.clone());
    // The workers stop once the last request is answered: a deposit acknowledged while
    // they stopped would otherwise be handed to nobody, and wait for its lease's end.
    let (stop_workers, workers_stopped) = watch::channel(false);
    let workers = if settings.flux_workers > 0 {
        let options = OptionsTraitement {
            travailleurs: settings.flux_workers,
            bail: settings.flux_lease,
            ..OptionsTraitement::default()
        };
        app.demarrer_traitement_flux(options, workers_stopped)
    } else {
        Vec::new()
    };
    let task_app = app.clone();
    let task = tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.wait_for(|s| *s).await;
        };
        axum::serve(listener, router).with_graceful_shutdown(shutdown).await?;
        // Not aborted: a quota write cut off mid-way would lose the calls it had taken.
        let _ = background.await;
        // Workers finish the lot in hand and let the others go.
        let _ = stop_workers.send(true);
        for worker in workers {
            let _ = worker.await;
        }
        task_app.flush_quota_usage().await.context("writing quota counts")?;
        Ok(())
    });
    tracing::info!(%addr, ?metrics_addr, environment = %settings.environment, "facteur listening");
    Ok(RunningServer { addr, metrics_addr, app, stop, task })
}

/// Periodic work: quota counts every second, expired tokens every hour.
fn spawn_background(app: App, mut stopped: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        // The statistics page's directory counts, read once before anyone asks.
        if let Err(e) = app.statistiques(chrono::Utc::now().date_naive()).await {
            tracing::warn!(error = %e, "statistics not read at start");
        }
        let mut quota_tick = tokio::time::interval(Duration::from_secs(1));
        let mut cleanup_tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tokio::select! {
                _ = quota_tick.tick() => {
                    if let Err(e) = app.flush_quota_usage().await {
                        tracing::warn!(error = %e, "quota counts not written; retrying");
                    }
                }
                _ = cleanup_tick.tick() => {
                    let day_ago = chrono::Utc::now() - chrono::Duration::days(1);
                    if let Err(e) = app.store().delete_expired_tokens(day_ago).await {
                        tracing::warn!(error = %e, "expired tokens not deleted");
                    }
                    if let Err(e) = app.store().delete_expired_sessions().await {
                        tracing::warn!(error = %e, "expired portal sessions not deleted");
                    }
                }
                _ = stopped.changed() => break,
            }
        }
    })
}

/// Resolves when the process is asked to stop (Ctrl-C or SIGTERM).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
