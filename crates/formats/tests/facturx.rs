//! Factur-X: the XML out of PDFs made by other tools (see fixtures/facturx/SOURCE.md), hostile
//! PDFs, and PDFs written by `ecrire` read back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

use facteur_formats::facturx::{ErreurFacturX, TAILLE_XML_MAX, ecrire, extraire_xml};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn pdf(nom: &str) -> Vec<u8> {
    fs::read(fixtures().join("facturx").join(nom)).unwrap()
}

fn cii(nom: &str) -> Vec<u8> {
    fs::read(fixtures().join("en16931/cii/examples").join(nom)).unwrap()
}

fn exemples_cii() -> Vec<(String, Vec<u8>)> {
    let mut tous: Vec<_> = fs::read_dir(fixtures().join("en16931/cii/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&p).unwrap()))
        .collect();
    tous.sort();
    assert_eq!(tous.len(), 15);
    tous
}

#[test]
fn the_xml_comes_out_of_pdfs_made_by_the_factur_x_package() {
    for (pdf_, xml) in [
        ("CII_example1.pdf", "CII_example1.xml"),
        ("CII_example4.pdf", "CII_example4.xml"),
        ("CII_business_example_Z.pdf", "CII_business_example_Z.xml"),
    ] {
        assert_eq!(extraire_xml(&pdf(pdf_)).unwrap(), cii(xml), "{pdf_}");
    }
}

#[test]
fn objects_in_object_streams_behind_a_cross_reference_stream_are_found() {
    let fichier = pdf("CII_example1-objstm.pdf");
    // The fixture is what it claims to be: nothing but a stream to find the catalog in.
    assert!(fichier.windows(7).any(|w| w == b"/ObjStm"));
    assert!(!fichier.windows(7).any(|w| w == b"trailer"));
    assert_eq!(extraire_xml(&fichier).unwrap(), cii("CII_example1.xml"));
}

#[test]
fn the_invoice_is_chosen_by_name_not_by_position() {
    assert_eq!(extraire_xml(&pdf("deux-pieces.pdf")).unwrap(), cii("CII_example1.xml"));
}

#[test]
fn zugferd_names_count_whatever_their_case_and_without_af() {
    assert_eq!(extraire_xml(&pdf("zugferd-sans-af.pdf")).unwrap(), cii("CII_example1.xml"));
}

#[test]
fn a_pdf_without_attachment_says_so() {
    let e = extraire_xml(&pdf("sans-piece-jointe.pdf")).unwrap_err();
    assert_eq!(e, ErreurFacturX::SansPieceJointe { trouvees: vec![] });
    assert!(
        e.to_string().starts_with("the PDF carries no Factur-X attachment (no /AF entry"),
        "{e}"
    );
}

#[test]
fn an_attachment_under_another_name_is_not_the_invoice_and_is_named_in_the_error() {
    let e = extraire_xml(&pdf("autre-nom.pdf")).unwrap_err();
    assert_eq!(e, ErreurFacturX::SansPieceJointe { trouvees: vec!["invoice.xml".into()] });
    assert!(e.to_string().ends_with("; its attachments: invoice.xml"), "{e}");
}

#[test]
fn a_ubl_invoice_named_factur_x_is_extracted_for_the_caller_to_reject() {
    let ubl = fs::read(fixtures().join("en16931/ubl/examples/ubl-tc434-example1.xml")).unwrap();
    assert_eq!(extraire_xml(&pdf("ubl-en-factur-x.pdf")).unwrap(), ubl);
}

#[test]
fn a_deflate_bomb_stops_at_the_bound() {
    let e = extraire_xml(&pdf("bombe.pdf")).unwrap_err();
    assert_eq!(
        e,
        ErreurFacturX::TropGrand {
            quoi: "the attachment factur-x.xml".into(),
            limite: TAILLE_XML_MAX
        }
    );
    assert!(e.to_string().contains("larger than 52428800 bytes"), "{e}");
}

#[test]
fn a_truncated_pdf_is_unreadable() {
    let e = extraire_xml(&pdf("tronque.pdf")).unwrap_err();
    assert!(matches!(e, ErreurFacturX::Illisible(_)), "{e:?}");
}

#[test]
fn what_is_not_a_pdf_is_said_to_be_none() {
    for octets in [&b""[..], b"%PD", b"<?xml version=\"1.0\"?><Invoice/>", &cii("CII_example1.xml")]
    {
        assert_eq!(extraire_xml(octets), Err(ErreurFacturX::PasUnPdf));
    }
    assert_eq!(ErreurFacturX::PasUnPdf.to_string(), "not a PDF: no %PDF- header");
}

/// A deterministic generator (xorshift64*), so that a failure can be replayed.
struct Hasard(u64);

impl Hasard {
    fn suivant(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn sous(&mut self, n: usize) -> usize {
        (self.suivant() % n as u64) as usize
    }
}

#[test]
fn truncated_and_corrupted_factur_x_never_panic() {
    let mut hasard = Hasard(0x00fa_c7e0_2024);
    let mut lus = 0;
    for nom in ["CII_example1.pdf", "CII_example1-objstm.pdf"] {
        let original = pdf(nom);
        let xml = cii("CII_example1.xml");
        // Every truncation every 7 bytes, and a few thousand random corruptions.
        for fin in (0..original.len()).step_by(7) {
            if let Ok(extrait) = extraire_xml(&original[..fin]) {
                assert_eq!(extrait, xml, "{nom} cut at {fin}");
            }
        }
        for _ in 0..1500 {
            let mut abime = original.clone();
            for _ in 0..=hasard.sous(4) {
                let i = hasard.sous(abime.len());
                match hasard.sous(3) {
                    0 => abime[i] = hasard.suivant() as u8,
                    1 => abime[i] ^= 1 << hasard.sous(8),
                    _ => abime[i] = b"0123456789 /<>[]()RobjendstreamxrefPrev"[hasard.sous(39)],
                }
            }
            if let Ok(extrait) = extraire_xml(&abime) {
                // Flate's checksum guards the XML: what comes out is the XML, or the stream as
                // it is in the file (compressed bytes) when its /Filter key was damaged, never
                // a damaged XML.
                assert!(extrait == xml || !extrait.starts_with(b"<"), "{nom}");
                lus += usize::from(extrait == xml);
            }
        }
    }
    // Many corruptions leave the invoice readable, so the readings above did happen.
    assert!(lus > 500, "{lus}");
}

/// A visual PDF as `crates/documents` writes them: pdf-writer, one page, standard font.
fn pdf_visuel() -> Vec<u8> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
    let (catalogue, pages, page, police, contenu, info) =
        (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(6));
    let mut pdf = Pdf::new();
    pdf.catalog(catalogue).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, 595.0, 842.0)).parent(pages).contents(contenu);
    p.resources().fonts().pair(Name(b"F1"), police);
    p.finish();
    pdf.type1_font(police).base_font(Name(b"Helvetica"));
    let mut c = Content::new();
    c.begin_text()
        .set_font(Name(b"F1"), 14.0)
        .next_line(72.0, 770.0)
        .show(Str(b"Invoice"))
        .end_text();
    pdf.stream(contenu, &c.finish());
    pdf.document_info(info)
        .title(pdf_writer::TextStr("Invoice <F1> & co"))
        .producer(pdf_writer::TextStr("facteur"));
    pdf.finish()
}

