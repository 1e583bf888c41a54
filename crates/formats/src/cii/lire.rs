//! CII D16B into the model.

use std::sync::Arc;

use crate::lecture::ErreurLecture;
use crate::lecture::noeuds::{Lecteur, Ns, RSM, set, set_opt, totaux_tva};
use crate::modele::{
    Address, AllowanceCharge, BinaryObject, Classification, Contact, CreditTransfer, Delivery,
    DirectDebit, Facture, Identifier, ItemAttribute, Line, Note, Party, Payee, PaymentCard,
    PaymentInstructions, Period, PrecedingInvoice, SupportingDocument, TaxRepresentative, Totals,
    VatBreakdown, non_empty,
};
use crate::xml::{Document, NodeId};

type R<T> = Result<T, ErreurLecture>;

/// Reads a `rsm:CrossIndustryInvoice`.
pub fn lire(doc: &Document<'_>) -> R<Facture> {
    let root = doc.root();
    if (doc.namespace(root), doc.local_name(root)) != (RSM, "CrossIndustryInvoice") {
        return Err(crate::lecture::racine_inattendue(doc, "CII CrossIndustryInvoice"));
    }
    let l = Lecteur::new(doc);
    let mut f = Facture::default();
    for (c, ns, local) in l.enfants(root) {
        match (ns, local) {
            (Ns::Rsm, "ExchangedDocumentContext") => {
                for (p, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "BusinessProcessSpecifiedDocumentContextParameter") => {
                            set_opt(&mut f.business_process_type, text(&l, p, "ID"));
                        }
                        (Ns::Ram, "GuidelineSpecifiedDocumentContextParameter") => {
                            set_opt(&mut f.specification_identifier, text(&l, p, "ID"));
                        }
                        _ => {}
                    }
                }
            }
            (Ns::Rsm, "ExchangedDocument") => {
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "ID") => set(&mut f.invoice_number, l.texte(e)),
                        (Ns::Ram, "TypeCode") => set(&mut f.type_code, l.texte(e)),
                        (Ns::Ram, "IssueDateTime") => set(&mut f.issue_date, l.date_102(e)?),
                        (Ns::Ram, "IncludedNote") => f.notes.push(Note {
                            subject_code: text(&l, e, "SubjectCode"),
                            text: text(&l, e, "Content").unwrap_or_default(),
                        }),
                        _ => {}
                    }
                }
            }
            (Ns::Rsm, "SupplyChainTradeTransaction") => transaction(&l, c, &mut f)?,
            _ => {}
        }
    }
    Ok(f)
}

/// The text of the first `ram:` child named `local`.
fn text(l: &Lecteur<'_, '_>, n: NodeId, local: &str) -> Option<String> {
    l.enfant(n, Ns::Ram, local).map(|c| l.texte(c))
}

fn identifier(l: &Lecteur<'_, '_>, n: NodeId) -> Identifier {
    Identifier { value: l.texte(n), scheme: l.attribut(n, "schemeID") }
}

/// A `ram:…ReferencedDocument`'s `IssuerAssignedID`.
fn reference(l: &Lecteur<'_, '_>, n: NodeId) -> Option<String> {
    text(l, n, "IssuerAssignedID")
}

/// BT-8: CII writes UNTDID 2475, the model UNTDID 2005 as UBL does.
pub(super) fn code_2005(code_2475: &str) -> String {
    match code_2475.trim() {
        "5" => "3".into(),
        "29" => "35".into(),
        "72" => "432".into(),
        _ => code_2475.to_owned(),
    }
}

fn transaction(l: &Lecteur<'_, '_>, n: NodeId, f: &mut Facture) -> R<()> {
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Ram, "IncludedSupplyChainTradeLineItem") => f.lines.push(line(l, c)?),
            (Ns::Ram, "ApplicableHeaderTradeAgreement") => agreement(l, c, f),
            (Ns::Ram, "ApplicableHeaderTradeDelivery") => delivery(l, c, f)?,
            (Ns::Ram, "ApplicableHeaderTradeSettlement") => settlement(l, c, f)?,
            _ => {}
        }
    }
    Ok(())
}

