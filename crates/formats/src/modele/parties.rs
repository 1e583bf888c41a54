//! The parties: seller (BG-4), buyer (BG-7), payee (BG-10), tax representative (BG-11), and
//! where the goods go (BG-13).

use chrono::NaiveDate;

use super::Identifier;

/// BG-4 Seller or BG-7 Buyer: one shape, the terms that only the seller has say so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Party {
    /// BT-27 Seller name / BT-44 Buyer name.
    pub name: Option<String>,
    /// BT-28 Seller trading name / BT-45 Buyer trading name.
    pub trading_name: Option<String>,
    /// BT-29 Seller identifiers (0..n) / BT-46 Buyer identifier (0..1), with BT-29-1 / BT-46-1
    /// their schemes. Those without a scheme come first: CII can only write them so.
    pub identifiers: Vec<Identifier>,
    /// BT-30 Seller / BT-47 Buyer legal registration identifier, with BT-30-1 / BT-47-1.
    pub legal_registration_identifier: Option<Identifier>,
    /// BT-31 Seller / BT-48 Buyer VAT identifier.
    pub vat_identifier: Option<String>,
    /// BT-32 Seller tax registration identifier (seller only).
    pub tax_registration_identifier: Option<String>,
    /// BT-33 Seller additional legal information (seller only).
    pub additional_legal_information: Option<String>,
    /// BT-34 Seller / BT-49 Buyer electronic address, with BT-34-1 / BT-49-1 its scheme (EAS).
    pub electronic_address: Option<Identifier>,
    /// BG-5 Seller / BG-8 Buyer postal address.
    pub postal_address: Option<Address>,
    /// BG-6 Seller / BG-9 Buyer contact.
    pub contact: Option<Contact>,
}

/// BG-5, BG-8, BG-12 and BG-15: a postal address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// BT-35 / BT-50 / BT-64 / BT-75 Address line 1.
    pub line_one: Option<String>,
    /// BT-36 / BT-51 / BT-65 / BT-76 Address line 2.
    pub line_two: Option<String>,
    /// BT-162 / BT-163 / BT-164 / BT-165 Address line 3.
    pub line_three: Option<String>,
    /// BT-37 / BT-52 / BT-66 / BT-77 City.
    pub city: Option<String>,
    /// BT-38 / BT-53 / BT-67 / BT-78 Post code.
    pub post_code: Option<String>,
    /// BT-39 / BT-54 / BT-68 / BT-79 Country subdivision.
    pub country_subdivision: Option<String>,
    /// BT-40 / BT-55 / BT-69 / BT-80 Country code (ISO 3166-1 alpha-2).
    pub country_code: Option<String>,
}

/// BG-6 Seller contact, BG-9 Buyer contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    /// BT-41 / BT-56 Contact point.
    pub point: Option<String>,
    /// BT-42 / BT-57 Contact telephone number.
    pub telephone: Option<String>,
    /// BT-43 / BT-58 Contact email address.
    pub email: Option<String>,
}

/// BG-10 Payee.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Payee {
    /// BT-59 Payee name.
    pub name: Option<String>,
    /// BT-60 Payee identifier, with BT-60-1 its scheme.
    pub identifier: Option<Identifier>,
    /// BT-61 Payee legal registration identifier, with BT-61-1 its scheme.
    pub legal_registration_identifier: Option<Identifier>,
}

/// BG-11 Seller tax representative party.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaxRepresentative {
    /// BT-62 Seller tax representative name.
    pub name: Option<String>,
    /// BT-63 Seller tax representative VAT identifier.
    pub vat_identifier: Option<String>,
    /// BG-12 Seller tax representative postal address.
    pub postal_address: Option<Address>,
}

/// BG-13 Delivery information.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// BT-70 Deliver to party name.
    pub party_name: Option<String>,
    /// BT-71 Deliver to location identifier, with BT-71-1 its scheme.
    pub location_identifier: Option<Identifier>,
    /// BT-72 Actual delivery date.
    pub actual_delivery_date: Option<NaiveDate>,
    /// BG-15 Deliver to address.
    pub address: Option<Address>,
}
