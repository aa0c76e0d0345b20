//! Hostile text where text reaches the page outside the sanitiser: in `<title>` and the
//! head's meta tags, and in text boxes (a `<textarea>`'s content is raw text to the HTML
//! parser). Each comes back as text: escaped, never as markup. docs/SECURITY.md (section 0).

use crate::support::{TestApp, cookie_for, demo_app};
use reqwest::header::{ACCEPT, COOKIE, LOCATION, ORIGIN, REFERER};

/// Closes the title element if written as it is.
const TITLE: &str = "</title><script>alert(1)</script>标题";
/// Closes a text box if written as it is.
const BOX: &str = "</textarea><img src=x onerror=alert(1)>";

/// The start of `page`'s `<title>` element to its end.
fn title_element(page: &str) -> &str {
    let start = page.find("<title>").expect("a title");
    let end = page[start..].find("</title>").expect("its end") + start;
    &page[start..end + "</title>".len()]
}

/// No markup that the hostile values would make if they were not escaped.
fn assert_inert(page: &str, what: &str) {
    for made in [
        "<script>alert(1)",
        "<img src=x onerror",
        "<img src=\"x\" onerror",
    ] {
        assert!(!page.contains(made), "{what}: {made} in\n{page}");
    }
}

/// A form posted by a page without JavaScript (it accepts HTML, names its page).
async fn page_post(
    app: &TestApp,
    endpoint: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}/api/{endpoint}", app.base))
        .header(ORIGIN, &app.base)
        .header(REFERER, format!("{}/", app.base))
        .header(ACCEPT, "text/html")
        .form(form);
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    request.send().await.expect("request")
}

