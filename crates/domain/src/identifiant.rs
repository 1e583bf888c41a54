//! Structure identifiers. A `Siret` that exists has passed its checks: parse, don't validate.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentifiantError {
    #[error("[{0}] is not a SIREN. Expected [9 digits]")]
    SirenFormat(String),
    #[error("[{0}] is not a SIREN: its check digit is wrong")]
    SirenKey(String),
    #[error("[{0}] is not a SIRET. Expected [14 digits]")]
    SiretFormat(String),
    #[error("[{0}] is not a SIRET: its check digit is wrong")]
    SiretKey(String),
    #[error("[{0}] is not a known identifier type. Expected [{expected}]", expected = TypeIdentifiant::CODES.join(", "))]
    Type(String),
}

/// The kinds of identifier a structure is known by (`typeIdentifiantStructure`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TypeIdentifiant {
    Siret,
    /// An intra-EU VAT number of a structure established in another member state.
    UeHorsFrance,
    HorsUe,
    /// New Caledonia's company register.
    Ridet,
    /// French Polynesia's company register.
    Tahiti,
    Autre,
    Particulier,
}

impl TypeIdentifiant {
    pub const ALL: [TypeIdentifiant; 7] = [
        Self::Siret,
        Self::UeHorsFrance,
        Self::HorsUe,
        Self::Ridet,
        Self::Tahiti,
        Self::Autre,
        Self::Particulier,
    ];
    pub const CODES: [&'static str; 7] =
        ["SIRET", "UE_HORS_FRANCE", "HORS_UE", "RIDET", "TAHITI", "AUTRE", "PARTICULIER"];

    pub fn code(self) -> &'static str {
        Self::CODES[self as usize]
    }
}

impl FromStr for TypeIdentifiant {
    type Err = IdentifiantError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::CODES
            .iter()
            .position(|code| *code == s)
            .map(|i| Self::ALL[i])
            .ok_or_else(|| IdentifiantError::Type(s.to_owned()))
    }
}

impl fmt::Display for TypeIdentifiant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Luhn's check, as INSEE applies it to SIREN and SIRET numbers.
fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn digits_of<const N: usize>(s: &str) -> Option<[u8; N]> {
    let bytes = s.as_bytes();
    if bytes.len() != N || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut out = [0u8; N];
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = b - b'0';
    }
    Some(out)
}

/// A company's national number: 9 digits whose last is a Luhn key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Siren([u8; 9]);

impl Siren {
    /// La Poste's SIREN: its establishments are too many for Luhn keys, so INSEE checks
    /// their SIRETs by another rule (see [`Siret`]).
    const LA_POSTE: [u8; 9] = [3, 5, 6, 0, 0, 0, 0, 0, 0];
    const LA_POSTE_SIEGE: [u8; 14] = [3, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 8];

    pub fn parse(s: &str) -> Result<Self, IdentifiantError> {
        let digits =
            digits_of::<9>(s).ok_or_else(|| IdentifiantError::SirenFormat(s.to_owned()))?;
        if !luhn_valid(&digits) {
            return Err(IdentifiantError::SirenKey(s.to_owned()));
        }
        Ok(Self(digits))
    }

    /// The key of the French intra-EU VAT number: `FR` + key + SIREN.
    pub fn numero_tva(&self) -> String {
        let siren: u64 = self.0.iter().fold(0, |n, d| n * 10 + u64::from(*d));
        let key = (12 + 3 * (siren % 97)) % 97;
        format!("FR{key:02}{self}")
    }
}

impl fmt::Display for Siren {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|d| write!(f, "{d}"))
    }
}

/// An establishment's number: its company's SIREN, then a 5-digit NIC, the whole under a Luhn
/// key. La Poste's establishments other than its head office instead have a digit sum that is a
/// multiple of 5 (INSEE's published exception).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Siret([u8; 14]);

impl Siret {
    pub fn parse(s: &str) -> Result<Self, IdentifiantError> {
        let digits =
            digits_of::<14>(s).ok_or_else(|| IdentifiantError::SiretFormat(s.to_owned()))?;
        let valid = if digits[..9] == Siren::LA_POSTE && digits != Siren::LA_POSTE_SIEGE {
            digits.iter().map(|d| u32::from(*d)).sum::<u32>().is_multiple_of(5)
        } else {
            luhn_valid(&digits)
        };
        if !valid {
            return Err(IdentifiantError::SiretKey(s.to_owned()));
        }
        Ok(Self(digits))
    }

    pub fn siren(&self) -> Siren {
        let mut siren = [0u8; 9];
        siren.copy_from_slice(&self.0[..9]);
        Siren(siren)
    }
}

impl fmt::Display for Siret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|d| write!(f, "{d}"))
    }
}

impl FromStr for Siret {
    type Err = IdentifiantError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Completes 13 digits with the Luhn key that makes them a valid SIRET.
    fn with_key(prefix: &[u8]) -> String {
        let key = (0..10u8)
            .find(|k| {
                let mut all = prefix.to_vec();
                all.push(*k);
                luhn_valid(&all)
            })
            .unwrap();
        prefix.iter().chain([key].iter()).map(|d| char::from(b'0' + d)).collect()
    }

    #[test]
    fn known_identifiers() {
        assert!(Siret::parse("11000201100044").is_ok());
        assert!(Siren::parse("130005481").is_ok());
        assert!(Siret::parse("11000201100045").is_err());
        assert!(Siret::parse("1100020110004").is_err());
        assert!(Siret::parse("1100020110004a").is_err());
        // La Poste's head office follows Luhn; its other establishments the digit sum.
        assert!(Siret::parse("35600000000048").is_ok());
        assert!(Siret::parse("35600000000001").is_ok());
        assert!(!luhn_valid(&digits_of::<14>("35600000000001").unwrap()));
        assert!(Siret::parse("35600000000002").is_err());
    }

    #[test]
    fn french_vat_number_from_siren() {
        // INSEE's example: SIREN 404 833 048 has the VAT number FR83 404 833 048.
        assert_eq!(Siren::parse("404833048").unwrap().numero_tva(), "FR83404833048");
    }

    #[test]
    fn identifier_types_round_trip() {
        for t in TypeIdentifiant::ALL {
            assert_eq!(t.code().parse::<TypeIdentifiant>().unwrap(), t);
        }
        assert!("SIREN".parse::<TypeIdentifiant>().is_err());
    }

    proptest! {
        #[test]
        fn every_valid_siret_is_accepted(prefix in proptest::collection::vec(0u8..10, 13)) {
            prop_assume!(prefix[..9] != Siren::LA_POSTE);
            let siret = with_key(&prefix);
            let parsed = Siret::parse(&siret).unwrap();
            prop_assert_eq!(parsed.to_string(), siret);
        }

        #[test]
        fn every_single_digit_change_is_rejected(
            prefix in proptest::collection::vec(0u8..10, 13),
            position in 0usize..14,
            delta in 1u8..10,
        ) {
            prop_assume!(prefix[..9] != Siren::LA_POSTE);
            let mut digits: Vec<u8> = with_key(&prefix).bytes().map(|b| b - b'0').collect();
            digits[position] = (digits[position] + delta) % 10;
            prop_assume!(digits[..9] != Siren::LA_POSTE);
            let changed: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            prop_assert!(Siret::parse(&changed).is_err());
        }
    }
}
