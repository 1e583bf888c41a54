//! The Chorus Pro view of EN 16931 invoices: what routing and the platform's checks need.

#![allow(clippy::unwrap_used)]

use facteur_domain::facture::{TypeFacture, TypeTva, verifier_montants};
use facteur_formats::modele::{Facture, Identifier};
use facteur_formats::xml::{Document, Limites};
use facteur_formats::{cii, ubl};
use rust_decimal::Decimal;

const SIRET_ACHETEUR: &str = "11000201100044";

fn read(path: &str) -> Facture {
    let bytes =
        std::fs::read(format!("{}/tests/fixtures/en16931/{path}", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let doc = Document::parse(&bytes, &Limites::default()).unwrap();
    if path.starts_with("cii") { cii::lire(&doc).unwrap() } else { ubl::lire(&doc).unwrap() }
}

fn siret(value: &str) -> Identifier {
    Identifier { value: value.into(), scheme: Some("0009".into()) }
}

/// A CEN example addressed to a French public buyer.
fn to_chorus(path: &str) -> Facture {
    let mut f = read(path);
    f.buyer.identifiers = vec![siret(SIRET_ACHETEUR)];
    f
}

#[test]
fn an_invoice_becomes_a_chorus_pro_invoice_whose_amounts_add_up() {
    let mut f = to_chorus("test/testfiles/Invoice-Min_content_with_VAT.xml");
    f.buyer_reference = Some("SERVICE-1".into());
    f.purchase_order_reference = Some("EJ-2018-42".into());
    let c = f.vers_facture().unwrap();
    assert_eq!(c.numero, f.invoice_number.clone().unwrap());
    assert_eq!(c.type_facture, TypeFacture::Facture);
    assert_eq!(Some(c.date_facture), f.issue_date);
    assert_eq!(c.devise, "SEK");
    // BT-23 is PEPPOL's profile here, not a framework.
    assert_eq!(c.cadre, "A1_FACTURE_FOURNISSEUR");
    assert_eq!(c.type_tva, TypeTva::SurDebit);
    assert_eq!(c.destinataire.code, SIRET_ACHETEUR);
    assert_eq!(c.destinataire.code_service.as_ref().map(|s| s.as_str()), Some("SERVICE-1"));
    assert_eq!(c.references.numero_engagement.as_deref(), Some("EJ-2018-42"));
    assert_eq!(c.lignes.len(), f.lines.len());
    assert_eq!(c.lignes[0].denomination, f.lines[0].item.name.clone().unwrap());
    assert_eq!(Some(c.totaux.a_payer), f.totals.amount_due);
    assert_eq!(Some(c.totaux.ttc), f.totals.total_with_vat);
    assert_eq!(c.totaux.remise_globale_ttc, Decimal::ZERO);
    assert_eq!(verifier_montants(&c), Vec::<String>::new());
}

#[test]
fn a_credit_note_is_an_avoir_with_its_preceding_invoice() {
    let f = to_chorus("test/testfiles/BIS_Billing_30-Kreditering_med_kreditnota.xml");
    let c = f.vers_facture().unwrap();
    assert_eq!(c.type_facture, TypeFacture::Avoir);
    assert_eq!(
        c.references.numero_facture_origine,
        f.preceding_invoices.first().and_then(|p| p.reference.clone())
    );
    assert!(c.references.numero_facture_origine.is_some());
}

#[test]
fn every_missing_piece_is_listed() {
    let mut f = read("test/testfiles/Invoice-Min_content_with_VAT.xml");
    f.invoice_number = None;
    f.currency_code = None;
    f.lines[0].price.net_price = None;
    let errors = f.vers_facture().unwrap_err();
    assert_eq!(
        errors,
        [
            "numeroFactureSaisi (BT-1): [] is missing. Expected [the invoice number]",
            "deviseFacture (BT-5): [] is missing. Expected [an ISO 4217 currency]",
            "destinataire.codeDestinataire (BT-46, scheme 0009): [] is missing. Expected [the buyer's SIRET]",
            "lignePoste[1].lignePostePrixUnitaireHT (BT-146): [] is missing. Expected [the net price]",
        ]
    );
    let mut f = to_chorus("test/testfiles/Invoice-Min_content_with_VAT.xml");
    f.buyer.identifiers = vec![siret("11000201100045")];
    f.buyer_reference = Some("pas un code".into());
    let errors = f.vers_facture().unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("destinataire.codeDestinataire (BT-46): [11000201100045] is not a SIRET"),
        "{errors:?}"
    );
    assert!(errors[1].starts_with("destinataire.codeServiceDestinataire (BT-10): "), "{errors:?}");
}

#[test]
fn the_buyer_siret_may_be_its_electronic_address_and_a_siren_does_not_route() {
    let mut f = read("test/testfiles/Invoice-Min_content_with_VAT.xml");
    f.buyer.identifiers.clear();
    f.buyer.legal_registration_identifier =
        Some(Identifier { value: "110002011".into(), scheme: Some("0002".into()) });
    assert!(f.vers_facture().is_err());
    f.buyer.electronic_address = Some(siret(SIRET_ACHETEUR));
    assert_eq!(f.vers_facture().unwrap().destinataire.code, SIRET_ACHETEUR);
}

#[test]
fn the_framework_comes_from_bt_23_when_it_names_one() {
    let mut f = to_chorus("test/testfiles/Invoice-Min_content_with_VAT.xml");
    for (bt23, cadre) in [
        ("A2", "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE"),
        ("A12", "A12_FACTURE_COTRAITANT"),
        ("A9_FACTURE_SOUSTRAITANT", "A9_FACTURE_SOUSTRAITANT"),
        ("urn:fdc:peppol.eu:2017:poacc:billing:01:1.0", "A1_FACTURE_FOURNISSEUR"),
    ] {
        f.business_process_type = Some(bt23.into());
        assert_eq!(f.vers_facture().unwrap().cadre, cadre, "{bt23}");
    }
    f.business_process_type = Some("A99".into());
    assert_eq!(
        f.vers_facture().unwrap_err(),
        [
            "cadreDeFacturation.codeCadreFacturation (BT-23): [A99] is not an invoicing framework. Expected [A1, A2, A9, A12, … or the framework's full code]"
        ]
    );
}

#[test]
fn the_vat_regime_comes_from_the_categories_and_the_tax_point_code() {
    let mut f = to_chorus("test/testfiles/Invoice-Min_content_with_VAT.xml");
    f.vat_point_date_code = Some("432".into());
    assert_eq!(f.vers_facture().unwrap().type_tva, TypeTva::SurEncaissement);

    let f = to_chorus("test/testfiles/Invoice-Min_content_without_VAT.xml");
    let categories: Vec<_> = f.vat_breakdown.iter().map(|v| v.category_code.clone()).collect();
    let c = f.vers_facture().unwrap();
    match categories[0].as_deref() {
        Some("E") => {
            assert_eq!(c.type_tva, TypeTva::Exoneration);
            assert_eq!(c.references.motif_exoneration_tva, f.vat_breakdown[0].exemption_reason);
        }
        Some("O") => assert_eq!(c.type_tva, TypeTva::SansTva),
        other => panic!("{other:?}"),
    }
    let mut f = f.clone();
    for v in &mut f.vat_breakdown {
        v.category_code = Some("O".into());
    }
    assert_eq!(f.vers_facture().unwrap().type_tva, TypeTva::SansTva);
    for v in &mut f.vat_breakdown {
        v.category_code = Some("E".into());
        v.exemption_reason = Some("Exonération, article 261 du CGI".into());
    }
    let c = f.vers_facture().unwrap();
    assert_eq!(c.type_tva, TypeTva::Exoneration);
    assert_eq!(
        c.references.motif_exoneration_tva.as_deref(),
        Some("Exonération, article 261 du CGI")
    );

    // CII writes BT-8 as UNTDID 2475: 72 (paid to date) is VAT on payment.
    let mut f = read("cii/examples/CII_business_example_01.xml");
    f.buyer.identifiers = vec![siret(SIRET_ACHETEUR)];
    f.vat_point_date_code = Some("432".into());
    let written = cii::ecrire(&f);
    assert!(written.contains("<ram:DueDateTypeCode>72</ram:DueDateTypeCode>"));
    let back = cii::lire(&Document::parse(written.as_bytes(), &Limites::default()).unwrap());
    let back = back.unwrap();
    assert_eq!(back.vat_point_date_code.as_deref(), Some("432"));
    assert_eq!(back.vers_facture().unwrap().type_tva, TypeTva::SurEncaissement);
}

#[test]
fn the_seller_siret_is_its_0009_identifier() {
    let mut f = read("test/testfiles/Invoice-Min_content_with_VAT.xml");
    assert_eq!(f.siret_vendeur(), None);
    f.seller.legal_registration_identifier = Some(siret("35600000000048"));
    assert_eq!(f.siret_vendeur(), Some("35600000000048"));
    f.seller.identifiers.push(siret("11000201100044"));
    assert_eq!(f.siret_vendeur(), Some("11000201100044"));
}
