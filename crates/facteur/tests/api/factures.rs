//! Invoices submitted as data, routed, searched and moved along their life cycle.

use facteur_app::demo;
use facteur_domain::TypeIdentifiant;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{TestServer, account};

const SOUMETTRE: &str = "/cpro/factures/v1/soumettre";

/// A valid invoice from the demo supplier to the ministry's DAF-01 service: 3 × 4.99 at 20 %
/// and 2.5 × 10 at 5.5 %.
pub fn facture(numero: &str) -> Value {
    json!({
        "modeDepot": "SAISIE_API",
        "numeroFactureSaisi": numero,
        "dateFacture": "2026-11-02",
        "idUtilisateurCourant": 0,
        "cadreDeFacturation": {"codeCadreFacturation": "A1_FACTURE_FOURNISSEUR"},
        "destinataire": {"codeDestinataire": demo::SIRET_DESTINATAIRE, "codeServiceExecutant": "DAF-01"},
        "references": {"deviseFacture": "EUR", "typeFacture": "FACTURE", "typeTva": "TVA_SUR_DEBIT", "modePaiement": "VIREMENT"},
        "lignePoste": [
            {"lignePosteNumero": 1, "lignePosteDenomination": "Ramettes", "lignePosteQuantite": 3, "lignePosteMontantUnitaireHT": 4.99, "lignePosteTauxTva": "TVA_20"},
            {"lignePosteNumero": 2, "lignePosteDenomination": "Livres", "lignePosteQuantite": "2.5", "lignePosteMontantUnitaireHT": "10", "lignePosteTauxTvaManuel": 5.5},
        ],
        "ligneTva": [
            {"ligneTvaTauxManuel": 20, "ligneTvaMontantBaseHtParTaux": 14.97, "ligneTvaMontantTvaParTaux": 2.99},
            {"ligneTvaTaux": "TVA_5_5", "ligneTvaMontantBaseHtParTaux": 25, "ligneTvaMontantTvaParTaux": 1.38},
        ],
        "montantTotal": {"montantHtTotal": 39.97, "montantTVA": 4.37, "montantTtcTotal": 44.34, "montantAPayer": 44.34},
    })
}

pub fn recipient() -> String {
    account(demo::TECH_DESTINATAIRE, demo::TECH_PASSWORD)
}

