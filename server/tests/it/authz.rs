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
    /// A county-wide reviewer.
    Reviewer,
    /// Editor and reviewer of the unit, acting on what they submitted themselves.
    ReviewerOwnWork,
    /// A reviewer of the unit (its answers to the public), not county-wide.
    UnitReviewer,
    /// A reviewer of another unit.
    OtherUnitReviewer,
    Expert,
    Admin,
}

const CALLERS: [Caller; 9] = [
    Caller::Anonymous,
    Caller::EditorOwnUnit,
    Caller::EditorOtherUnit,
    Caller::Reviewer,
    Caller::ReviewerOwnWork,
    Caller::UnitReviewer,
    Caller::OtherUnitReviewer,
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
            Self::UnitReviewer => Some("czj-reviewer"),
            Self::OtherUnitReviewer => Some("jsj-reviewer"),
            Self::Expert => Some("expert"),
            Self::Admin => Some("admin"),
        }
    }
}

const DRAFT: &str = "authz-draft";
const SUBMITTED: &str = "authz-submitted";
const APPROVED: &str = "authz-approved";
const PUBLISHED: &str = "authz-published";
/// A published 财政局 policy with a change proposed by the editor, waiting for a reviewer.
const CHANGED: &str = "authz-changed";
/// A 财政局 interpretation draft by the editor, and one the lead submitted.
const ARTICLE_DRAFT: &str = "authz-art-draft";
const ARTICLE_SUBMITTED: &str = "authz-art-submitted";
/// A new question to 财政局, and one answered and signed off.
const CONCERN_NEW: &str = "AUTH-NEWW";
const CONCERN_ANSWERED: &str = "AUTH-DONE";
/// A disclosure application to 财政局 just registered, and one with a reply drafted by
/// czj-editor.
const APPLICATION_REGISTERED: &str = "YS-AUTH-REGD";
const APPLICATION_DRAFTED: &str = "YS-AUTH-DRFT";
/// The draft's plan (a draft itself), one issue and one milestone of it.
const PLAN_ISSUE: &str = "authzissue";
const PLAN_MILESTONE: &str = "authzmilestone";

/// The demo data plus a unit lead (editor and reviewer of 财政局), a 财政局 draft, and a
/// 财政局 policy the lead submitted.
const UNUSED_TERM: &str = "unused";

/// The fixtures below with every caller signed in, built once for the whole test process:
/// each caller's session is in the snapshot, so a fresh database for each caller of each
/// write needs no new sign-in (a password hash each).
struct Fixtures {
    snapshot: Snapshot,
    cookies: Vec<(Caller, Option<String>)>,
}

async fn fixtures() -> &'static Fixtures {
    static FIXTURES: tokio::sync::OnceCell<Fixtures> = tokio::sync::OnceCell::const_new();
    FIXTURES
        // Boxed: the builder's state machine is large, and the test's future lives on the
        // test thread's stack.
        .get_or_init(|| {
            Box::pin(async {
                let app = build().await;
                let mut cookies = Vec::new();
                for caller in CALLERS {
                    let cookie = match caller.login() {
                        Some(login) => Some(cookie_for(&app, login).await),
                        None => None,
                    };
                    cookies.push((caller, cookie));
                }
                Fixtures {
                    snapshot: Snapshot::take("authz", &app.db).await,
                    cookies,
                }
            })
        })
        .await
}

