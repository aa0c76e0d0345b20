//! The page cache over HTTP: public pages come from it once rendered, and after every kind
//! of change (publish, edit, repeal, withdraw, an answer or an interpretation) the next
//! request shows the new state, while pages the change does not touch stay stored.

use crate::support::{TestApp, Visit, cookie_for, demo_app};
use app::domain::workflow::{Action, Role};
use app::domain::{NewPolicy, PolicyId};
use app::ssr::repo::policy;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, COOKIE, ETAG, IF_NONE_MATCH};

/// A 财政局 policy approved and waiting to be published.
const APPROVED: &str = "cache-approved";
const APPROVED_TITLE: &str = "衡东县财政局关于缓存测试的通知";
/// Published 财政局 policies of the demo data.
const PUBLISHED: &str = "czj-2016-4";
const NEIGHBOUR: &str = "czj-2016-2";

/// Visits each path twice: the second visit must come from the cache.
async fn prime(app: &TestApp, paths: &[&str]) {
    for path in paths {
        let Visit {
            status,
            body: first,
            ..
        } = app.visit(path).await;
        assert_eq!(status, 200, "{path}");
        let Visit {
            cache,
            body: second,
            ..
        } = app.visit(path).await;
        assert_eq!(cache, "hit", "{path} is stored after one render");
        assert_eq!(first, second, "{path}");
    }
}

async fn app() -> TestApp {
    let app = demo_app().await;
    let mut input = app::ssr::tooling::fixtures::public_input(APPROVED);
    input.unit = "czj".into();
    input.title = APPROVED_TITLE.into();
    input.status = "draft".into();
    input.published_at = None;
    policy::insert(&app.db, &NewPolicy::parse(&input).expect("valid"))
        .await
        .expect("insert")
        .publish(&app.changes);
    let id = PolicyId::parse(APPROVED).expect("id");
    let account = |login: &str, unit: &str, roles: Vec<Role>| {
        app::dto::Account {
            login: login.into(),
            display_name: login.into(),
            unit: Some(unit.into()),
            roles,
            disabled: false,
        }
        .actor()
    };
    policy::transition(
        &app.db,
        &id,
        &account("czj-editor", "czj", vec![Role::Editor]),
        Action::Submit,
        None,
        chrono::Utc::now(),
    )
    .await
    .expect("submit")
    .publish(&app.changes);
    policy::transition(
        &app.db,
        &id,
        &app::domain::workflow::Actor {
            login: "dzzwb-reviewer".into(),
            unit: None,
            roles: vec![Role::Reviewer],
        },
        Action::Approve,
        None,
        chrono::Utc::now(),
    )
    .await
    .expect("approve")
    .publish(&app.changes);
    app
}

#[tokio::test]
async fn a_public_page_is_rendered_once_then_served_stored() {
    let app = app().await;
    let path = format!("/policies/{PUBLISHED}");
    let Visit {
        status,
        cache,
        body: first,
        ..
    } = app.visit(&path).await;
    assert_eq!((status, cache.as_str()), (200, "miss"));
    let Visit {
        cache,
        body: second,
        ..
    } = app.visit(&path).await;
    assert_eq!(cache, "hit");
    assert_eq!(first, second);

    // Compressed for a browser that accepts it, with a validator it can send back.
    let zipped = app
        .client
        .get(format!("{}{path}", app.base))
        .header(ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .expect("request");
    assert_eq!(zipped.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(zipped.headers()["x-content-type-options"], "nosniff");
    let etag = zipped.headers()[ETAG].clone();
    let zipped = zipped.bytes().await.expect("body");
    let mut unzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&zipped[..]),
        &mut unzipped,
    )
    .expect("gzip");
    assert_eq!(unzipped, first);
    let again = app
        .client
        .get(format!("{}{path}", app.base))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), 304);

    // Each display preference is its own page.
    let english = app
        .client
        .get(format!("{}{path}", app.base))
        .header(COOKIE, "jiedu_lang=en")
        .send()
        .await
        .expect("request");
    assert_eq!(english.headers()["x-cache"], "miss");
    assert!(english.text().await.expect("body").contains(">Policies<"));

    // Signed in, pages are rendered for the reader and never stored.
    let editor = cookie_for(&app, "czj-editor").await;
    let signed_in = app
        .client
        .get(format!("{}{path}", app.base))
        .header(COOKIE, &editor)
        .send()
        .await
        .expect("request");
    assert!(signed_in.headers().get("x-cache").is_none());

    // Errors and private pages are not stored.
    for path in ["/policies/no-such-policy", "/policies/jsj-2016-8"] {
        app.visit(path).await;
        let Visit { status, cache, .. } = app.visit(path).await;
        assert_eq!((status, cache.as_str()), (404, ""), "{path}");
    }
    let Visit { cache, .. } = app.visit("/track").await;
    assert_eq!(cache, "", "tracking is never stored");
}

