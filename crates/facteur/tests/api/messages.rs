//! "Mes messages" over HTTP: who may write to whom (an invoice exchanged, not private to
//! private), lists and address books expanded with the skipped recipients and their reasons,
//! the pilot switch, reading and archiving, and an authorisation matrix: a structure never
//! reads another's messages, lists or address book.

use facteur_app::admin::NewApplicationRequest;
use facteur_app::demo;
use facteur_domain::TypeIdentifiant;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::factures::{commune, facture, recipient, submit};
use crate::harness::{Options, TestServer, account};
use crate::pieces_jointes::ajouter;

const ENVOYER: &str = "/api/v1/messages";
const RECUS: &str = "/api/v1/messages/recus";

fn person(email: &str) -> String {
    account(email, demo::TECH_PASSWORD)
}

fn supplier() -> String {
    account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD)
}

struct Ctx {
    server: TestServer,
    token: String,
    ministere: i64,
    hopital: i64,
    commune: i64,
    fournisseur: i64,
    micro: i64,
}

impl Ctx {
    async fn new() -> Self {
        Self::with(Options::default()).await
    }

    async fn with(options: Options) -> Self {
        let server = TestServer::start_with(options).await;
        // The authorisation matrix makes more than the demo application's 20 calls a second.
        server
            .app()
            .register_application(&NewApplicationRequest {
                name: "messages",
                client_id: Some("messages-app"),
                secret: Some("messages-secret"),
                quota_per_second: Some(10_000),
                quota_per_day: None,
            })
            .await
            .unwrap();
        let token = server.token_for("messages-app", "messages-secret").await;
        let store = server.app().store().clone();
        let id = |siret: &'static str| {
            let store = store.clone();
            async move { store.find_structure_by_identifiant("SIRET", siret).await.unwrap().unwrap().id }
        };
        Self {
            ministere: id(demo::SIRET_DESTINATAIRE).await,
            hopital: id(demo::SIRET_HOPITAL).await,
            commune: id(demo::SIRET_COMMUNE).await,
            fournisseur: id(demo::SIRET_FOURNISSEUR).await,
            micro: id(demo::SIRET_MICRO).await,
            server,
            token,
        }
    }

    async fn as_(&self, who: &str, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        self.server.send(method, &self.token, Some(who), path, body).await
    }

    async fn ok(&self, who: &str, method: Method, path: &str, body: Value) -> Value {
        let (status, answer) = self.as_(who, method, path, body).await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
        assert_eq!(answer["codeRetour"], 0);
        answer
    }

    async fn envoyer(&self, who: &str, body: Value) -> (StatusCode, Value) {
        self.as_(who, Method::POST, ENVOYER, body).await
    }

    async fn recus(&self, who: &str, body: Value) -> Value {
        self.ok(who, Method::POST, RECUS, body).await
    }

    /// A technical account of a demo structure that has none.
    async fn tech(&self, siret: &str, login: &str) -> String {
        self.server
            .app()
            .create_technical_account(TypeIdentifiant::Siret, siret, login, Some("message-secret"))
            .await
            .unwrap();
        account(login, "message-secret")
    }
}

/// A message's body with its recipients.
fn message(objet: &str, destinataires: &[i64]) -> Value {
    json!({"objet": objet, "corps": "Bonjour,\nvoici une information.", "destinataires": destinataires})
}

