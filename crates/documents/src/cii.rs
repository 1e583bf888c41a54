//! The invoice as a UN/CEFACT Cross Industry Invoice D16B conforming to EN 16931 (Chorus Pro's
//! "PIVOT" download). Elements are written in the order the D16B schema sets; the comments name
//! the EN 16931 business terms (BT-n) and rules (BR-n) that decide what is written.
//!
//! Mappings worth knowing:
//! - VAT category (BT-118, BT-151): `S` (standard) for a positive rate, `E` (exempt) for a zero
//!   rate, whatever the regime. Exemption and "sans TVA" (the franchise of art. 293 B CGI) are
//!   both written `E`, as the French CIUS does; `O` (outside the scope) would forbid any VAT
//!   number on the invoice (BR-O-02) and any other category (BR-O-11), and `Z` is for zero-rated
//!   supplies, which French VAT does not have. An `E` breakdown carries the exemption reason
//!   (BR-E-10): the invoice's own, or a generic one when it gives none.
//! - VAT point (BT-8): `5` (invoice date) for VAT on debits, `72` (payment) for VAT on receipts.
//! - Payment mode: as payment terms text (BT-20), not as payment means (BG-16), because a
//!   transfer there must name the payee's account (BR-61), which the invoice does not have.
//! - Global discount incl. VAT (`remise_globale_ttc`): EN 16931 has no discount after VAT, so
//!   it is written as the amount already paid (BT-113), the one amount between the grand total
//!   and the amount due (BR-CO-16).
//! - Parties: a SIRET is the legal registration identifier (BT-30, BT-47) in the SIRENE scheme
//!   (`0002`); other identifiers go there without a scheme. A party without an address whose
//!   identifier is a SIRET is given the country `FR` only (BR-9, BR-11).
//! - The unit (BT-130) is the line's when it looks like a UN/ECE Rec. 20 code, `C62` ("one")
//!   otherwise: Chorus Pro takes free text there.
//! - The invoicing frame (`A1_FACTURE_FOURNISSEUR`…) is the business process (BT-23) by its
//!   code, `A1`, as Chorus Pro reads it.
//! - Attachments are listed as supporting documents (BG-24) by file name, not embedded.
//!
//! What is the platform's rather than the invoice's (status, deposit date and mode, Chorus Pro's
//! id) is not part of the CII.

use facteur_domain::TypeIdentifiant;
use facteur_domain::facture::{Facture, LigneFacture, TypeTva, arrondi};
use rust_decimal::Decimal;

use crate::{FactureDocument, Partie};
use facteur_formats::xml::ecriture::Ecrivain as Xml;

const NAMESPACES: [(&str, &str); 4] = [
    ("xmlns:rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"),
    (
        "xmlns:ram",
        "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    ),
    ("xmlns:qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"),
    ("xmlns:udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"),
];

/// Renders the invoice as a CII D16B XML document.
pub fn cii(doc: &FactureDocument) -> String {
    let f = doc.facture;
    let mut x = Xml::new(16 * 1024);
    x.element("rsm:CrossIndustryInvoice", &NAMESPACES, |x| {
        x.element("rsm:ExchangedDocumentContext", &[], |x| {
            let cadre = f.cadre.split('_').next().unwrap_or_default();
            if !cadre.is_empty() {
                x.element("ram:BusinessProcessSpecifiedDocumentContextParameter", &[], |x| {
                    x.leaf("ram:ID", &[], cadre);
                });
            }
            x.element("ram:GuidelineSpecifiedDocumentContextParameter", &[], |x| {
                x.leaf("ram:ID", &[], "urn:cen.eu:en16931:2017");
            });
        });
        x.element("rsm:ExchangedDocument", &[], |x| {
            x.leaf("ram:ID", &[], &f.numero);
            x.leaf("ram:TypeCode", &[], f.type_facture.code_untdid());
            date(x, "ram:IssueDateTime", f.date_facture);
            if let Some(commentaire) = non_vide(&f.commentaire) {
                x.element("ram:IncludedNote", &[], |x| x.leaf("ram:Content", &[], commentaire));
            }
        });
        x.element("rsm:SupplyChainTradeTransaction", &[], |x| {
            for l in &f.lignes {
                ligne(x, l);
            }
            accord(x, doc);
            x.empty("ram:ApplicableHeaderTradeDelivery");
            reglement(x, f);
        });
    });
    x.finish()
}

/// A date in format 102, `CCYYMMDD`.
fn date(x: &mut Xml, name: &str, date: chrono::NaiveDate) {
    x.element(name, &[], |x| {
        let text = date.format("%Y%m%d").to_string();
        x.leaf("udt:DateTimeString", &[("format", "102")], &text);
    });
}

/// An optional text, absent when it is blank.
fn non_vide(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.trim().is_empty())
}

