//! Numbers and dates as a French reader expects them: `1 234,50`, `02/11/2026`.

use chrono::NaiveDate;
use facteur_domain::facture::arrondi;
use rust_decimal::Decimal;

/// An amount, to the cent.
pub(super) fn montant(amount: Decimal) -> String {
    nombre(arrondi(amount), 2)
}

/// An amount followed by its currency code.
pub(super) fn montant_devise(amount: Decimal, devise: &str) -> String {
    format!("{} {devise}", montant(amount))
}

/// A rate in percent: `20 %`, `5,5 %`.
pub(super) fn taux(rate: Decimal) -> String {
    format!("{} %", nombre(rate, 0))
}

/// A number with at least `min_decimals` decimals, and more when it has them (a unit price may
/// be to the tenth of a cent), its thousands grouped.
pub(super) fn nombre(value: Decimal, min_decimals: u32) -> String {
    let mut value = value.normalize();
    if value.scale() < min_decimals {
        value.rescale(min_decimals);
    }
    let digits = value.abs().to_string();
    let (integer, decimals) = digits.split_once('.').unwrap_or((&digits, ""));
    let mut grouped = String::new();
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    let sign = if value.is_sign_negative() && !value.is_zero() { "-" } else { "" };
    if decimals.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{decimals}")
    }
}

pub(super) fn date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn amounts_are_written_the_french_way() {
        assert_eq!(montant(d("44.34")), "44,34");
        assert_eq!(montant(d("25")), "25,00");
        assert_eq!(montant(d("1234567.891")), "1 234 567,89");
        assert_eq!(montant(d("-1000.5")), "-1 000,50");
        assert_eq!(montant(d("-0.001")), "0,00");
        assert_eq!(montant_devise(d("0.125"), "EUR"), "0,13 EUR");
    }

    #[test]
    fn quantities_prices_and_rates_keep_their_decimals() {
        assert_eq!(nombre(d("2.500"), 0), "2,5");
        assert_eq!(nombre(d("3"), 0), "3");
        assert_eq!(nombre(d("4.99"), 2), "4,99");
        assert_eq!(nombre(d("0.125"), 2), "0,125");
        assert_eq!(nombre(d("10"), 2), "10,00");
        assert_eq!(taux(d("5.50")), "5,5 %");
        assert_eq!(taux(d("20")), "20 %");
    }

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()), "02/11/2026");
    }
}
