//! UBL 2.1 into the model.

use std::sync::Arc;

use crate::lecture::ErreurLecture;
use crate::lecture::noeuds::{Lecteur, Ns, UBL_CREDIT_NOTE, UBL_INVOICE, set, set_opt, totaux_tva};
use crate::modele::{
    Address, AllowanceCharge, BinaryObject, Classification, Contact, CreditTransfer, Delivery,
    DirectDebit, Facture, Identifier, Item, ItemAttribute, Line, Note, Party, Payee, PaymentCard,
    PaymentInstructions, Period, PrecedingInvoice, PriceDetails, SupportingDocument,
    TaxRepresentative, Totals, VatBreakdown, non_empty,
};
use crate::xml::{Document, NodeId};

type R<T> = Result<T, ErreurLecture>;

/// Reads a UBL `Invoice` or `CreditNote`.
pub fn lire(doc: &Document<'_>) -> R<Facture> {
    let root = doc.root();
    let credit_note = match (doc.namespace(root), doc.local_name(root)) {
        (UBL_INVOICE, "Invoice") => false,
        (UBL_CREDIT_NOTE, "CreditNote") => true,
        _ => return Err(crate::lecture::racine_inattendue(doc, "UBL Invoice, UBL CreditNote")),
    };
    let l = Lecteur::new(doc);
    let mut f = Facture::default();
    let mut pay = PaymentInstructions::default();
    let mut debit = DirectDebit::default();
    // TaxTotals are told apart once the currencies are known: (amount, currencyID, subtotals).
    let mut tax_totals = Vec::new();
    for (c, ns, local) in l.enfants(root) {
        match (ns, local) {
            (Ns::Cbc, "CustomizationID") => set(&mut f.specification_identifier, l.texte(c)),
            (Ns::Cbc, "ProfileID") => set(&mut f.business_process_type, l.texte(c)),
            (Ns::Cbc, "ID") => set(&mut f.invoice_number, l.texte(c)),
            (Ns::Cbc, "IssueDate") => set(&mut f.issue_date, l.date_iso(c)?),
            (Ns::Cbc, "DueDate") => set(&mut f.payment_due_date, l.date_iso(c)?),
            (Ns::Cbc, "InvoiceTypeCode" | "CreditNoteTypeCode") => {
                set(&mut f.type_code, l.texte(c));
            }
            (Ns::Cbc, "Note") => f.notes.push(note(l.texte(c))),
            (Ns::Cbc, "TaxPointDate") => set(&mut f.vat_point_date, l.date_iso(c)?),
            (Ns::Cbc, "DocumentCurrencyCode") => set(&mut f.currency_code, l.texte(c)),
            (Ns::Cbc, "TaxCurrencyCode") => set(&mut f.vat_accounting_currency_code, l.texte(c)),
            (Ns::Cbc, "AccountingCost") => set(&mut f.buyer_accounting_reference, l.texte(c)),
            (Ns::Cbc, "BuyerReference") => set(&mut f.buyer_reference, l.texte(c)),
            (Ns::Cac, "InvoicePeriod") => {
                if let Some(code) = l.enfant(c, Ns::Cbc, "DescriptionCode") {
                    set(&mut f.vat_point_date_code, l.texte(code));
                }
                if f.invoicing_period.is_none() {
                    f.invoicing_period = period(&l, c)?;
                }
            }
            (Ns::Cac, "OrderReference") => {
                let sales = l.enfant(c, Ns::Cbc, "SalesOrderID").map(|s| l.texte(s));
                // A sales order reference alone is written with the order ID "NA" (UBL
                // requires an ID).
                let order = l.enfant(c, Ns::Cbc, "ID").map(|s| l.texte(s));
                let order = order.filter(|o| !(o == "NA" && sales.is_some()));
                f.purchase_order_reference = f.purchase_order_reference.take().or(order);
                f.sales_order_reference = f.sales_order_reference.take().or(sales);
            }
            (Ns::Cac, "BillingReference") => {
                if let Some(r) = l.enfant(c, Ns::Cac, "InvoiceDocumentReference") {
                    let mut p = PrecedingInvoice::default();
                    for (g, ns, local) in l.enfants(r) {
                        match (ns, local) {
                            (Ns::Cbc, "ID") => set(&mut p.reference, l.texte(g)),
                            (Ns::Cbc, "IssueDate") => set(&mut p.issue_date, l.date_iso(g)?),
                            _ => {}
                        }
                    }
                    f.preceding_invoices.push(p);
                }
            }
            (Ns::Cac, "DespatchDocumentReference") => {
                set_opt(&mut f.despatch_advice_reference, id(&l, c));
            }
            (Ns::Cac, "ReceiptDocumentReference") => {
                set_opt(&mut f.receiving_advice_reference, id(&l, c));
            }
            (Ns::Cac, "OriginatorDocumentReference") => {
                set_opt(&mut f.tender_or_lot_reference, id(&l, c));
            }
            (Ns::Cac, "ContractDocumentReference") => {
                set_opt(&mut f.contract_reference, id(&l, c));
            }
            (Ns::Cac, "ProjectReference") => set_opt(&mut f.project_reference, id(&l, c)),
            (Ns::Cac, "AdditionalDocumentReference") => {
                let code = l.enfant(c, Ns::Cbc, "DocumentTypeCode").map(|t| l.texte_cow(t));
                match code.as_deref().map(str::trim) {
                    Some("130") => {
                        if f.invoiced_object_identifier.is_none() {
                            f.invoiced_object_identifier =
                                l.enfant(c, Ns::Cbc, "ID").map(|i| identifier(&l, i));
                        }
                    }
                    // A credit note has no ProjectReference: EN 16931 puts BT-11 here.
                    Some("50") if credit_note => set_opt(&mut f.project_reference, id(&l, c)),
                    _ => f.supporting_documents.push(supporting_document(&l, c)),
                }
            }
            (Ns::Cac, "AccountingSupplierParty") => {
                if let Some(p) = l.enfant(c, Ns::Cac, "Party") {
                    f.seller = party(&l, p, &mut debit.creditor_identifier)?;
                }
            }
            (Ns::Cac, "AccountingCustomerParty") => {
                if let Some(p) = l.enfant(c, Ns::Cac, "Party") {
                    f.buyer = party(&l, p, &mut None)?;
                }
            }
            (Ns::Cac, "PayeeParty") => {
                f.payee = non_empty(payee(&l, c, &mut debit.creditor_identifier));
            }
            (Ns::Cac, "TaxRepresentativeParty") => {
                f.seller_tax_representative = non_empty(tax_representative(&l, c)?);
            }
            (Ns::Cac, "Delivery") if f.delivery.is_none() => {
                f.delivery = non_empty(delivery(&l, c)?);
            }
            (Ns::Cac, "PaymentMeans") => {
                payment_means(&l, c, &mut pay, &mut debit)?;
                let due = l.enfant(c, Ns::Cbc, "PaymentDueDate").filter(|_| credit_note);
                if let Some(d) = due {
                    set(&mut f.payment_due_date, l.date_iso(d)?);
                }
            }
            (Ns::Cac, "PaymentTerms") => {
                if let Some(n) = l.enfant(c, Ns::Cbc, "Note") {
                    set(&mut f.payment_terms, l.texte(n));
                }
            }
            (Ns::Cac, "AllowanceCharge") => {
                let (charge, ac) = allowance_charge(&l, c)?;
                if charge { f.charges.push(ac) } else { f.allowances.push(ac) }
            }
            (Ns::Cac, "TaxTotal") => tax_totals.extend(tax_total(&l, c, &mut f.vat_breakdown)?),
            (Ns::Cac, "LegalMonetaryTotal") => f.totals = totals(&l, c)?,
            (Ns::Cac, "InvoiceLine" | "CreditNoteLine") => f.lines.push(line(&l, c)?),
            _ => {}
        }
    }
    totaux_tva(&mut f, tax_totals);
    pay.direct_debit = non_empty(debit);
    f.payment_instructions = non_empty(pay);
    Ok(f)
}

