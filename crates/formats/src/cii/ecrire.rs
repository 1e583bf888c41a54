//! The model into CII D16B, elements in the order of the D16B schemas.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::lecture::noeuds::{QDT, RAM, RSM, UDT};
use crate::modele::{Address, AllowanceCharge, Facture, Identifier, Line, Party, Period};
use crate::xml::ecriture::Ecrivain;

/// Writes a `rsm:CrossIndustryInvoice`.
pub fn ecrire(f: &Facture) -> String {
    let attachments: usize = f
        .supporting_documents
        .iter()
        .filter_map(|d| d.attachment.as_ref())
        .map(|a| a.content.len())
        .sum();
    let mut w = Ecrivain::new(8_192 + 3_072 * f.lines.len() + attachments);
    let namespaces =
        [("xmlns:rsm", RSM), ("xmlns:qdt", QDT), ("xmlns:ram", RAM), ("xmlns:udt", UDT)];
    w.element("rsm:CrossIndustryInvoice", &namespaces, |w| document(w, f));
    w.finish()
}

/// BT-8: the model holds UNTDID 2005 (UBL's), CII writes UNTDID 2475.
fn code_2475(code_2005: &str) -> &str {
    match code_2005.trim() {
        "3" => "5",
        "35" => "29",
        "432" => "72",
        _ => code_2005,
    }
}

/// An element holding a format 102 date, in `udt:DateTimeString` or another of its kind.
fn date_in(w: &mut Ecrivain, name: &str, string: &str, d: Option<NaiveDate>) {
    if let Some(d) = d {
        w.element(name, &[], |w| {
            w.leaf(string, &[("format", "102")], &d.format("%Y%m%d").to_string());
        });
    }
}

fn date(w: &mut Ecrivain, name: &str, d: Option<NaiveDate>) {
    date_in(w, name, "udt:DateTimeString", d);
}

fn number(w: &mut Ecrivain, name: &str, d: Option<Decimal>) {
    if let Some(d) = d {
        w.leaf(name, &[], &d.to_string());
    }
}

fn id(w: &mut Ecrivain, name: &str, i: &Identifier) {
    match &i.scheme {
        Some(s) => w.leaf(name, &[("schemeID", s)], &i.value),
        None => w.leaf(name, &[], &i.value),
    }
}

/// A scheme-less identifier is a `ram:ID`, one with a scheme a `ram:GlobalID`.
fn id_or_global(w: &mut Ecrivain, i: &Identifier) {
    id(w, if i.scheme.is_some() { "ram:GlobalID" } else { "ram:ID" }, i);
}

/// A `ram:…ReferencedDocument` holding an `IssuerAssignedID`.
fn referenced(w: &mut Ecrivain, name: &str, reference: Option<&str>) {
    if let Some(r) = reference {
        w.element(name, &[], |w| w.leaf("ram:IssuerAssignedID", &[], r));
    }
}

fn text_in(w: &mut Ecrivain, name: &str, child: &str, text: Option<&str>) {
    if let Some(t) = text {
        w.element(name, &[], |w| w.leaf(child, &[], t));
    }
}

fn document(w: &mut Ecrivain, f: &Facture) {
    w.element("rsm:ExchangedDocumentContext", &[], |w| {
        text_in(
            w,
            "ram:BusinessProcessSpecifiedDocumentContextParameter",
            "ram:ID",
            f.business_process_type.as_deref(),
        );
        text_in(
            w,
            "ram:GuidelineSpecifiedDocumentContextParameter",
            "ram:ID",
            f.specification_identifier.as_deref(),
        );
    });
    w.element("rsm:ExchangedDocument", &[], |w| {
        w.opt("ram:ID", f.invoice_number.as_deref());
        w.opt("ram:TypeCode", f.type_code.as_deref());
        date(w, "ram:IssueDateTime", f.issue_date);
        for n in &f.notes {
            w.element("ram:IncludedNote", &[], |w| {
                w.leaf("ram:Content", &[], &n.text);
                w.opt("ram:SubjectCode", n.subject_code.as_deref());
            });
        }
    });
    w.element("rsm:SupplyChainTradeTransaction", &[], |w| {
        for l in &f.lines {
            line(w, l);
        }
        agreement(w, f);
        delivery(w, f);
        settlement(w, f);
    });
}

