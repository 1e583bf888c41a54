//! Flux: files of invoices deposited with `deposer/flux`, processed by the workers, followed
//! with `consulterCR(Detaille)`, and found with `rechercher/fournisseur {numeroFluxDepot}`.

use std::io::Write;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use facteur_app::demo;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::factures::{commune, history_codes, recipient};
use crate::harness::{Options, TestServer};

const DEPOSER: &str = "/cpro/factures/v1/deposer/flux";
const CR: &str = "/cpro/transverses/v1/consulterCR";
const CR_DETAILLE: &str = "/cpro/transverses/v1/consulterCRDetaille";
const TELECHARGER: &str = "/cpro/factures/v1/telecharger/groupe";
const UBL: &str = "IN_DP_E1_UBL_INVOICE";

/// VAT number of a French SIREN: its key, then the SIREN.
fn tva(siret: &str) -> String {
    let siren: u64 = siret[..9].parse().unwrap();
    format!("FR{:02}{}", (12 + 3 * (siren % 97)) % 97, &siret[..9])
}

fn partie(siret: &str, nom: &str) -> String {
    format!(
        r#"<cac:Party>
      <cbc:EndpointID schemeID="0009">{siret}</cbc:EndpointID>
      <cac:PartyIdentification><cbc:ID schemeID="0009">{siret}</cbc:ID></cac:PartyIdentification>
      <cac:PostalAddress><cbc:StreetName>1 rue de la Paix</cbc:StreetName><cbc:CityName>Paris</cbc:CityName><cbc:PostalZone>75002</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
      <cac:PartyTaxScheme><cbc:CompanyID>{tva}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
      <cac:PartyLegalEntity><cbc:RegistrationName>{nom}</cbc:RegistrationName><cbc:CompanyID schemeID="0002">{siret}</cbc:CompanyID></cac:PartyLegalEntity>
    </cac:Party>"#,
        tva = tva(siret)
    )
}

/// A UBL 2.1 invoice (EN 16931) of `lignes` lines at 10.00 € and 20 % VAT, from `vendeur` to
/// the demo ministry's DAF-01 service. `ecart` is added to the sum of the lines and to the
/// total it declares (non-zero: BR-CO-10 and BR-CO-15 fail).
pub fn ubl_avec(numero: &str, vendeur: &str, lignes: usize, ecart: i64) -> String {
    let ht = lignes as i64 * 1000;
    let declare = ht + ecart;
    let tva_cents = ht / 5;
    let euros = |c: i64| format!("{}.{:02}", c / 100, c % 100);
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>{numero}</cbc:ID>
  <cbc:IssueDate>2026-11-02</cbc:IssueDate>
  <cbc:DueDate>2026-12-02</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>DAF-01</cbc:BuyerReference>
  <cac:AccountingSupplierParty>{fournisseur}</cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>{client}</cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>FR7630006000011234567890189</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">{tva}</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">{ht}</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">{tva}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">{declare}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">{ht}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">{ttc_declare}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">{ttc_declare}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
"#,
        fournisseur = partie(vendeur, "Fournitures Démo SAS"),
        client = partie(demo::SIRET_DESTINATAIRE, "Ministère de la Démonstration"),
        tva = euros(tva_cents),
        ht = euros(ht),
        declare = euros(declare),
        ttc_declare = euros(ht + tva_cents + ecart),
    );
    for i in 1..=lignes {
        xml.push_str(&format!(
            r#"  <cac:InvoiceLine>
    <cbc:ID>{i}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">10.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Description>Ramette de papier A4 80 g, 500 feuilles, blanc, référence {i}</cbc:Description><cbc:Name>Ramettes {i}</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
"#
        ));
    }
    xml.push_str("</Invoice>\n");
    xml
}

/// A valid invoice of the demo supplier.
pub fn ubl(numero: &str) -> String {
    ubl_avec(numero, demo::SIRET_FOURNISSEUR, 2, 0)
}

/// A tar.gz of these files.
pub fn tar_gz(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in entries {
        let mut header = tar::Header::new_ustar();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, name, *data).unwrap();
    }
    gz(&builder.into_inner().unwrap())
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A PDF carrying `xml` as its embedded `factur-x.xml` (or none), its offsets right.
pub fn pdf_avec(xml: Option<&str>) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 5 0 R >> /AF [4 0 R] >>"
            .to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_owned(),
    ];
    if let Some(xml) = xml {
        objects.push(
            "<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /AFRelationship /Data /EF << /F 6 0 R >> >>"
                .to_owned(),
        );
        objects.push("<< /Names [(factur-x.xml) 4 0 R] >>".to_owned());
        objects.push(format!(
            "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length {} >>\nstream\n{xml}\nendstream",
            xml.len() + 1
        ));
    } else {
        objects[0] = "<< /Type /Catalog /Pages 2 0 R >>".to_owned();
    }
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

