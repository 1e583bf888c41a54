//! Files: attachments added and named in deposits and completions, PDF deposits, and the
//! documents recipients and suppliers download.

use std::io::Read;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use facteur_app::demo;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::factures::{facture, recipient};
use crate::harness::{TestServer, account};

const AJOUTER: &str = "/cpro/transverses/v1/ajouter/fichier";
const SOUMETTRE: &str = "/cpro/factures/v1/soumettre";
const TELECHARGER: &str = "/cpro/factures/v1/telecharger/groupe";

fn fichier(nom: &str, contenu: &[u8]) -> Value {
    json!({"pieceJointeFichier": STANDARD.encode(contenu), "pieceJointeNom": nom,
           "pieceJointeTypeMime": "application/pdf", "pieceJointeExtension": nom.rsplit('.').next()})
}

pub async fn ajouter(
    server: &TestServer,
    token: &str,
    who: &str,
    nom: &str,
    contenu: &[u8],
) -> i64 {
    let (status, answer) = server.call_as(token, Some(who), AJOUTER, fichier(nom, contenu)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["pieceJointeId"].as_i64().unwrap()
}

fn decoded(answer: &Value, key: &str) -> Vec<u8> {
    STANDARD.decode(answer[key].as_str().unwrap()).unwrap()
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned()).collect()
}

#[tokio::test]
async fn files_are_checked_like_chorus_pro_does() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let supplier = account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD);
    let refused = [
        (fichier("programme.exe", b"MZ"), "pieceJointeNom"),
        (fichier(&format!("{}.pdf", "n".repeat(47)), b"%PDF-"), "pieceJointeNom"),
        (
            json!({"pieceJointeFichier": "pas du base64 !", "pieceJointeNom": "a.pdf"}),
            "pieceJointeFichier",
        ),
        (fichier("vide.txt", b""), "pieceJointeFichier"),
        (fichier("enorme.pdf", &vec![b'x'; 10 * 1024 * 1024 + 1]), "pieceJointeFichier"),
    ];
    for (body, field) in refused {
        let (status, answer) = server.call_as(&token, Some(&supplier), AJOUTER, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert!(answer["libelle"].as_str().unwrap().contains(field), "{answer}");
    }
    // 10 MB exactly is allowed.
    ajouter(&server, &token, &supplier, "limite.pdf", &vec![b'x'; 10 * 1024 * 1024]).await;
    server.stop().await;
}

#[tokio::test]
async fn attachments_go_with_the_invoice_and_only_their_owner_attaches_them() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let supplier = account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD);
    let bon = ajouter(&server, &token, &supplier, "bon-de-commande.pdf", b"%PDF-1.4 bon").await;
    let pv = ajouter(&server, &token, &supplier, "pv.txt", b"proces-verbal").await;
    let foreign = ajouter(&server, &token, &recipient(), "autre.txt", b"pas a vous").await;

    let mut body = facture("PJ-001");
    body["pieceJointeComplementaire"] = json!([{"pieceJointeComplementaireId": foreign, "pieceJointeComplementaireDesignation": "?"}]);
    let (status, answer) = server.call(&token, SOUMETTRE, body.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "someone else's file: {answer}");
    assert!(answer["libelle"].as_str().unwrap().contains(&foreign.to_string()));

    body["pieceJointeComplementaire"] = json!([
        {"pieceJointeComplementaireId": bon, "pieceJointeComplementaireDesignation": "Bon de commande"},
        {"pieceJointeComplementaireId": pv, "pieceJointeComplementaireDesignation": "PV de réception"},
    ]);
    let (status, answer) = server.call(&token, SOUMETTRE, body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let id = answer["identifiantFactureCPP"].as_i64().unwrap();

    let (_, seen) = server
        .call_as(
            &token,
            Some(&recipient()),
            "/cpro/factures/v1/consulter/recipiendaire",
            json!({"identifiantFactureCPP": id}),
        )
        .await;
    let pieces = seen["facture"]["listeDesPiecesJointes"]["pieceJointe"].as_array().unwrap();
    let designations: Vec<&str> =
        pieces.iter().map(|p| p["pieceJointeDesignation"].as_str().unwrap()).collect();
    assert_eq!(designations, ["Bon de commande", "PV de réception"]);

    // The recipient downloads the rendering and, when asked, the supporting files.
    let ask = |avec: &str| json!({"listeFacture": [{"idFacture": id}], "format": "PDF", "avecPiecesJointesComplementaires": avec});
    let (status, alone) = server.call_as(&token, Some(&recipient()), TELECHARGER, ask("Non")).await;
    assert_eq!(status, StatusCode::OK, "{alone}");
    assert!(decoded(&alone, "fichierResultat").starts_with(b"%PDF-"), "one file comes as itself");
    let (_, all) = server.call_as(&token, Some(&recipient()), TELECHARGER, ask("Oui")).await;
    let zipped = decoded(&all, "fichierResultat");
    let names = zip_names(&zipped);
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[1].ends_with("bon-de-commande.pdf") && names[2].ends_with("pv.txt"), "{names:?}");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
    let mut pv_text = String::new();
    archive.by_index(2).unwrap().read_to_string(&mut pv_text).unwrap();
    assert_eq!(pv_text, "proces-verbal", "the file comes back as it was added");

    // Downloading marked the invoice as downloaded by its recipient.
    let (_, found) = server
        .call_as(
            &token,
            Some(&recipient()),
            "/cpro/factures/v1/rechercher/recipiendaire",
            json!({"numeroFacture": "PJ-001"}),
        )
        .await;
    assert_eq!(found["listeFactures"][0]["factureTelechargeeParDestinataire"], true, "{found}");
    server.stop().await;
}