fn agreement(l: &Lecteur<'_, '_>, n: NodeId, f: &mut Facture) {
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Ram, "BuyerReference") => set(&mut f.buyer_reference, l.texte(c)),
            (Ns::Ram, "SellerTradeParty") => f.seller = party(l, c),
            (Ns::Ram, "BuyerTradeParty") => f.buyer = party(l, c),
            (Ns::Ram, "SellerTaxRepresentativeTradeParty") => {
                let mut t = TaxRepresentative::default();
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "Name") => set(&mut t.name, l.texte(e)),
                        (Ns::Ram, "PostalTradeAddress") => {
                            set_opt(&mut t.postal_address, address(l, e))
                        }
                        (Ns::Ram, "SpecifiedTaxRegistration") => {
                            set_opt(&mut t.vat_identifier, text(l, e, "ID"));
                        }
                        _ => {}
                    }
                }
                f.seller_tax_representative = non_empty(t);
            }
            (Ns::Ram, "SellerOrderReferencedDocument") => {
                set_opt(&mut f.sales_order_reference, reference(l, c));
            }
            (Ns::Ram, "BuyerOrderReferencedDocument") => {
                set_opt(&mut f.purchase_order_reference, reference(l, c));
            }
            (Ns::Ram, "ContractReferencedDocument") => {
                set_opt(&mut f.contract_reference, reference(l, c));
            }
            (Ns::Ram, "AdditionalReferencedDocument") => {
                match text(l, c, "TypeCode").as_deref().map(str::trim) {
                    Some("50") => set_opt(&mut f.tender_or_lot_reference, reference(l, c)),
                    Some("130") => {
                        if let Some(value) = reference(l, c) {
                            let scheme = text(l, c, "ReferenceTypeCode");
                            set(&mut f.invoiced_object_identifier, Identifier { value, scheme });
                        }
                    }
                    _ => f.supporting_documents.push(supporting_document(l, c)),
                }
            }
            (Ns::Ram, "SpecifiedProcuringProject") => {
                set_opt(&mut f.project_reference, text(l, c, "ID"));
            }
            _ => {}
        }
    }
}

fn supporting_document(l: &Lecteur<'_, '_>, n: NodeId) -> SupportingDocument {
    let mut d = SupportingDocument::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Ram, "IssuerAssignedID") => set(&mut d.reference, l.texte(c)),
            (Ns::Ram, "URIID") => set(&mut d.external_location, l.texte(c)),
            (Ns::Ram, "Name") => set(&mut d.description, l.texte(c)),
            (Ns::Ram, "AttachmentBinaryObject") => set(
                &mut d.attachment,
                BinaryObject {
                    content: Arc::from(&*l.texte_cow(c)),
                    mime_code: l.attribut(c, "mimeCode"),
                    filename: l.attribut(c, "filename"),
                },
            ),
            _ => {}
        }
    }
    d
}

fn party(l: &Lecteur<'_, '_>, n: NodeId) -> Party {
    let mut p = Party::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Ram, "ID" | "GlobalID") => p.identifiers.push(identifier(l, c)),
            (Ns::Ram, "Name") => set(&mut p.name, l.texte(c)),
            (Ns::Ram, "Description") => set(&mut p.additional_legal_information, l.texte(c)),
            (Ns::Ram, "SpecifiedLegalOrganization") => {
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "ID") => {
                            set(&mut p.legal_registration_identifier, identifier(l, e))
                        }
                        (Ns::Ram, "TradingBusinessName") => set(&mut p.trading_name, l.texte(e)),
                        _ => {}
                    }
                }
            }
            (Ns::Ram, "DefinedTradeContact") => {
                let mut k = Contact::default();
                let mut department = None;
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "PersonName") => set(&mut k.point, l.texte(e)),
                        (Ns::Ram, "DepartmentName") => set(&mut department, l.texte(e)),
                        (Ns::Ram, "TelephoneUniversalCommunication") => {
                            set_opt(&mut k.telephone, text(l, e, "CompleteNumber"));
                        }
                        (Ns::Ram, "EmailURIUniversalCommunication") => {
                            set_opt(&mut k.email, text(l, e, "URIID"));
                        }
                        _ => {}
                    }
                }
                // BT-41 is a person or a department.
                k.point = k.point.or(department);
                set_opt(&mut p.contact, non_empty(k));
            }
            (Ns::Ram, "PostalTradeAddress") => set_opt(&mut p.postal_address, address(l, c)),
            (Ns::Ram, "URIUniversalCommunication") => {
                if let Some(uri) = l.enfant(c, Ns::Ram, "URIID") {
                    set(&mut p.electronic_address, identifier(l, uri));
                }
            }
            (Ns::Ram, "SpecifiedTaxRegistration") => {
                if let Some(id) = l.enfant(c, Ns::Ram, "ID") {
                    match l.doc.attribute(id, "schemeID").map(str::trim) {
                        Some("VA") => set(&mut p.vat_identifier, l.texte(id)),
                        _ => set(&mut p.tax_registration_identifier, l.texte(id)),
                    }
                }
            }
            _ => {}
        }
    }
    p.identifiers.sort_by_key(|i| i.scheme.is_some());
    p
}

