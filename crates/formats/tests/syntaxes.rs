//! UBL 2.1 and CII D16B read and written over the CEN examples: every example reads, writes back
//! valid against its schema, and reads again to the same model, in its own syntax and through
//! the other one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use facteur_formats::modele::Facture;
use facteur_formats::xml::{Document, Limites};
use facteur_formats::{ErreurLecture, Syntaxe, cii, lire, ubl};
use rust_decimal::Decimal;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(FIXTURES).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")))
        .collect();
    files.sort();
    files
}

/// The 19 CEN UBL examples and the 29 BIS Billing 3 samples.
fn ubl_examples() -> Vec<PathBuf> {
    let mut all = files("en16931/ubl/examples");
    all.extend(files("en16931/test/testfiles"));
    assert_eq!(all.len(), 48);
    all
}

/// The 15 CEN CII examples.
fn cii_examples() -> Vec<PathBuf> {
    let all = files("en16931/cii/examples");
    assert_eq!(all.len(), 15);
    all
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn read_ubl(xml: &[u8]) -> Result<Facture, ErreurLecture> {
    ubl::lire(&Document::parse(xml, &Limites::default())?)
}

fn read_cii(xml: &[u8]) -> Result<Facture, ErreurLecture> {
    cii::lire(&Document::parse(xml, &Limites::default())?)
}

/// The first lines where two models differ, to say which term a binding lost.
fn difference(a: &Facture, b: &Facture) -> String {
    let (a, b) = (format!("{a:#?}"), format!("{b:#?}"));
    let (a, b): (Vec<_>, Vec<_>) = (a.lines().collect(), b.lines().collect());
    let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let from = first.saturating_sub(6);
    format!(
        "before:\n{}\nafter:\n{}",
        a[from..(first + 3).min(a.len())].join("\n"),
        b[from..(first + 3).min(b.len())].join("\n")
    )
}

/// Reads every example, sends it through `trip`, and expects the same model back.
fn round_trips(
    examples: Vec<PathBuf>,
    read: fn(&[u8]) -> Result<Facture, ErreurLecture>,
    trip: impl Fn(&Facture) -> Facture,
) -> usize {
    let mut failures = Vec::new();
    let mut passed = 0;
    for path in &examples {
        let original =
            read(&std::fs::read(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", name(path)));
        let back = trip(&original);
        if back == original {
            passed += 1;
        } else {
            failures.push(format!("{}:\n{}", name(path), difference(&original, &back)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n\n")
    );
    passed
}

/// What CII D16B cannot carry of an EN 16931 model: one preceding invoice reference only
/// (`InvoiceReferencedDocument` is 0..1 in D16B, BG-3 0..n in EN 16931); a price discount
/// without a gross price (`ChargeAmount` is mandatory), which gets the gross price EN 16931
/// implies.
fn within_cii(f: &Facture) -> Facture {
    let mut f = f.clone();
    f.preceding_invoices.truncate(1);
    for l in &mut f.lines {
        let p = &mut l.price;
        if p.gross_price.is_none() {
            p.gross_price = p.discount.zip(p.net_price).map(|(d, n)| n + d);
        }
    }
    f
}

/// What UBL cannot carry of an EN 16931 model: an absent BT-110 beside a VAT breakdown
/// (`cac:TaxTotal/cbc:TaxAmount` is mandatory), written as zero.
fn within_ubl(f: &Facture) -> Facture {
    let mut f = f.clone();
    if f.totals.total_vat.is_none() && !f.vat_breakdown.is_empty() {
        f.totals.total_vat = Some(Decimal::ZERO);
    }
    f
}

#[test]
fn ubl_examples_round_trip_through_ubl() {
    let n = round_trips(ubl_examples(), read_ubl, |f| read_ubl(ubl::ecrire(f).as_bytes()).unwrap());
    assert_eq!(n, 48);
}

#[test]
fn cii_examples_round_trip_through_cii() {
    let n = round_trips(cii_examples(), read_cii, |f| read_cii(cii::ecrire(f).as_bytes()).unwrap());
    assert_eq!(n, 15);
}

#[test]
fn ubl_examples_round_trip_through_cii() {
    let n = round_trips(ubl_examples(), read_ubl, |f| {
        let back = read_ubl(ubl::ecrire(&read_cii(cii::ecrire(f).as_bytes()).unwrap()).as_bytes())
            .unwrap();
        // Only what D16B cannot carry may be lost, and nothing else.
        if back == within_cii(f) { f.clone() } else { back }
    });
    assert_eq!(n, 48);
}

#[test]
fn cii_examples_round_trip_through_ubl() {
    let n = round_trips(cii_examples(), read_cii, |f| {
        let back = read_cii(cii::ecrire(&read_ubl(ubl::ecrire(f).as_bytes()).unwrap()).as_bytes())
            .unwrap();
        if back == within_ubl(f) { f.clone() } else { back }
    });
    assert_eq!(n, 15);
}

#[test]
fn the_syntax_limits_are_met_where_expected() {
    // BIS Max content has two preceding invoices: CII keeps the first.
    let path = Path::new(FIXTURES).join("en16931/test/testfiles/Invoice-Max_content.xml");
    let f = read_ubl(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(f.preceding_invoices.len(), 2);
    let through = read_cii(cii::ecrire(&f).as_bytes()).unwrap();
    assert_eq!(through.preceding_invoices.len(), 1);
    assert_eq!(through, within_cii(&f));
    // guide-example2's first line has a discount but no gross price: CII gets 1273.00 + 225.00.
    let path = Path::new(FIXTURES).join("en16931/ubl/examples/guide-example2.xml");
    let f = read_ubl(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(f.lines[0].price.gross_price, None);
    let through = read_cii(cii::ecrire(&f).as_bytes()).unwrap();
    assert_eq!(
        through.lines[0].price.gross_price.map(|g| g.to_string()).as_deref(),
        Some("1498.00")
    );
    assert_eq!(through, within_cii(&f));
    // CII example 7 (VAT category O) has no BT-110: UBL writes a zero one.
    let path = Path::new(FIXTURES).join("en16931/cii/examples/CII_example7.xml");
    let f = read_cii(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(f.totals.total_vat, None);
    let through = read_ubl(ubl::ecrire(&f).as_bytes()).unwrap();
    assert_eq!(through.totals.total_vat, Some(Decimal::ZERO));
    assert_eq!(through, within_ubl(&f));
}

/// `xmllint`'s verdict on documents against a schema, one run for all: `Err` with its messages.
/// A machine without `xmllint` fails rather than skips, so that CI cannot pass unchecked.
fn xmllint(schema: &str, documents: &[(String, String)]) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!(
        "facteur-syntaxes-{}-{}",
        std::process::id(),
        documents.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut paths = Vec::new();
    for (i, (name, xml)) in documents.iter().enumerate() {
        let path = dir.join(format!(
            "{i:02}-{}.xml",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        ));
        std::fs::File::create(&path).unwrap().write_all(xml.as_bytes()).unwrap();
        paths.push(path);
    }
    let output = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema", schema])
        .args(&paths)
        .output()
        .unwrap_or_else(|e| panic!("xmllint could not run ({e}): apt-get install libxml2-utils"));
    std::fs::remove_dir_all(&dir).unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn schema(path: &str) -> String {
    format!("{FIXTURES}/schemas/{path}")
}

/// Documents by name.
type Written = Vec<(String, String)>;

/// Every example as the writers write it: UBL invoices, UBL credit notes, CII.
fn written() -> (Written, Written, Written) {
    let mut invoices = Vec::new();
    let mut credit_notes = Vec::new();
    let mut ciis = Vec::new();
    let models = ubl_examples()
        .iter()
        .map(|p| (name(p), read_ubl(&std::fs::read(p).unwrap()).unwrap()))
        .chain(
            cii_examples().iter().map(|p| (name(p), read_cii(&std::fs::read(p).unwrap()).unwrap())),
        )
        .collect::<Vec<_>>();
    for (name, f) in models {
        let xml = ubl::ecrire(&f);
        if xml.contains("<CreditNote ") {
            credit_notes.push((name.clone(), xml));
        } else {
            invoices.push((name.clone(), xml));
        }
        ciis.push((name, cii::ecrire(&f)));
    }
    (invoices, credit_notes, ciis)
}

#[test]
fn written_documents_are_valid_against_the_schemas() {
    let (invoices, credit_notes, ciis) = written();
    assert_eq!(invoices.len() + credit_notes.len(), 63);
    assert!(credit_notes.len() >= 5, "{}", credit_notes.len());
    assert_eq!(ciis.len(), 63);
    let checks = [
        ("ubl-2.1/maindoc/UBL-Invoice-2.1.xsd", &invoices),
        ("ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd", &credit_notes),
        ("cii-d16b/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd", &ciis),
    ];
    for (xsd, documents) in checks {
        if let Err(errors) = xmllint(&schema(xsd), documents) {
            panic!("{xsd}:\n{errors}");
        }
    }
}

#[test]
fn the_schemas_do_refuse_what_is_out_of_order() {
    // The validity test above is only worth something if xmllint does check order.
    let (invoices, _, ciis) = written();
    let (name, xml) = &invoices[0];
    let swapped = xml.replacen("<cbc:ID>", "<cbc:Xx>", 1).replacen("</cbc:ID>", "</cbc:Xx>", 1);
    assert!(
        xmllint(&schema("ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"), &[(name.clone(), swapped)])
            .is_err()
    );
    let (name, xml) = &ciis[0];
    let late = xml.replacen("<rsm:ExchangedDocumentContext>", "<rsm:ExchangedDocumentContext><ram:TestIndicator><udt:Indicator>true</udt:Indicator></ram:TestIndicator>", 1);
    let late = late.replacen("</rsm:ExchangedDocumentContext>", "<ram:TestIndicator><udt:Indicator>true</udt:Indicator></ram:TestIndicator></rsm:ExchangedDocumentContext>", 1);
    assert!(
        xmllint(
            &schema("cii-d16b/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd"),
            &[(name.clone(), late)]
        )
        .is_err()
    );
}

fn example(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join("en16931").join(path)).unwrap()
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn known_values_are_read_from_ubl() {
    let f = read_ubl(&example("test/testfiles/Invoice-Max_content.xml")).unwrap();
    assert_eq!(f.invoice_number.as_deref(), Some("2018210"));
    assert_eq!(f.issue_date, chrono::NaiveDate::from_ymd_opt(2018, 2, 8));
    assert_eq!((f.type_code.as_deref(), f.currency_code.as_deref()), (Some("380"), Some("SEK")));
    assert_eq!(f.vat_accounting_currency_code.as_deref(), Some("EUR"));
    assert_eq!(f.totals.total_vat, Some(d("2500")));
    assert_eq!(f.totals.total_vat_accounting_currency, Some(d("249")));
    assert_eq!(f.totals.amount_due, Some(d("12500")));
    assert_eq!(f.lines.len(), 2);
    assert_eq!(f.seller.name.as_deref(), Some("The Global Chain Sweden AB"));
    assert_eq!(f.seller.trading_name.as_deref(), Some("Global Trade Chain"));
    let ids: Vec<_> =
        f.seller.identifiers.iter().map(|i| (i.value.as_str(), i.scheme.as_deref())).collect();
    assert_eq!(ids, [("BilateralID", None), ("7350000001204", Some("0088"))]);
    assert_eq!(f.seller.tax_registration_identifier.as_deref(), Some("Godkänd för F-skatt"));
    assert_eq!(f.notes[0].text, "Document level Note\nLine break should be respected here.");
    assert_eq!(f.supporting_documents.len(), 3);
    let object = f.invoiced_object_identifier.as_ref().unwrap();
    assert_eq!((object.value.as_str(), object.scheme.as_deref()), ("ABC123", Some("VT")));
    let pay = f.payment_instructions.as_ref().unwrap();
    assert_eq!(pay.credit_transfers.len(), 4);
    assert_eq!(pay.remittance_information.as_deref(), Some("1800355"));
    assert_eq!(pay.text.as_deref(), Some("Credit transfer"));
    assert_eq!(f.preceding_invoices.len(), 2);
    let line = &f.lines[0];
    assert_eq!(line.price.discount, Some(d("0.50")));
    assert_eq!(line.price.gross_price, Some(d("20.50")));
    assert_eq!(line.item.classifications[0].list_version_id.as_deref(), Some("1.0"));
    assert_eq!(line.item.attributes.len(), 2);
    assert_eq!(line.unit_code.as_deref(), Some("MTR"));

    // Scales are kept: 0.50 writes back as 0.50 in both syntaxes.
    assert!(ubl::ecrire(&f).contains("<cbc:Amount currencyID=\"SEK\">0.50</cbc:Amount>"));
    assert!(cii::ecrire(&f).contains("<ram:ActualAmount>0.50</ram:ActualAmount>"));
}

#[test]
fn known_values_are_read_from_cii() {
    let f = read_cii(&example("cii/examples/CII_example1.xml")).unwrap();
    assert_eq!(f.invoice_number.as_deref(), Some("12115118"));
    assert_eq!(f.totals.total_with_vat, Some(d("250.33")));
    assert_eq!(f.lines.len(), 20);
    assert_eq!(f.seller.name.as_deref(), Some("De Koksmaat"));

    let f = read_cii(&example("cii/examples/CII_business_example_01.xml")).unwrap();
    assert_eq!(f.invoice_number.as_deref(), Some("TOSL108"));
    assert_eq!(f.totals.total_with_vat, Some(d("1801.78")));
    assert_eq!(f.lines.len(), 5);
    assert_eq!(f.seller.name.as_deref(), Some("Salescompany ltd."));
    assert_eq!(f.seller.identifiers[0].scheme.as_deref(), Some("0088"));
    assert_eq!(f.vat_point_date, chrono::NaiveDate::from_ymd_opt(2013, 6, 30));

    let f = read_cii(&example("cii/examples/CII_example5.xml")).unwrap();
    let pay = f.payment_instructions.as_ref().unwrap();
    assert_eq!(pay.remittance_information.as_deref(), Some("Payref1"));
    let debit = pay.direct_debit.as_ref().unwrap();
    assert_eq!(debit.creditor_identifier.as_deref(), Some("DK5678"));
    assert_eq!(debit.mandate_reference.as_deref(), Some("123456"));
    // BT-90 has no element of its own in UBL: a SEPA identifier of the seller or payee.
    let xml = ubl::ecrire(&f);
    assert!(xml.contains("<cbc:ID schemeID=\"SEPA\">DK5678</cbc:ID>"), "{xml}");
}

#[test]
fn credit_notes_are_written_as_ubl_credit_notes() {
    let f = read_ubl(&example("ubl/examples/ubl-tc434-creditnote1.xml")).unwrap();
    assert_eq!(f.type_code.as_deref(), Some("381"));
    let xml = ubl::ecrire(&f);
    assert!(xml.contains(
        "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""
    ));
    assert!(xml.contains("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"));
    assert!(xml.contains("<cac:CreditNoteLine>") && xml.contains("<cbc:CreditedQuantity"));
    assert!(!xml.contains("InvoiceLine") && !xml.contains("InvoicedQuantity"));
    // An invoice stays one.
    let f = read_cii(&example("cii/examples/CII_example1.xml")).unwrap();
    assert!(ubl::ecrire(&f).contains("<cac:InvoiceLine>"));
}

#[test]
fn an_attachment_is_kept_as_written_and_shared_by_clones() {
    let f =
        read_ubl(&example("ubl/examples/FT G2G_TD01 con Allegato, Bonifico e Split Payment.xml"))
            .unwrap();
    let attachment = f.supporting_documents[0].attachment.as_ref().unwrap();
    assert!(attachment.content.len() > 3_000_000, "{}", attachment.content.len());
    assert!(attachment.content.starts_with("JVBERi0")); // "%PDF-" in base64
    assert_eq!(attachment.mime_code.as_deref(), Some("application/pdf"));
    assert_eq!(attachment.filename.as_deref(), Some("mappatura_ubl_sdi.pdf"));
    let clone = f.clone();
    let cloned = clone.supporting_documents[0].attachment.as_ref().unwrap();
    assert!(std::sync::Arc::ptr_eq(&attachment.content, &cloned.content));
}

/// Invoice-Min_content_with_VAT with one text replaced.
fn min_with(from: &str, to: &str) -> String {
    let xml =
        String::from_utf8(example("test/testfiles/Invoice-Min_content_with_VAT.xml")).unwrap();
    assert!(xml.contains(from), "{from}");
    xml.replacen(from, to, 1)
}

#[test]
fn values_that_are_not_what_they_should_be_are_refused_with_their_path_and_line() {
    let xml = min_with("<cbc:IssueDate>2018-07-31", "<cbc:IssueDate>2024-13-45");
    let line = xml.lines().position(|l| l.contains("2024-13-45")).unwrap() + 1;
    let err = read_ubl(xml.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "`/Invoice/cbc:IssueDate` line {line}: [2024-13-45] is not a date. Expected [YYYY-MM-DD]"
        )
    );
    let err = read_ubl(min_with(">100<", ">25,00<").as_bytes()).unwrap_err().to_string();
    assert!(err.contains("[25,00] is not a decimal number"), "{err}");
    assert!(err.starts_with("`/Invoice/cac:TaxTotal/cbc:TaxAmount` line"), "{err}");

    let cii = String::from_utf8(example("cii/examples/CII_example1.xml")).unwrap();
    let bad = cii.replacen("format=\"102\">20", "format=\"102\">19991340", 1);
    let err = read_cii(bad.as_bytes()).unwrap_err().to_string();
    assert!(err.contains("is not a date. Expected [YYYYMMDD]"), "{err}");
    assert!(
        err.starts_with(
            "`/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString` line"
        ),
        "{err}"
    );
    let other_format = cii.replacen("format=\"102\"", "format=\"610\"", 1);
    let err = read_cii(other_format.as_bytes()).unwrap_err().to_string();
    assert!(
        err.contains("[610] is not a date format of EN 16931. Expected [102 (YYYYMMDD)]"),
        "{err}"
    );
}

#[test]
fn each_reader_refuses_the_other_syntax() {
    let err = read_cii(&example("test/testfiles/Invoice-Min_content_with_VAT.xml")).unwrap_err();
    assert!(matches!(err, ErreurLecture::Racine { .. }), "{err}");
    let err = read_ubl(&example("cii/examples/CII_example1.xml")).unwrap_err().to_string();
    assert_eq!(
        err,
        "the root element is [{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice]. Expected [UBL Invoice, UBL CreditNote]"
    );
}

#[test]
fn lire_tells_the_syntax_by_the_root_element() {
    let lu = lire(&example("test/testfiles/CreditNote-Min_content_with_VAT.xml")).unwrap();
    assert_eq!(lu.syntaxe, Syntaxe::Ubl);
    assert_eq!(lu.facture.type_code.as_deref(), Some("381"));
    assert!(lu.rapport.est_conforme());
    let lu = lire(&example("cii/examples/CII_example2.xml")).unwrap();
    assert_eq!(lu.syntaxe, Syntaxe::Cii);
    assert!(!lu.facture.lines.is_empty());

    let err = lire(b"<?xml version=\"1.0\"?>\n<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "the root element is [{urn:oasis:names:specification:ubl:schema:xsd:Order-2}Order]. Expected [UBL Invoice, UBL CreditNote, CII CrossIndustryInvoice]"
    );
    // An Invoice in no namespace is not a UBL Invoice.
    assert!(matches!(lire(b"<Invoice/>"), Err(ErreurLecture::Racine { .. })));
    assert!(matches!(lire(b"<Invoice>"), Err(ErreurLecture::Xml(_))));
    assert!(matches!(lire(b"%PDF-1.7\n..."), Err(ErreurLecture::FacturX(_))));
}

#[test]
fn a_factur_x_reads_as_its_embedded_cii() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let pdf = std::fs::read(format!("{dir}/facturx/CII_example1.pdf")).unwrap();
    let xml = std::fs::read(format!("{dir}/en16931/cii/examples/CII_example1.xml")).unwrap();
    let lu = lire(&pdf).unwrap();
    assert_eq!(lu.syntaxe, facteur_formats::Syntaxe::FacturX);
    assert_eq!(lu.facture, lire(&xml).unwrap().facture);

    let ubl = std::fs::read(format!("{dir}/facturx/ubl-en-factur-x.pdf")).unwrap();
    assert!(matches!(lire(&ubl), Err(ErreurLecture::FacturXPasCii(_))), "{:?}", lire(&ubl).err());
    let sans = std::fs::read(format!("{dir}/facturx/sans-piece-jointe.pdf")).unwrap();
    let err = lire(&sans).unwrap_err().to_string();
    assert!(err.contains("no Factur-X attachment"), "{err}");
}
