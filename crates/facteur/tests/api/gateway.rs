//! The gateway: tokens, technical accounts, quotas, body checks and the envelope.

use std::time::Duration;

use facteur_app::admin::NewApplicationRequest;
use facteur_app::demo;
use facteur_app::gateway::quota_day;
use facteur_domain::Environnement;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::{Options, TestServer, account};

const DEVISES: &str = "/cpro/transverses/v1/recuperer/devises";
const HEALTH: &str = "/cpro/transverses/v1/health-check";

async fn register(server: &TestServer, client_id: &str, secret: &str, per_day: Option<u64>) {
    server
        .app()
        .register_application(&NewApplicationRequest {
            name: client_id,
            client_id: Some(client_id),
            secret: Some(secret),
            quota_per_second: None,
            quota_per_day: per_day,
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn token_then_health_check_then_reference_data() {
    let server = TestServer::start().await;
    let (status, body) = server
        .token_response("grant_type=client_credentials&client_id=demo-app&client_secret=demo-secret&scope=openid")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "openid");
    let token = body["access_token"].as_str().unwrap();

    let response = server.http.get(server.url(HEALTH)).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("x-request-id"));
    let health: serde_json::Value = response.json().await.unwrap();
    assert_eq!(health["statusCodeValue"], 200);
    assert_eq!(health["codeRetour"], 0);

    let (status, body) = server.call(token, DEVISES, json!({"codeLangue": "FR"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["libelle"], "TRA_MSG_00.000");
    let devises = body["listeDevises"].as_array().unwrap();
    assert!(devises.len() > 170);
    assert!(devises.contains(&json!({"codeDevise": "EUR", "libelleDevise": "Euro"})));
    server.stop().await;
}

#[tokio::test]
async fn the_token_endpoint_takes_what_real_clients_send() {
    let server = TestServer::start().await;
    // No scope (go-choruspro), another scope (Invoice Ninja).
    for form in [
        "grant_type=client_credentials&client_id=demo-app&client_secret=demo-secret",
        "grant_type=client_credentials&client_id=demo-app&client_secret=demo-secret&scope=openid%20profile",
    ] {
        let (status, body) = server.token_response(form).await;
        assert_eq!(status, StatusCode::OK, "{form}: {body}");
    }
    // A secret written into the body without URL-encoding (chorus-api's f-string).
    register(&server, "raw-app", "s3cr+t/with=signs", None).await;
    let (status, body) = server
        .token_response("grant_type=client_credentials&client_id=raw-app&client_secret=s3cr+t/with=signs&scope=openid")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // HTTP Basic client authentication.
    let response = server
        .http
        .post(server.url("/api/oauth/token"))
        .basic_auth("demo-app", Some("demo-secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    let (status, body) = server
        .token_response("grant_type=client_credentials&client_id=demo-app&client_secret=wrong")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");
    assert!(body["error_description"].as_str().is_some());
    let (status, body) = server.token_response("grant_type=password&client_id=demo-app").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "unsupported_grant_type");
    let (status, body) = server.token_response("grant_type=client_credentials").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_request");

    // Guessing is cut short: after ten failures, even the right secret waits.
    for _ in 0..9 {
        let (status, _) = server
            .token_response("grant_type=client_credentials&client_id=demo-app&client_secret=guess")
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, body) = server
        .token_response(
            "grant_type=client_credentials&client_id=demo-app&client_secret=demo-secret",
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body["error_description"].as_str().unwrap().contains("too many failed attempts"));
    server.stop().await;
}

#[tokio::test]
async fn bearer_tokens_missing_malformed_unknown_revoked_expired() {
    let server = TestServer::start().await;
    let devises = server.url(DEVISES);
    let libelle = |v: serde_json::Value| v["libelle"].as_str().unwrap().to_owned();

    let response = server.http.post(&devises).json(&json!({})).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["codeRetour"], 401);
    assert!(libelle(body).contains("Authorization header is missing"));

    let response =
        server.http.post(&devises).header("authorization", "Token abc").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(libelle(response.json().await.unwrap()).contains("malformed"));

    let (status, body) = server.call("not-a-token", DEVISES, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(libelle(body).contains("unknown"));

    let token = server.token().await;
    assert_eq!(server.call(&token, DEVISES, json!({})).await.0, StatusCode::OK);
    let revoked = server
        .http
        .post(server.url("/api/oauth/revoke"))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    let (status, body) = server.call(&token, DEVISES, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(libelle(body).contains("revoked"));
    server.stop().await;

    let server =
        TestServer::start_with(Options { token_ttl: Duration::from_secs(1), ..Default::default() })
            .await;
    let token = server.token().await;
    assert_eq!(server.call(&token, DEVISES, json!({})).await.0, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, body) = server.call(&token, DEVISES, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(libelle(body).contains("expired"));
    server.stop().await;
}

#[tokio::test]
async fn a_revoked_application_loses_its_tokens() {
    let server = TestServer::start().await;
    register(&server, "short-lived", "secret-1", None).await;
    let token = server.token_for("short-lived", "secret-1").await;
    assert_eq!(server.call(&token, DEVISES, json!({})).await.0, StatusCode::OK);
    server.app().revoke_application("short-lived").await.unwrap();
    assert_eq!(server.call(&token, DEVISES, json!({})).await.0, StatusCode::UNAUTHORIZED);
    let (status, _) = server
        .token_response(
            "grant_type=client_credentials&client_id=short-lived&client_secret=secret-1",
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    server.stop().await;
}

#[tokio::test]
async fn the_cpro_account_header_says_what_is_wrong() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let cases = [
        (None, "cpro-account header is missing"),
        (Some("%%%not base64".to_owned()), "malformed"),
        (
            Some(account("nobody@demo.facteur", "x")),
            "unknown technical account or a wrong password",
        ),
        (
            Some(account(demo::TECH_FOURNISSEUR, "wrong")),
            "unknown technical account or a wrong password",
        ),
    ];
    for (header, expected) in cases {
        let (status, body) = server.call_as(&token, header.as_deref(), DEVISES, json!({})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{header:?}");
        assert_eq!(body["codeRetour"], 401);
        assert!(body["libelle"].as_str().unwrap().contains(expected), "{header:?}: {body}");
    }
    let good = account(demo::TECH_DESTINATAIRE, demo::TECH_PASSWORD);
    assert_eq!(server.call_as(&token, Some(&good), DEVISES, json!({})).await.0, StatusCode::OK);

    // A new password replaces the old at once; a deactivated account is refused.
    server.app().set_account_password(demo::TECH_DESTINATAIRE, "new-password").await.unwrap();
    assert_eq!(
        server.call_as(&token, Some(&good), DEVISES, json!({})).await.0,
        StatusCode::UNAUTHORIZED
    );
    let renewed = account(demo::TECH_DESTINATAIRE, "new-password");
    assert_eq!(server.call_as(&token, Some(&renewed), DEVISES, json!({})).await.0, StatusCode::OK);
    server.app().deactivate_account(demo::TECH_DESTINATAIRE).await.unwrap();
    let (status, body) = server.call_as(&token, Some(&renewed), DEVISES, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["libelle"].as_str().unwrap().contains("deactivated"), "{body}");

    // Ten wrong passwords in a minute lock the account out, the right one included.
    let wrong = account(demo::TECH_FOURNISSEUR, "guess");
    for _ in 0..9 {
        assert_eq!(
            server.call_as(&token, Some(&wrong), DEVISES, json!({})).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let (status, body) = server.call(&token, DEVISES, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["libelle"].as_str().unwrap().contains("too many failed attempts"), "{body}");
    server.stop().await;
}

#[tokio::test]
async fn another_process_changing_a_password_is_seen_when_the_memory_grows_old() {
    let server = TestServer::start_with(Options {
        credential_cache_ttl: Duration::from_millis(1),
        ..Default::default()
    })
    .await;
    let token = server.token().await;
    for _ in 0..3 {
        assert_eq!(server.call(&token, DEVISES, json!({})).await.0, StatusCode::OK);
    }
    // What `facteur account set-password` does from another process: the database only.
    server.app().store().set_password(demo::TECH_FOURNISSEUR, "not-a-hash", None).await.unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    let (status, body) = server.call(&token, DEVISES, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    server.stop().await;
}

#[tokio::test]
async fn the_21st_call_in_a_second_is_refused_for_that_application_only() {
    let server = TestServer::start().await;
    register(&server, "other-app", "other-secret", None).await;
    let token = server.token().await;
    let other = server.token_for("other-app", "other-secret").await;
    // Warm the credential cache, then let the bucket refill.
    assert_eq!(server.call(&token, DEVISES, json!({})).await.0, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1100)).await;

    let burst = std::time::Instant::now();
    let calls: Vec<_> = (0..30)
        .map(|_| {
            let request = server
                .http
                .post(server.url("/cpro/transverses/v1/recuperer/pays"))
                .bearer_auth(&token)
                .header("cpro-account", account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD))
                .json(&json!({}));
            tokio::spawn(async move { request.send().await.unwrap() })
        })
        .collect();
    let mut responses = Vec::new();
    for call in calls {
        responses.push(call.await.unwrap());
    }
    let took = burst.elapsed();
    let ok = responses.iter().filter(|r| r.status() == StatusCode::OK).count();
    let refused: Vec<_> =
        responses.iter().filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS).collect();
    // 20 at once, and one more for each 50 ms the burst took to arrive (a loaded machine
    // spreads it out).
    let refilled = usize::try_from(took.as_millis() / 50).unwrap_or(usize::MAX);
    assert!((20..=21 + refilled).contains(&ok), "{ok} calls let through in {took:?}");
    assert_eq!(ok + refused.len(), 30);
    assert!(refused.iter().all(|r| r.headers().get("retry-after").is_some()));
    let body: serde_json::Value = responses
        .into_iter()
        .find(|r| r.status() == StatusCode::TOO_MANY_REQUESTS)
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["codeRetour"], 429);
    assert!(body["libelle"].as_str().unwrap().contains("20 calls per second"), "{body}");

    let (status, _) = server.call(&other, DEVISES, json!({})).await;
    assert_eq!(status, StatusCode::OK, "another application keeps its own quota");
    server.stop().await;
}

#[tokio::test]
async fn a_daily_cap_holds_across_a_restart() {
    let mut server = TestServer::start().await;
    register(&server, "capped-app", "capped-secret", Some(3)).await;
    let token = server.token_for("capped-app", "capped-secret").await;
    for _ in 0..2 {
        assert_eq!(server.call(&token, DEVISES, json!({})).await.0, StatusCode::OK);
    }
    server.restart().await;
    assert_eq!(server.call(&token, DEVISES, json!({})).await.0, StatusCode::OK);
    let (status, body) = server.call(&token, DEVISES, json!({})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body["libelle"].as_str().unwrap().contains("3 calls per day"), "{body}");
    server.restart().await;
    let response = server
        .http
        .post(server.url(DEVISES))
        .bearer_auth(&token)
        .header("cpro-account", account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=25 * 3600).contains(&retry), "retry after {retry} s: the next midnight in Paris");

    // The application reads its own use, and the demo application is unaffected.
    let demo = server.token().await;
    let today = quota_day(chrono::Utc::now());
    let (status, body) = server
        .call_as(
            &token,
            None,
            "/api/v1/gateway/consommation",
            json!({"dateDebut": today.to_string()}),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let (status, body) = server
        .call_as(
            &demo,
            None,
            "/api/v1/gateway/consommation",
            json!({"dateDebut": today.to_string()}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["quotaParJour"], 50_000);
    assert_eq!(body["environnement"], "qualification");
    assert_eq!(body["listeJours"][0]["appels"], 1);
    server.stop().await;
}

#[tokio::test]
async fn production_has_the_production_quota_and_no_demo_data() {
    let server = TestServer::start_with(Options {
        environment: Environnement::Production,
        ..Default::default()
    })
    .await;
    assert!(matches!(server.app().seed_demo().await, Err(facteur_app::AppError::Forbidden(_))));
    register(&server, "prod-app", "prod-secret", None).await;
    let token = server.token_for("prod-app", "prod-secret").await;
    let today = quota_day(chrono::Utc::now()).to_string();
    let (status, body) = server
        .call_as(&token, None, "/api/v1/gateway/consommation", json!({"dateDebut": today}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["quotaParJour"], 1_000_000);
    server.stop().await;
}

#[tokio::test]
async fn one_answer_lists_every_schema_error() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let (status, body) = server
        .call_as(
            &token,
            None,
            "/api/v1/gateway/consommation",
            json!({"dateFin": "20-10-02", "triSens": "Croissant", "legacyKey": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["codeRetour"], 400);
    let libelle = body["libelle"].as_str().unwrap();
    for expected in [
        "#/dateDebut: [] is missing. Expected [YYYY-MM-DD]",
        "#/dateFin: [20-10-02] is not a valid date. Expected [YYYY-MM-DD]",
        "#/triSens: [Croissant] is not an allowed value. Expected [Ascendant, Descendant]",
    ] {
        assert!(libelle.contains(expected), "{expected} not in {libelle}");
    }
    let (_, body) = server
        .call_as(&token, None, "/api/v1/gateway/consommation", json!({"dateDebut": 20240101}))
        .await;
    assert_eq!(body["libelle"], "#/dateDebut: [20240101] has the wrong type. Expected [string]");
    let (status, body) = server
        .call(
            &token,
            "/cpro/transverses/v1/recuperer/etats/traitement",
            json!({"statutCourant": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["libelle"], "#/statutCourant: [5] has the wrong type. Expected [string]");
    server.stop().await;
}

#[tokio::test]
async fn bad_bodies_get_the_envelope_with_their_status() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let header = account(demo::TECH_FOURNISSEUR, demo::TECH_PASSWORD);
    let send = |content_type: &'static str, body: Vec<u8>| {
        server
            .http
            .post(server.url(DEVISES))
            .bearer_auth(&token)
            .header("cpro-account", &header)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let cases = [
        (
            send("application/json", b"{\"codeLangue\": ".to_vec()).await.unwrap(),
            StatusCode::BAD_REQUEST,
            "not valid JSON",
        ),
        (
            send("text/xml", b"<a/>".to_vec()).await.unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Expected [application/json]",
        ),
        (
            send("application/json", vec![b' '; 2 << 20]).await.unwrap(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "larger than",
        ),
    ];
    for (response, status, words) in cases {
        assert_eq!(response.status(), status);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["codeRetour"], status.as_u16());
        assert!(body["libelle"].as_str().unwrap().contains(words), "{body}");
    }
    // What clients send for "no parameters": nothing, null, {} in any letter case of JSON.
    for (content_type, body) in
        [("APPLICATION/JSON; charset=UTF-8", ""), ("application/json", "null")]
    {
        let response = send(content_type, body.as_bytes().to_vec()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{content_type} {body:?}");
    }
    let response = server
        .http
        .post(server.url("/cpro/nowhere/v1/x"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["codeRetour"], 404);
    server.stop().await;
}

#[tokio::test]
async fn probes_and_metrics_on_their_own_port() {
    let server = TestServer::start_with(Options { metrics: true, ..Default::default() }).await;
    let ok = |path: &'static str| {
        let url = server.url(path);
        let http = server.http.clone();
        async move { http.get(url).send().await.unwrap() }
    };
    assert_eq!(ok("/healthz").await.status(), StatusCode::OK);
    assert_eq!(ok("/readyz").await.status(), StatusCode::OK);
    let token = server.token().await;
    assert_eq!(server.call(&token, DEVISES, json!({})).await.0, StatusCode::OK);
    assert_eq!(ok("/metrics").await.status(), StatusCode::NOT_FOUND, "never on the public port");
    let metrics_addr = server.server.as_ref().unwrap().metrics_addr.unwrap();
    let text = server
        .http
        .get(format!("http://{metrics_addr}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("facteur_http_requests_total{operation=\"/cpro/transverses/v1/recuperer/devises\",status=\"200\"}"), "{text}");
    assert!(text.contains("facteur_http_request_duration_seconds_bucket"));
    server.stop().await;
}
