use std::fmt;

use rust_decimal::Decimal;

use super::EtatEngagement;
use crate::statut_facture::StatutFacture;

/// The number an issuer gives an engagement, which invoices quote as their order reference:
/// 1 to 50 characters, unique per issuing structure.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumeroEngagement(String);

impl NumeroEngagement {
    pub const MAX: usize = 50;

    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let length = trimmed.chars().count();
        if length == 0 || length > Self::MAX {
            return Err(format!(
                "[{text}] is not an engagement number. Expected [1 to {} characters]",
                Self::MAX
            ));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(format!("[{text}] holds control characters"));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NumeroEngagement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

crate::code_enum! {
    /// What kind of commitment (`libelleTypeEngagementJuridique`).
    pub enum TypeEngagement ("kind of engagement") {
        BonDeCommande = "BON_DE_COMMANDE",
        Marche = "MARCHE",
        MarcheSubsequent = "MARCHE_SUBSEQUENT",
        AccordCadre = "ACCORD_CADRE",
        Contrat = "CONTRAT",
        Convention = "CONVENTION",
    }
}

crate::code_enum! {
    /// Where a line of an engagement stands (`statutPoste`).
    pub enum StatutPoste ("engagement line status") {
        Actif = "ACTIF",
        Solde = "SOLDE",
        Annule = "ANNULE",
    }
}

/// A line ("poste") of an engagement: what is ordered and for how much.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LigneEngagement {
    pub numero: u32,
    pub description: String,
    pub quantite: Decimal,
    pub montant_ht: Decimal,
    pub montant_ttc: Decimal,
    pub statut: StatutPoste,
}

/// What an issuer writes of an engagement; the parties and the state are kept beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Engagement {
    pub numero: NumeroEngagement,
    pub type_engagement: TypeEngagement,
    pub libelle: Option<String>,
    pub numero_marche: Option<String>,
    pub devise: String,
    pub date_notification: Option<chrono::NaiveDate>,
    pub lignes: Vec<LigneEngagement>,
}

impl Engagement {
    pub fn montant_ht(&self) -> Decimal {
        self.lignes.iter().map(|l| l.montant_ht).sum()
    }

    pub fn montant_ttc(&self) -> Decimal {
        self.lignes.iter().map(|l| l.montant_ttc).sum()
    }

    /// Every reason the engagement does not hold together, each naming its field.
    pub fn verifier(&self) -> Vec<String> {
        let mut errors = Vec::new();
        if self.lignes.is_empty() {
            errors.push("lignePoste: [] is empty. Expected [at least one line]".to_owned());
        }
        let mut numeros: Vec<u32> = self.lignes.iter().map(|l| l.numero).collect();
        numeros.sort_unstable();
        if numeros.windows(2).any(|w| w[0] == w[1]) {
            errors.push("lignePoste.numeroDePoste: line numbers must be unique".to_owned());
        }
        for (i, l) in self.lignes.iter().enumerate() {
            let at = format!("lignePoste[{i}]");
            if l.description.trim().is_empty() {
                errors.push(format!("{at}.description: [] is missing"));
            }
            if l.quantite <= Decimal::ZERO {
                errors.push(format!(
                    "{at}.quantite: [{}] is not a quantity. Expected [more than 0]",
                    l.quantite
                ));
            }
            if l.montant_ht < Decimal::ZERO {
                errors.push(format!(
                    "{at}.montantHt: [{}] is negative. Expected [0 or more]",
                    l.montant_ht
                ));
            }
            if l.montant_ttc < l.montant_ht {
                errors.push(format!(
                    "{at}.montantTtc: [{}] is less than the amount without VAT [{}]",
                    l.montant_ttc, l.montant_ht
                ));
            }
        }
        errors
    }
}

