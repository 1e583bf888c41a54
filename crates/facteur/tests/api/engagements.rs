//! Engagements over HTTP: issued by a public body, found and consulted by its receiver at
//! Chorus Pro's paths, moved along their life cycle, quoted by invoices; and who may do what.

use facteur_app::demo;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::factures::{commune, facture, recipient};
use crate::harness::{TestServer, account};
use crate::pieces_jointes::ajouter;

const RECHERCHER: &str = "/cpro/engagementsJuridiques/v1/rechercher";
const CONSULTER: &str = "/cpro/engagementsJuridiques/v1/consulterDetail";
const SOUMETTRE: &str = "/cpro/factures/v1/soumettre";

fn supplier() -> String {
    account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD)
}

/// An order from the ministry's purchasing service to the demo supplier.
fn engagement(numero: &str, transmettre: bool) -> Value {
    json!({
        "codeServiceExecutant": "SG-ACHATS",
        "identifiantStructureReceptrice": demo::SIRET_FOURNISSEUR,
        "numeroEngagementJuridique": numero,
        "typeEngagementJuridique": "BON_DE_COMMANDE",
        "libelleEngagement": "Papeterie",
        "dateNotificationEJ": "2026-11-02",
        "lignePoste": [
            {"numeroDePoste": 1, "descriptionPoste": "Ramettes", "quantitePoste": 10, "montantHtPoste": "49.90", "montantTtcPoste": 59.88},
            {"numeroDePoste": 2, "descriptionPoste": "Stylos", "quantitePoste": "100", "montantHtPoste": 30, "montantTtcPoste": 36},
        ],
        "transmettre": transmettre,
    })
}

