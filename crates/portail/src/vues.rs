//! How values read on a page: amounts, dates and Chorus Pro's codes, in the page's language.

use chrono::NaiveDate;
use facteur_domain::langue::CodeLangue;
use rust_decimal::Decimal;

/// An amount in cents, as people write it: `1 234,56` in French, `1,234.56` in English.
pub fn montant(cents: i64, langue: CodeLangue) -> String {
    decimal(Decimal::new(cents, 2), langue)
}

/// A decimal to two places, grouped by thousands.
pub fn decimal(value: Decimal, langue: CodeLangue) -> String {
    let text = format!("{:.2}", value.round_dp(2).abs());
    let (entier, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let (groupe, virgule) = match langue {
        CodeLangue::Fr => ('\u{202f}', ','),
        CodeLangue::En => (',', '.'),
    };
    let mut out = String::new();
    if value.is_sign_negative() && !value.is_zero() {
        out.push('-');
    }
    for (i, c) in entier.chars().enumerate() {
        if i > 0 && (entier.len() - i) % 3 == 0 {
            out.push(groupe);
        }
        out.push(c);
    }
    out.push(virgule);
    out.push_str(fraction);
    out
}

pub fn date(d: NaiveDate, langue: CodeLangue) -> String {
    match langue {
        CodeLangue::Fr => d.format("%d/%m/%Y").to_string(),
        CodeLangue::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// A status's label; the code itself for those without one.
pub fn statut(code: &str, langue: CodeLangue) -> &str {
    let (fr, en) = match code {
        "BROUILLON" => ("Brouillon", "Draft"),
        "DEPOSEE" => ("Déposée", "Deposited"),
        "EN_COURS_ACHEMINEMENT" => ("En cours d’acheminement", "Being routed"),
        "MISE_A_DISPOSITION" => ("Mise à disposition", "Made available"),
        "A_RECYCLER" => ("À recycler", "To recycle"),
        "SUSPENDUE" => ("Suspendue", "Suspended"),
        "REJETEE" => ("Rejetée", "Rejected"),
        "MANDATEE" => ("Mandatée", "Payment ordered"),
        "MISE_EN_PAIEMENT" => ("Mise en paiement", "Payment sent"),
        "COMPTABILISEE" => ("Comptabilisée", "Booked"),
        "MISE_A_DISPOSITION_COMPTABLE" => {
            ("Mise à disposition du comptable", "Sent to the accountant")
        }
        "SERVICE_FAIT" => ("Service fait", "Service done"),
        "COMPLETEE" => ("Complétée", "Completed"),
        "ABANDONNEE" => ("Abandonnée", "Abandoned"),
        "SUPPRIMEE" => ("Supprimée", "Deleted"),
        "A_VALIDER_1" | "A_VALIDER_2" => ("À valider", "To validate"),
        "VALIDEE_1" | "VALIDEE_2" => ("Validée", "Validated"),
        "REFUSEE_1" | "REFUSEE_2" => ("Refusée", "Refused"),
        _ => return code,
    };
    langue.pick(fr, en)
}

/// A deposit channel's label.
pub fn canal(code: &str, langue: CodeLangue) -> &str {
    let (fr, en) = match code {
        "SAISIE_WEB" => ("Saisie sur le portail", "Typed in the portal"),
        "PORTAIL_PDF" => ("PDF déposé sur le portail", "PDF uploaded in the portal"),
        "SAISIE_API" => ("API (données)", "API (data)"),
        "DEPOT_PDF_API" | "DEPOT_PDF_SIGNE_API" => ("API (PDF)", "API (PDF)"),
        "FLUX_EDI" => ("Flux EDI", "EDI flow"),
        "PAPIER_NUMERISE" => ("Papier numérisé", "Scanned paper"),
        _ => return code,
    };
    langue.pick(fr, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(montant(12_345_678, CodeLangue::Fr), "123\u{202f}456,78");
        assert_eq!(montant(12_345_678, CodeLangue::En), "123,456.78");
        assert_eq!(montant(-5, CodeLangue::En), "-0.05");
        assert_eq!(montant(0, CodeLangue::Fr), "0,00");
        assert_eq!(montant(100_000, CodeLangue::En), "1,000.00");
    }

    #[test]
    fn statuses_have_labels_in_both_languages() {
        assert_eq!(statut("MISE_A_DISPOSITION", CodeLangue::Fr), "Mise à disposition");
        assert_eq!(statut("MISE_A_DISPOSITION", CodeLangue::En), "Made available");
        assert_eq!(statut("UNKNOWN", CodeLangue::En), "UNKNOWN");
    }
}
