//! Who is looking at a page: the session cookie, the language, and the value the page's forms
//! must carry back. Cookies are HTTP-only and `SameSite=Lax`, `Secure` behind TLS.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use facteur_app::portail::{SESSION_LIFETIME, Session, jeton_aleatoire};
use facteur_app::{AppError, AuthFailure, Caller};
use facteur_domain::langue::CodeLangue;

use crate::textes::Textes;
use crate::{PortailError, PortailState};

pub const COOKIE_SESSION: &str = "facteur_session";
/// The anonymous forms' CSRF value (sign-in, account creation), before any session exists.
pub const COOKIE_CSRF: &str = "facteur_csrf";
pub const COOKIE_LANGUE: &str = "facteur_langue";

/// The value of a cookie of the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` header's value; `max_age` 0 deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age: u64, tls: bool) -> Option<HeaderValue> {
    let secure = if tls { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .ok()
}

/// Anyone on a page: signed in or not, in a language, with the CSRF value of its forms.
pub struct Visiteur {
    pub session: Option<Session>,
    pub langue: CodeLangue,
    pub csrf: String,
    /// The anonymous CSRF cookie to set, when the browser has none yet.
    nouveau_csrf: bool,
    tls: bool,
}

impl Visiteur {
    pub fn textes(&self) -> &'static Textes {
        Textes::de(self.langue)
    }

    pub fn caller(&self) -> Option<&Caller> {
        self.session.as_ref().map(|s| &s.caller)
    }

    /// The signed-in person a form acts for; a form posted without a session is refused.
    pub fn caller_requis(&self) -> Result<&Caller, PortailError> {
        self.caller().ok_or_else(|| AppError::from(AuthFailure::SessionEnded).into())
    }

    /// Adds the cookies this visit needs to a response.
    pub fn repondre(&self, response: impl IntoResponse) -> Response {
        let mut response = response.into_response();
        if self.nouveau_csrf
            && let Some(v) =
                set_cookie(COOKIE_CSRF, &self.csrf, SESSION_LIFETIME.as_secs(), self.tls)
        {
            response.headers_mut().append(SET_COOKIE, v);
        }
        response
    }

    pub fn tls(&self) -> bool {
        self.tls
    }
}

impl FromRequestParts<PortailState> for Visiteur {
    type Rejection = PortailError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &PortailState,
    ) -> Result<Self, Self::Rejection> {
        let langue = cookie(&parts.headers, COOKIE_LANGUE)
            .and_then(|c| CodeLangue::parse(Some(c)))
            .unwrap_or_default();
        let session = match cookie(&parts.headers, COOKIE_SESSION) {
            Some(jeton) => match state.app.session(jeton).await {
                Ok(session) => Some(session),
                Err(AppError::Unauthenticated(_)) => None,
                Err(e) => return Err(e.into()),
            },
            None => None,
        };
        let (csrf, nouveau_csrf) = match (&session, cookie(&parts.headers, COOKIE_CSRF)) {
            (Some(s), _) => (s.csrf.clone(), false),
            (None, Some(c)) if c.len() >= 32 => (c.to_owned(), false),
            (None, _) => (jeton_aleatoire(), true),
        };
        Ok(Self { session, langue, csrf, nouveau_csrf, tls: state.tls })
    }
}

/// A signed-in person; pages that need one send others to the sign-in page, and back after.
pub struct Connecte {
    pub visiteur: Visiteur,
    pub session: Session,
}

impl Connecte {
    pub fn caller(&self) -> &Caller {
        &self.session.caller
    }
}

impl FromRequestParts<PortailState> for Connecte {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &PortailState,
    ) -> Result<Self, Self::Rejection> {
        let visiteur = Visiteur::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match visiteur.session.clone() {
            Some(session) => Ok(Self { visiteur, session }),
            None => {
                let path = parts
                    .extensions
                    .get::<OriginalUri>()
                    .map_or_else(|| parts.uri.to_string(), |u| u.0.to_string());
                let suite = encode(&path);
                Err(Redirect::to(&format!("/connexion?suite={suite}")).into_response())
            }
        }
    }
}

/// A path the sign-in page may send back to: one of this site's, never another's.
pub fn chemin_local(suite: Option<&str>) -> &str {
    match suite {
        Some(s) if s.starts_with('/') && !s.starts_with("//") && !s.contains('\\') => s,
        _ => "/",
    }
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_cookie_among_several_headers() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; facteur_langue=en"));
        headers.append(COOKIE, HeaderValue::from_static("facteur_session=xyz"));
        assert_eq!(cookie(&headers, COOKIE_LANGUE), Some("en"));
        assert_eq!(cookie(&headers, COOKIE_SESSION), Some("xyz"));
        assert_eq!(cookie(&headers, "b"), None);
    }

    #[test]
    fn sends_back_only_to_local_paths() {
        assert_eq!(chemin_local(Some("/factures/recues?page=2")), "/factures/recues?page=2");
        assert_eq!(chemin_local(Some("//evil.example/")), "/");
        assert_eq!(chemin_local(Some("https://evil.example/")), "/");
        assert_eq!(chemin_local(Some("/\\evil.example")), "/");
        assert_eq!(chemin_local(None), "/");
    }

    #[test]
    fn cookies_are_http_only_and_secure_behind_tls() {
        let plain = set_cookie(COOKIE_SESSION, "v", 60, false).unwrap();
        assert_eq!(plain, "facteur_session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax");
        let tls = set_cookie(COOKIE_SESSION, "v", 60, true).unwrap();
        assert!(tls.to_str().unwrap().ends_with("; Secure"));
    }
}
