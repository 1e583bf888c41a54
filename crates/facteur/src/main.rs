use clap::Parser;
use tracing_subscriber::EnvFilter;

/// Reading and validating an invoice allocates many small, short-lived values (tree tables,
/// strings, node sets): mimalloc serves them in a fraction of the system allocator's time
/// (measured in BENCHMARKS.md, "EN 16931 validation"). Built without transparent huge
/// pages: the server frees and takes memory back all the time, and each 2 MiB page taken
/// back was zeroed by the kernel, a fifth of the server's time in the flux benchmark.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let json = std::env::var("FACTEUR_LOG_FORMAT").is_ok_and(|f| f == "json");
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
    let cli = facteur::cli::Cli::parse();
    match facteur::cli::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("facteur: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
