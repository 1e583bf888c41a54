//! The model into UBL 2.1, elements in the order of the UBL 2.1 schemas.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::est_avoir;
use crate::lecture::noeuds::{CAC, CBC, UBL_CREDIT_NOTE, UBL_INVOICE};
use crate::modele::{
    Address, AllowanceCharge, Facture, Identifier, Line, Party, PaymentInstructions, Period,
};
use crate::xml::ecriture::Ecrivain;

/// Writes an `Invoice`, or a `CreditNote` for the credit note type codes (381, …).
pub fn ecrire(f: &Facture) -> String {
    let credit_note = est_avoir(f.type_code.as_deref());
    let (root, namespace) =
        if credit_note { ("CreditNote", UBL_CREDIT_NOTE) } else { ("Invoice", UBL_INVOICE) };
    let attachments: usize = f
        .supporting_documents
        .iter()
        .filter_map(|d| d.attachment.as_ref())
        .map(|a| a.content.len())
        .sum();
    let mut w = Ecrivain::new(8_192 + 2_048 * f.lines.len() + attachments);
    let x = U { f, cur: f.currency_code.as_deref().unwrap_or_default(), credit_note };
    w.element(root, &[("xmlns", namespace), ("xmlns:cac", CAC), ("xmlns:cbc", CBC)], |w| {
        x.document(w)
    });
    w.finish()
}

struct U<'f> {
    f: &'f Facture,
    /// BT-5: UBL gives every amount its currency.
    cur: &'f str,
    credit_note: bool,
}

fn date(w: &mut Ecrivain, name: &str, d: Option<NaiveDate>) {
    if let Some(d) = d {
        w.leaf(name, &[], &d.format("%Y-%m-%d").to_string());
    }
}

fn id(w: &mut Ecrivain, name: &str, i: Option<&Identifier>) {
    if let Some(i) = i {
        match &i.scheme {
            Some(s) => w.leaf(name, &[("schemeID", s)], &i.value),
            None => w.leaf(name, &[], &i.value),
        }
    }
}

/// An aggregate holding one `cbc:ID`, when there is a value.
fn id_in(w: &mut Ecrivain, aggregate: &str, value: Option<&str>) {
    if let Some(v) = value {
        w.element(aggregate, &[], |w| w.leaf("cbc:ID", &[], v));
    }
}

fn number(w: &mut Ecrivain, name: &str, d: Option<Decimal>) {
    if let Some(d) = d {
        w.leaf(name, &[], &d.to_string());
    }
}

fn tax_scheme(w: &mut Ecrivain, scheme: &str) {
    w.element("cac:TaxScheme", &[], |w| w.leaf("cbc:ID", &[], scheme));
}

