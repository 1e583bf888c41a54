//! The gateway every API call passes through, in PISTE's place: the connected application's
//! bearer token, its quotas, the technical account of `cpro-account`, and the body's schema.

pub mod body;
pub mod schema;
pub mod token;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use facteur_app::AuthFailure;

use crate::ApiState;
use crate::error::ApiError;

fn bearer(headers: &HeaderMap) -> Result<&str, AuthFailure> {
    let value = headers.get(header::AUTHORIZATION).ok_or(AuthFailure::TokenMissing)?;
    let value = value.to_str().map_err(|_| AuthFailure::TokenMalformed)?;
    let (scheme, token) = value.trim().split_once(' ').ok_or(AuthFailure::TokenMalformed)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(AuthFailure::TokenMalformed);
    }
    Ok(token)
}

/// Recognises the connected application and counts the call against its quotas, before
/// anything else is read: a refused call costs a hash and a map lookup.
pub async fn require_application(
    State(state): State<ApiState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let token = bearer(request.headers())?;
    let application = state.app.authenticate_bearer(token).await?;
    state.app.check_quota(&application).await?;
    request.extensions_mut().insert(application);
    Ok(next.run(request).await)
}
