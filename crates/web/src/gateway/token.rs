//! `POST /api/oauth/token` and `POST /api/oauth/revoke`: OAuth2 client credentials
//! (RFC 6749 §4.4) and token revocation (RFC 7009), with OAuth2's own error bodies.

use std::borrow::Cow;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use facteur_app::TokenRefusal;
use serde_json::json;

use crate::ApiState;

/// The form's fields, read both decoded and raw: one PISTE client writes its secret into the
/// body unencoded, so a `+` or `%` in it must be tried as itself too.
struct Form<'a> {
    decoded: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    body: &'a str,
}

impl<'a> Form<'a> {
    fn parse(body: &'a str) -> Self {
        Self { decoded: form_urlencoded::parse(body.as_bytes()).collect(), body }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.decoded.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_ref())
    }

    fn raw(&self, name: &str) -> Option<&'a str> {
        self.body
            .split('&')
            .find_map(|pair| pair.split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v))
    }
}

/// HTTP Basic client authentication, which RFC 6749 prefers to secrets in the body.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ").or_else(|| value.strip_prefix("basic "))?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = json!({"error": error, "error_description": description});
    let mut response = (status, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    response
}

pub async fn issue(State(state): State<ApiState>, headers: HeaderMap, body: Bytes) -> Response {
    let Ok(text) = std::str::from_utf8(&body) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "the body is not UTF-8");
    };
    let form = Form::parse(text);
    let basic = basic_credentials(&headers);
    let client_id = basic.as_ref().map(|(id, _)| id.as_str()).or_else(|| form.get("client_id"));
    let mut secrets: Vec<&str> = Vec::new();
    if let Some((_, secret)) = &basic {
        secrets.push(secret);
    }
    secrets.extend(form.get("client_secret"));
    secrets.extend(form.raw("client_secret").filter(|raw| Some(*raw) != form.get("client_secret")));
    if secrets.is_empty() {
        secrets.push("");
    }
    let mut outcome = Err(TokenRefusal::MissingCredentials);
    for secret in secrets {
        let secret = (!secret.is_empty()).then_some(secret);
        outcome = state
            .app
            .issue_token(form.get("grant_type"), client_id, secret, form.get("scope"))
            .await;
        if !matches!(outcome, Err(TokenRefusal::InvalidClient)) {
            break;
        }
    }
    match outcome {
        Ok(token) => {
            let body = json!({
                "access_token": token.access_token,
                "token_type": "Bearer",
                "expires_in": token.expires_in,
                "scope": token.scope,
            });
            let mut response = Json(body).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            response
        }
        Err(refusal @ TokenRefusal::UnsupportedGrantType) => {
            oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", &refusal.to_string())
        }
        Err(refusal @ TokenRefusal::MissingCredentials) => {
            oauth_error(StatusCode::BAD_REQUEST, "invalid_request", &refusal.to_string())
        }
        Err(refusal @ TokenRefusal::InvalidClient) => {
            oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", &refusal.to_string())
        }
        Err(refusal @ TokenRefusal::LockedOut(wait)) => {
            let mut response =
                oauth_error(StatusCode::TOO_MANY_REQUESTS, "invalid_client", &refusal.to_string());
            if let Ok(value) = header::HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        Err(TokenRefusal::Failed(e)) => {
            tracing::error!(error = %e, "token issue failed");
            oauth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "the token could not be issued",
            )
        }
    }
}

/// RFC 7009: whoever holds a token may revoke it; unknown tokens are answered the same way.
pub async fn revoke(State(state): State<ApiState>, body: Bytes) -> Response {
    let text = std::str::from_utf8(&body).unwrap_or_default();
    let form = Form::parse(text);
    let Some(token) = form.get("token").filter(|t| !t.is_empty()) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "token is required");
    };
    match state.app.revoke_token(token).await {
        Ok(()) => Json(json!({})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "token revocation failed");
            oauth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "the token could not be revoked",
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_keep_raw_values_beside_decoded_ones() {
        let form = Form::parse(
            "grant_type=client_credentials&client_id=a%2Bb&client_secret=s+cr%3Dt&scope=openid+profile",
        );
        assert_eq!(form.get("client_id"), Some("a+b"));
        assert_eq!(form.get("client_secret"), Some("s cr=t"));
        assert_eq!(form.raw("client_secret"), Some("s+cr%3Dt"));
        assert_eq!(form.get("scope"), Some("openid profile"));
        assert_eq!(form.get("missing"), None);
    }
}