impl U<'_> {
    fn amount(&self, w: &mut Ecrivain, name: &str, d: Option<Decimal>) {
        if let Some(d) = d {
            w.leaf(name, &[("currencyID", self.cur)], &d.to_string());
        }
    }

    fn document(&self, w: &mut Ecrivain) {
        let f = self.f;
        w.opt("cbc:CustomizationID", f.specification_identifier.as_deref());
        w.opt("cbc:ProfileID", f.business_process_type.as_deref());
        w.opt("cbc:ID", f.invoice_number.as_deref());
        date(w, "cbc:IssueDate", f.issue_date);
        if self.credit_note {
            date(w, "cbc:TaxPointDate", f.vat_point_date);
            w.opt("cbc:CreditNoteTypeCode", f.type_code.as_deref());
        } else {
            date(w, "cbc:DueDate", f.payment_due_date);
            w.opt("cbc:InvoiceTypeCode", f.type_code.as_deref());
        }
        for n in &f.notes {
            match &n.subject_code {
                Some(code) => w.leaf("cbc:Note", &[], &format!("#{code}#{}", n.text)),
                None => w.leaf("cbc:Note", &[], &n.text),
            }
        }
        if !self.credit_note {
            date(w, "cbc:TaxPointDate", f.vat_point_date);
        }
        w.opt("cbc:DocumentCurrencyCode", f.currency_code.as_deref());
        w.opt("cbc:TaxCurrencyCode", f.vat_accounting_currency_code.as_deref());
        w.opt("cbc:AccountingCost", f.buyer_accounting_reference.as_deref());
        w.opt("cbc:BuyerReference", f.buyer_reference.as_deref());
        if f.invoicing_period.is_some() || f.vat_point_date_code.is_some() {
            period(w, f.invoicing_period.as_ref(), f.vat_point_date_code.as_deref());
        }
        if f.purchase_order_reference.is_some() || f.sales_order_reference.is_some() {
            w.element("cac:OrderReference", &[], |w| {
                w.leaf("cbc:ID", &[], f.purchase_order_reference.as_deref().unwrap_or("NA"));
                w.opt("cbc:SalesOrderID", f.sales_order_reference.as_deref());
            });
        }
        for p in &f.preceding_invoices {
            w.element("cac:BillingReference", &[], |w| {
                w.element("cac:InvoiceDocumentReference", &[], |w| {
                    w.opt("cbc:ID", p.reference.as_deref());
                    date(w, "cbc:IssueDate", p.issue_date);
                });
            });
        }
        id_in(w, "cac:DespatchDocumentReference", f.despatch_advice_reference.as_deref());
        id_in(w, "cac:ReceiptDocumentReference", f.receiving_advice_reference.as_deref());
        if self.credit_note {
            id_in(w, "cac:ContractDocumentReference", f.contract_reference.as_deref());
            self.additional_documents(w);
            id_in(w, "cac:OriginatorDocumentReference", f.tender_or_lot_reference.as_deref());
        } else {
            id_in(w, "cac:OriginatorDocumentReference", f.tender_or_lot_reference.as_deref());
            id_in(w, "cac:ContractDocumentReference", f.contract_reference.as_deref());
            self.additional_documents(w);
            id_in(w, "cac:ProjectReference", f.project_reference.as_deref());
        }
        let creditor = f
            .payment_instructions
            .as_ref()
            .and_then(|p| p.direct_debit.as_ref())
            .and_then(|d| d.creditor_identifier.as_deref());
        // BT-90 goes with the payee when there is one, else with the seller.
        let (seller_sepa, payee_sepa) =
            if f.payee.is_some() { (None, creditor) } else { (creditor, None) };
        w.element("cac:AccountingSupplierParty", &[], |w| party(w, &f.seller, seller_sepa));
        w.element("cac:AccountingCustomerParty", &[], |w| party(w, &f.buyer, None));
        if let Some(p) = &f.payee {
            w.element("cac:PayeeParty", &[], |w| {
                if let Some(i) = &p.identifier {
                    w.element("cac:PartyIdentification", &[], |w| id(w, "cbc:ID", Some(i)));
                }
                if let Some(sepa) = payee_sepa {
                    w.element("cac:PartyIdentification", &[], |w| {
                        w.leaf("cbc:ID", &[("schemeID", "SEPA")], sepa);
                    });
                }
                if let Some(name) = &p.name {
                    w.element("cac:PartyName", &[], |w| w.leaf("cbc:Name", &[], name));
                }
                if let Some(i) = &p.legal_registration_identifier {
                    w.element("cac:PartyLegalEntity", &[], |w| id(w, "cbc:CompanyID", Some(i)));
                }
            });
        }
        if let Some(t) = &f.seller_tax_representative {
            w.element("cac:TaxRepresentativeParty", &[], |w| {
                if let Some(name) = &t.name {
                    w.element("cac:PartyName", &[], |w| w.leaf("cbc:Name", &[], name));
                }
                if let Some(a) = &t.postal_address {
                    address(w, "cac:PostalAddress", a);
                }
                if let Some(vat) = &t.vat_identifier {
                    w.element("cac:PartyTaxScheme", &[], |w| {
                        w.leaf("cbc:CompanyID", &[], vat);
                        tax_scheme(w, "VAT");
                    });
                }
            });
        }
        if let Some(d) = &f.delivery {
            w.element("cac:Delivery", &[], |w| {
                date(w, "cbc:ActualDeliveryDate", d.actual_delivery_date);
                if d.location_identifier.is_some() || d.address.is_some() {
                    w.element("cac:DeliveryLocation", &[], |w| {
                        id(w, "cbc:ID", d.location_identifier.as_ref());
                        if let Some(a) = &d.address {
                            address(w, "cac:Address", a);
                        }
                    });
                }
                if let Some(name) = &d.party_name {
                    w.element("cac:DeliveryParty", &[], |w| {
                        w.element("cac:PartyName", &[], |w| w.leaf("cbc:Name", &[], name));
                    });
                }
            });
        }
        if let Some(p) = &f.payment_instructions {
            self.payment_means(w, p);
        }
        if let Some(terms) = &f.payment_terms {
            w.element("cac:PaymentTerms", &[], |w| w.leaf("cbc:Note", &[], terms));
        }
        for a in &f.allowances {
            self.allowance_charge(w, false, a);
        }
        for c in &f.charges {
            self.allowance_charge(w, true, c);
        }
        if f.totals.total_vat.is_some() || !f.vat_breakdown.is_empty() {
            w.element("cac:TaxTotal", &[], |w| {
                // Mandatory in UBL, optional in EN 16931 (CII may omit it, e.g. with category
                // O): no VAT total is a zero one.
                let vat = f.totals.total_vat.unwrap_or_default();
                self.amount(w, "cbc:TaxAmount", Some(vat));
                for v in &f.vat_breakdown {
                    w.element("cac:TaxSubtotal", &[], |w| {
                        self.amount(w, "cbc:TaxableAmount", v.taxable_amount);
                        self.amount(w, "cbc:TaxAmount", v.tax_amount);
                        w.element("cac:TaxCategory", &[], |w| {
                            w.opt("cbc:ID", v.category_code.as_deref());
                            number(w, "cbc:Percent", v.rate);
                            w.opt("cbc:TaxExemptionReasonCode", v.exemption_reason_code.as_deref());
                            w.opt("cbc:TaxExemptionReason", v.exemption_reason.as_deref());
                            tax_scheme(w, "VAT");
                        });
                    });
                }
            });
        }
        if let Some(amount) = f.totals.total_vat_accounting_currency {
            let cur = f.vat_accounting_currency_code.as_deref().unwrap_or_default();
            w.element("cac:TaxTotal", &[], |w| {
                w.leaf("cbc:TaxAmount", &[("currencyID", cur)], &amount.to_string());
            });
        }
        let t = &f.totals;
        w.element("cac:LegalMonetaryTotal", &[], |w| {
            self.amount(w, "cbc:LineExtensionAmount", t.line_net_total);
            self.amount(w, "cbc:TaxExclusiveAmount", t.total_without_vat);
            self.amount(w, "cbc:TaxInclusiveAmount", t.total_with_vat);
            self.amount(w, "cbc:AllowanceTotalAmount", t.allowance_total);
            self.amount(w, "cbc:ChargeTotalAmount", t.charge_total);
            self.amount(w, "cbc:PrepaidAmount", t.paid_amount);
            self.amount(w, "cbc:PayableRoundingAmount", t.rounding_amount);
            self.amount(w, "cbc:PayableAmount", t.amount_due);
        });
        for l in &f.lines {
            self.line(w, l);
        }
    }

    /// BG-24, BT-18 (type code 130) and, in a credit note, BT-11 (type code 50).
    fn additional_documents(&self, w: &mut Ecrivain) {
        let f = self.f;
        for d in &f.supporting_documents {
            w.element("cac:AdditionalDocumentReference", &[], |w| {
                w.opt("cbc:ID", d.reference.as_deref());
                w.opt("cbc:DocumentDescription", d.description.as_deref());
                if d.attachment.is_some() || d.external_location.is_some() {
                    w.element("cac:Attachment", &[], |w| {
                        if let Some(a) = &d.attachment {
                            w.leaf("cbc:EmbeddedDocumentBinaryObject", &a.attributes(), &a.content);
                        }
                        if let Some(uri) = &d.external_location {
                            w.element("cac:ExternalReference", &[], |w| {
                                w.leaf("cbc:URI", &[], uri);
                            });
                        }
                    });
                }
            });
        }
        if let Some(i) = &f.invoiced_object_identifier {
            w.element("cac:AdditionalDocumentReference", &[], |w| {
                id(w, "cbc:ID", Some(i));
                w.leaf("cbc:DocumentTypeCode", &[], "130");
            });
        }
        if let Some(project) = f.project_reference.as_ref().filter(|_| self.credit_note) {
            w.element("cac:AdditionalDocumentReference", &[], |w| {
                w.leaf("cbc:ID", &[], project);
                w.leaf("cbc:DocumentTypeCode", &[], "50");
            });
        }
    }

    /// One `cac:PaymentMeans` per credit transfer account (UBL has one account per means),
    /// each with the code and remittance information.
    fn payment_means(&self, w: &mut Ecrivain, p: &PaymentInstructions) {
        let means = p.type_code.is_some()
            || p.text.is_some()
            || p.remittance_information.is_some()
            || !p.credit_transfers.is_empty()
            || p.card.is_some()
            || p.direct_debit.as_ref().is_some_and(|d| {
                d.mandate_reference.is_some() || d.debited_account_identifier.is_some()
            });
        if !means {
            return;
        }
        let count = p.credit_transfers.len().max(1);
        for i in 0..count {
            w.element("cac:PaymentMeans", &[], |w| {
                if let Some(code) = &p.type_code {
                    // UBL-SR-46: the payment means text (BT-82) once, on the first means.
                    match p.text.as_ref().filter(|_| i == 0) {
                        Some(text) => w.leaf("cbc:PaymentMeansCode", &[("name", text)], code),
                        None => w.leaf("cbc:PaymentMeansCode", &[], code),
                    }
                }
                if self.credit_note && i == 0 {
                    date(w, "cbc:PaymentDueDate", self.f.payment_due_date);
                }
                w.opt("cbc:PaymentID", p.remittance_information.as_deref());
                if let Some(card) = p.card.as_ref().filter(|_| i == 0) {
                    w.element("cac:CardAccount", &[], |w| {
                        w.opt("cbc:PrimaryAccountNumberID", card.primary_account_number.as_deref());
                        // Mandatory in UBL, absent from EN 16931.
                        w.leaf("cbc:NetworkID", &[], "NA");
                        w.opt("cbc:HolderName", card.holder_name.as_deref());
                    });
                }
                if let Some(t) = p.credit_transfers.get(i) {
                    w.element("cac:PayeeFinancialAccount", &[], |w| {
                        w.opt("cbc:ID", t.account_identifier.as_deref());
                        w.opt("cbc:Name", t.account_name.as_deref());
                        id_in(
                            w,
                            "cac:FinancialInstitutionBranch",
                            t.service_provider_identifier.as_deref(),
                        );
                    });
                }
                let mandate = p.direct_debit.as_ref().filter(|d| {
                    i == 0
                        && (d.mandate_reference.is_some() || d.debited_account_identifier.is_some())
                });
                if let Some(d) = mandate {
                    w.element("cac:PaymentMandate", &[], |w| {
                        w.opt("cbc:ID", d.mandate_reference.as_deref());
                        id_in(
                            w,
                            "cac:PayerFinancialAccount",
                            d.debited_account_identifier.as_deref(),
                        );
                    });
                }
            });
        }
    }

    fn allowance_charge(&self, w: &mut Ecrivain, charge: bool, a: &AllowanceCharge) {
        w.element("cac:AllowanceCharge", &[], |w| {
            w.leaf("cbc:ChargeIndicator", &[], if charge { "true" } else { "false" });
            w.opt("cbc:AllowanceChargeReasonCode", a.reason_code.as_deref());
            w.opt("cbc:AllowanceChargeReason", a.reason.as_deref());
            number(w, "cbc:MultiplierFactorNumeric", a.percentage);
            self.amount(w, "cbc:Amount", a.amount);
            self.amount(w, "cbc:BaseAmount", a.base_amount);
            if a.vat_category_code.is_some() || a.vat_rate.is_some() {
                w.element("cac:TaxCategory", &[], |w| {
                    w.opt("cbc:ID", a.vat_category_code.as_deref());
                    number(w, "cbc:Percent", a.vat_rate);
                    tax_scheme(w, "VAT");
                });
            }
        });
    }

    fn line(&self, w: &mut Ecrivain, l: &Line) {
        let (name, quantity) = if self.credit_note {
            ("cac:CreditNoteLine", "cbc:CreditedQuantity")
        } else {
            ("cac:InvoiceLine", "cbc:InvoicedQuantity")
        };
        w.element(name, &[], |w| {
            w.opt("cbc:ID", l.id.as_deref());
            w.opt("cbc:Note", l.note.as_deref());
            if let Some(q) = l.quantity {
                match &l.unit_code {
                    Some(unit) => w.leaf(quantity, &[("unitCode", unit)], &q.to_string()),
                    None => w.leaf(quantity, &[], &q.to_string()),
                }
            }
            self.amount(w, "cbc:LineExtensionAmount", l.net_amount);
            w.opt("cbc:AccountingCost", l.accounting_reference.as_deref());
            if let Some(p) = &l.period {
                period(w, Some(p), None);
            }
            if let Some(r) = &l.order_line_reference {
                w.element("cac:OrderLineReference", &[], |w| w.leaf("cbc:LineID", &[], r));
            }
            if let Some(o) = &l.object_identifier {
                w.element("cac:DocumentReference", &[], |w| {
                    id(w, "cbc:ID", Some(o));
                    w.leaf("cbc:DocumentTypeCode", &[], "130");
                });
            }
            for a in &l.allowances {
                self.allowance_charge(w, false, a);
            }
            for c in &l.charges {
                self.allowance_charge(w, true, c);
            }
            let i = &l.item;
            w.element("cac:Item", &[], |w| {
                w.opt("cbc:Description", i.description.as_deref());
                w.opt("cbc:Name", i.name.as_deref());
                id_in(w, "cac:BuyersItemIdentification", i.buyers_identifier.as_deref());
                id_in(w, "cac:SellersItemIdentification", i.sellers_identifier.as_deref());
                if let Some(s) = &i.standard_identifier {
                    w.element("cac:StandardItemIdentification", &[], |w| id(w, "cbc:ID", Some(s)));
                }
                if let Some(c) = &i.origin_country {
                    w.element("cac:OriginCountry", &[], |w| {
                        w.leaf("cbc:IdentificationCode", &[], c);
                    });
                }
                for c in &i.classifications {
                    let attributes = c.attributes();
                    w.element("cac:CommodityClassification", &[], |w| {
                        w.leaf("cbc:ItemClassificationCode", &attributes, &c.code);
                    });
                }
                w.element("cac:ClassifiedTaxCategory", &[], |w| {
                    w.opt("cbc:ID", l.vat.category_code.as_deref());
                    number(w, "cbc:Percent", l.vat.rate);
                    tax_scheme(w, "VAT");
                });
                for a in &i.attributes {
                    w.element("cac:AdditionalItemProperty", &[], |w| {
                        w.opt("cbc:Name", a.name.as_deref());
                        w.opt("cbc:Value", a.value.as_deref());
                    });
                }
            });
            let p = &l.price;
            w.element("cac:Price", &[], |w| {
                self.amount(w, "cbc:PriceAmount", p.net_price);
                if let Some(q) = p.base_quantity {
                    match &p.base_quantity_unit_code {
                        Some(unit) => {
                            w.leaf("cbc:BaseQuantity", &[("unitCode", unit)], &q.to_string())
                        }
                        None => w.leaf("cbc:BaseQuantity", &[], &q.to_string()),
                    }
                }
                if p.discount.is_some() || p.gross_price.is_some() {
                    w.element("cac:AllowanceCharge", &[], |w| {
                        w.leaf("cbc:ChargeIndicator", &[], "false");
                        // UBL requires the amount: no discount is a zero one.
                        self.amount(w, "cbc:Amount", Some(p.discount.unwrap_or_default()));
                        self.amount(w, "cbc:BaseAmount", p.gross_price);
                    });
                }
            });
        });
    }
}