/// An amount, to the cent (BR-DEC), always with its two decimals.
fn montant(amount: Decimal) -> String {
    let mut amount = arrondi(amount);
    amount.rescale(2);
    amount.to_string()
}

/// A quantity, price or rate, without trailing zeros.
fn nombre(value: Decimal) -> String {
    value.normalize().to_string()
}

/// The VAT category of a rate (UNCL 5305).
fn categorie(taux: Decimal) -> &'static str {
    if taux.is_zero() { "E" } else { "S" }
}

/// The unit code (BT-130): the line's if it may be a UN/ECE Rec. 20 code.
fn unite(ligne: &LigneFacture) -> &str {
    match ligne.unite.as_deref() {
        Some(u)
            if (1..=3).contains(&u.len())
                && u.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) =>
        {
            u
        }
        _ => "C62",
    }
}

/// An invoice line (BG-25).
fn ligne(x: &mut Xml, l: &LigneFacture) {
    x.element("ram:IncludedSupplyChainTradeLineItem", &[], |x| {
        x.element("ram:AssociatedDocumentLineDocument", &[], |x| {
            x.leaf("ram:LineID", &[], &l.numero.to_string());
        });
        x.element("ram:SpecifiedTradeProduct", &[], |x| {
            if let Some(reference) = non_vide(&l.reference) {
                x.leaf("ram:SellerAssignedID", &[], reference);
            }
            x.leaf("ram:Name", &[], &l.denomination);
        });
        x.element("ram:SpecifiedLineTradeAgreement", &[], |x| {
            x.element("ram:NetPriceProductTradePrice", &[], |x| {
                x.leaf("ram:ChargeAmount", &[], &nombre(l.prix_unitaire_ht));
            });
        });
        x.element("ram:SpecifiedLineTradeDelivery", &[], |x| {
            x.leaf("ram:BilledQuantity", &[("unitCode", unite(l))], &nombre(l.quantite));
        });
        x.element("ram:SpecifiedLineTradeSettlement", &[], |x| {
            x.element("ram:ApplicableTradeTax", &[], |x| {
                x.leaf("ram:TypeCode", &[], "VAT");
                x.leaf("ram:CategoryCode", &[], categorie(l.taux_tva));
                x.leaf("ram:RateApplicablePercent", &[], &nombre(l.taux_tva));
            });
            if !l.remise_ht.is_zero() {
                // A line allowance (BG-27) states its reason (BR-42): 95, discount.
                x.element("ram:SpecifiedTradeAllowanceCharge", &[], |x| {
                    x.element("ram:ChargeIndicator", &[], |x| {
                        x.leaf("udt:Indicator", &[], "false");
                    });
                    x.leaf("ram:ActualAmount", &[], &montant(l.remise_ht));
                    x.leaf("ram:ReasonCode", &[], "95");
                    x.leaf("ram:Reason", &[], "Remise");
                });
            }
            x.element("ram:SpecifiedTradeSettlementLineMonetarySummation", &[], |x| {
                x.leaf("ram:LineTotalAmount", &[], &montant(l.montant_net()));
            });
        });
    });
}

/// The parties and the documents the invoice refers to.
fn accord(x: &mut Xml, doc: &FactureDocument) {
    let f = doc.facture;
    let r = &f.references;
    x.element("ram:ApplicableHeaderTradeAgreement", &[], |x| {
        if let Some(service) = &f.destinataire.code_service {
            x.leaf("ram:BuyerReference", &[], service.as_str());
        }
        partie(x, "ram:SellerTradeParty", &doc.fournisseur);
        partie(x, "ram:BuyerTradeParty", &doc.destinataire);
        let references = [
            ("ram:BuyerOrderReferencedDocument", non_vide(&r.numero_engagement)),
            ("ram:ContractReferencedDocument", non_vide(&r.numero_marche)),
        ];
        for (name, id) in references {
            if let Some(id) = id {
                x.element(name, &[], |x| x.leaf("ram:IssuerAssignedID", &[], id));
            }
        }
        for nom in doc.pieces_jointes.iter().filter(|n| !n.trim().is_empty()) {
            x.element("ram:AdditionalReferencedDocument", &[], |x| {
                x.leaf("ram:IssuerAssignedID", &[], nom);
                // No description (BT-123): the name says it, and CII allows one per
                // invoice (CII-SR-475).
                x.leaf("ram:TypeCode", &[], "916");
            });
        }
    });
}

