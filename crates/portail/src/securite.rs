//! Headers every page is sent with, and the refusal of writes from other origins before any
//! handler runs (the CSRF value is the second lock: see `formulaire`).

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{PortailError, PortailState};

/// Scripts and styles from this site only: no inline script, no inline style, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Whether a write comes from another site: its `Origin` (or, without one, the browser's
/// `Sec-Fetch-Site`) names something else than the host it was sent to.
fn autre_origine(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let sans_schema = origin.split_once("://").map_or(origin, |(_, rest)| rest);
        return origin == "null" || host != Some(sans_schema);
    }
    headers
        .get("sec-fetch-site")
        .and_then(|s| s.to_str().ok())
        .is_some_and(|s| s != "same-origin" && s != "none")
}

pub async fn entetes(State(state): State<PortailState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD && autre_origine(req.headers()) {
        return PortailError::Csrf.into_response();
    }
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    let cache_set = headers.contains_key(header::CACHE_CONTROL);
    let mut set = |name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CSP);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "same-origin");
    set(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()");
    if state.tls {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains");
    }
    if !cache_set {
        // Pages show private data: never kept by a shared cache or the back button's.
        set(header::CACHE_CONTROL, "no-store");
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn tells_other_origins() {
        let same = headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")]);
        assert!(!autre_origine(&same));
        let other_port =
            headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:9999")]);
        assert!(autre_origine(&other_port));
        assert!(autre_origine(&headers(&[("host", "a"), ("origin", "null")])));
        assert!(autre_origine(&headers(&[("host", "a"), ("sec-fetch-site", "cross-site")])));
        assert!(autre_origine(&headers(&[("host", "a"), ("sec-fetch-site", "same-site")])));
        assert!(!autre_origine(&headers(&[("host", "a"), ("sec-fetch-site", "same-origin")])));
        // Clients that send neither (curl, the tests) rely on the CSRF value alone.
        assert!(!autre_origine(&headers(&[("host", "a")])));
    }
}
