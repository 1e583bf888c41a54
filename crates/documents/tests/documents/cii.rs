//! The CII: valid against the UN/CEFACT D16B schema, and holding the invoice's values.

use std::io::Write;
use std::process::{Command, Stdio};

use facteur_documents::cii;
use facteur_domain::facture::{LigneFacture, TypeTva};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

use crate::exemple::{self, DESTINATAIRE, FOURNISSEUR, d, ligne};

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/cii-d16b/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd"
);

/// `xmllint`'s verdict on a document against the D16B schema: `Err` with its messages. A machine
/// without `xmllint` fails the test rather than skipping it, so that CI cannot pass unchecked.
fn xmllint(xml: &str) -> Result<(), String> {
    let mut child = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema", SCHEMA, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("xmllint could not run ({e}): apt-get install libxml2-utils"));
    child.stdin.take().unwrap().write_all(xml.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn assert_valid(xml: &str) {
    if let Err(errors) = xmllint(xml) {
        panic!("{errors}\n{xml}");
    }
}

/// An element read back: its path from the root, its attributes and its text.
struct Element {
    path: String,
    attributes: Vec<(String, String)>,
    text: String,
}

/// Every element of the document, in order.
fn elements(xml: &str) -> Vec<Element> {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    // The elements open, as indexes into `found`: text belongs to the innermost.
    let mut open: Vec<usize> = Vec::new();
    let mut found: Vec<Element> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                path.push(e.name().as_ref().to_owned());
                let attributes = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        let value =
                            a.normalized_value(XmlVersion::Implicit1_0).unwrap().into_owned();
                        (a.key.as_ref().to_owned(), value)
                    })
                    .collect();
                open.push(found.len());
                found.push(Element { path: path.join("/"), attributes, text: String::new() });
            }
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    found[i].text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let c = r
                    .resolve_char_ref()
                    .unwrap()
                    .or_else(|| resolve_predefined_entity(&r).and_then(|s| s.chars().next()));
                found[*open.last().unwrap()].text.push(c.unwrap());
            }
            Event::End(_) => {
                path.pop();
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

/// The attributes of the one element whose path ends with `suffix`.
fn attributes(xml: &str, suffix: &str) -> Vec<(String, String)> {
    let mut all: Vec<_> = elements(xml).into_iter().filter(|e| e.path.ends_with(suffix)).collect();
    assert_eq!(all.len(), 1, "{suffix}");
    all.remove(0).attributes
}

/// The texts of the elements whose path ends with `suffix`.
fn values(xml: &str, suffix: &str) -> Vec<String> {
    elements(xml).into_iter().filter(|e| e.path.ends_with(suffix)).map(|e| e.text).collect()
}

fn value(xml: &str, suffix: &str) -> String {
    let mut all = values(xml, suffix);
    assert_eq!(all.len(), 1, "{suffix}: {all:?}");
    all.remove(0)
}

#[test]
fn an_invoice_is_valid_cii() {
    let f = exemple::facture();
    assert_valid(&cii(&exemple::document(&f)));
}

#[test]
fn a_credit_note_with_nothing_optional_is_valid_cii() {
    let f = exemple::avoir();
    assert_valid(&cii(&exemple::document_minimal(&f)));
}

#[test]
fn the_schema_is_really_checked() {
    let f = exemple::facture();
    let xml = cii(&exemple::document(&f));
    let misplaced = xml.replacen(
        "<ram:TypeCode>380</ram:TypeCode>",
        "<ram:TypeCode>380</ram:TypeCode>\n<ram:ID>encore</ram:ID>",
        1,
    );
    assert!(xmllint(&misplaced).is_err());
}

#[test]
fn texts_that_need_escaping_survive() {
    let mut f = exemple::facture();
    f.numero = "F<1>&\"2\"".into();
    f.lignes[0].denomination = "A & B < C > D \u{1} ]]> é".into();
    f.commentaire = Some("ligne 1\r\nligne 2 \t fin".into());
    let xml = cii(&exemple::document(&f));
    assert_valid(&xml);
    assert_eq!(value(&xml, "rsm:ExchangedDocument/ram:ID"), "F<1>&\"2\"");
    assert_eq!(values(&xml, "ram:SpecifiedTradeProduct/ram:Name")[0], "A & B < C > D  ]]> é");
    assert_eq!(value(&xml, "ram:IncludedNote/ram:Content"), "ligne 1\r\nligne 2 \t fin");
    assert_eq!(values(&xml, "ram:SellerTradeParty/ram:Name"), [FOURNISSEUR]);
}

#[test]
fn the_invoice_s_values_are_the_ones_given() {
    let f = exemple::facture();
    let xml = cii(&exemple::document(&f));
    let header = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement";
    let totals = format!("{header}/ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    assert_eq!(value(&xml, "rsm:ExchangedDocument/ram:ID"), "F-2026-001");
    assert_eq!(value(&xml, "rsm:ExchangedDocument/ram:TypeCode"), "380");
    assert_eq!(value(&xml, "ram:IssueDateTime/udt:DateTimeString"), "20261102");
    assert_eq!(
        value(&xml, "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"),
        "urn:cen.eu:en16931:2017"
    );
    assert_eq!(value(&xml, "ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"), "A1");
    assert_eq!(value(&xml, &format!("{totals}/ram:LineTotalAmount")), "167.40");
    assert_eq!(value(&xml, &format!("{totals}/ram:TaxBasisTotalAmount")), "167.40");
    assert_eq!(value(&xml, &format!("{totals}/ram:TaxTotalAmount")), "29.86");
    assert_eq!(value(&xml, &format!("{totals}/ram:GrandTotalAmount")), "197.26");
    assert_eq!(value(&xml, &format!("{totals}/ram:DuePayableAmount")), "197.26");
    assert!(values(&xml, "ram:TotalPrepaidAmount").is_empty());
    let euros = [("currencyID".to_owned(), "EUR".to_owned())];
    assert_eq!(attributes(&xml, "ram:TaxTotalAmount"), euros);
    assert_eq!(value(&xml, &format!("{header}/ram:InvoiceCurrencyCode")), "EUR");

    assert_eq!(values(&xml, "ram:AssociatedDocumentLineDocument/ram:LineID"), ["1", "2", "3"]);
    assert_eq!(values(&xml, "ram:LineTotalAmount")[..3], ["49.90", "92.50", "25.00"]);
    assert_eq!(values(&xml, "ram:SellerAssignedID"), ["RAM-A4-80", "ENC-XL"]);
    assert_eq!(values(&xml, "ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount"), ["5.00"]);
    assert_eq!(values(&xml, "ram:BilledQuantity"), ["10", "3", "2.5"]);
    let units: Vec<_> = elements(&xml)
        .into_iter()
        .filter(|e| e.path.ends_with("ram:BilledQuantity"))
        .map(|e| e.attributes[0].1.clone())
        .collect();
    assert_eq!(units, ["H87", "C62", "C62"]);

    let vat = format!("{header}/ram:ApplicableTradeTax");
    assert_eq!(values(&xml, &format!("{vat}/ram:BasisAmount")), ["142.40", "25.00"]);
    assert_eq!(values(&xml, &format!("{vat}/ram:CalculatedAmount")), ["28.48", "1.38"]);
    assert_eq!(values(&xml, &format!("{vat}/ram:RateApplicablePercent")), ["20", "5.5"]);
    assert_eq!(values(&xml, &format!("{vat}/ram:CategoryCode")), ["S", "S"]);
    assert_eq!(values(&xml, &format!("{vat}/ram:DueDateTypeCode")), ["5", "5"]);

    let agreement = "ram:ApplicableHeaderTradeAgreement";
    assert_eq!(value(&xml, &format!("{agreement}/ram:BuyerReference")), "DAF-01");
    assert_eq!(value(&xml, "ram:BuyerTradeParty/ram:Name"), DESTINATAIRE);
    assert_eq!(
        value(&xml, "ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"),
        "73282932000074"
    );
    let seller_id = "ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID";
    assert_eq!(attributes(&xml, seller_id), [("schemeID".to_owned(), "0002".to_owned())]);
    assert_eq!(
        value(&xml, "ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID"),
        "FR44732829320"
    );
    assert_eq!(
        value(&xml, "ram:SellerTradeParty/ram:PostalTradeAddress/ram:LineTwo"),
        "Bâtiment B <porte 3>"
    );
    assert_eq!(
        value(&xml, "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
        "EJ-1000234567"
    );
    assert_eq!(
        value(&xml, "ram:ContractReferencedDocument/ram:IssuerAssignedID"),
        "M-2025/42 & avenant n°1"
    );
    assert_eq!(
        values(&xml, "ram:AdditionalReferencedDocument/ram:IssuerAssignedID"),
        ["bon-de-livraison-0042.pdf", "procès-verbal & annexe.pdf"]
    );
    assert_eq!(
        value(&xml, "ram:SpecifiedTradePaymentTerms/ram:Description"),
        "Mode de paiement : VIREMENT"
    );
    assert!(values(&xml, "ram:InvoiceReferencedDocument/ram:IssuerAssignedID").is_empty());
}

#[test]
fn a_credit_note_refers_to_its_invoice_and_exempts_its_zero_rate() {
    let f = exemple::avoir();
    let xml = cii(&exemple::document_minimal(&f));
    assert_eq!(value(&xml, "rsm:ExchangedDocument/ram:TypeCode"), "381");
    assert_eq!(value(&xml, "ram:InvoiceReferencedDocument/ram:IssuerAssignedID"), "F-2026-001");
    assert_eq!(value(&xml, "ram:GrandTotalAmount"), "161.98");
    let vat = "ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax";
    assert_eq!(values(&xml, &format!("{vat}/ram:CategoryCode")), ["S", "E"]);
    assert_eq!(values(&xml, &format!("{vat}/ram:ExemptionReason")), ["Exonération de TVA"]);
    assert_eq!(values(&xml, &format!("{vat}/ram:DueDateTypeCode")), ["72"]);
    assert_eq!(
        values(&xml, "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode"),
        ["S", "E"]
    );
    // Nothing optional: no reference, no payment terms, no VAT number, no buyer reference.
    for absent in [
        "ram:BuyerReference",
        "ram:BuyerOrderReferencedDocument",
        "ram:ContractReferencedDocument",
        "ram:AdditionalReferencedDocument",
        "ram:SpecifiedTradePaymentTerms",
        "ram:SpecifiedTaxRegistration",
        "ram:IncludedNote",
        "ram:SellerTradeParty/ram:PostalTradeAddress",
    ] {
        assert!(values(&xml, absent).is_empty(), "{absent}");
    }
    // A SIRET without an address is still in France; a foreign identifier has no scheme.
    assert_eq!(value(&xml, "ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CountryID"), "FR");
    let seller_id = "ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID";
    assert_eq!(attributes(&xml, seller_id), []);
    assert_eq!(value(&xml, seller_id), "DE123456789");
}

#[test]
fn an_exemption_gives_its_reason_and_a_global_discount_is_paid_already() {
    let mut f = exemple::avoir();
    f.type_tva = TypeTva::Exoneration;
    f.references.motif_exoneration_tva = Some("Art. 261-4-4° du CGI : formation".into());
    f.totaux.remise_globale_ttc = d("1.98");
    f.totaux.a_payer = d("160.00");
    f.lignes.push(LigneFacture { remise_ht: d("0"), ..ligne(3, "Support", "1", "0", "0") });
    let xml = cii(&exemple::document(&f));
    assert_valid(&xml);
    assert_eq!(values(&xml, "ram:ExemptionReason"), ["Art. 261-4-4° du CGI : formation"]);
    assert!(values(&xml, "ram:DueDateTypeCode").is_empty());
    assert_eq!(value(&xml, "ram:TotalPrepaidAmount"), "1.98");
    assert_eq!(value(&xml, "ram:DuePayableAmount"), "160.00");
}