#[tokio::test]
async fn every_kind_of_change_shows_on_the_next_request() {
    let app = app().await;
    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    let editor = cookie_for(&app, "czj-editor").await;
    let page = format!("/policies/{PUBLISHED}");
    let neighbour = format!("/policies/{NEIGHBOUR}");

    // Publish: the new policy appears on the lists at once.
    prime(
        &app,
        &["/", "/policies", "/sitemap/policy-1.xml", &neighbour],
    )
    .await;
    assert!(!app.visit("/").await.body.contains(APPROVED_TITLE));
    let published = app
        .post(
            "transition_policy",
            &[("id", APPROVED), ("action", "publish")],
            Some(&reviewer),
        )
        .await;
    assert_eq!(published.status(), 200);
    for path in ["/", "/policies", &format!("/policies/{APPROVED}")] {
        let Visit { status, body, .. } = app.visit(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(body.contains(APPROVED_TITLE), "{path} shows the new policy");
    }
    assert!(
        app.visit("/sitemap/policy-1.xml")
            .await
            .body
            .contains(APPROVED)
    );
    let Visit { cache, .. } = app.visit(&neighbour).await;
    assert_eq!(cache, "hit", "another policy's page is not touched");

    // Edit: proposed by the editor (the public still sees the old title), applied by a
    // reviewer: then the new title and text, on the page and in the lists.
    prime(&app, &[&page, "/policies"]).await;
    let form = [
        ("id", PUBLISHED),
        ("title", "衡东县政府采购管理办法（2016年修正）"),
        ("doc_number", "东财发〔2016〕4号"),
        ("directory", "fgwj"),
        ("key_area", "zfcg"),
        ("signed_on", "2016-03-15"),
        ("disclosure", "proactive"),
        ("disclosure_reason", ""),
        ("body", "<p>修正后的正文。</p>"),
        ("attachments", ""),
        ("change_reason", "文号和正文更正"),
    ];
    assert_eq!(
        app.post("update_policy", &form, Some(&editor))
            .await
            .status(),
        200
    );
    assert!(!app.visit(&page).await.body.contains("（2016年修正）"));
    assert_eq!(
        app.post(
            "decide_policy_change",
            &[("id", PUBLISHED), ("action", "apply")],
            Some(&reviewer),
        )
        .await
        .status(),
        200
    );
    let Visit { body, .. } = app.visit(&page).await;
    assert!(body.contains("（2016年修正）"));
    assert!(body.contains("修正后的正文。"));
    assert!(app.visit("/policies").await.body.contains("（2016年修正）"));

    // Repeal: the banner, at once.
    prime(&app, &[&page]).await;
    assert_eq!(
        app.post(
            "mark_validity",
            &[("id", PUBLISHED), ("validity", "repealed")],
            Some(&editor),
        )
        .await
        .status(),
        200
    );
    assert!(
        app.visit(&page)
            .await
            .body
            .contains("validity-banner repealed")
    );

    // An answer published on the policy: on its page and in the Q&A list.
    prime(&app, &[&page, "/qa"]).await;
    let question = "政府采购的公示期是多少个工作日？";
    assert_eq!(
        app.post(
            "write_qa",
            &[
                ("policy", PUBLISHED),
                ("question", question),
                ("answer", "<p>五个工作日。</p>"),
            ],
            Some(&editor),
        )
        .await
        .status(),
        200
    );
    assert!(app.visit(&page).await.body.contains(question));
    assert!(app.visit("/qa").await.body.contains(question));

    // Withdraw: gone from its page, the lists and the sitemap.
    prime(&app, &[&page, "/", "/policies", "/sitemap/policy-1.xml"]).await;
    assert_eq!(
        app.post(
            "transition_policy",
            &[("id", PUBLISHED), ("action", "withdraw")],
            Some(&reviewer),
        )
        .await
        .status(),
        200
    );
    assert_eq!(app.visit(&page).await.status, 404);
    for path in ["/", "/policies"] {
        assert!(
            !app.visit(path).await.body.contains("（2016年修正）"),
            "{path}"
        );
    }
    assert!(
        !app.visit("/sitemap/policy-1.xml")
            .await
            .body
            .contains(&format!("/policies/{PUBLISHED}<"))
    );
    // Its Q&A went with it.
    assert!(!app.visit("/qa").await.body.contains(question));
}

#[tokio::test]
async fn a_withdrawn_interpretation_leaves_its_page_and_its_policy() {
    let app = app().await;
    let Visit { body: list, .. } = app.visit("/interpretations").await;
    let link = regex::Regex::new(r#"href="/interpretations/([a-z0-9]+)""#).expect("regex");
    let id = link.captures(&list).expect("a published interpretation")[1].to_owned();
    let path = format!("/interpretations/{id}");
    let Visit { body: article, .. } = app.visit(&path).await;
    let policy_link = regex::Regex::new(r#"href="/policies/([a-z0-9-]+)""#).expect("regex");
    let policy = policy_link
        .captures(&article)
        .expect("the article names its policy")[1]
        .to_owned();
    let title = regex::Regex::new(r"<h1[^>]*>([^<]+)</h1>")
        .expect("regex")
        .captures(&article)
        .expect("a title")[1]
        .to_owned();
    let policy_page = format!("/policies/{policy}");
    prime(&app, &[&path, &policy_page, "/interpretations", "/"]).await;
    assert!(app.visit(&policy_page).await.body.contains(&title));

    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    assert_eq!(
        app.post(
            "article_step",
            &[("id", id.as_str()), ("action", "withdraw")],
            Some(&reviewer),
        )
        .await
        .status(),
        200
    );
    assert_eq!(app.visit(&path).await.status, 404);
    assert!(!app.visit(&policy_page).await.body.contains(&title));
    assert!(!app.visit("/interpretations").await.body.contains(&title));
}

#[tokio::test]
async fn a_burst_on_a_page_not_yet_stored_renders_it_once() {
    let app = app().await;
    let url = format!("{}/policies/{NEIGHBOUR}", app.base);
    let readers: Vec<_> = (0..16)
        .map(|_| {
            let client = app.client.clone();
            let url = url.clone();
            tokio::spawn(async move {
                let response = client.get(url).send().await.expect("request");
                let cache = response.headers()["x-cache"]
                    .to_str()
                    .expect("ascii")
                    .to_owned();
                (cache, response.text().await.expect("body"))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for reader in readers {
        answers.push(reader.await.expect("task"));
    }
    let misses = answers.iter().filter(|(cache, _)| cache == "miss").count();
    assert_eq!(misses, 1, "one render; the others waited for it");
    assert!(answers.iter().all(|(_, body)| *body == answers[0].1));
}