pub async fn submit(server: &TestServer, token: &str, body: Value) -> i64 {
    let (status, answer) = server.call(token, SOUMETTRE, body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["identifiantFactureCPP"].as_i64().unwrap()
}

/// An invoice's history as the supplier reads it, and its statuses' codes in order.
pub async fn history_codes(server: &TestServer, token: &str, id: i64) -> (Value, Vec<String>) {
    let (_, history) = server
        .call(token, "/cpro/factures/v1/consulter/historique", json!({"idFacture": id}))
        .await;
    let codes = history["historiquesDesStatuts"]["histoStatut"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["histoStatutCode"].as_str().unwrap().to_owned())
        .collect();
    (history, codes)
}

/// A technical account for the demo commune, a public structure that receives nothing.
pub async fn commune(server: &TestServer) -> String {
    server
        .app()
        .create_technical_account(
            TypeIdentifiant::Siret,
            demo::SIRET_COMMUNE,
            "TECH_COMMUNE@demo.facteur",
            Some("commune-secret"),
        )
        .await
        .unwrap();
    account("TECH_COMMUNE@demo.facteur", "commune-secret")
}

async fn traiter(server: &TestServer, token: &str, id: i64, body: Value) -> (StatusCode, Value) {
    let mut body = body;
    body["idFacture"] = id.into();
    server.call_as(token, Some(&recipient()), "/cpro/factures/v1/traiter/recue", body).await
}

#[tokio::test]
async fn a_submitted_invoice_reaches_its_recipient() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let (status, answer) = server.call(&token, SOUMETTRE, facture("F-2026-001")).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["statutFacture"], "MISE_A_DISPOSITION");
    assert_eq!(answer["numeroFacture"], "F-2026-001");
    assert_eq!(answer["identifiantStructure"], demo::SIRET_FOURNISSEUR);
    assert_eq!(answer["empreinteCertificatDepot"].as_str().unwrap().len(), 64);
    let id = answer["identifiantFactureCPP"].as_i64().unwrap();

    let (_, issued) = server
        .call(
            &token,
            "/cpro/factures/v1/rechercher/fournisseur",
            json!({"numeroFacture": "F-2026-001"}),
        )
        .await;
    assert_eq!(issued["listeFactures"][0]["identifiantFactureCPP"], id);
    assert_eq!(issued["listeFactures"][0]["montantTTC"], 44.34);
    assert_eq!(issued["parametresRetour"]["total"], 1);

    let (status, received) = server.call_as(&token, Some(&recipient()), "/cpro/factures/v1/rechercher/recipiendaire", json!({"statutCourant": ["MISE_A_DISPOSITION"], "numeroFacture": "F-2026-001", "paramRecherche": {"nbResultatsParPage": 1000}})).await;
    assert_eq!(status, StatusCode::OK, "{received}");
    assert_eq!(received["listeFactures"][0]["idFacture"], id);
    assert_eq!(received["pageCourante"], 1, "pagination at the top level");
    assert_eq!(received["pages"], 1);
    assert_eq!(received["total"], 1);

    // Nothing matches: Chorus Pro's code 20000, with HTTP 200 and an empty list.
    let (status, none) = server
        .call_as(
            &token,
            Some(&recipient()),
            "/cpro/factures/v1/rechercher/recipiendaire",
            json!({"statutCourant": "REJETEE", "numeroFacture": "F-2026-001"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(none["codeRetour"], 20000);
    assert_eq!(none["listeFactures"], json!([]));

    let (history, codes) = history_codes(&server, &token, id).await;
    assert_eq!(codes, ["DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION"]);
    assert_eq!(history["idFacture"], id, "the same integer that was sent");
    server.stop().await;
}

#[tokio::test]
async fn the_demo_has_an_invoice_at_each_stage() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let (_, received) = server
        .call_as(
            &token,
            Some(&recipient()),
            "/cpro/factures/v1/rechercher/recipiendaire",
            json!({"paramRecherche": {"nbResultatsParPage": 100, "triColonne": "NumeroFacture"}}),
        )
        .await;
    let statuts: Vec<&str> = received["listeFactures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["statut"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuts,
        [
            "MISE_A_DISPOSITION",
            "SERVICE_FAIT",
            "MANDATEE",
            "MISE_EN_PAIEMENT",
            "SUSPENDUE",
            "COMPLETEE",
            "REJETEE",
            "A_RECYCLER",
            "MISE_A_DISPOSITION_COMPTABLE",
            "COMPTABILISEE",
            "A_VALIDER_1",
            "REFUSEE_1",
            "MISE_A_DISPOSITION",
        ]
    );
    assert_eq!(received["listeFactures"][12]["modeDepot"], "PAPIER_NUMERISE");
    server.stop().await;
}

#[tokio::test]
async fn a_refused_submission_gives_every_reason() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let mut bad = facture("F-2026-002");
    bad["destinataire"] = json!({"codeDestinataire": demo::SIRET_DESTINATAIRE});
    bad["references"]["deviseFacture"] = json!("ZZZ");
    bad["montantTotal"]["montantAPayer"] = json!(40);
    bad["cadreDeFacturation"]["codeCadreFacturation"] = json!("A9_FACTURE_SOUSTRAITANT");
    let (status, answer) = server.call(&token, SOUMETTRE, bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let libelle = answer["libelle"].as_str().unwrap();
    for reason in [
        "codeServiceExecutant: [] is missing",
        "deviseFacture: [ZZZ]",
        "montantAPayer: [40]",
        "codeStructureValideur: [] is missing",
    ] {
        assert!(libelle.contains(reason), "{reason} not in {libelle}");
    }

    // The public-to-public service refuses a private supplier; an engagement is required by SG-ACHATS.
    let mut public_only = facture("F-2026-003");
    public_only["destinataire"]["codeServiceExecutant"] = json!("FACTURES_PUBLIQUES");
    let (status, answer) = server.call(&token, SOUMETTRE, public_only).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["libelle"].as_str().unwrap().contains("reserved for invoices between public bodies")
    );
    let mut achats = facture("F-2026-004");
    achats["destinataire"]["codeServiceExecutant"] = json!("SG-ACHATS");
    let (status, answer) = server.call(&token, SOUMETTRE, achats.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["libelle"].as_str().unwrap().contains("requires an engagement number"),
        "{answer}"
    );
    achats["references"]["numeroBonCommande"] = json!("EJ-2026-0042");
    submit(&server, &token, achats).await;

    // A private supplier is no recipient.
    let mut to_private = facture("F-2026-005");
    to_private["destinataire"] = json!({"codeDestinataire": demo::SIRET_GRAND_GROUPE});
    let (status, _) = server.call(&token, SOUMETTRE, to_private).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    server.stop().await;
}

