//! "Mes messages": one-way messages from a structure to others. What a message is (its
//! subject and body, parsed once) and who may write to whom.

use std::fmt;

use crate::structure::TypeStructure;

/// The subject of a message: 1 to 200 characters once trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objet(String);

/// The body of a message: 1 to 10,000 characters (kept as written: line breaks matter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corps(String);

pub const OBJET_MAX: usize = 200;
pub const CORPS_MAX: usize = 10_000;

/// A subject or body that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TexteInvalide {
    #[error("{champ}: [] is empty. Expected [1 to {max} characters]")]
    Vide { champ: &'static str, max: usize },
    #[error("{champ}: [{debut}…] has {longueur} characters. Expected [1 to {max} characters]")]
    TropLong { champ: &'static str, debut: String, longueur: usize, max: usize },
}

fn borne(champ: &'static str, text: &str, max: usize) -> Result<(), TexteInvalide> {
    let longueur = text.chars().count();
    if text.trim().is_empty() {
        return Err(TexteInvalide::Vide { champ, max });
    }
    if longueur > max {
        let debut = text.chars().take(20).collect();
        return Err(TexteInvalide::TropLong { champ, debut, longueur, max });
    }
    Ok(())
}

impl Objet {
    pub fn parse(text: &str) -> Result<Self, TexteInvalide> {
        let text = text.trim();
        borne("objet", text, OBJET_MAX)?;
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Corps {
    pub fn parse(text: &str) -> Result<Self, TexteInvalide> {
        borne("corps", text, CORPS_MAX)?;
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name of a distribution list: 1 to 100 characters once trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NomListe(String);

pub const NOM_LISTE_MAX: usize = 100;

impl NomListe {
    pub fn parse(text: &str) -> Result<Self, TexteInvalide> {
        let text = text.trim();
        borne("nom", text, NOM_LISTE_MAX)?;
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Objet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a structure does not get a message. The sender is told, per recipient skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RefusMessage {
    /// No such structure, or a private one the sender cannot see (said the same way, so
    /// that the existence of a private structure does not leak).
    #[error("no structure with this id is visible to the sender")]
    Inconnue,
    #[error("the structure is deactivated")]
    Inactive,
    #[error("a structure does not write to itself")]
    SoiMeme,
    #[error("private structures do not message each other: messages go to or from a public body")]
    PriveeVersPrivee,
    #[error("no invoice was ever exchanged between the two structures")]
    AucuneFacture,
    #[error("the recipient's messaging space is not open")]
    MessagerieFermee,
}

impl RefusMessage {
    /// The reason as a code, for clients to act on.
    pub fn code(self) -> &'static str {
        match self {
            Self::Inconnue => "STRUCTURE_INCONNUE",
            Self::Inactive => "STRUCTURE_INACTIVE",
            Self::SoiMeme => "SOI_MEME",
            Self::PriveeVersPrivee => "PRIVEE_VERS_PRIVEE",
            Self::AucuneFacture => "AUCUNE_FACTURE_ECHANGEE",
            Self::MessagerieFermee => "MESSAGERIE_FERMEE",
        }
    }
}

/// The operator's rule: a structure may write to another only if at least one invoice went
/// between the two, either way, and not from a private structure to a private one.
pub fn peut_ecrire(
    expediteur: TypeStructure,
    destinataire: TypeStructure,
    echange: bool,
) -> Result<(), RefusMessage> {
    if expediteur == TypeStructure::Privee && destinataire == TypeStructure::Privee {
        return Err(RefusMessage::PriveeVersPrivee);
    }
    if !echange {
        return Err(RefusMessage::AucuneFacture);
    }
    Ok(())
}

/// What is known of a would-be recipient when a message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidat {
    /// `None`: no such structure.
    pub type_structure: Option<TypeStructure>,
    pub actif: bool,
    /// It is the sender.
    pub soi_meme: bool,
    /// At least one invoice went between it and the sender.
    pub partenaire: bool,
    /// The sender may see it: a public body, a partner, or any structure for an operator.
    pub visible: bool,
    /// Its messaging space is open (switched on, or open to all).
    pub messagerie_ouverte: bool,
}

/// Whether a candidate gets the message; the first reason that stops it otherwise.
pub fn eligible(expediteur: TypeStructure, c: &Candidat) -> Result<(), RefusMessage> {
    let destinataire = match c.type_structure {
        Some(t) if c.visible || c.soi_meme => t,
        _ => return Err(RefusMessage::Inconnue),
    };
    if c.soi_meme {
        return Err(RefusMessage::SoiMeme);
    }
    if !c.actif {
        return Err(RefusMessage::Inactive);
    }
    peut_ecrire(expediteur, destinataire, c.partenaire)?;
    if !c.messagerie_ouverte {
        return Err(RefusMessage::MessagerieFermee);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use TypeStructure::{Privee, Publique};

    #[test]
    fn the_operators_rule() {
        assert_eq!(peut_ecrire(Publique, Privee, true), Ok(()));
        assert_eq!(peut_ecrire(Privee, Publique, true), Ok(()));
        assert_eq!(peut_ecrire(Publique, Publique, true), Ok(()));
        assert_eq!(peut_ecrire(Privee, Privee, true), Err(RefusMessage::PriveeVersPrivee));
        for (a, b) in [(Publique, Privee), (Privee, Publique), (Publique, Publique)] {
            assert_eq!(peut_ecrire(a, b, false), Err(RefusMessage::AucuneFacture));
        }
        // Private to private is refused whatever was exchanged, and says so first.
        assert_eq!(peut_ecrire(Privee, Privee, false), Err(RefusMessage::PriveeVersPrivee));
    }

    fn partenaire(t: TypeStructure) -> Candidat {
        Candidat {
            type_structure: Some(t),
            actif: true,
            soi_meme: false,
            partenaire: true,
            visible: true,
            messagerie_ouverte: true,
        }
    }

    #[test]
    fn each_candidate_gets_the_first_reason_that_stops_it() {
        assert_eq!(eligible(Privee, &partenaire(Publique)), Ok(()));
        let inconnue = Candidat { type_structure: None, ..partenaire(Publique) };
        assert_eq!(eligible(Privee, &inconnue), Err(RefusMessage::Inconnue));
        let cachee = Candidat { visible: false, partenaire: false, ..partenaire(Privee) };
        assert_eq!(eligible(Privee, &cachee), Err(RefusMessage::Inconnue));
        let soi = Candidat { soi_meme: true, ..partenaire(Publique) };
        assert_eq!(eligible(Publique, &soi), Err(RefusMessage::SoiMeme));
        let inactive = Candidat { actif: false, ..partenaire(Publique) };
        assert_eq!(eligible(Privee, &inactive), Err(RefusMessage::Inactive));
        assert_eq!(eligible(Privee, &partenaire(Privee)), Err(RefusMessage::PriveeVersPrivee));
        let etranger = Candidat { partenaire: false, ..partenaire(Publique) };
        assert_eq!(eligible(Publique, &etranger), Err(RefusMessage::AucuneFacture));
        let fermee = Candidat { messagerie_ouverte: false, ..partenaire(Publique) };
        assert_eq!(eligible(Privee, &fermee), Err(RefusMessage::MessagerieFermee));
    }

    #[test]
    fn reasons_have_distinct_codes_and_words() {
        use RefusMessage::*;
        let all = [Inconnue, Inactive, SoiMeme, PriveeVersPrivee, AucuneFacture, MessagerieFermee];
        let codes: std::collections::HashSet<_> = all.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), all.len());
        assert!(AucuneFacture.to_string().contains("invoice"));
    }

    #[test]
    fn subjects_and_bodies_parse() {
        assert_eq!(Objet::parse("  Réorganisation  ").unwrap().as_str(), "Réorganisation");
        assert_eq!(
            Objet::parse("   ").unwrap_err(),
            TexteInvalide::Vide { champ: "objet", max: OBJET_MAX }
        );
        assert!(Objet::parse(&"é".repeat(200)).is_ok());
        let long = Objet::parse(&"é".repeat(201)).unwrap_err().to_string();
        assert!(long.starts_with("objet: [éééééééééééééééééééé…] has 201 characters"), "{long}");
        assert!(Corps::parse("Bonjour,\n\nle service change.").unwrap().as_str().contains('\n'));
        assert!(Corps::parse(&"a".repeat(CORPS_MAX)).is_ok());
        assert!(Corps::parse(&"a".repeat(CORPS_MAX + 1)).is_err());
        assert!(Corps::parse("\n").is_err());
        assert_eq!(NomListe::parse(" Fournisseurs ").unwrap().as_str(), "Fournisseurs");
        assert!(NomListe::parse(&"x".repeat(NOM_LISTE_MAX + 1)).is_err());
    }
}