/// The ministry's technical account creates an engagement; its id.
async fn issue(server: &TestServer, token: &str, body: Value) -> i64 {
    let (status, answer) =
        server.call_as(token, Some(&recipient()), "/api/v1/engagements", body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["id"].as_i64().unwrap()
}

/// An act on an engagement by an account; the answer.
async fn act(
    server: &TestServer,
    token: &str,
    who: &str,
    id: i64,
    acte: &str,
    motif: Option<&str>,
) -> (StatusCode, Value) {
    let path = format!("/api/v1/engagements/{id}/{acte}");
    server.call_as(token, Some(who), &path, json!({"motif": motif})).await
}

async fn consult(server: &TestServer, token: &str, who: &str, id: i64) -> (StatusCode, Value) {
    let path = format!("/api/v1/engagements/{id}");
    server.send(Method::GET, token, Some(who), &path, json!({})).await
}

/// The demo supplier's structure id, as its software knows it.
async fn supplier_id(server: &TestServer, token: &str) -> i64 {
    let (_, answer) = server
        .call(
            token,
            "/cpro/structures/v1/rechercher",
            json!({"structure": {"identifiantStructure": demo::SIRET_FOURNISSEUR, "typeIdentifiantStructure": "SIRET"}, "restreindreStructuresPrivees": false}),
        )
        .await;
    answer["listeStructures"][0]["idStructureCPP"].as_i64().unwrap()
}

/// An invoice to the purchasing service quoting an engagement number: the answer.
async fn invoice_quoting(
    server: &TestServer,
    token: &str,
    numero: &str,
    ej: &str,
) -> (StatusCode, Value) {
    let mut f = facture(numero);
    f["destinataire"]["codeServiceExecutant"] = json!("SG-ACHATS");
    f["references"]["numeroBonCommande"] = json!(ej);
    server.call(token, SOUMETTRE, f).await
}

#[tokio::test]
async fn a_supplier_finds_and_reads_the_engagement_its_customer_transmitted() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let id = issue(&server, &token, engagement("EJ-T-001", false)).await;
    let fournisseur = supplier_id(&server, &token).await;
    // As the Odoo module asks before it sends an invoice: its own structure id, as a string,
    // and only engagements in force.
    let search = json!({"numeroEngagementJuridique": "EJ-T-001", "structureReceptriceEngagementJuridique": fournisseur.to_string(), "etatCourantEngagementJuridique": "COMMANDE"});

    // A draft is the issuer's alone.
    let (status, found) = server.call(&token, RECHERCHER, search.clone()).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["parametresRetour"]["total"], 0);
    assert_eq!(consult(&server, &token, &supplier(), id).await.0, StatusCode::NOT_FOUND);

    let (status, answer) = act(&server, &token, &recipient(), id, "transmettre", None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["etatCourantEngagement"], "COMMANDE");

    let (_, found) = server.call(&token, RECHERCHER, search.clone()).await;
    assert_eq!(found["parametresRetour"]["total"], 1, "{found}");
    let hit = &found["listeEngagementJuridique"][0];
    assert_eq!(hit["idEngagementJuridique"], id);
    assert_eq!(hit["libelleEtatCourantEJ"], "COMMANDE");
    assert_eq!(hit["libelleTypeEngagementJuridique"], "BON_DE_COMMANDE");
    assert_eq!(hit["identifiantStructureReceptrice"], demo::SIRET_FOURNISSEUR);
    assert_eq!(hit["codeServiceExecutant"], "SG-ACHATS");
    assert_eq!(hit["montantTotalTtc"], 95.88);
    assert_eq!(hit["dateNotificationEJ"], "2026-11-02");

    // Out of force, it is no longer found among those in force.
    act(&server, &token, &recipient(), id, "inactiver", None).await;
    let (_, found) = server.call(&token, RECHERCHER, search.clone()).await;
    assert_eq!(found["parametresRetour"]["total"], 0, "{found}");
    act(&server, &token, &recipient(), id, "reactiver", None).await;

    let (status, detail) =
        server.call(&token, CONSULTER, json!({"numeroEngagementJuridique": "EJ-T-001"})).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["idEngagement"], id);
    assert_eq!(detail["vue"], "RECEPTEUR");
    assert_eq!(detail["emetteur"]["identifiantStructureEmettrice"], demo::SIRET_DESTINATAIRE);
    assert_eq!(detail["emetteur"]["codeServiceExecutant"], "SG-ACHATS");
    assert_eq!(detail["recepteur"]["idStructureReceptrice"], fournisseur);
    assert_eq!(detail["lignePoste"][1]["montantTtcPoste"], 36.0);
    assert_eq!(detail["lignePoste"][1]["statutPoste"], "ACTIF");
    let actions: Vec<&str> = detail["historique"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["CREER", "TRANSMETTRE", "INACTIVER", "REACTIVER"]);

    // Nothing of that number elsewhere: not found, in the envelope.
    let (status, none) =
        server.call(&token, CONSULTER, json!({"numeroEngagementJuridique": "EJ-NONE"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(none["libelle"].as_str().unwrap().contains("EJ-NONE"), "{none}");
    server.stop().await;
}

#[tokio::test]
async fn invoices_quote_engagements_in_force_issued_to_their_supplier() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let id = issue(&server, &token, engagement("EJ-T-010", true)).await;

    let (status, answer) = invoice_quoting(&server, &token, "F-EJ-1", "EJ-INCONNU").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["libelle"].as_str().unwrap().contains("[EJ-INCONNU] is not an engagement"),
        "{answer}"
    );

    act(&server, &token, &recipient(), id, "inactiver", None).await;
    let (status, answer) = invoice_quoting(&server, &token, "F-EJ-2", "EJ-T-010").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["libelle"].as_str().unwrap().contains("state INACTIF"), "{answer}");

    let (status, answer) = act(&server, &token, &recipient(), id, "reactiver", None).await;
    assert_eq!(answer["etatCourantEngagement"], "COMMANDE", "{status} {answer}");
    let (status, answer) = invoice_quoting(&server, &token, "F-EJ-3", "EJ-T-010").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let facture_id = answer["identifiantFactureCPP"].as_i64().unwrap();

    // Linked: listed on the engagement with the amount invoiced so far.
    let (_, detail) = consult(&server, &token, &recipient(), id).await;
    assert_eq!(detail["demandePaiement"][0]["idDemandePaiement"], facture_id, "{detail}");
    assert_eq!(detail["demandePaiement"][0]["montantTtcDemandePaiement"], 44.34);
    assert_eq!(detail["montantDejaFacture"], 44.34);

    // Quoted, it cannot be deleted; only put out of force.
    let path = format!("/api/v1/engagements/{id}");
    let (status, answer) =
        server.send(Method::DELETE, &token, Some(&recipient()), &path, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(answer["libelle"].as_str().unwrap().contains("quoted by 1 invoice"), "{answer}");

    // An engagement issued to another supplier does not cover this one's invoices.
    let mut other = engagement("EJ-T-011", true);
    other["identifiantStructureReceptrice"] = json!(demo::SIRET_GRAND_GROUPE);
    issue(&server, &token, other).await;
    let (status, answer) = invoice_quoting(&server, &token, "F-EJ-4", "EJ-T-011").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["libelle"].as_str().unwrap().contains("another supplier"), "{answer}");
    server.stop().await;
}