#[tokio::test]
async fn an_invoice_number_is_used_once_a_year_even_in_a_race() {
    let server = TestServer::start().await;
    let token = server.token().await;
    submit(&server, &token, facture("F-2026-010")).await;
    let (status, answer) = server.call(&token, SOUMETTRE, facture("F-2026-010")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(answer["libelle"].as_str().unwrap().contains("F-2026-010"), "{answer}");
    // Another year: the same number is another invoice.
    let mut next_year = facture("F-2026-010");
    next_year["dateFacture"] = json!("2025-12-31");
    submit(&server, &token, next_year).await;

    let calls: Vec<_> = (0..8)
        .map(|_| {
            let request = server
                .http
                .post(server.url(SOUMETTRE))
                .bearer_auth(&token)
                .header("cpro-account", account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD))
                .json(&facture("F-2026-RACE"));
            tokio::spawn(async move { request.send().await.unwrap().status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for call in calls {
        statuses.push(call.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_recipient_moves_an_invoice_to_payment() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let id = submit(&server, &token, facture("F-2026-020")).await;
    let (status, answer) = traiter(&server, &token, id, json!({"nouveauStatut": "MANDATEE"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["libelle"].as_str().unwrap().contains("numeroDPMandat"), "{answer}");
    for step in [
        json!({"nouveauStatut": "SERVICE_FAIT"}),
        json!({"nouveauStatut": "MANDATEE", "numeroDPMandat": "M-2026-77"}),
        json!({"nouveauStatut": "MISE_EN_PAIEMENT"}),
    ] {
        let (status, answer) = traiter(&server, &token, id, step.clone()).await;
        assert_eq!(status, StatusCode::OK, "{step}: {answer}");
        assert_eq!(answer["nouveauStatut"], step["nouveauStatut"]);
    }
    let (status, answer) =
        traiter(&server, &token, id, json!({"nouveauStatut": "REJETEE", "motif": "trop tard"}))
            .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["libelle"]
            .as_str()
            .unwrap()
            .contains("cannot move an invoice from MISE_EN_PAIEMENT to REJETEE"),
        "{answer}"
    );

    let (_, history) = server
        .call(&token, "/cpro/factures/v1/consulter/historique", json!({"idFacture": id}))
        .await;
    let steps = history["historiquesDesStatuts"]["histoStatut"].as_array().unwrap();
    assert_eq!(steps.last().unwrap()["histoStatutCode"], "MISE_EN_PAIEMENT");
    assert_eq!(steps[4]["histoStatutCommentaire"], "numeroDPMandat M-2026-77");
    assert_eq!(steps[4]["histoStatutUtilisateurEmail"], demo::TECH_DESTINATAIRE);
    server.stop().await;
}

#[tokio::test]
async fn suspension_completion_and_rejection() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let id = submit(&server, &token, facture("F-2026-030")).await;
    let (status, _) = traiter(&server, &token, id, json!({"nouveauStatut": "SUSPENDUE"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a reason is required");
    let (status, _) = traiter(
        &server,
        &token,
        id,
        json!({"nouveauStatut": "SUSPENDUE", "motif": "Bon de livraison manquant"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, answer) = server
        .call(
            &token,
            "/cpro/factures/v1/completer",
            json!({"identifiantFactureCPP": id, "commentaire": "Bon joint"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, issued) = server
        .call(
            &token,
            "/cpro/factures/v1/rechercher/fournisseur",
            json!({"numeroFacture": "F-2026-030"}),
        )
        .await;
    assert_eq!(issued["listeFactures"][0]["statut"], "COMPLETEE");
    let (status, _) =
        traiter(&server, &token, id, json!({"nouveauStatut": "REJETEE", "motif": "Doublon"})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server
        .call(&token, "/cpro/factures/v1/completer", json!({"identifiantFactureCPP": id}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a rejected invoice is final");
    server.stop().await;
}

#[tokio::test]
async fn nobody_reads_or_treats_an_invoice_addressed_to_someone_else() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let id = submit(&server, &token, facture("F-2026-040")).await;
    let commune = commune(&server).await;
    let (status, _) = server
        .call_as(
            &token,
            Some(&commune),
            "/cpro/factures/v1/consulter/historique",
            json!({"idFacture": id}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server
        .call_as(
            &token,
            Some(&commune),
            "/cpro/factures/v1/traiter/recue",
            json!({"idFacture": id, "nouveauStatut": "SERVICE_FAIT"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, answer) = server
        .call_as(&token, Some(&commune), "/cpro/factures/v1/rechercher/recipiendaire", json!({}))
        .await;
    assert_eq!(
        (status, answer["codeRetour"].clone()),
        (StatusCode::OK, json!(20000)),
        "the commune received nothing"
    );
    // The supplier does not treat its own invoice as a recipient would.
    let (status, _) = server
        .call(
            &token,
            "/cpro/factures/v1/traiter/recue",
            json!({"idFacture": id, "nouveauStatut": "MISE_EN_PAIEMENT"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Nor does another supplier submit on its behalf.
    let mut forged = facture("F-2026-041");
    forged["fournisseur"] = json!({"idFournisseur": 999});
    let (status, _) = server.call_as(&token, Some(&commune), SOUMETTRE, forged).await;
    assert!(status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND, "{status}");
    server.stop().await;
}

#[tokio::test]
async fn the_sandbox_moves_invoices_in_qualification_only() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let id = submit(&server, &token, facture("F-2026-050")).await;
    let operator = account(demo::OPERATEUR, demo::TECH_PASSWORD);
    let path = format!("/api/v1/sandbox/factures/{id}/statut");
    let (status, answer) = server
        .send(
            reqwest::Method::PUT,
            &token,
            Some(&operator),
            &path,
            json!({"statut": "MISE_EN_PAIEMENT"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _) = server
        .send(
            reqwest::Method::PUT,
            &token,
            Some(&account(demo::DIRIGEANT_FOURNISSEUR, demo::TECH_PASSWORD)),
            &path,
            json!({"statut": "REJETEE", "motif": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "operators only");
    // What `facteur invoice advance` does, as the command line's operator.
    let other = submit(&server, &token, facture("F-2026-051")).await;
    let system = facteur_app::Caller::operateur_systeme();
    let suspended = facteur_domain::statut_facture::StatutFacture::Suspendue;
    server
        .app()
        .avancer_facture(&system, other, suspended, Some("Pièce manquante"), None)
        .await
        .unwrap();
    let (_, issued) = server
        .call(
            &token,
            "/cpro/factures/v1/rechercher/fournisseur",
            json!({"numeroFacture": "F-2026-051"}),
        )
        .await;
    assert_eq!(issued["listeFactures"][0]["statut"], "SUSPENDUE");
    assert_eq!(issued["listeFactures"][0]["commentaireEtatCourant"], "Pièce manquante");
    server.stop().await;

    let production = TestServer::start_with(crate::harness::Options {
        environment: facteur_domain::Environnement::Production,
        ..Default::default()
    })
    .await;
    let refused = production
        .app()
        .avancer_facture(&facteur_app::Caller::operateur_systeme(), 1, suspended, Some("x"), None)
        .await;
    assert!(matches!(refused, Err(facteur_app::AppError::Forbidden(_))));
    production.stop().await;
}

#[tokio::test]
async fn a_misrouted_invoice_is_recycled_to_another_service() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let id = submit(&server, &token, facture("F-2026-060")).await;
    let recycle = json!({"identifiantFactureCPP": id, "destinataire": {"codeDestinataire": demo::SIRET_DESTINATAIRE, "codeServiceExecutant": "SG-ACHATS"}, "reference": {"numeroBonCommande": "EJ-2026-0099"}, "commentaire": "Service des achats"});
    let (status, answer) = server.call(&token, "/cpro/factures/v1/recycler", recycle.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "only an invoice sent back is recycled: {answer}");
    let (status, _) = traiter(
        &server,
        &token,
        id,
        json!({"nouveauStatut": "A_RECYCLER", "motif": "Mauvais service"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // The new route is checked as a deposit is: SG-ACHATS needs an engagement number.
    let mut without_ej = recycle.clone();
    without_ej["reference"] = json!({});
    let (status, answer) = server.call(&token, "/cpro/factures/v1/recycler", without_ej).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["libelle"].as_str().unwrap().contains("engagement number"), "{answer}");
    let (status, answer) = server
        .call_as(&token, Some(&recipient()), "/cpro/factures/v1/recycler", recycle.clone())
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the recipient does not recycle: {answer}");

    let (status, answer) = server.call(&token, "/cpro/factures/v1/recycler", recycle).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["statutFacture"], "MISE_A_DISPOSITION");
    let (_, full) = server
        .call_as(
            &token,
            Some(&recipient()),
            "/cpro/factures/v1/consulter/recipiendaire",
            json!({"identifiantFactureCPP": id}),
        )
        .await;
    assert_eq!(full["facture"]["destinataire"]["codeServiceExecutant"], "SG-ACHATS");
    assert_eq!(full["facture"]["references"]["numeroBonCommande"], "EJ-2026-0099");
    let (_, codes) = history_codes(&server, &token, id).await;
    assert_eq!(
        codes,
        [
            "DEPOSEE",
            "EN_COURS_ACHEMINEMENT",
            "MISE_A_DISPOSITION",
            "A_RECYCLER",
            "DEPOSEE",
            "EN_COURS_ACHEMINEMENT",
            "MISE_A_DISPOSITION"
        ]
    );
    crate::harness::assert_monthly_counters_agree(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn a_subcontractors_invoice_is_validated_before_it_reaches_its_recipient() {
    let server = TestServer::start().await;
    let token = server.token().await;
    server
        .app()
        .create_technical_account(
            TypeIdentifiant::Siret,
            demo::SIRET_GRAND_GROUPE,
            "TECH_GROUPE@demo.facteur",
            Some("groupe-secret"),
        )
        .await
        .unwrap();
    let valideur = account("TECH_GROUPE@demo.facteur", "groupe-secret");
    let a9 = |numero: &str, siret: &str| {
        let mut body = facture(numero);
        body["cadreDeFacturation"] = json!({"codeCadreFacturation": "A9_FACTURE_SOUSTRAITANT", "codeStructureValideur": siret});
        body
    };
    let (status, answer) = server.call(&token, SOUMETTRE, a9("ST-000", "12345678200010")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "an unknown validator: {answer}");
    assert!(answer["libelle"].as_str().unwrap().contains("codeStructureValideur"));

    let (status, answer) =
        server.call(&token, SOUMETTRE, a9("ST-001", demo::SIRET_GRAND_GROUPE)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["statutFacture"], "A_VALIDER_1");
    let id = answer["identifiantFactureCPP"].as_i64().unwrap();
    let refused = submit(&server, &token, a9("ST-002", demo::SIRET_GRAND_GROUPE)).await;

    let (status, listed) = server
        .call_as(&token, Some(&valideur), "/cpro/factures/v1/rechercher/valideur", json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    let numbers: Vec<&str> = listed["listeFactures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["numeroFacture"].as_str().unwrap())
        .collect();
    assert!(numbers.contains(&"ST-001") && numbers.contains(&"ST-002"), "{listed}");
    assert!(numbers.iter().all(|n| n.starts_with("ST-") || n.starts_with("DEMO-")), "{listed}");
    let (status, _) = server
        .call_as(
            &token,
            Some(&valideur),
            "/cpro/factures/v1/consulter/valideur",
            json!({"identifiantFactureCPP": id}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    const VALIDER: &str = "/cpro/factures/v1/traiter/factureAValider";
    // Neither the recipient nor the supplier validates in the validator's place.
    for who in [recipient(), account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD)] {
        let (status, _) = server
            .call_as(&token, Some(&who), VALIDER, json!({"idFacture": id, "action": "VALIDER"}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, answer) = server
        .call_as(
            &token,
            Some(&valideur),
            VALIDER,
            json!({"idFacture": refused, "action": "REFUSER"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a refusal says why: {answer}");
    let (status, answer) = server
        .call_as(&token, Some(&valideur), VALIDER, json!({"idFacture": refused, "action": "REFUSER", "motifRefus": "Travaux non réalisés"}))
        .await;
    assert_eq!(
        (status, answer["statutFacture"].clone()),
        (StatusCode::OK, json!("REFUSEE_1")),
        "{answer}"
    );

    let (status, answer) = server
        .call_as(&token, Some(&valideur), VALIDER, json!({"idFacture": id, "action": "VALIDER"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["statutFacture"], "MISE_A_DISPOSITION", "validated, it is delivered");
    let (_, codes) = history_codes(&server, &token, id).await;
    assert_eq!(
        codes,
        ["DEPOSEE", "A_VALIDER_1", "VALIDEE_1", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION"]
    );
    let (status, _) = server
        .call_as(
            &token,
            Some(&valideur),
            VALIDER,
            json!({"idFacture": id, "action": "REFUSER", "motifRefus": "trop tard"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a validated invoice is not refused afterwards");
    server.stop().await;
}

#[tokio::test]
async fn search_totals_read_from_the_counts_agree_with_the_invoices() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let ids = [
        submit(&server, &token, facture("CNT-001")).await,
        submit(&server, &token, facture("CNT-002")).await,
        submit(&server, &token, facture("CNT-003")).await,
    ];
    traiter(&server, &token, ids[0], json!({"nouveauStatut": "SERVICE_FAIT"})).await;
    traiter(
        &server,
        &token,
        ids[1],
        json!({"nouveauStatut": "A_RECYCLER", "motif": "Mauvais service"}),
    )
    .await;
    let (status, _) = server
        .call(&token, "/cpro/factures/v1/recycler", json!({"identifiantFactureCPP": ids[1], "destinataire": {"codeDestinataire": demo::SIRET_DESTINATAIRE, "codeServiceExecutant": "DAF-01"}}))
        .await;
    assert_eq!(status, StatusCode::OK);
    // A date criterion makes the search count its rows; without, it reads the counts.
    let counted = json!({"periodeDateDepotDu": "2000-01-01"});
    for statuts in
        [json!([]), json!(["MISE_A_DISPOSITION"]), json!(["SERVICE_FAIT", "MISE_EN_PAIEMENT"])]
    {
        let (_, read) = server
            .call_as(
                &token,
                Some(&recipient()),
                "/cpro/factures/v1/rechercher/recipiendaire",
                json!({"statutCourant": statuts}),
            )
            .await;
        let mut scan = counted.clone();
        scan["statutCourant"] = statuts.clone();
        let (_, scanned) = server
            .call_as(&token, Some(&recipient()), "/cpro/factures/v1/rechercher/recipiendaire", scan)
            .await;
        assert_eq!(read["total"], scanned["total"], "{statuts}: {read} / {scanned}");
        let (_, issued) = server
            .call(
                &token,
                "/cpro/factures/v1/rechercher/fournisseur",
                json!({"statutCourant": statuts}),
            )
            .await;
        let mut scan = counted.clone();
        scan["statutCourant"] = statuts.clone();
        let (_, issued_scanned) =
            server.call(&token, "/cpro/factures/v1/rechercher/fournisseur", scan).await;
        assert_eq!(
            issued["parametresRetour"]["total"], issued_scanned["parametresRetour"]["total"],
            "{statuts}"
        );
    }
    let (_, all) = server
        .call_as(
            &token,
            Some(&recipient()),
            "/cpro/factures/v1/rechercher/recipiendaire",
            json!({}),
        )
        .await;
    assert!(all["total"].as_i64().unwrap() >= 3, "{all}");
    server.stop().await;
}
