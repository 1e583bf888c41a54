//! The portal over real HTTP, as a browser without scripts uses it: cookies kept by hand,
//! forms posted with the CSRF value their page carried.

use std::collections::HashMap;

use facteur_app::demo::{
    ADJOINT_MINISTERE, CANDIDAT_HOPITAL, DIRIGEANT_FOURNISSEUR, GESTIONNAIRE_MINISTERE,
    SIRET_DESTINATAIRE, TECH_FOURNISSEUR, TECH_PASSWORD as PASSWORD,
};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};

use crate::harness::TestServer;

/// A browser: its cookies, and the CSRF value of the last page it read.
struct Navigateur {
    http: reqwest::Client,
    base: String,
    cookies: HashMap<String, String>,
    csrf: String,
}

struct Reponse {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reponse {
    fn location(&self) -> &str {
        self.headers.get(LOCATION).and_then(|l| l.to_str().ok()).unwrap_or("")
    }
}

/// The value of the first hidden `_csrf` field of a page.
fn csrf_of(html: &str) -> Option<String> {
    let start = html.find(r#"name="_csrf" value=""#)? + r#"name="_csrf" value=""#.len();
    Some(html[start..].split('"').next()?.to_owned())
}

impl Navigateur {
    fn new(server: &TestServer) -> Self {
        let http =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Self { http, base: server.base.clone(), cookies: HashMap::new(), csrf: String::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn finish(&mut self, response: reqwest::Response) -> Reponse {
        let status = response.status();
        let headers = response.headers().clone();
        for cookie in headers.get_all(SET_COOKIE) {
            let text = cookie.to_str().unwrap();
            let (pair, attributes) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let body = response.text().await.unwrap();
        if let Some(csrf) = csrf_of(&body) {
            self.csrf = csrf;
        }
        Reponse { status, headers, body }
    }

    async fn get(&mut self, path: &str) -> Reponse {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.finish(response).await
    }

    /// Posts a form with the CSRF value of the last page read.
    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Reponse {
        let csrf = self.csrf.clone();
        let mut fields = vec![("_csrf", csrf.as_str())];
        fields.extend_from_slice(form);
        self.post_raw(path, &fields, &[]).await
    }

    async fn post_raw(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reponse {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .form(form);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let response = request.send().await.unwrap();
        self.finish(response).await
    }

    /// Posts a multipart form: the CSRF value first, then the fields, then one file.
    async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        fichier: (&str, &[u8]),
    ) -> Reponse {
        let boundary = "facteur-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        let csrf = self.csrf.clone();
        for (name, value) in std::iter::once(("_csrf", csrf.as_str())).chain(fields.iter().copied())
        {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        let (nom, contenu) = fichier;
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"{nom}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(contenu);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body)
            .send()
            .await
            .unwrap();
        self.finish(response).await
    }

    async fn se_connecter(&mut self, email: &str) {
        self.get("/connexion").await;
        let r = self.post("/connexion", &[("email", email), ("mot_de_passe", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(self.cookies.contains_key("facteur_session"));
        // The next form's value comes from the session now.
        self.get("/").await;
    }
}

/// The id in a `/factures/{id}…` location.
fn facture_id(location: &str) -> i64 {
    location.trim_start_matches("/factures/").split(['?', '/']).next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_person_signs_in_switches_language_and_signs_out() {
    let server = TestServer::start().await;
    let mut b = Navigateur::new(&server);

    let r = b.get("/").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/connexion"));
    let r = b.get("/factures/recues?page=2").await;
    assert_eq!(r.location(), "/connexion?suite=/factures/recues%3Fpage%3D2");

    let r = b.get("/connexion").await;
    assert!(r.body.contains("<html lang=\"fr\">"));
    assert!(b.cookies.contains_key("facteur_csrf"), "the sign-in form needs its CSRF cookie");
    let wrong = b
        .post(
            "/connexion",
            &[("email", DIRIGEANT_FOURNISSEUR), ("mot_de_passe", "not-the-password")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Adresse inconnue ou mot de passe erroné"), "{}", wrong.body);
    assert!(!b.cookies.contains_key("facteur_session"));

    let ok = b
        .post(
            "/connexion",
            &[
                ("email", DIRIGEANT_FOURNISSEUR),
                ("mot_de_passe", PASSWORD),
                ("suite", "/factures/emises"),
            ],
        )
        .await;
    assert_eq!((ok.status, ok.location()), (StatusCode::SEE_OTHER, "/factures/emises"));
    let set_cookie = ok.headers.get(SET_COOKIE).unwrap().to_str().unwrap();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");

    let home = b.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Fournitures Démo SAS"), "{}", home.body);
    assert!(home.body.contains("Factures émises"));

    let switch = b.get("/langue/en?retour=/").await;
    assert_eq!(switch.location(), "/");
    let home = b.get("/").await;
    assert!(home.body.contains("<html lang=\"en\">") && home.body.contains("Issued invoices"));
    // Never sent elsewhere.
    assert_eq!(b.get("/langue/fr?retour=//evil.example").await.location(), "/");

    let out = b.post("/deconnexion", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(!b.cookies.contains_key("facteur_session"));
    assert_eq!(b.get("/").await.location(), "/connexion");

    // A technical account belongs to the API.
    b.get("/connexion").await;
    let tech =
        b.post("/connexion", &[("email", TECH_FOURNISSEUR), ("mot_de_passe", PASSWORD)]).await;
    assert_eq!(tech.status, StatusCode::UNAUTHORIZED);
    assert!(tech.body.contains("compte technique"), "{}", tech.body);
}

#[tokio::test]
async fn an_address_is_locked_after_five_failures() {
    let server = TestServer::start().await;
    let mut b = Navigateur::new(&server);
    b.get("/connexion").await;
    for _ in 0..5 {
        let r = b
            .post("/connexion", &[("email", ADJOINT_MINISTERE), ("mot_de_passe", "wrong-password")])
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // The right password no longer opens it, for a while.
    let r = b.post("/connexion", &[("email", ADJOINT_MINISTERE), ("mot_de_passe", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("réessayez dans 15 minute(s)"), "{}", r.body);
    // Another address is not affected.
    let r = b
        .post("/connexion", &[("email", GESTIONNAIRE_MINISTERE), ("mot_de_passe", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

/// Types an invoice to the ministry's DAF-01 service as the supplier's manager; its id.
async fn saisir(b: &mut Navigateur, numero: &str, designation: &str) -> i64 {
    let form = b.get("/factures/saisie").await;
    assert_eq!(form.status, StatusCode::OK);
    let fournisseur = form
        .body
        .split(r#"<option value=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let fields = [
        ("fournisseur", fournisseur.as_str()),
        ("siret", SIRET_DESTINATAIRE),
        ("code_service", "DAF-01"),
        ("numero", numero),
        ("date", "2026-12-01"),
        ("designation", designation),
        ("quantite", "3"),
        ("prix", "4,99"),
        ("taux", "20"),
        ("designation", "Stylos"),
        ("quantite", "10"),
        ("prix", "1.5"),
        ("taux", "5,5"),
        ("designation", ""),
        ("quantite", ""),
        ("prix", ""),
        ("taux", "20"),
    ];
    let totals = b.post("/factures/saisie/totaux", &fields).await;
    assert_eq!(totals.status, StatusCode::OK);
    assert!(!totals.body.contains("<html"), "a fragment, not a page");
    // 14.97 + 2.99 VAT; 15.00 + 0.83 VAT.
    assert!(totals.body.contains("33,79"), "{}", totals.body);
    let deposit = b.post("/factures/saisie", &fields).await;
    assert_eq!(deposit.status, StatusCode::SEE_OTHER, "{}", deposit.body);
    facture_id(deposit.location())
}

#[tokio::test]
async fn a_typed_invoice_reaches_its_recipient_who_processes_it() {
    let server = TestServer::start().await;
    let mut fournisseur = Navigateur::new(&server);
    fournisseur.se_connecter(DIRIGEANT_FOURNISSEUR).await;

    let stats_before = fournisseur.get("/statistiques").await.body;

    // Refused input comes back on the form, every reason named, nothing recorded.
    let refused = fournisseur
        .post(
            "/factures/saisie",
            &[
                ("fournisseur", "x"),
                ("siret", SIRET_DESTINATAIRE),
                ("numero", ""),
                ("date", "hier"),
                ("designation", "A"),
                ("quantite", "trois"),
                ("prix", "1"),
                ("taux", "20"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("[trois]") && refused.body.contains("[hier]"),
        "{}",
        refused.body
    );

    let id = saisir(&mut fournisseur, "PORTAIL-001", "<script>alert(1)</script> Ramettes").await;
    let page = fournisseur.get(&format!("/factures/{id}?fait=1")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Mise à disposition"), "{}", page.body);
    // Every output escaped.
    assert!(
        page.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || page.body.contains("&lt;script&gt;"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script>alert(1)"));
    // The supplier does not process its own invoice.
    assert!(!page.body.contains("/traiter"));

    // The ministry's manager finds it among received invoices, filtered by status.
    let mut destinataire = Navigateur::new(&server);
    destinataire.se_connecter(GESTIONNAIRE_MINISTERE).await;
    let list =
        destinataire.get("/factures/recues?statut=MISE_A_DISPOSITION&tri=numero&ordre=asc").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("PORTAIL-001") && list.body.contains("Fournitures Démo SAS"),
        "{}",
        list.body
    );
    let filtered = destinataire.get("/factures/recues?numero=PORTAIL-001").await;
    assert!(filtered.body.contains("1 résultat(s)"), "{}", filtered.body);

    let detail = destinataire.get(&format!("/factures/{id}")).await;
    assert!(detail.body.contains(&format!("/factures/{id}/traiter")));
    // Suspending needs a reason: refused without, on the recipient's side.
    let r = destinataire.post(&format!("/factures/{id}/traiter"), &[("statut", "SUSPENDUE")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = destinataire
        .post(
            &format!("/factures/{id}/traiter"),
            &[("statut", "SUSPENDUE"), ("motif", "Bon de livraison manquant")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The supplier sees the new status and its reason in the history.
    let page = fournisseur.get(&format!("/factures/{id}")).await;
    assert!(page.body.contains(r#"<dd id="statut">Suspendue</dd>"#), "{}", page.body);
    assert!(page.body.contains("Bon de livraison manquant"));

    // The PDF downloads.
    let pdf = fournisseur.get(&format!("/factures/{id}/pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers["content-type"], "application/pdf");

    // The statistics count it: this year's portal-typed invoices went up by one.
    let stats_after = fournisseur.get("/statistiques").await.body;
    let typed = |html: &str| -> i64 {
        let row = html.split("<th scope=\"row\">Saisie sur le portail</th>").nth(1).unwrap_or("");
        row.split("<td class=\"nombre\">")
            .nth(1)
            .and_then(|v| v.split('<').next())
            .map_or(0, |v| v.replace('\u{202f}', "").parse().unwrap())
    };
    assert_eq!(typed(&stats_after), typed(&stats_before) + 1, "{stats_after}");
    crate::harness::assert_monthly_counters_agree(&server).await;
}

#[tokio::test]
async fn forms_from_elsewhere_are_refused_and_strangers_see_nothing() {
    let server = TestServer::start().await;
    let mut fournisseur = Navigateur::new(&server);
    fournisseur.se_connecter(DIRIGEANT_FOURNISSEUR).await;
    let id = saisir(&mut fournisseur, "PORTAIL-CSRF", "Ramettes").await;

    let mut destinataire = Navigateur::new(&server);
    destinataire.se_connecter(GESTIONNAIRE_MINISTERE).await;
    let path = format!("/factures/{id}/traiter");
    let fields = [("statut", "REJETEE"), ("motif", "forged")];
    // No CSRF value: the session cookie alone does not act.
    let r = destinataire.post_raw(&path, &fields, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A wrong one.
    let r = destinataire
        .post_raw(
            &path,
            &[("_csrf", "forged-value-forged-value-forged-value"), ("statut", "REJETEE")],
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The right one, from another site's page.
    let csrf = destinataire.csrf.clone();
    let r = destinataire
        .post_raw(
            &path,
            &[("_csrf", csrf.as_str()), ("statut", "REJETEE"), ("motif", "x")],
            &[("origin", "http://evil.example")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let page = destinataire.get(&format!("/factures/{id}")).await;
    assert!(page.body.contains(r#"<dd id="statut">Mise à disposition</dd>"#), "nothing changed");

    // Someone of another structure sees nothing of it.
    let mut etranger = Navigateur::new(&server);
    etranger.se_connecter(CANDIDAT_HOPITAL).await;
    assert_eq!(etranger.get(&format!("/factures/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(etranger.get(&format!("/factures/{id}/pdf")).await.status, StatusCode::NOT_FOUND);
    let r = etranger.post(&path, &[("statut", "REJETEE"), ("motif", "x")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let dest_id = format!("/factures/recues?structure={}", 1);
    assert_eq!(etranger.get(&dest_id).await.status, StatusCode::NOT_FOUND);

    // Every page goes with its security headers.
    let r = fournisseur.get("/").await;
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert_eq!(r.headers["cache-control"], "no-store");
    // No HSTS on plain HTTP.
    assert!(r.headers.get("strict-transport-security").is_none());
}

#[tokio::test]
async fn an_account_is_opened_by_its_link_and_a_password_reset_once() {
    let server = TestServer::start().await;
    let mut b = Navigateur::new(&server);
    b.get("/compte/creer").await;
    let short = b
        .post(
            "/compte/creer",
            &[
                ("email", "nouvelle@exemple.fr"),
                ("nom", "Nouvelle"),
                ("prenom", "Lou"),
                ("mot_de_passe", "court"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(short.body.contains("at least 12 characters"));
    let created = b
        .post(
            "/compte/creer",
            &[
                ("email", "Nouvelle@Exemple.fr"),
                ("nom", "Nouvelle"),
                ("prenom", "Lou"),
                ("mot_de_passe", "un mot de passe long"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);

    // Closed until the link is followed.
    b.get("/connexion").await;
    let r = b
        .post(
            "/connexion",
            &[("email", "nouvelle@exemple.fr"), ("mot_de_passe", "un mot de passe long")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let mail = server.app().derniers_courriels().pop().unwrap();
    assert_eq!(mail.destinataire, "nouvelle@exemple.fr");
    let link = mail.lien.trim_start_matches("http://facteur.test").to_owned();
    assert!(link.starts_with("/compte/activer?jeton="), "{link}");
    assert_eq!(b.get(&link).await.status, StatusCode::OK);
    assert_eq!(b.get(&link).await.status, StatusCode::NOT_FOUND, "a link works once");
    b.get("/connexion").await;
    let r = b
        .post(
            "/connexion",
            &[("email", "nouvelle@exemple.fr"), ("mot_de_passe", "un mot de passe long")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let home = b.get("/").await;
    assert!(home.body.contains("aucune structure"), "{}", home.body);

    // Forgotten password: the same answer for an unknown address, a link for a known one.
    let mut other = Navigateur::new(&server);
    other.get("/compte/mot-de-passe-oublie").await;
    let before = server.app().derniers_courriels().len();
    let unknown =
        other.post("/compte/mot-de-passe-oublie", &[("email", "personne@exemple.fr")]).await;
    let known =
        other.post("/compte/mot-de-passe-oublie", &[("email", "nouvelle@exemple.fr")]).await;
    assert_eq!(unknown.status, known.status);
    assert!(unknown.body.contains("Si cette adresse correspond"));
    let mails = server.app().derniers_courriels();
    assert_eq!(mails.len(), before + 1);
    let link = mails[before].lien.trim_start_matches("http://facteur.test").to_owned();
    let form = other.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    let jeton = link.split("jeton=").nth(1).unwrap().to_owned();
    let done = other
        .post(
            "/compte/reinitialiser",
            &[("jeton", &jeton), ("mot_de_passe", "un tout nouveau mot de passe")],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    // The session opened with the old password is over.
    assert_eq!(b.get("/").await.location(), "/connexion");
    let again = other
        .post(
            "/compte/reinitialiser",
            &[("jeton", &jeton), ("mot_de_passe", "encore un autre mot de passe")],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    other.get("/connexion").await;
    let r = other
        .post(
            "/connexion",
            &[("email", "nouvelle@exemple.fr"), ("mot_de_passe", "un tout nouveau mot de passe")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

/// The state a flux's report page shows, once processed.
async fn etat_final(b: &mut Navigateur, location: &str) -> String {
    for _ in 0..100 {
        let page = b.get(location).await;
        assert_eq!(page.status, StatusCode::OK);
        let etat = page
            .body
            .split(r#"<dd id="etat" role="status">"#)
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned();
        if etat != "IN_RECU" && etat != "IN_EN_COURS_TRAITEMENT_CPP" {
            return page.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("flux {location} not processed");
}

/// This year's invoices of a deposit channel, as the statistics page's table shows them.
async fn statistique_canal(b: &mut Navigateur, canal: &str) -> i64 {
    let html = b.get("/statistiques").await.body;
    let row = format!("<th scope=\"row\">{canal}</th>");
    html.split(&row)
        .nth(1)
        .and_then(|r| r.split("<td class=\"nombre\">").nth(1))
        .and_then(|v| v.split('<').next())
        .map_or(0, |v| v.replace('\u{202f}', "").parse().unwrap())
}

#[tokio::test]
async fn files_are_uploaded_and_their_reports_show_every_error() {
    let server = TestServer::start().await;
    let mut b = Navigateur::new(&server);
    b.se_connecter(DIRIGEANT_FOURNISSEUR).await;
    let page = b.get("/factures/depot").await;
    assert!(page.body.contains("UBL 2.1, CII D16B, Factur-X"), "the page says what it accepts");
    let structure = page
        .body
        .split(r#"<select id="structure" name="structure">"#)
        .nth(1)
        .unwrap()
        .split(r#"<option value=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();

    let fields = [("structure", structure.as_str()), ("syntaxe", "auto")];
    let ok = b
        .post_multipart(
            "/factures/depot/flux",
            &fields,
            ("f.xml", crate::flux::ubl("PORTAIL-FLUX-1").as_bytes()),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let location = ok.location().to_owned();
    assert!(location.starts_with("/flux/CPP"), "{location}");
    let report = etat_final(&mut b, &location).await;
    assert!(report.contains(">IN_INTEGRE<"), "{report}");
    assert!(b.get("/factures/emises?numero=PORTAIL-FLUX-1").await.body.contains("1 résultat(s)"));

    // An invoice whose total is wrong: rejected, with the rule that says why.
    let wrong = crate::flux::ubl_avec("PORTAIL-FLUX-2", facteur_app::demo::SIRET_FOURNISSEUR, 2, 1);
    let r = b.post_multipart("/factures/depot/flux", &fields, ("faux.xml", wrong.as_bytes())).await;
    let report = etat_final(&mut b, r.location()).await;
    assert!(report.contains(">IN_REJETE<"), "{report}");
    assert!(report.contains("BR-CO-"), "the failed rule is named: {report}");
    let list = b.get("/flux").await;
    assert!(list.body.contains("faux.xml") && list.body.contains("f.xml"));

    // Not a known syntax, and left to the portal to recognise: said so.
    let r = b.post_multipart("/factures/depot/flux", &fields, ("notes.txt", b"hello")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("cannot be told from its content"), "{}", r.body);

    // An upload without the page's CSRF value is not read.
    b.csrf = "forged-forged-forged-forged-forged-forged".into();
    let r = b.post_multipart("/factures/depot/flux", &fields, ("f.xml", b"<Invoice/>")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    b.get("/factures/depot").await;

    // A PDF deposit: the file, then its data typed beside it.
    let before = statistique_canal(&mut b, "PDF déposé sur le portail").await;
    b.get("/factures/depot").await;
    let pdf = crate::flux::pdf_avec(None);
    let r = b.post_multipart("/factures/depot/pdf", &[], ("facture-0042.pdf", &pdf)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let saisie = b.get(r.location()).await;
    let pdf_id = saisie
        .body
        .split(r#"name="pdf" value=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert!(saisie.body.contains("facture-0042.pdf"));
    let r = b
        .post(
            "/factures/saisie",
            &[
                ("fournisseur", structure.as_str()),
                ("siret", SIRET_DESTINATAIRE),
                ("code_service", "DAF-01"),
                ("numero", "PORTAIL-PDF-1"),
                ("date", "2026-12-02"),
                ("pdf", &pdf_id),
                ("designation", "Audit"),
                ("quantite", "1"),
                ("prix", "1000"),
                ("taux", "20"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let detail = b.get(r.location()).await;
    assert!(detail.body.contains("facture-0042.pdf"), "the PDF is the invoice: {}", detail.body);
    assert_eq!(statistique_canal(&mut b, "PDF déposé sur le portail").await, before + 1);
}

#[tokio::test]
async fn a_suspended_invoice_is_completed_by_its_supplier() {
    let server = TestServer::start().await;
    let mut fournisseur = Navigateur::new(&server);
    fournisseur.se_connecter(DIRIGEANT_FOURNISSEUR).await;
    let id = saisir(&mut fournisseur, "PORTAIL-SUSP", "Ramettes").await;
    let mut destinataire = Navigateur::new(&server);
    destinataire.se_connecter(GESTIONNAIRE_MINISTERE).await;
    destinataire.get(&format!("/factures/{id}")).await;
    let r = destinataire
        .post(
            &format!("/factures/{id}/traiter"),
            &[("statut", "SUSPENDUE"), ("motif", "Il manque le bon de livraison")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = fournisseur.get(&format!("/factures/{id}")).await;
    assert!(page.body.contains(&format!("/factures/{id}/completer")), "{}", page.body);
    let r = fournisseur
        .post(
            &format!("/factures/{id}/completer"),
            &[("commentaire", "Bon de livraison joint par courrier")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = fournisseur.get(&format!("/factures/{id}")).await;
    assert!(page.body.contains(r#"<dd id="statut">Complétée</dd>"#), "{}", page.body);
    assert!(page.body.contains("Bon de livraison joint par courrier"));
}

#[tokio::test]
async fn managers_decide_who_joins_their_structure() {
    let server = TestServer::start().await;
    let mut demandeur = Navigateur::new(&server);
    demandeur.se_connecter(facteur_app::demo::COMPTABLE_FOURNISSEUR).await;
    demandeur.get("/compte/rattachement").await;
    let r = demandeur
        .post("/compte/rattachement", &[("siret", "12345678901234"), ("commentaire", "")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "not a SIRET: {}", r.body);
    let r = demandeur
        .post(
            "/compte/rattachement",
            &[("siret", SIRET_DESTINATAIRE), ("commentaire", "Comptable <détachée>")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Ministère de la Démonstration"));

    let mut gestionnaire = Navigateur::new(&server);
    gestionnaire.se_connecter(GESTIONNAIRE_MINISTERE).await;
    let home = gestionnaire.get("/").await.body;
    let gestion =
        home.split(r#"href="/gestion/"#).nth(1).unwrap().split('"').next().unwrap().to_owned();
    let page = gestionnaire.get(&format!("/gestion/{gestion}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Demandes de rattachement (1)"), "{}", page.body);
    assert!(
        page.body.contains("Comptable &#60;détachée&#62;")
            || page.body.contains("Comptable &lt;détachée&gt;")
    );
    assert!(page.body.contains("DAF-01"), "the services are listed");
    let id = page
        .body
        .split(r#"action="/gestion/rattachements/"#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();

    // Its own figures: received invoices per status, read from the counters.
    let stats = gestionnaire.get(&format!("/statistiques/structure/{gestion}")).await;
    assert_eq!(stats.status, StatusCode::OK);
    assert!(stats.body.contains(r#"<th scope="row">Mise à disposition</th>"#), "{}", stats.body);

    // A simple user of the structure manages nothing.
    let mut agent = Navigateur::new(&server);
    agent.se_connecter(facteur_app::demo::AGENT_MINISTERE).await;
    assert_eq!(agent.get(&format!("/gestion/{gestion}")).await.status, StatusCode::FORBIDDEN);
    let stats = agent.get(&format!("/statistiques/structure/{gestion}")).await;
    assert_eq!(stats.status, StatusCode::FORBIDDEN);
    let r = agent
        .post(
            &format!("/gestion/rattachements/{id}"),
            &[("statut", "VALIDEE"), ("structure", gestion.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let r = gestionnaire
        .post(
            &format!("/gestion/rattachements/{id}"),
            &[("statut", "VALIDEE"), ("structure", gestion.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        gestionnaire
            .get(&format!("/gestion/{gestion}"))
            .await
            .body
            .contains("Demandes de rattachement (0)")
    );
    let home = demandeur.get("/").await.body;
    assert!(
        home.contains("Ministère de la Démonstration") && home.contains("Factures reçues"),
        "{home}"
    );

    // A service opened, and the newcomer made a secondary manager.
    gestionnaire.get(&format!("/gestion/{gestion}")).await;
    let r = gestionnaire
        .post(
            &format!("/gestion/{gestion}/services"),
            &[("code", "PORTAIL-SVC"), ("libelle", "Service ouvert au portail")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = gestionnaire.get(&format!("/gestion/{gestion}")).await;
    assert!(page.body.contains("PORTAIL-SVC"));
    let r = gestionnaire
        .post(
            &format!("/gestion/rattachements/{id}/role"),
            &[("role", "GESTIONNAIRE_SECONDAIRE"), ("structure", gestion.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = demandeur.get("/").await.body;
    assert!(home.contains(&format!(r#"href="/gestion/{gestion}""#)), "{home}");

    // A user created by the manager signs in and finds the structure.
    gestionnaire.get(&format!("/gestion/{gestion}")).await;
    let r = gestionnaire
        .post(
            &format!("/gestion/{gestion}/utilisateurs"),
            &[
                ("email", "recrue@ministere.demo.facteur"),
                ("prenom", "Léa"),
                ("nom", "Recrue"),
                ("mot_de_passe", "un mot de passe provisoire"),
                ("role", "UTILISATEUR"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut recrue = Navigateur::new(&server);
    recrue.get("/connexion").await;
    let r = recrue
        .post(
            "/connexion",
            &[
                ("email", "recrue@ministere.demo.facteur"),
                ("mot_de_passe", "un mot de passe provisoire"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(recrue.get("/").await.body.contains("Ministère de la Démonstration"));

    // The technical account's password, renewed by the principal manager only, shown once.
    let page = gestionnaire.get(&format!("/gestion/{gestion}")).await;
    assert!(page.body.contains(facteur_app::demo::TECH_DESTINATAIRE), "{}", page.body);
    let mut adjoint = Navigateur::new(&server);
    adjoint.se_connecter(ADJOINT_MINISTERE).await;
    adjoint.get(&format!("/gestion/{gestion}")).await;
    let r = adjoint.post(&format!("/gestion/{gestion}/technique"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = gestionnaire.post(&format!("/gestion/{gestion}/technique"), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers["cache-control"], "no-store");
    let secret = r
        .body
        .split(r#"<code id="mot-de-passe-technique">"#)
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let token = server.token().await;
    let devises = |password: String| {
        let account = crate::harness::account(facteur_app::demo::TECH_DESTINATAIRE, &password);
        let (server, token) = (&server, token.clone());
        async move {
            server
                .call_as(
                    &token,
                    Some(&account),
                    "/cpro/transverses/v1/recuperer/devises",
                    serde_json::json!({}),
                )
                .await
                .0
        }
    };
    assert_eq!(devises(secret).await, StatusCode::OK);
    assert_eq!(devises(PASSWORD.to_owned()).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_message_goes_to_a_partner_whose_inbox_counts_it_unread() {
    let server = TestServer::start_with(crate::harness::Options {
        messagerie_pour_tous: true,
        ..crate::harness::Options::default()
    })
    .await;
    let mut fournisseur = Navigateur::new(&server);
    fournisseur.se_connecter(DIRIGEANT_FOURNISSEUR).await;
    let form = fournisseur.get("/messages/nouveau").await;
    assert_eq!(form.status, StatusCode::OK);
    // The ministry exchanged invoices with the supplier: it is offered.
    let ministere = form.body.split(r#"name="destinataire" value=""#).find_map(|chunk| {
        let (id, rest) = chunk.split_once('"')?;
        rest.split("</label>")
            .next()?
            .contains("Ministère de la Démonstration")
            .then(|| id.to_owned())
    });
    let ministere = ministere.unwrap_or_else(|| panic!("{}", form.body));
    let structure =
        form.body.split(r#"<option value=""#).nth(1).unwrap().split('"').next().unwrap().to_owned();

    let empty = fournisseur
        .post(
            "/messages/nouveau",
            &[
                ("structure", structure.as_str()),
                ("objet", " "),
                ("corps", "x"),
                ("destinataire", ministere.as_str()),
            ],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("objet"), "{}", empty.body);

    let mut gestionnaire = Navigateur::new(&server);
    gestionnaire.se_connecter(GESTIONNAIRE_MINISTERE).await;
    let unread = |html: &str| -> i64 {
        html.split(r#"<span id="non-lus">"#)
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let before = unread(&gestionnaire.get("/messages").await.body);

    let sent = fournisseur
        .post(
            "/messages/nouveau",
            &[
                ("structure", structure.as_str()),
                ("objet", "Nouveaux tarifs 2027"),
                ("corps", "Bonjour,\nVoici nos tarifs <b>2027</b>."),
                ("destinataire", ministere.as_str()),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let sent_page = fournisseur.get(sent.location()).await;
    assert!(sent_page.body.contains("Nouveaux tarifs 2027") && sent_page.body.contains("Non lu"));

    let inbox = gestionnaire.get("/messages").await.body;
    assert_eq!(unread(&inbox), before + 1);
    let home = gestionnaire.get("/").await.body;
    assert!(home.contains(&format!("({} non lus)", before + 1)), "{home}");
    let id = inbox
        .split("Nouveaux tarifs 2027")
        .next()
        .unwrap()
        .rsplit("/messages/")
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let message = gestionnaire.get(&format!("/messages/{id}")).await;
    assert!(
        message.body.contains("Voici nos tarifs &#60;b&#62;2027&#60;/b&#62;.")
            || message.body.contains("Voici nos tarifs &lt;b&gt;2027&lt;/b&gt;."),
        "{}",
        message.body
    );
    assert_eq!(unread(&gestionnaire.get("/messages").await.body), before);
    let outbox = fournisseur.get("/messages?envoyes=true").await.body;
    assert!(outbox.contains("Nouveaux tarifs 2027"));

    // A stranger reads nothing of it.
    let mut etranger = Navigateur::new(&server);
    etranger.se_connecter(CANDIDAT_HOPITAL).await;
    assert_ne!(etranger.get(&format!("/messages/{id}")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn each_side_acts_on_an_engagement_from_where_it_stands() {
    let server = TestServer::start().await;
    let mut fournisseur = Navigateur::new(&server);
    fournisseur.se_connecter(DIRIGEANT_FOURNISSEUR).await;
    let recus = fournisseur.get("/engagements?recus=true&etat=COMMANDE").await;
    assert_eq!(recus.status, StatusCode::OK);
    let id = recus
        .body
        .split(r#"<td data-libelle="Numéro"><a href="/engagements/"#)
        .nth(1)
        .unwrap_or_else(|| panic!("{}", recus.body))
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let page = fournisseur.get(&format!("/engagements/{id}")).await;
    assert!(
        page.body.contains(r#"value="REFUSER""#) && page.body.contains(r#"value="RECYCLER""#),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains(r#"value="INACTIVER""#),
        "the issuer's acts are not offered to the receiver"
    );
    let path = format!("/engagements/{id}/agir");
    let r = fournisseur.post(&path, &[("action", "REFUSER")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "a refusal needs its reason: {}", r.body);
    let r = fournisseur.post(&path, &[("action", "INACTIVER"), ("motif", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = fournisseur.post(&path, &[("action", "REFUSER"), ("motif", "Prix erronés")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = fournisseur.get(&format!("/engagements/{id}")).await;
    assert!(page.body.contains(r#"<dd id="etat-engagement">REFUSE</dd>"#), "{}", page.body);

    let mut ministere = Navigateur::new(&server);
    ministere.se_connecter(GESTIONNAIRE_MINISTERE).await;
    let emis = ministere.get("/engagements?etat=REFUSE").await;
    assert!(emis.body.contains(&format!("/engagements/{id}\"")), "{}", emis.body);
    let page = ministere.get(&format!("/engagements/{id}")).await;
    assert!(page.body.contains("Prix erronés") && page.body.contains(r#"value="TRANSMETTRE""#));
    let r = ministere.post(&format!("/engagements/{id}/agir"), &[("action", "TRANSMETTRE")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = ministere.get(&format!("/engagements/{id}")).await;
    assert!(page.body.contains(r#"<dd id="etat-engagement">COMMANDE</dd>"#));

    let mut etranger = Navigateur::new(&server);
    etranger.se_connecter(CANDIDAT_HOPITAL).await;
    assert_eq!(etranger.get(&format!("/engagements/{id}")).await.status, StatusCode::NOT_FOUND);

    // The ministry issues a new one to the supplier, transmitted at once.
    let form = ministere.get("/engagements/nouveau").await;
    let emetteur = form
        .body
        .split(r#"<select id="emetteur" name="emetteur">"#)
        .nth(1)
        .unwrap()
        .split(r#"<option value=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let lignes = [
        ("description", "Ramettes"),
        ("quantite", "100"),
        ("montant_ht", "499"),
        ("montant_ttc", "598,80"),
    ];
    let mut fields = vec![
        ("emetteur", emetteur.as_str()),
        ("siret", facteur_app::demo::SIRET_FOURNISSEUR),
        ("numero", ""),
        ("type_engagement", "BON_DE_COMMANDE"),
    ];
    fields.extend(lignes);
    let refused = ministere.post("/engagements/nouveau", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("numero"), "{}", refused.body);
    fields[2] = ("numero", "EJ-PORTAIL-0001");
    fields.push(("transmettre", "1"));
    let created = ministere.post("/engagements/nouveau", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let page = ministere.get(created.location()).await;
    assert!(page.body.contains(r#"<dd id="etat-engagement">COMMANDE</dd>"#), "{}", page.body);
    let recus = fournisseur.get("/engagements?recus=true&numero=EJ-PORTAIL-0001").await;
    assert!(recus.body.contains("1 résultat(s)"), "{}", recus.body);
    // A supplier issues none.
    let r = fournisseur.post("/engagements/nouveau", &fields).await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn operators_see_each_application_s_calls_today() {
    let server = TestServer::start().await;
    let token = server.token_for("demo-app", "demo-secret").await;
    for _ in 0..3 {
        let (status, _) = server
            .call(
                &token,
                "/cpro/transverses/v1/recuperer/devises",
                serde_json::json!({"codeLangue": "FR"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let mut operateur = Navigateur::new(&server);
    operateur.se_connecter(facteur_app::demo::OPERATEUR).await;
    let page = operateur.get("/operateur/applications").await;
    assert_eq!(page.status, StatusCode::OK);
    let row = page
        .body
        .split(r#"<td data-libelle="client_id">demo-app</td>"#)
        .nth(1)
        .unwrap_or_else(|| panic!("{}", page.body));
    let calls: u64 = row
        .split(r#"<td data-libelle="Appels aujourd’hui" class="nombre">"#)
        .nth(1)
        .and_then(|v| v.split('<').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(calls >= 3, "{calls}");

    let mut dirigeant = Navigateur::new(&server);
    dirigeant.se_connecter(DIRIGEANT_FOURNISSEUR).await;
    assert_eq!(dirigeant.get("/operateur/applications").await.status, StatusCode::FORBIDDEN);
}
