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
    ("post", "/cpro/transverses/v1/consulterCR"),
    ("post", "/cpro/transverses/v1/consulterCRDetaille"),
    ("post", "/cpro/transverses/v1/ajouter/fichier"),
    ("post", "/cpro/transverses/v1/telecharger/pieceJointe"),
    ("post", "/cpro/factures/v1/soumettre"),
    ("post", "/cpro/factures/v1/deposer/pdf"),
    ("post", "/cpro/factures/v1/deposer/flux"),
    ("post", "/cpro/factures/v1/telecharger/groupe"),
    ("post", "/cpro/factures/v1/rechercher/fournisseur"),
    ("post", "/cpro/factures/v1/rechercher/recipiendaire"),
    ("post", "/cpro/factures/v1/consulter/fournisseur"),
    ("post", "/cpro/factures/v1/consulter/recipiendaire"),
    ("post", "/cpro/factures/v1/consulter/historique"),
    ("post", "/cpro/factures/v1/traiter/recue"),
    ("post", "/cpro/factures/v1/completer"),
    ("post", "/cpro/factures/v1/traiter/factureAValider"),
    ("post", "/cpro/factures/v1/rechercher/valideur"),
    ("post", "/cpro/factures/v1/consulter/valideur"),
    ("post", "/cpro/factures/v1/recycler"),
    ("post", "/cpro/engagementsJuridiques/v1/rechercher"),
    ("post", "/cpro/engagementsJuridiques/v1/consulterDetail"),
    ("post", "/api/v1/engagements"),
    ("put", "/api/v1/engagements/{idEngagement}"),
    ("post", "/api/v1/engagements/rechercher"),
    ("get", "/api/v1/engagements/{idEngagement}"),
    ("post", "/api/v1/engagements/{idEngagement}/telecharger"),
    ("post", "/api/v1/engagements/{idEngagement}/transmettre"),
    ("post", "/api/v1/engagements/{idEngagement}/inactiver"),
    ("post", "/api/v1/engagements/{idEngagement}/reactiver"),
    ("delete", "/api/v1/engagements/{idEngagement}"),
    ("post", "/api/v1/engagements/{idEngagement}/refuser"),
    ("post", "/api/v1/engagements/{idEngagement}/recycler"),
    ("post", "/cpro/structures/v1/rechercher"),
    ("post", "/cpro/structures/v1/consulter"),
    ("post", "/cpro/structures/v1/rechercher/services"),
    ("post", "/cpro/structures/v1/consulter/service"),
    ("post", "/cpro/structures/v1/lister/rattachementsutilisateur"),
    ("post", "/cpro/structures/v1/rechercher/espaces"),
    ("post", "/cpro/utilisateurs/v1/monCompte/recuperer/rattachements"),
    ("post", "/api/v1/structures"),
    ("put", "/api/v1/structures/{idStructure}"),
    ("put", "/api/v1/structures/{idStructure}/gestionnaire-principal"),
    ("post", "/api/v1/structures/{idStructure}/services"),
    ("put", "/api/v1/structures/{idStructure}/services/{idService}"),
    ("delete", "/api/v1/structures/{idStructure}/services/{idService}"),
    ("get", "/api/v1/structures/{idStructure}/services/{idService}/utilisateurs"),
    ("post", "/api/v1/structures/{idStructure}/rattachements"),
    ("get", "/api/v1/structures/{idStructure}/rattachements"),
    ("get", "/api/v1/structures/{idStructure}/rattachements/en-attente"),
    ("put", "/api/v1/rattachements/{idRattachement}/statut"),
    ("put", "/api/v1/rattachements/{idRattachement}/role"),
    ("post", "/api/v1/rattachements/{idRattachement}/services"),
    ("get", "/api/v1/structures/{idStructure}/espaces"),
    ("post", "/api/v1/structures/{idStructure}/espaces"),
    ("delete", "/api/v1/structures/{idStructure}/espaces/{codeEspace}"),
    ("post", "/api/v1/espaces/{idEspace}/abonnements"),
    ("put", "/api/v1/abonnements/{idAbonnement}/validation"),
    ("delete", "/api/v1/abonnements/{idAbonnement}"),
    ("get", "/api/v1/structures/{idStructure}/abonnements/en-attente"),
    ("post", "/api/v1/utilisateurs"),
    ("get", "/api/v1/structures/{idStructure}/rattachements/valides"),
    ("get", "/api/v1/referentiel/statuts-rattachement"),
    ("get", "/api/v1/moncompte"),
    ("delete", "/api/v1/moncompte/rattachements/{idRattachement}"),
    ("get", "/api/v1/moncompte/abonnements"),
    ("get", "/api/v1/gestionnaire/structures"),
    ("get", "/api/v1/gestionnaire/utilisateurs"),
    ("put", "/api/v1/utilisateurs/{idUtilisateur}"),
    ("post", "/api/v1/structures/{idStructure}/compte-technique/mot-de-passe"),
    ("put", "/api/v1/sandbox/factures/{idFacture}/statut"),
    ("post", "/api/v1/gateway/consommation"),
    ("post", "/api/v1/messages"),
    ("post", "/api/v1/messages/recus"),
    ("post", "/api/v1/messages/envoyes"),
    ("post", "/api/v1/messages/{idMessage}/consulter"),
    ("put", "/api/v1/messages/{idMessage}/archivage"),
    ("post", "/api/v1/messages/{idMessage}/pieces-jointes"),
    ("post", "/api/v1/messages/listes"),
    ("put", "/api/v1/messages/listes/{idListe}"),
    ("delete", "/api/v1/messages/listes/{idListe}"),
    ("get", "/api/v1/messages/listes/{idListe}"),
    ("post", "/api/v1/messages/listes/rechercher"),
    ("post", "/api/v1/messages/carnet"),
    ("delete", "/api/v1/messages/carnet/{idEntree}"),
    ("post", "/api/v1/messages/carnet/rechercher"),
    ("get", "/api/v1/structures/{idStructure}/messagerie"),
    ("put", "/api/v1/structures/{idStructure}/messagerie"),
];