fn address(l: &Lecteur<'_, '_>, n: NodeId) -> Option<Address> {
    let mut a = Address::default();
    for (c, ns, local) in l.enfants(n) {
        let slot = match (ns, local) {
            (Ns::Ram, "PostcodeCode") => &mut a.post_code,
            (Ns::Ram, "LineOne") => &mut a.line_one,
            (Ns::Ram, "LineTwo") => &mut a.line_two,
            (Ns::Ram, "LineThree") => &mut a.line_three,
            (Ns::Ram, "CityName") => &mut a.city,
            (Ns::Ram, "CountryID") => &mut a.country_code,
            (Ns::Ram, "CountrySubDivisionName") => &mut a.country_subdivision,
            _ => continue,
        };
        set(slot, l.texte(c));
    }
    non_empty(a)
}

fn delivery(l: &Lecteur<'_, '_>, n: NodeId, f: &mut Facture) -> R<()> {
    let mut d = Delivery::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Ram, "ShipToTradeParty") => {
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "ID" | "GlobalID") => {
                            set(&mut d.location_identifier, identifier(l, e))
                        }
                        (Ns::Ram, "Name") => set(&mut d.party_name, l.texte(e)),
                        (Ns::Ram, "PostalTradeAddress") => set_opt(&mut d.address, address(l, e)),
                        _ => {}
                    }
                }
            }
            (Ns::Ram, "ActualDeliverySupplyChainEvent") => {
                if let Some(o) = l.enfant(c, Ns::Ram, "OccurrenceDateTime") {
                    set(&mut d.actual_delivery_date, l.date_102(o)?);
                }
            }
            (Ns::Ram, "DespatchAdviceReferencedDocument") => {
                set_opt(&mut f.despatch_advice_reference, reference(l, c));
            }
            (Ns::Ram, "ReceivingAdviceReferencedDocument") => {
                set_opt(&mut f.receiving_advice_reference, reference(l, c));
            }
            _ => {}
        }
    }
    f.delivery = non_empty(d);
    Ok(())
}

fn decimal(l: &Lecteur<'_, '_>, n: NodeId, local: &str) -> R<Option<rust_decimal::Decimal>> {
    l.enfant(n, Ns::Ram, local).map(|c| l.decimal(c)).transpose()
}