fn corps(fichier: &[u8], nom: &str, syntaxe: &str) -> Value {
    json!({
        "idUtilisateurCourant": 0,
        "fichierFlux": STANDARD.encode(fichier),
        "nomFichier": nom,
        "syntaxeFlux": syntaxe,
        "avecSignature": false,
    })
}

/// Lets the tests call as fast as they like.
pub async fn sans_quota(server: &TestServer) {
    server.app().set_application_quota(demo::APPLICATION, Some(1_000_000), None).await.unwrap();
}

/// Deposits a file as the demo supplier; its flux number.
pub async fn deposer(
    server: &TestServer,
    token: &str,
    fichier: &[u8],
    nom: &str,
    syntaxe: &str,
) -> String {
    let (status, answer) = server.call(token, DEPOSER, corps(fichier, nom, syntaxe)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["numeroFluxDepot"].as_str().unwrap().to_owned()
}

/// The detailed report once the flux is processed.
pub async fn rapport(server: &TestServer, token: &str, numero: &str) -> Value {
    let start = Instant::now();
    loop {
        let (status, cr) =
            server.call(token, CR_DETAILLE, json!({"numeroFluxDepot": numero})).await;
        assert_eq!(status, StatusCode::OK, "{cr}");
        let etat = cr["etatCourantDepotFlux"].as_str().unwrap().to_owned();
        if ["IN_INTEGRE", "IN_INTEGRE_PARTIEL", "IN_REJETE"].contains(&etat.as_str()) {
            return cr;
        }
        assert!(["IN_RECU", "IN_EN_COURS_TRAITEMENT_CPP"].contains(&etat.as_str()), "{cr}");
        assert!(start.elapsed() < Duration::from_secs(60), "flux {numero} not processed: {cr}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn codes_techniques(cr: &Value) -> Vec<String> {
    cr["listeErreurTechnique"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["codeErreur"].as_str().unwrap().to_owned())
        .collect()
}

async fn factures_du_flux(server: &TestServer, token: &str, numero: &str) -> Value {
    let (status, found) = server
        .call(
            token,
            "/cpro/factures/v1/rechercher/fournisseur",
            json!({"numeroFluxDepot": numero, "typeFacture": "FACTURE", "rechercheFactureParFournisseur": {"nbResultatsParPage": 100, "triColonne": "NumeroFacture", "triSens": "Ascendant"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    found
}

/// The invoices the statistics counters hold for a deposit channel.
async fn statistique(server: &TestServer, mode: &str) -> i64 {
    use sqlx::Connection;
    let sql =
        "SELECT CAST(COALESCE(SUM(nombre), 0) AS BIGINT) FROM stats_factures WHERE mode_depot = $1";
    let url = &server.settings.database_url;
    if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql).bind(mode).fetch_one(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql).bind(mode).fetch_one(&mut c).await.unwrap()
    }
}

#[tokio::test]
async fn a_deposited_invoice_reaches_its_recipient() {
    let server = TestServer::start().await;
    sans_quota(&server).await;
    let token = server.token().await;
    let (status, answer) = server
        .call(
            &token,
            DEPOSER,
            corps(ubl("FX-001").as_bytes(), "FX-001.xml", "IN_DP_E1_UBL_INVOICE"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["codeRetour"], 0);
    assert_eq!(answer["libelle"], "GCU_MSG_01_000");
    assert_eq!(answer["syntaxeFlux"], "IN_DP_E1_UBL_INVOICE");
    let numero = answer["numeroFluxDepot"].as_str().unwrap().to_owned();
    assert!(numero.starts_with("CPP") && numero.len() == 25, "{numero}");
    assert!(numero[3..].bytes().all(|b| b.is_ascii_digit()));
    let date = answer["dateDepot"].as_str().unwrap();
    assert!(chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(), "{date}");

    let cr = rapport(&server, &token, &numero).await;
    assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE", "{cr}");
    assert_eq!(cr["nomFichier"], "FX-001.xml");
    assert_eq!(cr["codeInterfaceDepotFlux"], "IN_DP_E1_UBL_INVOICE");
    assert_eq!(cr["listeErreurDP"], json!([]));
    assert_eq!(cr["listeErreurTechnique"], json!([]));
    assert!(chrono::DateTime::parse_from_rfc3339(cr["dateDepotFlux"].as_str().unwrap()).is_ok());

    let (status, court) = server.call(&token, CR, json!({"numeroFluxDepot": numero})).await;
    assert_eq!(status, StatusCode::OK, "{court}");
    assert_eq!(court["libelle"], "TRA_MSG_00.000");
    assert_eq!(court["etatCourantFlux"], "IN_INTEGRE");
    assert_eq!(court["numeroFluxDepot"], numero);
    assert_eq!(court["nomFichierFlux"], "FX-001.xml");
    assert_eq!(court["codeInterfaceFlux"], "IN_DP_E1_UBL_INVOICE");

    let found = factures_du_flux(&server, &token, &numero).await;
    assert_eq!(found["parametresRetour"]["total"], 1, "{found}");
    let facture = &found["listeFactures"][0];
    assert_eq!(facture["numeroFacture"], "FX-001");
    assert_eq!(facture["numeroFluxDepot"], numero);
    assert_eq!(facture["modeDepot"], "FLUX_EDI");
    assert_eq!(facture["statut"], "MISE_A_DISPOSITION");
    assert_eq!(facture["montantTTC"], 24.0);
    let id = facture["identifiantFactureCPP"].as_i64().unwrap();
    let (_, codes) = history_codes(&server, &token, id).await;
    assert_eq!(codes, ["DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION"]);

    // Another flux's number finds nothing.
    let other = factures_du_flux(&server, &token, "CPP0000000000000000999999").await;
    assert_eq!(other["listeFactures"], json!([]));

    let (status, received) = server
        .call_as(
            &token,
            Some(&recipient()),
            "/cpro/factures/v1/rechercher/recipiendaire",
            json!({"numeroFacture": "FX-001"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{received}");
    assert_eq!(received["listeFactures"][0]["idFacture"], id);

    // The original XML is the invoice's own file.
    let (status, consulted) = server
        .call(
            &token,
            "/cpro/factures/v1/consulter/fournisseur",
            json!({"identifiantFactureCPP": id}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{consulted}");
    assert!(consulted.to_string().contains("FX-001.xml"), "{consulted}");

    // The statistics count it as an EDI flow.
    let flux_edi: i64 = statistique(&server, "FLUX_EDI").await;
    assert_eq!(flux_edi, 1);
    server.stop().await;
}

/// Every file in the blob store's directory, read.
fn fichiers_du_disque(dir: &std::path::Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                fichiers_du_disque(&path)
            } else {
                vec![std::fs::read(path).unwrap()]
            }
        })
        .collect()
}

#[tokio::test]
async fn small_files_are_kept_in_the_database_and_large_ones_in_the_blob_store() {
    let petite = ubl("FX-PETITE");
    let grande = ubl_avec("FX-GRANDE", demo::SIRET_FOURNISSEUR, 12, 0);
    assert!(grande.len() > petite.len());
    let options = Options { blob_inline_max: petite.len() as u64, ..Options::default() };
    let mut server = TestServer::start_with(options).await;
    sans_quota(&server).await;
    let token = server.token().await;
    let seule = deposer(&server, &token, petite.as_bytes(), "petite.xml", UBL).await;
    let archive = tar_gz(&[("grande.xml", grande.as_bytes())]);
    let lot = deposer(&server, &token, &archive, "lot.tar.gz", UBL).await;
    for numero in [&seule, &lot] {
        let cr = rapport(&server, &token, numero).await;
        assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE", "{cr}");
    }
    let sur_disque = fichiers_du_disque(&server.settings.data_dir.join("blobs"));
    assert!(!sur_disque.contains(&petite.clone().into_bytes()), "the small invoice is not on disk");
    assert!(sur_disque.contains(&grande.clone().into_bytes()), "the large one is");

    // Each invoice's file comes back as deposited, after a restart too.
    server.restart().await;
    let token = server.token().await;
    for (numero, xml) in [(&seule, &petite), (&lot, &grande)] {
        let found = factures_du_flux(&server, &token, numero).await;
        let id = found["listeFactures"][0]["identifiantFactureCPP"].as_i64().unwrap();
        let (status, answer) = server
            .call(
                &token,
                TELECHARGER,
                json!({"listeFacture": [{"idFacture": id}], "format": "PDF"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let zipped = STANDARD.decode(answer["fichierResultat"].as_str().unwrap()).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
        assert_eq!(zip.len(), 2, "the rendering and the invoice's file");
        let mut back = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_index(1).unwrap(), &mut back).unwrap();
        assert_eq!(back, xml.as_bytes(), "{numero}");
    }
    server.stop().await;
}

#[tokio::test]
async fn an_archive_integrates_what_passes_and_reports_the_rest() {
    let server = TestServer::start().await;
    sans_quota(&server).await;
    let token = server.token().await;
    let (a, b, c) = (ubl("FX-A"), ubl("FX-B"), ubl("FX-C"));
    let all = tar_gz(&[
        ("lot/FX-A.xml", a.as_bytes()),
        ("FX-B.xml", b.as_bytes()),
        ("FX-C.xml", c.as_bytes()),
    ]);
    let numero = deposer(&server, &token, &all, "lot.tar.gz", "IN_DP_E1_UBL_INVOICE").await;
    let cr = rapport(&server, &token, &numero).await;
    assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE", "{cr}");
    let found = factures_du_flux(&server, &token, &numero).await;
    let numbers: Vec<&str> = found["listeFactures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["numeroFacture"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["FX-A", "FX-B", "FX-C"]);

    // FX-A again (a duplicate), a broken total, a file that is no invoice, a good one, and
    // an invoice of the hospital, which this account does not act for.
    let broken = ubl_avec("FX-E", demo::SIRET_FOURNISSEUR, 2, 1);
    let other = ubl_avec("FX-H", demo::SIRET_HOPITAL, 1, 0);
    let d = ubl("FX-D");
    let partial = tar_gz(&[
        ("FX-A.xml", a.as_bytes()),
        ("FX-E.xml", broken.as_bytes()),
        ("notes.txt", b"not an invoice"),
        ("FX-D.xml", d.as_bytes()),
        ("FX-H.xml", other.as_bytes()),
    ]);
    let numero = deposer(&server, &token, &partial, "partiel.tar.gz", "IN_DP_E1_UBL_INVOICE").await;
    let cr = rapport(&server, &token, &numero).await;
    assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE_PARTIEL", "{cr}");
    assert_eq!(cr["nombreDocuments"], 5);
    assert_eq!(cr["nombreFacturesIntegrees"], 1);
    let erreurs = cr["listeErreurDP"].as_array().unwrap();
    let of = |n: &str| erreurs.iter().filter(|e| e["numeroDP"] == n).collect::<Vec<_>>();
    assert!(of("FX-A")[0]["libelleErreurDP"].as_str().unwrap().contains("already used"), "{cr}");
    // Each EN 16931 rule broken, with its id and official message.
    let totaux = |e: &Value| {
        e["libelleErreurDP"].as_str().unwrap().starts_with(
            "[BR-CO-10]-Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount",
        )
    };
    assert!(of("FX-E").iter().any(|e| totaux(e)), "{cr}");
    assert_eq!(of("FX-E")[0]["identifiantFournisseur"], demo::SIRET_FOURNISSEUR);
    assert_eq!(of("FX-E")[0]["identifiantDestinataire"], demo::SIRET_DESTINATAIRE);
    assert!(
        of("FX-H")[0]["libelleErreurDP"].as_str().unwrap().contains("does not act for"),
        "{cr}"
    );
    let techniques = cr["listeErreurTechnique"].as_array().unwrap();
    assert!(
        techniques.iter().any(|e| e["libelleErreur"].as_str().unwrap().starts_with("notes.txt")),
        "{cr}"
    );
    let found = factures_du_flux(&server, &token, &numero).await;
    assert_eq!(found["parametresRetour"]["total"], 1);
    assert_eq!(found["listeFactures"][0]["numeroFacture"], "FX-D");

    // Everything rejected: the flux is.
    let numero =
        deposer(&server, &token, broken.as_bytes(), "FX-E.xml", "IN_DP_E1_UBL_INVOICE").await;
    let cr = rapport(&server, &token, &numero).await;
    assert_eq!(cr["etatCourantDepotFlux"], "IN_REJETE", "{cr}");
    let erreurs = cr["listeErreurDP"].as_array().unwrap();
    assert!(!erreurs.is_empty() && erreurs.iter().all(|e| e["numeroDP"] == "FX-E"), "{cr}");
    assert!(erreurs.iter().any(totaux), "{cr}");

    // Mixed: each XML with the PDF of the same name, both kept as the invoice's files.
    let (m, pdf) = (ubl("FX-M"), pdf_avec(None));
    let mixed = tar_gz(&[("FX-M.xml", m.as_bytes()), ("FX-M.pdf", &pdf), ("seul.pdf", &pdf)]);
    let numero = deposer(&server, &token, &mixed, "mixte.tar.gz", "IN_DP_E2_UBL_INVOICE_MIN").await;
    let cr = rapport(&server, &token, &numero).await;
    assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE_PARTIEL", "a PDF without its data: {cr}");
    assert_eq!(codes_techniques(&cr), ["PDF_SANS_DONNEES"], "{cr}");
    let found = factures_du_flux(&server, &token, &numero).await;
    let id = found["listeFactures"][0]["identifiantFactureCPP"].as_i64().unwrap();
    let (_, consulted) = server
        .call(
            &token,
            "/cpro/factures/v1/consulter/fournisseur",
            json!({"identifiantFactureCPP": id}),
        )
        .await;
    let names: Vec<&str> = consulted["facture"]["listeDesPiecesJointes"]["pieceJointe"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pieceJointeNom"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["FX-M.xml", "FX-M.pdf"], "{consulted}");

    // CII declared, UBL sent: reported in the report, not refused at deposit.
    let numero =
        deposer(&server, &token, ubl("FX-F").as_bytes(), "FX-F.xml", "IN_DP_E1_CII_16B").await;
    let cr = rapport(&server, &token, &numero).await;
    assert_eq!(cr["etatCourantDepotFlux"], "IN_REJETE", "{cr}");
    assert_eq!(codes_techniques(&cr), ["SYNTAXE_FLUX"], "{cr}");
    server.stop().await;
}

#[tokio::test]
async fn the_same_file_again_is_the_same_flux() {
    let server = TestServer::start().await;
    sans_quota(&server).await;
    let token = server.token().await;
    let file =
        tar_gz(&[("FX-1.xml", ubl("FX-1").as_bytes()), ("FX-2.xml", ubl("FX-2").as_bytes())]);
    let first = deposer(&server, &token, &file, "lot.tar.gz", "IN_DP_E1_UBL_INVOICE").await;
    let cr = rapport(&server, &token, &first).await;
    assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE", "{cr}");
    let again = deposer(&server, &token, &file, "encore.tar.gz", "IN_DP_E1_UBL_INVOICE").await;
    assert_eq!(again, first);
    let cr = rapport(&server, &token, &first).await;
    assert_eq!(cr["nomFichier"], "lot.tar.gz", "the first deposit's");
    let found = factures_du_flux(&server, &token, &first).await;
    assert_eq!(found["parametresRetour"]["total"], 2, "nothing created twice");

    // A rejected file may be deposited again (the directory may have been corrected since).
    let rejected = ubl_avec("FX-3", demo::SIRET_FOURNISSEUR, 1, 1);
    let once =
        deposer(&server, &token, rejected.as_bytes(), "FX-3.xml", "IN_DP_E1_UBL_INVOICE").await;
    assert_eq!(rapport(&server, &token, &once).await["etatCourantDepotFlux"], "IN_REJETE");
    let twice =
        deposer(&server, &token, rejected.as_bytes(), "FX-3.xml", "IN_DP_E1_UBL_INVOICE").await;
    assert_ne!(twice, once);
    // Another structure's deposit of the same file is its own flux.
    let (status, answer) = server
        .call_as(
            &token,
            Some(&recipient()),
            DEPOSER,
            corps(&file, "lot.tar.gz", "IN_DP_E1_UBL_INVOICE"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_ne!(answer["numeroFluxDepot"], first);
    server.stop().await;
}

/// A deposit is handed to this process's workers leased, with its file; one that finds no
/// room waits in the database, where workers find it, and leave a leased one alone.
#[tokio::test]
async fn deposits_are_handed_to_the_workers_leased_or_wait_in_the_database() {
    use facteur_domain::flux::NumeroFlux;
    use facteur_store::Remise;

    let server = TestServer::start().await;
    sans_quota(&server).await;
    let token = server.token().await;
    // A hand-off of our own, with room for one group, in place of the workers'.
    let (lots, mut remis) = tokio::sync::mpsc::channel(1);
    let bail = chrono::Duration::seconds(60);
    server.app().store().remettre_flux(Some(Remise { lots, bail }));

    let a = ubl("FR-1");
    let en_main = deposer(&server, &token, a.as_bytes(), "FR-1.xml", UBL).await;
    let b = ubl("FR-2");
    let en_base = deposer(&server, &token, b.as_bytes(), "FR-2.xml", UBL).await;
    // The second found no room: the workers took it from the database...
    let cr = rapport(&server, &token, &en_base).await;
    assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE", "{cr}");
    // ... and left the first, leased, alone.
    let (status, cr) = server.call(&token, CR, json!({"numeroFluxDepot": en_main})).await;
    assert_eq!(status, StatusCode::OK, "{cr}");
    assert_eq!(cr["etatCourantFlux"], "IN_EN_COURS_TRAITEMENT_CPP", "{cr}");

    let lot = remis.try_recv().expect("the first deposit handed over");
    assert!(remis.try_recv().is_err(), "only the first");
    let ids: Vec<String> =
        lot.flux.iter().map(|(f, _)| NumeroFlux::of_id(f.id).to_string()).collect();
    assert_eq!(ids, [en_main.as_str()]);
    assert_eq!(lot.flux[0].1.as_deref(), Some(a.as_bytes()), "its file in hand");
    server.app().traiter_lots_remis(vec![lot]).await;
    let cr = rapport(&server, &token, &en_main).await;
    assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE", "{cr}");
    let found = factures_du_flux(&server, &token, &en_main).await;
    assert_eq!(found["parametresRetour"]["total"], 1, "{found}");

    // Without a hand-off, deposits wait in the database.
    server.app().store().remettre_flux(None);
    let c = ubl("FR-3");
    let seul = deposer(&server, &token, c.as_bytes(), "FR-3.xml", UBL).await;
    assert_eq!(rapport(&server, &token, &seul).await["etatCourantDepotFlux"], "IN_INTEGRE");
    assert!(remis.try_recv().is_err());
    server.stop().await;
}

/// Lots waiting for a worker are written together, in one transaction, each flux under its
/// own lease: one whose lease was lost meanwhile is left to its new holder, not written twice.
#[tokio::test]
async fn lots_handed_over_are_written_together_each_flux_under_its_own_lease() {
    use facteur_store::Remise;

    let server = TestServer::start().await;
    sans_quota(&server).await;
    let token = server.token().await;
    let (lots, mut remis) = tokio::sync::mpsc::channel(2);
    let bail = chrono::Duration::seconds(60);
    server.app().store().remettre_flux(Some(Remise { lots, bail }));
    let gardee = deposer(&server, &token, ubl("FR-21").as_bytes(), "FR-21.xml", UBL).await;
    let perdue = deposer(&server, &token, ubl("FR-22").as_bytes(), "FR-22.xml", UBL).await;
    server.app().store().remettre_flux(None);
    let premier = remis.try_recv().expect("the first deposit handed over");
    let second = remis.try_recv().expect("the second deposit handed over");
    assert_ne!(premier.bail, second.bail, "a lease per group");

    // The second lease is let go: the server's own workers take its flux and write it.
    server.app().store().relacher_flux(&[second.bail]).await.unwrap();
    let cr = rapport(&server, &token, &perdue).await;
    assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE", "{cr}");
    let (status, cr) = server.call(&token, CR, json!({"numeroFluxDepot": gardee})).await;
    assert_eq!(status, StatusCode::OK, "{cr}");
    assert_eq!(cr["etatCourantFlux"], "IN_EN_COURS_TRAITEMENT_CPP", "{cr}");

    server.app().traiter_lots_remis(vec![premier, second]).await;
    let cr = rapport(&server, &token, &gardee).await;
    assert_eq!(cr["etatCourantDepotFlux"], "IN_INTEGRE", "{cr}");
    for numero in [&gardee, &perdue] {
        let found = factures_du_flux(&server, &token, numero).await;
        assert_eq!(found["parametresRetour"]["total"], 1, "{found}");
    }
    let cr = rapport(&server, &token, &perdue).await;
    assert_eq!(cr["listeErreurDP"], json!([]), "written once, no duplicate: {cr}");
    server.stop().await;
}

#[tokio::test]
async fn a_killed_server_loses_no_acknowledged_flux_and_creates_no_invoice_twice() {
    const DOCUMENTS: usize = 4;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = std::env::temp_dir().join(format!("facteur-crash-{port}-{}", std::process::id()));
    let mut process = Process { dir, port, child: None };
    assert!(process.facteur(&["seed", "--demo"]).status().unwrap().success());
    let quota = [
        "account",
        "set-quota",
        "--client-id",
        demo::APPLICATION,
        "--per-second",
        "1000000",
        "--per-day",
        "1000000000",
    ];
    assert!(process.facteur(&quota).status().unwrap().success());
    process.serve().await;
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let token = process_token(&http, &base).await;

    // Several clients deposit as fast as they can until the server dies under them.
    let mut clients = tokio::task::JoinSet::new();
    for client in 0..4 {
        let (http, base, token) = (http.clone(), base.clone(), token.clone());
        clients.spawn(async move {
            let mut acknowledged = Vec::new();
            for i in 0.. {
                let files: Vec<(String, String)> = (0..DOCUMENTS)
                    .map(|d| (format!("K{client}-{i}-{d}.xml"), ubl(&format!("K{client}-{i}-{d}"))))
                    .collect();
                let entries: Vec<(&str, &[u8])> =
                    files.iter().map(|(n, x)| (n.as_str(), x.as_bytes())).collect();
                let body = corps(&tar_gz(&entries), "lot.tar.gz", "IN_DP_E1_UBL_INVOICE");
                match process_call(&http, &base, &token, DEPOSER, &body).await {
                    Ok((StatusCode::OK, answer)) => {
                        acknowledged.push(answer["numeroFluxDepot"].as_str().unwrap().to_owned());
                    }
                    Ok((status, answer)) => panic!("{status}: {answer}"),
                    Err(_) => break,
                }
            }
            acknowledged
        });
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    process.kill();
    let mut acknowledged = Vec::new();
    while let Some(list) = clients.join_next().await {
        acknowledged.extend(list.unwrap());
    }
    assert!(acknowledged.len() > 8, "only {} deposits before the kill", acknowledged.len());

    process.serve().await;
    let token = process_token(&http, &base).await;
    for numero in &acknowledged {
        let start = Instant::now();
        loop {
            let body = json!({"numeroFluxDepot": numero});
            let (status, cr) =
                process_call(&http, &base, &token, CR_DETAILLE, &body).await.unwrap();
            assert_eq!(status, StatusCode::OK, "{numero} lost: {cr}");
            if cr["etatCourantDepotFlux"] == "IN_INTEGRE" {
                break;
            }
            assert!(
                ["IN_RECU", "IN_EN_COURS_TRAITEMENT_CPP"]
                    .contains(&cr["etatCourantDepotFlux"].as_str().unwrap()),
                "{cr}"
            );
            assert!(start.elapsed() < Duration::from_secs(60), "{numero} never processed: {cr}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    process.kill();

    use sqlx::Connection;
    let url = format!("sqlite://{}", process.dir.join("facteur.db").display());
    let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
    for numero in &acknowledged {
        let id: i64 = numero[3..].parse().unwrap();
        let (documents, invoices): (i64, i64) = sqlx::query_as(
            "SELECT documents, (SELECT COUNT(*) FROM factures WHERE flux_id = flux.id) FROM flux WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut db)
        .await
        .unwrap();
        assert_eq!((documents, invoices), (DOCUMENTS as i64, DOCUMENTS as i64), "{numero}");
    }
    // Every flux processed (acknowledged or cut before its answer) has exactly its invoices.
    let wrong: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, integrees, (SELECT COUNT(*) FROM factures WHERE flux_id = flux.id) AS n FROM flux \
         WHERE etat LIKE 'IN_INTEGRE%' AND integrees <> (SELECT COUNT(*) FROM factures WHERE flux_id = flux.id)",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert_eq!(wrong, []);
}

#[tokio::test]
async fn deposits_are_checked_before_they_are_acknowledged() {
    let server = TestServer::start().await;
    sans_quota(&server).await;
    let token = server.token().await;
    let xml = ubl("FX-1");
    let (status, answer) =
        server.call(&token, DEPOSER, corps(xml.as_bytes(), "F.xml", "IN_DP_E1_XCBL")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let libelle = answer["libelle"].as_str().unwrap();
    assert!(
        libelle.contains("syntaxeFlux")
            && libelle.contains("IN_DP_E1_XCBL")
            && libelle.contains("IN_DP_E1_UBL_INVOICE"),
        "{libelle}"
    );
    let (status, answer) = server.call(&token, DEPOSER, corps(xml.as_bytes(), "F.xml", "")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let mut body = corps(xml.as_bytes(), "F.xml", "IN_DP_E1_UBL_INVOICE");
    body["fichierFlux"] = "pas du base64 !".into();
    let (status, answer) = server.call(&token, DEPOSER, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(answer["libelle"].as_str().unwrap().contains("fichierFlux"), "{answer}");
    let mut body = corps(xml.as_bytes(), "F.xml", "IN_DP_E1_UBL_INVOICE");
    body.as_object_mut().unwrap().remove("nomFichier");
    let (status, answer) = server.call(&token, DEPOSER, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");

    // Past 30 MB (a 50 MB attribute), the deposit itself is refused.
    let huge = format!("<Invoice a=\"{}\"/>", "A".repeat(50 * 1024 * 1024));
    let (status, answer) = server
        .call(&token, DEPOSER, corps(huge.as_bytes(), "huge.xml", "IN_DP_E1_UBL_INVOICE"))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    server.stop().await;
}

#[tokio::test]
async fn hostile_files_end_rejected_while_the_server_keeps_answering() {
    let server = TestServer::start().await;
    sans_quota(&server).await;
    let token = server.token().await;
    let xml = ubl("FX-1");
    let laughs = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">{}]><Invoice>&lol9;</Invoice>",
        (1..10)
            .map(|i| format!(
                "<!ENTITY lol{i} \"{}\">",
                format!("&lol{};", if i == 1 { String::new() } else { (i - 1).to_string() })
                    .repeat(10)
            ))
            .collect::<String>()
    );
    let xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><ID>&xxe;</ID></Invoice>";
    let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    let attribute = format!("<Invoice a=\"{}\"/>", "A".repeat(50 * 1024 * 1024));
    let bomb = tar_gz(&[("attribut.xml", attribute.as_bytes())]);
    assert!(bomb.len() < 1024 * 1024, "compresses to {} bytes", bomb.len());
    let many: Vec<(String, Vec<u8>)> =
        (0..501).map(|i| (format!("{i}.xml"), b"<a/>".to_vec())).collect();
    let many: Vec<(&str, &[u8])> = many.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    let too_many = tar_gz(&many);
    let cases: Vec<(&str, Vec<u8>, &str, &[&str])> = vec![
        (
            "tronque.xml",
            xml.as_bytes()[..xml.len() / 2].to_vec(),
            "IN_DP_E1_UBL_INVOICE",
            &["DOCUMENT_ILLISIBLE"],
        ),
        ("laughs.xml", laughs.into_bytes(), "IN_DP_E1_UBL_INVOICE", &["DOCUMENT_ILLISIBLE"]),
        ("xxe.xml", xxe.as_bytes().to_vec(), "IN_DP_E1_UBL_INVOICE", &["DOCUMENT_ILLISIBLE"]),
        ("profond.xml", deep.into_bytes(), "IN_DP_E1_UBL_INVOICE", &["DOCUMENT_ILLISIBLE"]),
        ("attribut.tar.gz", bomb, "IN_DP_E1_UBL_INVOICE", &["FLUX_TROP_VOLUMINEUX"]),
        ("nombreux.tar.gz", too_many, "IN_DP_E1_UBL_INVOICE", &["FLUX_TROP_VOLUMINEUX"]),
        (
            "casse.tar.gz",
            gz(b"garbage that is no tar archive at all, long enough to fill a block"),
            "IN_DP_E1_UBL_INVOICE",
            &["FLUX_ILLISIBLE"],
        ),
        ("vide.pdf", pdf_avec(None), "IN_DP_E2_CII_FACTURX", &["DOCUMENT_ILLISIBLE"]),
        (
            "ubl.pdf",
            pdf_avec(Some(&xml)),
            "IN_DP_E2_CII_FACTURX",
            &["DOCUMENT_ILLISIBLE", "SYNTAXE_FLUX"],
        ),
    ];
    let mut numeros = Vec::new();
    for (nom, fichier, syntaxe, _) in &cases {
        numeros.push(deposer(&server, &token, fichier, nom, syntaxe).await);
    }
    for ((nom, _, _, codes), numero) in cases.iter().zip(&numeros) {
        let cr = rapport(&server, &token, numero).await;
        assert_eq!(cr["etatCourantDepotFlux"], "IN_REJETE", "{nom}: {cr}");
        let found = codes_techniques(&cr);
        assert!(found.len() == 1 && codes.contains(&found[0].as_str()), "{nom}: {cr}");
        let (status, _) = server
            .send(
                reqwest::Method::GET,
                &token,
                None,
                "/cpro/transverses/v1/health-check",
                Value::Null,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let file = server.call(&token, CR_DETAILLE, json!({"numeroFluxDepot": numeros[0]})).await.1;
    assert!(
        file["listeErreurTechnique"][0]["libelleErreur"]
            .as_str()
            .unwrap()
            .starts_with("tronque.xml: "),
        "{file}"
    );
    server.stop().await;
}

#[tokio::test]
async fn only_the_depositors_structure_reads_its_report() {
    let server = TestServer::start().await;
    sans_quota(&server).await;
    let token = server.token().await;
    let numero =
        deposer(&server, &token, ubl("FX-1").as_bytes(), "FX-1.xml", "IN_DP_E1_UBL_INVOICE").await;
    rapport(&server, &token, &numero).await;
    let stranger = commune(&server).await;
    for path in [CR, CR_DETAILLE] {
        for account in [&stranger, &recipient()] {
            let (status, answer) = server
                .call_as(&token, Some(account), path, json!({"numeroFluxDepot": numero}))
                .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
        }
        for unknown in ["CPP0000000000000000999999", "not a number", ""] {
            let (status, answer) =
                server.call(&token, path, json!({"numeroFluxDepot": unknown})).await;
            assert!(
                status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
                "{answer}"
            );
        }
    }
    // Nor does a stranger find its invoices by the flux's number.
    let (status, answer) = server
        .call_as(
            &token,
            Some(&stranger),
            "/cpro/factures/v1/rechercher/fournisseur",
            json!({"numeroFluxDepot": numero}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["listeFactures"], json!([]));
    server.stop().await;
}

/// The real binary, on a SQLite data directory of its own.
struct Process {
    dir: std::path::PathBuf,
    port: u16,
    child: Option<std::process::Child>,
}

impl Process {
    fn facteur(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_facteur"));
        command
            .args(args)
            .arg("--data-dir")
            .arg(&self.dir)
            .env_remove("FACTEUR_DATABASE_URL")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        command
    }

    async fn serve(&mut self) {
        let listen = format!("127.0.0.1:{}", self.port);
        let args = ["serve", "--listen", &listen, "--metrics-listen", "off", "--flux-lease", "2"];
        self.child = Some(self.facteur(&args).spawn().unwrap());
        let http = reqwest::Client::new();
        let start = Instant::now();
        while http.get(format!("http://{listen}/readyz")).send().await.is_err() {
            assert!(start.elapsed() < Duration::from_secs(30), "facteur did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no shutdown, no flush, whatever was in flight is cut.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn process_token(http: &reqwest::Client, base: &str) -> String {
    let body = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        demo::APPLICATION,
        demo::APPLICATION_SECRET
    );
    let answer: Value = http
        .post(format!("{base}/api/oauth/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["access_token"].as_str().unwrap().to_owned()
}

async fn process_call(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    path: &str,
    body: &Value,
) -> reqwest::Result<(StatusCode, Value)> {
    let response = http
        .post(format!("{base}{path}"))
        .bearer_auth(token)
        .header(
            "cpro-account",
            crate::harness::account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD),
        )
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await?;
    let status = response.status();
    Ok((status, response.json().await?))
}