#[tokio::test]
async fn a_refused_engagement_is_corrected_and_transmitted_again() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let id = issue(&server, &token, engagement("EJ-T-020", true)).await;

    let (status, answer) = act(&server, &token, &supplier(), id, "refuser", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["libelle"].as_str().unwrap().contains("a reason is required"), "{answer}");
    let (status, answer) =
        act(&server, &token, &supplier(), id, "refuser", Some("Prix erroné")).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["etatCourantEngagement"], "REFUSE");

    // The issuer reads the reason, corrects the price and sends it again.
    let (_, detail) = consult(&server, &token, &recipient(), id).await;
    assert_eq!(detail["motif"], "Prix erroné");
    let mut corrected = engagement("EJ-T-020", true);
    corrected["lignePoste"][0]["montantHtPoste"] = json!(45);
    corrected["lignePoste"][0]["montantTtcPoste"] = json!(54);
    let path = format!("/api/v1/engagements/{id}");
    let (status, answer) =
        server.send(Method::PUT, &token, Some(&recipient()), &path, corrected).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["etatCourantEngagement"], "COMMANDE");

    // The receiver may also send it back to be corrected.
    let (_, answer) =
        act(&server, &token, &supplier(), id, "recycler", Some("Quantité erronée")).await;
    assert_eq!(answer["etatCourantEngagement"], "A_RECYCLER");
    let (_, answer) = act(&server, &token, &recipient(), id, "transmettre", None).await;
    assert_eq!(answer["etatCourantEngagement"], "COMMANDE");

    let (_, detail) = consult(&server, &token, &supplier(), id).await;
    assert_eq!(detail["montantTotalTtc"], 90.0, "{detail}");
    let history: Vec<(&str, &str)> = detail["historique"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["action"].as_str().unwrap(), h["etat"].as_str().unwrap()))
        .collect();
    assert_eq!(
        history,
        [
            ("CREER", "BROUILLON"),
            ("TRANSMETTRE", "COMMANDE"),
            ("REFUSER", "REFUSE"),
            ("MODIFIER", "REFUSE"),
            ("TRANSMETTRE", "COMMANDE"),
            ("RECYCLER", "A_RECYCLER"),
            ("TRANSMETTRE", "COMMANDE"),
        ]
    );
    assert_eq!(detail["historique"][2]["commentaire"], "Prix erroné");
    server.stop().await;
}

#[tokio::test]
async fn a_deleted_engagement_is_gone_and_frees_its_number() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let id = issue(&server, &token, engagement("EJ-T-030", true)).await;
    let (status, answer) = server
        .call_as(&token, Some(&recipient()), "/api/v1/engagements", engagement("EJ-T-030", false))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(answer["libelle"].as_str().unwrap().contains("EJ-T-030"), "{answer}");

    // Totals are kept with the engagements: on both sides, and when the receiver changes.
    let total = async |who: &str, vue: &str| {
        let body = json!({"vue": vue, "parametresRecherche": {"nbResultatsParPage": 1}});
        let (_, found) =
            server.call_as(&token, Some(who), "/api/v1/engagements/rechercher", body).await;
        found["parametresRetour"]["total"].as_u64().unwrap()
    };
    let (issued, received) =
        (total(&recipient(), "EMETTEUR").await, total(&supplier(), "RECEPTEUR").await);
    let path = format!("/api/v1/engagements/{id}");
    let mut elsewhere = engagement("EJ-T-030", false);
    elsewhere["identifiantStructureReceptrice"] = json!(demo::SIRET_GRAND_GROUPE);
    let (status, _) = server.send(Method::PUT, &token, Some(&recipient()), &path, elsewhere).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(total(&supplier(), "RECEPTEUR").await, received - 1);
    assert_eq!(total(&recipient(), "EMETTEUR").await, issued);

    let (status, answer) =
        server.send(Method::DELETE, &token, Some(&recipient()), &path, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["etatCourantEngagement"], "SUPPRIME");
    assert_eq!(total(&recipient(), "EMETTEUR").await, issued - 1);
    assert_eq!(consult(&server, &token, &recipient(), id).await.0, StatusCode::NOT_FOUND);
    assert_eq!(consult(&server, &token, &supplier(), id).await.0, StatusCode::NOT_FOUND);
    let again = issue(&server, &token, engagement("EJ-T-030", true)).await;
    assert_ne!(again, id);
    server.stop().await;
}

