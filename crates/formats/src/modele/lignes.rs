//! BG-25 Invoice lines.

use rust_decimal::Decimal;

use super::{AllowanceCharge, Identifier, Period};

/// BG-25 Invoice line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    /// BT-126 Invoice line identifier.
    pub id: Option<String>,
    /// BT-127 Invoice line note.
    pub note: Option<String>,
    /// BT-128 Invoice line object identifier, with BT-128-1 its scheme.
    pub object_identifier: Option<Identifier>,
    /// BT-129 Invoiced quantity.
    pub quantity: Option<Decimal>,
    /// BT-130 Invoiced quantity unit of measure code (UN/ECE Rec 20/21).
    pub unit_code: Option<String>,
    /// BT-131 Invoice line net amount.
    pub net_amount: Option<Decimal>,
    /// BT-132 Referenced purchase order line reference.
    pub order_line_reference: Option<String>,
    /// BT-133 Invoice line Buyer accounting reference.
    pub accounting_reference: Option<String>,
    /// BG-26 Invoice line period.
    pub period: Option<Period>,
    /// BG-27 Invoice line allowances.
    pub allowances: Vec<AllowanceCharge>,
    /// BG-28 Invoice line charges.
    pub charges: Vec<AllowanceCharge>,
    /// BG-29 Price details.
    pub price: PriceDetails,
    /// BG-30 Line VAT information.
    pub vat: LineVat,
    /// BG-31 Item information.
    pub item: Item,
}

/// BG-29 Price details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PriceDetails {
    /// BT-146 Item net price.
    pub net_price: Option<Decimal>,
    /// BT-147 Item price discount.
    pub discount: Option<Decimal>,
    /// BT-148 Item gross price.
    pub gross_price: Option<Decimal>,
    /// BT-149 Item price base quantity.
    pub base_quantity: Option<Decimal>,
    /// BT-150 Item price base quantity unit of measure code.
    pub base_quantity_unit_code: Option<String>,
}

/// BG-30 Line VAT information.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineVat {
    /// BT-151 Invoiced item VAT category code.
    pub category_code: Option<String>,
    /// BT-152 Invoiced item VAT rate.
    pub rate: Option<Decimal>,
}

/// BG-31 Item information.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// BT-153 Item name.
    pub name: Option<String>,
    /// BT-154 Item description.
    pub description: Option<String>,
    /// BT-155 Item Seller's identifier.
    pub sellers_identifier: Option<String>,
    /// BT-156 Item Buyer's identifier.
    pub buyers_identifier: Option<String>,
    /// BT-157 Item standard identifier, with BT-157-1 its scheme.
    pub standard_identifier: Option<Identifier>,
    /// BT-158 Item classification identifiers.
    pub classifications: Vec<Classification>,
    /// BT-159 Item country of origin.
    pub origin_country: Option<String>,
    /// BG-32 Item attributes.
    pub attributes: Vec<ItemAttribute>,
}

/// BT-158 Item classification identifier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Classification {
    pub code: String,
    /// BT-158-1 Scheme identifier (UNTDID 7143).
    pub list_id: Option<String>,
    /// BT-158-2 Scheme version identifier.
    pub list_version_id: Option<String>,
}

impl Classification {
    /// Its code's attributes as both syntaxes write them.
    pub(crate) fn attributes(&self) -> Vec<(&'static str, &str)> {
        let list = self.list_id.as_deref().map(|l| ("listID", l));
        let version = self.list_version_id.as_deref().map(|v| ("listVersionID", v));
        list.into_iter().chain(version).collect()
    }
}

/// BG-32 Item attribute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemAttribute {
    /// BT-160 Item attribute name.
    pub name: Option<String>,
    /// BT-161 Item attribute value.
    pub value: Option<String>,
}