fn agreement(w: &mut Ecrivain, f: &Facture) {
    w.element("ram:ApplicableHeaderTradeAgreement", &[], |w| {
        w.opt("ram:BuyerReference", f.buyer_reference.as_deref());
        w.element("ram:SellerTradeParty", &[], |w| party(w, &f.seller));
        w.element("ram:BuyerTradeParty", &[], |w| party(w, &f.buyer));
        if let Some(t) = &f.seller_tax_representative {
            w.element("ram:SellerTaxRepresentativeTradeParty", &[], |w| {
                w.opt("ram:Name", t.name.as_deref());
                if let Some(a) = &t.postal_address {
                    address(w, a);
                }
                if let Some(vat) = &t.vat_identifier {
                    w.element("ram:SpecifiedTaxRegistration", &[], |w| {
                        w.leaf("ram:ID", &[("schemeID", "VA")], vat);
                    });
                }
            });
        }
        referenced(w, "ram:SellerOrderReferencedDocument", f.sales_order_reference.as_deref());
        referenced(w, "ram:BuyerOrderReferencedDocument", f.purchase_order_reference.as_deref());
        referenced(w, "ram:ContractReferencedDocument", f.contract_reference.as_deref());
        for d in &f.supporting_documents {
            w.element("ram:AdditionalReferencedDocument", &[], |w| {
                w.opt("ram:IssuerAssignedID", d.reference.as_deref());
                w.opt("ram:URIID", d.external_location.as_deref());
                w.leaf("ram:TypeCode", &[], "916");
                w.opt("ram:Name", d.description.as_deref());
                if let Some(a) = &d.attachment {
                    w.leaf("ram:AttachmentBinaryObject", &a.attributes(), &a.content);
                }
            });
        }
        if let Some(tender) = &f.tender_or_lot_reference {
            w.element("ram:AdditionalReferencedDocument", &[], |w| {
                w.leaf("ram:IssuerAssignedID", &[], tender);
                w.leaf("ram:TypeCode", &[], "50");
            });
        }
        if let Some(o) = &f.invoiced_object_identifier {
            w.element("ram:AdditionalReferencedDocument", &[], |w| {
                w.leaf("ram:IssuerAssignedID", &[], &o.value);
                w.leaf("ram:TypeCode", &[], "130");
                w.opt("ram:ReferenceTypeCode", o.scheme.as_deref());
            });
        }
        if let Some(project) = &f.project_reference {
            w.element("ram:SpecifiedProcuringProject", &[], |w| {
                w.leaf("ram:ID", &[], project);
                // Mandatory in D16B, absent from EN 16931: EN 16931-3-3 writes this.
                w.leaf("ram:Name", &[], "Project reference");
            });
        }
    });
}

fn party(w: &mut Ecrivain, p: &Party) {
    for i in &p.identifiers {
        id_or_global(w, i);
    }
    w.opt("ram:Name", p.name.as_deref());
    w.opt("ram:Description", p.additional_legal_information.as_deref());
    if p.legal_registration_identifier.is_some() || p.trading_name.is_some() {
        w.element("ram:SpecifiedLegalOrganization", &[], |w| {
            if let Some(i) = &p.legal_registration_identifier {
                id(w, "ram:ID", i);
            }
            w.opt("ram:TradingBusinessName", p.trading_name.as_deref());
        });
    }
    if let Some(c) = &p.contact {
        w.element("ram:DefinedTradeContact", &[], |w| {
            w.opt("ram:PersonName", c.point.as_deref());
            text_in(
                w,
                "ram:TelephoneUniversalCommunication",
                "ram:CompleteNumber",
                c.telephone.as_deref(),
            );
            text_in(w, "ram:EmailURIUniversalCommunication", "ram:URIID", c.email.as_deref());
        });
    }
    if let Some(a) = &p.postal_address {
        address(w, a);
    }
    if let Some(e) = &p.electronic_address {
        w.element("ram:URIUniversalCommunication", &[], |w| id(w, "ram:URIID", e));
    }
    if let Some(vat) = &p.vat_identifier {
        w.element("ram:SpecifiedTaxRegistration", &[], |w| {
            w.leaf("ram:ID", &[("schemeID", "VA")], vat);
        });
    }
    if let Some(tax) = &p.tax_registration_identifier {
        w.element("ram:SpecifiedTaxRegistration", &[], |w| {
            w.leaf("ram:ID", &[("schemeID", "FC")], tax);
        });
    }
}

