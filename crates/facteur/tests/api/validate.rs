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

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("facteur-validate-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