/// EN 16931-3-2 writes BT-21 before the note's text as `#CODE#` (a three-letter UNTDID 4451
/// code).
pub(super) fn note(text: String) -> Note {
    let b = text.as_bytes();
    if b.len() >= 5 && b[0] == b'#' && b[4] == b'#' && b[1..4].iter().all(u8::is_ascii_alphabetic) {
        Note { subject_code: Some(text[1..4].to_owned()), text: text[5..].to_owned() }
    } else {
        Note { subject_code: None, text }
    }
}

fn id(l: &Lecteur<'_, '_>, n: NodeId) -> Option<String> {
    l.enfant(n, Ns::Cbc, "ID").map(|i| l.texte(i))
}

fn identifier(l: &Lecteur<'_, '_>, n: NodeId) -> Identifier {
    Identifier { value: l.texte(n), scheme: l.attribut(n, "schemeID") }
}

fn boolean(l: &Lecteur<'_, '_>, n: NodeId) -> R<bool> {
    let text = l.texte_cow(n);
    match text.trim() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(l.erreur(n, &text, "a boolean", "true or false")),
    }
}

fn period(l: &Lecteur<'_, '_>, n: NodeId) -> R<Option<Period>> {
    let mut p = Period::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cbc, "StartDate") => set(&mut p.start_date, l.date_iso(c)?),
            (Ns::Cbc, "EndDate") => set(&mut p.end_date, l.date_iso(c)?),
            _ => {}
        }
    }
    Ok(non_empty(p))
}

