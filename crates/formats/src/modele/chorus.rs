//! The Chorus Pro view of an EN 16931 invoice: what the platform routes, stores and checks.
//!
//! Mapping choices (the French CIUS and Chorus Pro's external specifications):
//! - recipient: the buyer's SIRET, an identifier with ISO 6523 scheme `0009` (SIRET-CODE): BT-46
//!   first, then the electronic address BT-49, then the legal registration BT-47 (where `0002`
//!   would be a SIREN, which does not route);
//! - invoicing framework: BT-23 when it names one (`A1` … `A22`, or a full code such as
//!   `A2_FACTURE_FOURNISSEUR_DEJA_PAYEE`), else `A1_FACTURE_FOURNISSEUR` (BT-23 then is a
//!   profile such as PEPPOL's, not a framework);
//! - VAT regime: every VAT category E → EXONERATION, every one O → SANS_TVA, else
//!   TVA_SUR_ENCAISSEMENT when BT-8 says VAT is due on payment (432, CII's 72), else
//!   TVA_SUR_DEBIT; the exemption reason is BT-120 (else BT-121) of the first E category;
//! - global discount incl. VAT: BT-112 − BT-115 (what is already paid, BT-113, less the
//!   rounding, BT-114), so that the platform's "amount due = total with VAT − discount" holds.
//!   Not BT-107: document allowances are without VAT and already deducted in BT-109 and BT-112.

use facteur_domain::Siret;
use facteur_domain::facture::{
    Destinataire, Facture as FactureChorus, LigneFacture, LigneTva, References, Totaux,
    TypeFacture, TypeTva,
};
use facteur_domain::referentiel::CadreFacturation;
use facteur_domain::service::CodeService;
use rust_decimal::Decimal;

use super::{Facture, Identifier};

const CADRE_PAR_DEFAUT: &str = "A1_FACTURE_FOURNISSEUR";

/// The ISO 6523 ICD of SIRET numbers.
const SIRET: &str = "0009";

fn siret_of(i: &Identifier) -> Option<&str> {
    (i.scheme.as_deref().map(str::trim) == Some(SIRET)).then_some(i.value.trim())
}

fn missing(field: &str, expected: &str) -> String {
    format!("{field}: [] is missing. Expected [{expected}]")
}

impl Facture {
    /// The seller's SIRET: an identifier with scheme `0009`, among BT-29, BT-30 and BT-34.
    pub fn siret_vendeur(&self) -> Option<&str> {
        let s = &self.seller;
        s.identifiers
            .iter()
            .chain(&s.legal_registration_identifier)
            .chain(&s.electronic_address)
            .find_map(siret_of)
    }

    /// The buyer's SIRET (see the module's mapping).
    fn siret_acheteur(&self) -> Option<&str> {
        let b = &self.buyer;
        b.identifiers
            .iter()
            .chain(&b.electronic_address)
            .chain(&b.legal_registration_identifier)
            .find_map(siret_of)
    }