fn settlement(l: &Lecteur<'_, '_>, n: NodeId, f: &mut Facture) -> R<()> {
    let mut pay = PaymentInstructions::default();
    let mut debit = DirectDebit::default();
    let mut tax_totals = Vec::new();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Ram, "CreditorReferenceID") => set(&mut debit.creditor_identifier, l.texte(c)),
            (Ns::Ram, "PaymentReference") => set(&mut pay.remittance_information, l.texte(c)),
            (Ns::Ram, "TaxCurrencyCode") => set(&mut f.vat_accounting_currency_code, l.texte(c)),
            (Ns::Ram, "InvoiceCurrencyCode") => set(&mut f.currency_code, l.texte(c)),
            (Ns::Ram, "PayeeTradeParty") => {
                let mut p = Payee::default();
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "ID" | "GlobalID") => set(&mut p.identifier, identifier(l, e)),
                        (Ns::Ram, "Name") => set(&mut p.name, l.texte(e)),
                        (Ns::Ram, "SpecifiedLegalOrganization") => {
                            if let Some(id) = l.enfant(e, Ns::Ram, "ID") {
                                set(&mut p.legal_registration_identifier, identifier(l, id));
                            }
                        }
                        _ => {}
                    }
                }
                f.payee = non_empty(p);
            }
            (Ns::Ram, "SpecifiedTradeSettlementPaymentMeans") => {
                let mut transfer = CreditTransfer::default();
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "TypeCode") => set(&mut pay.type_code, l.texte(e)),
                        (Ns::Ram, "Information") => set(&mut pay.text, l.texte(e)),
                        (Ns::Ram, "ApplicableTradeSettlementFinancialCard") => {
                            let card = PaymentCard {
                                primary_account_number: text(l, e, "ID"),
                                holder_name: text(l, e, "CardholderName"),
                            };
                            set_opt(&mut pay.card, non_empty(card));
                        }
                        (Ns::Ram, "PayerPartyDebtorFinancialAccount") => {
                            set_opt(&mut debit.debited_account_identifier, text(l, e, "IBANID"));
                        }
                        (Ns::Ram, "PayeePartyCreditorFinancialAccount") => {
                            transfer.account_identifier =
                                text(l, e, "IBANID").or_else(|| text(l, e, "ProprietaryID"));
                            transfer.account_name = text(l, e, "AccountName");
                        }
                        (Ns::Ram, "PayeeSpecifiedCreditorFinancialInstitution") => {
                            transfer.service_provider_identifier = text(l, e, "BICID");
                        }
                        _ => {}
                    }
                }
                pay.credit_transfers.extend(non_empty(transfer));
            }
            (Ns::Ram, "ApplicableTradeTax") => {
                let mut v = VatBreakdown::default();
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "CalculatedAmount") => set(&mut v.tax_amount, l.decimal(e)?),
                        (Ns::Ram, "ExemptionReason") => set(&mut v.exemption_reason, l.texte(e)),
                        (Ns::Ram, "BasisAmount") => set(&mut v.taxable_amount, l.decimal(e)?),
                        (Ns::Ram, "CategoryCode") => set(&mut v.category_code, l.texte(e)),
                        (Ns::Ram, "ExemptionReasonCode") => {
                            set(&mut v.exemption_reason_code, l.texte(e));
                        }
                        (Ns::Ram, "TaxPointDate") => set(&mut f.vat_point_date, l.date_102(e)?),
                        (Ns::Ram, "DueDateTypeCode") => {
                            set(&mut f.vat_point_date_code, code_2005(&l.texte_cow(e)));
                        }
                        (Ns::Ram, "RateApplicablePercent") => set(&mut v.rate, l.decimal(e)?),
                        _ => {}
                    }
                }
                f.vat_breakdown.push(v);
            }
            (Ns::Ram, "BillingSpecifiedPeriod") => set_opt(&mut f.invoicing_period, period(l, c)?),
            (Ns::Ram, "SpecifiedTradeAllowanceCharge") => {
                let (charge, a) = allowance_charge(l, c)?;
                if charge { f.charges.push(a) } else { f.allowances.push(a) }
            }
            (Ns::Ram, "SpecifiedTradePaymentTerms") => {
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "Description") => set(&mut f.payment_terms, l.texte(e)),
                        (Ns::Ram, "DueDateDateTime") => {
                            set(&mut f.payment_due_date, l.date_102(e)?);
                        }
                        (Ns::Ram, "DirectDebitMandateID") => {
                            set(&mut debit.mandate_reference, l.texte(e));
                        }
                        _ => {}
                    }
                }
            }
            (Ns::Ram, "SpecifiedTradeSettlementHeaderMonetarySummation") => {
                let t: &mut Totals = &mut f.totals;
                for (e, ns, local) in l.enfants(c) {
                    let slot = match (ns, local) {
                        (Ns::Ram, "LineTotalAmount") => &mut t.line_net_total,
                        (Ns::Ram, "ChargeTotalAmount") => &mut t.charge_total,
                        (Ns::Ram, "AllowanceTotalAmount") => &mut t.allowance_total,
                        (Ns::Ram, "TaxBasisTotalAmount") => &mut t.total_without_vat,
                        (Ns::Ram, "TaxTotalAmount") => {
                            tax_totals.push((l.decimal(e)?, l.attribut(e, "currencyID")));
                            continue;
                        }
                        (Ns::Ram, "RoundingAmount") => &mut t.rounding_amount,
                        (Ns::Ram, "GrandTotalAmount") => &mut t.total_with_vat,
                        (Ns::Ram, "TotalPrepaidAmount") => &mut t.paid_amount,
                        (Ns::Ram, "DuePayableAmount") => &mut t.amount_due,
                        _ => continue,
                    };
                    set(slot, l.decimal(e)?);
                }
            }
            (Ns::Ram, "InvoiceReferencedDocument") => {
                let mut p = PrecedingInvoice { reference: reference(l, c), issue_date: None };
                if let Some(d) = l.enfant(c, Ns::Ram, "FormattedIssueDateTime") {
                    p.issue_date = Some(l.date_102(d)?);
                }
                f.preceding_invoices.push(p);
            }
            (Ns::Ram, "ReceivableSpecifiedTradeAccountingAccount") => {
                set_opt(&mut f.buyer_accounting_reference, text(l, c, "ID"));
            }
            _ => {}
        }
    }
    totaux_tva(f, tax_totals);
    pay.direct_debit = non_empty(debit);
    f.payment_instructions = non_empty(pay);
    Ok(())
}

