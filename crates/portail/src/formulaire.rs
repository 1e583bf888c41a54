//! Every form the portal accepts comes through [`Formulaire`]: it carries back the page's
//! CSRF value (`_csrf`), compared in constant time with the session's (or, before sign-in,
//! with the anonymous cookie's), so that another site cannot post in a user's name.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::Method;
use serde::de::DeserializeOwned;

use crate::session::Visiteur;
use crate::{PortailError, PortailState};

/// The largest form accepted (a typed invoice with hundreds of lines fits).
const MAX_FORM: usize = 1 << 20;

/// A posted form, checked, and who posted it.
pub struct Formulaire<T> {
    pub visiteur: Visiteur,
    pub donnees: T,
}

/// Compares two values in a time that does not depend on where they differ.
pub(crate) fn egaux(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl<T: DeserializeOwned> FromRequest<PortailState> for Formulaire<T> {
    type Rejection = PortailError;

    async fn from_request(req: Request, state: &PortailState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        if parts.method != Method::POST {
            return Err(PortailError::Csrf);
        }
        let visiteur = Visiteur::from_request_parts(&mut parts, state).await?;
        let bytes: Bytes = axum::body::to_bytes(body, MAX_FORM)
            .await
            .map_err(|_| PortailError::FormulaireTropGrand)?;
        let envoye = form_urlencoded::parse(&bytes).find(|(k, _)| k == "_csrf").map(|(_, v)| v);
        if !envoye.is_some_and(|v| egaux(v.as_bytes(), visiteur.csrf.as_bytes())) {
            return Err(PortailError::Csrf);
        }
        let req = Request::from_parts(parts, Body::from(bytes));
        let axum::Form(donnees) = axum::Form::<T>::from_request(req, state)
            .await
            .map_err(|e| PortailError::Formulaire(e.body_text()))?;
        Ok(Self { visiteur, donnees })
    }
}

#[cfg(test)]
mod tests {
    use super::egaux;

    #[test]
    fn compares_whole_values() {
        assert!(egaux(b"abc", b"abc"));
        assert!(!egaux(b"abc", b"abd"));
        assert!(!egaux(b"abc", b"ab"));
        assert!(!egaux(b"", b"a"));
    }
}
