//! Every failure becomes Chorus Pro's envelope here, and nowhere else: `codeRetour` (the
//! HTTP status for the gateway's own refusals) and `libelle` (what went wrong, in words that
//! name the field, the value and what was expected).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use facteur_app::{AppError, AuthFailure, QuotaKind};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    App(#[from] AppError),
    /// The body broke the operation's schema: every violation, one per entry.
    #[error("{}", .0.join("; "))]
    Schema(Vec<String>),
    #[error("the body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("unsupported content type [{0}]. Expected [application/json]")]
    UnsupportedMediaType(String),
    #[error("the body is larger than the {0} bytes this operation accepts")]
    PayloadTooLarge(usize),
    #[error("no operation at [{0}]")]
    UnknownPath(String),
    /// A functional outcome Chorus Pro reports with HTTP 200 and its own code (a search
    /// without result), with the fields clients read regardless.
    #[error("{libelle}")]
    Fonctionnelle { code: i32, libelle: &'static str, champs: serde_json::Value },
}

impl From<AuthFailure> for ApiError {
    fn from(failure: AuthFailure) -> Self {
        Self::App(failure.into())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorEnvelope<'a> {
    code_retour: u16,
    libelle: &'a str,
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            Self::App(e) => match e {
                AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
                AppError::Forbidden(_) => StatusCode::FORBIDDEN,
                AppError::NotFound(_) => StatusCode::NOT_FOUND,
                AppError::Invalid(_) => StatusCode::BAD_REQUEST,
                AppError::Conflict(_) => StatusCode::CONFLICT,
                AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
                AppError::QuotaExceeded(_) => StatusCode::TOO_MANY_REQUESTS,
                AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            Self::Schema(_) | Self::MalformedJson(_) => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnknownPath(_) => StatusCode::NOT_FOUND,
            Self::Fonctionnelle { .. } => StatusCode::OK,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Fonctionnelle { code, libelle, champs } = self {
            let mut body = champs;
            body["codeRetour"] = code.into();
            body["libelle"] = libelle.into();
            return axum::Json(body).into_response();
        }
        let status = self.status();
        let libelle = if status.is_server_error() {
            // The cause goes to the log, with the request id the client can quote.
            tracing::error!(error = %self, "request failed");
            "internal error: the platform could not complete the request; quote the x-request-id header to its operator".to_owned()
        } else {
            self.to_string()
        };
        let body = ErrorEnvelope { code_retour: status.as_u16(), libelle: &libelle };
        let mut response = (status, axum::Json(body)).into_response();
        if let Self::App(AppError::QuotaExceeded(q)) = &self {
            metrics::counter!("facteur_quota_rejections_total", "quota" => match q.kind {
                QuotaKind::PerSecond => "per_second",
                QuotaKind::PerDay => "per_day",
            })
            .increment(1);
            if let Ok(v) = HeaderValue::from_str(&q.retry_after_secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
