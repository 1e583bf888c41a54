use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::QuotaPolicy;

/// What an instance runs as. Chorus Pro keeps production and qualification (its test
/// environment) apart; so does an instance of facteur, and the environment sets the quotas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environnement {
    Production,
    #[default]
    Qualification,
}

impl Environnement {
    /// PISTE's quotas for a connected application: 20 calls a second everywhere, and a million
    /// calls a day in production against 50,000 in qualification.
    pub fn default_quota(self) -> QuotaPolicy {
        QuotaPolicy {
            per_second: 20,
            per_day: match self {
                Self::Production => 1_000_000,
                Self::Qualification => 50_000,
            },
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Production => "production",
            Self::Qualification => "qualification",
        }
    }
}

impl fmt::Display for Environnement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Environnement {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "production" => Ok(Self::Production),
            "qualification" => Ok(Self::Qualification),
            other => Err(format!(
                "[{other}] is not an environment. Expected [production, qualification]"
            )),
        }
    }
}
