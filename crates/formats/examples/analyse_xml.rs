//! Parsing alone: every CEN example parsed N times, largest file apart.
#![allow(clippy::unwrap_used)]
use facteur_formats::xml::{Document, Limites};
use std::path::Path;
use std::time::Instant;
fn main() {
    let tours: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(200);
    let racine = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/en16931");
    let mut sources = Vec::new();
    for dossier in ["ubl/examples", "cii/examples", "test/testfiles"] {
        for e in std::fs::read_dir(racine.join(dossier)).unwrap() {
            sources.push(std::fs::read(e.unwrap().path()).unwrap());
        }
    }
    sources.sort_by_key(|s| s.len());
    let limites = Limites::default();
    let (petits, gros) = sources.split_at(sources.len() - 1);
    let octets: usize = petits.iter().map(Vec::len).sum();
    let debut = Instant::now();
    for _ in 0..tours {
        for s in petits {
            Document::parse(s, &limites).unwrap();
        }
    }
    let s = debut.elapsed().as_secs_f64();
    println!(
        "{} examples ({} KB avg): {:.1} µs each, {:.0} MB/s",
        petits.len(),
        octets / petits.len() / 1024,
        s * 1e6 / (tours * petits.len()) as f64,
        (octets * tours) as f64 / s / 1e6
    );
    let debut = Instant::now();
    for _ in 0..tours / 10 {
        Document::parse(&gros[0], &limites).unwrap();
    }
    println!(
        "largest ({} KB): {:.0} µs",
        gros[0].len() / 1024,
        debut.elapsed().as_secs_f64() * 1e6 / (tours / 10) as f64
    );
}