fn address(w: &mut Ecrivain, a: &Address) {
    w.element("ram:PostalTradeAddress", &[], |w| {
        w.opt("ram:PostcodeCode", a.post_code.as_deref());
        w.opt("ram:LineOne", a.line_one.as_deref());
        w.opt("ram:LineTwo", a.line_two.as_deref());
        w.opt("ram:LineThree", a.line_three.as_deref());
        w.opt("ram:CityName", a.city.as_deref());
        w.opt("ram:CountryID", a.country_code.as_deref());
        w.opt("ram:CountrySubDivisionName", a.country_subdivision.as_deref());
    });
}

fn delivery(w: &mut Ecrivain, f: &Facture) {
    w.element("ram:ApplicableHeaderTradeDelivery", &[], |w| {
        if let Some(d) = &f.delivery {
            if d.location_identifier.is_some() || d.party_name.is_some() || d.address.is_some() {
                w.element("ram:ShipToTradeParty", &[], |w| {
                    if let Some(i) = &d.location_identifier {
                        id_or_global(w, i);
                    }
                    w.opt("ram:Name", d.party_name.as_deref());
                    if let Some(a) = &d.address {
                        address(w, a);
                    }
                });
            }
            if d.actual_delivery_date.is_some() {
                w.element("ram:ActualDeliverySupplyChainEvent", &[], |w| {
                    date(w, "ram:OccurrenceDateTime", d.actual_delivery_date);
                });
            }
        }
        referenced(
            w,
            "ram:DespatchAdviceReferencedDocument",
            f.despatch_advice_reference.as_deref(),
        );
        referenced(
            w,
            "ram:ReceivingAdviceReferencedDocument",
            f.receiving_advice_reference.as_deref(),
        );
    });
}

/// An IBAN (two letters, two check digits, up to 30 letters or digits) is `IBANID`, any other
/// account number `ProprietaryID`.
fn is_iban(account: &str) -> bool {
    let b = account.as_bytes();
    (15..=34).contains(&b.len())
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_alphanumeric)
}