fn location(response: &reqwest::Response) -> String {
    response.headers()[LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned()
}

/// A published policy of 财政局 with a hostile title, added to the demo data.
async fn hostile_policy(app: &TestApp) -> String {
    let mut input = app::ssr::tooling::fixtures::public_input("fx-hostile");
    input.title = TITLE.into();
    input.unit = "czj".into();
    input.body = "<p>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>".into();
    let parsed = app::domain::NewPolicy::parse(&input).expect("valid");
    app::ssr::repo::policy::insert(&app.db, &parsed)
        .await
        .expect("insert")
        .publish(&app.changes);
    "fx-hostile".into()
}

#[tokio::test]
async fn a_hostile_title_is_text_in_the_head_of_public_and_desk_pages() {
    let app = demo_app().await;
    let id = hostile_policy(&app).await;
    let expected = "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;标题 - 衡东县政策文件与解读</title>";

    let (status, public) = app.get(&format!("/policies/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(title_element(&public), expected);
    // The meta tags are attributes, which tachys escapes.
    assert!(
        public.contains(
            r#"<meta property="og:title" content="&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;标题">"#
        ),
        "{public}"
    );
    assert_inert(&public, "public page");

    let editor = cookie_for(&app, "czj-editor").await;
    let (status, desk) = app.get_as(&format!("/desk/policies/{id}"), &editor).await;
    assert_eq!(status, 200);
    assert_eq!(title_element(&desk), expected);
    assert_inert(&desk, "desk page");
}

#[tokio::test]
async fn a_rejected_question_comes_back_as_text_in_its_box() {
    let app = demo_app().await;
    let question = format!("{BOX}我的问题足够长吗？&lt;/textarea&gt;");
    let response = page_post(
        &app,
        "ask",
        &[
            ("question", question.as_str()),
            ("name", ""),
            ("contact", "not-a-phone"),
            ("policy", ""),
        ],
        None,
    )
    .await;
    assert_eq!(response.status(), 302);
    let back = location(&response);
    assert!(back.starts_with("/ask?stash="), "{back}");
    let (_, page) = app
        .get_as(&back, &crate::support::with_form_cookie("", &response))
        .await;
    assert!(
        page.contains(
            "\n&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;我的问题足够长吗？&amp;lt;/textarea&amp;gt;</textarea>"
        ),
        "{page}"
    );
    assert_inert(&page, "ask form");
}

#[tokio::test]
async fn a_policys_text_boxes_hold_hostile_text_as_text() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let attachments = format!("附件1：{BOX} | /files/a.pdf");
    let reason = format!("{BOX}涉及商业秘密");
    let form = [
        ("title", "衡东县恶意文本测试办法"),
        ("doc_number", ""),
        ("directory", "fgwj"),
        ("key_area", ""),
        ("signed_on", "2016-03-15"),
        ("disclosure", "on_request"),
        ("disclosure_reason", reason.as_str()),
        ("body", "<p>正文 &lt;/textarea&gt;</p>"),
        ("attachments", attachments.as_str()),
    ];
    let created = app.post("create_policy", &form, Some(&editor)).await;
    let status = created.status();
    let id: String = serde_json::from_str(&created.text().await.expect("body")).expect("an id");
    assert_eq!(status, 200, "{id}");

    let (status, edit) = app
        .get_as(&format!("/desk/policies/{id}/edit"), &editor)
        .await;
    assert_eq!(status, 200);
    assert!(
        edit.contains(
            "\n附件1：&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt; | /files/a.pdf</textarea>"
        ),
        "{edit}"
    );
    assert!(
        edit.contains(
            "\n&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;涉及商业秘密</textarea>"
        ),
        "{edit}"
    );
    // The stored body is sanitised HTML; its escaped text stays escaped in the box.
    assert!(
        edit.contains("\n&lt;p&gt;正文 &amp;lt;/textarea&amp;gt;&lt;/p&gt;</textarea>"),
        "{edit}"
    );
    assert_inert(&edit, "policy edit form");

    // A rejected form (the title emptied) shows the same values again, as text.
    let mut rejected = form;
    rejected[0] = ("title", "");
    let response = page_post(&app, "create_policy", &rejected, Some(&editor)).await;
    assert_eq!(response.status(), 302);
    let (_, again) = app
        .get_as(
            &location(&response),
            &crate::support::with_form_cookie(&editor, &response),
        )
        .await;
    assert!(again.contains("标题不能为空"));
    assert!(
        again.contains(
            "\n&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;涉及商业秘密</textarea>"
        ),
        "{again}"
    );
    assert_inert(&again, "rejected policy form");
}

#[tokio::test]
async fn a_rejected_articles_body_is_sanitised_before_the_editor_gets_it() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let summary = format!("{BOX}摘要");
    let response = page_post(
        &app,
        "save_article",
        &[
            ("policy", "czj-2016-2"),
            ("kind", "department"),
            ("title", ""),
            ("summary", summary.as_str()),
            ("byline", "县财政局"),
            (
                "body",
                "<p>正文</p><img src=x onerror=alert(1)><script>alert(2)</script>",
            ),
        ],
        Some(&editor),
    )
    .await;
    assert_eq!(response.status(), 302);
    let (_, page) = app
        .get_as(
            &location(&response),
            &crate::support::with_form_cookie(&editor, &response),
        )
        .await;
    assert!(
        page.contains("\n&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;摘要</textarea>"),
        "{page}"
    );
    // The editor's box (and the island's props) hold the sanitised body only.
    assert!(
        page.contains("\n&lt;p&gt;正文&lt;/p&gt;&lt;img&gt;</textarea>"),
        "{page}"
    );
    assert!(!page.contains("onerror=alert(1)&gt;&lt;script"), "{page}");
    assert!(!page.contains("alert(2)"), "{page}");
    assert_inert(&page, "rejected article form");
}

#[tokio::test]
async fn a_plans_text_boxes_hold_hostile_text_as_text() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    // A new draft: its plan may be changed (the demo's are further along).
    let created = app
        .post(
            "create_policy",
            &[
                ("title", "衡东县方案测试办法"),
                ("doc_number", ""),
                ("directory", "fgwj"),
                ("key_area", ""),
                ("signed_on", "2016-03-15"),
                ("disclosure", "proactive"),
                ("disclosure_reason", ""),
                ("body", "<p>正文</p>"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(created.status(), 200);
    let policy: String = serde_json::from_str(&created.text().await.expect("body")).expect("an id");
    let policy = policy.as_str();
    let background = format!("{BOX}背景");
    let key_points = format!("要点&lt;/textarea&gt;{BOX}");
    let risk = format!("{BOX}风险");
    let saved = app
        .post(
            "save_plan",
            &[
                ("policy", policy),
                ("background", background.as_str()),
                ("key_points", key_points.as_str()),
                ("risk_level", "low"),
                ("risk_assessment", risk.as_str()),
                ("editor", ""),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(saved.status(), 200, "{}", saved.text().await.expect("body"));
    let (status, page) = app
        .get_as(&format!("/desk/policies/{policy}/plan"), &editor)
        .await;
    assert_eq!(status, 200);
    for expected in [
        "\n&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;背景</textarea>",
        "\n要点&amp;lt;/textarea&amp;gt;&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;</textarea>",
        "\n&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;风险</textarea>",
    ] {
        assert!(page.contains(expected), "{expected} in\n{page}");
    }
    assert_inert(&page, "plan page");
}
