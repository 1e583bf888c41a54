//! `/cpro/transverses/v1/…`: the reference data, complete and in both languages.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestServer;

fn find<'a>(list: &'a Value, key: &str, code: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|item| item[key] == code)
        .unwrap_or_else(|| panic!("{code} not in {list}"))
}

#[tokio::test]
async fn reference_data_in_french_and_english() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let get = |path: &'static str, body: Value| {
        let token = token.clone();
        let server = &server;
        async move {
            let (status, body) =
                server.call(&token, &format!("/cpro/transverses/v1/{path}"), body).await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
            assert_eq!(body["codeRetour"], 0);
            body
        }
    };

    let fr = get("recuperer/pays", json!({"codeLangue": "FR"})).await;
    let en = get("recuperer/pays", json!({"codeLangue": "en"})).await;
    assert_eq!(fr["listePays"].as_array().unwrap().len(), 249);
    assert_eq!(find(&fr["listePays"], "codePays", "DE")["libellePays"], "Allemagne");
    assert_eq!(find(&en["listePays"], "codePays", "DE")["libellePays"], "Germany");
    let devises = get("recuperer/devises", json!({"codeLangue": "EN"})).await;
    assert_eq!(find(&devises["listeDevises"], "codeDevise", "USD")["libelleDevise"], "US Dollar");

    let taux = get("recuperer/tauxtva", json!({})).await;
    for (code, valeur) in [
        ("TVA_20", json!(20)),
        ("TVA_5_5", json!(5.5)),
        ("TVA_8_5", json!(8.5)),
        ("TVA_2_1", json!(2.1)),
    ] {
        assert_eq!(find(&taux["listeTauxTva"], "codeTauxTva", code)["valeurTauxTva"], valeur);
    }
    let motifs = get("recuperer/motifs/exonerationtva", json!({"codeLangue": "FR"})).await;
    assert!(find(&motifs["listeMotifsExonerationTva"], "codeMotifExonerationTva", "ART_293B_CGI")["libelleMotifExonerationTva"]
        .as_str()
        .unwrap()
        .contains("293 B"));

    let modes = get("recuperer/modedepot", json!({})).await;
    find(&modes["listeModeDepot"], "modeDepot", "SAISIE_API");
    let reglements = get("recuperer/modereglements", json!({})).await;
    assert_eq!(reglements["listeModePaiement"].as_array().unwrap().len(), 6);
    let formats = get("recuperer/formatflux", json!({})).await;
    find(&formats["listeFormatFlux"], "formatFlux", "IN_DP_E2_FACTURX");
    let types = get("recuperer/typeidentifiant/structure", json!({})).await;
    assert_eq!(types["listeTypeIdentifiant"].as_array().unwrap().len(), 7);
    let typedp = get("recuperer/typedp", json!({})).await;
    find(&typedp["listeTypeDemandePaiement"], "typeDemandePaiement", "FACTURE_TRAVAUX");

    let cadres = get("recuperer/cadrefacturation", json!({"typeDemandePaiement": "FACTURE"})).await;
    let cadres = cadres["listeCadreFacturation"].as_array().unwrap();
    assert!(cadres.contains(&json!({"codeCadreFacturation": "A1_FACTURE_FOURNISSEUR"})));
    assert!(
        !cadres
            .contains(&json!({"codeCadreFacturation": "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR"}))
    );
    let all = get("recuperer/cadrefacturation", json!({"typeDemandePaiement": ""})).await;
    assert_eq!(all["listeCadreFacturation"].as_array().unwrap().len(), 25);

    let etats = get("recuperer/etat/typedp", json!({"typeDemandePaiement": "FACTURE"})).await;
    let etats = etats["listeEtatDemandePaiement"].as_array().unwrap();
    assert_eq!(etats.len(), 21);
    assert_eq!(etats[0]["etatDemandePaiement"], "BROUILLON");

    let cibles =
        get("recuperer/etats/traitement", json!({"statutCourant": "MISE_A_DISPOSITION"})).await;
    let cibles: Vec<&str> = cibles["listeStatutsPossiblesPourTraitement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["statutPossiblePourTraitement"].as_str().unwrap())
        .collect();
    for statut in ["SUSPENDUE", "REJETEE", "MANDATEE", "MISE_EN_PAIEMENT", "A_RECYCLER"] {
        assert!(cibles.contains(&statut), "{statut} missing from {cibles:?}");
    }
    let fin = get("recuperer/etats/traitement", json!({"statutCourant": "MISE_EN_PAIEMENT"})).await;
    assert_eq!(fin["listeStatutsPossiblesPourTraitement"], json!([]));
    server.stop().await;
}

#[tokio::test]
async fn health_check_accepts_a_null_body_and_needs_no_account() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let response = server
        .http
        .get(server.url("/cpro/transverses/v1/health-check"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("null")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["body"], "OK");
    server.stop().await;
}