#[tokio::test]
async fn each_side_keeps_to_its_own_acts_and_strangers_see_nothing() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let id = issue(&server, &token, engagement("EJ-T-040", true)).await;
    let path = format!("/api/v1/engagements/{id}");

    // The receiver cannot correct, put out of force or delete it.
    let (status, answer) = server
        .send(Method::PUT, &token, Some(&supplier()), &path, engagement("EJ-T-040", false))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert!(answer["libelle"].as_str().unwrap().contains("only the issuer"), "{answer}");
    assert_eq!(
        act(&server, &token, &supplier(), id, "inactiver", None).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, _) =
        server.send(Method::DELETE, &token, Some(&supplier()), &path, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The issuer cannot refuse its own.
    assert_eq!(
        act(&server, &token, &recipient(), id, "refuser", Some("non")).await.0,
        StatusCode::FORBIDDEN
    );
    // A private company issues no engagement.
    let mut from_private = engagement("EJ-T-041", false);
    from_private["identifiantStructureReceptrice"] = json!(demo::SIRET_DESTINATAIRE);
    from_private["codeServiceExecutant"] = json!(null);
    let (status, answer) =
        server.call_as(&token, Some(&supplier()), "/api/v1/engagements", from_private).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["libelle"].as_str().unwrap().contains("not an active public structure"),
        "{answer}"
    );

    // A third structure sees nothing of it, by id, by number, or by searching others'.
    let stranger = commune(&server).await;
    assert_eq!(consult(&server, &token, &stranger, id).await.0, StatusCode::NOT_FOUND);
    let (status, _) = server
        .call_as(
            &token,
            Some(&stranger),
            CONSULTER,
            json!({"numeroEngagementJuridique": "EJ-T-040"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let fournisseur = supplier_id(&server, &token).await;
    let (status, _) = server
        .call_as(
            &token,
            Some(&stranger),
            RECHERCHER,
            json!({"structureReceptriceEngagementJuridique": fournisseur}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        act(&server, &token, &stranger, id, "inactiver", None).await.0,
        StatusCode::NOT_FOUND
    );
    let download = format!("/api/v1/engagements/{id}/telecharger");
    let (status, _) = server.call_as(&token, Some(&stranger), &download, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let files = json!({"objetPieceJointe": "ENGAGEMENT_JURIDIQUE", "engagementJuridique": {"idEngagementJuridique": id}});
    let (status, _) = server
        .call_as(&token, Some(&stranger), "/cpro/transverses/v1/telecharger/pieceJointe", files)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

/// What a PDF's pages show: the operands of `Tj`, literal or hexadecimal (WinAnsi, which
/// agrees with Latin-1 on the letters French needs).
fn shown_text(pdf: &[u8]) -> String {
    let raw = String::from_utf8_lossy(pdf);
    let mut shown = Vec::new();
    for line in raw.lines().filter_map(|l| l.strip_suffix(" Tj")) {
        if let Some(hex) = line.strip_prefix('<').and_then(|l| l.strip_suffix('>')) {
            let bytes =
                (0..hex.len() / 2).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap());
            shown.push(bytes.map(char::from).collect::<String>());
        } else if let Some(text) = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')) {
            shown.push(text.to_owned());
        }
    }
    shown.join("\n")
}

#[tokio::test]
async fn an_engagement_is_downloaded_as_pdf_and_as_json() {
    use base64::Engine as _;
    let server = TestServer::start().await;
    let token = server.token().await;
    // The issuer attaches the signed order; someone else's file is refused.
    let bon = ajouter(&server, &token, &recipient(), "bon.pdf", b"%PDF-1.4 bon de commande").await;
    let autre = ajouter(&server, &token, &supplier(), "autre.pdf", b"%PDF-1.4 autre").await;
    let mut with_files = engagement("EJ-T-050", true);
    with_files["idsPiecesJointes"] = json!([bon, autre]);
    let (status, answer) =
        server.call_as(&token, Some(&recipient()), "/api/v1/engagements", with_files.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["libelle"].as_str().unwrap().contains(&format!("pieceJointeId: [{autre}]")),
        "{answer}"
    );
    with_files["idsPiecesJointes"] = json!([bon]);
    let id = issue(&server, &token, with_files).await;
    let (_, detail) = consult(&server, &token, &supplier(), id).await;
    assert_eq!(detail["piecesJointes"][0]["idPieceJointe"], bon, "{detail}");
    assert_eq!(detail["piecesJointes"][0]["nomPieceJointe"], "bon.pdf");
    let (_, found) =
        server.call(&token, RECHERCHER, json!({"numeroEngagementJuridique": "EJ-T-050"})).await;
    assert_eq!(found["listeEngagementJuridique"][0]["taillePJ"], 24, "{found}");
    // The receiver downloads the attached file where Chorus Pro's clients fetch files.
    let (status, file) = server
        .call(
            &token,
            "/cpro/transverses/v1/telecharger/pieceJointe",
            json!({"objetPieceJointe": "ENGAGEMENT_JURIDIQUE", "engagementJuridique": {"idEngagementJuridique": id}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{file}");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file["pieceJointe"].as_str().unwrap())
        .unwrap();
    assert_eq!(bytes, b"%PDF-1.4 bon de commande");
    let path = format!("/api/v1/engagements/{id}/telecharger");

    let (status, pdf) =
        server.call_as(&token, Some(&supplier()), &path, json!({"format": "PDF"})).await;
    assert_eq!(status, StatusCode::OK, "{pdf}");
    assert_eq!(pdf["typeMime"], "application/pdf");
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(pdf["fichier"].as_str().unwrap()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = shown_text(&bytes);
    assert!(text.contains("ENGAGEMENT N° EJ-T-050"), "{text}");
    assert!(text.contains("Ramettes") && text.contains("Émetteur"), "{text}");

    let (_, file) =
        server.call_as(&token, Some(&supplier()), &path, json!({"format": "JSON"})).await;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file["fichier"].as_str().unwrap())
        .unwrap();
    let data: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(data["numeroEngagementJuridique"], "EJ-T-050");
    assert_eq!(data["lignePoste"].as_array().unwrap().len(), 2);
    server.stop().await;
}

#[tokio::test]
async fn bad_engagements_are_refused_with_every_reason() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let mut bad = engagement(&"X".repeat(51), false);
    bad["typeEngagementJuridique"] = json!("DEVIS");
    let (status, answer) =
        server.call_as(&token, Some(&recipient()), "/api/v1/engagements", bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let libelle = answer["libelle"].as_str().unwrap();
    assert!(libelle.contains("numeroEngagementJuridique"), "{libelle}");
    assert!(libelle.contains("typeEngagementJuridique"), "{libelle}");

    let mut bad = engagement("EJ-T-060", false);
    bad["lignePoste"][0]["montantTtcPoste"] = json!(1);
    bad["lignePoste"][1]["quantitePoste"] = json!("beaucoup");
    bad["identifiantStructureReceptrice"] = json!("00000000000000");
    let (status, answer) =
        server.call_as(&token, Some(&recipient()), "/api/v1/engagements", bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let libelle = answer["libelle"].as_str().unwrap();
    assert!(libelle.contains("[beaucoup] is not a valid amount"), "{libelle}");
    let mut bad = engagement("EJ-T-060", false);
    bad["lignePoste"][0]["montantTtcPoste"] = json!(1);
    bad["identifiantStructureReceptrice"] = json!("00000000000000");
    let (_, answer) = server.call_as(&token, Some(&recipient()), "/api/v1/engagements", bad).await;
    let libelle = answer["libelle"].as_str().unwrap();
    assert!(libelle.contains("lignePoste[0].montantTtc"), "{libelle}");
    assert!(libelle.contains("structureReceptrice: [00000000000000]"), "{libelle}");
    server.stop().await;
}

#[tokio::test]
async fn the_demo_has_an_engagement_in_every_state() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let (status, issued) = server
        .call_as(
            &token,
            Some(&recipient()),
            "/api/v1/engagements/rechercher",
            json!({"vue": "EMETTEUR", "parametresRecherche": {"nbResultatsParPage": 100, "triColonne": "NumeroEJ"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    let mut etats: Vec<&str> = issued["listeEngagementJuridique"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["libelleEtatCourantEJ"].as_str().unwrap())
        .collect();
    etats.sort_unstable();
    etats.dedup();
    assert_eq!(etats, ["A_RECYCLER", "BROUILLON", "COMMANDE", "INACTIF", "REFUSE"]);
    // The supplier sees them all but the draft.
    let (_, received) = server
        .call(&token, RECHERCHER, json!({"parametresRecherche": {"nbResultatsParPage": 100}}))
        .await;
    let total = issued["parametresRetour"]["total"].as_u64().unwrap();
    assert_eq!(received["parametresRetour"]["total"].as_u64().unwrap(), total - 1, "{received}");
    server.stop().await;
}