#[test]
fn every_cen_example_round_trips_through_a_written_factur_x() {
    let visuels = [pdf_visuel(), pdf("sans-piece-jointe.pdf"), pdf("CII_example1-objstm.pdf")];
    for (nom, xml) in exemples_cii() {
        for (i, visuel) in visuels.iter().enumerate() {
            let facturx = ecrire(&xml, visuel).unwrap();
            assert!(facturx.starts_with(visuel), "{nom}: an incremental update keeps the PDF");
            assert_eq!(extraire_xml(&facturx).unwrap(), xml, "{nom} in visual PDF {i}");
        }
    }
}

#[test]
fn a_written_factur_x_declares_itself() {
    let facturx = ecrire(&cii("CII_example2.xml"), &pdf_visuel()).unwrap();
    let texte = String::from_utf8_lossy(&facturx);
    for attendu in [
        "/AFRelationship /Data",
        "/Type /Filespec",
        "/UF <",
        "/Subtype /text#2Fxml",
        "/EmbeddedFiles <</Names [<",
        "<pdfaid:part>3</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "<fx:DocumentType>INVOICE</fx:DocumentType>",
        "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
        "<fx:Version>1.0</fx:Version>",
        "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>",
        "<pdfaSchema:prefix>fx</pdfaSchema:prefix>",
        // The document information is mirrored, escaped.
        "<rdf:li xml:lang=\"x-default\">Invoice &lt;F1&gt; &amp; co</rdf:li>",
        "<pdf:Producer>facteur</pdf:Producer>",
    ] {
        assert!(texte.contains(attendu), "{attendu} missing");
    }
}

#[test]
fn writing_again_replaces_the_invoice() {
    let premiere = ecrire(&cii("CII_example1.xml"), &pdf_visuel()).unwrap();
    let seconde = ecrire(&cii("CII_example2.xml"), &premiere).unwrap();
    assert_eq!(extraire_xml(&seconde).unwrap(), cii("CII_example2.xml"));
    // So does writing into a Factur-X whose invoice is a ZUGFeRD-named one without /AF.
    let zugferd = ecrire(&cii("CII_example3.xml"), &pdf("zugferd-sans-af.pdf")).unwrap();
    assert_eq!(extraire_xml(&zugferd).unwrap(), cii("CII_example3.xml"));
}

#[test]
fn other_attachments_are_kept() {
    let facturx = ecrire(&cii("CII_example1.xml"), &pdf("autre-nom.pdf")).unwrap();
    let texte = String::from_utf8_lossy(&facturx);
    let arbre = texte.rfind("/EmbeddedFiles").unwrap();
    // Both names, sorted, in the new tree: factur-x.xml before invoice.xml.
    let hexa = |s: &str| s.bytes().map(|b| format!("{b:02X}")).collect::<String>();
    let (f, i) =
        (texte[arbre..].find(&hexa("factur-x.xml")), texte[arbre..].find(&hexa("invoice.xml")));
    assert!(f.is_some() && i.is_some() && f < i, "{}", &texte[arbre..]);
}

#[test]
fn writing_into_what_is_not_a_pdf_fails() {
    assert_eq!(ecrire(&cii("CII_example1.xml"), b"hello"), Err(ErreurFacturX::PasUnPdf));
}