fn supporting_document(l: &Lecteur<'_, '_>, n: NodeId) -> SupportingDocument {
    let mut d = SupportingDocument::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cbc, "ID") => set(&mut d.reference, l.texte(c)),
            (Ns::Cbc, "DocumentDescription") => set(&mut d.description, l.texte(c)),
            (Ns::Cac, "Attachment") => {
                for (a, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Cbc, "EmbeddedDocumentBinaryObject") => {
                            d.attachment = Some(BinaryObject {
                                content: Arc::from(&*l.texte_cow(a)),
                                mime_code: l.attribut(a, "mimeCode"),
                                filename: l.attribut(a, "filename"),
                            });
                        }
                        (Ns::Cac, "ExternalReference") => {
                            if let Some(u) = l.enfant(a, Ns::Cbc, "URI") {
                                set(&mut d.external_location, l.texte(u));
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    d
}

/// A seller's or buyer's `cac:Party`; a `SEPA` identifier is BT-90, not BT-29.
fn party(l: &Lecteur<'_, '_>, n: NodeId, sepa: &mut Option<String>) -> R<Party> {
    let mut p = Party::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cbc, "EndpointID") => set(&mut p.electronic_address, identifier(l, c)),
            (Ns::Cac, "PartyIdentification") => {
                if let Some(i) = l.enfant(c, Ns::Cbc, "ID") {
                    let i = identifier(l, i);
                    if i.scheme.as_deref() == Some("SEPA") {
                        set(sepa, i.value);
                    } else {
                        p.identifiers.push(i);
                    }
                }
            }
            (Ns::Cac, "PartyName") => {
                if let Some(name) = l.enfant(c, Ns::Cbc, "Name") {
                    set(&mut p.trading_name, l.texte(name));
                }
            }
            (Ns::Cac, "PostalAddress") => set_opt(&mut p.postal_address, address(l, c)),
            (Ns::Cac, "PartyTaxScheme") => {
                let scheme = l.enfant(c, Ns::Cac, "TaxScheme").and_then(|s| id(l, s));
                if let Some(company) = l.enfant(c, Ns::Cbc, "CompanyID") {
                    if scheme.as_deref().map(str::trim) == Some("VAT") {
                        set(&mut p.vat_identifier, l.texte(company));
                    } else {
                        set(&mut p.tax_registration_identifier, l.texte(company));
                    }
                }
            }
            (Ns::Cac, "PartyLegalEntity") => {
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Cbc, "RegistrationName") => set(&mut p.name, l.texte(e)),
                        (Ns::Cbc, "CompanyID") => {
                            set(&mut p.legal_registration_identifier, identifier(l, e));
                        }
                        (Ns::Cbc, "CompanyLegalForm") => {
                            set(&mut p.additional_legal_information, l.texte(e));
                        }
                        _ => {}
                    }
                }
            }
            (Ns::Cac, "Contact") => {
                let mut k = Contact::default();
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Cbc, "Name") => set(&mut k.point, l.texte(e)),
                        (Ns::Cbc, "Telephone") => set(&mut k.telephone, l.texte(e)),
                        (Ns::Cbc, "ElectronicMail") => set(&mut k.email, l.texte(e)),
                        _ => {}
                    }
                }
                set_opt(&mut p.contact, non_empty(k));
            }
            _ => {}
        }
    }
    // CII writes identifiers without a scheme first: one order for both.
    p.identifiers.sort_by_key(|i| i.scheme.is_some());
    Ok(p)
}

