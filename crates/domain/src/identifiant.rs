//! Structure identifiers. A `Siret` that exists has passed its checks: parse, don't validate.

use std::fmt;
use std::str::FromStr;

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
    #[error(transparent)]
    Type(#[from] crate::code::UnknownCode),
    #[error("[{value}] is not a valid {kind} identifier. Expected [{expected}]")]
    Format { value: String, kind: &'static str, expected: &'static str },
}

crate::code_enum! {
    /// The kinds of identifier a structure is known by (`typeIdentifiantStructure`).
    pub enum TypeIdentifiant ("structure identifier type") {
        Siret = "SIRET",
        /// An intra-EU VAT number of a structure established in another member state.
        UeHorsFrance = "UE_HORS_FRANCE",
        HorsUe = "HORS_UE",
        /// New Caledonia's company register.
        Ridet = "RIDET",
        /// French Polynesia's company register.
        Tahiti = "TAHITI",
        Autre = "AUTRE",
        Particulier = "PARTICULIER",
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

/// The EU member states' VAT prefixes other than France's (Greece writes `EL`).
const UE_PREFIXES: [&str; 26] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// A structure's identifier, checked according to its type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identifiant {
    pub type_identifiant: TypeIdentifiant,
    value: String,
}

impl Identifiant {
    /// Parses an identifier of a given type, normalised (spaces removed, upper case where
    /// the register writes it so):
    /// - `SIRET`: 14 digits and Luhn key (La Poste's exception included);
    /// - `UE_HORS_FRANCE`: an intra-EU VAT number of another member state: its prefix, then 2
    ///   to 12 letters or digits;
    /// - `RIDET` (New Caledonia): 6 or 7 digits, optionally the 3-digit establishment;
    /// - `TAHITI` (French Polynesia): 6 letters or digits, optionally the 3-digit establishment;
    /// - `HORS_UE`, `AUTRE`, `PARTICULIER`: any text of 1 to 80 characters.
    pub fn parse(type_identifiant: TypeIdentifiant, raw: &str) -> Result<Self, IdentifiantError> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let format_error =
            |kind, expected| IdentifiantError::Format { value: raw.to_owned(), kind, expected };
        let value = match type_identifiant {
            TypeIdentifiant::Siret => Siret::parse(&compact)?.to_string(),
            TypeIdentifiant::UeHorsFrance => {
                let upper = compact.to_ascii_uppercase();
                let valid = upper.len() >= 4
                    && upper.len() <= 14
                    && UE_PREFIXES.contains(&&upper[..2])
                    && upper[2..].chars().all(|c| c.is_ascii_alphanumeric());
                if !valid {
                    return Err(format_error(
                        "UE_HORS_FRANCE",
                        "an EU VAT number other than French, such as DE123456789",
                    ));
                }
                upper
            }
            TypeIdentifiant::Ridet => {
                let digits: String = compact.chars().filter(|c| *c != '.').collect();
                let valid = digits.chars().all(|c| c.is_ascii_digit())
                    && matches!(digits.len(), 6 | 7 | 9 | 10);
                if !valid {
                    return Err(format_error("RIDET", "6 or 7 digits, then optionally 3"));
                }
                digits
            }
            TypeIdentifiant::Tahiti => {
                let upper = compact.to_ascii_uppercase();
                let valid = matches!(upper.len(), 6 | 9)
                    && upper[..6].chars().all(|c| c.is_ascii_alphanumeric())
                    && upper[6..].chars().all(|c| c.is_ascii_digit());
                if !valid {
                    return Err(format_error(
                        "TAHITI",
                        "6 letters or digits, then optionally 3 digits",
                    ));
                }
                upper
            }
            TypeIdentifiant::HorsUe | TypeIdentifiant::Autre | TypeIdentifiant::Particulier => {
                let trimmed = raw.trim();
                if trimmed.is_empty() || trimmed.chars().count() > 80 {
                    return Err(format_error(type_identifiant.code(), "1 to 80 characters"));
                }
                trimmed.to_owned()
            }
        };
        Ok(Self { type_identifiant, value })
    }

    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for Identifiant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
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
    fn each_type_has_its_check() {
        let ok = |t, v: &str| Identifiant::parse(t, v).map(|i| i.to_string());
        assert_eq!(ok(TypeIdentifiant::Siret, "110 002 011 00044").unwrap(), "11000201100044");
        assert!(ok(TypeIdentifiant::Siret, "11000201100045").is_err());
        assert_eq!(ok(TypeIdentifiant::UeHorsFrance, "de 123456789").unwrap(), "DE123456789");
        assert!(
            ok(TypeIdentifiant::UeHorsFrance, "FR83404833048").is_err(),
            "French VAT numbers are SIRETs"
        );
        assert!(ok(TypeIdentifiant::UeHorsFrance, "US123456").is_err());
        assert_eq!(ok(TypeIdentifiant::Ridet, "1234567.001").unwrap(), "1234567001");
        assert!(ok(TypeIdentifiant::Ridet, "12345").is_err());
        assert_eq!(ok(TypeIdentifiant::Tahiti, "a12345").unwrap(), "A12345");
        assert!(ok(TypeIdentifiant::Tahiti, "A1234").is_err());
        assert_eq!(ok(TypeIdentifiant::HorsUe, " 12-34 ").unwrap(), "12-34");
        assert!(ok(TypeIdentifiant::Particulier, "  ").is_err());
    }

    #[test]
    fn identifier_types_round_trip() {
        for t in TypeIdentifiant::ALL {
            assert_eq!(t.code().parse::<TypeIdentifiant>().unwrap(), *t);
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