fn period(l: &Lecteur<'_, '_>, n: NodeId) -> R<Option<Period>> {
    let mut p = Period::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Ram, "StartDateTime") => set(&mut p.start_date, l.date_102(c)?),
            (Ns::Ram, "EndDateTime") => set(&mut p.end_date, l.date_102(c)?),
            _ => {}
        }
    }
    Ok(non_empty(p))
}

fn allowance_charge(l: &Lecteur<'_, '_>, n: NodeId) -> R<(bool, AllowanceCharge)> {
    let mut charge = false;
    let mut a = AllowanceCharge::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Ram, "ChargeIndicator") => {
                if let Some(i) = l.enfant(c, Ns::Udt, "Indicator") {
                    let value = l.texte_cow(i);
                    charge = match value.trim() {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        _ => return Err(l.erreur(i, &value, "a boolean", "true or false")),
                    };
                }
            }
            (Ns::Ram, "CalculationPercent") => set(&mut a.percentage, l.decimal(c)?),
            (Ns::Ram, "BasisAmount") => set(&mut a.base_amount, l.decimal(c)?),
            (Ns::Ram, "ActualAmount") => set(&mut a.amount, l.decimal(c)?),
            (Ns::Ram, "ReasonCode") => set(&mut a.reason_code, l.texte(c)),
            (Ns::Ram, "Reason") => set(&mut a.reason, l.texte(c)),
            (Ns::Ram, "CategoryTradeTax") => {
                set_opt(&mut a.vat_category_code, text(l, c, "CategoryCode"));
                set_opt(&mut a.vat_rate, decimal(l, c, "RateApplicablePercent")?);
            }
            _ => {}
        }
    }
    Ok((charge, a))
}