fn settlement(w: &mut Ecrivain, f: &Facture) {
    let pay = f.payment_instructions.as_ref();
    let debit = pay.and_then(|p| p.direct_debit.as_ref());
    w.element("ram:ApplicableHeaderTradeSettlement", &[], |w| {
        w.opt("ram:CreditorReferenceID", debit.and_then(|d| d.creditor_identifier.as_deref()));
        w.opt("ram:PaymentReference", pay.and_then(|p| p.remittance_information.as_deref()));
        // BT-6 equal to BT-5 says nothing, and CII's BR-53 refuses it.
        let tax_currency = f
            .vat_accounting_currency_code
            .as_deref()
            .filter(|&c| Some(c) != f.currency_code.as_deref());
        w.opt("ram:TaxCurrencyCode", tax_currency);
        w.opt("ram:InvoiceCurrencyCode", f.currency_code.as_deref());
        if let Some(p) = &f.payee {
            w.element("ram:PayeeTradeParty", &[], |w| {
                if let Some(i) = &p.identifier {
                    id_or_global(w, i);
                }
                w.opt("ram:Name", p.name.as_deref());
                if let Some(i) = &p.legal_registration_identifier {
                    w.element("ram:SpecifiedLegalOrganization", &[], |w| id(w, "ram:ID", i));
                }
            });
        }
        if let Some(p) = pay {
            let debited = debit.and_then(|d| d.debited_account_identifier.as_deref());
            let means = p.type_code.is_some()
                || p.text.is_some()
                || !p.credit_transfers.is_empty()
                || p.card.is_some()
                || debited.is_some();
            // One means per credit transfer account, as UBL does.
            for i in 0..if means { p.credit_transfers.len().max(1) } else { 0 } {
                w.element("ram:SpecifiedTradeSettlementPaymentMeans", &[], |w| {
                    w.opt("ram:TypeCode", p.type_code.as_deref());
                    w.opt("ram:Information", p.text.as_deref());
                    if let Some(card) = p.card.as_ref().filter(|_| i == 0) {
                        w.element("ram:ApplicableTradeSettlementFinancialCard", &[], |w| {
                            w.opt("ram:ID", card.primary_account_number.as_deref());
                            w.opt("ram:CardholderName", card.holder_name.as_deref());
                        });
                    }
                    if let Some(account) = debited.filter(|_| i == 0) {
                        w.element("ram:PayerPartyDebtorFinancialAccount", &[], |w| {
                            w.leaf("ram:IBANID", &[], account);
                        });
                    }
                    if let Some(t) = p.credit_transfers.get(i) {
                        if t.account_identifier.is_some() || t.account_name.is_some() {
                            w.element("ram:PayeePartyCreditorFinancialAccount", &[], |w| {
                                match t.account_identifier.as_deref() {
                                    Some(a) if is_iban(a) => w.leaf("ram:IBANID", &[], a),
                                    Some(_) | None => {}
                                }
                                w.opt("ram:AccountName", t.account_name.as_deref());
                                match t.account_identifier.as_deref() {
                                    Some(a) if !is_iban(a) => w.leaf("ram:ProprietaryID", &[], a),
                                    Some(_) | None => {}
                                }
                            });
                        }
                        text_in(
                            w,
                            "ram:PayeeSpecifiedCreditorFinancialInstitution",
                            "ram:BICID",
                            t.service_provider_identifier.as_deref(),
                        );
                    }
                });
            }
        }
        for (i, v) in f.vat_breakdown.iter().enumerate() {
            w.element("ram:ApplicableTradeTax", &[], |w| {
                number(w, "ram:CalculatedAmount", v.tax_amount);
                w.leaf("ram:TypeCode", &[], "VAT");
                w.opt("ram:ExemptionReason", v.exemption_reason.as_deref());
                number(w, "ram:BasisAmount", v.taxable_amount);
                w.opt("ram:CategoryCode", v.category_code.as_deref());
                w.opt("ram:ExemptionReasonCode", v.exemption_reason_code.as_deref());
                // BT-7 and BT-8 are the document's, held by the breakdowns in CII: BT-7 in
                // the first one only (CII-SR-461), BT-8 in each.
                if i == 0 {
                    date_in(w, "ram:TaxPointDate", "udt:DateString", f.vat_point_date);
                }
                w.opt("ram:DueDateTypeCode", f.vat_point_date_code.as_deref().map(code_2475));
                number(w, "ram:RateApplicablePercent", v.rate);
            });
        }
        if let Some(p) = &f.invoicing_period {
            period(w, p);
        }
        for a in &f.allowances {
            allowance_charge(w, false, a);
        }
        for c in &f.charges {
            allowance_charge(w, true, c);
        }
        let mandate = debit.and_then(|d| d.mandate_reference.as_deref());
        if f.payment_terms.is_some() || f.payment_due_date.is_some() || mandate.is_some() {
            w.element("ram:SpecifiedTradePaymentTerms", &[], |w| {
                w.opt("ram:Description", f.payment_terms.as_deref());
                date(w, "ram:DueDateDateTime", f.payment_due_date);
                w.opt("ram:DirectDebitMandateID", mandate);
            });
        }
        let t = &f.totals;
        w.element("ram:SpecifiedTradeSettlementHeaderMonetarySummation", &[], |w| {
            number(w, "ram:LineTotalAmount", t.line_net_total);
            number(w, "ram:ChargeTotalAmount", t.charge_total);
            number(w, "ram:AllowanceTotalAmount", t.allowance_total);
            number(w, "ram:TaxBasisTotalAmount", t.total_without_vat);
            let currency = f.currency_code.as_deref().unwrap_or_default();
            if let Some(vat) = t.total_vat {
                w.leaf("ram:TaxTotalAmount", &[("currencyID", currency)], &vat.to_string());
            }
            if let Some(vat) = t.total_vat_accounting_currency {
                let currency = f.vat_accounting_currency_code.as_deref().unwrap_or_default();
                w.leaf("ram:TaxTotalAmount", &[("currencyID", currency)], &vat.to_string());
            }
            number(w, "ram:RoundingAmount", t.rounding_amount);
            number(w, "ram:GrandTotalAmount", t.total_with_vat);
            number(w, "ram:TotalPrepaidAmount", t.paid_amount);
            number(w, "ram:DuePayableAmount", t.amount_due);
        });
        // D16B has room for one preceding invoice only.
        if let Some(p) = f.preceding_invoices.first() {
            w.element("ram:InvoiceReferencedDocument", &[], |w| {
                w.opt("ram:IssuerAssignedID", p.reference.as_deref());
                date_in(w, "ram:FormattedIssueDateTime", "qdt:DateTimeString", p.issue_date);
            });
        }
        text_in(
            w,
            "ram:ReceivableSpecifiedTradeAccountingAccount",
            "ram:ID",
            f.buyer_accounting_reference.as_deref(),
        );
    });
}

