//! The gateway's use cases, PISTE's role in front of Chorus Pro: access tokens for connected
//! applications, technical accounts in the `cpro-account` header, and quotas.

mod accounts;
mod quotas;
mod throttle;
mod tokens;

use std::time::Duration;

use crate::cache::{Gates, TtlCache};

pub use accounts::Caller;
pub use quotas::{Quotas, quota_day};
pub(crate) use throttle::FailureThrottle;
pub use tokens::{ClientApplication, IssuedToken, TokenRefusal};

/// What the gateway keeps in memory between calls.
pub(crate) struct GatewayState {
    tokens: TtlCache<[u8; 32], tokens::CachedToken>,
    applications: TtlCache<i64, ClientApplication>,
    accounts: TtlCache<[u8; 32], accounts::CachedAccount>,
    verifying: Gates<[u8; 32]>,
    pub(crate) quotas: Quotas,
    /// Failed secrets per client id, failed passwords per technical login.
    client_failures: throttle::FailureThrottle,
    account_failures: throttle::FailureThrottle,
}

impl GatewayState {
    pub(crate) fn new(ttl: Duration) -> Self {
        const CAPACITY: usize = 100_000;
        Self {
            tokens: TtlCache::new(ttl, CAPACITY),
            applications: TtlCache::new(ttl, CAPACITY),
            accounts: TtlCache::new(ttl, CAPACITY),
            verifying: Gates::default(),
            quotas: Quotas::default(),
            client_failures: throttle::FailureThrottle::new(10, Duration::from_secs(60)),
            account_failures: throttle::FailureThrottle::new(10, Duration::from_secs(60)),
        }
    }
}
