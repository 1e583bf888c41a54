//! `/openapi.json` documents every operation, and every operation it documents answers.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestServer;

/// The operations this platform claims: a new one must be added here and to the document.
const OPERATIONS: &[(&str, &str)] = &[
    ("get", "/cpro/transverses/v1/health-check"),
    ("post", "/cpro/transverses/v1/recuperer/devises"),
    ("post", "/cpro/transverses/v1/recuperer/pays"),
    ("post", "/cpro/transverses/v1/recuperer/tauxtva"),
    ("post", "/cpro/transverses/v1/recuperer/motifs/exonerationtva"),
    ("post", "/cpro/transverses/v1/recuperer/modedepot"),
    ("post", "/cpro/transverses/v1/recuperer/modereglements"),
    ("post", "/cpro/transverses/v1/recuperer/cadrefacturation"),
    ("post", "/cpro/transverses/v1/recuperer/typedp"),
    ("post", "/cpro/transverses/v1/recuperer/typeidentifiant/structure"),
    ("post", "/cpro/transverses/v1/recuperer/etat/typedp"),
    ("post", "/cpro/transverses/v1/recuperer/etats/traitement"),
    ("post", "/cpro/transverses/v1/recuperer/formatflux"),
    ("post", "/cpro/transverses/v1/recuperer/structures/actives/fournisseur"),
    ("post", "/cpro/transverses/v1/recuperer/structures/actives/destinataire"),
    ("post", "/cpro/transverses/v1/rechercher/destinataire"),
    ("post", "/cpro/transverses/v1/consulter/information/siret"),
    ("post", "/cpro/transverses/v1/telecharger/annuaire/destinataire"),
    ("post", "/cpro/structures/v1/rechercher"),
    ("post", "/cpro/structures/v1/consulter"),
    ("post", "/cpro/structures/v1/rechercher/services"),
    ("post", "/cpro/structures/v1/consulter/service"),
    ("post", "/cpro/structures/v1/lister/rattachementsutilisateur"),
    ("post", "/cpro/structures/v1/rechercher/espaces"),
    ("post", "/cpro/utilisateurs/v1/monCompte/recuperer/rattachements"),
    ("post", "/api/v1/gateway/consommation"),
];

#[tokio::test]
async fn every_operation_is_documented_and_every_documented_one_answers() {
    let server = TestServer::start().await;
    let document: Value =
        server.http.get(server.url("/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    for (verb, path) in OPERATIONS {
        let operation =
            &paths.get(*path).unwrap_or_else(|| panic!("{path} is not documented"))[*verb];
        assert!(operation["operationId"].is_string(), "{path}");
        if *verb == "post" {
            assert_eq!(
                operation["requestBody"]["content"]["application/json"]["schema"]["type"],
                "object"
            );
        }
    }
    assert_eq!(paths.len(), OPERATIONS.len(), "documented but not listed here: {:?}", paths.keys());

    let token = server.token().await;
    for (path, item) in paths {
        let (verb, _) = item.as_object().unwrap().iter().next().unwrap();
        let status = if verb == "get" {
            server.http.get(server.url(path)).bearer_auth(&token).send().await.unwrap().status()
        } else {
            server.call(&token, path, json!({})).await.0
        };
        assert!(
            status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
            "{verb} {path} answers {status}"
        );
    }
    server.stop().await;
}
