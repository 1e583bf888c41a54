//! Damaged invoices: whatever bytes arrive, reading and validating answer (an invoice, a report
//! or an error), never a panic. Deterministic mutations of real examples: truncations, flipped
//! bytes, spliced and repeated runs, the kinds of damage transfers and careless tools do.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// xorshift64*: a fixed sequence, so a failure is reproducible.
struct Suite(u64);

impl Suite {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(original: &[u8], suite: &mut Suite) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..=suite.below(3) {
        let at = suite.below(bytes.len());
        match suite.below(5) {
            0 => bytes.truncate(at),
            1 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << suite.below(8);
                }
            }
            2 => {
                // A markup character where text was, or the reverse.
                if let Some(b) = bytes.get_mut(at) {
                    *b = b"<>&\"'/=:![]"[suite.below(11)];
                }
            }
            3 => {
                // A run repeated, as a retried write would.
                let len = suite.below(200).min(bytes.len() - at);
                let run = bytes[at..at + len].to_vec();
                bytes.splice(at..at, run);
            }
            _ => {
                // A run cut out.
                let len = suite.below(200).min(bytes.len() - at);
                bytes.drain(at..at + len);
            }
        }
        if bytes.is_empty() {
            break;
        }
    }
    bytes
}

#[test]
fn damaged_invoices_are_answered_never_panicked_on() {
    let examples = [
        "en16931/ubl/examples/ubl-tc434-example1.xml",
        "en16931/ubl/examples/ubl-tc434-creditnote1.xml",
        "en16931/test/testfiles/Invoice-Max_content.xml",
        "en16931/cii/examples/CII_example1.xml",
        "en16931/cii/examples/CII_business_example_01.xml",
        "facturx/CII_example1.pdf",
    ];
    // More with FACTEUR_CASES=n, for a longer search than CI's.
    let cases: usize =
        std::env::var("FACTEUR_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(400);
    let mut suite = Suite(0x5EED_F4C7_E0B0_0001);
    let (mut read, mut refused) = (0, 0);
    for example in examples {
        let original = std::fs::read(Path::new(FIXTURES).join(example)).unwrap();
        for _ in 0..cases {
            let damaged = mutate(&original, &mut suite);
            match facteur_formats::lire(&damaged) {
                Ok(lu) => {
                    read += 1;
                    // What was read converts or says why, and validation agrees with itself.
                    let _ = lu.facture.vers_facture();
                    let verified = facteur_formats::verifier(&damaged).unwrap();
                    assert_eq!(verified.rapport, lu.rapport);
                }
                Err(e) => {
                    refused += 1;
                    assert!(!e.to_string().is_empty());
                }
            }
        }
    }
    // Both outcomes happen: the mutations neither all break the XML nor all miss it.
    assert!(read > 100 && refused > 100, "read {read}, refused {refused}");
}
