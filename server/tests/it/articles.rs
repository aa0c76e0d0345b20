//! Interpretation articles over HTTP: an expert from invitation to publication, who may
//! see what, and hostile markup.

use std::time::Duration as StdDuration;

use crate::support::{TestApp, cookie_for, demo_app, session_pair};
use app::ssr::clock::Clock;
use chrono::Duration;

const POLICY: &str = "czj-2016-2";

/// A server fn's JSON string result.
async fn json_string(response: reqwest::Response) -> String {
    let status = response.status();
    let body = response.text().await.expect("body");
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("a JSON string")
}

/// An editor of the policy's unit invites an expert, who accepts; returns the expert's
/// session cookie.
async fn invited_expert(app: &TestApp, login: &str) -> String {
    let editor = cookie_for(app, "czj-editor").await;
    let token = json_string(
        app.post(
            "invite_expert",
            &[("policy", POLICY), ("name", "王立新")],
            Some(&editor),
        )
        .await,
    )
    .await;
    let (status, page) = app.get(&format!("/invite/{token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("衡东县财政局关于2016年县本级部门预算公开的通知"));
    let accepted = app
        .post(
            "accept_invitation",
            &[
                ("token", token.as_str()),
                ("login", login),
                ("name", "王立新"),
                ("password", "expert-password-1"),
                ("field", "公共财政"),
                ("affiliation", "湖南工商大学"),
                ("title", "教授"),
                ("bio", "研究县级财政透明度。"),
            ],
            None,
        )
        .await;
    assert_eq!(accepted.status(), 200);
    let cookie = session_pair(&accepted);
    // The link is spent.
    let again = app
        .post(
            "accept_invitation",
            &[
                ("token", token.as_str()),
                ("login", "someone-else"),
                ("name", "某人"),
                ("password", "expert-password-2"),
                ("field", ""),
                ("affiliation", ""),
                ("title", ""),
                ("bio", ""),
            ],
            None,
        )
        .await;
    assert_eq!(again.status(), 409);
    cookie
}

async fn save(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.post("save_article", fields, Some(cookie)).await
}

async fn step(app: &TestApp, cookie: &str, id: &str, action: &str, extra: &[(&str, &str)]) -> u16 {
    let mut form = vec![("id", id), ("action", action)];
    form.extend_from_slice(extra);
    app.post("article_step", &form, Some(cookie))
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn an_expert_article_from_invitation_to_the_policy_page() {
    let app = demo_app().await;
    let expert = invited_expert(&app, "wang-expert").await;
    let (_, desk) = app.get_as("/desk", &expert).await;
    assert!(
        desk.contains(&format!("/desk/articles/new?policy={POLICY}")),
        "assigned"
    );

    let first = "<h2>一、为什么要公开预算</h2><ul><li>看得见</li><li>看得懂</li></ul><p>第二段</p>";
    let id = json_string(
        save(
            &app,
            &expert,
            &[
                ("policy", POLICY),
                ("title", "读懂县本级部门预算"),
                ("summary", ""),
                ("byline", "王立新"),
                ("body", first),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(step(&app, &expert, &id, "submit", &[]).await, 200);

    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    assert_eq!(
        step(&app, &reviewer, &id, "return", &[]).await,
        400,
        "a return needs a comment"
    );
    assert_eq!(
        step(
            &app,
            &reviewer,
            &id,
            "return",
            &[("comment", "请补充“三公”经费的说明")]
        )
        .await,
        200
    );
    let (_, page) = app.get_as(&format!("/desk/articles/{id}"), &expert).await;
    assert!(
        page.contains("请补充“三公”经费的说明"),
        "the expert reads the comment"
    );

    let revised = "<h2>一、为什么要公开预算</h2><ul><li>看得见</li><li>看得懂</li></ul><p>第二段：“三公”经费单独列示</p>";
    json_string(
        save(
            &app,
            &expert,
            &[
                ("id", id.as_str()),
                ("title", "读懂县本级部门预算"),
                ("summary", ""),
                ("byline", "王立新"),
                ("body", revised),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(step(&app, &expert, &id, "submit", &[]).await, 200);
    let (_, review) = app.get_as(&format!("/desk/articles/{id}"), &reviewer).await;
    assert!(
        review.contains(r#"<li class="removed"><del>第二段</del></li>"#),
        "the diff"
    );
    assert!(review.contains("第二段：“三公”经费单独列示</ins>"));
    assert_eq!(
        step(&app, &expert, &id, "approve", &[]).await,
        403,
        "never one's own"
    );
    assert_eq!(step(&app, &reviewer, &id, "approve", &[]).await, 200);

    // Scheduled for an hour from now (China time, as the form sends it).
    let at = (app.clock.now() + Duration::hours(1))
        .with_timezone(&app::domain::policy::china_offset())
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    assert_eq!(
        step(&app, &reviewer, &id, "schedule", &[("at", at.as_str())]).await,
        200
    );
    let (status, _) = app.get(&format!("/interpretations/{id}")).await;
    assert_eq!(status, 404, "not before it is due");

    // The publisher runs on the app's clock; two hours pass.
    tokio::spawn(jiedu::jobs::publish_scheduled(
        app.db.clone(),
        app.changes.clone(),
        app.clock.clone(),
        "test".into(),
        StdDuration::from_millis(50),
    ));
    app.clock.advance(Duration::hours(2));
    let mut published = false;
    for _ in 0..100 {
        if app.get(&format!("/interpretations/{id}")).await.0 == 200 {
            published = true;
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    assert!(published, "published when due");
    let (_, public) = app.get(&format!("/interpretations/{id}")).await;
    assert!(
        public.contains(&format!(r#"href="/policies/{POLICY}""#)),
        "links to its policy"
    );
    assert!(public.contains("湖南工商大学"), "the expert's profile");
    assert!(public.contains("<h2>一、为什么要公开预算</h2><ul><li>看得见</li>"));
    let (_, policy_page) = app.get(&format!("/policies/{POLICY}")).await;
    assert!(policy_page.contains(&format!(r#"href="/interpretations/{id}""#)));
}

#[tokio::test]
async fn who_may_see_and_write_what() {
    let app = demo_app().await;
    let wang = invited_expert(&app, "wang-expert").await;
    let draft = json_string(
        save(
            &app,
            &wang,
            &[
                ("policy", POLICY),
                ("title", "王的草稿"),
                ("summary", ""),
                ("byline", "王立新"),
                ("body", "<p>草稿</p>"),
            ],
        )
        .await,
    )
    .await;
    // Another expert: not their draft, not their policy.
    let other = cookie_for(&app, "expert2").await;
    assert_eq!(
        app.get_as(&format!("/api/desk_article?id={draft}"), &other)
            .await
            .0,
        403
    );
    let (status, page) = app.get_as(&format!("/desk/articles/{draft}"), &other).await;
    assert_eq!(status, 403);
    assert!(!page.contains("草稿</p>"));
    let edit = save(
        &app,
        &other,
        &[
            ("id", draft.as_str()),
            ("title", "改掉"),
            ("summary", ""),
            ("byline", "x"),
            ("body", "<p>x</p>"),
        ],
    )
    .await;
    assert_eq!(edit.status(), 403);
    let unassigned = save(
        &app,
        &wang,
        &[
            ("policy", "jsj-2016-1"),
            ("title", "未受邀的政策"),
            ("summary", ""),
            ("byline", "王立新"),
            ("body", "<p>x</p>"),
        ],
    )
    .await;
    assert_eq!(unassigned.status(), 403);
    // An editor of another unit sees nothing of it; the public neither.
    let jsj = cookie_for(&app, "jsj-editor").await;
    assert_eq!(
        app.get_as(&format!("/api/desk_article?id={draft}"), &jsj)
            .await
            .0,
        403
    );
    assert_eq!(app.get(&format!("/interpretations/{draft}")).await.0, 404);
    assert_eq!(
        app.get(&format!("/api/desk_article?id={draft}")).await.0,
        401
    );
    // An editor of the unit reads it but does not rewrite an expert's words.
    let czj = cookie_for(&app, "czj-editor").await;
    assert_eq!(
        app.get_as(&format!("/api/desk_article?id={draft}"), &czj)
            .await
            .0,
        200
    );
    let rewrite = save(
        &app,
        &czj,
        &[
            ("id", draft.as_str()),
            ("title", "编辑改写"),
            ("summary", ""),
            ("byline", "x"),
            ("body", "<p>x</p>"),
        ],
    )
    .await;
    assert_eq!(rewrite.status(), 403);
    let row = app::ssr::repo::article::get_desk(
        &app.db,
        &app::domain::ArticleId::parse(&draft).expect("id"),
    )
    .await
    .expect("get")
    .expect("exists");
    assert_eq!(row.title, "王的草稿", "nothing changed");
}

#[tokio::test]
async fn a_rejected_article_form_keeps_what_was_typed() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let response = app
        .client
        .post(format!("{}/api/save_article", app.base))
        .header(reqwest::header::ORIGIN, &app.base)
        .header(reqwest::header::ACCEPT, "text/html")
        .header(reqwest::header::COOKIE, &editor)
        .form(&[
            ("policy", POLICY),
            ("kind", "department"),
            ("title", ""),
            ("summary", "摘要保留"),
            ("byline", "县财政局"),
            ("body", "<p>正文保留</p>"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 302);
    let back = response.headers()[reqwest::header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        back.starts_with(&format!("/desk/articles/new?policy={POLICY}&stash=")),
        "{back}"
    );
    let (_, page) = app
        .get_as(&back, &crate::support::with_form_cookie(&editor, &response))
        .await;
    assert!(page.contains(r#"id="title-error""#));
    assert!(page.contains("摘要保留") && page.contains("正文保留"));
}

/// Hostile markup submitted through the real server fn: nothing executable is stored,
/// and nothing executable is served once the article is public.
#[tokio::test]
async fn hostile_markup_is_stored_and_served_harmless() {
    const VECTORS: &[&str] = &[
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"javascript:alert(1)\">",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"//evil.example/\">x</a>",
        "<body onload=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math href=\"javascript:alert(1)\">x</math>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<input onfocus=alert(1) autofocus>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<audio src=x onerror=alert(1)>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<div style=\"width:expression(alert(1))\">x</div>",
        "<style>@import 'javascript:alert(1)';</style>",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
        "<td background=\"javascript:alert(1)\">",
        "<p onmouseover=\"alert(1)\">hover</p>",
        "<<script>alert(1);//<</script>",
        "<img \"\"\"><script>alert(1)</script>\">",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<!--<script>alert(1)</script>-->",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<template><script>alert(1)</script></template>",
        "<h2 onclick=alert(1)>标题</h2>",
        "<a href=\"https://example.cn\" onclick=\"alert(1)\" target=\"_blank\">ok</a>",
    ];
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    // One article per vector: a vector that swallows what follows it cannot hide another.
    for (n, vector) in VECTORS.iter().enumerate() {
        let body = format!("<p>前文</p>{vector}<p>后文</p>");
        let title = format!("恶意标记测试 {n}");
        let id = json_string(
            save(
                &app,
                &editor,
                &[
                    ("policy", POLICY),
                    ("kind", "department"),
                    ("title", title.as_str()),
                    ("summary", ""),
                    ("byline", "县财政局"),
                    ("body", body.as_str()),
                ],
            )
            .await,
        )
        .await;
        let stored = app::ssr::repo::article::get_desk(
            &app.db,
            &app::domain::ArticleId::parse(&id).expect("id"),
        )
        .await
        .expect("get")
        .expect("exists")
        .body;
        assert_harmless(&stored, vector);
        assert!(
            stored.contains("<p>前文</p>"),
            "{vector}: the text around it stays"
        );
        assert_eq!(step(&app, &editor, &id, "submit", &[]).await, 200);
        assert_eq!(step(&app, &reviewer, &id, "approve", &[]).await, 200);
        assert_eq!(step(&app, &reviewer, &id, "publish", &[]).await, 200);
        let (status, page) = app.get(&format!("/interpretations/{id}")).await;
        assert_eq!(status, 200);
        // The article as served (the page around it is ours).
        let start = page
            .find(r#"<article class="interpretation">"#)
            .expect("article");
        let end = page[start..].find("</article>").expect("end") + start;
        assert_harmless(&page[start..end], vector);
        if vector.contains("https://example.cn") {
            assert!(
                page.contains(r#"<a href="https://example.cn" rel="noopener noreferrer">ok</a>"#)
            );
        }
    }
}

fn assert_harmless(html: &str, vector: &str) {
    let lower = html.to_ascii_lowercase();
    for needle in [
        "<script",
        "javascript:",
        "vbscript:",
        "data:",
        "<svg",
        "<math",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<style",
        "style=",
        "<link",
        "<meta",
        "<base",
        "<details",
        "<video",
        "<audio",
        "<template",
        "<noscript",
        "background=",
        "srcdoc",
        "//evil",
    ] {
        assert!(!lower.contains(needle), "{vector}: {needle} in {html}");
    }
    let handler = regex::Regex::new(r"(?i)<[^>]*\son[a-z]+\s*=").expect("pattern");
    assert!(
        !handler.is_match(html),
        "{vector}: an event handler in {html}"
    );
}

#[tokio::test]
async fn a_withdrawal_set_for_a_time_takes_the_article_down_then() {
    let app = demo_app().await;
    let filter = app::ssr::repo::article::ArticleFilter {
        unit: Some(app::domain::TaxonomyCode::parse("czj").expect("unit")),
        ..Default::default()
    };
    let page = app::ssr::repo::article::list_public(&app.db, &filter)
        .await
        .expect("list");
    let id = page.items[0].id.clone();
    let editor = cookie_for(&app, "czj-editor").await;
    let other = cookie_for(&app, "jsj-editor").await;
    let at = (app.clock.now() + Duration::hours(1))
        .with_timezone(&app::domain::policy::china_offset())
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    let form = [("at", at.as_str())];
    assert_eq!(
        step(&app, &other, &id, "schedule_withdraw", &form).await,
        403
    );
    assert_eq!(
        step(&app, &editor, &id, "schedule_withdraw", &[]).await,
        400,
        "needs a time"
    );
    assert_eq!(
        step(&app, &editor, &id, "schedule_withdraw", &form).await,
        200
    );
    let (_, desk) = app.get_as(&format!("/desk/articles/{id}"), &editor).await;
    assert!(desk.contains("将于此时撤回"));
    assert_eq!(
        app.get(&format!("/interpretations/{id}")).await.0,
        200,
        "still public"
    );

    tokio::spawn(jiedu::jobs::publish_scheduled(
        app.db.clone(),
        app.changes.clone(),
        app.clock.clone(),
        "test".into(),
        StdDuration::from_millis(50),
    ));
    app.clock.advance(Duration::minutes(90));
    let mut gone = false;
    for _ in 0..100 {
        if app.get(&format!("/interpretations/{id}")).await.0 == 404 {
            gone = true;
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    assert!(gone, "withdrawn when due");
}
