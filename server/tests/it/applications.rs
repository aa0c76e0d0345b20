//! Disclosure applications over HTTP: applying (every field checked, the ID number by its
//! check digit, nothing stored when refused), tracking, handling by the unit's editor,
//! sign-off by the unit's reviewer and never by the one who drafted, the reply letter at
//! `/track` and as DOCX, and the applicant's identity on no public page.

use crate::support::{TestApp, cookie_for, demo_app};
use reqwest::header::{ACCEPT, LOCATION, ORIGIN};

const NAME: &str = "申请人甲某";
const ID: &str = "11010519491231002X";
const PHONE: &str = "13807341234";

fn application(id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("unit", "czj".to_owned()),
        ("kind", "citizen".to_owned()),
        ("name", NAME.to_owned()),
        ("id_kind", "resident_id".to_owned()),
        ("id_number", id.to_owned()),
        ("phone", PHONE.to_owned()),
        (
            "description",
            "2016 年县本级部门预算公开表的完整附件".to_owned(),
        ),
        ("form", "electronic".to_owned()),
        ("delivery", "collect".to_owned()),
    ]
}

async fn apply(app: &TestApp, form: &[(&'static str, String)]) -> reqwest::Response {
    app.client
        .post(format!("{}/api/apply", app.base))
        .header(ORIGIN, &app.base)
        .form(form)
        .send()
        .await
        .expect("request")
}

async fn stored(app: &TestApp) -> u64 {
    let count: Option<u64> = app
        .db
        .query("RETURN count(SELECT id FROM application)")
        .await
        .expect("query")
        .take(0)
        .expect("take");
    count.unwrap_or(0)
}

async fn step(app: &TestApp, cookie: &str, code: &str, action: &str) -> u16 {
    app.post(
        "application_step",
        &[("code", code), ("action", action)],
        Some(cookie),
    )
    .await
    .status()
    .as_u16()
}

/// The text of every paragraph of a DOCX, run by run.
fn docx_text(bytes: &[u8]) -> String {
    use docx_rs::{DocumentChild, ParagraphChild, RunChild};
    let doc = docx_rs::read_docx(bytes).expect("a DOCX");
    let mut text = String::new();
    for child in &doc.document.children {
        if let DocumentChild::Paragraph(p) = child {
            for run in &p.children {
                if let ParagraphChild::Run(run) = run {
                    for part in &run.children {
                        if let RunChild::Text(t) = part {
                            text.push_str(&t.text);
                        }
                    }
                }
            }
            text.push('\n');
        }
    }
    text
}

#[tokio::test]
async fn a_wrong_field_is_named_and_nothing_is_stored() {
    let app = demo_app().await;
    let before = stored(&app).await;
    // A resident ID whose check digit is wrong, and no way to reach the applicant.
    let mut bad = application("110105194912310021");
    bad.retain(|(k, _)| *k != "phone");
    let refused = apply(&app, &bad).await;
    assert_eq!(refused.status(), 400);
    let body = refused.text().await.expect("body");
    assert!(
        body.contains("id_number") && body.contains("phone"),
        "{body}"
    );
    assert!(
        body.contains("校验码") || body.contains("校验"),
        "the reason: {body}"
    );
    assert_eq!(stored(&app).await, before, "nothing stored");

    // From a page: back to the form with what was typed (never the ID number).
    let response = app
        .client
        .post(format!("{}/api/apply", app.base))
        .header(ORIGIN, &app.base)
        .header(ACCEPT, "text/html")
        .form(&bad)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 302);
    let back = response.headers()[LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(back.starts_with("/apply?stash="), "{back}");
    let (_, page) = app
        .get_as(&back, &crate::support::with_form_cookie("", &response))
        .await;
    assert!(
        page.contains(r#"id="id_number-error""#),
        "the field's problem"
    );
    assert!(page.contains(NAME), "the name is kept");
    assert!(
        !page.contains("110105194912310021"),
        "the ID number is not shown back"
    );

    // An organisation's credit code with a wrong check character.
    let mut firm = application("91350100M000100Y44");
    for (k, v) in &mut firm {
        match *k {
            "kind" => *v = "organisation".into(),
            "id_kind" => *v = "credit_code".into(),
            _ => {}
        }
    }
    firm.push(("org_kind", "business".into()));
    let refused = apply(&app, &firm).await;
    assert_eq!(refused.status(), 400);
    let body = refused.text().await.expect("body");
    assert!(body.contains("id_number"), "{body}");
    assert_eq!(stored(&app).await, before);

    // Every other field, wrong on its own, is named.
    let long = |n: usize| "长".repeat(n);
    for (field, value) in [
        ("unit", "nowhere".to_owned()),
        ("kind", "alien".to_owned()),
        ("name", String::new()),
        ("id_kind", "dna".to_owned()),
        ("email", "not-an-email".to_owned()),
        ("address", long(300)),
        ("description", String::new()),
        ("description", long(5_000)),
        ("doc_number", long(100)),
        ("form", "scroll".to_owned()),
        ("delivery", "pigeon".to_owned()),
    ] {
        let mut wrong = application(ID);
        wrong.retain(|(k, _)| *k != field);
        wrong.push((field, value));
        let refused = apply(&app, &wrong).await;
        assert_eq!(refused.status(), 400, "{field}");
        let body = refused.text().await.expect("body");
        assert!(
            body.contains(&format!("\"{field}\"")),
            "{field} named: {body}"
        );
    }
    assert_eq!(stored(&app).await, before, "nothing stored");
}

#[tokio::test]
async fn applied_handled_signed_and_replied_with_a_letter() {
    let app = demo_app().await;
    let response = apply(&app, &application(ID)).await;
    assert_eq!(response.status(), 200);
    let code: String = serde_json::from_str(&response.text().await.expect("body")).expect("json");
    assert!(
        regex::Regex::new(r"^YS-[A-Z2-9]{4}-[A-Z2-9]{4}$")
            .expect("pattern")
            .is_match(&code),
        "{code}"
    );
    // The same request again: the same number.
    let again: String = serde_json::from_str(
        &apply(&app, &application(ID))
            .await
            .text()
            .await
            .expect("body"),
    )
    .expect("json");
    assert_eq!(again, code);

    let (status, page) = app
        .get(&format!("/track?code={}", code.to_lowercase()))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("待确认") && page.contains(&code), "its stage");

    let editor = cookie_for(&app, "czj-editor").await;
    let reviewer = cookie_for(&app, "czj-reviewer").await;
    let other = cookie_for(&app, "jsj-editor").await;

    // Another unit's editor can neither read nor handle it.
    let (status, _) = app
        .get_as(&format!("/api/application?code={code}"), &other)
        .await;
    assert_eq!(status, 403);
    assert_eq!(step(&app, &other, &code, "register").await, 403);
    // The unit's reviewer cannot do the editor's steps.
    assert_eq!(step(&app, &reviewer, &code, "register").await, 403);

    for action in ["register", "accept", "handle"] {
        assert_eq!(step(&app, &editor, &code, action).await, 200, "{action}");
    }
    let (status, case) = app
        .get_as(&format!("/api/application?code={code}"), &editor)
        .await;
    assert_eq!(status, 200);
    assert!(
        case.contains(NAME) && case.contains(ID),
        "staff see the applicant"
    );
    assert!(case.contains("20 个工作日"), "the clock explained: {case}");

    let drafted = app
        .post(
            "draft_reply",
            &[
                ("code", &code),
                ("kind", "disclosed"),
                ("detail", "电子文档"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(
        drafted.status(),
        200,
        "{}",
        drafted.text().await.unwrap_or_default()
    );
    // The one who drafted cannot sign; the unit's reviewer can.
    assert_eq!(step(&app, &editor, &code, "sign_reply").await, 403);
    assert_eq!(step(&app, &reviewer, &code, "sign_reply").await, 200);
    // Before it is sent the applicant sees no letter.
    let (_, page) = app.get(&format!("/track?code={code}")).await;
    assert!(!page.contains("予以公开"), "no letter before it is sent");
    let (status, _) = app.get(&format!("/track/letter.docx?code={code}")).await;
    assert_eq!(status, 404);
    assert_eq!(step(&app, &editor, &code, "send_reply").await, 200);

    let (status, page) = app.get(&format!("/track?code={code}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("依申复〔"), "the letter's number: {page}");
    assert!(
        page.contains("予以公开") && page.contains(NAME),
        "the letter"
    );
    assert!(
        !page.contains(ID) && !page.contains(PHONE),
        "no ID number or phone"
    );

    let response = app
        .client
        .get(format!("{}/track/letter.docx?code={code}", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.expect("bytes");
    let text = docx_text(&bytes);
    assert!(text.contains(NAME), "{text}");
    assert!(text.contains("依申复〔"), "{text}");
    assert!(text.contains("予以公开"), "{text}");
    assert!(text.contains("第三十六条"), "{text}");

    // The staff's copy, and nobody else's.
    let (status, _) = app
        .get_as(&format!("/desk/applications/{code}/letter.docx"), &editor)
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .get_as(&format!("/desk/applications/{code}/letter.docx"), &other)
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_applicants_identity_is_on_no_public_page() {
    let app = demo_app().await;
    let response = apply(&app, &application(ID)).await;
    assert_eq!(response.status(), 200);
    let encoded = |s: &str| s.bytes().map(|b| format!("%{b:02X}")).collect::<String>();
    let mut paths = vec![
        "/".to_owned(),
        "/policies".to_owned(),
        "/interpretations".to_owned(),
        "/qa".to_owned(),
        "/apply".to_owned(),
        "/track".to_owned(),
        format!("/search?q={}", encoded(NAME)),
        format!("/search?q={ID}"),
        "/feeds/policies.atom".to_owned(),
        "/feeds/interpretations.atom".to_owned(),
        "/feeds/qa.atom".to_owned(),
        "/sitemap.xml".to_owned(),
    ];
    let code: String = serde_json::from_str(&response.text().await.expect("body")).expect("json");
    paths.push(format!("/track?code={code}"));
    // A search page repeats its query: what counts is that it finds nothing more than
    // on the same site without the application.
    let without = demo_app().await;
    for path in &paths {
        let (_, body) = app.get(path).await;
        let (_, baseline) = without.get(path).await;
        for private in [NAME, ID, PHONE] {
            assert_eq!(
                body.matches(private).count(),
                baseline.matches(private).count(),
                "{path} shows {private}"
            );
        }
    }
    // Nor the registry's public export.
    let export = app::ssr::tooling::transfer::export(&app.db)
        .await
        .expect("export");
    for private in [NAME, ID, PHONE] {
        assert!(!export.contains(private), "the export holds {private}");
    }
}

/// POSTs a step with more fields than the action.
async fn step_with(app: &TestApp, cookie: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = app.post("application_step", form, Some(cookie)).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// The application's stage as stored.
async fn stage(app: &TestApp, code: &str) -> String {
    let status: Option<String> = app
        .db
        .query("SELECT VALUE status FROM ONLY application WHERE code = $code LIMIT 1")
        .bind(("code", code.to_owned()))
        .await
        .expect("query")
        .take(0)
        .expect("take");
    status.unwrap_or_default()
}

async fn docx_of(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, String) {
    let mut request = app.client.get(format!("{}{path}", app.base));
    if let Some(cookie) = cookie {
        request = request.header(reqwest::header::COOKIE, cookie);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("bytes");
    let text = if status == 200 {
        docx_text(&bytes)
    } else {
        String::new()
    };
    (status, text)
}

/// Each clocked step issues its notice, numbered in the unit's series: the applicant
/// reads and downloads the 补正, fee and extension notices at `/track`, never the letter
/// to the party consulted; a notice that lacks a fact is refused by name, a fee within
/// the free allowance is refused with the count, and nothing changes either time.
#[tokio::test]
async fn notices_are_issued_at_their_steps_and_the_applicant_reads_theirs() {
    let app = demo_app().await;
    let response = apply(&app, &application("110105194912310046")).await;
    let code: String = serde_json::from_str(&response.text().await.expect("body")).expect("json");
    let editor = cookie_for(&app, "czj-editor").await;
    let reviewer = cookie_for(&app, "czj-reviewer").await;
    for action in ["register", "accept"] {
        assert_eq!(step(&app, &editor, &code, action).await, 200, "{action}");
    }
    let what = "请写明所需附件的年度和表格名称";
    let (status, body) = step_with(
        &app,
        &editor,
        &[
            ("code", &code),
            ("action", "request_supplement"),
            ("note", what),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, page) = app.get(&format!("/track?code={code}")).await;
    assert!(page.contains("补正告知书"), "the applicant sees the notice");
    let (status, text) = docx_of(
        &app,
        &format!("/track/letter.docx?code={code}&notice=0"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert!(text.contains(NAME) && text.contains(what), "{text}");
    assert!(text.contains("依申告〔"), "numbered in the series: {text}");

    for action in ["receive_supplement", "handle"] {
        assert_eq!(step(&app, &editor, &code, action).await, 200, "{action}");
    }
    // A consultation names its addressee, or is refused by the field and changes nothing.
    let consult = |party: &'static str| {
        [
            ("action", "consult"),
            ("consulted", "third_party"),
            ("note", "涉及供应商的商业信息"),
            ("party", party),
        ]
    };
    let mut form = vec![("code", code.as_str())];
    form.extend(consult(""));
    let (status, body) = step_with(&app, &editor, &form).await;
    assert_eq!(status, 400);
    assert!(body.contains("party"), "{body}");
    assert_eq!(stage(&app, &code).await, "handling");
    let mut form = vec![("code", code.as_str())];
    form.extend(consult("衡东县某建材有限公司"));
    assert_eq!(step_with(&app, &editor, &form).await.0, 200);
    let (status, _) = docx_of(
        &app,
        &format!("/track/letter.docx?code={code}&notice=1"),
        None,
    )
    .await;
    assert_eq!(
        status, 404,
        "the consultation letter is not the applicant's"
    );
    let (status, text) = docx_of(
        &app,
        &format!("/desk/applications/{code}/letter.docx?notice=1"),
        Some(&editor),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        text.contains("衡东县某建材有限公司") && !text.contains("110105194912310046"),
        "{text}"
    );
    assert_eq!(step(&app, &editor, &code, "record_consultation").await, 200);

    // The first application of the month is free by count: refused with the count.
    let (status, body) = step_with(
        &app,
        &editor,
        &[
            ("code", &code),
            ("action", "issue_fee_notice"),
            ("fee_method", "by_count"),
        ],
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("第 1 件"), "{body}");
    assert_eq!(stage(&app, &code).await, "handling");
    // 45 pages: pages 31–45 at 10 yuan.
    let (status, body) = step_with(
        &app,
        &editor,
        &[
            ("code", &code),
            ("action", "issue_fee_notice"),
            ("fee_method", "by_pages"),
            ("pages", "45"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, text) = docx_of(
        &app,
        &format!("/track/letter.docx?code={code}&notice=2"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        text.contains("人民币150.00元") && text.contains("按量计收"),
        "{text}"
    );
    // Waived for hardship by the unit's reviewer, with the reason kept.
    let (status, _) = step_with(
        &app,
        &reviewer,
        &[
            ("code", &code),
            ("action", "waive"),
            ("note", "申请人持低保证明"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let (_, case) = app
        .get_as(&format!("/api/application?code={code}"), &editor)
        .await;
    assert!(
        case.contains("减免 150 元") && case.contains("申请人持低保证明"),
        "{case}"
    );

    // An extension: asked for by the editor, granted by the reviewer, told to the applicant.
    let (status, _) = step_with(
        &app,
        &editor,
        &[
            ("code", &code),
            ("action", "request_extension"),
            ("note", "需要调取多年档案"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = step_with(
        &app,
        &reviewer,
        &[
            ("code", &code),
            ("action", "approve_extension"),
            ("days", "10"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let (status, text) = docx_of(
        &app,
        &format!("/track/letter.docx?code={code}&notice=3"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        text.contains("延长10个工作日") && text.contains("需要调取多年档案"),
        "{text}"
    );
    // One series for the unit: four notices, four different numbers.
    let (_, case) = app
        .get_as(&format!("/api/application?code={code}"), &editor)
        .await;
    let numbers: std::collections::BTreeSet<&str> = regex::Regex::new(r"依申告〔\d{4}〕\d+号")
        .expect("pattern")
        .find_iter(&case)
        .map(|m| m.as_str())
        .collect();
    assert_eq!(numbers.len(), 4, "{numbers:?}");
    // A notice that is not there, and a place that is not a number.
    let (status, _) = docx_of(
        &app,
        &format!("/track/letter.docx?code={code}&notice=9"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = docx_of(
        &app,
        &format!("/track/letter.docx?code={code}&notice=x"),
        None,
    )
    .await;
    assert_eq!(status, 400);
}

/// The office registers what arrived by post or at the counter: received on the day
/// Art. 31 gives for the channel, with the reason; a wrong channel or day is refused by
/// its field, and only the unit's editors may register.
#[tokio::test]
async fn staff_register_an_application_received_by_post() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let reviewer = cookie_for(&app, "czj-reviewer").await;
    let signed_for = (chrono::Utc::now() - chrono::Duration::days(3))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset"))
        .date_naive()
        .to_string();
    let mut form: Vec<(&str, String)> = application("110105194912310062")
        .into_iter()
        .filter(|(k, _)| *k != "unit")
        .collect();
    form.push(("channel", "registered_post".to_owned()));
    form.push(("date", signed_for.clone()));
    let post = |cookie: String, form: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let response = app.post("register_application", &form, Some(&cookie)).await;
            let status = response.status().as_u16();
            (status, response.text().await.unwrap_or_default())
        }
    };
    let before = stored(&app).await;
    let (status, _) = post(reviewer.clone(), form.clone()).await;
    assert_eq!(status, 403, "a reviewer does not register");
    for (field, value) in [
        ("channel", "online"),
        ("channel", "pigeon"),
        ("date", "2999-01-01"),
        ("date", "昨天"),
    ] {
        let mut wrong = form.clone();
        wrong.retain(|(k, _)| *k != field);
        wrong.push((field, value.to_owned()));
        let (status, body) = post(editor.clone(), wrong).await;
        assert_eq!(status, 400, "{field}={value}: {body}");
        assert!(body.contains(field), "{field} named: {body}");
    }
    assert_eq!(stored(&app).await, before, "nothing stored when refused");

    let (status, body) = post(editor.clone(), form.clone()).await;
    assert_eq!(status, 200, "{body}");
    let code: String = serde_json::from_str(&body).expect("json");
    let (status, case) = app
        .get_as(&format!("/api/application?code={code}"), &editor)
        .await;
    assert_eq!(status, 200);
    assert!(
        case.contains(&signed_for),
        "received on the day signed for: {case}"
    );
    assert!(case.contains("签收"), "with its reason: {case}");
    assert_eq!(stage(&app, &code).await, "registered");

    // A page post that is refused goes back to the form with what was typed.
    let mut wrong = form.clone();
    wrong.retain(|(k, _)| *k != "date");
    wrong.push(("date", "2999-01-01".to_owned()));
    wrong.push(("name", "窗口申请人乙".to_owned()));
    wrong.retain(|(k, v)| *k != "name" || v == "窗口申请人乙");
    let response = app
        .client
        .post(format!("{}/api/register_application", app.base))
        .header(ORIGIN, &app.base)
        .header(ACCEPT, "text/html")
        .header(reqwest::header::COOKIE, &editor)
        .form(&wrong)
        .send()
        .await
        .expect("request");
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        location.starts_with("/desk/applications/new?stash="),
        "{location}"
    );
    let (status, page) = app
        .get_as(
            &location,
            &crate::support::with_form_cookie(&editor, &response),
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("窗口申请人乙"), "what was typed is kept");
}

/// Table 三 counted from the demo's records for 2026 matches the count by hand, and its
/// rows balance: received + carried in = ended + carried out.
#[tokio::test]
async fn table_three_of_the_demo_year_matches_the_hand_count() {
    use app::domain::TaxonomyCode;
    use app::ssr::tooling::demo::applications::expected_table;
    let db = app::ssr::db::memory_db().await.expect("db");
    let now = "2026-12-02T02:00:00Z".parse().expect("time");
    app::ssr::tooling::demo::seed_at(&db, &crate::support::nobody(), now)
        .await
        .expect("demo");
    let czj = TaxonomyCode::parse("czj").expect("unit");
    let expected = expected_table();
    for unit in [Some(&czj), None] {
        let table = app::ssr::repo::application::table(&db, unit, 2026)
            .await
            .expect("table");
        assert_eq!(table.received.0, expected.received, "received");
        assert_eq!(table.carried_in.0, expected.carried_in, "carried in");
        assert_eq!(table.carried_out.0, expected.carried_out, "carried out");
        let results: Vec<_> = table
            .results
            .iter()
            .filter(|(_, counts)| counts.total() > 0)
            .map(|(row, counts)| (*row, counts.0))
            .collect();
        assert_eq!(results, expected.results);
        assert_eq!(
            table.received.total() + table.carried_in.total(),
            table.results_total().total() + table.carried_out.total()
        );
    }
    // Another unit received none of them.
    let other = TaxonomyCode::parse("jsj").expect("unit");
    let table = app::ssr::repo::application::table(&db, Some(&other), 2026)
        .await
        .expect("table");
    assert_eq!(table.received.total(), 0);
}

/// The desk home and the inbox list the unit's applications that need someone (here the
/// demo's extension waiting for a reviewer), and other units see none of them; the list
/// page signals the information two applicants asked for (Art. 44).
#[tokio::test]
async fn the_desk_warns_of_deadlines_and_signals_repeated_requests() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let other = cookie_for(&app, "jsj-editor").await;
    for path in ["/api/desk", "/api/inbox"] {
        let (status, body) = app.get_as(path, &editor).await;
        assert_eq!(status, 200, "{path}");
        let page: serde_json::Value = serde_json::from_str(&body).expect("json");
        let lines = page["applications"].as_array().cloned().unwrap_or_default();
        assert!(
            lines
                .iter()
                .any(|l| l["status"].as_str() == Some("extension_requested")),
            "{path}: {lines:?}"
        );
        let (_, body) = app.get_as(path, &other).await;
        let page: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert_eq!(
            page["applications"].as_array().map(Vec::len),
            Some(0),
            "{path}"
        );
    }
    let (status, body) = app.get_as("/api/applications", &editor).await;
    assert_eq!(status, 200);
    let list: serde_json::Value = serde_json::from_str(&body).expect("json");
    let same = list["signals"]["same_request"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        same.iter().any(|s| s["description"]
            .as_str()
            .is_some_and(|d| d.contains("第三季度国库资金调度表"))
            && s["applicants"] == 2),
        "{same:?}"
    );
}

/// Every step of the workflow, taken in turn: before the right person takes it, the wrong
/// ones try — another unit's editor, the unit's reviewer for an editor's step, the
/// unit's editor for a reviewer's, a visitor — and are refused (401/403) with nothing
/// changed.
#[tokio::test]
async fn every_step_is_refused_to_the_wrong_person_and_changes_nothing() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let reviewer = cookie_for(&app, "czj-reviewer").await;
    let other = cookie_for(&app, "jsj-editor").await;
    let open = |id: &'static str, description: &'static str| {
        let app = &app;
        async move {
            let mut form = application(id);
            form.retain(|(k, _)| *k != "description");
            form.push(("description", description.to_owned()));
            let response = apply(app, &form).await;
            serde_json::from_str::<String>(&response.text().await.expect("body")).expect("json")
        }
    };
    /// Who takes a step.
    #[derive(Clone, Copy, PartialEq)]
    enum By {
        Editor,
        Reviewer,
        Either,
    }
    let main = open("110105194912310089", "授权顺序测试：所需信息甲").await;
    let moved = open("110105194912310097", "授权顺序测试：所需信息乙").await;
    let closed = open("11010519491231010X", "授权顺序测试：所需信息丙").await;
    let paid = open("110105194912310118", "授权顺序测试：所需信息丁").await;
    /// An application's number, who takes the step, and the step's fields.
    type Step<'a> = (&'a str, By, Vec<(&'a str, &'a str)>);
    let steps: Vec<Step> = vec![
        (&main, By::Editor, vec![("action", "register")]),
        (&main, By::Editor, vec![("action", "accept")]),
        (
            &main,
            By::Editor,
            vec![("action", "request_supplement"), ("note", "请写明年度")],
        ),
        (&main, By::Editor, vec![("action", "receive_supplement")]),
        (&main, By::Editor, vec![("action", "handle")]),
        (
            &main,
            By::Editor,
            vec![
                ("action", "consult"),
                ("consulted", "other_body"),
                ("note", "共同制作"),
                ("party", "衡东县发展和改革局"),
            ],
        ),
        (&main, By::Editor, vec![("action", "record_consultation")]),
        (
            &main,
            By::Editor,
            vec![("action", "request_extension"), ("note", "档案较多")],
        ),
        (
            &main,
            By::Reviewer,
            vec![("action", "refuse_extension"), ("note", "可以按期答复")],
        ),
        (
            &main,
            By::Editor,
            vec![("action", "request_extension"), ("note", "档案确实较多")],
        ),
        (
            &main,
            By::Reviewer,
            vec![("action", "approve_extension"), ("days", "5")],
        ),
        (
            &main,
            By::Editor,
            vec![
                ("action", "issue_fee_notice"),
                ("fee_method", "by_pages"),
                ("pages", "31"),
            ],
        ),
        (
            &main,
            By::Reviewer,
            vec![("action", "waive"), ("note", "经济困难")],
        ),
        (&main, By::Editor, vec![("action", "draft_reply")]),
        (
            &main,
            By::Reviewer,
            vec![("action", "return_reply"), ("note", "请补充提供方式")],
        ),
        (&main, By::Editor, vec![("action", "draft_reply")]),
        (&main, By::Reviewer, vec![("action", "sign_reply")]),
        (&main, By::Either, vec![("action", "send_reply")]),
        (&main, By::Either, vec![("action", "archive")]),
        (
            &moved,
            By::Editor,
            vec![
                ("action", "transfer"),
                ("unit", "jyj"),
                ("note", "该信息由教育局保存"),
            ],
        ),
        (&paid, By::Editor, vec![("action", "register")]),
        (&paid, By::Editor, vec![("action", "accept")]),
        (&paid, By::Editor, vec![("action", "handle")]),
        (
            &paid,
            By::Editor,
            vec![
                ("action", "issue_fee_notice"),
                ("fee_method", "by_pages"),
                ("pages", "40"),
            ],
        ),
        (&paid, By::Editor, vec![("action", "record_payment")]),
        (
            &closed,
            By::Editor,
            vec![
                ("action", "close"),
                ("reason", "withdrawn"),
                ("note", "申请人撤回"),
            ],
        ),
    ];
    let snapshot = |code: String| {
        let app = &app;
        async move {
            let row: Option<serde_json::Value> = app
                .db
                .query("SELECT status, events, notices, fee, letter FROM ONLY application WHERE code = $code LIMIT 1")
                .bind(("code", code))
                .await
                .expect("query")
                .take(0)
                .expect("take");
            row
        }
    };
    for (code, by, fields) in steps {
        let action = fields[0].1;
        let draft = action == "draft_reply";
        let mut form: Vec<(&str, &str)> = vec![("code", code)];
        if draft {
            form.extend([("kind", "disclosed"), ("detail", "电子邮件")]);
        } else {
            form.extend(fields.iter().copied());
        }
        let endpoint = if draft {
            "draft_reply"
        } else {
            "application_step"
        };
        let mut wrong = vec![Some(other.as_str()), None];
        match by {
            By::Editor => wrong.push(Some(reviewer.as_str())),
            By::Reviewer => wrong.push(Some(editor.as_str())),
            By::Either => {}
        }
        let before = snapshot(code.to_owned()).await;
        for cookie in wrong {
            let status = app.post(endpoint, &form, cookie).await.status().as_u16();
            let expected = if cookie.is_some() { 403 } else { 401 };
            assert_eq!(status, expected, "{action} by the wrong person");
            assert_eq!(
                snapshot(code.to_owned()).await,
                before,
                "{action} refused changes nothing"
            );
        }
        let right = if by == By::Reviewer {
            &reviewer
        } else {
            &editor
        };
        let response = app.post(endpoint, &form, Some(right)).await;
        let status = response.status().as_u16();
        assert_eq!(
            status,
            200,
            "{action}: {}",
            response.text().await.unwrap_or_default()
        );
    }
    for (code, stage_now) in [
        (&paid, "handling"),
        (&main, "archived"),
        (&moved, "transferred"),
        (&closed, "closed"),
    ] {
        assert_eq!(stage(&app, code).await, stage_now);
    }
}

/// Sends `bytes` as a file of the application `code` from `/track`.
async fn attach(app: &TestApp, code: &str, name: &str, bytes: Vec<u8>) -> u16 {
    let form = reqwest::multipart::Form::new()
        .text("code", code.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    app.client
        .post(format!("{}/track/attachments", app.base))
        .header(ORIGIN, &app.base)
        .multipart(form)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

/// The applicant adds files at `/track` with their number: checked by content, at most
/// ten, none once the application is finished; the unit's staff download them, nobody
/// else can (not even at `/files/…`), and `/track` lists only their names.
#[tokio::test]
async fn the_applicants_files_reach_the_unit_and_nobody_else() {
    use sha2::Digest;
    let app = demo_app().await;
    let response = apply(&app, &application(ID)).await;
    let code: String = serde_json::from_str(&response.text().await.expect("body")).expect("json");
    let png = crate::support::PNG.to_vec();
    assert_eq!(attach(&app, &code, "身份证明.png", png.clone()).await, 201);
    assert_eq!(
        attach(
            &app,
            &code,
            "script.html",
            b"<script>alert(1)</script>".to_vec()
        )
        .await,
        415
    );
    assert_eq!(
        attach(&app, "YS-AAAA-AAAA", "a.png", png.clone()).await,
        404
    );
    assert_eq!(
        attach(&app, "not a number", "a.png", png.clone()).await,
        400
    );
    let (_, page) = app.get(&format!("/track?code={code}")).await;
    assert!(page.contains("身份证明.png"), "the applicant sees the name");

    let editor = cookie_for(&app, "czj-editor").await;
    let other = cookie_for(&app, "jsj-editor").await;
    let path = format!("/desk/applications/{code}/attachment?n=0");
    let response = app
        .client
        .get(format!("{}{path}", app.base))
        .header(reqwest::header::COOKIE, &editor)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap_or_default()
            .starts_with("attachment")
    );
    assert_eq!(response.bytes().await.expect("bytes").to_vec(), png);
    for cookie in [Some(other.as_str()), None] {
        let mut request = app.client.get(format!("{}{path}", app.base));
        if let Some(cookie) = cookie {
            request = request.header(reqwest::header::COOKIE, cookie);
        }
        assert_eq!(request.send().await.expect("request").status(), 404);
    }
    let hash: String = sha2::Sha256::digest(&png)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (status, _) = app.get_as(&format!("/files/{hash}"), &other).await;
    assert_eq!(status, 404, "not served as an upload");

    // Ten at most.
    for n in 1..10 {
        let mut bytes = png.clone();
        bytes.extend(format!("{n}").bytes());
        assert_eq!(
            attach(&app, &code, &format!("{n}.png"), bytes).await,
            201,
            "file {n}"
        );
    }
    assert_eq!(attach(&app, &code, "11.png", png.clone()).await, 409);
    let (_, page) = app.get(&format!("/track?code={code}")).await;
    assert!(
        !page.contains(r#"action="/track/attachments""#),
        "no form when full"
    );

    // Nothing once it is finished.
    let response = apply(&app, &application("110105194912310046")).await;
    let finished: String =
        serde_json::from_str(&response.text().await.expect("body")).expect("json");
    for action in ["register"] {
        assert_eq!(step(&app, &editor, &finished, action).await, 200);
    }
    let (status, _) = step_with(
        &app,
        &editor,
        &[
            ("code", &finished),
            ("action", "close"),
            ("reason", "withdrawn"),
            ("note", "撤回"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(attach(&app, &finished, "late.png", png).await, 409);
}