fn address(l: &Lecteur<'_, '_>, n: NodeId) -> Option<Address> {
    let mut a = Address::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cbc, "StreetName") => set(&mut a.line_one, l.texte(c)),
            (Ns::Cbc, "AdditionalStreetName") => set(&mut a.line_two, l.texte(c)),
            (Ns::Cbc, "CityName") => set(&mut a.city, l.texte(c)),
            (Ns::Cbc, "PostalZone") => set(&mut a.post_code, l.texte(c)),
            (Ns::Cbc, "CountrySubentity") => set(&mut a.country_subdivision, l.texte(c)),
            (Ns::Cac, "AddressLine") => {
                if let Some(line) = l.enfant(c, Ns::Cbc, "Line") {
                    set(&mut a.line_three, l.texte(line));
                }
            }
            (Ns::Cac, "Country") => {
                if let Some(code) = l.enfant(c, Ns::Cbc, "IdentificationCode") {
                    set(&mut a.country_code, l.texte(code));
                }
            }
            _ => {}
        }
    }
    non_empty(a)
}

fn payee(l: &Lecteur<'_, '_>, n: NodeId, sepa: &mut Option<String>) -> Payee {
    let mut p = Payee::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cac, "PartyIdentification") => {
                if let Some(i) = l.enfant(c, Ns::Cbc, "ID") {
                    let i = identifier(l, i);
                    if i.scheme.as_deref() == Some("SEPA") {
                        set(sepa, i.value);
                    } else {
                        set(&mut p.identifier, i);
                    }
                }
            }
            (Ns::Cac, "PartyName") => {
                set_opt(&mut p.name, l.enfant(c, Ns::Cbc, "Name").map(|x| l.texte(x)))
            }
            (Ns::Cac, "PartyLegalEntity") => {
                if let Some(i) = l.enfant(c, Ns::Cbc, "CompanyID") {
                    set(&mut p.legal_registration_identifier, identifier(l, i));
                }
            }
            _ => {}
        }
    }
    p
}

fn tax_representative(l: &Lecteur<'_, '_>, n: NodeId) -> R<TaxRepresentative> {
    let mut t = TaxRepresentative::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cac, "PartyName") => {
                set_opt(&mut t.name, l.enfant(c, Ns::Cbc, "Name").map(|x| l.texte(x)))
            }
            (Ns::Cac, "PostalAddress") => set_opt(&mut t.postal_address, address(l, c)),
            (Ns::Cac, "PartyTaxScheme") => {
                set_opt(
                    &mut t.vat_identifier,
                    l.enfant(c, Ns::Cbc, "CompanyID").map(|x| l.texte(x)),
                );
            }
            _ => {}
        }
    }
    Ok(t)
}

fn delivery(l: &Lecteur<'_, '_>, n: NodeId) -> R<Delivery> {
    let mut d = Delivery::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cbc, "ActualDeliveryDate") => set(&mut d.actual_delivery_date, l.date_iso(c)?),
            (Ns::Cac, "DeliveryLocation") => {
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Cbc, "ID") => set(&mut d.location_identifier, identifier(l, e)),
                        (Ns::Cac, "Address") => set_opt(&mut d.address, address(l, e)),
                        _ => {}
                    }
                }
            }
            (Ns::Cac, "DeliveryParty") => {
                if let Some(name) = l.enfant(c, Ns::Cac, "PartyName") {
                    set_opt(&mut d.party_name, l.enfant(name, Ns::Cbc, "Name").map(|x| l.texte(x)));
                }
            }
            _ => {}
        }
    }
    Ok(d)
}

