use clap::Parser;
use tracing_subscriber::EnvFilter;

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