fn period(w: &mut Ecrivain, p: &Period) {
    w.element("ram:BillingSpecifiedPeriod", &[], |w| {
        date(w, "ram:StartDateTime", p.start_date);
        date(w, "ram:EndDateTime", p.end_date);
    });
}

fn allowance_charge(w: &mut Ecrivain, charge: bool, a: &AllowanceCharge) {
    w.element("ram:SpecifiedTradeAllowanceCharge", &[], |w| {
        w.element("ram:ChargeIndicator", &[], |w| {
            w.leaf("udt:Indicator", &[], if charge { "true" } else { "false" });
        });
        number(w, "ram:CalculationPercent", a.percentage);
        number(w, "ram:BasisAmount", a.base_amount);
        number(w, "ram:ActualAmount", a.amount);
        w.opt("ram:ReasonCode", a.reason_code.as_deref());
        w.opt("ram:Reason", a.reason.as_deref());
        if a.vat_category_code.is_some() || a.vat_rate.is_some() {
            w.element("ram:CategoryTradeTax", &[], |w| {
                w.leaf("ram:TypeCode", &[], "VAT");
                w.opt("ram:CategoryCode", a.vat_category_code.as_deref());
                number(w, "ram:RateApplicablePercent", a.vat_rate);
            });
        }
    });
}

