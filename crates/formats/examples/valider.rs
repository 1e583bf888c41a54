//! Throughput of the EN 16931 rules: every CEN example validated N times (documents parsed
//! once, then parsing and validation together), and invoices of 100, 1,000 and 5,000 lines to see
//! that time grows linearly with lines.
//!
//! `cargo run --release -p facteur-formats --example valider [N] [exemples]`: `exemples`
//! measures the CEN examples only, `lignes 5000` the CEN examples and the invoices of these
//! numbers of lines only, `fichiers` each example's parsing and validation, the costliest first.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::time::Instant;

use facteur_formats::valider;
use facteur_formats::xml::{Document, Limites};

fn main() {
    let tours: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(200);
    let racine = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/en16931");
    let mut sources = Vec::new();
    for dossier in ["ubl/examples", "cii/examples", "test/testfiles"] {
        let mut chemins: Vec<_> =
            std::fs::read_dir(racine.join(dossier)).unwrap().map(|e| e.unwrap().path()).collect();
        chemins.sort();
        for chemin in chemins {
            sources.push(std::fs::read(&chemin).unwrap());
        }
    }
    let limites = Limites::default();
    let docs: Vec<Document<'_>> =
        sources.iter().map(|s| Document::parse(s, &limites).unwrap()).collect();
    // Compiles the rules (once per process) outside the measurement.
    for doc in &docs {
        valider(doc).unwrap();
    }

    let debut = Instant::now();
    let mut echecs = 0;
    for _ in 0..tours {
        for doc in &docs {
            echecs += valider(doc).unwrap().echecs.len();
        }
    }
    let n = (tours * docs.len()) as f64;
    let secondes = debut.elapsed().as_secs_f64();
    println!(
        "validation: {} CEN examples x {tours}: {:.0} invoices/s, {:.1} µs per invoice ({echecs} warnings)",
        docs.len(),
        n / secondes,
        secondes * 1e6 / n
    );

    let debut = Instant::now();
    for _ in 0..tours {
        for source in &sources {
            let doc = Document::parse(source, &limites).unwrap();
            valider(&doc).unwrap();
        }
    }
    let secondes = debut.elapsed().as_secs_f64();
    println!(
        "parsing and validation: {:.0} invoices/s, {:.1} µs per invoice",
        n / secondes,
        secondes * 1e6 / n
    );

    if std::env::args().nth(2).as_deref() == Some("fichiers") {
        par_fichier(&sources, tours);
        return;
    }

    let exemple =
        std::fs::read_to_string(racine.join("ubl/examples/ubl-tc434-example1.xml")).unwrap();
    let seules: Vec<usize> = std::env::args().skip(3).filter_map(|n| n.parse().ok()).collect();
    let lignes: &[usize] = match std::env::args().nth(2).as_deref() {
        Some("exemples") => &[],
        Some("lignes") => &seules,
        _ => &[100, 1_000, 5_000],
    };
    for &lignes in lignes {
        let facture = avec_lignes(&exemple, lignes);
        let doc = Document::parse(facture.as_bytes(), &limites).unwrap();
        let repetitions = (20_000 / lignes).max(2);
        let debut = Instant::now();
        let mut fatals = 0;
        for _ in 0..repetitions {
            fatals = valider(&doc).unwrap().fatals().count();
        }
        let ms = debut.elapsed().as_secs_f64() * 1e3 / repetitions as f64;
        println!(
            "{lignes} lines ({} KB, {} nodes): {ms:.2} ms, {:.2} µs per line ({fatals} fatal: the totals no longer add up)",
            facture.len() / 1024,
            doc.len(),
            ms * 1e3 / lignes as f64
        );
    }
}

/// Each file's parsing and validation times, the costliest first: where a pass's time goes.
fn par_fichier(sources: &[Vec<u8>], tours: usize) {
    let limites = Limites::default();
    let mut temps: Vec<(f64, f64, usize)> = sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let debut = Instant::now();
            for _ in 0..tours {
                Document::parse(source, &limites).unwrap();
            }
            let lecture = debut.elapsed().as_secs_f64() * 1e6 / tours as f64;
            let doc = Document::parse(source, &limites).unwrap();
            let debut = Instant::now();
            for _ in 0..tours {
                valider(&doc).unwrap();
            }
            (lecture, debut.elapsed().as_secs_f64() * 1e6 / tours as f64, i)
        })
        .collect();
    let (lecture, validation) = temps.iter().fold((0.0, 0.0), |(l, v), t| (l + t.0, v + t.1));
    println!("all {} files: parsing {lecture:.0} µs, validation {validation:.0} µs", sources.len());
    temps.sort_by(|a, b| (b.0 + b.1).total_cmp(&(a.0 + a.1)));
    for (l, v, i) in temps.iter().take(12) {
        println!(
            "file {i:2} ({:7} bytes): parsing {l:7.1} µs, validation {v:7.1} µs",
            sources[*i].len()
        );
    }
}

/// The example with its first invoice line repeated to make `lignes` lines.
fn avec_lignes(exemple: &str, lignes: usize) -> String {
    let debut = exemple.find("<cac:InvoiceLine>").unwrap();
    let fin = exemple.rfind("</cac:InvoiceLine>").unwrap() + "</cac:InvoiceLine>".len();
    let premiere_fin = exemple.find("</cac:InvoiceLine>").unwrap() + "</cac:InvoiceLine>".len();
    let ligne = &exemple[debut..premiere_fin];
    let mut facture = String::with_capacity(exemple.len() + ligne.len() * lignes);
    facture.push_str(&exemple[..debut]);
    for i in 0..lignes {
        facture.push_str(&ligne.replacen(
            "<cbc:ID>1</cbc:ID>",
            &format!("<cbc:ID>{}</cbc:ID>", i + 1),
            1,
        ));
    }
    facture.push_str(&exemple[fin..]);
    facture
}
