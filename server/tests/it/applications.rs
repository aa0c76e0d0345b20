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
