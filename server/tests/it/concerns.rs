//! Public concerns over HTTP: asking (checks, honeypot, rate limit, no JavaScript), the
//! answer flow, who may read what, and that private details never reach a public page or
//! a log line.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::support::{TestApp, cookie_for, demo_app};
use reqwest::header::{ACCEPT, COOKIE, LOCATION, ORIGIN, RETRY_AFTER};

const POLICY: &str = "czj-2016-2";
const CONTACT: &str = "13807349876";
const ORIGINAL: &str = "我叫赵六，住在城关镇幸福路12号，预算公开表里的“三公”经费怎么看？";

async fn json<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> T {
    let status = response.status();
    let body = response.text().await.expect("body");
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("json")
}

fn question(text: &str) -> Vec<(&'static str, String)> {
    vec![
        ("question", text.to_owned()),
        ("name", "赵六".to_owned()),
        ("contact", CONTACT.to_owned()),
        ("policy", POLICY.to_owned()),
    ]
}

async fn ask(app: &TestApp, form: &[(&'static str, String)]) -> reqwest::Response {
    app.client
        .post(format!("{}/api/ask", app.base))
        .header(ORIGIN, &app.base)
        .form(form)
        .send()
        .await
        .expect("request")
}

async fn stored(app: &TestApp) -> u64 {
    let count: Option<u64> = app
        .db
        .query("RETURN count(SELECT id FROM concern)")
        .await
        .expect("query")
        .take(0)
        .expect("take");
    count.unwrap_or(0)
}

#[tokio::test]
async fn asking_checks_every_field_and_keeps_what_was_typed() {
    let app = demo_app().await;
    let before = stored(&app).await;
    let code: String = json(ask(&app, &question(ORIGINAL)).await).await;
    assert!(
        regex::Regex::new(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$")
            .expect("pattern")
            .is_match(&code)
    );
    assert_eq!(stored(&app).await, before + 1);

    // A script gets 400 naming every bad field.
    let bad = vec![
        ("question", "短".to_owned()),
        ("name", String::new()),
        ("contact", "12345".to_owned()),
        ("policy", POLICY.to_owned()),
    ];
    let refused = ask(&app, &bad).await;
    assert_eq!(refused.status(), 400);
    let body = refused.text().await.expect("body");
    assert!(
        body.contains("question") && body.contains("contact"),
        "{body}"
    );
    assert_eq!(stored(&app).await, before + 1, "nothing stored");

    // A page (no JavaScript) comes back to the form with the problems and the input.
    let response = app
        .client
        .post(format!("{}/api/ask", app.base))
        .header(ORIGIN, &app.base)
        .header(ACCEPT, "text/html")
        .form(&[
            ("question", "我想问一个足够长的问题？"),
            ("name", "赵六"),
            ("contact", "not-a-phone"),
            ("policy", POLICY),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 302);
    let back = response.headers()[LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(back.starts_with("/ask?stash="), "{back}");
    let (_, page) = app
        .get_as(&back, &crate::support::with_form_cookie("", &response))
        .await;
    assert!(page.contains(r#"id="contact-error""#));
    assert!(
        page.contains("我想问一个足够长的问题？"),
        "the question is kept"
    );
    assert!(page.contains(r#"value="not-a-phone""#), "so is the contact");
    assert!(
        page.contains("电话号码格式不正确"),
        "the problem, in Chinese"
    );
    // The same attempt in the English interface: the problem in English.
    let (_, page) = app
        .get_as(
            &back,
            &format!(
                "{}; jiedu_lang=en",
                crate::support::with_form_cookie("", &response)
            ),
        )
        .await;
    assert!(
        page.contains("The telephone number is not valid") && !page.contains("电话号码格式不正确"),
        "the problem, in English"
    );

    // Accepted from a page: on to /track with the new code.
    let response = app
        .client
        .post(format!("{}/api/ask", app.base))
        .header(ORIGIN, &app.base)
        .header(ACCEPT, "text/html")
        .form(&[
            ("question", "无脚本提交的问题可以吗？"),
            ("name", ""),
            ("contact", "wang@example.cn"),
            ("policy", ""),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 302);
    let track = response.headers()[LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        track.starts_with("/track?code=") && track.ends_with("&new=1"),
        "{track}"
    );
    let (status, page) = app.get(&track).await;
    assert_eq!(status, 200);
    assert!(page.contains("待处理"), "its status");
}

#[tokio::test]
async fn the_honeypot_and_repeats() {
    let app = demo_app().await;
    let before = stored(&app).await;
    let mut robot = question("机器人填写的问题内容");
    robot.push(("website", "http://spam.example".into()));
    assert_eq!(ask(&app, &robot).await.status(), 200);
    assert_eq!(stored(&app).await, before, "nothing stored for a robot");
    let first: String = json(ask(&app, &question("同一个问题问两次会怎样？")).await).await;
    let again: String = json(ask(&app, &question("同一个问题 问两次会怎样")).await).await;
    assert_eq!(first, again, "a repeat gets its first code");
    assert_eq!(stored(&app).await, before + 1);
}

#[tokio::test]
async fn the_rate_limit_answers_429_and_stores_nothing() {
    let app = demo_app().await;
    let before = stored(&app).await;
    for n in 0..5 {
        let response = ask(&app, &question(&format!("第 {n} 个不同的问题是什么？"))).await;
        assert_eq!(response.status(), 200, "{n}");
    }
    let refused = ask(&app, &question("第六个不同的问题是什么？")).await;
    assert_eq!(refused.status(), 429);
    let retry: u64 = refused.headers()[RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(retry > 0 && retry <= 3600);
    assert_eq!(stored(&app).await, before + 5);
    // A page gets a 429 page saying when to try again.
    let page = app
        .client
        .post(format!("{}/api/ask", app.base))
        .header(ORIGIN, &app.base)
        .header(ACCEPT, "text/html")
        .form(&question("第七个不同的问题是什么？"))
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), 302);
    let wait = page.headers()[LOCATION].to_str().expect("ascii").to_owned();
    assert!(wait.starts_with("/ask?wait="), "{wait}");
    let shown = app
        .client
        .get(format!("{}{wait}", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(shown.status(), 429);
    assert!(shown.text().await.expect("body").contains("分钟后再试"));
}

/// A buffer the server's log lines go to, for the privacy test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn private_details_never_reach_a_public_page_or_a_log_line() {
    let logs = Captured::default();
    let writer = logs.clone();
    let _ = tracing_subscriber::fmt()
        .with_env_filter("info,surrealdb=warn")
        .with_writer(move || writer.clone())
        .try_init();
    let app = demo_app().await;
    let code: String = json(ask(&app, &question(ORIGINAL)).await).await;

    // The unit answers; its reviewer signs off; the editor publishes an edited Q&A.
    let editor = cookie_for(&app, "czj-editor").await;
    let reviewer = cookie_for(&app, "czj-reviewer").await;
    let step = |cookie: &str, form: Vec<(&'static str, String)>| {
        let mut form = form;
        form.push(("code", code.clone()));
        let cookie = cookie.to_owned();
        let app = &app;
        async move {
            app.post(
                "concern_step",
                &form
                    .iter()
                    .map(|(k, v)| (*k, v.as_str()))
                    .collect::<Vec<_>>(),
                Some(&cookie),
            )
            .await
            .status()
        }
    };
    assert_eq!(
        step(
            &editor,
            vec![("action", "accept".into()), ("class", "routine".into())]
        )
        .await,
        200
    );
    assert_eq!(
        step(
            &editor,
            vec![
                ("action", "draft".into()),
                (
                    "answer",
                    "<p>请在县政府门户网站“财政信息”栏目查看部门预算表。</p>".into()
                )
            ]
        )
        .await,
        200
    );
    assert_eq!(step(&editor, vec![("action", "submit".into())]).await, 200);
    assert_eq!(
        step(&editor, vec![("action", "approve".into())]).await,
        403,
        "not one's own"
    );
    assert_eq!(
        step(&reviewer, vec![("action", "approve".into())]).await,
        200
    );
    let (_, tracked) = app.get(&format!("/track?code={code}")).await;
    assert!(
        tracked.contains("财政信息”栏目查看部门预算表"),
        "the asker sees the answer"
    );
    let qa: String = json(
        app.post(
            "publish_qa",
            &[
                ("code", code.as_str()),
                ("question", "预算公开表里的“三公”经费怎么看？"),
            ],
            Some(&editor),
        )
        .await,
    )
    .await;
    let (_, policy_page) = app.get(&format!("/policies/{POLICY}")).await;
    assert!(
        policy_page.contains(&format!("qa-{qa}")),
        "the Q&A is on the policy page"
    );

    // Every public page, list and API answer: no contact, no original wording.
    let mut public = Vec::new();
    for path in [
        "/".to_owned(),
        "/policies".to_owned(),
        format!("/policies/{POLICY}"),
        "/interpretations".to_owned(),
        "/qa".to_owned(),
        format!("/qa?policy={POLICY}"),
        "/ask".to_owned(),
        format!("/track?code={code}"),
        "/api/qa".to_owned(),
        format!("/api/track?code={code}"),
        format!("/api/policy?id={POLICY}"),
        format!("/qa/{qa}"),
        "/feeds/qa.atom".to_owned(),
        "/feeds/qa.atom?unit=czj".to_owned(),
        "/sitemap/qa-1.xml".to_owned(),
        "/search?q=%E4%B8%89%E5%85%AC".to_owned(),
    ] {
        let (status, body) = app.get(&path).await;
        assert_eq!(status, 200, "{path}");
        public.push((path, body));
    }
    public.push((
        "export".into(),
        app::ssr::tooling::transfer::export(&app.db)
            .await
            .expect("export"),
    ));
    for (path, body) in &public {
        assert!(!body.contains(CONTACT), "the contact on {path}");
        assert!(
            !body.contains("赵六") && !body.contains("幸福路"),
            "personal details on {path}"
        );
        assert!(!body.contains(ORIGINAL), "the original wording on {path}");
    }
    // The published question is found; the private wording and the contact are not.
    let (_, found) = app
        .get(&format!("/search?q={}", percent("经费怎么看")))
        .await;
    assert!(
        found.contains(&format!("/qa/{qa}")),
        "the Q&A is found by its words"
    );
    for private in ["赵六", "幸福路", CONTACT] {
        let (status, body) = app.get(&format!("/search?q={}", percent(private))).await;
        assert_eq!(status, 200);
        assert!(
            body.contains("共找到 0 条结果"),
            "{private} finds something"
        );
    }
    let logged = String::from_utf8(logs.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(
        !logged.contains(CONTACT) && !logged.contains("幸福路"),
        "a log line: {logged}"
    );

    // The unit's staff see the private details; another unit's editor does not.
    let (status, page) = app.get_as(&format!("/desk/concerns/{code}"), &editor).await;
    assert_eq!(status, 200);
    assert!(page.contains(CONTACT) && page.contains("幸福路"));
    let other = cookie_for(&app, "jsj-editor").await;
    let (status, page) = app.get_as(&format!("/desk/concerns/{code}"), &other).await;
    assert_eq!(status, 403);
    assert!(!page.contains(CONTACT));
    let (status, _) = app
        .get_as(&format!("/api/concern?code={code}"), &other)
        .await;
    assert_eq!(status, 403);
    let (_, inbox) = app.get_as("/api/inbox", &other).await;
    assert!(!inbox.contains(CONTACT));
}

#[tokio::test]
async fn another_units_editor_can_neither_read_nor_answer() {
    let app = demo_app().await;
    let code: String = json(ask(&app, &question(ORIGINAL)).await).await;
    let before = app::ssr::repo::concern::get(&app.db, &code)
        .await
        .expect("get")
        .expect("stored");
    let other = cookie_for(&app, "jsj-editor").await;
    for form in [
        vec![
            ("code", code.as_str()),
            ("action", "accept"),
            ("class", "routine"),
        ],
        vec![
            ("code", code.as_str()),
            ("action", "close"),
            ("reason", "spam"),
        ],
        vec![
            ("code", code.as_str()),
            ("action", "assign"),
            ("unit", "jsj"),
        ],
    ] {
        let response = app.post("concern_step", &form, Some(&other)).await;
        assert_eq!(response.status(), 403, "{form:?}");
    }
    let anonymous = app
        .post(
            "concern_step",
            &[
                ("code", code.as_str()),
                ("action", "accept"),
                ("class", "routine"),
            ],
            None,
        )
        .await;
    assert_eq!(anonymous.status(), 401);
    let after = app::ssr::repo::concern::get(&app.db, &code)
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(before, after, "nothing changed");
    let response = app
        .client
        .get(format!("{}/api/concern?code={code}", app.base))
        .header(COOKIE, &other)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn the_inbox_shows_what_is_overdue_and_editors_write_qa_directly() {
    let app = demo_app().await;
    let jsj = cookie_for(&app, "jsj-editor").await;
    // The demo has a 住建局 question accepted twenty days ago and never answered.
    let (status, overdue) = app.get_as("/desk/inbox?show=overdue", &jsj).await;
    assert_eq!(status, 200);
    assert!(overdue.contains(r#"<tr class="overdue">"#), "{overdue}");
    assert!(overdue.contains("已逾期"));

    let czj = cookie_for(&app, "czj-editor").await;
    let written: String = json(
        app.post(
            "write_qa",
            &[
                ("policy", POLICY),
                ("question", "部门预算在哪里公开？"),
                (
                    "answer",
                    "<p>在县政府门户网站“财政信息”栏目。</p><script>x()</script>",
                ),
            ],
            Some(&czj),
        )
        .await,
    )
    .await;
    let (_, list) = app.get(&format!("/qa?policy={POLICY}")).await;
    assert!(list.contains(&format!("qa-{written}")) && list.contains("部门预算在哪里公开？"));
    assert!(!list.contains("<script>x()"), "sanitised");
    // Not on another unit's policy.
    let refused = app
        .post(
            "write_qa",
            &[
                ("policy", POLICY),
                ("question", "越权发布的问答？"),
                ("answer", "<p>不应出现</p>"),
            ],
            Some(&jsj),
        )
        .await;
    assert_eq!(refused.status(), 403);
    assert!(!app.get("/qa").await.1.contains("越权发布的问答"));
}

#[tokio::test]
async fn the_admin_keeps_the_calendar() {
    let app = demo_app().await;
    let admin = cookie_for(&app, "admin").await;
    let bad = app
        .post(
            "import_calendar",
            &[(
                "text",
                "2027-01-01 休 元旦\n2027-13-01 休 错误\n2027-01-03 上班 元旦",
            )],
            Some(&admin),
        )
        .await;
    assert_eq!(bad.status(), 400);
    let body = bad.text().await.expect("body");
    assert!(body.contains("line 2") && body.contains("line 3"), "{body}");
    let (_, page) = app.get_as("/admin/calendar", &admin).await;
    assert!(
        !page.contains("2027-01-01"),
        "nothing of a bad file is stored"
    );
    let good = app
        .post(
            "import_calendar",
            &[("text", "2027-01-01 休 元旦\n2027-01-03 班 元旦")],
            Some(&admin),
        )
        .await;
    assert_eq!(good.status(), 200);
    let (_, page) = app.get_as("/admin/calendar", &admin).await;
    assert!(page.contains("2027-01-01") && page.contains("2027-01-03"));
    assert_eq!(
        app.post("set_routine_days", &[("days", "0")], Some(&admin))
            .await
            .status(),
        400
    );
    assert_eq!(
        app.post("set_routine_days", &[("days", "7")], Some(&admin))
            .await
            .status(),
        200
    );
    assert_eq!(
        app::ssr::repo::concern::routine_days(&app.db)
            .await
            .expect("read"),
        7
    );
}

fn percent(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}
