//! Every CEN example invoice, as a flux: the 48 UBL invoices and credit notes, the 15 CII
//! invoices, and those 15 again as Factur-X PDFs, each addressed by the demo supplier to the
//! demo ministry, reach MISE_A_DISPOSITION.

use std::path::{Path, PathBuf};

use facteur_app::demo;
use facteur_formats::modele::{Facture, Identifier};
use facteur_formats::{Syntaxe, cii, facturx, ubl};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::flux::{deposer, rapport, sans_quota, tar_gz};
use crate::harness::TestServer;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../formats/tests/fixtures");

fn files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(FIXTURES).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")))
        .collect();
    files.sort();
    files
}

fn siret(value: &str) -> Identifier {
    Identifier { value: value.to_owned(), scheme: Some("0009".to_owned()) }
}

/// The example as the demo supplier's invoice `numero` to the ministry's DAF-01 service: the
/// parties' SIRETs (scheme 0009) and the service (BT-10) change, nothing else but the number,
/// and the order reference (BT-13), which would name an engagement the ministry never issued.
fn readdressed(path: &Path, numero: &str) -> (Syntaxe, Facture) {
    let lu = facteur_formats::lire(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut f = lu.facture;
    f.invoice_number = Some(numero.to_owned());
    f.seller.identifiers.retain(|i| i.scheme.as_deref() != Some("0009"));
    f.seller.identifiers.push(siret(demo::SIRET_FOURNISSEUR));
    f.buyer.identifiers = vec![siret(demo::SIRET_DESTINATAIRE)];
    f.buyer_reference = Some("DAF-01".to_owned());
    f.purchase_order_reference = None;
    (lu.syntaxe, f)
}

async fn integrated(server: &TestServer, token: &str, archive: &[u8], syntaxe: &str) -> Value {
    let numero = deposer(server, token, archive, "cen.tar.gz", syntaxe).await;
    let cr = rapport(server, token, &numero).await;
    assert_eq!(cr["listeErreurDP"], json!([]), "{syntaxe}: {cr}");
    assert_eq!(cr["listeErreurTechnique"], json!([]), "{syntaxe}: {cr}");
    assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE", "{syntaxe}: {cr}");
    let (status, found) = server
        .call(
            token,
            "/cpro/factures/v1/rechercher/fournisseur",
            json!({"numeroFluxDepot": numero, "rechercheFactureParFournisseur": {"nbResultatsParPage": 100}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    found
}

#[tokio::test]
async fn every_cen_example_deposited_as_a_flux_reaches_its_recipient() {
    let server = TestServer::start().await;
    sans_quota(&server).await;
    let token = server.token().await;

    let ubls: Vec<PathBuf> =
        files("en16931/ubl/examples").into_iter().chain(files("en16931/test/testfiles")).collect();
    let ubl_docs: Vec<(String, String)> = ubls
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (syntaxe, f) = readdressed(p, &format!("CEN-UBL-{i:02}"));
            assert_eq!(syntaxe, Syntaxe::Ubl, "{}", p.display());
            (format!("{i:02}.xml"), ubl::ecrire(&f))
        })
        .collect();
    let ciis = files("en16931/cii/examples");
    let cii_docs: Vec<(String, String)> = ciis
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (syntaxe, f) = readdressed(p, &format!("CEN-CII-{i:02}"));
            assert_eq!(syntaxe, Syntaxe::Cii, "{}", p.display());
            (format!("{i:02}.xml"), cii::ecrire(&f))
        })
        .collect();
    // The PDF the PyPI package factur-x made from CII_example1, carrying each readdressed CII.
    let pdf = std::fs::read(Path::new(FIXTURES).join("facturx/CII_example1.pdf")).unwrap();
    let facturx_docs: Vec<(String, Vec<u8>)> = ciis
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (_, f) = readdressed(p, &format!("CEN-FX-{i:02}"));
            (format!("{i:02}.pdf"), facturx::ecrire(cii::ecrire(&f).as_bytes(), &pdf).unwrap())
        })
        .collect();
    assert_eq!((ubl_docs.len(), cii_docs.len()), (48, 15));

    let archive = |docs: &[(String, Vec<u8>)]| {
        tar_gz(&docs.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect::<Vec<_>>())
    };
    let as_bytes = |docs: Vec<(String, String)>| {
        docs.into_iter().map(|(n, d)| (n, d.into_bytes())).collect::<Vec<_>>()
    };
    let mut total = 0;
    for (docs, syntaxe, prefixe) in [
        (as_bytes(ubl_docs), "IN_DP_E1_UBL_INVOICE", "CEN-UBL-"),
        (as_bytes(cii_docs), "IN_DP_E1_CII_16B", "CEN-CII-"),
        (facturx_docs, "IN_DP_E2_CII_FACTURX", "CEN-FX-"),
    ] {
        let found = integrated(&server, &token, &archive(&docs), syntaxe).await;
        let factures = found["listeFactures"].as_array().unwrap();
        assert_eq!(factures.len(), docs.len(), "{syntaxe}: {found}");
        for f in factures {
            assert_eq!(f["statut"], "MISE_A_DISPOSITION", "{f}");
            assert_eq!(f["modeDepot"], "FLUX_EDI", "{f}");
            assert!(f["numeroFacture"].as_str().unwrap().starts_with(prefixe), "{f}");
        }
        total += factures.len();
    }
    assert_eq!(total, 48 + 15 + 15);

    // The ministry sees them all.
    let (status, received) = server
        .call_as(
            &token,
            Some(&crate::factures::recipient()),
            "/cpro/factures/v1/rechercher/recipiendaire",
            json!({"paramRecherche": {"nbResultatsParPage": 200}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{received}");
    let cen = received["listeFactures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["numeroFacture"].as_str().is_some_and(|n| n.starts_with("CEN-")))
        .count();
    assert_eq!(cen, total, "{received}");
    server.stop().await;
}
