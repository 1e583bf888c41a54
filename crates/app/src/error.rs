use chrono::{DateTime, Utc};
use facteur_store::StoreError;

/// Why a caller was not recognised. Each says which credential failed, because an opaque
/// 401 is the first thing Chorus Pro's users complain about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthFailure {
    #[error("the Authorization header is missing. Expected [Bearer <access_token>]")]
    TokenMissing,
    #[error("the Authorization header is malformed. Expected [Bearer <access_token>]")]
    TokenMalformed,
    #[error("the access token is unknown")]
    TokenUnknown,
    #[error("the access token expired at {0}; ask /api/oauth/token for a new one")]
    TokenExpired(DateTime<Utc>),
    #[error("the access token was revoked")]
    TokenRevoked,
    #[error("the connected application was revoked")]
    ApplicationRevoked,
    #[error(
        "the cpro-account header is missing. Expected [base64 of login:password of a technical account]"
    )]
    AccountMissing,
    #[error(
        "the cpro-account header is malformed. Expected [base64 of login:password of a technical account]"
    )]
    AccountMalformed,
    #[error("the cpro-account header names an unknown technical account or a wrong password")]
    AccountWrong,
    #[error(
        "the technical account's password expired at {0}; its structure's principal manager must set a new one"
    )]
    AccountPasswordExpired(DateTime<Utc>),
    #[error("too many failed attempts for this technical account; retry in {0} s")]
    AccountLockedOut(u64),
    #[error("the technical account is deactivated")]
    AccountInactive,
    #[error("the technical account is attached to no structure")]
    AccountWithoutStructure,
    #[error(
        "the cpro-account header must name a technical account: Chorus Pro's API accepts no other"
    )]
    AccountNotTechnical,
    /// The portal's sign-in: the same words whether the address or the password is wrong.
    #[error("unknown e-mail address or wrong password")]
    SignInWrong,
    #[error("too many failed sign-ins for this address; retry in {0} s")]
    SignInLockedOut(u64),
    #[error("a technical account signs in to the API, not to the portal")]
    SignInTechnical,
    #[error("the session ended; sign in again")]
    SessionEnded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaKind {
    PerSecond,
    PerDay,
}

/// A call refused by an application's quota: which one, and when to try again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct QuotaExceeded {
    pub kind: QuotaKind,
    pub limit: u64,
    pub client_id: String,
    /// Whole seconds until a call can succeed (at least 1).
    pub retry_after_secs: u64,
    pub resets_at: DateTime<Utc>,
}

impl QuotaExceeded {
    fn describe(&self) -> String {
        match self.kind {
            QuotaKind::PerSecond => format!(
                "quota exceeded: application [{}] may make {} calls per second; retry after {} s",
                self.client_id, self.limit, self.retry_after_secs
            ),
            QuotaKind::PerDay => format!(
                "quota exceeded: application [{}] may make {} calls per day; the count resets at {} (midnight, Europe/Paris)",
                self.client_id,
                self.limit,
                self.resets_at.to_rfc3339()
            ),
        }
    }
}

/// What a use case can answer instead of its result. The web layer maps each variant to an
/// HTTP status and Chorus Pro's envelope in one place.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Unauthenticated(#[from] AuthFailure),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// Input that parsed but breaks a rule; every reason at once.
    #[error("{}", .0.join("; "))]
    Invalid(Vec<String>),
    #[error("{0}")]
    Conflict(String),
    /// What was asked for is larger than the platform gives at once.
    #[error("{0}")]
    TooLarge(String),
    #[error(transparent)]
    QuotaExceeded(#[from] QuotaExceeded),
    #[error("storage failed: {0}")]
    Store(StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(what) => Self::Conflict(format!("{what} already exists")),
            other => Self::Store(other),
        }
    }
}

impl AppError {
    pub fn invalid(reason: impl Into<String>) -> Self {
        Self::Invalid(vec![reason.into()])
    }
}