fn period(w: &mut Ecrivain, p: Option<&Period>, code: Option<&str>) {
    w.element("cac:InvoicePeriod", &[], |w| {
        if let Some(p) = p {
            date(w, "cbc:StartDate", p.start_date);
            date(w, "cbc:EndDate", p.end_date);
        }
        w.opt("cbc:DescriptionCode", code);
    });
}

fn address(w: &mut Ecrivain, name: &str, a: &Address) {
    w.element(name, &[], |w| {
        w.opt("cbc:StreetName", a.line_one.as_deref());
        w.opt("cbc:AdditionalStreetName", a.line_two.as_deref());
        w.opt("cbc:CityName", a.city.as_deref());
        w.opt("cbc:PostalZone", a.post_code.as_deref());
        w.opt("cbc:CountrySubentity", a.country_subdivision.as_deref());
        if let Some(line) = &a.line_three {
            w.element("cac:AddressLine", &[], |w| w.leaf("cbc:Line", &[], line));
        }
        if let Some(c) = &a.country_code {
            w.element("cac:Country", &[], |w| w.leaf("cbc:IdentificationCode", &[], c));
        }
    });
}

fn party(w: &mut Ecrivain, p: &Party, sepa: Option<&str>) {
    w.element("cac:Party", &[], |w| {
        id(w, "cbc:EndpointID", p.electronic_address.as_ref());
        for i in &p.identifiers {
            w.element("cac:PartyIdentification", &[], |w| id(w, "cbc:ID", Some(i)));
        }
        if let Some(sepa) = sepa {
            w.element("cac:PartyIdentification", &[], |w| {
                w.leaf("cbc:ID", &[("schemeID", "SEPA")], sepa);
            });
        }
        if let Some(name) = &p.trading_name {
            w.element("cac:PartyName", &[], |w| w.leaf("cbc:Name", &[], name));
        }
        if let Some(a) = &p.postal_address {
            address(w, "cac:PostalAddress", a);
        }
        if let Some(vat) = &p.vat_identifier {
            w.element("cac:PartyTaxScheme", &[], |w| {
                w.leaf("cbc:CompanyID", &[], vat);
                tax_scheme(w, "VAT");
            });
        }
        if let Some(tax) = &p.tax_registration_identifier {
            w.element("cac:PartyTaxScheme", &[], |w| {
                w.leaf("cbc:CompanyID", &[], tax);
                tax_scheme(w, "TAX");
            });
        }
        let legal = p.name.is_some()
            || p.legal_registration_identifier.is_some()
            || p.additional_legal_information.is_some();
        if legal {
            w.element("cac:PartyLegalEntity", &[], |w| {
                w.opt("cbc:RegistrationName", p.name.as_deref());
                id(w, "cbc:CompanyID", p.legal_registration_identifier.as_ref());
                w.opt("cbc:CompanyLegalForm", p.additional_legal_information.as_deref());
            });
        }
        if let Some(c) = &p.contact {
            w.element("cac:Contact", &[], |w| {
                w.opt("cbc:Name", c.point.as_deref());
                w.opt("cbc:Telephone", c.telephone.as_deref());
                w.opt("cbc:ElectronicMail", c.email.as_deref());
            });
        }
    });
}
