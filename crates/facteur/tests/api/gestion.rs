//! The management API (`/api/v1/…`): what Chorus Pro moved to its portal, scriptable, with
//! the managers' rules and an authorisation matrix.

use facteur_app::demo;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{TestServer, account};

/// A person of the demo data set, by e-mail.
fn person(email: &str) -> String {
    account(email, demo::TECH_PASSWORD)
}

struct Ctx {
    server: TestServer,
    token: String,
    ministere: i64,
    fournisseur: i64,
}

impl Ctx {
    async fn new() -> Self {
        let server = TestServer::start().await;
        let token = server.token().await;
        let id = |siret: &'static str| {
            let server = &server;
            let token = token.clone();
            async move {
                let (_, answer) = server
                    .call(&token, "/cpro/structures/v1/rechercher", json!({"structure": {"identifiantStructure": siret}, "restreindreStructuresPrivees": false}))
                    .await;
                answer["listeStructures"][0]["idStructureCPP"].as_i64().unwrap()
            }
        };
        let ministere = id(demo::SIRET_DESTINATAIRE).await;
        let fournisseur = id(demo::SIRET_FOURNISSEUR).await;
        Self { server, token, ministere, fournisseur }
    }

    async fn as_(&self, who: &str, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        self.server.send(method, &self.token, Some(&person(who)), path, body).await
    }

    async fn ok(&self, who: &str, method: Method, path: &str, body: Value) -> Value {
        let (status, answer) = self.as_(who, method, path, body).await;
        assert_eq!(status, StatusCode::OK, "{who} {path}: {answer}");
        assert_eq!(answer["codeRetour"], 0);
        answer
    }

    async fn attachment_of(&self, email: &str) -> (i64, String, String) {
        let list = self
            .ok(
                demo::GESTIONNAIRE_MINISTERE,
                Method::GET,
                &format!("/api/v1/structures/{}/rattachements", self.ministere),
                json!({}),
            )
            .await;
        let r = list["listeRattachements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["email"] == email)
            .unwrap()
            .clone();
        (
            r["idRattachement"].as_i64().unwrap(),
            r["roleUtilisateur"].as_str().unwrap().to_owned(),
            r["statutRattachement"].as_str().unwrap().to_owned(),
        )
    }
}

