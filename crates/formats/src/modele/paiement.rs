//! BG-16 Payment instructions.

/// BG-16 Payment instructions, with the terms CII keeps beside the payment means (BT-83,
/// BT-89, BT-90): this group holds them all whatever the syntax.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentInstructions {
    /// BT-81 Payment means type code (UNTDID 4461).
    pub type_code: Option<String>,
    /// BT-82 Payment means text.
    pub text: Option<String>,
    /// BT-83 Remittance information.
    pub remittance_information: Option<String>,
    /// BG-17 Credit transfers.
    pub credit_transfers: Vec<CreditTransfer>,
    /// BG-18 Payment card information.
    pub card: Option<PaymentCard>,
    /// BG-19 Direct debit.
    pub direct_debit: Option<DirectDebit>,
}

/// BG-17 Credit transfer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreditTransfer {
    /// BT-84 Payment account identifier (an IBAN or another account number).
    pub account_identifier: Option<String>,
    /// BT-85 Payment account name.
    pub account_name: Option<String>,
    /// BT-86 Payment service provider identifier (BIC).
    pub service_provider_identifier: Option<String>,
}

/// BG-18 Payment card information.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentCard {
    /// BT-87 Payment card primary account number (its last digits only).
    pub primary_account_number: Option<String>,
    /// BT-88 Payment card holder name.
    pub holder_name: Option<String>,
}

/// BG-19 Direct debit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectDebit {
    /// BT-89 Mandate reference identifier.
    pub mandate_reference: Option<String>,
    /// BT-90 Bank assigned creditor identifier.
    pub creditor_identifier: Option<String>,
    /// BT-91 Debited account identifier.
    pub debited_account_identifier: Option<String>,
}
