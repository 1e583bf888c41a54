//! The directory through Chorus Pro's operations: search, consult, services, attachments,
//! spaces, with its visibility rules and pagination.

use std::io::Read;

use base64::Engine;
use facteur_app::demo;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{TestServer, account};

async fn ok(server: &TestServer, token: &str, path: &str, body: Value) -> Value {
    let (status, answer) = server.call(token, path, body).await;
    assert_eq!(status, StatusCode::OK, "{path}: {answer}");
    assert_eq!(answer["codeRetour"], 0, "{path}: {answer}");
    answer
}

fn designations(answer: &Value) -> Vec<String> {
    answer["listeStructures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["designationStructure"].as_str().unwrap().to_owned())
        .collect()
}

const RECHERCHER: &str = "/cpro/structures/v1/rechercher";

async fn id_of(server: &TestServer, token: &str, siret: &str) -> i64 {
    let answer = ok(
        server,
        token,
        RECHERCHER,
        json!({"structure": {"identifiantStructure": siret, "typeIdentifiantStructure": "SIRET"}, "restreindreStructuresPrivees": false}),
    )
    .await;
    answer["listeStructures"][0]["idStructureCPP"].as_i64().unwrap()
}

#[tokio::test]
async fn search_by_identifier_name_and_visibility() {
    let server = TestServer::start().await;
    let token = server.token().await;

    let answer = ok(
        &server,
        &token,
        RECHERCHER,
        json!({"structure": {"identifiantStructure": "110 002 011 00044", "typeIdentifiantStructure": "SIRET"}}),
    )
    .await;
    assert_eq!(designations(&answer), ["Ministère de la Démonstration"]);
    assert_eq!(answer["listeStructures"][0]["statut"], "ACTIVE");
    assert_eq!(answer["parametresRetour"]["total"], 1);

    // Name prefixes ignore case and accents.
    let answer = ok(
        &server,
        &token,
        RECHERCHER,
        json!({"structure": {"raisonSocialeStructure": "ministere de la demo"}}),
    )
    .await;
    assert_eq!(designations(&answer), ["Ministère de la Démonstration"]);

    // By default a supplier sees every public structure and only its own private one.
    let all_visible = ok(&server, &token, RECHERCHER, json!({})).await;
    let names = designations(&all_visible);
    assert!(names.contains(&"Fournitures Démo SAS".to_owned()));
    assert!(!names.contains(&"Grand Groupe Démo SA".to_owned()), "{names:?}");
    assert_eq!(all_visible["parametresRetour"]["total"], 4);
    // Pastell sends "" for the flag: the same as absent.
    let answer = ok(&server, &token, RECHERCHER, json!({"restreindreStructuresPrivees": ""})).await;
    assert_eq!(answer["parametresRetour"]["total"], 4);
    let unrestricted =
        ok(&server, &token, RECHERCHER, json!({"restreindreStructuresPrivees": false})).await;
    assert_eq!(unrestricted["parametresRetour"]["total"], 6);

    // Pages of two, sorted by name descending, as go-choruspro spells it.
    let page = ok(
        &server,
        &token,
        RECHERCHER,
        json!({"restreindreStructuresPrivees": "false", "parametres": {"nbResultatsParPage": 2, "pageResultatDemandee": 2, "triColonne": "DesignationStructure", "triSense": "Descendant "}}),
    )
    .await;
    assert_eq!(
        page["parametresRetour"],
        json!({"nbResultatsParPage": 2, "pageCourante": 2, "pages": 3, "total": 6})
    );
    assert_eq!(designations(&page), ["Fournitures Démo SAS", "Commune de Démoville"]);

    let public =
        ok(&server, &token, RECHERCHER, json!({"structure": {"typeStructure": "PUBLIQUE"}})).await;
    assert_eq!(public["parametresRetour"]["total"], 3);
    server.stop().await;
}

#[tokio::test]
async fn consult_structures_and_services() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let ministere = id_of(&server, &token, demo::SIRET_DESTINATAIRE).await;
    let fournisseur = id_of(&server, &token, demo::SIRET_FOURNISSEUR).await;
    let grand_groupe = id_of(&server, &token, demo::SIRET_GRAND_GROUPE).await;

    let answer = ok(
        &server,
        &token,
        "/cpro/structures/v1/consulter",
        json!({"idStructureCPP": ministere, "codeLangue": "fr"}),
    )
    .await;
    assert_eq!(
        answer["informationGenerales"]["raisonSocialeStructure"],
        "Ministère de la Démonstration"
    );
    assert_eq!(answer["informationGenerales"]["numeroTVA"], "FR17110002011");
    assert_eq!(answer["parametres"]["codeServiceDoitEtreRenseigne"], true);
    assert_eq!(answer["adressePostaleDuSiege"]["codePostal"], "75007");
    assert!(
        answer["informationGenerales"]["dateExpirationMotPasseCompteTech"].is_null(),
        "not the caller's structure"
    );

    // Its own structure: the technical password's expiry, 424 days ahead. go-choruspro's key.
    let own = ok(
        &server,
        &token,
        "/cpro/structures/v1/consulter",
        json!({"idStructure": fournisseur.to_string()}),
    )
    .await;
    let expiry = own["informationGenerales"]["dateExpirationMotPasseCompteTech"].as_str().unwrap();
    let expiry = chrono::DateTime::parse_from_rfc3339(expiry).unwrap();
    assert!((expiry.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_days() >= 423);

    // Another company's structure is answered as unknown.
    let (status, answer) = server
        .call(&token, "/cpro/structures/v1/consulter", json!({"idStructureCPP": grand_groupe}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");

    let services = ok(
        &server,
        &token,
        "/cpro/structures/v1/rechercher/services",
        json!({"idStructure": ministere}),
    )
    .await;
    let codes: Vec<&str> = services["listeServices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["codeService"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["DAF-01", "FACTURES_PUBLIQUES", "SG-ACHATS"]);
    assert_eq!(services["parametresRetour"]["total"], 3);
    let achats = services["listeServices"][2]["idService"].as_i64().unwrap();
    let service = ok(
        &server,
        &token,
        "/cpro/structures/v1/consulter/service",
        json!({"idStructure": ministere, "idService": achats}),
    )
    .await;
    assert_eq!(service["informationsGenerales"]["codeService"], "SG-ACHATS");
    assert_eq!(service["parametres"]["numeroEngagement"], true);
    assert!(
        service["parametres"]["dateCreation"].as_str().unwrap().len() == 16,
        "YYYY-MM-DD HH:MM"
    );

    let (status, _) = server
        .call(
            &token,
            "/cpro/structures/v1/rechercher/services",
            json!({"idStructure": grand_groupe}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server
        .call(
            &token,
            "/cpro/structures/v1/consulter/service",
            json!({"idStructure": fournisseur, "idService": achats}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a service is found only in its own structure");
    server.stop().await;
}

#[tokio::test]
async fn the_callers_attachments_and_spaces() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let mine = ok(
        &server,
        &token,
        "/cpro/utilisateurs/v1/monCompte/recuperer/rattachements",
        json!({"parametresRecherche": {"nbResultatsParPage": 10}}),
    )
    .await;
    let list = mine["listeStructureRattachement"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["identifiantStructure"], demo::SIRET_FOURNISSEUR);
    assert_eq!(list[0]["statutRattachementStructure"], "VALIDEE");

    let attachment = ok(
        &server,
        &token,
        "/cpro/structures/v1/lister/rattachementsutilisateur",
        json!({"adresseEmailConnexionUtilisateur": demo::TECH_FOURNISSEUR}),
    )
    .await;
    assert_eq!(attachment["identifiantStructure"], demo::SIRET_FOURNISSEUR);
    // Someone else's attachment elsewhere is not the supplier's business.
    let (status, _) = server
        .call(&token, "/cpro/structures/v1/lister/rattachementsutilisateur", json!({"adresseEmailConnexionUtilisateur": demo::AGENT_MINISTERE, "identifiantStructure": demo::SIRET_DESTINATAIRE}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let spaces = ok(&server, &token, "/cpro/structures/v1/rechercher/espaces", json!({})).await;
    let spaces = spaces["listeEspace"].as_array().unwrap();
    assert!(
        spaces.iter().any(
            |s| s["codeEspace"] == "FACTURES_EMISES" && s["typeHabilitation"] == "MODIFICATION"
        )
    );
    let (status, _) = server
        .call(
            &token,
            "/cpro/structures/v1/rechercher/espaces",
            json!({"structure": {"identifiantStructure": demo::SIRET_HOPITAL}}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a stranger sees no spaces");

    let actives = ok(
        &server,
        &token,
        "/cpro/transverses/v1/recuperer/structures/actives/fournisseur",
        json!({}),
    )
    .await;
    assert_eq!(actives["listeStructures"].as_array().unwrap().len(), 1);
    assert_eq!(actives["listeStructures"][0]["identifiant"], demo::SIRET_FOURNISSEUR);
    let none = ok(
        &server,
        &token,
        "/cpro/transverses/v1/recuperer/structures/actives/destinataire",
        json!({}),
    )
    .await;
    assert_eq!(none["listeStructures"], json!([]));
    let recipient = account(demo::TECH_DESTINATAIRE, demo::TECH_PASSWORD);
    let (_, answer) = server
        .call_as(
            &token,
            Some(&recipient),
            "/cpro/transverses/v1/recuperer/structures/actives/destinataire",
            json!({}),
        )
        .await;
    assert_eq!(answer["listeStructures"][0]["identifiant"], demo::SIRET_DESTINATAIRE);

    // A person's account is not a technical account: Chorus Pro's API refuses it.
    let person = account(demo::AGENT_MINISTERE, demo::TECH_PASSWORD);
    let (status, answer) = server.call_as(&token, Some(&person), RECHERCHER, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(answer["libelle"].as_str().unwrap().contains("technical account"), "{answer}");
    server.stop().await;
}

#[tokio::test]
async fn recipients_directory() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let by_postcode = ok(
        &server,
        &token,
        "/cpro/transverses/v1/rechercher/destinataire",
        json!({"nomVilleCodePostal": "69003"}),
    )
    .await;
    let names: Vec<&str> = by_postcode["listeDestinataires"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["nomDestinataire"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Centre hospitalier de Démoville", "Commune de Démoville"]);
    let by_name = ok(
        &server,
        &token,
        "/cpro/transverses/v1/rechercher/destinataire",
        json!({"nomVilleCodePostal": "Commune"}),
    )
    .await;
    assert_eq!(by_name["listeDestinataires"][0]["siret"], demo::SIRET_COMMUNE);
    let private = ok(
        &server,
        &token,
        "/cpro/transverses/v1/rechercher/destinataire",
        json!({"identifiant": demo::SIRET_FOURNISSEUR}),
    )
    .await;
    assert_eq!(private["listeDestinataires"], json!([]), "suppliers are not recipients");

    let info = ok(
        &server,
        &token,
        "/cpro/transverses/v1/consulter/information/siret",
        json!({"siretStructure": demo::SIRET_MICRO}),
    )
    .await;
    assert_eq!(info["raisonSociale"], "Atelier Micro Démo");
    assert_eq!(info["siren"], "443061841");
    assert_eq!(info["categorieEntreprise"], "MICRO_ENTREPRISE");
    let (status, _) = server
        .call(
            &token,
            "/cpro/transverses/v1/consulter/information/siret",
            json!({"siretStructure": "11000201100045"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a wrong check digit");
    let (status, _) = server
        .call(
            &token,
            "/cpro/transverses/v1/consulter/information/siret",
            json!({"siretStructure": "35600000000048"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let annuaire =
        ok(&server, &token, "/cpro/transverses/v1/telecharger/annuaire/destinataire", json!({}))
            .await;
    assert_eq!(annuaire["libelle"], "GCU_MSG_01_000");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(annuaire["fichierResultat"].as_str().unwrap())
        .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut csv = String::new();
    zip.by_index(0).unwrap().read_to_string(&mut csv).unwrap();
    assert_eq!(csv.lines().count(), 4, "a header and the three public structures: {csv}");
    assert!(csv.contains(&format!(
        "{};Ministère de la Démonstration;75007;Paris",
        demo::SIRET_DESTINATAIRE
    )));
    server.stop().await;
}

#[tokio::test]
async fn generated_directories_are_reproducible_and_searchable() {
    use facteur_app::scale::{SIREN_PRIVE_BASE, SIREN_PUBLIC_BASE, siret_genere};

    let mut names = Vec::new();
    let mut invoices = Vec::new();
    for _ in 0..2 {
        let server = TestServer::start().await;
        let bilan = server.app().seed_scale(0.001, 7, true, |_, _, _| {}).await.unwrap();
        assert_eq!(
            (bilan.structures_publiques, bilan.structures_privees, bilan.utilisateurs),
            (130, 490, 676)
        );
        // About 150 invoices per private structure.
        assert!((60_000..90_000).contains(&bilan.factures), "{}", bilan.factures);
        // About two engagements per private structure.
        assert!((600..1_800).contains(&bilan.engagements), "{}", bilan.engagements);
        invoices.push((bilan.factures, bilan.engagements));
        crate::harness::assert_monthly_counters_agree(&server).await;
        let token = server.token().await;
        let siret = siret_genere(SIREN_PRIVE_BASE, 3);
        let found = ok(&server, &token, RECHERCHER, json!({"structure": {"identifiantStructure": siret}, "restreindreStructuresPrivees": false})).await;
        assert_eq!(found["parametresRetour"]["total"], 1);
        names.push(found["listeStructures"][0]["designationStructure"].clone());
        let public =
            ok(&server, &token, RECHERCHER, json!({"structure": {"typeStructure": "PUBLIQUE"}}))
                .await;
        assert_eq!(
            public["parametresRetour"]["total"], 133,
            "the generated public structures and the demo's three"
        );
        let first = ok(
            &server,
            &token,
            RECHERCHER,
            json!({"structure": {"identifiantStructure": siret_genere(SIREN_PUBLIC_BASE, 0)}}),
        )
        .await;
        let id = first["listeStructures"][0]["idStructureCPP"].as_i64().unwrap();
        let (status, _) = server
            .call(&token, "/cpro/structures/v1/rechercher/services", json!({"idStructure": id}))
            .await;
        assert_eq!(status, StatusCode::OK);
        // Every generated structure has its principal manager.
        let users =
            server.app().store().rattachements_of_structure(id, Some("VALIDEE")).await.unwrap();
        assert!(users.iter().any(|u| u.role == "GESTIONNAIRE_PRINCIPAL"));
        server.stop().await;
    }
    assert_eq!(names[0], names[1], "the same seed gives the same data set");
    assert_eq!(invoices[0], invoices[1], "and the same invoices and engagements");
}
