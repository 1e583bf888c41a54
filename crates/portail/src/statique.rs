//! The portal's two static files, inside the binary: its style sheet and htmx.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::PortailError;

const CSS: &str = include_str!("../static/facteur.css");
const HTMX: &str = include_str!("../static/htmx.min.js");

pub async fn servir(Path(fichier): Path<String>) -> Result<Response, PortailError> {
    let (type_mime, contenu) = match fichier.as_str() {
        "facteur.css" => ("text/css; charset=utf-8", CSS),
        "htmx.min.js" => ("text/javascript; charset=utf-8", HTMX),
        _ => return Err(PortailError::Introuvable),
    };
    // An hour: the files change with the binary only.
    Ok((
        [(header::CONTENT_TYPE, type_mime), (header::CACHE_CONTROL, "public, max-age=3600")],
        contenu,
    )
        .into_response())
}
