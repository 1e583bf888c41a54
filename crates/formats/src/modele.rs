//! The EN 16931-1 semantic model of an invoice: every business term (BT) and group (BG), as
//! both syntaxes carry it. It is the standard's model, not Chorus Pro's: names are the terms'
//! English names; [`Facture::vers_facture`] gives the platform's view.
//!
//! Every term is an `Option` (or a `Vec` when it repeats), mandatory ones included: reading
//! never refuses a missing term, so that an invoice that breaks a rule still reads and the rules
//! engine reports the rule (BR-02, …) rather than the reader a bare "missing element". Values
//! are kept as written: text verbatim, amounts as `Decimal` with their written scale (`100.00`
//! writes back as `100.00`), codes as strings. A group that holds nothing is `None`, so that
//! both syntaxes read the same content to the same model.

mod chorus;
mod lignes;
mod paiement;
mod parties;

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use lignes::{Classification, Item, ItemAttribute, Line, LineVat, PriceDetails};
pub use paiement::{CreditTransfer, DirectDebit, PaymentCard, PaymentInstructions};
pub use parties::{Address, Contact, Delivery, Party, Payee, TaxRepresentative};

/// An identifier with its scheme (ISO 6523 ICD, EAS, …) when it has one: `0009` + a SIRET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identifier {
    pub value: String,
    pub scheme: Option<String>,
}

/// BG-0: an invoice or a credit note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facture {
    /// BT-1 Invoice number.
    pub invoice_number: Option<String>,
    /// BT-2 Invoice issue date.
    pub issue_date: Option<NaiveDate>,
    /// BT-3 Invoice type code (UNTDID 1001: 380 invoice, 381 credit note, …).
    pub type_code: Option<String>,
    /// BT-5 Invoice currency code (ISO 4217).
    pub currency_code: Option<String>,
    /// BT-6 VAT accounting currency code.
    pub vat_accounting_currency_code: Option<String>,
    /// BT-7 Value added tax point date.
    pub vat_point_date: Option<NaiveDate>,
    /// BT-8 Value added tax point date code, as UNTDID 2005 (3, 35, 432): UBL's code list.
    /// CII writes UNTDID 2475 (5, 29, 72); its reader and writer translate.
    pub vat_point_date_code: Option<String>,
    /// BT-9 Payment due date.
    pub payment_due_date: Option<NaiveDate>,
    /// BT-10 Buyer reference (Chorus Pro: the recipient's service code).
    pub buyer_reference: Option<String>,
    /// BT-11 Project reference.
    pub project_reference: Option<String>,
    /// BT-12 Contract reference.
    pub contract_reference: Option<String>,
    /// BT-13 Purchase order reference (Chorus Pro: the engagement number).
    pub purchase_order_reference: Option<String>,
    /// BT-14 Sales order reference.
    pub sales_order_reference: Option<String>,
    /// BT-15 Receiving advice reference.
    pub receiving_advice_reference: Option<String>,
    /// BT-16 Despatch advice reference.
    pub despatch_advice_reference: Option<String>,
    /// BT-17 Tender or lot reference.
    pub tender_or_lot_reference: Option<String>,
    /// BT-18 Invoiced object identifier, with BT-18-1 its scheme.
    pub invoiced_object_identifier: Option<Identifier>,
    /// BT-19 Buyer accounting reference.
    pub buyer_accounting_reference: Option<String>,
    /// BT-20 Payment terms.
    pub payment_terms: Option<String>,
    /// BG-1 Invoice notes.
    pub notes: Vec<Note>,
    /// BG-2 / BT-23 Business process type.
    pub business_process_type: Option<String>,
    /// BG-2 / BT-24 Specification identifier.
    pub specification_identifier: Option<String>,
    /// BG-3 Preceding invoice references.
    pub preceding_invoices: Vec<PrecedingInvoice>,
    /// BG-4 Seller.
    pub seller: Party,
    /// BG-7 Buyer.
    pub buyer: Party,
    /// BG-10 Payee.
    pub payee: Option<Payee>,
    /// BG-11 Seller tax representative party.
    pub seller_tax_representative: Option<TaxRepresentative>,
    /// BG-13 Delivery information (without BG-14, which both syntaxes bind at document level).
    pub delivery: Option<Delivery>,
    /// BG-14 Invoicing period.
    pub invoicing_period: Option<Period>,
    /// BG-16 Payment instructions.
    pub payment_instructions: Option<PaymentInstructions>,
    /// BG-20 Document level allowances.
    pub allowances: Vec<AllowanceCharge>,
    /// BG-21 Document level charges.
    pub charges: Vec<AllowanceCharge>,
    /// BG-22 Document totals.
    pub totals: Totals,
    /// BG-23 VAT breakdown.
    pub vat_breakdown: Vec<VatBreakdown>,
    /// BG-24 Additional supporting documents.
    pub supporting_documents: Vec<SupportingDocument>,
    /// BG-25 Invoice lines.
    pub lines: Vec<Line>,
}