/// One `cac:PaymentMeans`: UBL repeats it for each account, with the same code and remittance
/// information.
fn payment_means(
    l: &Lecteur<'_, '_>,
    n: NodeId,
    pay: &mut PaymentInstructions,
    debit: &mut DirectDebit,
) -> R<()> {
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cbc, "PaymentMeansCode") => {
                set(&mut pay.type_code, l.texte(c));
                set_opt(&mut pay.text, l.attribut(c, "name"));
            }
            (Ns::Cbc, "PaymentID") => set(&mut pay.remittance_information, l.texte(c)),
            (Ns::Cac, "CardAccount") => {
                let mut card = PaymentCard::default();
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Cbc, "PrimaryAccountNumberID") => {
                            set(&mut card.primary_account_number, l.texte(e));
                        }
                        (Ns::Cbc, "HolderName") => set(&mut card.holder_name, l.texte(e)),
                        _ => {}
                    }
                }
                set_opt(&mut pay.card, non_empty(card));
            }
            (Ns::Cac, "PayeeFinancialAccount") => {
                let mut t = CreditTransfer::default();
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Cbc, "ID") => set(&mut t.account_identifier, l.texte(e)),
                        (Ns::Cbc, "Name") => set(&mut t.account_name, l.texte(e)),
                        (Ns::Cac, "FinancialInstitutionBranch") => {
                            set_opt(&mut t.service_provider_identifier, id(l, e));
                        }
                        _ => {}
                    }
                }
                pay.credit_transfers.extend(non_empty(t));
            }
            (Ns::Cac, "PaymentMandate") => {
                set_opt(&mut debit.mandate_reference, id(l, c));
                if let Some(account) = l.enfant(c, Ns::Cac, "PayerFinancialAccount") {
                    set_opt(&mut debit.debited_account_identifier, id(l, account));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether it is a charge, and its terms.
fn allowance_charge(l: &Lecteur<'_, '_>, n: NodeId) -> R<(bool, AllowanceCharge)> {
    let mut charge = false;
    let mut a = AllowanceCharge::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cbc, "ChargeIndicator") => charge = boolean(l, c)?,
            (Ns::Cbc, "AllowanceChargeReasonCode") => set(&mut a.reason_code, l.texte(c)),
            (Ns::Cbc, "AllowanceChargeReason") => set(&mut a.reason, l.texte(c)),
            (Ns::Cbc, "MultiplierFactorNumeric") => set(&mut a.percentage, l.decimal(c)?),
            (Ns::Cbc, "Amount") => set(&mut a.amount, l.decimal(c)?),
            (Ns::Cbc, "BaseAmount") => set(&mut a.base_amount, l.decimal(c)?),
            (Ns::Cac, "TaxCategory") => {
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Cbc, "ID") => set(&mut a.vat_category_code, l.texte(e)),
                        (Ns::Cbc, "Percent") => set(&mut a.vat_rate, l.decimal(e)?),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok((charge, a))
}

/// A `cac:TaxTotal`'s amount and currency; its subtotals go to the VAT breakdown.
fn tax_total(
    l: &Lecteur<'_, '_>,
    n: NodeId,
    breakdown: &mut Vec<VatBreakdown>,
) -> R<Option<(rust_decimal::Decimal, Option<String>)>> {
    let mut amount = None;
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cbc, "TaxAmount") => {
                set(&mut amount, (l.decimal(c)?, l.attribut(c, "currencyID")));
            }
            (Ns::Cac, "TaxSubtotal") => {
                let mut v = VatBreakdown::default();
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Cbc, "TaxableAmount") => set(&mut v.taxable_amount, l.decimal(e)?),
                        (Ns::Cbc, "TaxAmount") => set(&mut v.tax_amount, l.decimal(e)?),
                        (Ns::Cac, "TaxCategory") => {
                            for (g, ns, local) in l.enfants(e) {
                                match (ns, local) {
                                    (Ns::Cbc, "ID") => set(&mut v.category_code, l.texte(g)),
                                    (Ns::Cbc, "Percent") => set(&mut v.rate, l.decimal(g)?),
                                    (Ns::Cbc, "TaxExemptionReasonCode") => {
                                        set(&mut v.exemption_reason_code, l.texte(g));
                                    }
                                    (Ns::Cbc, "TaxExemptionReason") => {
                                        set(&mut v.exemption_reason, l.texte(g));
                                    }
                                    _ => {}
                                }
                            }
                        }
                        _ => {}
                    }
                }
                breakdown.push(v);
            }
            _ => {}
        }
    }
    Ok(amount)
}

fn totals(l: &Lecteur<'_, '_>, n: NodeId) -> R<Totals> {
    let mut t = Totals::default();
    for (c, ns, local) in l.enfants(n) {
        let slot = match (ns, local) {
            (Ns::Cbc, "LineExtensionAmount") => &mut t.line_net_total,
            (Ns::Cbc, "TaxExclusiveAmount") => &mut t.total_without_vat,
            (Ns::Cbc, "TaxInclusiveAmount") => &mut t.total_with_vat,
            (Ns::Cbc, "AllowanceTotalAmount") => &mut t.allowance_total,
            (Ns::Cbc, "ChargeTotalAmount") => &mut t.charge_total,
            (Ns::Cbc, "PrepaidAmount") => &mut t.paid_amount,
            (Ns::Cbc, "PayableRoundingAmount") => &mut t.rounding_amount,
            (Ns::Cbc, "PayableAmount") => &mut t.amount_due,
            _ => continue,
        };
        set(slot, l.decimal(c)?);
    }
    Ok(t)
}

