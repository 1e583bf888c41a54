//! The EN 16931 rules against the official tests: every `<test>` of the CEN's VEFA test sets
//! must give the expected verdict (the one the official Schematron gives under Saxon), and no
//! CEN example may fail a fatal rule.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use facteur_formats::xml::{Document, Limites};
use facteur_formats::{ErreurRegles, Niveau, Rapport, valider};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/en16931")
}

fn fichiers(dossier: &Path) -> Vec<PathBuf> {
    let mut fichiers: Vec<PathBuf> = std::fs::read_dir(dossier)
        .unwrap_or_else(|e| panic!("{}: {e}", dossier.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")))
        .collect();
    fichiers.sort();
    fichiers
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attendu {
    /// The rule must not fire.
    Succes,
    /// It must fire, fatal.
    Erreur,
    /// It must fire, as a warning.
    Avertissement,
}

struct Cas {
    fichier: String,
    numero: usize,
    attentes: Vec<(Attendu, String)>,
    document: String,
}

/// The tests of a VEFA test set: expectations, and the inline document as its own text.
fn cas_du_fichier(chemin: &Path) -> Vec<Cas> {
    let source = std::fs::read_to_string(chemin).unwrap();
    let fichier = chemin.file_name().unwrap().to_string_lossy().into_owned();
    let mut reader = Reader::from_str(&source);
    let mut cas = Vec::new();
    let mut dans_test = false;
    let mut dans_assert = false;
    let mut attendu: Option<Attendu> = None;
    let mut attentes = Vec::new();
    let mut document: Option<String> = None;
    loop {
        let avant = reader.buffer_position() as usize;
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                let nom = e.local_name();
                let nom: String = nom.as_ref().to_owned();
                match nom.as_str() {
                    "test" if !dans_test => {
                        dans_test = true;
                        attentes.clear();
                        document = None;
                    }
                    "assert" if dans_test && document.is_none() => dans_assert = true,
                    "success" if dans_assert => attendu = Some(Attendu::Succes),
                    "error" if dans_assert => attendu = Some(Attendu::Erreur),
                    "warning" if dans_assert => attendu = Some(Attendu::Avertissement),
                    _ if dans_test && !dans_assert => {
                        reader.read_to_end(e.name()).unwrap();
                        let apres = reader.buffer_position() as usize;
                        assert!(document.is_none(), "{fichier}: two documents in a test");
                        document = Some(source[avant..apres].to_owned());
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(a) = attendu {
                    attentes.push((a, t.xml10_content().trim().to_owned()));
                }
            }
            Event::End(e) => {
                let nom = e.local_name();
                match nom.as_ref() {
                    "success" | "error" | "warning" => attendu = None,
                    "assert" => dans_assert = false,
                    "test" if dans_test => {
                        dans_test = false;
                        cas.push(Cas {
                            fichier: fichier.clone(),
                            numero: cas.len() + 1,
                            attentes: std::mem::take(&mut attentes),
                            document: document
                                .take()
                                .unwrap_or_else(|| panic!("{fichier}: a test without document")),
                        });
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    cas
}

fn rapport(document: &str) -> Result<Rapport, String> {
    let doc =
        Document::parse(document.as_bytes(), &Limites::default()).map_err(|e| e.to_string())?;
    valider(&doc).map_err(|e| e.to_string())
}

/// Runs every test of the test sets in these folders; returns how many, how many expectations
/// of each kind (success, error, warning), and the mismatches.
fn executer(dossiers: &[&str]) -> (usize, [usize; 3], Vec<String>) {
    let mut total = 0;
    let mut par_sorte = [0; 3];
    let mut ecarts = Vec::new();
    for dossier in dossiers {
        for chemin in fichiers(&fixtures().join(dossier)) {
            for cas in cas_du_fichier(&chemin) {
                total += 1;
                assert!(
                    !cas.attentes.is_empty(),
                    "{} #{}: no expectation",
                    cas.fichier,
                    cas.numero
                );
                let rapport = match rapport(&cas.document) {
                    Ok(r) => r,
                    Err(e) => {
                        ecarts.push(format!("{dossier}/{} #{}: {e}", cas.fichier, cas.numero));
                        continue;
                    }
                };
                for (attendu, id) in &cas.attentes {
                    par_sorte[*attendu as usize] += 1;
                    let niveaux: BTreeSet<&str> = rapport
                        .echecs
                        .iter()
                        .filter(|e| &e.id == id)
                        .map(|e| if e.niveau == Niveau::Fatal { "fatal" } else { "warning" })
                        .collect();
                    let ok = match attendu {
                        Attendu::Succes => niveaux.is_empty(),
                        Attendu::Erreur => niveaux.contains("fatal"),
                        Attendu::Avertissement => niveaux.contains("warning"),
                    };
                    if !ok {
                        let tirees: BTreeSet<&str> =
                            rapport.echecs.iter().map(|e| e.id.as_str()).collect();
                        ecarts.push(format!(
                            "{dossier}/{} #{}: expected {attendu:?} {id}, got {id} {niveaux:?}; fired: {tirees:?}",
                            cas.fichier, cas.numero
                        ));
                    }
                }
            }
        }
    }
    (total, par_sorte, ecarts)
}

#[test]
fn every_official_ubl_rule_test_gives_the_official_verdict() {
    let (total, par_sorte, ecarts) =
        executer(&["test/Invoice-unit-UBL", "test/CreditNote-unit-UBL"]);
    assert_eq!(total, 1131, "every UBL test is run");
    assert_eq!(par_sorte, [564, 567, 2], "expected successes, errors, warnings");
    assert!(
        ecarts.is_empty(),
        "{} of {total} UBL tests differ:\n{}",
        ecarts.len(),
        ecarts.join("\n")
    );
}

#[test]
fn every_official_cii_rule_test_gives_the_official_verdict() {
    let (total, par_sorte, ecarts) = executer(&["test/cii"]);
    assert_eq!(total, 9, "every CII test is run");
    assert_eq!(par_sorte, [4, 5, 0], "expected successes, errors, warnings");
    assert!(
        ecarts.is_empty(),
        "{} of {total} CII tests differ:\n{}",
        ecarts.len(),
        ecarts.join("\n")
    );
}

/// Every rule test once more, its document made larger than the size above which the reader
/// copies values out of the source (by a comment after the root): the same failures, at the
/// same places and lines, as the document as written.
#[test]
fn a_documents_report_is_the_same_when_the_reader_gathers_its_values() {
    let remplissage = format!("\n<!--{}-->\n", " ".repeat(300 * 1024));
    let echecs = |r: Rapport| -> Vec<(String, String, u32, bool)> {
        r.echecs
            .into_iter()
            .map(|e| (e.id, e.emplacement, e.ligne, e.niveau == Niveau::Fatal))
            .collect()
    };
    let mut compares = 0;
    for dossier in ["test/Invoice-unit-UBL", "test/CreditNote-unit-UBL", "test/cii"] {
        for chemin in fichiers(&fixtures().join(dossier)) {
            for cas in cas_du_fichier(&chemin) {
                let grand = format!("{}{remplissage}", cas.document.trim_end());
                let (Ok(petit), Ok(grand)) = (rapport(&cas.document), rapport(&grand)) else {
                    panic!("{} #{}: not validated", cas.fichier, cas.numero);
                };
                assert_eq!(echecs(petit), echecs(grand), "{} #{}", cas.fichier, cas.numero);
                compares += 1;
            }
        }
    }
    assert_eq!(compares, 1140);
}

#[test]
fn the_cen_examples_fail_no_fatal_rule() {
    let mut total = 0;
    let mut ecarts = Vec::new();
    for (dossier, attendus) in [("ubl/examples", 19), ("cii/examples", 15), ("test/testfiles", 29)]
    {
        let chemins = fichiers(&fixtures().join(dossier));
        assert_eq!(chemins.len(), attendus, "{dossier}");
        for chemin in chemins {
            total += 1;
            let source = std::fs::read_to_string(&chemin).unwrap();
            match rapport(&source) {
                Ok(r) if r.est_conforme() => {}
                Ok(r) => {
                    let fatals: Vec<String> = r
                        .fatals()
                        .map(|e| format!("{} at {} (line {})", e.id, e.emplacement, e.ligne))
                        .collect();
                    ecarts.push(format!("{}: {}", chemin.display(), fatals.join(", ")));
                }
                Err(e) => ecarts.push(format!("{}: {e}", chemin.display())),
            }
        }
    }
    assert_eq!(total, 63);
    assert!(ecarts.is_empty(), "{} examples fail:\n{}", ecarts.len(), ecarts.join("\n"));
}

#[test]
fn a_failure_says_which_rule_where_with_the_official_text() {
    let facture = r#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
  <cbc:ID>F1</cbc:ID>
  <cac:InvoiceLine>
    <cbc:ID>1</cbc:ID>
  </cac:InvoiceLine>
  <cac:InvoiceLine>
    <cbc:ID></cbc:ID>
  </cac:InvoiceLine>
</Invoice>"#;
    let rapport = rapport(facture).unwrap();
    assert!(!rapport.est_conforme());
    let br21: Vec<_> = rapport.echecs.iter().filter(|e| e.id == "BR-21").collect();
    assert_eq!(br21.len(), 1, "{br21:?}");
    assert_eq!(br21[0].emplacement, "/Invoice/cac:InvoiceLine[2]");
    assert_eq!(br21[0].ligne, 9);
    assert_eq!(br21[0].niveau, Niveau::Fatal);
    assert!(
        br21[0]
            .message
            .starts_with("[BR-21]-Each Invoice line (BG-25) shall have an Invoice line identifier")
    );
}

#[test]
fn other_documents_are_refused_not_validated() {
    let doc = Document::parse(b"<Order xmlns=\"urn:x\"/>", &Limites::default()).unwrap();
    assert!(matches!(valider(&doc), Err(ErreurRegles::PasUneFacture { .. })));
}