/// BG-1 Invoice note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    /// BT-21 Invoice note subject code (UNTDID 4451).
    pub subject_code: Option<String>,
    /// BT-22 Invoice note.
    pub text: String,
}

/// BG-3 Preceding invoice reference.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrecedingInvoice {
    /// BT-25 Preceding invoice reference.
    pub reference: Option<String>,
    /// BT-26 Preceding invoice issue date.
    pub issue_date: Option<NaiveDate>,
}

/// BG-14 Invoicing period, BG-26 Invoice line period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Period {
    /// BT-73 Invoicing period start date / BT-134 Invoice line period start date.
    pub start_date: Option<NaiveDate>,
    /// BT-74 Invoicing period end date / BT-135 Invoice line period end date.
    pub end_date: Option<NaiveDate>,
}

/// BG-20 Document level allowance, BG-21 Document level charge, BG-27 Invoice line allowance,
/// BG-28 Invoice line charge (lines have no VAT category or rate of their own).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowanceCharge {
    /// BT-92 / BT-99 / BT-136 / BT-141 Amount.
    pub amount: Option<Decimal>,
    /// BT-93 / BT-100 / BT-137 / BT-142 Base amount.
    pub base_amount: Option<Decimal>,
    /// BT-94 / BT-101 / BT-138 / BT-143 Percentage.
    pub percentage: Option<Decimal>,
    /// BT-95 / BT-102 VAT category code (document level only).
    pub vat_category_code: Option<String>,
    /// BT-96 / BT-103 VAT rate (document level only).
    pub vat_rate: Option<Decimal>,
    /// BT-97 / BT-104 / BT-139 / BT-144 Reason.
    pub reason: Option<String>,
    /// BT-98 / BT-105 / BT-140 / BT-145 Reason code.
    pub reason_code: Option<String>,
}

/// BG-22 Document totals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// BT-106 Sum of Invoice line net amount.
    pub line_net_total: Option<Decimal>,
    /// BT-107 Sum of allowances on document level.
    pub allowance_total: Option<Decimal>,
    /// BT-108 Sum of charges on document level.
    pub charge_total: Option<Decimal>,
    /// BT-109 Invoice total amount without VAT.
    pub total_without_vat: Option<Decimal>,
    /// BT-110 Invoice total VAT amount.
    pub total_vat: Option<Decimal>,
    /// BT-111 Invoice total VAT amount in accounting currency (BT-6).
    pub total_vat_accounting_currency: Option<Decimal>,
    /// BT-112 Invoice total amount with VAT.
    pub total_with_vat: Option<Decimal>,
    /// BT-113 Paid amount.
    pub paid_amount: Option<Decimal>,
    /// BT-114 Rounding amount.
    pub rounding_amount: Option<Decimal>,
    /// BT-115 Amount due for payment.
    pub amount_due: Option<Decimal>,
}

/// BG-23 VAT breakdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VatBreakdown {
    /// BT-116 VAT category taxable amount.
    pub taxable_amount: Option<Decimal>,
    /// BT-117 VAT category tax amount.
    pub tax_amount: Option<Decimal>,
    /// BT-118 VAT category code (UNCL 5305 subset: S, Z, E, AE, K, G, O, L, M).
    pub category_code: Option<String>,
    /// BT-119 VAT category rate.
    pub rate: Option<Decimal>,
    /// BT-120 VAT exemption reason text.
    pub exemption_reason: Option<String>,
    /// BT-121 VAT exemption reason code (VATEX).
    pub exemption_reason_code: Option<String>,
}

/// BG-24 Additional supporting document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupportingDocument {
    /// BT-122 Supporting document reference.
    pub reference: Option<String>,
    /// BT-123 Supporting document description.
    pub description: Option<String>,
    /// BT-124 External document location.
    pub external_location: Option<String>,
    /// BT-125 Attached document.
    pub attachment: Option<BinaryObject>,
}

/// BT-125 Attached document: base64 as written, neither decoded nor copied when the model is
/// cloned (an attachment can be megabytes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BinaryObject {
    /// The base64 text, as written.
    pub content: Arc<str>,
    /// BT-125-1 Attached document Mime code.
    pub mime_code: Option<String>,
    /// BT-125-2 Attached document Filename.
    pub filename: Option<String>,
}

impl BinaryObject {
    /// Its attributes as both syntaxes write them.
    pub(crate) fn attributes(&self) -> Vec<(&'static str, &str)> {
        let mime = self.mime_code.as_deref().map(|m| ("mimeCode", m));
        let filename = self.filename.as_deref().map(|f| ("filename", f));
        mime.into_iter().chain(filename).collect()
    }
}

/// `Some(group)` unless the group holds nothing: both syntaxes then read the same content to
/// the same model, whether or not one wrote an empty wrapper.
pub(crate) fn non_empty<T: Default + PartialEq>(group: T) -> Option<T> {
    (group != T::default()).then_some(group)
}