fn line(l: &Lecteur<'_, '_>, n: NodeId) -> R<Line> {
    let mut line = Line::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cbc, "ID") => set(&mut line.id, l.texte(c)),
            (Ns::Cbc, "Note") => set(&mut line.note, l.texte(c)),
            (Ns::Cbc, "InvoicedQuantity" | "CreditedQuantity") => {
                set(&mut line.quantity, l.decimal(c)?);
                set_opt(&mut line.unit_code, l.attribut(c, "unitCode"));
            }
            (Ns::Cbc, "LineExtensionAmount") => set(&mut line.net_amount, l.decimal(c)?),
            (Ns::Cbc, "AccountingCost") => set(&mut line.accounting_reference, l.texte(c)),
            (Ns::Cac, "InvoicePeriod") if line.period.is_none() => line.period = period(l, c)?,
            (Ns::Cac, "OrderLineReference") => {
                let id = l.enfant(c, Ns::Cbc, "LineID").map(|x| l.texte(x));
                set_opt(&mut line.order_line_reference, id);
            }
            (Ns::Cac, "DocumentReference") => {
                let id = l.enfant(c, Ns::Cbc, "ID").map(|x| identifier(l, x));
                set_opt(&mut line.object_identifier, id);
            }
            (Ns::Cac, "AllowanceCharge") => {
                let (charge, ac) = allowance_charge(l, c)?;
                if charge { line.charges.push(ac) } else { line.allowances.push(ac) }
            }
            (Ns::Cac, "Item") => item(l, c, &mut line)?,
            (Ns::Cac, "Price") => line.price = price(l, c)?,
            _ => {}
        }
    }
    Ok(line)
}

fn item(l: &Lecteur<'_, '_>, n: NodeId, line: &mut Line) -> R<()> {
    let i: &mut Item = &mut line.item;
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cbc, "Description") => set(&mut i.description, l.texte(c)),
            (Ns::Cbc, "Name") => set(&mut i.name, l.texte(c)),
            (Ns::Cac, "BuyersItemIdentification") => set_opt(&mut i.buyers_identifier, id(l, c)),
            (Ns::Cac, "SellersItemIdentification") => {
                set_opt(&mut i.sellers_identifier, id(l, c));
            }
            (Ns::Cac, "StandardItemIdentification") => {
                let id = l.enfant(c, Ns::Cbc, "ID").map(|x| identifier(l, x));
                set_opt(&mut i.standard_identifier, id);
            }
            (Ns::Cac, "OriginCountry") => {
                let code = l.enfant(c, Ns::Cbc, "IdentificationCode").map(|x| l.texte(x));
                set_opt(&mut i.origin_country, code);
            }
            (Ns::Cac, "CommodityClassification") => {
                if let Some(code) = l.enfant(c, Ns::Cbc, "ItemClassificationCode") {
                    i.classifications.push(Classification {
                        code: l.texte(code),
                        list_id: l.attribut(code, "listID"),
                        list_version_id: l.attribut(code, "listVersionID"),
                    });
                }
            }
            (Ns::Cac, "ClassifiedTaxCategory") => {
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Cbc, "ID") => set(&mut line.vat.category_code, l.texte(e)),
                        (Ns::Cbc, "Percent") => set(&mut line.vat.rate, l.decimal(e)?),
                        _ => {}
                    }
                }
            }
            (Ns::Cac, "AdditionalItemProperty") => {
                i.attributes.push(ItemAttribute {
                    name: l.enfant(c, Ns::Cbc, "Name").map(|x| l.texte(x)),
                    value: l.enfant(c, Ns::Cbc, "Value").map(|x| l.texte(x)),
                });
            }
            _ => {}
        }
    }
    Ok(())
}

fn price(l: &Lecteur<'_, '_>, n: NodeId) -> R<PriceDetails> {
    let mut p = PriceDetails::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Cbc, "PriceAmount") => set(&mut p.net_price, l.decimal(c)?),
            (Ns::Cbc, "BaseQuantity") => {
                set(&mut p.base_quantity, l.decimal(c)?);
                set_opt(&mut p.base_quantity_unit_code, l.attribut(c, "unitCode"));
            }
            (Ns::Cac, "AllowanceCharge") => {
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Cbc, "Amount") => set(&mut p.discount, l.decimal(e)?),
                        (Ns::Cbc, "BaseAmount") => set(&mut p.gross_price, l.decimal(e)?),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    // UBL must write a discount whenever it writes a gross price: a zero one is none.
    p.discount = p.discount.filter(|d| !d.is_zero());
    Ok(p)
}
