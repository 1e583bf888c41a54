//! The PDF: a well-formed file whose pages show the invoice, read back as a text extractor
//! would (the content streams are not compressed).

use facteur_documents::pdf;
use facteur_domain::facture::{LigneTva, Totaux};
use rust_decimal::Decimal;

use crate::exemple::{self, FOURNISSEUR, d, ligne};

/// The strings the pages show (operands of `Tj`), decoded from WinAnsi.
fn texts(pdf: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < pdf.len() {
        let (bytes, end) = match (pdf[i], pdf.get(i + 1)) {
            (b'(', _) => literal(pdf, i + 1),
            (b'<', Some(b'<')) => {
                i += 2;
                continue;
            }
            (b'<', _) => hex(pdf, i + 1),
            _ => {
                i += 1;
                continue;
            }
        };
        let rest = &pdf[end..];
        let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        if rest.starts_with(b"Tj") {
            found.push(winansi(&bytes));
        }
        i = end;
    }
    found
}

/// A literal string from after its `(`: its bytes, and where it ends.
fn literal(pdf: &[u8], mut i: usize) -> (Vec<u8>, usize) {
    let mut bytes = Vec::new();
    let mut depth = 0;
    while let Some(&b) = pdf.get(i) {
        i += 1;
        match b {
            b'\\' => {
                let e = pdf[i];
                i += 1;
                match e {
                    b'n' => bytes.push(b'\n'),
                    b'r' => bytes.push(b'\r'),
                    b't' => bytes.push(b'\t'),
                    b'b' => bytes.push(8),
                    b'f' => bytes.push(12),
                    b'0'..=b'7' => {
                        let mut value = u32::from(e - b'0');
                        for _ in 0..2 {
                            match pdf.get(i) {
                                Some(&o @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(o - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        bytes.push(value as u8);
                    }
                    other => bytes.push(other),
                }
            }
            b'(' => {
                depth += 1;
                bytes.push(b);
            }
            b')' if depth == 0 => return (bytes, i),
            b')' => {
                depth -= 1;
                bytes.push(b);
            }
            _ => bytes.push(b),
        }
    }
    panic!("unterminated string");
}

/// A hexadecimal string from after its `<`.
fn hex(pdf: &[u8], mut i: usize) -> (Vec<u8>, usize) {
    let mut digits = Vec::new();
    while pdf[i] != b'>' {
        if !pdf[i].is_ascii_whitespace() {
            digits.push(pdf[i]);
        }
        i += 1;
    }
    if digits.len() % 2 == 1 {
        digits.push(b'0');
    }
    let bytes = digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap_or(b'?'))
        .collect();
    (bytes, i + 1)
}

/// Windows-1252, written out here rather than taken from the crate, so that the test checks
/// the encoding instead of repeating it.
fn winansi(bytes: &[u8]) -> String {
    const ROW_80: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ";
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => ROW_80.chars().nth(usize::from(b - 0x80)).unwrap(),
            _ => char::from(b),
        })
        .collect()
}

fn page_count(pdf: &[u8]) -> usize {
    let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
    count(b"/Type /Page") - count(b"/Type /Pages")
}

/// Where each text starts (operands of `Td`), to check that nothing is placed off the page
/// or in its margins.
fn assert_within_margins(pdf: &[u8]) {
    let text = String::from_utf8_lossy(pdf);
    let positions: Vec<(f32, f32)> = text
        .lines()
        .filter_map(|l| l.strip_suffix(" Td"))
        .map(|l| {
            let (x, y) = l.trim().split_once(' ').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert!(!positions.is_empty());
    for (x, y) in positions {
        assert!((40.0..555.0).contains(&x) && (20.0..802.0).contains(&y), "text at ({x}, {y})");
    }
}

fn assert_shows(texts: &[String], expected: &str) {
    assert!(texts.iter().any(|t| t.contains(expected)), "[{expected}] not in {texts:#?}");
}

#[test]
fn the_pdf_is_a_pdf() {
    let f = exemple::facture();
    let pdf = pdf(&exemple::document(&f));
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
    assert_eq!(page_count(&pdf), 1);
    assert!(pdf.windows(15).any(|w| w == b"WinAnsiEncoding"));
}

#[test]
fn the_pdf_shows_the_invoice() {
    let f = exemple::facture();
    let texts = texts(&pdf(&exemple::document(&f)));
    for expected in [
        "FACTURE N° F-2026-001",
        "Statut : MISE_A_DISPOSITION",
        FOURNISSEUR,
        "SIRET : 73282932000074",
        "N° TVA : FR44732829320",
        "12 rue de l'Église",
        "Bâtiment B <porte 3>",
        "Ministère de la Démonstration",
        "Service : DAF-01 — Direction des affaires financières",
        "02/11/2026",
        "03/11/2026",
        "EJ-1000234567",
        "M-2025/42 & avenant n°1",
        "Ramettes de papier A4 recyclé 80 g",
        "RAM-A4-80",
        "pièce",
        "4,99",
        "5,00",
        "92,50",
        "5,5 %",
        "142,40 EUR",
        "1,38 EUR",
        "167,40 EUR",
        "29,86 EUR",
        "197,26 EUR",
        "Net à payer",
        "VIREMENT",
        "Livraison au 3e étage — bureau 312.",
        "procès-verbal & annexe.pdf",
        "Rendu par facteur — id 4242",
        "Page 1 / 1",
    ] {
        assert_shows(&texts, expected);
    }
}

#[test]
fn a_credit_note_with_nothing_optional_renders() {
    let f = exemple::avoir();
    let texts = texts(&pdf(&exemple::document_minimal(&f)));
    assert_shows(&texts, "AVOIR N° A-2026-007");
    assert_shows(&texts, "F-2026-001");
    assert_shows(&texts, "Identifiant UE : DE123456789");
    assert_shows(&texts, "161,98 EUR");
    assert!(!texts.iter().any(|t| t.contains("Pièces jointes") || t.contains("Service")));
}

#[test]
fn huge_fields_stay_on_the_page() {
    let mut f = exemple::facture();
    f.commentaire = Some("Un commentaire qui n'en finit pas. ".repeat(800));
    f.references.numero_marche = Some("M".repeat(500));
    let mut doc = exemple::document(&f);
    doc.fournisseur.nom = "Société ".repeat(300);
    doc.pieces_jointes = (0..200).map(|i| format!("pièce-{i}.pdf")).collect();
    let pdf = pdf(&doc);
    assert!(page_count(&pdf) > 2);
    assert_within_margins(&pdf);
    let texts = texts(&pdf);
    assert_shows(&texts, "pièce-199.pdf");
    assert_shows(&texts, "197,26 EUR");
}

#[test]
fn characters_outside_winansi_are_question_marks() {
    let mut f = exemple::facture();
    f.lignes[0].denomination = "Œuvre « 漢字 » — 50 €".into();
    let texts = texts(&pdf(&exemple::document(&f)));
    assert_shows(&texts, "Œuvre « ?? » — 50 €");
}

#[test]
fn a_long_invoice_runs_onto_pages_with_the_table_header_repeated() {
    let mut f = exemple::facture();
    f.lignes = (1..=500)
        .map(|n| ligne(n, &format!("Article n° {n} — fourniture de bureau"), "1", "2", "20"))
        .collect();
    f.lignes[7].denomination = "Une désignation très longue, ".repeat(40);
    f.lignes[8].denomination = "x".repeat(3000);
    f.tva = vec![LigneTva { taux: d("20"), base_ht: d("1000"), montant_tva: d("200") }];
    f.totaux = Totaux {
        ht: d("1000"),
        tva: d("200"),
        ttc: d("1200"),
        remise_globale_ttc: Decimal::ZERO,
        a_payer: d("1200"),
    };
    let pdf = pdf(&exemple::document(&f));
    let pages = page_count(&pdf);
    assert!(pages >= 5, "{pages} pages");
    let texts = texts(&pdf);
    assert_shows(&texts, "Article n° 500 — fourniture de bureau");
    assert_shows(&texts, "1 200,00 EUR");
    assert_shows(&texts, &format!("Page {pages} / {pages}"));
    let suite = texts.iter().filter(|t| t.contains("FACTURE N° F-2026-001 (suite)")).count();
    assert_eq!(suite, pages - 1);
    // Each page ends with its footer: every page with lines shows the table's header.
    let by_page: Vec<&[String]> = texts.split_inclusive(|t| t.starts_with("Page ")).collect();
    assert_eq!(by_page.len(), pages);
    let with_lines = by_page.iter().filter(|p| p.iter().any(|t| t.starts_with("Article n°")));
    for page in with_lines {
        assert!(page.iter().any(|t| t == "Désignation"), "{page:#?}");
    }
    assert_within_margins(&pdf);
    // The longest designations are cut, not lost off the page.
    assert!(texts.iter().any(|t| t.starts_with("xxx") && t.ends_with('…')));
}
