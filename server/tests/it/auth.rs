//! Sign-in, sessions and cross-site protection over real HTTP.

use crate::support::{TestApp, cookie_for, demo_app, session_pair};
use app::domain::TaxonomyCode;
use app::domain::account::{DisplayName, LoginName, NewPassword};
use app::domain::workflow::Role;
use app::ssr::password::PasswordHash;
use app::ssr::repo::{audit, user};
use reqwest::header::{COOKIE, ORIGIN, RETRY_AFTER, SET_COOKIE};

const PASSWORD: &str = "hengdong-2016!";

async fn app_with_editor() -> TestApp {
    TestApp::spawn_with(|db| async move {
        app::ssr::tooling::fixtures::load_taxonomies(&db)
            .await
            .expect("taxonomies");
        let account = user::NewAccount {
            login: LoginName::parse("czj-editor").expect("login"),
            display_name: DisplayName::parse("欧艳波").expect("name"),
            unit: Some(TaxonomyCode::parse("czj").expect("unit")),
            roles: vec![Role::Editor],
            password: PasswordHash::new(&NewPassword::parse(PASSWORD).expect("pw"))
                .await
                .expect("hash"),
        };
        user::create(&db, &account, audit::CLI_ACTOR)
            .await
            .expect("account");
    })
    .await
}

impl TestApp {
    async fn login(&self, login: &str, password: &str) -> reqwest::Response {
        self.post("login", &[("login", login), ("password", password)], None)
            .await
    }

    /// Signs in and returns the `name=value` pair of the session cookie.
    async fn session(&self) -> String {
        let response = self.login("czj-editor", PASSWORD).await;
        assert_eq!(response.status(), 200);
        session_pair(&response)
    }

    async fn whoami(&self, cookie: Option<&str>) -> String {
        let mut request = self.client.get(format!("{}/api/whoami", self.base));
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        request
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("body")
    }
}

#[tokio::test]
async fn signing_in_sets_a_protected_session_cookie() {
    let app = app_with_editor().await;
    let response = app.login("czj-editor", PASSWORD).await;
    assert_eq!(response.status(), 200);
    let set_cookie = response.headers()[SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    let (pair, attributes) = set_cookie.split_once(';').expect("attributes");
    let (name, token) = pair.split_once('=').expect("pair");
    assert_eq!(name, "jiedu_session");
    assert_eq!(token.len(), 64, "256 random bits, hex");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
        assert!(
            attributes.contains(attribute),
            "{attribute} in {set_cookie}"
        );
    }
    assert!(!attributes.contains("Secure"), "plain http in tests");
    assert!(
        app.whoami(Some(pair))
            .await
            .contains("\"login\":\"czj-editor\"")
    );
    assert_eq!(app.whoami(None).await, "null");

    // A new sign-in gets a new token.
    assert_ne!(app.session().await, app.session().await);
}

#[tokio::test]
async fn wrong_password_and_unknown_account_fail_alike() {
    let app = app_with_editor().await;
    let wrong = app.login("czj-editor", "not-the-password").await;
    let unknown = app.login("no-such-user", "not-the-password").await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert!(wrong.headers().get(SET_COOKIE).is_none());
    assert_eq!(
        wrong.text().await.expect("body"),
        unknown.text().await.expect("body")
    );
}