    /// The invoice as Chorus Pro holds it, or every reason it cannot be one.
    pub fn vers_facture(&self) -> Result<FactureChorus, Vec<String>> {
        let mut errors = Vec::new();
        let numero = self.invoice_number.clone().unwrap_or_else(|| {
            errors.push(missing("numeroFactureSaisi (BT-1)", "the invoice number"));
            String::new()
        });
        let type_facture = match self.type_code.as_deref().map(str::trim) {
            Some(code) if crate::ubl::est_avoir(Some(code)) => Some(TypeFacture::Avoir),
            Some(code) if !code.is_empty() => Some(TypeFacture::Facture),
            _ => {
                errors.push(missing("typeFacture (BT-3)", "an UNTDID 1001 code: 380, 381, …"));
                None
            }
        };
        let date = self.issue_date.or_else(|| {
            errors.push(missing("dateFacture (BT-2)", "YYYY-MM-DD"));
            None
        });
        let devise = self.currency_code.clone().unwrap_or_else(|| {
            errors.push(missing("deviseFacture (BT-5)", "an ISO 4217 currency"));
            String::new()
        });
        let cadre = self.cadre(&mut errors);
        let code = match self.siret_acheteur() {
            None => {
                errors.push(missing(
                    "destinataire.codeDestinataire (BT-46, scheme 0009)",
                    "the buyer's SIRET",
                ));
                String::new()
            }
            Some(code) => match Siret::parse(code) {
                Ok(_) => code.to_owned(),
                Err(e) => {
                    errors.push(format!("destinataire.codeDestinataire (BT-46): {e}"));
                    String::new()
                }
            },
        };
        let code_service = match self.buyer_reference.as_deref() {
            None => None,
            Some(raw) => match CodeService::parse(raw) {
                Ok(c) => Some(c),
                Err(e) => {
                    errors.push(format!("destinataire.codeServiceDestinataire (BT-10): {e}"));
                    None
                }
            },
        };
        let (type_tva, motif) = self.type_tva();
        let lignes = self.lignes(&mut errors);
        let tva = self.tva(&mut errors);
        let totaux = self.totaux(&mut errors);
        let (Some(type_facture), Some(date_facture), true) =
            (type_facture, date, errors.is_empty())
        else {
            return Err(errors);
        };
        Ok(FactureChorus {
            numero,
            type_facture,
            date_facture,
            devise,
            cadre,
            type_tva,
            destinataire: Destinataire { code, code_service },
            references: References {
                numero_engagement: self.purchase_order_reference.clone(),
                numero_marche: self.contract_reference.clone(),
                numero_facture_origine: self
                    .preceding_invoices
                    .first()
                    .and_then(|p| p.reference.clone()),
                mode_paiement: self.mode_paiement(),
                motif_exoneration_tva: motif,
            },
            lignes,
            tva,
            totaux,
            commentaire: (!self.notes.is_empty())
                .then(|| self.notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>().join("\n")),
        })
    }

    fn cadre(&self, errors: &mut Vec<String>) -> String {
        let Some(bt23) = self.business_process_type.as_deref().map(str::trim) else {
            return CADRE_PAR_DEFAUT.into();
        };
        // `A` and digits, alone or as a full code's start: a framework; anything else is a
        // process identifier of another kind.
        let short = bt23.split('_').next().unwrap_or(bt23);
        let names_framework = short.len() >= 2
            && short.starts_with('A')
            && short[1..].bytes().all(|b| b.is_ascii_digit());
        if !names_framework {
            return CADRE_PAR_DEFAUT.into();
        }
        let known = |c: &&CadreFacturation| {
            c.code == bt23 || (short == bt23 && c.code.split('_').next() == Some(short))
        };
        match CadreFacturation::ALL.iter().find(known) {
            Some(c) => c.code.into(),
            None => {
                errors.push(format!(
                    "cadreDeFacturation.codeCadreFacturation (BT-23): [{bt23}] is not an invoicing framework. Expected [A1, A2, A9, A12, … or the framework's full code]"
                ));
                String::new()
            }
        }
    }

    fn type_tva(&self) -> (TypeTva, Option<String>) {
        fn category(v: &super::VatBreakdown) -> Option<&str> {
            v.category_code.as_deref().map(str::trim)
        }
        let all = |code: &str| {
            !self.vat_breakdown.is_empty()
                && self.vat_breakdown.iter().all(|v| category(v) == Some(code))
        };
        let motif =
            self.vat_breakdown.iter().find(|v| category(v) == Some("E")).and_then(|v| {
                v.exemption_reason.clone().or_else(|| v.exemption_reason_code.clone())
            });
        let type_tva = if all("E") {
            TypeTva::Exoneration
        } else if all("O") {
            TypeTva::SansTva
        } else if self.vat_point_date_code.as_deref().map(str::trim) == Some("432") {
            TypeTva::SurEncaissement
        } else {
            TypeTva::SurDebit
        };
        (type_tva, motif)
    }

    /// UNTDID 4461 payment means as Chorus Pro's `modePaiement`.
    fn mode_paiement(&self) -> Option<String> {
        let code = self.payment_instructions.as_ref()?.type_code.as_deref()?.trim();
        let mode = match code {
            "10" => "ESPECE",
            "20" => "CHEQUE",
            "30" | "31" | "42" | "58" => "VIREMENT",
            "49" | "59" => "PRELEVEMENT",
            _ => "AUTRE",
        };
        Some(mode.into())
    }