fn reasons(answer: &Value) -> Vec<(i64, String)> {
    answer["nonRemis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["idStructure"].as_i64().unwrap(), r["motif"].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test]
async fn a_message_needs_an_invoice_between_the_two() {
    let ctx = Ctx::new().await;
    // The supplier never invoiced the commune: nobody may receive it, and it says why.
    let (status, answer) = ctx.envoyer(&supplier(), message("Livraisons", &[ctx.commune])).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    let libelle = answer["libelle"].as_str().unwrap();
    assert!(libelle.contains(&format!("structure {}: no invoice was ever exchanged", ctx.commune)));

    // After an invoice to the commune, it gets the message.
    let mut invoice = facture("F-MSG-001");
    invoice["destinataire"] = json!({"codeDestinataire": demo::SIRET_COMMUNE});
    submit(&ctx.server, &ctx.token, invoice).await;
    let (status, answer) = ctx.envoyer(&supplier(), message("Livraisons", &[ctx.commune])).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["destinataires"], json!([ctx.commune]));
    assert_eq!(answer["nonRemis"], json!([]));
    let commune = commune(&ctx.server).await;
    let inbox = ctx.recus(&commune, json!({})).await;
    assert_eq!(inbox["nonLus"], 1);
    assert_eq!(inbox["listeMessages"][0]["objet"], "Livraisons");
    assert_eq!(inbox["listeMessages"][0]["idStructureExpediteur"], ctx.fournisseur);
    // Either way: the commune may answer.
    let (status, answer) =
        ctx.envoyer(&commune, message("Re: Livraisons", &[ctx.fournisseur])).await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    // Subject and body are checked, naming the field.
    let (status, answer) = ctx
        .envoyer(&supplier(), json!({"objet": "   ", "corps": "x", "destinataires": [ctx.commune]}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["libelle"].as_str().unwrap().starts_with("objet: [] is empty"), "{answer}");
    let (status, answer) = ctx
        .envoyer(&supplier(), json!({"objet": "x".repeat(201), "corps": "x", "destinataires": [1]}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["libelle"].as_str().unwrap().contains("#/objet"), "{answer}");
    let (status, _) = ctx.envoyer(&supplier(), json!({"objet": "x", "corps": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    ctx.server.stop().await;
}

#[tokio::test]
async fn public_to_public_yes_private_to_private_no() {
    let ctx = Ctx::new().await;
    // The commune invoices the ministry (public to public), then they may write.
    let commune = commune(&ctx.server).await;
    let mut invoice = facture("F-MSG-PUB");
    invoice["destinataire"]["codeServiceExecutant"] = json!("FACTURES_PUBLIQUES");
    let (status, answer) = ctx
        .server
        .call_as(&ctx.token, Some(&commune), "/cpro/factures/v1/soumettre", invoice)
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, answer) =
        ctx.envoyer(&recipient(), message("Entre collectivités", &[ctx.commune])).await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    // Private to private is refused, even for an operator acting for the supplier.
    let operateur = person(demo::OPERATEUR);
    let mut body = message("Entre entreprises", &[ctx.micro, ctx.ministere]);
    body["idStructure"] = json!(ctx.fournisseur);
    let (status, answer) = ctx.envoyer(&operateur, body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["destinataires"], json!([ctx.ministere]));
    assert_eq!(reasons(&answer), [(ctx.micro, "PRIVEE_VERS_PRIVEE".to_owned())]);
    // The supplier itself cannot even see a private structure it never dealt with.
    let (status, answer) =
        ctx.envoyer(&supplier(), message("Entre entreprises", &[ctx.micro])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(answer["libelle"].as_str().unwrap().contains("no structure with this id"));
    // Nor to itself, nor to a structure that does not exist.
    let (_, answer) =
        ctx.envoyer(&supplier(), message("Moi", &[ctx.fournisseur, 999_999, ctx.ministere])).await;
    assert_eq!(
        reasons(&answer),
        [(ctx.fournisseur, "SOI_MEME".to_owned()), (999_999, "STRUCTURE_INCONNUE".to_owned())]
    );
    ctx.server.stop().await;
}

#[tokio::test]
async fn lists_and_address_book_expand_with_reasons_for_the_skipped() {
    let ctx = Ctx::new().await;
    let gestionnaire = person(demo::GESTIONNAIRE_MINISTERE);
    let liste = ctx
        .ok(
            &gestionnaire,
            Method::POST,
            "/api/v1/messages/listes",
            json!({"idStructure": ctx.ministere, "nom": "Tous", "membres": [ctx.fournisseur, ctx.hopital, ctx.commune, ctx.fournisseur]}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let read = ctx
        .ok(&gestionnaire, Method::GET, &format!("/api/v1/messages/listes/{liste}"), json!({}))
        .await;
    assert_eq!(read["nbMembres"], 3, "duplicates merged: {read}");
    // A private structure the ministry never dealt with cannot be listed.
    let (status, answer) = ctx
        .as_(
            &gestionnaire,
            Method::PUT,
            &format!("/api/v1/messages/listes/{liste}"),
            json!({"nom": "Tous", "membres": [ctx.fournisseur, ctx.micro]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["libelle"].as_str().unwrap().contains(&format!("membres: [{}]", ctx.micro)));
    // The same name twice is a conflict.
    let (status, _) = ctx
        .as_(
            &gestionnaire,
            Method::POST,
            "/api/v1/messages/listes",
            json!({"idStructure": ctx.ministere, "nom": "Tous"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let mut body = message("Réorganisation", &[ctx.fournisseur]);
    body["idStructure"] = json!(ctx.ministere);
    body["listes"] = json!([liste]);
    let answer = ctx.ok(&gestionnaire, Method::POST, ENVOYER, body).await;
    assert_eq!(answer["destinataires"], json!([ctx.fournisseur]), "{answer}");
    assert_eq!(answer["nbDestinataires"], 1);
    let mut skipped = reasons(&answer);
    skipped.sort();
    let mut expected = vec![
        (ctx.hopital, "AUCUNE_FACTURE_ECHANGEE".to_owned()),
        (ctx.commune, "AUCUNE_FACTURE_ECHANGEE".to_owned()),
    ];
    expected.sort();
    assert_eq!(skipped, expected);
    assert!(answer["nonRemis"][0]["libelle"].as_str().unwrap().contains("invoice"));

    // Through the address book: the list and the supplier, each once.
    let entree_liste = ctx
        .ok(
            &gestionnaire,
            Method::POST,
            "/api/v1/messages/carnet",
            json!({"idStructure": ctx.ministere, "idListe": liste}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let entree = ctx
        .ok(
            &gestionnaire,
            Method::POST,
            "/api/v1/messages/carnet",
            json!({"idStructure": ctx.ministere, "idDestinataire": ctx.fournisseur}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let (status, _) = ctx
        .as_(
            &gestionnaire,
            Method::POST,
            "/api/v1/messages/carnet",
            json!({"idStructure": ctx.ministere, "idDestinataire": ctx.fournisseur}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = ctx
        .as_(&gestionnaire, Method::POST, "/api/v1/messages/carnet", json!({"idStructure": ctx.ministere, "idDestinataire": ctx.fournisseur, "idListe": liste}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut body = message("Par le carnet", &[]);
    body["idStructure"] = json!(ctx.ministere);
    body["carnet"] = json!([entree_liste, entree]);
    let answer = ctx.ok(&gestionnaire, Method::POST, ENVOYER, body).await;
    assert_eq!(answer["destinataires"], json!([ctx.fournisseur]));
    let book = ctx
        .ok(
            &gestionnaire,
            Method::POST,
            "/api/v1/messages/carnet/rechercher",
            json!({"idStructure": ctx.ministere}),
        )
        .await;
    // The demo's entry (its own list) and these two.
    assert_eq!(book["entrees"].as_array().unwrap().len(), 3, "{book}");

    // Deleting the list removes its entry from the address book.
    ctx.ok(&gestionnaire, Method::DELETE, &format!("/api/v1/messages/listes/{liste}"), json!({}))
        .await;
    let book = ctx
        .ok(
            &gestionnaire,
            Method::POST,
            "/api/v1/messages/carnet/rechercher",
            json!({"idStructure": ctx.ministere}),
        )
        .await;
    assert_eq!(book["entrees"].as_array().unwrap().len(), 2, "{book}");
    ctx.ok(&gestionnaire, Method::DELETE, &format!("/api/v1/messages/carnet/{entree}"), json!({}))
        .await;
    let lists = ctx
        .ok(
            &gestionnaire,
            Method::POST,
            "/api/v1/messages/listes/rechercher",
            json!({"idStructure": ctx.ministere}),
        )
        .await;
    assert_eq!(lists["listes"].as_array().unwrap().len(), 1, "the demo's list only: {lists}");
    ctx.server.stop().await;
}

#[tokio::test]
async fn the_space_opens_per_structure_then_to_all() {
    let ctx = Ctx::new().await;
    let path = format!("/api/v1/structures/{}/messagerie", ctx.ministere);
    let gestionnaire = person(demo::GESTIONNAIRE_MINISTERE);
    let state = ctx.ok(&gestionnaire, Method::GET, &path, json!({})).await;
    assert_eq!(
        (state["active"].clone(), state["ouverteATous"].clone()),
        (json!(true), json!(false))
    );
    // Only the principal manager (or an operator) switches it; others do not see it.
    let (status, _) = ctx
        .as_(&person(demo::ADJOINT_MINISTERE), Method::PUT, &path, json!({"active": false}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = ctx
        .as_(&person(demo::DIRIGEANT_FOURNISSEUR), Method::PUT, &path, json!({"active": false}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let state = ctx.ok(&gestionnaire, Method::PUT, &path, json!({"active": false})).await;
    assert_eq!(state["ouverte"], false);

    // Closed: the ministry is skipped as a recipient, and may not send.
    let (status, answer) = ctx.envoyer(&supplier(), message("Relance", &[ctx.ministere])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        answer["libelle"].as_str().unwrap().contains("messaging space is not open"),
        "{answer}"
    );
    let (status, answer) = ctx.envoyer(&recipient(), message("Info", &[ctx.fournisseur])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        answer["libelle"]
            .as_str()
            .unwrap()
            .contains(&format!("structure {} is not open yet", ctx.ministere))
    );

    ctx.ok(&person(demo::OPERATEUR), Method::PUT, &path, json!({"active": "true"})).await;
    let (status, _) = ctx.envoyer(&recipient(), message("Info", &[ctx.fournisseur])).await;
    assert_eq!(status, StatusCode::OK);
    ctx.server.stop().await;

    // Open to all: a structure switched off still writes and receives.
    let ctx = Ctx::with(Options { messagerie_pour_tous: true, ..Options::default() }).await;
    ctx.ok(&gestionnaire, Method::PUT, &path, json!({"active": false})).await;
    let (status, answer) = ctx.envoyer(&recipient(), message("Info", &[ctx.fournisseur])).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _) = ctx.envoyer(&supplier(), message("Relance", &[ctx.ministere])).await;
    assert_eq!(status, StatusCode::OK);
    ctx.server.stop().await;
}

#[tokio::test]
async fn reading_marks_read_and_archiving_moves_out_of_the_inbox() {
    let ctx = Ctx::new().await;
    // The demo's message from the supplier is unread.
    let inbox = ctx.recus(&recipient(), json!({})).await;
    assert_eq!(inbox["nonLus"], 1);
    for objet in ["Premier", "Second"] {
        let (status, _) = ctx.envoyer(&supplier(), message(objet, &[ctx.ministere])).await;
        assert_eq!(status, StatusCode::OK);
    }
    let inbox = ctx
        .recus(
            &recipient(),
            json!({"pagination": {"nbResultatsParPage": 2, "pageResultatDemandee": 1}}),
        )
        .await;
    assert_eq!(inbox["nonLus"], 3);
    assert_eq!(inbox["parametresRetour"]["total"], 3);
    assert_eq!(inbox["parametresRetour"]["pages"], 2);
    assert_eq!(inbox["listeMessages"][0]["objet"], "Second", "newest first");
    assert_eq!(inbox["listeMessages"][0]["lu"], false);
    let id = inbox["listeMessages"][0]["idMessage"].as_i64().unwrap();

    // The supplier reads what it sent: nobody read it yet.
    let consulter = format!("/api/v1/messages/{id}/consulter");
    let sent = ctx.ok(&supplier(), Method::POST, &consulter, json!({})).await;
    assert_eq!(sent["destinataires"][0]["idStructure"], ctx.ministere);
    assert_eq!(sent["destinataires"][0]["lu"], false);

    let read = ctx.ok(&recipient(), Method::POST, &consulter, json!({})).await;
    assert_eq!(read["objet"], "Second");
    assert_eq!(read["corps"], "Bonjour,\nvoici une information.");
    assert!(read["dateLecture"].is_string());
    let inbox = ctx.recus(&recipient(), json!({})).await;
    assert_eq!(inbox["nonLus"], 2);
    assert_eq!(inbox["listeMessages"][0]["lu"], true);
    let sent = ctx.ok(&supplier(), Method::POST, &consulter, json!({})).await;
    assert_eq!(sent["destinataires"][0]["lu"], true);
    let outbox = ctx.ok(&supplier(), Method::POST, "/api/v1/messages/envoyes", json!({})).await;
    assert_eq!(outbox["listeMessages"][0]["nbLus"], 1);
    assert_eq!(outbox["parametresRetour"]["total"], 3, "two here and the demo's: {outbox}");

    // Archived: out of the inbox, still there when asked, and back.
    let archivage = format!("/api/v1/messages/{id}/archivage");
    ctx.ok(&recipient(), Method::PUT, &archivage, json!({"archive": true})).await;
    let inbox = ctx.recus(&recipient(), json!({})).await;
    assert_eq!(inbox["parametresRetour"]["total"], 2);
    assert!(inbox["listeMessages"].as_array().unwrap().iter().all(|m| m["idMessage"] != id));
    let all = ctx.recus(&recipient(), json!({"avecArchives": true})).await;
    assert_eq!(all["parametresRetour"]["total"], 3);
    assert_eq!(all["listeMessages"][0]["archive"], true);
    ctx.ok(&recipient(), Method::PUT, &archivage, json!({"archive": false})).await;
    assert_eq!(ctx.recus(&recipient(), json!({})).await["parametresRetour"]["total"], 3);

    // A person acts for a structure it belongs to, named in the body.
    let agent = person(demo::AGENT_MINISTERE);
    let inbox = ctx.recus(&agent, json!({"idStructure": ctx.ministere})).await;
    assert_eq!(inbox["nonLus"], 2);
    ctx.server.stop().await;
}

#[tokio::test]
async fn attached_files_go_to_the_recipients_only() {
    use base64::Engine as _;
    let ctx = Ctx::new().await;
    let fichier =
        ajouter(&ctx.server, &ctx.token, &supplier(), "tarifs.pdf", b"%PDF-1.4 tarifs").await;
    let mut body = message("Tarifs 2027", &[ctx.ministere]);
    body["piecesJointes"] = json!([fichier]);
    let (status, sent) = ctx.envoyer(&supplier(), body).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let id = sent["idMessage"].as_i64().unwrap();
    let path = format!("/api/v1/messages/{id}/pieces-jointes");

    for who in [recipient(), supplier()] {
        let file = ctx.ok(&who, Method::POST, &path, json!({})).await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(file["fichier"].as_str().unwrap())
            .unwrap();
        assert_eq!(bytes, b"%PDF-1.4 tarifs");
        assert!(file["nomFichier"].as_str().unwrap().ends_with("tarifs.pdf"), "{file}");
    }
    let (status, _) =
        ctx.as_(&recipient(), Method::POST, &path, json!({"idPieceJointe": fichier + 1})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let stranger = commune(&ctx.server).await;
    let (status, _) = ctx.as_(&stranger, Method::POST, &path, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    ctx.server.stop().await;
}

#[tokio::test]
async fn authorisation_matrix() {
    let ctx = Ctx::new().await;
    let gestionnaire = person(demo::GESTIONNAIRE_MINISTERE);
    let (_, answer) = ctx.envoyer(&supplier(), message("Confidentiel", &[ctx.ministere])).await;
    let message_id = answer["idMessage"].as_i64().unwrap();
    let liste = ctx
        .ok(
            &gestionnaire,
            Method::POST,
            "/api/v1/messages/listes/rechercher",
            json!({"idStructure": ctx.ministere}),
        )
        .await["listes"][0]["idListe"]
        .as_i64()
        .unwrap();
    let entree = ctx
        .ok(
            &gestionnaire,
            Method::POST,
            "/api/v1/messages/carnet/rechercher",
            json!({"idStructure": ctx.ministere}),
        )
        .await["entrees"][0]["idEntree"]
        .as_i64()
        .unwrap();

    // Strangers to the ministry: another public body, a private company, a person of the
    // supplier. Each call is answered as if the resource did not exist.
    let micro = ctx.tech(demo::SIRET_MICRO, "TECH_MICRO@demo.facteur").await;
    let strangers = [commune(&ctx.server).await, micro, person(demo::COMPTABLE_FOURNISSEUR)];
    let m = ctx.ministere;
    let calls: Vec<(Method, String, Value)> = vec![
        (Method::POST, RECUS.into(), json!({"idStructure": m})),
        (Method::POST, "/api/v1/messages/envoyes".into(), json!({"idStructure": m})),
        (
            Method::POST,
            format!("/api/v1/messages/{message_id}/consulter"),
            json!({"idStructure": m}),
        ),
        (
            Method::PUT,
            format!("/api/v1/messages/{message_id}/archivage"),
            json!({"idStructure": m}),
        ),
        (Method::POST, "/api/v1/messages/listes/rechercher".into(), json!({"idStructure": m})),
        (Method::GET, format!("/api/v1/messages/listes/{liste}"), json!({})),
        (Method::PUT, format!("/api/v1/messages/listes/{liste}"), json!({"nom": "Volée"})),
        (Method::DELETE, format!("/api/v1/messages/listes/{liste}"), json!({})),
        (
            Method::POST,
            "/api/v1/messages/listes".into(),
            json!({"idStructure": m, "nom": "Intrus"}),
        ),
        (Method::POST, "/api/v1/messages/carnet/rechercher".into(), json!({"idStructure": m})),
        (
            Method::POST,
            "/api/v1/messages/carnet".into(),
            json!({"idStructure": m, "idDestinataire": ctx.fournisseur}),
        ),
        (Method::DELETE, format!("/api/v1/messages/carnet/{entree}"), json!({})),
        (
            Method::POST,
            ENVOYER.into(),
            json!({"idStructure": m, "objet": "x", "corps": "x", "destinataires": [ctx.fournisseur]}),
        ),
        (Method::GET, format!("/api/v1/structures/{m}/messagerie"), json!({})),
        (Method::PUT, format!("/api/v1/structures/{m}/messagerie"), json!({"active": false})),
    ];
    for who in &strangers {
        for (method, path, body) in &calls {
            let (status, answer) = ctx.as_(who, method.clone(), path, body.clone()).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {answer}");
            assert_eq!(answer["codeRetour"], 404);
        }
    }
    // Nor for the strangers' own structures (neither sender nor recipient).
    for who in &strangers[..2] {
        let (status, answer) = ctx
            .as_(who, Method::POST, &format!("/api/v1/messages/{message_id}/consulter"), json!({}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    }
    // The supplier's accountant reads it as its structure's sent message, not as received.
    let sent = ctx
        .ok(
            &strangers[2],
            Method::POST,
            &format!("/api/v1/messages/{message_id}/consulter"),
            json!({}),
        )
        .await;
    assert!(sent["destinataires"].is_array() && sent["dateLecture"].is_null(), "{sent}");
    // The supplier's technical account: its own sent message, but not the ministry's lists.
    let (status, _) = ctx
        .as_(&supplier(), Method::GET, &format!("/api/v1/messages/listes/{liste}"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Nothing changed for the ministry.
    let read = ctx
        .ok(&gestionnaire, Method::GET, &format!("/api/v1/messages/listes/{liste}"), json!({}))
        .await;
    assert_eq!(read["nom"], "Partenaires du ministère");
    let inbox = ctx.recus(&recipient(), json!({})).await;
    assert_eq!(inbox["listeMessages"][0]["archive"], false);
    assert_eq!(inbox["nonLus"], 2);
    ctx.server.stop().await;
}