/// The seller (BG-4) or the buyer (BG-7).
fn partie(x: &mut Xml, name: &str, p: &Partie) {
    x.element(name, &[], |x| {
        x.leaf("ram:Name", &[], &p.nom);
        x.element("ram:SpecifiedLegalOrganization", &[], |x| {
            if p.type_identifiant == TypeIdentifiant::Siret {
                x.leaf("ram:ID", &[("schemeID", "0002")], &p.identifiant);
            } else {
                x.leaf("ram:ID", &[], &p.identifiant);
            }
        });
        match &p.adresse {
            Some(a) => x.element("ram:PostalTradeAddress", &[], |x| {
                x.leaf("ram:PostcodeCode", &[], &a.code_postal);
                x.leaf("ram:LineOne", &[], &a.ligne);
                if let Some(complement) = non_vide(&a.complement) {
                    x.leaf("ram:LineTwo", &[], complement);
                }
                x.leaf("ram:CityName", &[], &a.ville);
                x.leaf("ram:CountryID", &[], &a.code_pays);
            }),
            None if p.type_identifiant == TypeIdentifiant::Siret => {
                x.element("ram:PostalTradeAddress", &[], |x| x.leaf("ram:CountryID", &[], "FR"));
            }
            None => {}
        }
        if let Some(tva) = non_vide(&p.numero_tva) {
            x.element("ram:SpecifiedTaxRegistration", &[], |x| {
                x.leaf("ram:ID", &[("schemeID", "VA")], tva);
            });
        }
    });
}

/// Currency, VAT breakdown, payment terms, totals and the corrected invoice.
fn reglement(x: &mut Xml, f: &Facture) {
    let r = &f.references;
    let t = &f.totaux;
    x.element("ram:ApplicableHeaderTradeSettlement", &[], |x| {
        x.leaf("ram:InvoiceCurrencyCode", &[], &f.devise);
        for l in &f.tva {
            let categorie = categorie(l.taux);
            x.element("ram:ApplicableTradeTax", &[], |x| {
                x.leaf("ram:CalculatedAmount", &[], &montant(l.montant_tva));
                x.leaf("ram:TypeCode", &[], "VAT");
                if categorie == "E" {
                    let motif = non_vide(&r.motif_exoneration_tva).unwrap_or(match f.type_tva {
                        TypeTva::SansTva => "TVA non applicable",
                        _ => "Exonération de TVA",
                    });
                    x.leaf("ram:ExemptionReason", &[], motif);
                }
                x.leaf("ram:BasisAmount", &[], &montant(l.base_ht));
                x.leaf("ram:CategoryCode", &[], categorie);
                let exigibilite = match f.type_tva {
                    TypeTva::SurDebit => Some("5"),
                    TypeTva::SurEncaissement => Some("72"),
                    TypeTva::Exoneration | TypeTva::SansTva => None,
                };
                if let Some(code) = exigibilite.filter(|_| categorie == "S") {
                    x.leaf("ram:DueDateTypeCode", &[], code);
                }
                x.leaf("ram:RateApplicablePercent", &[], &nombre(l.taux));
            });
        }
        if let Some(mode) = non_vide(&r.mode_paiement) {
            x.element("ram:SpecifiedTradePaymentTerms", &[], |x| {
                x.leaf("ram:Description", &[], &format!("Mode de paiement : {mode}"));
            });
        }
        x.element("ram:SpecifiedTradeSettlementHeaderMonetarySummation", &[], |x| {
            let lignes: Decimal = f.lignes.iter().map(LigneFacture::montant_net).sum();
            x.leaf("ram:LineTotalAmount", &[], &montant(lignes));
            x.leaf("ram:TaxBasisTotalAmount", &[], &montant(t.ht));
            x.leaf("ram:TaxTotalAmount", &[("currencyID", &f.devise)], &montant(t.tva));
            x.leaf("ram:GrandTotalAmount", &[], &montant(t.ttc));
            if !t.remise_globale_ttc.is_zero() {
                x.leaf("ram:TotalPrepaidAmount", &[], &montant(t.remise_globale_ttc));
            }
            x.leaf("ram:DuePayableAmount", &[], &montant(t.a_payer));
        });
        if let Some(origine) = non_vide(&r.numero_facture_origine) {
            x.element("ram:InvoiceReferencedDocument", &[], |x| {
                x.leaf("ram:IssuerAssignedID", &[], origine);
            });
        }
    });
}
