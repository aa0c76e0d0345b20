//! The classes an outside audit found (issue 14), each over every route or server function
//! it applies to, generated from the router rather than listed by hand: bad input is a 4xx,
//! every address has one spelling (and nothing private survives at another), limits hold
//! under bursts, redirects stay on the site, private answers are not kept, files follow
//! the visibility of what they are attached to.

use std::collections::BTreeSet;

use crate::support::{TestApp, cookie_for, demo_app};
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE, COOKIE, LOCATION, ORIGIN, SET_COOKIE};

/// The seed notice: public, with a plan, interpretations and Q&A.
const NOTICE: &str = "xzfb-2016-5";

/// Every server function the router serves, with its method.
fn server_functions() -> Vec<(String, http::Method)> {
    let mut all: Vec<(String, http::Method)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_owned(), method))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(all.len() > 40, "the server functions are registered");
    all
}

/// Sends `body` (with `content_type`) or `query` to a server function.
async fn call(
    app: &TestApp,
    path: &str,
    method: &http::Method,
    query: &str,
    content_type: &str,
    body: Vec<u8>,
    cookie: Option<&str>,
) -> (u16, String) {
    let url = format!("{}{path}{query}", app.base);
    let mut request = if *method == http::Method::GET {
        app.client.get(url)
    } else {
        app.client
            .post(url)
            .header(CONTENT_TYPE, content_type)
            .body(body)
    };
    request = request.header(ORIGIN, &app.base);
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn malformed_arguments_are_a_4xx_for_every_server_function() {
    let app = demo_app().await;
    let admin = cookie_for(&app, "admin").await;
    const FORM: &str = "application/x-www-form-urlencoded";
    // What a careless or hostile client sends instead of the arguments.
    let cases: [(&str, &str, &str, &[u8]); 7] = [
        ("empty body", "", FORM, b""),
        (
            "JSON instead of a form",
            "",
            "application/json",
            br#"{"id": 1, "x": [true]}"#,
        ),
        (
            "a duplicated argument",
            "?id=a&id=b",
            FORM,
            b"id=a&id=b&action=x&action=y",
        ),
        (
            "a bool that is not one",
            "?major=maybe",
            FORM,
            b"major=maybe&id=%20",
        ),
        (
            "a number that is not one",
            "?page=abc&offset=x",
            FORM,
            b"page=abc&offset=x",
        ),
        ("an unknown shape", "?%5B%5D=1", FORM, b"[]=1&a[b]=2"),
        ("text/plain", "", "text/plain", b"hello"),
    ];
    for (path, method) in server_functions() {
        for cookie in [None, Some(admin.as_str())] {
            for (case, query, content_type, body) in cases {
                let (status, text) = call(
                    &app,
                    &path,
                    &method,
                    query,
                    content_type,
                    body.to_vec(),
                    cookie,
                )
                .await;
                assert!(
                    status < 500,
                    "{method} {path} ({case}, signed in: {}): {status} {text}",
                    cookie.is_some()
                );
                assert!(
                    !text.contains("error deserializing") && !text.contains("\"Request\""),
                    "{method} {path} ({case}): the framework's message leaked: {text}"
                );
            }
            // Undecodable input is refused before any function runs, naming the field.
            let (status, text) = call(
                &app,
                &path,
                &method,
                "?title=%FF%FE",
                FORM,
                b"title=%FF%FE".to_vec(),
                cookie,
            )
            .await;
            assert_eq!(status, 400, "{method} {path}: {text}");
            assert!(text.contains("title"), "{method} {path}: {text}");
        }
        if method == http::Method::POST {
            let big = vec![b'a'; support_body_limit() + 1];
            let (status, _) = call(&app, &path, &method, "", FORM, big, None).await;
            assert_eq!(status, 413, "POST {path} over the body limit");
        }
    }
    // An unknown function is 404, a known one with the wrong method 405.
    let (status, _) = call(
        &app,
        "/api/no_such_fn",
        &http::Method::POST,
        "",
        FORM,
        vec![],
        None,
    )
    .await;
    assert_eq!(status, 404);
}

fn support_body_limit() -> usize {
    jiedu::MAX_BODY_BYTES
}

#[tokio::test]
async fn a_missing_record_is_404_and_a_bad_argument_400_naming_it() {
    let app = demo_app().await;
    let (status, body) = call(
        &app,
        "/api/policy",
        &http::Method::GET,
        "?id=nope",
        "",
        vec![],
        None,
    )
    .await;
    assert_eq!(status, 404, "{body}");
    let editor = cookie_for(&app, "czj-editor").await;
    let response = app
        .post(
            "save_plan",
            &[
                ("policy", "czj-2016-4"),
                ("background", &"背".repeat(30_000)),
                ("key_points", ""),
                ("risk_level", "low"),
                ("risk_assessment", ""),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(response.status(), 400);
    let body = response.text().await.expect("body");
    assert!(body.contains("background"), "{body}");
    assert!(
        body.chars().count() < 1_000,
        "the 400 echoes an excerpt at most"
    );
}

/// Concrete paths for every route of the router, with a real id for each parameter.
async fn concrete_routes(app: &TestApp) -> Vec<String> {
    let first = |list: String, prefix: &str| {
        let pattern = format!(r#"href="{prefix}([a-z0-9-]+)""#);
        regex::Regex::new(&pattern)
            .expect("regex")
            .captures(&list)
            .map(|c| c[1].to_owned())
            .unwrap_or_else(|| panic!("a link under {prefix}"))
    };
    let article = first(app.get("/interpretations").await.1, "/interpretations/");
    let qa = first(app.get("/qa").await.1, "/qa/");
    let routes = leptos_axum::generate_route_list(app::app::App);
    let mut paths = BTreeSet::new();
    for route in routes {
        let pattern = route.path().to_owned();
        let filled: Vec<String> = pattern
            .split('/')
            .enumerate()
            .map(|(i, segment)| {
                let param = segment.starts_with(':') || segment.starts_with('{');
                if !param {
                    return segment.to_owned();
                }
                let before: Vec<&str> = pattern.split('/').take(i).collect();
                match before.as_slice() {
                    [.., "interpretations"] | [.., "articles"] => article.clone(),
                    [.., "qa"] => qa.clone(),
                    [.., "concerns"] => "K7QM-3XPD".to_owned(),
                    [.., "applications"] => "YS-K7QM-3XPD".to_owned(),
                    [.., "invite"] => "AbCdEfGh".to_owned(),
                    _ => NOTICE.to_owned(),
                }
            })
            .collect();
        paths.insert(filled.join("/"));
    }
    assert!(paths.len() > 20, "{paths:?}");
    paths.into_iter().collect()
}

/// Other spellings of `path`, each with the canonical address it must lead to.
fn spellings(path: &str) -> Vec<String> {
    let mut out = vec![
        format!("{path}/"),
        format!("/{path}"),
        path.replacen('/', "//", 2),
        format!("{path}%20"),
    ];
    if path.len() > 1 {
        let upper = if path.starts_with("/invite/") {
            // The token keeps its case: only the fixed part is upper-cased.
            path.replacen("/invite/", "/INVITE/", 1)
        } else if path.starts_with("/desk/concerns/") {
            path.to_ascii_lowercase().replacen("/desk/", "/DESK/", 1)
        } else {
            path.to_ascii_uppercase()
        };
        out.push(upper);
        // The last segment's first letter percent-encoded.
        let (head, last) = path.rsplit_once('/').expect("a slash");
        if let Some(c) = last.chars().next().filter(char::is_ascii_alphanumeric) {
            out.push(format!("{head}/%{:02X}{}", c as u32, &last[1..]));
        }
    }
    out
}

#[tokio::test]
async fn every_route_has_one_spelling_and_others_redirect_to_it() {
    let app = demo_app().await;
    for path in concrete_routes(&app).await {
        for spelling in spellings(&path) {
            let response = app
                .client
                .get(format!("{}{spelling}", app.base))
                .send()
                .await
                .expect("request");
            let status = response.status().as_u16();
            assert_eq!(status, 301, "{spelling} (of {path})");
            let location = response.headers()[LOCATION].to_str().expect("ascii");
            assert_eq!(location, path, "{spelling} leads to its canonical address");
        }
    }
    // The query is kept; an undecodable address or query is a 400.
    let response = app
        .client
        .get(format!("{}/Policies/?unit=czj", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()[LOCATION], "/policies?unit=czj");
    assert_eq!(app.get("/policies/%FF").await.0, 400);
    assert_eq!(app.get("/search?q=%FF").await.0, 400);
}

/// Follows redirects by hand (the client follows none) and returns the last answer.
async fn visit_following(app: &TestApp, path: &str) -> (u16, String) {
    let mut path = path.to_owned();
    for _ in 0..5 {
        let response = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("request");
        if response.status().is_redirection() {
            path = response.headers()[LOCATION]
                .to_str()
                .expect("ascii")
                .to_owned();
            continue;
        }
        let status = response.status().as_u16();
        return (status, response.text().await.expect("body"));
    }
    panic!("redirect loop at {path}");
}

fn title_of(page: &str) -> String {
    regex::Regex::new(r"<h1[^>]*>([^<]+)</h1>")
        .expect("regex")
        .captures(page)
        .expect("a title")[1]
        .to_owned()
}

#[tokio::test]
async fn nothing_withdrawn_is_served_at_any_spelling_of_its_address() {
    let app = demo_app().await;
    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    // An interpretation, read at every spelling while public (the canonical page is then
    // stored), then withdrawn.
    let list = app.get("/interpretations").await.1;
    let id = regex::Regex::new(r#"href="/interpretations/([a-z0-9]+)""#)
        .expect("regex")
        .captures(&list)
        .expect("an interpretation")[1]
        .to_owned();
    let path = format!("/interpretations/{id}");
    let (_, page) = visit_following(&app, &path).await;
    let title = title_of(&page);
    let mut addresses = spellings(&path);
    addresses.push(path.clone());
    for address in &addresses {
        assert_eq!(visit_following(&app, address).await.0, 200, "{address}");
    }
    let response = app
        .post(
            "article_step",
            &[("id", id.as_str()), ("action", "withdraw")],
            Some(&reviewer),
        )
        .await;
    assert_eq!(response.status(), 200);
    for address in &addresses {
        let (status, body) = visit_following(&app, address).await;
        assert_eq!(status, 404, "{address} after withdrawal");
        assert!(!body.contains(&title), "{address} still shows it");
    }

    // A policy, the same way, withdrawn from publication.
    let path = "/policies/czj-2016-4";
    let (_, page) = visit_following(&app, path).await;
    let title = title_of(&page);
    let mut addresses = spellings(path);
    addresses.push(path.to_owned());
    for address in &addresses {
        assert_eq!(visit_following(&app, address).await.0, 200, "{address}");
    }
    let response = app
        .post(
            "transition_policy",
            &[("id", "czj-2016-4"), ("action", "withdraw")],
            Some(&reviewer),
        )
        .await;
    assert_eq!(
        response.status(),
        200,
        "{}",
        response.text().await.unwrap_or_default()
    );
    for address in &addresses {
        let (status, body) = visit_following(&app, address).await;
        assert_eq!(status, 404, "{address} after withdrawal");
        assert!(!body.contains(&title), "{address} still shows it");
    }
}

/// Every public spelling of a policy's address, read once so that the canonical page is
/// stored in the page cache.
async fn read_everywhere(app: &TestApp, path: &str) -> (Vec<String>, String) {
    let (_, page) = visit_following(app, path).await;
    let title = title_of(&page);
    let mut addresses = spellings(path);
    addresses.push(path.to_owned());
    for address in &addresses {
        assert_eq!(visit_following(app, address).await.0, 200, "{address}");
    }
    (addresses, title)
}

/// Withholding a published policy (a change of 公开属性, which takes effect at once) and
/// repealing one reach every spelling of their addresses on the very next request.
#[tokio::test]
async fn withholding_and_repealing_show_at_every_spelling_at_once() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let ids: Vec<String> = app
        .db
        .query(
            "SELECT VALUE record::id(id) FROM policy WHERE unit = unit:czj \
             AND status = 'published' AND disclosure = 'proactive' ORDER BY id LIMIT 2",
        )
        .await
        .expect("query")
        .take(0)
        .expect("ids");
    let [withheld, repealed] = [ids[0].as_str(), ids[1].as_str()];

    let path = format!("/policies/{withheld}");
    let (addresses, title) = read_everywhere(&app, &path).await;
    let pid = app::domain::PolicyId::parse(withheld).expect("id");
    let (form, _, _) = app::ssr::repo::policy::form_values(&app.db, &pid)
        .await
        .expect("form")
        .expect("exists");
    let fields = [
        ("id", withheld),
        ("title", form.title.as_str()),
        ("doc_number", form.doc_number.as_str()),
        ("directory", form.directory.as_str()),
        ("key_area", form.key_area.as_str()),
        ("signed_on", form.signed_on.as_str()),
        ("disclosure", "withheld"),
        ("disclosure_reason", "涉及国家秘密，依法不予公开"),
        ("body", form.body.as_str()),
        ("attachments", form.attachments.as_str()),
        ("change_reason", "经审查应不予公开"),
    ];
    let response = app.post("update_policy", &fields, Some(&editor)).await;
    assert_eq!(response.status(), 200);
    for address in &addresses {
        let (status, body) = visit_following(&app, address).await;
        assert_eq!(status, 404, "{address} after withholding");
        assert!(!body.contains(&title), "{address} still shows it");
    }

    let path = format!("/policies/{repealed}");
    let (addresses, _) = read_everywhere(&app, &path).await;
    let response = app
        .post(
            "mark_validity",
            &[("id", repealed), ("validity", "repealed")],
            Some(&editor),
        )
        .await;
    assert_eq!(response.status(), 200);
    for address in &addresses {
        let (status, body) = visit_following(&app, address).await;
        assert_eq!(status, 200, "{address}");
        assert!(
            body.contains("已废止"),
            "{address} does not say it is repealed"
        );
    }
}

#[tokio::test]
async fn twenty_questions_at_once_from_one_address_store_five() {
    let app = demo_app().await;
    let statuses = all_at_once((0..20).map(|n| {
        let question = format!("请问第{n}号问题的办理进度如何？");
        app.client
            .post(format!("{}/api/ask", app.base))
            .header(ORIGIN, &app.base)
            .form(&[("question", question.as_str()), ("contact", "13800138000")])
    }))
    .await;
    let stored = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((stored, refused), (5, 15), "{statuses:?}");
}

/// Sends every request at once, each from a task of its own; their statuses in order.
async fn all_at_once(requests: impl Iterator<Item = reqwest::RequestBuilder>) -> Vec<u16> {
    let tasks: Vec<_> = requests
        .map(|request| {
            tokio::spawn(async move { request.send().await.expect("request").status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    statuses
}

/// Signs in from `address` (through a trusted proxy's `X-Forwarded-For`).
async fn sign_in_from(app: &TestApp, login: &str, password: &str, address: &str) -> u16 {
    app.client
        .post(format!("{}/api/login", app.base))
        .header(ORIGIN, &app.base)
        .header("x-forwarded-for", address)
        .form(&[("login", login), ("password", password)])
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

async fn behind_a_proxy() -> TestApp {
    let settings = app::ssr::state::Settings {
        proxies: app::ssr::client::TrustedProxies::parse("127.0.0.1", None).expect("list"),
        ..Default::default()
    };
    crate::support::demo_app_configured(settings).await
}

#[tokio::test]
async fn a_burst_of_guesses_gets_ten_checks_and_the_owner_still_signs_in() {
    let app = behind_a_proxy().await;
    let password = app::ssr::tooling::demo::DEMO_PASSWORD;
    let statuses = all_at_once((0..30).map(|n| {
        app.client
            .post(format!("{}/api/login", app.base))
            .header(ORIGIN, &app.base)
            .header("x-forwarded-for", "203.0.113.9")
            .form(&[
                ("login", "czj-editor"),
                ("password", format!("guess-{n}").as_str()),
            ])
    }))
    .await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, refused), (10, 20), "{statuses:?}");
    // The right password from the guesser's address is not even checked now ...
    assert_eq!(
        sign_in_from(&app, "czj-editor", password, "203.0.113.9").await,
        429
    );
    // ... but the owner, at their own address, signs in.
    assert_eq!(
        sign_in_from(&app, "czj-editor", password, "198.51.100.20").await,
        200
    );
}

#[tokio::test]
async fn without_a_trusted_proxy_the_forwarded_header_is_ignored() {
    let app = demo_app().await;
    for n in 0..10 {
        let address = format!("203.0.113.{n}");
        assert_eq!(
            sign_in_from(&app, "jsj-editor", "wrong-password", &address).await,
            401
        );
    }
    // Every attempt came from the socket's address, whatever the header claimed.
    assert_eq!(
        sign_in_from(&app, "jsj-editor", "wrong-password", "198.51.100.1").await,
        429
    );
}

#[tokio::test]
async fn editors_registering_at_once_all_succeed_with_distinct_index_numbers() {
    let app = demo_app().await;
    let units = ["czj", "jsj", "gtj", "fgj"];
    let mut cookies = Vec::new();
    for unit in units {
        cookies.push(cookie_for(&app, &format!("{unit}-editor")).await);
    }
    let mut tasks = Vec::new();
    for (n, cookie) in cookies.iter().cycle().take(40).enumerate() {
        let client = app.client.clone();
        let base = app.base.clone();
        let cookie = cookie.clone();
        tasks.push(tokio::spawn(async move {
            let title = format!("关于并发登记测试第{n}号的通知");
            let response = client
                .post(format!("{base}/api/create_policy"))
                .header(ORIGIN, &base)
                .header(COOKIE, cookie)
                .form(&[
                    ("title", title.as_str()),
                    ("doc_number", ""),
                    ("directory", "fgwj"),
                    ("key_area", ""),
                    ("signed_on", "2016-05-01"),
                    ("disclosure", "proactive"),
                    ("disclosure_reason", ""),
                    ("body", "<p>正文</p>"),
                ])
                .send()
                .await
                .expect("request");
            let status = response.status().as_u16();
            (status, response.text().await.expect("body"))
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        let (status, body) = task.await.expect("task");
        assert_eq!(status, 200, "{body}");
        ids.push(serde_json::from_str::<String>(&body).expect("an id"));
    }
    let index_numbers: BTreeSet<String> = {
        let mut response = app
            .db
            .query("SELECT VALUE index_no FROM policy WHERE record::id(id) IN $ids")
            .bind(("ids", ids.clone()))
            .await
            .expect("query");
        response
            .take::<Vec<String>>(0)
            .expect("rows")
            .into_iter()
            .collect()
    };
    assert_eq!(index_numbers.len(), 40, "{index_numbers:?}");
}

#[tokio::test]
async fn preference_links_only_go_back_to_this_site() {
    let app = demo_app().await;
    for (next, expected) in [
        ("/%09/evil.example/x", "/"),
        ("/%0A", "/"),
        ("//evil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("https://evil.example/", "/"),
        ("/search?q=a%20b", "/search?q=a%20b"),
    ] {
        let response = app
            .client
            .get(format!("{}/prefs?lang=en&next={next}", app.base))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 303, "{next}");
        assert_eq!(response.headers()[LOCATION], expected, "{next}");
    }
}

#[tokio::test]
async fn private_answers_are_not_kept_and_no_page_may_be_framed() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    for path in ["/desk", "/desk/inbox", "/api/whoami", "/policies"] {
        let response = app
            .client
            .get(format!("{}{path}", app.base))
            .header(COOKIE, &editor)
            .send()
            .await
            .expect("request");
        assert_eq!(
            response.headers()[CACHE_CONTROL],
            "private, no-store",
            "{path} signed in"
        );
        assert_eq!(response.headers()["x-frame-options"], "DENY", "{path}");
    }
    for path in ["/", "/policies", &format!("/policies/{NOTICE}"), "/nope"] {
        for _ in 0..2 {
            let response = app
                .client
                .get(format!("{}{path}", app.base))
                .send()
                .await
                .expect("request");
            assert_eq!(response.headers()["x-frame-options"], "DENY", "{path}");
            let csp = response.headers()["content-security-policy"]
                .to_str()
                .expect("ascii");
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        }
    }
}

#[tokio::test]
async fn a_rejected_form_is_shown_again_only_in_the_browser_that_sent_it() {
    let app = demo_app().await;
    let question = "我的身份证号是430000000000000000，请问如何办理？";
    let response = app
        .client
        .post(format!("{}/api/ask", app.base))
        .header(ORIGIN, &app.base)
        .header(reqwest::header::REFERER, format!("{}/ask", app.base))
        .header(reqwest::header::ACCEPT, "text/html")
        .form(&[("question", question), ("contact", "not a contact")])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 302);
    let back = response.headers()[LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(back.contains("stash="), "{back}");
    let browser = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("jiedu_form="))
        .and_then(|v| v.split(';').next())
        .expect("the browser gets its form cookie")
        .to_owned();
    let again = |cookie: Option<String>| {
        let mut request = app.client.get(format!("{}{back}", app.base));
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        async move {
            request
                .send()
                .await
                .expect("request")
                .text()
                .await
                .expect("body")
        }
    };
    assert!(
        again(Some(browser)).await.contains(question),
        "its browser sees it"
    );
    assert!(
        !again(None).await.contains(question),
        "the same address without it does not"
    );
    assert!(
        !again(Some(format!("jiedu_form={}", "0".repeat(32))))
            .await
            .contains(question),
        "another browser does not"
    );
}