/// A fresh database with the fixtures, served.
async fn app() -> TestApp {
    TestApp::serve(
        fixtures().await.snapshot.restore().await,
        Default::default(),
    )
    .await
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
            &NewPassword::parse(app::ssr::tooling::demo::DEMO_PASSWORD).expect("pw"),
        )
        .await
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
    .expect("term")
    .publish(&app.changes);
    for id in [DRAFT, SUBMITTED, APPROVED, PUBLISHED, CHANGED] {
        let mut input = app::ssr::tooling::fixtures::public_input(id);
        input.unit = "czj".into();
        if ![PUBLISHED, CHANGED].contains(&id) {
            input.status = "draft".into();
            input.published_at = None;
        }
        policy::insert(&app.db, &NewPolicy::parse(&input).expect("valid"))
            .await
            .expect("insert")
            .publish(&app.changes);
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
        policy::transition(
            &app.db,
            &id,
            &lead_actor,
            Action::Submit,
            None,
            chrono::Utc::now(),
        )
        .await
        .expect("submit")
        .publish(&app.changes);
    }
    let reviewer = app::dto::Account {
        login: "dcs-reviewer".into(),
        display_name: "督查室审签人".into(),
        unit: None,
        roles: vec![Role::Reviewer],
        disabled: false,
    }
    .actor();
    let approved = PolicyId::parse(APPROVED).expect("id");
    policy::transition(
        &app.db,
        &approved,
        &reviewer,
        Action::Approve,
        None,
        chrono::Utc::now(),
    )
    .await
    .expect("approve")
    .publish(&app.changes);
    for (id, author, status) in [
        (ARTICLE_DRAFT, "czj-editor", "draft"),
        (ARTICLE_SUBMITTED, "czj-lead", "submitted"),
    ] {
        app.db
            .query(
                "CREATE type::record('article', $id) CONTENT { policy: type::record('policy', $policy), \
                 unit: unit:czj, kind: 'department', title: '授权测试解读', byline: '县财政局', \
                 body: '<p>正文</p>', status: $status, created_by: $author, contributors: [$author], \
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
    application_fixtures(&app).await;
    let mut input = app::ssr::tooling::fixtures::public_input(CHANGED);
    input.unit = "czj".into();
    input.title = "衡东县授权测试办法（待审签的修改）".into();
    app::ssr::repo::policy_change::propose(
        &app.db,
        &PolicyId::parse(CHANGED).expect("id"),
        &NewPolicy::parse(&input).expect("valid"),
        Some("标题需要更正".into()),
        &czj_editor(),
        chrono::Utc::now(),
    )
    .await
    .expect("change")
    .publish(&app.changes);
    app
}

fn czj_editor() -> app::domain::workflow::Actor {
    app::domain::workflow::Actor {
        login: "czj-editor".into(),
        unit: Some(TaxonomyCode::parse("czj").expect("unit")),
        roles: vec![Role::Editor],
    }
}

/// The unit lead: editor and reviewer of 财政局.
fn lead_actor() -> app::domain::workflow::Actor {
    app::domain::workflow::Actor {
        login: "czj-lead".into(),
        unit: Some(TaxonomyCode::parse("czj").expect("unit")),
        roles: vec![Role::Editor, Role::Reviewer],
    }
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
    plan::save(&app.db, &draft, &fields, &czj_editor(), chrono::Utc::now())
        .await
        .expect("plan")
        .publish(&app.changes);
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

/// Two disclosure applications to 财政局: one registered, one whose reply czj-editor drafted.
async fn application_fixtures(app: &TestApp) {
    use app::domain::application::intake::{ApplyForm, NewApplication};
    use app::domain::application::{AppAction, Channel, Reply, ReplyForm};
    use app::ssr::repo::application::{self, AppStep, Applied, ReplyFacts, Source};
    let now = chrono::Utc::now();
    let today = now.date_naive();
    for (code, drafted) in [(APPLICATION_REGISTERED, false), (APPLICATION_DRAFTED, true)] {
        let parsed = NewApplication::parse(
            &ApplyForm {
                kind: "citizen".into(),
                name: "授权测试申请人".into(),
                id_kind: "resident_id".into(),
                id_number: "11010519491231002X".into(),
                phone: "13807340000".into(),
                description: format!("授权测试所需信息 {code}"),
                form: "electronic".into(),
                delivery: "collect".into(),
                ..ApplyForm::default()
            },
            today,
        )
        .expect("valid");
        let source = Source::Desk {
            channel: Channel::InPerson,
            received_on: today,
            reason: app::words!("当面提交", "In person"),
            actor: "czj-editor",
        };
        let czj = TaxonomyCode::parse("czj").expect("unit");
        let Applied::New(random) = application::apply(&app.db, &parsed, &czj, source, now)
            .await
            .expect("apply")
        else {
            panic!("a new application");
        };
        app.db
            .query("UPDATE application SET code = $code WHERE code = $random")
            .bind(("code", code))
            .bind(("random", random))
            .await
            .expect("renumber")
            .check()
            .expect("renumbered");
        if drafted {
            for action in [AppAction::Accept, AppAction::Handle] {
                application::step(
                    &app.db,
                    code,
                    AppStep::Plain(action, None),
                    &czj_editor(),
                    now,
                    today,
                )
                .await
                .expect("step")
                .publish(&app.changes);
            }
            let reply = Reply::parse(&ReplyForm {
                kind: "disclosed".into(),
                ..ReplyForm::default()
            })
            .expect("reply");
            let facts = ReplyFacts {
                detail: Some("电子文档".into()),
                ..ReplyFacts::default()
            };
            application::draft_reply(&app.db, code, &reply, facts, &czj_editor(), now)
                .await
                .expect("draft")
                .publish(&app.changes);
        }
    }
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
        (ConcernStep::Accept(ResponseClass::Routine), czj_editor()),
        (ConcernStep::Draft("<p>答复</p>".into()), czj_editor()),
        (ConcernStep::SubmitAnswer, czj_editor()),
        (ConcernStep::ApproveAnswer, lead_actor()),
    ] {
        concern::step(&app.db, CONCERN_ANSWERED, step, &actor, now)
            .await
            .expect("step")
            .publish(&app.changes);
    }
}

/// The session cookie of `caller` (none for the anonymous caller), valid in every
/// database restored from the fixtures.
async fn cookie(_app: &TestApp, caller: Caller) -> Option<String> {
    fixtures()
        .await
        .cookies
        .iter()
        .find(|(c, _)| *c == caller)
        .and_then(|(_, cookie)| cookie.clone())
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
    let mut records = app::ssr::tooling::transfer::export(&app.db)
        .await
        .expect("export");
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
             SELECT * FROM addresses; SELECT * FROM raises; SELECT * FROM policy_change; \
             SELECT * OMIT id FROM application ORDER BY code; SELECT * FROM letter_series",
        )
        .await
        .expect("query");
    for statement in 0..16 {
        let value: surrealdb::types::Value = others.take(statement).expect("take");
        records.push_str(&format!("{value:?}"));
    }
    let mut trails = Vec::new();
    for id in [DRAFT, SUBMITTED, APPROVED, PUBLISHED, CHANGED] {
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

/// The published policy's text changed and made on-request: a change that takes effect
/// at once (it is no longer public) and then waits for a reviewer.
const PROPOSE_CHANGE: &[(&str, &str)] = &[
    ("id", PUBLISHED),
    ("title", "衡东县授权测试办法（更正）"),
    ("doc_number", ""),
    ("directory", "fgwj"),
    ("key_area", ""),
    ("signed_on", "2016-03-01"),
    ("disclosure", "on_request"),
    ("disclosure_reason", "涉及个人信息，依申请公开"),
    ("body", "<p>更正后的正文</p>"),
    ("change_reason", "原文有误，需更正"),
];

/// An application handed in at the counter, as the desk's intake form sends it.
const REGISTER_APPLICATION: &[(&str, &str)] = &[
    ("channel", "in_person"),
    ("date", ""),
    ("kind", "citizen"),
    ("name", "窗口申请人"),
    ("id_kind", "resident_id"),
    ("id_number", "110105194912310062"),
    ("phone", "13807340001"),
    ("description", "授权测试：窗口登记的申请"),
    ("form", "paper"),
    ("delivery", "collect"),
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
            "the work list of one's unit",
            Call::Get("/api/desk_policies?filter[page]=1"),
            false,
            vec![
                EditorOwnUnit,
                EditorOtherUnit,
                Reviewer,
                ReviewerOwnWork,
                UnitReviewer,
                OtherUnitReviewer,
                Admin,
            ],
        ),
        (
            "the work list of unit jsj",
            Call::Get("/api/desk_policies?filter[unit]=jsj"),
            false,
            vec![EditorOtherUnit, Reviewer, OtherUnitReviewer, Admin],
        ),
        (
            "applications of one's unit",
            Call::Get("/api/applications"),
            false,
            vec![
                EditorOwnUnit,
                EditorOtherUnit,
                ReviewerOwnWork,
                UnitReviewer,
                OtherUnitReviewer,
            ],
        ),
        (
            "application case",
            Call::Get("/api/application?code=YS-AUTH-REGD"),
            false,
            vec![EditorOwnUnit, ReviewerOwnWork, UnitReviewer],
        ),
        (
            "application accept",
            Call::Post(
                "application_step",
                &[("code", APPLICATION_REGISTERED), ("action", "accept")],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "application intake form",
            Call::Get("/api/intake_form"),
            false,
            vec![EditorOwnUnit, EditorOtherUnit, ReviewerOwnWork],
        ),
        (
            "application registered at the desk",
            Call::Post("register_application", REGISTER_APPLICATION),
            true,
            vec![EditorOwnUnit, EditorOtherUnit, ReviewerOwnWork],
        ),
        (
            "application withdrawn",
            Call::Post(
                "application_step",
                &[
                    ("code", APPLICATION_REGISTERED),
                    ("action", "close"),
                    ("reason", "withdrawn"),
                    ("note", "申请人撤回"),
                ],
            ),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "application table three",
            Call::Get("/api/application_table?year=2026"),
            false,
            vec![
                EditorOwnUnit,
                EditorOtherUnit,
                Reviewer,
                ReviewerOwnWork,
                UnitReviewer,
                OtherUnitReviewer,
                Admin,
            ],
        ),
        (
            "application reply sign-off",
            Call::Post(
                "application_step",
                &[("code", APPLICATION_DRAFTED), ("action", "sign_reply")],
            ),
            true,
            vec![ReviewerOwnWork, UnitReviewer],
        ),
        (
            "desk policy",
            Call::Get("/api/desk_policy?id=authz-draft"),
            false,
            vec![
                EditorOwnUnit,
                Reviewer,
                ReviewerOwnWork,
                UnitReviewer,
                Admin,
            ],
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
            vec![
                EditorOwnUnit,
                EditorOtherUnit,
                ReviewerOwnWork,
                UnitReviewer,
                OtherUnitReviewer,
            ],
        ),
        (
            "concern",
            Call::Get("/api/concern?code=AUTH-NEWW"),
            false,
            vec![EditorOwnUnit, ReviewerOwnWork, UnitReviewer],
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
            vec![EditorOwnUnit, Reviewer, ReviewerOwnWork, UnitReviewer],
        ),
        (
            "plan",
            Call::Get("/api/plan?policy=authz-draft"),
            false,
            vec![EditorOwnUnit, Reviewer, ReviewerOwnWork, UnitReviewer],
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
        (
            "propose a change to a published policy",
            Call::Post("update_policy", PROPOSE_CHANGE),
            true,
            vec![EditorOwnUnit, ReviewerOwnWork],
        ),
        (
            "apply a waiting change",
            Call::Post(
                "decide_policy_change",
                &[("id", CHANGED), ("action", "apply")],
            ),
            true,
            vec![Reviewer],
        ),
        (
            "reject a waiting change",
            Call::Post(
                "decide_policy_change",
                &[("id", CHANGED), ("action", "reject"), ("comment", "请核实")],
            ),
            true,
            vec![Reviewer],
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
    // Each refused call must leave what the one before it left: one snapshot a call.
    let mut before = snapshot(&app).await;
    for (name, call, _, allowed) in table() {
        for (caller, cookie) in &cookies {
            if allowed.contains(caller) {
                continue;
            }
            let status = send(&app, call, cookie.as_deref()).await;
            let expected = if *caller == Caller::Anonymous {
                401
            } else {
                403
            };
            assert_eq!(status, expected, "{name} as {caller:?}");
            let after = snapshot(&app).await;
            assert_eq!(after, before, "{name} as {caller:?} changed something");
            before = after;
        }
    }
}

/// The public pages every write may touch: the lists and feeds, and the pages of the
/// table's policies, of their interpretations and of every Q&A.
async fn public_pages(app: &TestApp) -> Vec<String> {
    let mut paths: Vec<String> = [
        "/",
        "/policies",
        "/interpretations",
        "/qa",
        "/search?q=%E6%8E%88%E6%9D%83",
        "/feeds/policies.atom",
        "/sitemap.xml",
    ]
    .map(str::to_owned)
    .to_vec();
    for id in [DRAFT, SUBMITTED, APPROVED, PUBLISHED, CHANGED] {
        paths.push(format!("/policies/{id}"));
    }
    let mut found = app
        .db
        .query(
            "SELECT VALUE '/interpretations/' + record::id(id) FROM article;\n\
             SELECT VALUE '/qa/' + record::id(id) FROM qa;",
        )
        .await
        .expect("items");
    for statement in 0..2 {
        let items: Vec<String> = found.take(statement).expect("paths");
        paths.extend(items);
    }
    paths
}

#[tokio::test]
async fn allowed_calls_succeed_and_leave_no_stale_page() {
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
            // Every public page is cached before a write, so that a write that forgets
            // to report what it changed leaves a stale page behind.
            let pages = if write {
                public_pages(app).await
            } else {
                Vec::new()
            };
            for path in &pages {
                app.visit(path).await;
            }
            let cookie = cookie(app, *caller).await;
            let status = send(app, call, cookie.as_deref()).await;
            assert_eq!(status, 200, "{name} as {caller:?}");
            app.assert_cache_is_exact(&pages, &format!("{name} as {caller:?}"))
                .await;
        }
    }
}

/// The check above catches a write that does not tell the page cache.
#[tokio::test]
async fn a_write_behind_the_cache_is_caught() {
    let app = app().await;
    let path = format!("/policies/{PUBLISHED}");
    app.visit(&path).await;
    assert_eq!(app.visit(&path).await.cache, "hit");
    app.db
        .query("UPDATE type::record('policy', $id) SET title = '绕过缓存的修改'")
        .bind(("id", PUBLISHED))
        .await
        .expect("write")
        .check()
        .expect("written");
    let app = std::sync::Arc::new(app);
    let check =
        tokio::spawn(async move { app.assert_cache_is_exact(&[path], "a raw write").await });
    assert!(
        check.await.is_err_and(|e| e.is_panic()),
        "a stale page went unnoticed"
    );
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