#[tokio::test]
async fn a_pdf_deposit_keeps_the_suppliers_pdf() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let original = b"%PDF-1.7\n% the supplier's own invoice\n%%EOF\n";
    let (status, answer) = server
        .call(&token, "/cpro/factures/v1/deposer/pdf", json!({"fichierFacture": STANDARD.encode(b"not a pdf"), "nomFichier": "facture.pdf", "formatDepot": "PDF_NON_SIGNE"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = server
        .call(&token, "/cpro/factures/v1/deposer/pdf", json!({"fichierFacture": STANDARD.encode(original), "nomFichier": "facture PDF-002.pdf", "formatDepot": "PDF_NON_SIGNE"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["codeRetour"], 0);
    let pdf = answer["pieceJointeId"].as_i64().unwrap();

    let mut body = facture("PDF-002");
    body["modeDepot"] = "DEPOT_PDF_API".into();
    let (status, answer) = server.call(&token, SOUMETTRE, body.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a PDF deposit names its PDF: {answer}");
    body["pieceJointePrincipale"] =
        json!([{"pieceJointePrincipaleId": pdf, "pieceJointePrincipaleDesignation": "Facture"}]);
    let id = {
        let (status, answer) = server.call(&token, SOUMETTRE, body).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        answer["identifiantFactureCPP"].as_i64().unwrap()
    };

    // The PDF download gives the rendering and the supplier's original, as deposited.
    let (status, answer) = server
        .call(&token, TELECHARGER, json!({"listeFacture": [{"idFacture": id}], "format": "PDF"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let zipped = decoded(&answer, "fichierResultat");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
    assert_eq!(archive.len(), 2);
    let mut back = Vec::new();
    archive.by_index(1).unwrap().read_to_end(&mut back).unwrap();
    assert_eq!(back, original);
    server.stop().await;
}

#[tokio::test]
async fn the_pivot_is_the_invoice_in_en16931_xml_and_strangers_get_nothing() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let first = crate::factures::submit(&server, &token, facture("PIV-001")).await;
    let second = crate::factures::submit(&server, &token, facture("PIV-002")).await;

    let (status, answer) = server
        .call_as(
            &token,
            Some(&recipient()),
            TELECHARGER,
            json!({"listeFacture": [{"idFacture": first}], "format": "PIVOT"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let xml = String::from_utf8(decoded(&answer, "fichierResultat")).unwrap();
    assert!(xml.contains("CrossIndustryInvoice") && xml.contains("PIV-001"), "{xml}");
    assert!(xml.contains("<ram:GrandTotalAmount>44.34</ram:GrandTotalAmount>"), "{xml}");
    assert!(xml.contains(demo::SIRET_FOURNISSEUR) && xml.contains(demo::SIRET_DESTINATAIRE));

    let (_, answer) = server
        .call(&token, TELECHARGER, json!({"listeFacture": [{"idFacture": first}, {"idFacture": second}], "format": "PIVOT"}))
        .await;
    let names = zip_names(&decoded(&answer, "fichierResultat"));
    assert_eq!(names.len(), 2, "two invoices, one XML each: {names:?}");

    // The same through telecharger/pieceJointe.
    let (status, answer) = server
        .call(&token, "/cpro/transverses/v1/telecharger/pieceJointe", json!({"objetPieceJointe": "DEMANDE_PAIEMENT", "demandePaiement": {"listeFacture": [{"idFacture": second}], "format": "PIVOT"}}))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(String::from_utf8(decoded(&answer, "pieceJointe")).unwrap().contains("PIV-002"));

    let commune = crate::factures::commune(&server).await;
    let (status, _) = server
        .call_as(
            &token,
            Some(&commune),
            TELECHARGER,
            json!({"listeFacture": [{"idFacture": first}], "format": "PDF"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a stranger downloads nothing");
    server.stop().await;
}

#[tokio::test]
async fn a_suspended_invoice_is_completed_with_the_missing_document() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let supplier = account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD);
    let id = crate::factures::submit(&server, &token, facture("SUS-001")).await;
    let (status, answer) = server
        .call_as(&token, Some(&recipient()), "/cpro/factures/v1/traiter/recue", json!({"idFacture": id, "nouveauStatut": "SUSPENDUE", "motif": "Bon de livraison manquant"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let bl = ajouter(&server, &token, &supplier, "bon-de-livraison.pdf", b"%PDF-1.4 BL").await;
    let (status, answer) = server
        .call(&token, "/cpro/factures/v1/completer", json!({"identifiantFactureCPP": id, "commentaire": "BL joint",
            "pieceJointeComplementaire": [{"pieceJointeComplementaireId": bl, "pieceJointeComplementaireDesignation": "Bon de livraison"}]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, seen) = server
        .call_as(
            &token,
            Some(&recipient()),
            "/cpro/factures/v1/consulter/recipiendaire",
            json!({"identifiantFactureCPP": id}),
        )
        .await;
    assert_eq!(seen["facture"]["statutFacture"], "COMPLETEE");
    assert_eq!(seen["facture"]["listeDesPiecesJointes"]["pieceJointe"][0]["pieceJointeId"], bl);
    server.stop().await;
}

#[tokio::test]
async fn the_recipient_digitises_a_paper_invoice() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let fournisseur = server
        .app()
        .store()
        .find_structure_by_identifiant("SIRET", demo::SIRET_FOURNISSEUR)
        .await
        .unwrap()
        .unwrap()
        .id;
    let scan = ajouter(&server, &token, &recipient(), "scan-0001.pdf", b"%PDF-1.4 scanned").await;
    let mut body = facture("PAP-001");
    body["modeDepot"] = "PAPIER_NUMERISE".into();
    body["fournisseur"] = json!({"idFournisseur": fournisseur});
    body["pieceJointePrincipale"] = json!([{"pieceJointePrincipaleId": scan}]);

    // The supplier does not pretend its invoices came on paper.
    let (status, answer) = server.call(&token, SOUMETTRE, body.clone()).await;
    assert!(status == StatusCode::FORBIDDEN || status == StatusCode::BAD_REQUEST, "{answer}");

    let (status, answer) = server.call_as(&token, Some(&recipient()), SOUMETTRE, body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["statutFacture"], "MISE_A_DISPOSITION");
    let id = answer["identifiantFactureCPP"].as_i64().unwrap();
    let (_, codes) = crate::factures::history_codes(&server, &token, id).await;
    assert_eq!(
        codes,
        ["INTERPRETEE_OCR", "DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION"]
    );
    let (_, issued) = server
        .call(
            &token,
            "/cpro/factures/v1/rechercher/fournisseur",
            json!({"numeroFacture": "PAP-001"}),
        )
        .await;
    assert_eq!(issued["listeFactures"][0]["modeDepot"], "PAPIER_NUMERISE", "{issued}");
    server.stop().await;
}