fn line(l: &Lecteur<'_, '_>, n: NodeId) -> R<Line> {
    let mut line = Line::default();
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Ram, "AssociatedDocumentLineDocument") => {
                line.id = text(l, c, "LineID");
                if let Some(note) = l.enfant(c, Ns::Ram, "IncludedNote") {
                    line.note = text(l, note, "Content");
                }
            }
            (Ns::Ram, "SpecifiedTradeProduct") => product(l, c, &mut line),
            (Ns::Ram, "SpecifiedLineTradeAgreement") => {
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "BuyerOrderReferencedDocument") => {
                            set_opt(&mut line.order_line_reference, text(l, e, "LineID"));
                        }
                        (Ns::Ram, "GrossPriceProductTradePrice") => {
                            line.price.gross_price = decimal(l, e, "ChargeAmount")?;
                            base_quantity(l, e, &mut line)?;
                            if let Some(a) = l.enfant(e, Ns::Ram, "AppliedTradeAllowanceCharge") {
                                // A zero discount is none, as in UBL (see there).
                                line.price.discount =
                                    decimal(l, a, "ActualAmount")?.filter(|d| !d.is_zero());
                            }
                        }
                        (Ns::Ram, "NetPriceProductTradePrice") => {
                            line.price.net_price = decimal(l, e, "ChargeAmount")?;
                            // After the gross price: its base quantity wins when both have one.
                            base_quantity(l, e, &mut line)?;
                        }
                        _ => {}
                    }
                }
            }
            (Ns::Ram, "SpecifiedLineTradeDelivery") => {
                if let Some(q) = l.enfant(c, Ns::Ram, "BilledQuantity") {
                    line.quantity = Some(l.decimal(q)?);
                    line.unit_code = l.attribut(q, "unitCode");
                }
            }
            (Ns::Ram, "SpecifiedLineTradeSettlement") => {
                for (e, ns, local) in l.enfants(c) {
                    match (ns, local) {
                        (Ns::Ram, "ApplicableTradeTax") => {
                            set_opt(&mut line.vat.category_code, text(l, e, "CategoryCode"));
                            set_opt(&mut line.vat.rate, decimal(l, e, "RateApplicablePercent")?);
                        }
                        (Ns::Ram, "BillingSpecifiedPeriod") => {
                            set_opt(&mut line.period, period(l, e)?)
                        }
                        (Ns::Ram, "SpecifiedTradeAllowanceCharge") => {
                            let (charge, a) = allowance_charge(l, e)?;
                            if charge { line.charges.push(a) } else { line.allowances.push(a) }
                        }
                        (Ns::Ram, "SpecifiedTradeSettlementLineMonetarySummation") => {
                            set_opt(&mut line.net_amount, decimal(l, e, "LineTotalAmount")?);
                        }
                        (Ns::Ram, "AdditionalReferencedDocument") => {
                            if let Some(value) = reference(l, e) {
                                let scheme = text(l, e, "ReferenceTypeCode");
                                set(&mut line.object_identifier, Identifier { value, scheme });
                            }
                        }
                        (Ns::Ram, "ReceivableSpecifiedTradeAccountingAccount") => {
                            set_opt(&mut line.accounting_reference, text(l, e, "ID"));
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(line)
}

fn base_quantity(l: &Lecteur<'_, '_>, price: NodeId, line: &mut Line) -> R<()> {
    if let Some(q) = l.enfant(price, Ns::Ram, "BasisQuantity") {
        line.price.base_quantity = Some(l.decimal(q)?);
        line.price.base_quantity_unit_code = l.attribut(q, "unitCode");
    }
    Ok(())
}

fn product(l: &Lecteur<'_, '_>, n: NodeId, line: &mut Line) {
    let i = &mut line.item;
    for (c, ns, local) in l.enfants(n) {
        match (ns, local) {
            (Ns::Ram, "GlobalID") => set(&mut i.standard_identifier, identifier(l, c)),
            (Ns::Ram, "SellerAssignedID") => set(&mut i.sellers_identifier, l.texte(c)),
            (Ns::Ram, "BuyerAssignedID") => set(&mut i.buyers_identifier, l.texte(c)),
            (Ns::Ram, "Name") => set(&mut i.name, l.texte(c)),
            (Ns::Ram, "Description") => set(&mut i.description, l.texte(c)),
            (Ns::Ram, "ApplicableProductCharacteristic") => i.attributes.push(ItemAttribute {
                name: text(l, c, "Description"),
                value: text(l, c, "Value"),
            }),
            (Ns::Ram, "DesignatedProductClassification") => {
                if let Some(code) = l.enfant(c, Ns::Ram, "ClassCode") {
                    i.classifications.push(Classification {
                        code: l.texte(code),
                        list_id: l.attribut(code, "listID"),
                        list_version_id: l.attribut(code, "listVersionID"),
                    });
                }
            }
            (Ns::Ram, "OriginTradeCountry") => set_opt(&mut i.origin_country, text(l, c, "ID")),
            _ => {}
        }
    }
}
