//! `facteur validate`: the command a supplier runs on its files, as a process with its exit
//! code and its output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../formats/tests/fixtures/en16931").join(path)
}

fn validate(args: &[&str], files: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_facteur"))
        .arg("validate")
        .args(args)
        .args(files)
        .output()
        .expect("facteur runs")
}

#[test]
fn valid_ubl_and_cii_exit_zero() {
    let ubl = fixture("ubl/examples/ubl-tc434-example1.xml");
    let cii = fixture("cii/examples/CII_example1.xml");
    // Two at once: the report keeps the files' order.
    let out = validate(&["--jobs", "2"], &[&ubl, &cii]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.find("ubl-tc434-example1.xml") < text.find("CII_example1.xml"), "{text}");
    assert!(text.contains("ubl-tc434-example1.xml: UBL valid, 0 fatal"), "{text}");
    assert!(text.contains("CII_example1.xml: CII valid, 0 fatal"), "{text}");
}

#[test]
fn a_broken_rule_is_named_with_its_official_message_and_location() {
    let dir = tempdir();
    let valid = std::fs::read_to_string(fixture("ubl/examples/ubl-tc434-example1.xml")).unwrap();
    // The payable amount no longer follows from the totals (BR-CO-16).
    let payable = "<cbc:PayableAmount currencyID=\"EUR\">";
    let start = valid.find(payable).expect("the example has a payable amount") + payable.len();
    let end = start + valid[start..].find('<').unwrap();
    let broken = format!("{}999999.99{}", &valid[..start], &valid[end..]);
    let file = dir.join("broken.xml");
    std::fs::write(&file, broken).unwrap();

    let out = validate(&["--format", "json"], &[&file]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let report = &report[0];
    assert_eq!(report["syntaxe"], "UBL");
    assert_eq!(report["conforme"], false);
    let failure = report["echecs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "BR-CO-16")
        .unwrap_or_else(|| panic!("BR-CO-16 in {report}"));
    assert_eq!(failure["niveau"], "fatal");
    assert!(
        failure["message"]
            .as_str()
            .unwrap()
            .starts_with("[BR-CO-16]-Amount due for payment (BT-115)")
    );
    assert!(failure["emplacement"].as_str().unwrap().contains("LegalMonetaryTotal"), "{failure}");
    assert!(failure["ligne"].as_u64().unwrap() > 1);
}

#[test]
fn an_unreadable_file_fails_with_where() {
    let dir = tempdir();
    let file = dir.join("truncated.xml");
    let valid = std::fs::read_to_string(fixture("ubl/examples/ubl-tc434-example1.xml")).unwrap();
    std::fs::write(&file, &valid[..valid.len() / 2]).unwrap();
    let out = validate(&[], &[&file]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("truncated.xml: unreadable:") && text.contains("line"), "{text}");
}

/// A file of megabytes (a PDF attached in base64): its verdict, a broken rule with its line
/// counted across the attachment, a truncation.
#[test]
fn a_file_of_megabytes_is_judged_like_a_small_one() {
    let dir = tempdir();
    let large = fixture("ubl/examples/FT G2G_TD01 con Allegato, Bonifico e Split Payment.xml");
    let valid = std::fs::read_to_string(&large).unwrap();
    assert!(valid.len() > 3 << 20, "an attachment of megabytes");
    let payable = valid.find("<cbc:PayableAmount").expect("a payable amount");
    let amount = payable + valid[payable..].find('>').unwrap() + 1;
    let end = amount + valid[amount..].find('<').unwrap();
    let broken_rule = dir.join("broken-rule.xml");
    std::fs::write(&broken_rule, format!("{}999999.99{}", &valid[..amount], &valid[end..]))
        .unwrap();
    let truncated = dir.join("truncated.xml");
    std::fs::write(&truncated, &valid.as_bytes()[..2 << 20]).unwrap();

    let out = validate(&["--format", "json"], &[&large, &broken_rule, &truncated]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report[0]["conforme"], true, "{}", report[0]);
    let line = valid[..payable].matches('\n').count() as u64 + 1;
    let failure = report[1]["echecs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "BR-CO-16")
        .unwrap_or_else(|| panic!("BR-CO-16 in {}", report[1]));
    // The total's element, a few lines above its payable amount.
    assert!((line - 10..=line).contains(&failure["ligne"].as_u64().unwrap()), "{failure} {line}");
    assert_eq!(report[2]["conforme"], false);
    let erreur = report[2]["erreur"].as_str().unwrap_or_else(|| panic!("{}", report[2]));
    assert!(erreur.contains("line"), "{erreur}");
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("facteur-validate-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
