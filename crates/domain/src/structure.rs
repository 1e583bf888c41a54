use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// `typeStructure`: a public body receives invoices; a private company issues them (and a
/// public body may invoice another).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TypeStructure {
    Publique,
    Privee,
}

impl TypeStructure {
    pub fn code(self) -> &'static str {
        match self {
            Self::Publique => "PUBLIQUE",
            Self::Privee => "PRIVEE",
        }
    }
}

impl fmt::Display for TypeStructure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for TypeStructure {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "PUBLIQUE" => Ok(Self::Publique),
            "PRIVEE" => Ok(Self::Privee),
            other => Err(format!("[{other}] is not a structure type. Expected [PUBLIQUE, PRIVEE]")),
        }
    }
}