#[tokio::test]
async fn ten_wrong_passwords_throttle_the_account_without_revealing_it() {
    let app = app_with_editor().await;
    for _ in 0..10 {
        assert_eq!(app.login("czj-editor", "guess-guess-1").await.status(), 401);
        assert_eq!(app.login("ghost-user", "guess-guess-1").await.status(), 401);
    }
    let real = app.login("czj-editor", PASSWORD).await;
    let ghost = app.login("ghost-user", PASSWORD).await;
    assert_eq!(real.status(), 429, "even the right password waits");
    assert_eq!(
        ghost.status(),
        429,
        "an unknown account is throttled the same way"
    );
    let retry: u64 = real.headers()[RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=900).contains(&retry), "{retry}");
    assert!(real.headers().get(SET_COOKIE).is_none());
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = app_with_editor().await;
    let url = format!("{}/api/login", app.base);
    let form = [("login", "czj-editor"), ("password", PASSWORD)];
    let no_origin = app
        .client
        .post(&url)
        .form(&form)
        .send()
        .await
        .expect("request");
    assert_eq!(no_origin.status(), 403);
    let foreign = app
        .client
        .post(&url)
        .header(ORIGIN, "http://evil.example")
        .form(&form)
        .send()
        .await
        .expect("request");
    assert_eq!(foreign.status(), 403);
    assert!(foreign.headers().get(SET_COOKIE).is_none());
    let referer = app
        .client
        .post(&url)
        .header(reqwest::header::REFERER, format!("{}/login", app.base))
        .form(&form)
        .send()
        .await
        .expect("request");
    assert_ne!(
        referer.status(),
        403,
        "a same-site Referer is accepted when Origin is absent"
    );
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = app_with_editor().await;
    let cookie = app.session().await;
    let response = app.post("logout", &[], Some(&cookie)).await;
    assert_eq!(response.status(), 200);
    let removal = response.headers()[SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        removal.starts_with("jiedu_session=;") && removal.contains("Max-Age=0"),
        "{removal}"
    );
    assert_eq!(
        app.whoami(Some(&cookie)).await,
        "null",
        "the old cookie no longer works"
    );
}

#[tokio::test]
async fn logout_everywhere_ends_every_session() {
    let app = app_with_editor().await;
    let laptop = app.session().await;
    let phone = app.session().await;
    assert_eq!(
        app.post("logout_everywhere", &[], Some(&laptop))
            .await
            .status(),
        200
    );
    assert_eq!(app.whoami(Some(&phone)).await, "null");
    assert_eq!(app.whoami(Some(&laptop)).await, "null");
    assert_eq!(
        app.post("logout_everywhere", &[], None).await.status(),
        401,
        "signed out"
    );
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in() {
    let app = app_with_editor().await;
    let cookie = app.session().await;
    let login = LoginName::parse("czj-editor").expect("login");
    user::set_disabled(&app.db, &login, true, audit::CLI_ACTOR)
        .await
        .expect("disable");
    assert_eq!(app.login("czj-editor", PASSWORD).await.status(), 401);
    assert_eq!(
        app.whoami(Some(&cookie)).await,
        "null",
        "its open sessions end too"
    );
}

impl TestApp {
    /// GET /desk with a session cookie.
    async fn desk(&self, cookie: &str) -> reqwest::Response {
        self.client
            .get(format!("{}/desk", self.base))
            .header(COOKIE, cookie)
            .send()
            .await
            .expect("request")
    }
}

/// Posts a form the way a browser does from `/login`: HTML accepted, same-site Referer.
async fn browser_post(
    app: &TestApp,
    endpoint: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}/api/{endpoint}", app.base))
        .header(ORIGIN, &app.base)
        .header(reqwest::header::REFERER, format!("{}/login", app.base))
        .header(reqwest::header::ACCEPT, "text/html,application/xhtml+xml")
        .form(form);
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    request.send().await.expect("request")
}