#[tokio::test]
async fn operators_register_structures_and_managers_change_them() {
    let c = Ctx::new().await;
    let structure = json!({
        "typeIdentifiantStructure": "SIRET", "identifiantStructure": "80123456700015",
        "typeStructure": "PRIVEE", "raisonSociale": "Nouvelle Société", "categorie": "PME",
        "codePostal": "33000", "ville": "Bordeaux",
    });
    let (status, answer) = c
        .as_(demo::DIRIGEANT_FOURNISSEUR, Method::POST, "/api/v1/structures", structure.clone())
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    let created =
        c.ok(demo::OPERATEUR, Method::POST, "/api/v1/structures", structure.clone()).await;
    assert!(created["id"].as_i64().unwrap() > 0);
    let (status, _) = c.as_(demo::OPERATEUR, Method::POST, "/api/v1/structures", structure).await;
    assert_eq!(status, StatusCode::CONFLICT, "the same SIRET twice");
    let (status, answer) = c
        .as_(demo::OPERATEUR, Method::POST, "/api/v1/structures", json!({"identifiantStructure": "80123456700016", "typeStructure": "PRIVEE", "raisonSociale": "X"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["libelle"].as_str().unwrap().contains("identifiantStructure"), "{answer}");

    // The ministry's principal manager makes invoices need an engagement number.
    let path = format!("/api/v1/structures/{}", c.ministere);
    c.ok(demo::GESTIONNAIRE_MINISTERE, Method::PUT, &path, json!({"raisonSociale": "Ministère de la Démonstration", "parametres": {"numeroEjDoitEtreRenseigne": true}, "codePostal": "75007", "ville": "Paris"})).await;
    let (_, answer) = c
        .server
        .call(&c.token, "/cpro/structures/v1/consulter", json!({"idStructureCPP": c.ministere}))
        .await;
    assert_eq!(answer["parametres"]["numeroEJDoitEtreRenseigne"], true);
    assert_eq!(
        answer["informationGenerales"]["identifiantStructure"],
        demo::SIRET_DESTINATAIRE,
        "the identifier stays"
    );
    let (status, _) =
        c.as_(demo::AGENT_MINISTERE, Method::PUT, &path, json!({"raisonSociale": "Piraté"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a simple user");
    let (status, _) = c
        .as_(demo::DIRIGEANT_FOURNISSEUR, Method::PUT, &path, json!({"raisonSociale": "Piraté"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a stranger");
    c.server.stop().await;
}

#[tokio::test]
async fn managers_run_services() {
    let c = Ctx::new().await;
    let services = format!("/api/v1/structures/{}/services", c.ministere);
    let created = c
        .ok(demo::ADJOINT_MINISTERE, Method::POST, &services, json!({"codeService": "DSI", "libelleService": "Direction du numérique", "numeroEngagement": "true", "dateDebut": "2026-01-01"}))
        .await;
    let id = created["id"].as_i64().unwrap();
    let (_, found) = c
        .server
        .call(
            &c.token,
            "/cpro/structures/v1/consulter/service",
            json!({"idStructure": c.ministere, "idService": id}),
        )
        .await;
    assert_eq!(found["informationsGenerales"]["nomService"], "Direction du numérique");
    assert_eq!(found["parametres"]["numeroEngagement"], true);
    assert_eq!(found["parametres"]["dateDebutValidite"], "2026-01-01 00:00");

    let one = format!("{services}/{id}");
    c.ok(
        demo::ADJOINT_MINISTERE,
        Method::PUT,
        &one,
        json!({"libelleService": "DSI", "estActif": false}),
    )
    .await;
    let (_, found) = c
        .server
        .call(
            &c.token,
            "/cpro/structures/v1/consulter/service",
            json!({"idStructure": c.ministere, "idService": id}),
        )
        .await;
    assert_eq!(found["informationsGenerales"]["codeService"], "DSI", "the code stays");
    let (status, answer) = c
        .as_(
            demo::ADJOINT_MINISTERE,
            Method::POST,
            &services,
            json!({"codeService": "DSI", "libelleService": "Doublon"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    let (status, answer) = c
        .as_(
            demo::ADJOINT_MINISTERE,
            Method::POST,
            &services,
            json!({"codeService": "A B", "libelleService": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");

    let (status, _) = c
        .as_(
            demo::AGENT_MINISTERE,
            Method::POST,
            &services,
            json!({"codeService": "X", "libelleService": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = c.as_(demo::DIRIGEANT_FOURNISSEUR, Method::DELETE, &one, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let users = c
        .ok(demo::GESTIONNAIRE_MINISTERE, Method::GET, &format!("{one}/utilisateurs"), json!({}))
        .await;
    assert_eq!(users["listeUtilisateurs"], json!([]));
    c.ok(demo::GESTIONNAIRE_MINISTERE, Method::DELETE, &one, json!({})).await;
    let (status, _) = c
        .server
        .call(
            &c.token,
            "/cpro/structures/v1/consulter/service",
            json!({"idStructure": c.ministere, "idService": id}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    c.server.stop().await;
}

#[tokio::test]
async fn attachment_requests_are_validated_by_managers() {
    let c = Ctx::new().await;
    let request = c
        .ok(
            demo::CANDIDAT_HOPITAL,
            Method::POST,
            &format!("/api/v1/structures/{}/rattachements", c.ministere),
            json!({"commentaire": "Renfort au service achats"}),
        )
        .await;
    let id = request["id"].as_i64().unwrap();
    let pending = format!("/api/v1/structures/{}/rattachements/en-attente", c.ministere);
    let (status, _) = c.as_(demo::AGENT_MINISTERE, Method::GET, &pending, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "simple users do not see requests");
    let (status, _) = c.as_(demo::DIRIGEANT_FOURNISSEUR, Method::GET, &pending, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "strangers do not either");
    let list = c.ok(demo::ADJOINT_MINISTERE, Method::GET, &pending, json!({})).await;
    assert_eq!(list["listeRattachements"][0]["email"], demo::CANDIDAT_HOPITAL);
    assert_eq!(list["listeRattachements"][0]["commentaire"], "Renfort au service achats");

    let statut = format!("/api/v1/rattachements/{id}/statut");
    let (status, _) = c
        .as_(demo::DIRIGEANT_FOURNISSEUR, Method::PUT, &statut, json!({"statut": "VALIDEE"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    c.ok(demo::ADJOINT_MINISTERE, Method::PUT, &statut, json!({"statut": "VALIDEE"})).await;
    let (status, answer) =
        c.as_(demo::ADJOINT_MINISTERE, Method::PUT, &statut, json!({"statut": "REFUSEE"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a validated attachment is not refused: {answer}");
    assert_eq!(c.attachment_of(demo::CANDIDAT_HOPITAL).await.2, "VALIDEE");
    let after = c.ok(demo::ADJOINT_MINISTERE, Method::GET, &pending, json!({})).await;
    assert_eq!(after["listeRattachements"], json!([]));

    // Attached to a service, the user appears among the service's users.
    let (_, services) = c
        .server
        .call(
            &c.token,
            "/cpro/structures/v1/rechercher/services",
            json!({"idStructure": c.ministere}),
        )
        .await;
    let service = services["listeServices"][0]["idService"].as_i64().unwrap();
    c.ok(
        demo::ADJOINT_MINISTERE,
        Method::POST,
        &format!("/api/v1/rattachements/{id}/services"),
        json!({"idService": service}),
    )
    .await;
    let users = c
        .ok(
            demo::ADJOINT_MINISTERE,
            Method::GET,
            &format!("/api/v1/structures/{}/services/{service}/utilisateurs", c.ministere),
            json!({}),
        )
        .await;
    assert_eq!(users["listeUtilisateurs"][0]["statutRattachement"], "VALIDEE");
    c.server.stop().await;
}

#[tokio::test]
async fn the_principal_manager_is_never_lost() {
    let c = Ctx::new().await;
    let (principal, role, _) = c.attachment_of(demo::GESTIONNAIRE_MINISTERE).await;
    assert_eq!(role, "GESTIONNAIRE_PRINCIPAL");
    let (adjoint, _, _) = c.attachment_of(demo::ADJOINT_MINISTERE).await;
    let (agent, _, _) = c.attachment_of(demo::AGENT_MINISTERE).await;

    // A secondary manager cannot deactivate, demote or replace the principal.
    let (status, answer) = c
        .as_(
            demo::ADJOINT_MINISTERE,
            Method::PUT,
            &format!("/api/v1/rattachements/{principal}/statut"),
            json!({"statut": "DESACTIVEE"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(answer["libelle"].as_str().unwrap().contains("principal manager"), "{answer}");
    let (status, _) = c
        .as_(
            demo::ADJOINT_MINISTERE,
            Method::PUT,
            &format!("/api/v1/rattachements/{principal}/role"),
            json!({"role": "UTILISATEUR"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let principal_path = format!("/api/v1/structures/{}/gestionnaire-principal", c.ministere);
    let (status, _) = c
        .as_(
            demo::ADJOINT_MINISTERE,
            Method::PUT,
            &principal_path,
            json!({"email": demo::ADJOINT_MINISTERE}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // It may promote a simple user.
    c.ok(
        demo::ADJOINT_MINISTERE,
        Method::PUT,
        &format!("/api/v1/rattachements/{agent}/role"),
        json!({"role": "GESTIONNAIRE_SECONDAIRE"}),
    )
    .await;
    assert_eq!(c.attachment_of(demo::AGENT_MINISTERE).await.1, "GESTIONNAIRE_SECONDAIRE");
    let (status, _) = c
        .as_(
            demo::ADJOINT_MINISTERE,
            Method::PUT,
            &format!("/api/v1/rattachements/{agent}/role"),
            json!({"role": "GESTIONNAIRE_PRINCIPAL"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the principal role is handed over, not assigned");

    // The principal hands the role over and stays a secondary manager.
    c.ok(
        demo::GESTIONNAIRE_MINISTERE,
        Method::PUT,
        &principal_path,
        json!({"email": demo::ADJOINT_MINISTERE}),
    )
    .await;
    assert_eq!(c.attachment_of(demo::ADJOINT_MINISTERE).await.1, "GESTIONNAIRE_PRINCIPAL");
    assert_eq!(c.attachment_of(demo::GESTIONNAIRE_MINISTERE).await.1, "GESTIONNAIRE_SECONDAIRE");
    let (status, _) = c
        .as_(
            demo::GESTIONNAIRE_MINISTERE,
            Method::PUT,
            &format!("/api/v1/rattachements/{adjoint}/statut"),
            json!({"statut": "SUPPRIMEE"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the former principal cannot remove the new one");
    let list = c
        .ok(
            demo::ADJOINT_MINISTERE,
            Method::GET,
            &format!("/api/v1/structures/{}/rattachements", c.ministere),
            json!({}),
        )
        .await;
    let principals = list["listeRattachements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["roleUtilisateur"] == "GESTIONNAIRE_PRINCIPAL")
        .count();
    assert_eq!(principals, 1);
    c.server.stop().await;
}

#[tokio::test]
async fn spaces_and_subscriptions() {
    let c = Ctx::new().await;
    let espaces = format!("/api/v1/structures/{}/espaces", c.ministere);
    let mine = c.ok(demo::AGENT_MINISTERE, Method::GET, &espaces, json!({})).await;
    let mine = mine["listeEspaces"].as_array().unwrap();
    assert_eq!(mine.len(), 1, "the demo agent reads received invoices only: {mine:?}");
    assert_eq!(mine[0]["codeEspace"], "FACTURES_RECUES");
    assert_eq!(mine[0]["typeHabilitation"], "CONSULTATION_UNIQUEMENT");
    let all = c.ok(demo::GESTIONNAIRE_MINISTERE, Method::GET, &espaces, json!({})).await;
    let emises = all["listeEspaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["codeEspace"] == "FACTURES_EMISES")
        .unwrap()["idEspace"]
        .as_i64()
        .unwrap();

    let asked = c
        .ok(
            demo::AGENT_MINISTERE,
            Method::POST,
            &format!("/api/v1/espaces/{emises}/abonnements"),
            json!({"typeHabilitation": "MODIFICATION"}),
        )
        .await;
    let abonnement = asked["id"].as_i64().unwrap();
    let (status, _) = c
        .as_(
            demo::DIRIGEANT_FOURNISSEUR,
            Method::POST,
            &format!("/api/v1/espaces/{emises}/abonnements"),
            json!({"typeHabilitation": "MODIFICATION"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "only members subscribe");
    let pending = c
        .ok(
            demo::GESTIONNAIRE_MINISTERE,
            Method::GET,
            &format!("/api/v1/structures/{}/abonnements/en-attente", c.ministere),
            json!({}),
        )
        .await;
    assert_eq!(pending["listeAbonnements"][0]["email"], demo::AGENT_MINISTERE);
    let (status, _) = c
        .as_(
            demo::AGENT_MINISTERE,
            Method::PUT,
            &format!("/api/v1/abonnements/{abonnement}/validation"),
            json!({"valider": true}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "nobody validates their own subscription");
    c.ok(
        demo::GESTIONNAIRE_MINISTERE,
        Method::PUT,
        &format!("/api/v1/abonnements/{abonnement}/validation"),
        json!({"valider": true}),
    )
    .await;
    let mine = c.ok(demo::AGENT_MINISTERE, Method::GET, &espaces, json!({})).await;
    assert_eq!(mine["listeEspaces"].as_array().unwrap().len(), 2);

    // Closing the space ends the subscription; a simple user closes nothing.
    let (status, _) = c
        .as_(
            demo::AGENT_MINISTERE,
            Method::DELETE,
            &format!("{espaces}/FACTURES_EMISES"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    c.ok(
        demo::GESTIONNAIRE_MINISTERE,
        Method::DELETE,
        &format!("{espaces}/FACTURES_EMISES"),
        json!({}),
    )
    .await;
    let mine = c.ok(demo::AGENT_MINISTERE, Method::GET, &espaces, json!({})).await;
    assert_eq!(mine["listeEspaces"].as_array().unwrap().len(), 1);
    c.ok(
        demo::GESTIONNAIRE_MINISTERE,
        Method::POST,
        &espaces,
        json!({"codeEspace": "FACTURES_EMISES"}),
    )
    .await;
    let (status, _) = c
        .as_(demo::GESTIONNAIRE_MINISTERE, Method::POST, &espaces, json!({"codeEspace": "INCONNU"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    c.ok(
        demo::AGENT_MINISTERE,
        Method::DELETE,
        &format!("/api/v1/abonnements/{abonnement}"),
        json!({}),
    )
    .await;
    c.server.stop().await;
}

#[tokio::test]
async fn managers_create_users_of_their_structure_only() {
    let c = Ctx::new().await;
    let user = |email: &str, structure: i64, role: &str| json!({"email": email, "nom": "Nouveau", "prenom": "Compte", "motDePasse": "un-mot-de-passe-long", "idStructure": structure, "role": role});
    c.ok(
        demo::GESTIONNAIRE_MINISTERE,
        Method::POST,
        "/api/v1/utilisateurs",
        user("nouveau@ministere.demo.facteur", c.ministere, "UTILISATEUR"),
    )
    .await;
    assert_eq!(c.attachment_of("nouveau@ministere.demo.facteur").await.2, "VALIDEE");
    let (status, _) = c
        .as_(
            demo::GESTIONNAIRE_MINISTERE,
            Method::POST,
            "/api/v1/utilisateurs",
            user("chef@ministere.demo.facteur", c.ministere, "GESTIONNAIRE_PRINCIPAL"),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = c
        .as_(
            demo::DIRIGEANT_FOURNISSEUR,
            Method::POST,
            "/api/v1/utilisateurs",
            user("intrus@ministere.demo.facteur", c.ministere, "UTILISATEUR"),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = c
        .as_(
            demo::AGENT_MINISTERE,
            Method::POST,
            "/api/v1/utilisateurs",
            user("x@ministere.demo.facteur", c.ministere, "UTILISATEUR"),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, answer) = c
        .as_(demo::DIRIGEANT_FOURNISSEUR, Method::POST, "/api/v1/utilisateurs", json!({"email": "court@fournitures.demo.facteur", "motDePasse": "court", "idStructure": c.fournisseur}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    c.server.stop().await;
}

/// For each management operation on the ministry, what the supplier's manager (a stranger)
/// and the ministry's simple user get: never a success.
#[tokio::test]
async fn authorisation_matrix() {
    let c = Ctx::new().await;
    let m = c.ministere;
    let operations: Vec<(Method, String, Value)> = vec![
        (Method::PUT, format!("/api/v1/structures/{m}"), json!({"raisonSociale": "X"})),
        (
            Method::PUT,
            format!("/api/v1/structures/{m}/gestionnaire-principal"),
            json!({"email": demo::DIRIGEANT_FOURNISSEUR}),
        ),
        (
            Method::POST,
            format!("/api/v1/structures/{m}/services"),
            json!({"codeService": "X", "libelleService": "X"}),
        ),
        (Method::GET, format!("/api/v1/structures/{m}/rattachements"), json!({})),
        (Method::GET, format!("/api/v1/structures/{m}/rattachements/en-attente"), json!({})),
        (
            Method::POST,
            format!("/api/v1/structures/{m}/espaces"),
            json!({"codeEspace": "STATISTIQUES"}),
        ),
        (Method::DELETE, format!("/api/v1/structures/{m}/espaces/STATISTIQUES"), json!({})),
        (Method::GET, format!("/api/v1/structures/{m}/abonnements/en-attente"), json!({})),
        (
            Method::POST,
            "/api/v1/utilisateurs".to_owned(),
            json!({"email": "m@x.fr", "motDePasse": "un-mot-de-passe-long", "idStructure": m}),
        ),
    ];
    for (method, path, body) in operations {
        for (who, expected) in [
            (demo::DIRIGEANT_FOURNISSEUR, StatusCode::NOT_FOUND),
            (demo::AGENT_MINISTERE, StatusCode::FORBIDDEN),
        ] {
            let (status, answer) = c.as_(who, method.clone(), &path, body.clone()).await;
            assert_eq!(status, expected, "{who} {method} {path}: {answer}");
            assert_ne!(answer["codeRetour"], 0);
        }
    }
    // And the supplier sees none of the ministry's spaces or attachments through Chorus Pro's
    // operations either.
    let (status, _) = c
        .as_(
            demo::DIRIGEANT_FOURNISSEUR,
            Method::GET,
            &format!("/api/v1/structures/{m}/espaces"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    c.server.stop().await;
}

#[tokio::test]
async fn a_persons_own_account_and_a_managers_view() {
    let c = Ctx::new().await;
    let me = c.ok(demo::AGENT_MINISTERE, Method::GET, "/api/v1/moncompte", json!({})).await;
    assert_eq!(me["email"], demo::AGENT_MINISTERE);
    assert_eq!(me["statutUtilisateur"], "ACTIF");
    let subscriptions =
        c.ok(demo::AGENT_MINISTERE, Method::GET, "/api/v1/moncompte/abonnements", json!({})).await;
    assert_eq!(subscriptions["listeAbonnements"][0]["codeEspace"], "FACTURES_RECUES");

    // A request for the ministry and one of its services; the managers see the service asked.
    let (_, services) = c
        .server
        .call(
            &c.token,
            "/cpro/structures/v1/rechercher/services",
            json!({"idStructure": c.ministere}),
        )
        .await;
    let daf = services["listeServices"][0]["idService"].as_i64().unwrap();
    let asked = c
        .ok(
            demo::CANDIDAT_HOPITAL,
            Method::POST,
            &format!("/api/v1/structures/{}/rattachements", c.ministere),
            json!({"idServices": [daf]}),
        )
        .await;
    let pending = c
        .ok(
            demo::ADJOINT_MINISTERE,
            Method::GET,
            &format!("/api/v1/structures/{}/rattachements/en-attente", c.ministere),
            json!({}),
        )
        .await;
    assert_eq!(pending["listeRattachements"][0]["listeServices"][0]["idService"], daf);
    assert_eq!(
        pending["listeRattachements"][0]["listeServices"][0]["statutRattachement"],
        "EN_COURS_DE_VALIDATION"
    );
    let valides = c
        .ok(
            demo::ADJOINT_MINISTERE,
            Method::GET,
            &format!("/api/v1/structures/{}/rattachements/valides", c.ministere),
            json!({}),
        )
        .await;
    assert!(
        valides["listeRattachements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["statutRattachement"] == "VALIDEE")
    );
    assert!(
        !valides["listeRattachements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["email"] == demo::CANDIDAT_HOPITAL)
    );
    // The candidate withdraws; the principal manager cannot leave.
    c.ok(
        demo::CANDIDAT_HOPITAL,
        Method::DELETE,
        &format!("/api/v1/moncompte/rattachements/{}", asked["id"]),
        json!({}),
    )
    .await;
    let (principal, _, _) = c.attachment_of(demo::GESTIONNAIRE_MINISTERE).await;
    let (status, _) = c
        .as_(
            demo::GESTIONNAIRE_MINISTERE,
            Method::DELETE,
            &format!("/api/v1/moncompte/rattachements/{principal}"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = c
        .as_(
            demo::AGENT_MINISTERE,
            Method::DELETE,
            &format!("/api/v1/moncompte/rattachements/{principal}"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "only one's own attachment");

    let managed = c
        .ok(demo::GESTIONNAIRE_MINISTERE, Method::GET, "/api/v1/gestionnaire/structures", json!({}))
        .await;
    assert_eq!(managed["listeStructures"][0]["identifiantStructure"], demo::SIRET_DESTINATAIRE);
    let none = c
        .ok(demo::AGENT_MINISTERE, Method::GET, "/api/v1/gestionnaire/structures", json!({}))
        .await;
    assert_eq!(none["listeStructures"], json!([]));
    let users = c
        .ok(
            demo::GESTIONNAIRE_MINISTERE,
            Method::GET,
            "/api/v1/gestionnaire/utilisateurs",
            json!({}),
        )
        .await;
    assert!(
        users["listeRattachements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["email"] == demo::AGENT_MINISTERE)
    );

    // A manager corrects an agent's phone; another company's manager cannot.
    let agent = me["idUtilisateur"].as_i64().unwrap();
    c.ok(
        demo::GESTIONNAIRE_MINISTERE,
        Method::PUT,
        &format!("/api/v1/utilisateurs/{agent}"),
        json!({"nom": "Petit", "prenom": "Inès", "telephone": "01 23 45 67 89"}),
    )
    .await;
    let me = c.ok(demo::AGENT_MINISTERE, Method::GET, "/api/v1/moncompte", json!({})).await;
    assert_eq!(me["telephone"], "01 23 45 67 89");
    let (status, _) = c
        .as_(
            demo::DIRIGEANT_FOURNISSEUR,
            Method::PUT,
            &format!("/api/v1/utilisateurs/{agent}"),
            json!({"nom": "X"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let statuts = c
        .server
        .send(Method::GET, &c.token, None, "/api/v1/referentiel/statuts-rattachement", json!({}))
        .await
        .1;
    assert_eq!(statuts["listeStatuts"].as_array().unwrap().len(), 5);
    c.server.stop().await;
}

#[tokio::test]
async fn the_principal_manager_renews_the_technical_password() {
    let c = Ctx::new().await;
    let path = format!("/api/v1/structures/{}/compte-technique/mot-de-passe", c.fournisseur);
    let (status, _) = c.as_(demo::COMPTABLE_FOURNISSEUR, Method::POST, &path, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a simple user");
    let (status, _) = c.as_(demo::GESTIONNAIRE_MINISTERE, Method::POST, &path, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another structure's manager");
    let (status, _) = c
        .as_(
            demo::ADJOINT_MINISTERE,
            Method::POST,
            &format!("/api/v1/structures/{}/compte-technique/mot-de-passe", c.ministere),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a secondary manager");

    let renewed = c.ok(demo::DIRIGEANT_FOURNISSEUR, Method::POST, &path, json!({})).await;
    assert_eq!(renewed["login"], demo::TECH_FOURNISSEUR);
    let password = renewed["motDePasse"].as_str().unwrap();
    let old = account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD);
    let (status, _) =
        c.server.call_as(&c.token, Some(&old), "/cpro/structures/v1/rechercher", json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let new = account(demo::TECH_FOURNISSEUR, password);
    let (status, _) =
        c.server.call_as(&c.token, Some(&new), "/cpro/structures/v1/rechercher", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    c.server.stop().await;
}
