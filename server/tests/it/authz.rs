//! Every server function that is not public, against every kind of caller: allowed calls
//! succeed; refused calls get 401 (signed out) or 403 and change nothing.

use crate::support::{Snapshot, TestApp, cookie_for, demo_app};
use app::domain::account::{DisplayName, LoginName, NewPassword};
use app::domain::workflow::{Action, Role};
use app::domain::{NewPolicy, PolicyId, TaxonomyCode};
use app::ssr::password::PasswordHash;
use app::ssr::repo::{audit, policy, user};
use reqwest::header::COOKIE;

/// The callers of the table, by the account they sign in as.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    Anonymous,
    EditorOwnUnit,
    EditorOtherUnit,
    Reviewer,
    /// Editor and reviewer of the unit, acting on what they submitted themselves.
    ReviewerOwnWork,
    Expert,
    Admin,
}

const CALLERS: [Caller; 7] = [
    Caller::Anonymous,
    Caller::EditorOwnUnit,
    Caller::EditorOtherUnit,
    Caller::Reviewer,
    Caller::ReviewerOwnWork,
    Caller::Expert,
    Caller::Admin,
];

impl Caller {
    fn login(self) -> Option<&'static str> {
        match self {
            Self::Anonymous => None,
            Self::EditorOwnUnit => Some("czj-editor"),
            Self::EditorOtherUnit => Some("jsj-editor"),
            Self::Reviewer => Some("dzzwb-reviewer"),
            Self::ReviewerOwnWork => Some("czj-lead"),
            Self::Expert => Some("expert"),
            Self::Admin => Some("admin"),
        }
    }
}

const DRAFT: &str = "authz-draft";
const SUBMITTED: &str = "authz-submitted";
const APPROVED: &str = "authz-approved";
const PUBLISHED: &str = "authz-published";
/// A 财政局 interpretation draft by the editor, and one the lead submitted.
const ARTICLE_DRAFT: &str = "authz-art-draft";
const ARTICLE_SUBMITTED: &str = "authz-art-submitted";
/// A new question to 财政局, and one answered and signed off.
const CONCERN_NEW: &str = "AUTH-NEWW";
const CONCERN_ANSWERED: &str = "AUTH-DONE";
/// The draft's plan (a draft itself), one issue and one milestone of it.
const PLAN_ISSUE: &str = "authzissue";
const PLAN_MILESTONE: &str = "authzmilestone";

/// The demo data plus a unit lead (editor and reviewer of 财政局), a 财政局 draft, and a
/// 财政局 policy the lead submitted.
const UNUSED_TERM: &str = "unused";

/// The fixtures below, built once for the whole test process and loaded into a fresh
/// database for each caller of each write.
async fn app() -> TestApp {
    static FIXTURES: tokio::sync::OnceCell<Snapshot> = tokio::sync::OnceCell::const_new();
    let snapshot = FIXTURES
        // Boxed: the builder's state machine is large, and the test's future lives on the
        // test thread's stack.
        .get_or_init(|| Box::pin(async { Snapshot::take("authz", &build().await.db).await }))
        .await;
    TestApp::serve(snapshot.restore().await, Default::default()).await
}