    fn lignes(&self, errors: &mut Vec<String>) -> Vec<LigneFacture> {
        let mut lignes = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.iter().enumerate() {
            let position = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let numero = l.id.as_deref().and_then(|id| id.trim().parse().ok()).unwrap_or(position);
            let field = |name: &str, bt: &str| format!("lignePoste[{numero}].{name} ({bt})");
            let mut need = |value: Option<Decimal>, name: &str, bt: &str, what: &str| {
                value.or_else(|| {
                    errors.push(missing(&field(name, bt), what));
                    None
                })
            };
            let quantite = need(l.quantity, "lignePosteQuantite", "BT-129", "the quantity");
            let prix =
                need(l.price.net_price, "lignePostePrixUnitaireHT", "BT-146", "the net price");
            // Rates are absent for categories that have none (O): zero.
            let taux = l.vat.rate.or(l.vat.category_code.as_ref().map(|_| Decimal::ZERO));
            let taux = need(taux, "lignePosteTauxTva", "BT-151/BT-152", "the VAT rate");
            let denomination = l.item.name.clone().unwrap_or_else(|| {
                errors.push(missing(&field("lignePosteDenomination", "BT-153"), "the item name"));
                String::new()
            });
            let (Some(quantite), Some(prix), Some(taux_tva)) = (quantite, prix, taux) else {
                continue;
            };
            // EN 16931's price is per base quantity (BT-149), Chorus Pro's per unit.
            let prix_unitaire_ht = match l.price.base_quantity {
                Some(base) if !base.is_zero() && base != Decimal::ONE => prix / base,
                _ => prix,
            };
            let sum = |v: &[super::AllowanceCharge]| -> Decimal {
                v.iter().filter_map(|a| a.amount).sum()
            };
            lignes.push(LigneFacture {
                numero,
                reference: l.item.sellers_identifier.clone(),
                denomination,
                quantite,
                unite: l.unit_code.clone(),
                prix_unitaire_ht,
                remise_ht: sum(&l.allowances) - sum(&l.charges),
                taux_tva,
            });
        }
        lignes
    }

    fn tva(&self, errors: &mut Vec<String>) -> Vec<LigneTva> {
        let mut tva = Vec::with_capacity(self.vat_breakdown.len());
        for (i, v) in self.vat_breakdown.iter().enumerate() {
            let field = |name: &str, bt: &str| format!("ligneTva[{}].{name} ({bt})", i + 1);
            let (Some(base_ht), Some(montant_tva)) = (v.taxable_amount, v.tax_amount) else {
                if v.taxable_amount.is_none() {
                    errors.push(missing(
                        &field("ligneTvaMontantBaseHtParTaux", "BT-116"),
                        "the taxable amount",
                    ));
                }
                if v.tax_amount.is_none() {
                    errors.push(missing(
                        &field("ligneTvaMontantTvaParTaux", "BT-117"),
                        "the VAT amount",
                    ));
                }
                continue;
            };
            tva.push(LigneTva { taux: v.rate.unwrap_or_default(), base_ht, montant_tva });
        }
        tva
    }

    fn totaux(&self, errors: &mut Vec<String>) -> Totaux {
        let t = &self.totals;
        let mut need = |value: Option<Decimal>, field: &str, what: &str| {
            value.unwrap_or_else(|| {
                errors.push(missing(field, what));
                Decimal::ZERO
            })
        };
        let ht = need(
            t.total_without_vat,
            "montantTotal.montantHtTotal (BT-109)",
            "the total without VAT",
        );
        let ttc =
            need(t.total_with_vat, "montantTotal.montantTtcTotal (BT-112)", "the total with VAT");
        let a_payer = need(t.amount_due, "montantTotal.montantAPayer (BT-115)", "the amount due");
        Totaux {
            ht,
            // Absent when no category bears VAT (O): none is zero.
            tva: t.total_vat.unwrap_or_default(),
            ttc,
            remise_globale_ttc: ttc - a_payer,
            a_payer,
        }
    }
}
