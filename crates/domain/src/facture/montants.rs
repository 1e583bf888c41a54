//! The arithmetic an invoice must satisfy, to the cent: lines → VAT breakdown → totals (the
//! EN 16931 rules BR-CO-10 to BR-CO-17 in Chorus Pro's fields).

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

use super::modele::{Facture, LigneFacture, LigneTva, Totaux};

/// Rounds an amount to the cent, halves away from zero, as invoices are written.
pub fn arrondi(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

impl super::modele::LigneFacture {
    /// The line's net amount: quantity × unit price, less the discount, each to the cent.
    pub fn montant_net(&self) -> Decimal {
        arrondi(self.quantite * self.prix_unitaire_ht) - arrondi(self.remise_ht)
    }
}

/// The VAT of a base at a rate, to the cent.
fn tva(base: Decimal, taux: Decimal) -> Decimal {
    arrondi(base * taux / Decimal::ONE_HUNDRED)
}

/// The VAT breakdown and totals that lines make, as a typed invoice declares them: one VAT
/// line per rate, no global discount.
pub fn calculer(lignes: &[LigneFacture]) -> (Vec<LigneTva>, Totaux) {
    let mut bases: BTreeMap<Decimal, Decimal> = BTreeMap::new();
    for l in lignes {
        *bases.entry(l.taux_tva.normalize()).or_default() += l.montant_net();
    }
    let lignes_tva: Vec<LigneTva> = bases
        .into_iter()
        .map(|(taux, base_ht)| LigneTva { taux, base_ht, montant_tva: tva(base_ht, taux) })
        .collect();
    let ht: Decimal = lignes_tva.iter().map(|t| t.base_ht).sum();
    let montant_tva: Decimal = lignes_tva.iter().map(|t| t.montant_tva).sum();
    let totaux = Totaux {
        ht,
        tva: montant_tva,
        ttc: ht + montant_tva,
        remise_globale_ttc: Decimal::ZERO,
        a_payer: ht + montant_tva,
    };
    (lignes_tva, totaux)
}

/// Checks that an invoice's amounts add up, and says every way they do not.
pub fn verifier_montants(f: &Facture) -> Vec<String> {
    let mut errors = Vec::new();
    if f.lignes.is_empty() {
        errors.push("lignePoste: an invoice has at least one line".to_owned());
    }
    // Each line's net amount, summed per VAT rate.
    let mut bases: BTreeMap<Decimal, Decimal> = BTreeMap::new();
    for l in &f.lignes {
        if l.quantite.is_zero() {
            errors.push(format!(
                "lignePoste[{}].lignePosteQuantite: a line's quantity is not zero",
                l.numero
            ));
        }
        if l.taux_tva.is_sign_negative() {
            errors.push(format!(
                "lignePoste[{}].lignePosteTauxTva: [{}] is negative",
                l.numero, l.taux_tva
            ));
        }
        let net = l.montant_net();
        *bases.entry(l.taux_tva.normalize()).or_default() += net;
    }
    let mut declared: BTreeMap<Decimal, (Decimal, Decimal)> = BTreeMap::new();
    for t in &f.tva {
        if declared.insert(t.taux.normalize(), (t.base_ht, t.montant_tva)).is_some() {
            errors.push(format!("ligneTva: the rate {} appears twice", t.taux.normalize()));
        }
    }
    for (taux, base) in &bases {
        match declared.get(taux) {
            None => errors.push(format!(
                "ligneTva: no line for the rate {taux} that lines use (base {base})"
            )),
            Some((declared_base, declared_tva)) => {
                if declared_base != base {
                    errors.push(format!(
                        "ligneTva[{taux}].ligneTvaMontantBaseHtParTaux: [{declared_base}] is not the sum of the lines at this rate. Expected [{base}]"
                    ));
                }
                // One cent either way: VAT computed per line and summed may differ by that.
                let expected = tva(*declared_base, *taux);
                if (*declared_tva - expected).abs() > Decimal::new(1, 2) {
                    errors.push(format!(
                        "ligneTva[{taux}].ligneTvaMontantTvaParTaux: [{declared_tva}] is not {taux} % of the base. Expected [{expected}]"
                    ));
                }
            }
        }
    }
    for taux in declared.keys().filter(|t| !bases.contains_key(*t)) {
        errors.push(format!("ligneTva: the rate {taux} has no line"));
    }
    let total_ht: Decimal = f.tva.iter().map(|t| t.base_ht).sum();
    let total_tva: Decimal = f.tva.iter().map(|t| t.montant_tva).sum();
    let t = &f.totaux;
    let mut check = |field: &str, declared: Decimal, expected: Decimal, what: &str| {
        if declared != expected {
            errors.push(format!(
                "montantTotal.{field}: [{declared}] is not {what}. Expected [{expected}]"
            ));
        }
    };
    check("montantHtTotal", t.ht, total_ht, "the sum of the VAT bases");
    check("montantTVA", t.tva, total_tva, "the sum of the VAT amounts");
    check("montantTtcTotal", t.ttc, t.ht + t.tva, "the total without VAT plus the VAT");
    check(
        "montantAPayer",
        t.a_payer,
        t.ttc - t.remise_globale_ttc,
        "the total with VAT less the global discount",
    );
    errors
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use chrono::NaiveDate;

    use super::*;
    use crate::facture::modele::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn what_calculer_declares_adds_up() {
        let mut f = facture();
        f.tva.clear();
        f.totaux = Totaux::default();
        let (tva, totaux) = calculer(&f.lignes);
        assert_eq!(tva.len(), 2);
        assert_eq!(totaux.ht, d("39.97"));
        assert_eq!(totaux.tva, d("4.37"));
        assert_eq!(totaux.a_payer, d("44.34"));
        f.tva = tva;
        f.totaux = totaux;
        assert_eq!(verifier_montants(&f), Vec::<String>::new());
    }

    fn facture() -> Facture {
        let ligne = |numero, quantite, prix, taux| LigneFacture {
            numero,
            reference: None,
            denomination: "Ramettes".into(),
            quantite: d(quantite),
            unite: None,
            prix_unitaire_ht: d(prix),
            remise_ht: Decimal::ZERO,
            taux_tva: d(taux),
        };
        Facture {
            numero: "F-2026-001".into(),
            type_facture: TypeFacture::Facture,
            date_facture: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            devise: "EUR".into(),
            cadre: "A1_FACTURE_FOURNISSEUR".into(),
            type_tva: TypeTva::SurDebit,
            destinataire: Destinataire { code: "11000201100044".into(), code_service: None },
            references: References::default(),
            lignes: vec![ligne(1, "3", "4.99", "20"), ligne(2, "2.5", "10", "5.5")],
            tva: vec![
                LigneTva { taux: d("20"), base_ht: d("14.97"), montant_tva: d("2.99") },
                LigneTva { taux: d("5.5"), base_ht: d("25.00"), montant_tva: d("1.38") },
            ],
            totaux: Totaux {
                ht: d("39.97"),
                tva: d("4.37"),
                ttc: d("44.34"),
                remise_globale_ttc: Decimal::ZERO,
                a_payer: d("44.34"),
            },
            commentaire: None,
        }
    }

    #[test]
    fn amounts_that_add_up_pass() {
        assert_eq!(verifier_montants(&facture()), Vec::<String>::new());
    }

    #[test]
    fn every_inconsistency_is_reported() {
        let mut f = facture();
        f.tva[0].base_ht = d("15.00");
        f.totaux.a_payer = d("44.00");
        f.lignes.push(LigneFacture { taux_tva: d("10"), ..f.lignes[0].clone() });
        let errors = verifier_montants(&f);
        assert!(
            errors.iter().any(|e| e.contains("ligneTva[20].ligneTvaMontantBaseHtParTaux: [15.00]")),
            "{errors:?}"
        );
        assert!(errors.iter().any(|e| e.contains("no line for the rate 10")), "{errors:?}");
        assert!(errors.iter().any(|e| e.starts_with("montantTotal.montantAPayer")), "{errors:?}");
        assert!(errors.iter().any(|e| e.starts_with("montantTotal.montantHtTotal")), "{errors:?}");
    }

    #[test]
    fn vat_may_differ_by_a_cent_from_the_base_times_the_rate() {
        let mut f = facture();
        f.tva[0].montant_tva = d("3.00");
        f.totaux.tva = d("4.38");
        f.totaux.ttc = d("44.35");
        f.totaux.a_payer = d("44.35");
        assert_eq!(verifier_montants(&f), Vec::<String>::new());
        f.tva[0].montant_tva = d("3.01");
        assert!(!verifier_montants(&f).is_empty());
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(arrondi(d("0.125")), d("0.13"));
        assert_eq!(arrondi(d("-0.125")), d("-0.13"));
        assert_eq!(arrondi(d("2.994")), d("2.99"));
    }
}