#[tokio::test]
async fn every_operation_is_documented_and_every_documented_one_answers() {
    let server = TestServer::start().await;
    let document: Value =
        server.http.get(server.url("/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    let documented: usize = paths.values().map(|item| item.as_object().unwrap().len()).sum();
    for (verb, path) in OPERATIONS {
        let operation =
            &paths.get(*path).unwrap_or_else(|| panic!("{path} is not documented"))[*verb];
        assert!(operation["operationId"].is_string(), "{path}");
        if *verb == "post" || *verb == "put" {
            assert_eq!(
                operation["requestBody"]["content"]["application/json"]["schema"]["type"],
                "object"
            );
        }
    }
    assert_eq!(documented, OPERATIONS.len(), "documented but not listed here: {:?}", paths.keys());

    // Every documented operation is routed: with a path's parameters filled in with ids that
    // do not exist, an answer may say "not found" in the envelope, never that no route matched.
    let token = server.token().await;
    for (path, item) in paths {
        let concrete = path.replace("{codeEspace}", "STATISTIQUES").replace(['{', '}'], "");
        let concrete: String = concrete
            .split('/')
            .map(|s| if s.starts_with("id") { "999999" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        for verb in item.as_object().unwrap().keys() {
            let method = reqwest::Method::from_bytes(verb.to_uppercase().as_bytes()).unwrap();
            let (status, body) = server.send(method, &token, None, &concrete, json!({})).await;
            let unrouted = status == StatusCode::METHOD_NOT_ALLOWED
                || body["libelle"].as_str().is_some_and(|l| l.starts_with("no operation at"));
            assert!(!unrouted, "{verb} {path} is not routed: {status} {body}");
        }
    }
    server.stop().await;
}
