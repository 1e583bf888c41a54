//! What each gateway layer costs per call, measured in process on one thread, beside the
//! operation itself: `cargo bench -p facteur-web --bench gateway`.
//!
//! Every layer runs on its hot path as in production: the token and the technical account
//! are checked once (Argon2, the database) and then found in the credential cache.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::time::Instant;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, header};
use base64::Engine;
use facteur_app::{App, AppSettings, demo};
use facteur_store::Store;
use facteur_web::api::transverses::LangueRequest;
use facteur_web::api::transverses::recuperer_devises::RecupererDevises;
use facteur_web::api::{Ctx, Operation};
use facteur_web::envelope::Envelope;
use facteur_web::gateway::{body, schema};
use http_body_util::BodyExt;
use tower::ServiceExt;

const ITERATIONS: u32 = 100_000;

async fn measure<F, Fut>(name: &str, iterations: u32, mut f: F) -> f64
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    for _ in 0..iterations / 10 {
        f().await;
    }
    let start = Instant::now();
    for _ in 0..iterations {
        f().await;
    }
    let micros = start.elapsed().as_secs_f64() * 1e6 / f64::from(iterations);
    println!("{name:<48} {micros:>8.2} µs/call");
    micros
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(run());
}

async fn run() {
    let dir = std::env::temp_dir().join(format!("facteur-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store =
        Store::connect(&format!("sqlite://{}", dir.join("bench.db").display()), 4).await.unwrap();
    store.migrate().await.unwrap();
    let app = App::new(store, facteur_store::Blobs::in_memory(), AppSettings::default());
    app.seed_demo().await.unwrap();
    app.set_application_quota(demo::APPLICATION, Some(1_000_000_000), Some(1 << 40)).await.unwrap();
    let token = app
        .issue_token(
            Some("client_credentials"),
            Some(demo::APPLICATION),
            Some(demo::APPLICATION_SECRET),
            None,
        )
        .await
        .unwrap()
        .access_token;
    let account = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        demo::TECH_FOURNISSEUR,
        demo::TECH_PASSWORD
    ));
    let application = app.authenticate_bearer(&token).await.unwrap();
    let caller = app.authenticate_account(Some(&account)).await.unwrap();

    println!("gateway layers, per call ({ITERATIONS} calls each, one thread):");
    let mut layers = 0.0;
    layers += measure("bearer token (cached check)", ITERATIONS, || async {
        app.authenticate_bearer(&token).await.unwrap();
    })
    .await;
    layers += measure("quotas (GCRA + daily count)", ITERATIONS, || async {
        app.check_quota(&application).await.unwrap();
    })
    .await;
    layers += measure("cpro-account (cached check)", ITERATIONS, || async {
        app.authenticate_account(Some(&account)).await.unwrap();
    })
    .await;
    let request_schema = RecupererDevises::schema();
    let validator = schema::compile(&request_schema).unwrap();
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    layers += measure("body: JSON, schema, typed request", ITERATIONS, || async {
        let request_body = Body::from(r#"{"codeLangue":"FR"}"#);
        body::read::<LangueRequest>(&headers, request_body, 1 << 20, &validator, &request_schema)
            .await
            .unwrap();
    })
    .await;
    println!("{:<48} {layers:>8.2} µs/call", "all gateway layers");

    let operation = measure("the operation: devises list + JSON answer", ITERATIONS, || async {
        let ctx = Ctx {
            app: app.clone(),
            application: application.clone(),
            caller: Some(caller.clone()),
            params: Vec::new(),
        };
        let response = RecupererDevises::handle(ctx, LangueRequest::default()).await.unwrap();
        serde_json::to_vec(&Envelope::ok("TRA_MSG_00.000", response)).unwrap();
    })
    .await;

    let router = facteur_web::router(app.clone()).unwrap();
    let whole = measure("whole router in process (no TCP)", ITERATIONS / 4, || async {
        let request = Request::post("/cpro/transverses/v1/recuperer/devises")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header("cpro-account", &account)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"codeLangue":"FR"}"#))
            .unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        assert!(response.status().is_success());
        response.into_body().collect().await.unwrap();
    })
    .await;
    println!(
        "gateway share of an in-process call: {:.0} % ({layers:.2} of {whole:.2} µs; the operation {operation:.2} µs)",
        100.0 * layers / whole
    );
    app.flush_quota_usage().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