fn line(w: &mut Ecrivain, l: &Line) {
    w.element("ram:IncludedSupplyChainTradeLineItem", &[], |w| {
        w.element("ram:AssociatedDocumentLineDocument", &[], |w| {
            w.opt("ram:LineID", l.id.as_deref());
            text_in(w, "ram:IncludedNote", "ram:Content", l.note.as_deref());
        });
        let i = &l.item;
        w.element("ram:SpecifiedTradeProduct", &[], |w| {
            if let Some(s) = &i.standard_identifier {
                id(w, "ram:GlobalID", s);
            }
            w.opt("ram:SellerAssignedID", i.sellers_identifier.as_deref());
            w.opt("ram:BuyerAssignedID", i.buyers_identifier.as_deref());
            w.opt("ram:Name", i.name.as_deref());
            w.opt("ram:Description", i.description.as_deref());
            for a in &i.attributes {
                w.element("ram:ApplicableProductCharacteristic", &[], |w| {
                    w.opt("ram:Description", a.name.as_deref());
                    w.opt("ram:Value", a.value.as_deref());
                });
            }
            for c in &i.classifications {
                let attributes = c.attributes();
                w.element("ram:DesignatedProductClassification", &[], |w| {
                    w.leaf("ram:ClassCode", &attributes, &c.code);
                });
            }
            text_in(w, "ram:OriginTradeCountry", "ram:ID", i.origin_country.as_deref());
        });
        let p = &l.price;
        let base_quantity = |w: &mut Ecrivain| {
            if let Some(q) = p.base_quantity {
                match &p.base_quantity_unit_code {
                    Some(unit) => {
                        w.leaf("ram:BasisQuantity", &[("unitCode", unit)], &q.to_string())
                    }
                    None => w.leaf("ram:BasisQuantity", &[], &q.to_string()),
                }
            }
        };
        w.element("ram:SpecifiedLineTradeAgreement", &[], |w| {
            if let Some(r) = &l.order_line_reference {
                w.element("ram:BuyerOrderReferencedDocument", &[], |w| {
                    w.leaf("ram:LineID", &[], r)
                });
            }
            if p.gross_price.is_some() || p.discount.is_some() {
                w.element("ram:GrossPriceProductTradePrice", &[], |w| {
                    // D16B has no discount without a gross price: the one EN 16931 implies
                    // (BT-146 = BT-148 - BT-147).
                    let gross = p.gross_price.or_else(|| Some(p.net_price? + p.discount?));
                    number(w, "ram:ChargeAmount", gross);
                    base_quantity(w);
                    if let Some(d) = p.discount {
                        w.element("ram:AppliedTradeAllowanceCharge", &[], |w| {
                            w.element("ram:ChargeIndicator", &[], |w| {
                                w.leaf("udt:Indicator", &[], "false");
                            });
                            w.leaf("ram:ActualAmount", &[], &d.to_string());
                        });
                    }
                });
            }
            w.element("ram:NetPriceProductTradePrice", &[], |w| {
                number(w, "ram:ChargeAmount", p.net_price);
                base_quantity(w);
            });
        });
        w.element("ram:SpecifiedLineTradeDelivery", &[], |w| {
            if let Some(q) = l.quantity {
                match &l.unit_code {
                    Some(unit) => {
                        w.leaf("ram:BilledQuantity", &[("unitCode", unit)], &q.to_string())
                    }
                    None => w.leaf("ram:BilledQuantity", &[], &q.to_string()),
                }
            }
        });
        w.element("ram:SpecifiedLineTradeSettlement", &[], |w| {
            w.element("ram:ApplicableTradeTax", &[], |w| {
                w.leaf("ram:TypeCode", &[], "VAT");
                w.opt("ram:CategoryCode", l.vat.category_code.as_deref());
                number(w, "ram:RateApplicablePercent", l.vat.rate);
            });
            if let Some(p) = &l.period {
                period(w, p);
            }
            for a in &l.allowances {
                allowance_charge(w, false, a);
            }
            for c in &l.charges {
                allowance_charge(w, true, c);
            }
            w.element("ram:SpecifiedTradeSettlementLineMonetarySummation", &[], |w| {
                number(w, "ram:LineTotalAmount", l.net_amount);
            });
            if let Some(o) = &l.object_identifier {
                w.element("ram:AdditionalReferencedDocument", &[], |w| {
                    w.leaf("ram:IssuerAssignedID", &[], &o.value);
                    w.leaf("ram:TypeCode", &[], "130");
                    w.opt("ram:ReferenceTypeCode", o.scheme.as_deref());
                });
            }
            text_in(
                w,
                "ram:ReceivableSpecifiedTradeAccountingAccount",
                "ram:ID",
                l.accounting_reference.as_deref(),
            );
        });
    });
}
