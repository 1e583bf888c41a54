//! Chorus Pro's enumerations travel as codes (`PRIVEE`, `MISE_A_DISPOSITION`…). `code_enum!`
//! declares such an enumeration once: its variants, their codes, parsing with an error that
//! lists what was expected, display, and serde as the code.

use std::fmt;

/// A code that is not one of an enumeration's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    pub value: String,
    pub what: &'static str,
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] is not a {}. Expected [{}]",
            self.value,
            self.what,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownCode {}

#[macro_export]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const CODES: &'static [&'static str] = &[$($code),+];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::code::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok($name::$variant),)+
                    _ => Err($crate::code::UnknownCode {
                        value: s.to_owned(),
                        what: $what,
                        expected: $name::CODES,
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                code.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    code_enum! {
        enum Couleur ("colour") { Rouge = "ROUGE", Vert = "VERT" }
    }

    #[test]
    fn codes_parse_display_and_explain_themselves() {
        assert_eq!("VERT".parse::<Couleur>(), Ok(Couleur::Vert));
        assert_eq!(Couleur::Rouge.to_string(), "ROUGE");
        let err = "BLEU".parse::<Couleur>().unwrap_err();
        assert_eq!(err.to_string(), "[BLEU] is not a colour. Expected [ROUGE, VERT]");
        assert_eq!(Couleur::ALL.len(), Couleur::CODES.len());
    }
}