fn location(response: &reqwest::Response) -> String {
    response.headers()[reqwest::header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned()
}

#[tokio::test]
async fn the_desk_sends_a_signed_out_visitor_to_the_login_page() {
    let app = app_with_editor().await;
    let response = app
        .client
        .get(format!("{}/desk", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/login");
    let (status, page) = app.get("/login").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<form method="post" action="/api/login""#));
    assert!(page.contains(r#"autocomplete="current-password""#));
}

#[tokio::test]
async fn the_login_form_keeps_the_name_and_says_why_it_failed() {
    let app = app_with_editor().await;
    let response = browser_post(
        &app,
        "login",
        &[("login", "czj-editor"), ("password", "wrong-password")],
        None,
    )
    .await;
    assert_eq!(response.status(), 302);
    let back = location(&response);
    assert_eq!(back, "/login?login=czj-editor&failed=credentials");
    let (_, page) = app.get(&back).await;
    assert!(page.contains("登录名或密码不正确"));
    assert!(page.contains(r#"value="czj-editor""#));
}

#[tokio::test]
async fn signing_in_with_the_form_leads_to_the_desk_and_out_again() {
    let app = crate::support::demo_app().await;
    let password = app::ssr::tooling::demo::DEMO_PASSWORD;
    let response = browser_post(
        &app,
        "login",
        &[("login", "jsj-editor"), ("password", password)],
        None,
    )
    .await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/desk");
    let cookie = session_pair(&response);

    let desk = app.desk(&cookie).await;
    assert_eq!(desk.status(), 200);
    let desk = desk.text().await.expect("body");
    assert!(desk.contains("住房和城乡建设局编辑"), "the editor's name");
    assert!(
        desk.contains("衡东县老旧小区改造三年行动计划（征求意见稿）"),
        "the unit's draft"
    );
    assert!(
        !desk.contains("衡东县就业创业补贴资金管理办法"),
        "another unit's submission is not an editor's business"
    );

    let response = browser_post(&app, "logout", &[], Some(&cookie)).await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/");
    let after = app.desk(&cookie).await;
    assert_eq!(after.status(), 302, "the session ended on the server");

    let response = browser_post(
        &app,
        "login",
        &[("login", "dzzwb-reviewer"), ("password", password)],
        None,
    )
    .await;
    let cookie = session_pair(&response);
    let desk = app.desk(&cookie).await;
    let desk = desk.text().await.expect("body");
    assert!(
        desk.contains("衡东县就业创业补贴资金管理办法"),
        "a reviewer sees what waits for sign-off"
    );
}

async fn status_of(app: &TestApp, id: &str) -> app::domain::PolicyStatus {
    let id = app::domain::PolicyId::parse(id).expect("id");
    app::ssr::repo::policy::status_of(&app.db, &id)
        .await
        .expect("status")
        .expect("exists")
}

/// Gives a policy a plan, submitted by its unit's editor and approved by a reviewer.
async fn approved_plan(app: &TestApp, policy: &str) {
    use app::domain::plan::PlanAction;
    use app::domain::workflow::{Actor, Role};
    use app::ssr::repo::plan;
    let id = app::domain::PolicyId::parse(policy).expect("id");
    let unit = app::ssr::repo::policy::unit_of(&app.db, &id)
        .await
        .expect("unit")
        .expect("exists");
    let editor = format!("{unit}-editor");
    let fields = plan::PlanFields {
        background: "背景".into(),
        key_points: "要点".into(),
        risk_level: app::domain::plan::RiskLevel::Low,
        risk_assessment: "低".into(),
        editor: editor.clone(),
    };
    let submitter = Actor {
        login: editor,
        unit: Some(unit),
        roles: vec![Role::Editor],
    };
    plan::save(&app.db, &id, &fields, &submitter, chrono::Utc::now())
        .await
        .expect("plan")
        .publish(&app.changes);
    plan::transition(
        &app.db,
        &id,
        &submitter,
        PlanAction::Submit,
        None,
        chrono::Utc::now(),
    )
    .await
    .expect("submit")
    .publish(&app.changes);
    let reviewer = Actor {
        login: "dcs-reviewer".into(),
        unit: None,
        roles: vec![Role::Reviewer],
    };
    plan::transition(
        &app.db,
        &id,
        &reviewer,
        PlanAction::Approve,
        None,
        chrono::Utc::now(),
    )
    .await
    .expect("approve")
    .publish(&app.changes);
}

#[tokio::test]
async fn workflow_steps_are_authorised_on_the_server() {
    use app::domain::PolicyStatus;
    let app = demo_app().await;
    let submitted = "rsj-2016-6";
    let approve = [("id", submitted), ("action", "approve")];

    // Signed out: 401. Expert, editor of the unit, admin: 403. Nothing changes.
    assert_eq!(
        app.post("transition_policy", &approve, None).await.status(),
        401
    );
    for login in ["expert", "rsj-editor", "czj-editor", "admin"] {
        let cookie = cookie_for(&app, login).await;
        assert_eq!(
            app.post("transition_policy", &approve, Some(&cookie))
                .await
                .status(),
            403,
            "{login}"
        );
    }
    assert_eq!(status_of(&app, submitted).await, PolicyStatus::Submitted);

    // A reviewer may (once the major policy's plan is signed off, see tests/plans.rs); a
    // second approval is a conflict.
    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    let refused = app
        .post("transition_policy", &approve, Some(&reviewer))
        .await;
    assert_eq!(refused.status(), 409, "同步审签: the plan first");
    approved_plan(&app, submitted).await;
    assert_eq!(
        app.post("transition_policy", &approve, Some(&reviewer))
            .await
            .status(),
        200
    );
    assert_eq!(status_of(&app, submitted).await, PolicyStatus::Approved);
    assert_eq!(
        app.post("transition_policy", &approve, Some(&reviewer))
            .await
            .status(),
        409
    );

    // Unknown steps and records.
    let bad = [("id", submitted), ("action", "delete")];
    assert_eq!(
        app.post("transition_policy", &bad, Some(&reviewer))
            .await
            .status(),
        400
    );
    let ghost = [("id", "no-such-policy"), ("action", "approve")];
    assert_eq!(
        app.post("transition_policy", &ghost, Some(&reviewer))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn an_editor_submits_from_the_desk_and_a_reviewer_returns_with_a_comment() {
    use app::domain::PolicyStatus;
    let app = demo_app().await;
    let draft = "jsj-2016-8";
    let editor = cookie_for(&app, "jsj-editor").await;
    let response = browser_post(
        &app,
        "transition_policy",
        &[("id", draft), ("action", "submit")],
        Some(&editor),
    )
    .await;
    assert_eq!(response.status(), 302, "back to the page the form was on");
    assert_eq!(status_of(&app, draft).await, PolicyStatus::Submitted);

    let reviewer = cookie_for(&app, "dcs-reviewer").await;
    let desk = app.desk(&reviewer).await;
    let desk = desk.text().await.expect("body");
    assert!(desk.contains(&format!(
        r#"<input type="hidden" name="id" value="{draft}""#
    )));
    let form = [
        ("id", draft),
        ("action", "return"),
        ("comment", "请补充征求意见情况"),
    ];
    assert_eq!(
        app.post("transition_policy", &form, Some(&reviewer))
            .await
            .status(),
        200
    );
    assert_eq!(status_of(&app, draft).await, PolicyStatus::Returned);
    let history = app::ssr::repo::audit::history(&app.db, &format!("policy:{draft}"))
        .await
        .expect("history");
    let last = history.last().expect("audited");
    assert_eq!(
        last.entry.request_id.as_deref().map(str::len),
        Some(32),
        "the request that made it"
    );
    assert_eq!(last.entry.actor.as_deref(), Some("dcs-reviewer"));
    assert_eq!(last.entry.detail.as_deref(), Some("请补充征求意见情况"));

    // The history page: the unit's editor sees the comment and every step with its actor.
    let page_of = |cookie: Option<String>| {
        let mut request = app
            .client
            .get(format!("{}/desk/policies/{draft}", app.base));
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        request.send()
    };
    let own = page_of(Some(editor.clone())).await.expect("request");
    assert_eq!(own.status(), 200);
    let own = own.text().await.expect("body");
    assert!(own.contains("审签意见：请补充征求意见情况"));
    // People by name and steps in words, never login names and stored actions.
    assert!(own.contains("住房和城乡建设局编辑") && own.contains("督查室审签人"));
    assert!(own.contains("提交审签") && own.contains("<td>退回</td>"));
    assert!(!own.contains("dcs-reviewer") && !own.contains("policy.return"));
    assert!(own.contains("已提交 → 已退回"));

    let other_unit = cookie_for(&app, "czj-editor").await;
    let refused = page_of(Some(other_unit)).await.expect("request");
    assert_eq!(refused.status(), 403);
    assert!(
        !refused
            .text()
            .await
            .expect("body")
            .contains("请补充征求意见情况")
    );
    let anonymous = page_of(None).await.expect("request");
    assert_eq!(anonymous.status(), 302);

    // The editor's desk: returned to me, and the unit's recent activity.
    let desk = app.desk(&editor).await.text().await.expect("body");
    let returned = desk
        .split("退回给我的")
        .nth(1)
        .expect("a returned-to-me section");
    assert!(returned.contains("衡东县老旧小区改造三年行动计划（征求意见稿）"));
    let activity = desk
        .split("本单位近期动态")
        .nth(1)
        .expect("an activity section");
    assert!(activity.contains("住房和城乡建设局编辑"), "{activity}");
    assert!(activity.contains(&format!(r#"href="/desk/policies/{draft}""#)));
    assert!(!activity.contains("jsj-editor policy.submit"));
    assert!(
        !activity.contains("dcs-reviewer"),
        "the reviewer is of another unit"
    );
}

#[tokio::test]
async fn an_editor_registers_a_draft_and_a_rejected_form_keeps_what_was_typed() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let form_page = app
        .client
        .get(format!("{}/desk/policies/new", app.base))
        .header(COOKIE, &editor)
        .send()
        .await
        .expect("request");
    assert_eq!(form_page.status(), 200);
    let form_page = form_page.text().await.expect("body");
    assert!(form_page.contains(r#"action="/api/create_policy""#));
    assert!(
        form_page.contains("衡东县财政局"),
        "the editor's unit issues it"
    );

    // Rejected: empty title, malformed 文号. Back to the form, values kept, fields named.
    let body = "<p>第一条　为规范财政票据管理，制定本办法。</p>";
    let rejected = [
        ("title", ""),
        ("doc_number", "东财发2017年3号"),
        ("directory", "czxx"),
        ("key_area", "czzj"),
        ("signed_on", "2017-03-01"),
        ("disclosure", "proactive"),
        ("disclosure_reason", ""),
        ("body", body),
    ];
    let response = browser_post(&app, "create_policy", &rejected, Some(&editor)).await;
    assert_eq!(response.status(), 302);
    let back = location(&response);
    assert!(back.starts_with("/desk/policies/new?stash="), "{back}");
    let again = app
        .client
        .get(format!("{}{back}", app.base))
        .header(COOKIE, crate::support::with_form_cookie(&editor, &response))
        .send()
        .await
        .expect("request");
    let again = again.text().await.expect("body");
    assert!(again.contains("标题不能为空"));
    assert!(again.contains("不是有效的文号"));
    assert!(again.contains(r#"value="东财发2017年3号""#));
    assert!(
        again.contains("第一条　为规范财政票据管理，制定本办法。"),
        "the body is kept"
    );
    assert!(again.contains(r#"<option value="czxx" selected"#));
    // Another account cannot open the stash.
    let other = cookie_for(&app, "jsj-editor").await;
    let peek = app
        .client
        .get(format!("{}{back}", app.base))
        .header(COOKIE, &other)
        .send()
        .await
        .expect("request");
    assert!(!peek.text().await.expect("body").contains("东财发2017年3号"));

    // Accepted: a draft of the editor's unit, audited, on the desk, not public.
    let mut accepted = rejected;
    accepted[0] = ("title", "衡东县财政票据管理办法");
    accepted[1] = ("doc_number", "东财发〔2017〕3号");
    let response = browser_post(&app, "create_policy", &accepted, Some(&editor)).await;
    assert_eq!(response.status(), 302);
    let page = location(&response);
    let id = page
        .strip_prefix("/desk/policies/")
        .expect("policy page")
        .to_owned();
    let desk_page = app
        .client
        .get(format!("{}{page}", app.base))
        .header(COOKIE, &editor)
        .send()
        .await
        .expect("request");
    let desk_page = desk_page.text().await.expect("body");
    assert!(desk_page.contains("衡东县财政票据管理办法") && desk_page.contains("<td>新建</td>"));
    assert!(
        app.desk(&editor)
            .await
            .text()
            .await
            .expect("body")
            .contains("衡东县财政票据管理办法")
    );
    let (status, _) = app.get(&format!("/policies/{id}")).await;
    assert_eq!(status, 404, "a draft is not public");
}

#[tokio::test]
async fn only_editors_register_policies() {
    let app = demo_app().await;
    let form = [
        ("title", "衡东县某办法"),
        ("doc_number", ""),
        ("directory", "fgwj"),
        ("key_area", ""),
        ("signed_on", "2017-03-01"),
        ("disclosure", "withheld"),
        ("disclosure_reason", ""),
        ("body", "<p>正文</p>"),
    ];
    assert_eq!(app.post("create_policy", &form, None).await.status(), 401);
    for login in ["dzzwb-reviewer", "expert", "admin"] {
        let cookie = cookie_for(&app, login).await;
        assert_eq!(
            app.post("create_policy", &form, Some(&cookie))
                .await
                .status(),
            403,
            "{login}"
        );
    }
    // A script posting a bad form gets 400 naming the field.
    let editor = cookie_for(&app, "fzb-editor").await;
    let response = app.post("create_policy", &form, Some(&editor)).await;
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("disclosure_reason")
    );
    let exported = app::ssr::tooling::transfer::export(&app.db)
        .await
        .expect("export");
    assert!(!exported.contains("衡东县某办法"), "nothing was written");
}

#[tokio::test]
async fn editing_a_published_policy_keeps_the_old_text_as_a_revision() {
    let app = demo_app().await;
    let id = "czj-2016-4"; // 衡东县政府采购管理办法, published
    let editor = cookie_for(&app, "czj-editor").await;
    let edit_page = app
        .client
        .get(format!("{}/desk/policies/{id}/edit", app.base))
        .header(COOKIE, &editor)
        .send()
        .await
        .expect("request");
    assert_eq!(edit_page.status(), 200);
    let edit_page = edit_page.text().await.expect("body");
    assert!(edit_page.contains(r#"action="/api/update_policy""#));
    assert!(
        edit_page.contains(r#"value="衡东县政府采购管理办法""#),
        "the current values"
    );

    let form = [
        ("id", id),
        ("title", "衡东县政府采购管理办法（2016年修正）"),
        ("doc_number", "东财发〔2016〕4号"),
        ("directory", "fgwj"),
        ("key_area", "zfcg"),
        ("signed_on", "2016-03-15"),
        ("disclosure", "proactive"),
        ("disclosure_reason", ""),
        ("body", "<p>修正后的正文。</p>"),
        (
            "attachments",
            "附件1：集中采购目录.xls | /files/catalogue.xls\n附件2：说明（待上传）",
        ),
        ("change_reason", "依据上位法修正"),
    ];
    for login in ["jsj-editor", "dzzwb-reviewer"] {
        let other = cookie_for(&app, login).await;
        assert_eq!(
            app.post("update_policy", &form, Some(&other))
                .await
                .status(),
            403,
            "{login}"
        );
    }
    // Without a reason a published policy is not changed; with one, the change waits for
    // a county-wide reviewer other than its proposer, and the public sees the old text.
    let mut no_reason = form;
    no_reason[10] = ("change_reason", "");
    let refused = app.post("update_policy", &no_reason, Some(&editor)).await;
    assert_eq!(refused.status(), 400);
    assert!(
        refused
            .text()
            .await
            .expect("body")
            .contains("change_reason")
    );
    assert_eq!(
        app.post("update_policy", &form, Some(&editor))
            .await
            .status(),
        200
    );
    let (_, public) = app.get(&format!("/policies/{id}")).await;
    assert!(!public.contains("衡东县政府采购管理办法（2016年修正）"));
    let apply = [("id", id), ("action", "apply")];
    assert_eq!(
        app.post("decide_policy_change", &apply, Some(&editor))
            .await
            .status(),
        403,
        "not by its proposer"
    );
    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    assert_eq!(
        app.post("decide_policy_change", &apply, Some(&reviewer))
            .await
            .status(),
        200
    );
    let (_, public) = app.get(&format!("/policies/{id}")).await;
    assert!(public.contains("衡东县政府采购管理办法（2016年修正）"));
    assert!(public.contains("修正后的正文。"));
    assert!(public.contains(r#"<a href="/files/catalogue.xls">附件1：集中采购目录.xls</a>"#));
    assert!(public.contains("附件2：说明（待上传）"));
    let mut bad = form;
    bad[9] = ("attachments", "病毒 | javascript:alert(1)");
    let refused = app.post("update_policy", &bad, Some(&editor)).await;
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.expect("body").contains("attachments"));
    let pid = app::domain::PolicyId::parse(id).expect("id");
    let revisions = app::ssr::repo::policy::revisions(&app.db, &pid)
        .await
        .expect("revisions");
    let kept: Vec<(&str, &str)> = revisions
        .iter()
        .map(|r| (r.title.as_str(), r.edited_by.as_str()))
        .collect();
    assert_eq!(kept, [("衡东县政府采购管理办法", "czj-editor")]);
    let desk_page = app
        .client
        .get(format!("{}/desk/policies/{id}", app.base))
        .header(COOKIE, &editor)
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(
        desk_page.contains("历史版本"),
        "the desk lists the earlier version"
    );
    assert!(desk_page.contains("· czj-editor · 衡东县政府采购管理办法</summary>"));

    // A submitted policy is with the reviewer: its editor cannot change it meanwhile.
    let rsj = cookie_for(&app, "rsj-editor").await;
    let mut submitted = form;
    submitted[0] = ("id", "rsj-2016-6");
    assert_eq!(
        app.post("update_policy", &submitted, Some(&rsj))
            .await
            .status(),
        409
    );
}

#[tokio::test]
async fn an_editor_marks_a_policy_amended_and_a_reviewer_withdraws_one() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let page = app
        .client
        .get(format!("{}/desk/policies/czj-2016-6", app.base))
        .header(COOKIE, &editor)
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(page.contains(r#"action="/api/mark_validity""#));

    let mark = |replaced_by: &'static str| {
        [
            ("id", "czj-2016-6"),
            ("validity", "amended"),
            ("replaced_by", replaced_by),
        ]
    };
    let other = cookie_for(&app, "jsj-editor").await;
    assert_eq!(
        app.post("mark_validity", &mark("czj-2016-2"), Some(&other))
            .await
            .status(),
        403
    );
    let missing = app.post("mark_validity", &mark(""), Some(&editor)).await;
    assert_eq!(missing.status(), 400);
    assert!(missing.text().await.expect("body").contains("replaced_by"));
    let hidden = app
        .post("mark_validity", &mark("jsj-2016-8"), Some(&editor))
        .await;
    assert_eq!(
        hidden.status(),
        400,
        "a draft cannot be the public replacement"
    );
    assert_eq!(
        app.post("mark_validity", &mark("czj-2016-2"), Some(&editor))
            .await
            .status(),
        200
    );
    let (_, public) = app.get("/policies/czj-2016-6").await;
    assert!(public.contains("validity-banner amended"));
    assert!(public.contains(r#"href="/policies/czj-2016-2""#));

    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    let withdraw = [("id", "czj-2016-6"), ("action", "withdraw")];
    assert_eq!(
        app.post("transition_policy", &withdraw, Some(&reviewer))
            .await
            .status(),
        200
    );
    let (status, _) = app.get("/policies/czj-2016-6").await;
    assert_eq!(status, 404, "withdrawn: no longer public");
    let actions: Vec<String> = app::ssr::repo::audit::history(&app.db, "policy:czj-2016-6")
        .await
        .expect("history")
        .into_iter()
        .map(|r| r.entry.action)
        .collect();
    assert_eq!(actions, ["policy.amend", "policy.withdraw"]);
}

#[tokio::test]
async fn an_admin_adds_and_disables_accounts_and_edits_taxonomies() {
    let app = demo_app().await;
    let admin = cookie_for(&app, "admin").await;
    let page = app
        .client
        .get(format!("{}/admin", app.base))
        .header(COOKIE, &admin)
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.expect("body").contains("dzzwb-reviewer"));

    let add = [
        ("login", "czj-writer"),
        ("name", "财政局新编辑"),
        ("unit", "czj"),
        ("password", "writer-password-1"),
        ("role_editor", "on"),
    ];
    assert_eq!(
        app.post("admin_add_user", &add, Some(&admin))
            .await
            .status(),
        200
    );
    let taken = app.post("admin_add_user", &add, Some(&admin)).await;
    assert_eq!(taken.status(), 409);
    let mut no_unit = add;
    no_unit[0] = ("login", "loose-editor");
    no_unit[2] = ("unit", "");
    let refused = app.post("admin_add_user", &no_unit, Some(&admin)).await;
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.expect("body").contains("unit"));

    let writer = app
        .post(
            "login",
            &[("login", "czj-writer"), ("password", "writer-password-1")],
            None,
        )
        .await;
    assert_eq!(writer.status(), 200);
    let writer = session_pair(&writer);
    let disable = [("login", "czj-writer"), ("disabled", "true")];
    assert_eq!(
        app.post("admin_set_disabled", &disable, Some(&admin))
            .await
            .status(),
        200
    );
    assert_eq!(app.desk(&writer).await.status(), 302, "its session ended");
    let own = [("login", "admin"), ("disabled", "true")];
    assert_eq!(
        app.post("admin_set_disabled", &own, Some(&admin))
            .await
            .status(),
        409
    );

    let term = [
        ("kind", "directory"),
        ("code", "zcjd"),
        ("name", "政策解读"),
    ];
    assert_eq!(
        app.post("admin_save_term", &term, Some(&admin))
            .await
            .status(),
        200
    );
    let (_, facets) = app.get("/api/facets").await;
    assert!(
        !facets.contains("政策解读"),
        "an empty directory is not offered as a filter"
    );
    let names =
        app::ssr::repo::taxonomy::list(&app.db, app::ssr::repo::taxonomy::Taxonomy::Directory)
            .await
            .expect("list");
    assert_eq!(names.last().map(|t| t.name.as_str()), Some("政策解读"));

    // Moved up one place, then removed (nothing uses it); a directory in use stays.
    let up = [("kind", "directory"), ("code", "zcjd"), ("direction", "up")];
    assert_eq!(
        app.post("admin_move_term", &up, Some(&admin))
            .await
            .status(),
        200
    );
    let codes = |terms: Vec<app::ssr::repo::taxonomy::Term>| {
        terms.into_iter().map(|t| t.code).collect::<Vec<_>>()
    };
    let order = codes(
        app::ssr::repo::taxonomy::list(&app.db, app::ssr::repo::taxonomy::Taxonomy::Directory)
            .await
            .expect("list"),
    );
    assert_eq!(&order[order.len() - 2..], ["zcjd", "czxx"]);
    let in_use = [("kind", "directory"), ("code", "czxx")];
    let refused = app.post("admin_remove_term", &in_use, Some(&admin)).await;
    assert_eq!(refused.status(), 409);
    let unused = [("kind", "directory"), ("code", "zcjd")];
    assert_eq!(
        app.post("admin_remove_term", &unused, Some(&admin))
            .await
            .status(),
        200
    );
    let after = codes(
        app::ssr::repo::taxonomy::list(&app.db, app::ssr::repo::taxonomy::Taxonomy::Directory)
            .await
            .expect("list"),
    );
    assert_eq!(after.len(), order.len() - 1);
    assert!(!after.contains(&"zcjd".to_owned()) && after.contains(&"czxx".to_owned()));
}

/// Posted without JavaScript, a rejected administration form comes back to `/admin` with
/// each problem beside its field and what was typed (never the password).
#[tokio::test]
async fn a_rejected_admin_form_comes_back_with_its_values() {
    let app = demo_app().await;
    let admin = cookie_for(&app, "admin").await;
    let users_before = app::ssr::repo::user::list_all(&app.db)
        .await
        .expect("users");
    let add = [
        ("login", "x"),
        ("name", "财政局新编辑"),
        ("unit", ""),
        ("password", "short"),
        ("role_editor", "on"),
    ];
    let response = browser_post(&app, "admin_add_user", &add, Some(&admin)).await;
    assert_eq!(response.status(), 302);
    let back = location(&response);
    assert!(
        back.starts_with("/admin?stash=") && back.ends_with("#users"),
        "{back}"
    );
    let page = app
        .client
        .get(format!("{}{back}", app.base))
        .header(COOKIE, crate::support::with_form_cookie(&admin, &response))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(page.contains(r#"id="new-login-error""#), "login named");
    assert!(page.contains("编辑须属于一个单位"), "unit named");
    assert!(
        page.contains(r#"id="new-password-error""#),
        "password named"
    );
    assert!(page.contains(r#"value="财政局新编辑""#), "the name is kept");
    assert!(
        page.contains(r#"name="role_editor" value="on" checked"#),
        "the role is kept"
    );
    assert!(
        !page.contains(r#"value="short""#),
        "a password is never echoed"
    );
    assert_eq!(
        app::ssr::repo::user::list_all(&app.db)
            .await
            .expect("users"),
        users_before,
        "nothing created"
    );

    // A conflict (the term is in use) is reported above the term's section.
    let in_use = [("kind", "directory"), ("code", "czxx")];
    let response = browser_post(&app, "admin_remove_term", &in_use, Some(&admin)).await;
    assert_eq!(response.status(), 302);
    let back = location(&response);
    assert!(back.ends_with("#terms-directory"), "{back}");
    let page = app
        .client
        .get(format!("{}{back}", app.base))
        .header(COOKIE, crate::support::with_form_cookie(&admin, &response))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(page.contains("仍有政策或账号使用“czxx”，不能删除"));

    // Accepted: back to the page, at the section.
    let term = [("kind", "key_area"), ("code", "nyxx"), ("name", "农业信息")];
    let response = browser_post(&app, "admin_save_term", &term, Some(&admin)).await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/admin#terms-key_area");
}
