//! facteur's HTTP side: the gateway in front of the API, Chorus Pro's operations, the
//! OpenAPI document, and the probes.

pub mod api;
pub mod envelope;
pub mod error;
pub mod gateway;
mod observability;
pub mod openapi;

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use facteur_app::App;

pub use api::OperationDoc;
use error::ApiError;
pub use observability::metrics_router;

#[derive(Clone)]
pub struct ApiState {
    pub app: App,
    operations: Arc<Vec<OperationDoc>>,
}

/// The public router: OAuth2 endpoints, the API behind the gateway, the OpenAPI document
/// and the probes. Fails only if an operation's schema does not compile: a bug caught by
/// every test run.
pub fn router(app: App) -> Result<Router, String> {
    router_with(app, Router::new())
}

/// [`router`] with other routes beside the API's (the portal's pages), observed as they are.
pub fn router_with(app: App, pages: Router) -> Result<Router, String> {
    let (api, operations) = api::registry()?.into_parts();
    let state = ApiState { app, operations: Arc::new(operations) };
    let api = api.route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        gateway::require_application,
    ));
    let router = Router::new()
        .route("/api/oauth/token", post(gateway::token::issue))
        .route("/api/oauth/revoke", post(gateway::token::revoke))
        .route("/openapi.json", get(openapi::serve))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(api)
        .fallback(unknown_path)
        .with_state(state);
    Ok(observability::layer(pages.merge(router)))
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: its database answers.
async fn readyz(State(state): State<ApiState>) -> Response {
    match state.app.store().ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn unknown_path(uri: Uri) -> ApiError {
    ApiError::UnknownPath(uri.path().to_owned())
}