/// Builds the fixtures over the demo data.
async fn build() -> TestApp {
    let app = demo_app().await;
    let lead = user::NewAccount {
        login: LoginName::parse("czj-lead").expect("login"),
        display_name: DisplayName::parse("财政局负责人").expect("name"),
        unit: Some(TaxonomyCode::parse("czj").expect("unit")),
        roles: vec![Role::Editor, Role::Reviewer],
        password: PasswordHash::new(
            &NewPassword::parse(app::ssr::demo::DEMO_PASSWORD).expect("pw"),
        )
        .expect("hash"),
    };
    user::create(&app.db, &lead, audit::CLI_ACTOR)
        .await
        .expect("lead");
    // A 重点领域 term no policy uses, for the admin to remove.
    app::ssr::repo::taxonomy::save(
        &app.db,
        app::ssr::repo::taxonomy::Taxonomy::KeyArea,
        &TaxonomyCode::parse(UNUSED_TERM).expect("code"),
        "未使用的领域",
        audit::CLI_ACTOR,
    )
    .await
    .expect("term");
    for id in [DRAFT, SUBMITTED, APPROVED, PUBLISHED] {
        let mut input = app::ssr::fixtures::public_input(id);
        input.unit = "czj".into();
        if id != PUBLISHED {
            input.status = "draft".into();
            input.published_at = None;
        }
        policy::insert(&app.db, &NewPolicy::parse(&input).expect("valid"))
            .await
            .expect("insert");
    }
    let lead_actor = app::dto::Account {
        login: "czj-lead".into(),
        display_name: "财政局负责人".into(),
        unit: Some("czj".into()),
        roles: vec![Role::Editor, Role::Reviewer],
        disabled: false,
    }
    .actor();
    for id in [SUBMITTED, APPROVED] {
        let id = PolicyId::parse(id).expect("id");
        policy::transition(&app.db, &id, &lead_actor, Action::Submit, None)
            .await
            .expect("submit");
    }
    let reviewer = app::dto::Account {
        login: "dcs-reviewer".into(),
        display_name: "督查室审签人".into(),
        unit: Some("dcs".into()),
        roles: vec![Role::Reviewer],
        disabled: false,
    }
    .actor();
    let approved = PolicyId::parse(APPROVED).expect("id");
    policy::transition(&app.db, &approved, &reviewer, Action::Approve, None)
        .await
        .expect("approve");
    for (id, author, status) in [
        (ARTICLE_DRAFT, "czj-editor", "draft"),
        (ARTICLE_SUBMITTED, "czj-lead", "submitted"),
    ] {
        app.db
            .query(
                "CREATE type::record('article', $id) CONTENT { policy: type::record('policy', $policy), \
                 unit: unit:czj, kind: 'department', title: '授权测试解读', byline: '县财政局', \
                 body: '<p>正文</p>', status: $status, created_by: $author, \
                 submitted_by: IF $status = 'submitted' THEN $author ELSE NONE END, revision: 1 }",
            )
            .bind(("id", id))
            .bind(("policy", PUBLISHED))
            .bind(("status", status))
            .bind(("author", author))
            .await
            .expect("article")
            .check()
            .expect("created");
    }
    concern_fixtures(&app).await;
    plan_fixtures(&app).await;
    app
}

async fn plan_fixtures(app: &TestApp) {
    use app::ssr::repo::plan::{self, PlanFields};
    let draft = PolicyId::parse(DRAFT).expect("id");
    let fields = PlanFields {
        background: "背景".into(),
        key_points: "要点".into(),
        risk_level: app::domain::plan::RiskLevel::Low,
        risk_assessment: "低".into(),
        editor: "czj-editor".into(),
    };
    plan::save(&app.db, &draft, &fields, "czj-editor")
        .await
        .expect("plan");
    // The article of the table interprets the published policy; this one is the draft's.
    app.db
        .query(
            "CREATE issue:authzissue CONTENT { plan: plan:`authz-draft`, question: '授权测试议题', \
                 why: '', audience: '', priority: 2, position: 1 };\n\
             CREATE milestone:authzmilestone CONTENT { plan: plan:`authz-draft`, form: 'text', \
                 due_kind: 'working_days', offset: 0, note: '' };\n\
             UPDATE article:`authz-art-draft` SET policy = policy:`authz-draft`;\n\
             CREATE plan:`authz-published` CONTENT { policy: policy:`authz-published`, background: '', \
                 key_points: '', risk_level: 'low', risk_assessment: '', editor: 'czj-editor', status: 'approved' };\n\
             CREATE issue:authzpubissue CONTENT { plan: plan:`authz-published`, question: '已发布政策的议题', \
                 why: '', audience: '', priority: 2, position: 1 };",
        )
        .await
        .expect("plan records")
        .check()
        .expect("created");
}

async fn concern_fixtures(app: &TestApp) {
    use app::domain::concern::{AskForm, NewConcern, ResponseClass};
    use app::ssr::repo::concern::{self, AskLimits, Asked, ConcernStep};
    let now = chrono::Utc::now();
    let office = TaxonomyCode::parse("xzfb").expect("unit");
    for (fixed, text) in [
        (CONCERN_NEW, "授权测试的新问题是什么？"),
        (CONCERN_ANSWERED, "授权测试的已答复问题是什么？"),
    ] {
        let question = NewConcern::parse(&AskForm {
            question: text.into(),
            name: String::new(),
            contact: "13807340001".into(),
            policy: PUBLISHED.into(),
        })
        .expect("valid");
        let Asked::New(code) = concern::ask(
            &app.db,
            &question,
            fixed,
            &office,
            now,
            AskLimits::default(),
        )
        .await
        .expect("ask") else {
            panic!("repeat");
        };
        app.db
            .query("UPDATE concern SET code = $fixed WHERE code = $code")
            .bind(("fixed", fixed))
            .bind(("code", code))
            .await
            .expect("code")
            .check()
            .expect("updated");
    }
    for (step, actor) in [
        (ConcernStep::Accept(ResponseClass::Routine), "czj-editor"),
        (ConcernStep::Draft("<p>答复</p>".into()), "czj-editor"),
        (ConcernStep::SubmitAnswer, "czj-editor"),
        (ConcernStep::ApproveAnswer, "czj-lead"),
    ] {
        concern::step(&app.db, CONCERN_ANSWERED, step, actor, now)
            .await
            .expect("step");
    }
}