/// Why an invoice quoting an engagement number cannot be accepted by a recipient that
/// requires one, or `None` when it can: the engagement must exist at that recipient, be in
/// force, and have been issued to the invoice's supplier.
pub fn refus_facture(
    numero: &str,
    engagement: Option<(EtatEngagement, i64)>,
    fournisseur_id: i64,
) -> Option<String> {
    let field = "references.numeroBonCommande";
    match engagement {
        None => Some(format!("{field}: [{numero}] is not an engagement of the recipient")),
        Some((etat, _)) if etat != EtatEngagement::Commande => Some(format!(
            "{field}: [{numero}] is an engagement in state {etat}. Expected [an engagement in force (COMMANDE)]"
        )),
        Some((_, recepteur)) if recepteur != fournisseur_id => {
            Some(format!("{field}: [{numero}] was issued to another supplier"))
        }
        Some(_) => None,
    }
}

/// Whether an invoice in this status counts in the amount already invoiced on its
/// engagement: all but those refused, rejected, withdrawn or sent elsewhere.
pub fn compte_comme_facture(statut: StatutFacture) -> bool {
    use StatutFacture::*;
    !matches!(statut, Rejetee | Refusee1 | Refusee2 | Abandonnee | Supprimee | ARecycler)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ligne(numero: u32, ht: i64, ttc: i64) -> LigneEngagement {
        LigneEngagement {
            numero,
            description: "Ramettes".into(),
            quantite: Decimal::ONE,
            montant_ht: Decimal::new(ht, 2),
            montant_ttc: Decimal::new(ttc, 2),
            statut: StatutPoste::Actif,
        }
    }

    fn engagement(lignes: Vec<LigneEngagement>) -> Engagement {
        Engagement {
            numero: NumeroEngagement::parse("EJ-1").unwrap(),
            type_engagement: TypeEngagement::BonDeCommande,
            libelle: None,
            numero_marche: None,
            devise: "EUR".into(),
            date_notification: None,
            lignes,
        }
    }

    #[test]
    fn numbers_are_one_to_fifty_characters_trimmed() {
        assert_eq!(NumeroEngagement::parse("  EJ-2026-1 ").unwrap().as_str(), "EJ-2026-1");
        assert!(NumeroEngagement::parse("").is_err());
        assert!(NumeroEngagement::parse("   ").is_err());
        assert!(NumeroEngagement::parse(&"é".repeat(50)).is_ok());
        assert!(NumeroEngagement::parse(&"é".repeat(51)).is_err());
        assert!(NumeroEngagement::parse("EJ\n1").is_err());
    }

    #[test]
    fn totals_add_the_lines() {
        let e = engagement(vec![ligne(1, 1000, 1200), ligne(2, 550, 580)]);
        assert_eq!(e.montant_ht(), Decimal::new(1550, 2));
        assert_eq!(e.montant_ttc(), Decimal::new(1780, 2));
        assert!(e.verifier().is_empty());
    }

    #[test]
    fn every_broken_line_is_named() {
        let mut bad = ligne(1, 1000, 900);
        bad.quantite = Decimal::ZERO;
        bad.description = " ".into();
        let errors = engagement(vec![bad, ligne(1, 10, 10)]).verifier();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].contains("unique"));
        assert!(errors.iter().any(|e| e.starts_with("lignePoste[0].quantite: [0]")));
        assert!(errors.iter().any(|e| e.starts_with("lignePoste[0].montantTtc")));
        assert!(engagement(vec![]).verifier()[0].contains("at least one line"));
    }

    #[test]
    fn invoices_quote_an_engagement_in_force_issued_to_their_supplier() {
        assert!(refus_facture("EJ-1", None, 7).unwrap().contains("not an engagement"));
        let inactive = refus_facture("EJ-1", Some((EtatEngagement::Inactif, 7)), 7).unwrap();
        assert!(inactive.contains("INACTIF"), "{inactive}");
        assert!(
            refus_facture("EJ-1", Some((EtatEngagement::Commande, 8)), 7)
                .unwrap()
                .contains("another supplier")
        );
        assert_eq!(refus_facture("EJ-1", Some((EtatEngagement::Commande, 7)), 7), None);
    }

    #[test]
    fn rejected_invoices_are_not_counted_as_invoiced() {
        assert!(compte_comme_facture(StatutFacture::MiseADisposition));
        assert!(compte_comme_facture(StatutFacture::Mandatee));
        assert!(!compte_comme_facture(StatutFacture::Rejetee));
        assert!(!compte_comme_facture(StatutFacture::ARecycler));
    }
}
