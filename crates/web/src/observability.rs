//! Request ids, structured logs and metrics for every request.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::HeaderName;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps the router: a request id (the client's, or a new UUID) in a span around every log
/// line and in the answer's `x-request-id`, and a count and duration per operation.
pub fn layer(router: Router) -> Router {
    router.layer(axum::middleware::from_fn(record_metrics)).layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let id = request
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                tracing::info_span!("request", id, method = %request.method(), path = request.uri().path())
            }))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID)),
    )
}

async fn record_metrics(request: Request, next: Next) -> Response {
    // The route's pattern, not the raw path, so that the label set stays bounded.
    let operation = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let start = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("facteur_http_requests_total", "operation" => operation.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("facteur_http_request_duration_seconds", "operation" => operation)
        .record(start.elapsed().as_secs_f64());
    response
}

/// The metrics listener's router: Prometheus' text format, on a port of its own so that
/// it is never exposed with the API.
pub fn metrics_router(render: impl Fn() -> String + Clone + Send + Sync + 'static) -> Router {
    Router::new().route("/metrics", get(move || std::future::ready(render())))
}