async fn cookie(app: &TestApp, caller: Caller) -> Option<String> {
    match caller.login() {
        Some(login) => Some(cookie_for(app, login).await),
        None => None,
    }
}

/// A call of the table: a GET or a form POST to a server function.
#[derive(Debug, Clone, Copy)]
enum Call {
    Get(&'static str),
    Post(&'static str, &'static [(&'static str, &'static str)]),
}

async fn send(app: &TestApp, call: Call, cookie: Option<&str>) -> u16 {
    match call {
        Call::Get(path) => {
            let mut request = app.client.get(format!("{}{path}", app.base));
            if let Some(cookie) = cookie {
                request = request.header(COOKIE, cookie);
            }
            request.send().await.expect("request").status().as_u16()
        }
        Call::Post(endpoint, form) => app.post(endpoint, form, cookie).await.status().as_u16(),
    }
}

/// Everything a refused call could have changed: every record, and every audit trail
/// of the records involved.
async fn snapshot(app: &TestApp) -> (String, Vec<usize>) {
    let mut records = app::ssr::transfer::export(&app.db).await.expect("export");
    records.push_str(&format!(
        "{:?}",
        user::list_all(&app.db).await.expect("users")
    ));
    let mut others = app
        .db
        .query(
            "SELECT * OMIT id FROM article; SELECT * OMIT id FROM invitation; \
             SELECT * OMIT id FROM assignment; SELECT count() FROM audit GROUP ALL; \
             SELECT * OMIT id FROM concern ORDER BY code; SELECT * OMIT id FROM qa; \
             SELECT * FROM calendar_day; SELECT * FROM setting; SELECT * FROM plan; \
             SELECT * FROM issue ORDER BY id; SELECT * FROM milestone ORDER BY id; \
             SELECT * FROM addresses; SELECT * FROM raises",
        )
        .await
        .expect("query");
    for statement in 0..13 {
        let value: surrealdb::types::Value = others.take(statement).expect("take");
        records.push_str(&format!("{value:?}"));
    }
    let mut trails = Vec::new();
    for id in [DRAFT, SUBMITTED, APPROVED, PUBLISHED] {
        let trail = audit::history(&app.db, &format!("policy:{id}"))
            .await
            .expect("history");
        trails.push(trail.len());
    }
    (records, trails)
}

const NEW_POLICY: &[(&str, &str)] = &[
    ("title", "衡东县授权测试办法"),
    ("doc_number", ""),
    ("directory", "fgwj"),
    ("key_area", ""),
    ("signed_on", "2017-03-01"),
    ("disclosure", "proactive"),
    ("disclosure_reason", ""),
    ("body", "<p>正文</p>"),
];

const UPDATE_DRAFT: &[(&str, &str)] = &[
    ("id", DRAFT),
    ("title", "衡东县授权测试办法（修改）"),
    ("doc_number", ""),
    ("directory", "fgwj"),
    ("key_area", ""),
    ("signed_on", "2016-03-01"),
    ("disclosure", "proactive"),
    ("disclosure_reason", ""),
    ("body", "<p>修改后的正文</p>"),
];

/// (name, call, is it a write, callers allowed). Everyone else is refused: 401 when
/// signed out, 403 otherwise.
fn table() -> Vec<(&'static str, Call, bool, Vec<Caller>)> {
    use Caller::*;
    vec![
        ("whoami", Call::Get("/api/whoami"), false, CALLERS.to_vec()),
        ("desk", Call::Get("/api/desk"), false, CALLERS[1..].to_vec()),
        (
            "desk policy",
            Call::Get("/api/desk_policy?id=authz-draft"),
            false,
            vec![EditorOwnUnit, Reviewer, ReviewerOwnWork, Admin],
        ),
        (
            "policy form",
            Call::Get("/api/policy_form"),
            false,
            vec![EditorOwnUnit, EditorOtherUnit, ReviewerOwnWork],
        ),
        (
            "create policy",
            Call::Post("create_policy", NEW_POLICY),
            true,
            vec![EditorOwnUnit, EditorOtherUnit, ReviewerOwnWork],
        ),
        (
            "submit",
            Call::Post("transition_policy", &[("id", DRAFT), ("action", "submit")]),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "approve",
            Call::Post(
                "transition_policy",
                &[("id", SUBMITTED), ("action", "approve")],
            ),
            true,
            vec![Reviewer],
        ),
        (
            "return",
            Call::Post(
                "transition_policy",
                &[
                    ("id", SUBMITTED),
                    ("action", "return"),
                    ("comment", "请修改"),
                ],
            ),
            true,
            vec![Reviewer],
        ),
        (
            "edit policy form",
            Call::Get("/api/policy_form?id=authz-draft"),
            false,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "update policy",
            Call::Post("update_policy", UPDATE_DRAFT),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        ("admin page", Call::Get("/api/admin"), false, vec![Admin]),
        (
            "add account",
            Call::Post(
                "admin_add_user",
                &[
                    ("login", "new-editor"),
                    ("name", "新编辑"),
                    ("unit", "czj"),
                    ("password", "new-password-1"),
                    ("role_editor", "on"),
                ],
            ),
            true,
            vec![Admin],
        ),
        (
            "disable account",
            Call::Post(
                "admin_set_disabled",
                &[("login", "expert"), ("disabled", "true")],
            ),
            true,
            vec![Admin],
        ),
        (
            "save term",
            Call::Post(
                "admin_save_term",
                &[
                    ("kind", "directory"),
                    ("code", "zcjd"),
                    ("name", "政策解读"),
                ],
            ),
            true,
            vec![Admin],
        ),
        (
            "article form",
            Call::Get("/api/article_form?policy=authz-published"),
            false,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "desk article",
            Call::Get("/api/desk_article?id=authz-art-draft"),
            false,
            vec![EditorOwnUnit, Reviewer, ReviewerOwnWork],
        ),
        (
            "save article",
            Call::Post(
                "save_article",
                &[
                    ("policy", PUBLISHED),
                    ("kind", "department"),
                    ("title", "新的解读"),
                    ("summary", ""),
                    ("byline", "县财政局"),
                    ("body", "<p>正文</p>"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "revise article",
            Call::Post(
                "save_article",
                &[
                    ("id", ARTICLE_DRAFT),
                    ("kind", "department"),
                    ("title", "改过的解读"),
                    ("summary", ""),
                    ("byline", "县财政局"),
                    ("body", "<p>正文二</p>"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "submit article",
            Call::Post(
                "article_step",
                &[("id", ARTICLE_DRAFT), ("action", "submit")],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "approve article",
            Call::Post(
                "article_step",
                &[("id", ARTICLE_SUBMITTED), ("action", "approve")],
            ),
            true,
            vec![Reviewer],
        ),
        (
            "invite expert",
            Call::Post(
                "invite_expert",
                &[("policy", PUBLISHED), ("name", "王专家")],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "inbox",
            Call::Get("/api/inbox"),
            false,
            vec![EditorOwnUnit, EditorOtherUnit, Reviewer, ReviewerOwnWork],
        ),
        (
            "concern",
            Call::Get("/api/concern?code=AUTH-NEWW"),
            false,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "accept concern",
            Call::Post(
                "concern_step",
                &[
                    ("code", CONCERN_NEW),
                    ("action", "accept"),
                    ("class", "routine"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "publish Q&A",
            Call::Post(
                "publish_qa",
                &[
                    ("code", CONCERN_ANSWERED),
                    ("question", "授权测试公开的问题"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "write Q&A",
            Call::Post(
                "write_qa",
                &[
                    ("policy", PUBLISHED),
                    ("question", "授权测试直接发布的问答"),
                    ("answer", "<p>答</p>"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "plan page",
            Call::Get("/api/plan_page?policy=authz-draft"),
            false,
            vec![EditorOwnUnit, Reviewer, ReviewerOwnWork],
        ),
        (
            "plan",
            Call::Get("/api/plan?policy=authz-draft"),
            false,
            vec![EditorOwnUnit, Reviewer, ReviewerOwnWork],
        ),
        (
            "save plan",
            Call::Post(
                "save_plan",
                &[
                    ("policy", DRAFT),
                    ("background", "背景"),
                    ("key_points", "要点"),
                    ("risk_level", "low"),
                    ("risk_assessment", "低"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "add issue",
            Call::Post(
                "add_issue",
                &[("policy", DRAFT), ("question", "授权测试议题")],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "add milestone",
            Call::Post(
                "add_milestone",
                &[
                    ("policy", DRAFT),
                    ("form", "text"),
                    ("due_kind", "working_days"),
                    ("offset", "0"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "fulfil milestone",
            Call::Post(
                "fulfil_milestone",
                &[
                    ("policy", DRAFT),
                    ("milestone", PLAN_MILESTONE),
                    ("item", "article:authz-art-draft"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "address issue",
            Call::Post(
                "address_issue",
                &[
                    ("policy", DRAFT),
                    ("issue", PLAN_ISSUE),
                    ("item", "article:authz-art-draft"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "move issue",
            Call::Post(
                "move_issue",
                &[
                    ("policy", DRAFT),
                    ("issue", PLAN_ISSUE),
                    ("direction", "down"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "edit issue",
            Call::Post(
                "update_issue",
                &[
                    ("policy", DRAFT),
                    ("issue", PLAN_ISSUE),
                    ("question", "改过的议题"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "submit plan",
            Call::Post("plan_step", &[("policy", DRAFT), ("action", "submit")]),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "raise issue",
            Call::Post(
                "raise_issue",
                &[("code", CONCERN_NEW), ("issue", "authzpubissue")],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        ("calendar", Call::Get("/api/calendar"), false, vec![Admin]),
        (
            "import calendar",
            Call::Post("import_calendar", &[("text", "2026-10-01 休 国庆节")]),
            true,
            vec![Admin],
        ),
        (
            "remove calendar day",
            Call::Post("remove_calendar_day", &[("date", "2026-10-01")]),
            true,
            vec![Admin],
        ),
        (
            "routine days",
            Call::Post("set_routine_days", &[("days", "7")]),
            true,
            vec![Admin],
        ),
        (
            "move term",
            Call::Post(
                "admin_move_term",
                &[("kind", "directory"), ("code", "czxx"), ("direction", "up")],
            ),
            true,
            vec![Admin],
        ),
        (
            "remove term",
            Call::Post(
                "admin_remove_term",
                &[("kind", "key_area"), ("code", UNUSED_TERM)],
            ),
            true,
            vec![Admin],
        ),
        (
            "publish",
            Call::Post(
                "transition_policy",
                &[("id", APPROVED), ("action", "publish")],
            ),
            true,
            vec![EditorOwnUnit, Reviewer, ReviewerOwnWork],
        ),
        (
            "withdraw",
            Call::Post(
                "transition_policy",
                &[("id", PUBLISHED), ("action", "withdraw")],
            ),
            true,
            vec![EditorOwnUnit, Reviewer, ReviewerOwnWork],
        ),
        (
            "mark repealed",
            Call::Post(
                "mark_validity",
                &[("id", PUBLISHED), ("validity", "repealed")],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        ("logout", Call::Post("logout", &[]), true, CALLERS.to_vec()),
        (
            "logout everywhere",
            Call::Post("logout_everywhere", &[]),
            true,
            CALLERS[1..].to_vec(),
        ),
    ]
}

#[tokio::test]
async fn refused_calls_get_401_or_403_and_change_nothing() {
    let app = app().await;
    let mut cookies = Vec::new();
    for caller in CALLERS {
        cookies.push((caller, cookie(&app, caller).await));
    }
    for (name, call, _, allowed) in table() {
        for (caller, cookie) in &cookies {
            if allowed.contains(caller) {
                continue;
            }
            let before = snapshot(&app).await;
            let status = send(&app, call, cookie.as_deref()).await;
            let expected = if *caller == Caller::Anonymous {
                401
            } else {
                403
            };
            assert_eq!(status, expected, "{name} as {caller:?}");
            assert_eq!(
                snapshot(&app).await,
                before,
                "{name} as {caller:?} changed something"
            );
        }
    }
}

#[tokio::test]
async fn allowed_calls_succeed() {
    for (name, call, write, allowed) in table() {
        // Writes change the state the next row expects, so each gets a fresh database.
        let shared = if write { None } else { Some(app().await) };
        for caller in &allowed {
            let fresh;
            let app = match &shared {
                Some(app) => app,
                None => {
                    fresh = app().await;
                    &fresh
                }
            };
            let cookie = cookie(app, *caller).await;
            let status = send(app, call, cookie.as_deref()).await;
            assert_eq!(status, 200, "{name} as {caller:?}");
        }
    }
}

#[tokio::test]
async fn the_desk_offers_no_sign_off_on_ones_own_submission() {
    let app = app().await;
    let desk_of = |caller: Caller| {
        let app = &app;
        async move {
            let cookie = cookie(app, caller).await.expect("signed in");
            let response = app
                .client
                .get(format!("{}/desk", app.base))
                .header(COOKIE, cookie)
                .send()
                .await
                .expect("request");
            response.text().await.expect("body")
        }
    };
    let hidden_id = format!(r#"name="id" value="{SUBMITTED}""#);
    assert!(desk_of(Caller::Reviewer).await.contains(&hidden_id));
    assert!(!desk_of(Caller::ReviewerOwnWork).await.contains(&hidden_id));
}
