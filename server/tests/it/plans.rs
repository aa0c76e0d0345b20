//! The synchronisation rules through the server functions: a major policy waits for its
//! plan's sign-off; its same-day explanations go out with it or not at all (unless a
//! reviewer records why); a milestone past due with nothing released is overdue.

use crate::support::{TestApp, cookie_for, demo_app};
use chrono::Duration;

async fn json<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> T {
    let status = response.status();
    let body = response.text().await.expect("body");
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("json")
}

async fn status_of(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// A major 财政局 policy drafted and submitted, with a plan of three issues and two
/// milestones (same day, +3 working days). Returns the policy id.
async fn major_policy_with_plan(app: &TestApp, editor: &str, title: &str) -> String {
    let id: String = json(
        app.post(
            "create_policy",
            &[
                ("title", title),
                ("doc_number", ""),
                ("directory", "fgwj"),
                ("key_area", "czzj"),
                ("signed_on", "2026-11-20"),
                ("disclosure", "proactive"),
                ("disclosure_reason", ""),
                ("major", "on"),
                ("body", "<p>第一条　为规范财政资金管理，制定本办法。</p>"),
            ],
            Some(editor),
        )
        .await,
    )
    .await;
    let ok = |r: reqwest::Response| async move {
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default())
    };
    ok(app
        .post(
            "save_plan",
            &[
                ("policy", id.as_str()),
                ("background", "规范财政资金"),
                ("key_points", "资金拨付流程"),
                ("risk_level", "medium"),
                ("risk_assessment", "涉及面广"),
            ],
            Some(editor),
        )
        .await)
    .await;
    for question in ["谁来拨付？", "多久到账？", "如何监督？"] {
        ok(app
            .post(
                "add_issue",
                &[
                    ("policy", id.as_str()),
                    ("question", question),
                    ("priority", "1"),
                ],
                Some(editor),
            )
            .await)
        .await;
    }
    for offset in ["0", "3"] {
        ok(app
            .post(
                "add_milestone",
                &[
                    ("policy", id.as_str()),
                    ("form", "text"),
                    ("due_kind", "working_days"),
                    ("offset", offset),
                ],
                Some(editor),
            )
            .await)
        .await;
    }
    ok(app
        .post(
            "transition_policy",
            &[("id", id.as_str()), ("action", "submit")],
            Some(editor),
        )
        .await)
    .await;
    id
}

async fn step(app: &TestApp, cookie: &str, id: &str, action: &str) -> (u16, String) {
    status_of(
        app.post(
            "transition_policy",
            &[("id", id), ("action", action)],
            Some(cookie),
        )
        .await,
    )
    .await
}

async fn plan(app: &TestApp, cookie: &str, id: &str) -> serde_json::Value {
    let (status, body) = app.get_as(&format!("/api/plan?policy={id}"), cookie).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("json")
}

#[tokio::test]
async fn the_plan_is_signed_off_first_and_same_day_items_go_out_with_the_policy() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    let id = major_policy_with_plan(&app, &editor, "衡东县财政资金拨付管理办法").await;

    // The desk flags a major policy without an approved plan.
    let (_, desk) = app.get_as("/desk", &editor).await;
    assert!(
        desk.contains("尚无已审签方案的重大政策") && desk.contains("衡东县财政资金拨付管理办法")
    );

    // 同步审签: not before the plan.
    let (status, body) = step(&app, &reviewer, &id, "approve").await;
    assert_eq!(status, 409);
    assert!(body.contains("解读方案"), "{body}");
    assert_eq!(
        app.post(
            "plan_step",
            &[("policy", id.as_str()), ("action", "submit")],
            Some(&editor)
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.post(
            "plan_step",
            &[("policy", id.as_str()), ("action", "approve")],
            Some(&reviewer)
        )
        .await
        .status(),
        200
    );
    assert_eq!(step(&app, &reviewer, &id, "approve").await.0, 200);

    // 同步部署: the same-day milestone has no approved item yet.
    let (status, body) = step(&app, &reviewer, &id, "publish").await;
    assert_eq!(status, 409);
    assert!(body.contains("同日"), "{body}");
    assert_eq!(
        app.get(&format!("/policies/{id}")).await.0,
        404,
        "still not public"
    );

    // An approved article fulfils it; publishing releases both in one transaction.
    let article: String = json(
        app.post(
            "save_article",
            &[
                ("policy", id.as_str()),
                ("kind", "department"),
                ("title", "《衡东县财政资金拨付管理办法》解读"),
                ("summary", ""),
                ("byline", "县财政局"),
                ("body", "<p>一、谁来拨付</p>"),
            ],
            Some(&editor),
        )
        .await,
    )
    .await;
    for (cookie, action) in [(&editor, "submit"), (&reviewer, "approve")] {
        assert_eq!(
            app.post(
                "article_step",
                &[("id", article.as_str()), ("action", action)],
                Some(cookie)
            )
            .await
            .status(),
            200
        );
    }
    let view = plan(&app, &editor, &id).await;
    let same_day = view["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .find(|m| m["same_day"] == true)
        .expect("same day")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let item = format!("article:{article}");
    let issue = view["issues"][0]["id"].as_str().expect("issue").to_owned();
    for (endpoint, form) in [
        (
            "fulfil_milestone",
            vec![
                ("policy", id.as_str()),
                ("milestone", same_day.as_str()),
                ("item", item.as_str()),
            ],
        ),
        (
            "address_issue",
            vec![
                ("policy", id.as_str()),
                ("issue", issue.as_str()),
                ("item", item.as_str()),
            ],
        ),
    ] {
        assert_eq!(
            app.post(endpoint, &form, Some(&editor)).await.status(),
            200,
            "{endpoint}"
        );
    }
    assert_eq!(step(&app, &reviewer, &id, "publish").await.0, 200);
    let published = app::ssr::repo::article::get_public(
        &app.db,
        &app::domain::ArticleId::parse(&article).expect("id"),
    )
    .await
    .expect("get")
    .expect("released with the policy");
    let policy = app::ssr::repo::policy::get_public(
        &app.db,
        &app::domain::PolicyId::parse(&id).expect("id"),
    )
    .await
    .expect("get")
    .expect("public");
    assert_eq!(
        published.published_at, policy.published_at,
        "the same moment"
    );
    let (_, page) = app.get(&format!("/policies/{id}")).await;
    assert!(page.contains(&format!("/interpretations/{article}")));

    let (_, desk) = app.get_as("/desk", &editor).await;
    assert!(
        desk.contains("3 个工作日内到期"),
        "the +3 milestone is coming up"
    );
    assert!(!desk.contains("尚无已审签方案的重大政策"));

    // Coverage: the first issue is covered now.
    let view = plan(&app, &editor, &id).await;
    assert_eq!(view["issues"][0]["covered"], true);
    assert_eq!(view["issues"][1]["covered"], false);
    let (status, desk) = app
        .get_as(&format!("/desk/policies/{id}/plan"), &editor)
        .await;
    assert_eq!(status, 200);
    assert!(
        desk.contains("覆盖矩阵") && desk.contains("未覆盖"),
        "the matrix"
    );
    assert!(
        desk.contains("<svg") && desk.contains("按时发布"),
        "the timeline"
    );
    // The public page: 本政策重点问题, each with what answers it.
    let (_, page) = app.get(&format!("/policies/{id}")).await;
    assert!(page.contains("本政策重点问题") && page.contains("谁来拨付？"));
    assert!(page.contains(&format!(r#"<a href="/interpretations/{article}">"#)));

    // 3: the +3-working-day milestone has nothing; a month later it is overdue.
    app.clock.advance(Duration::days(30));
    // A month on, the session has long expired: sign in again.
    let editor = cookie_for(&app, "czj-editor").await;
    let view = plan(&app, &editor, &id).await;
    let later = view["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .find(|m| m["same_day"] == false)
        .expect("+3")
        .clone();
    assert_eq!(later["state"], "Overdue");
    let (_, desk) = app.get_as("/desk", &editor).await;
    assert!(desk.contains("已逾期的发布节点"));
    assert!(
        later["due_note"]
            .as_str()
            .unwrap_or_default()
            .contains("3 个工作日")
    );
}

#[tokio::test]
async fn a_reviewer_may_publish_without_the_same_day_item_giving_a_reason() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    let id = major_policy_with_plan(&app, &editor, "衡东县财政票据管理办法").await;
    for (cookie, action) in [(&editor, "submit"), (&reviewer, "approve")] {
        assert_eq!(
            app.post(
                "plan_step",
                &[("policy", id.as_str()), ("action", action)],
                Some(cookie)
            )
            .await
            .status(),
            200
        );
    }
    assert_eq!(step(&app, &reviewer, &id, "approve").await.0, 200);
    // The desk page says what holds it back; only the county-wide reviewer gets the
    // form to publish anyway, and its reason is required.
    let page = format!("/desk/policies/{id}");
    let (status, as_reviewer) = app.get_as(&page, &reviewer).await;
    assert_eq!(status, 200, "{as_reviewer}");
    assert!(as_reviewer.contains("同步部署"), "{as_reviewer}");
    let field = as_reviewer
        .split("<textarea")
        .find(|tag| tag.contains(r#"name="override_reason""#))
        .and_then(|tag| tag.split('>').next())
        .expect("the reason field");
    assert!(field.contains("required"), "{field}");
    let (_, as_editor) = app.get_as(&page, &editor).await;
    assert!(as_editor.contains("同步部署"));
    assert!(!as_editor.contains("override_reason"));
    let (status, _) = status_of(
        app.post(
            "transition_policy",
            &[
                ("id", id.as_str()),
                ("action", "publish"),
                ("override_reason", "  "),
            ],
            Some(&reviewer),
        )
        .await,
    )
    .await;
    assert_eq!(status, 409, "a blank reason is no reason");
    // An editor may not override; a reviewer may, and the reason is on the record.
    let (status, _) = status_of(
        app.post(
            "transition_policy",
            &[
                ("id", id.as_str()),
                ("action", "publish"),
                ("override_reason", "图解延期"),
            ],
            Some(&editor),
        )
        .await,
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = status_of(
        app.post(
            "transition_policy",
            &[
                ("id", id.as_str()),
                ("action", "publish"),
                ("override_reason", "解读稿需补充数据，次日发布"),
            ],
            Some(&reviewer),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let trail = app::ssr::repo::audit::history(&app.db, &format!("policy:{id}"))
        .await
        .expect("history");
    let last = trail.last().expect("audited");
    assert_eq!(last.entry.action, "policy.publish");
    assert!(
        last.entry
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("解读稿需补充数据，次日发布")
    );
}

#[tokio::test]
async fn only_the_unit_changes_a_plan() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let id = major_policy_with_plan(&app, &editor, "衡东县财政专户管理办法").await;
    let other = cookie_for(&app, "jsj-editor").await;
    let before = app
        .get_as(&format!("/api/plan?policy={id}"), &editor)
        .await
        .1;
    for (endpoint, form) in [
        (
            "add_issue",
            vec![("policy", id.as_str()), ("question", "越权议题")],
        ),
        (
            "save_plan",
            vec![
                ("policy", id.as_str()),
                ("background", "x"),
                ("key_points", "x"),
                ("risk_level", "low"),
                ("risk_assessment", "x"),
            ],
        ),
        (
            "plan_step",
            vec![("policy", id.as_str()), ("action", "submit")],
        ),
    ] {
        assert_eq!(
            app.post(endpoint, &form, Some(&other)).await.status(),
            403,
            "{endpoint}"
        );
    }
    assert_eq!(
        app.get_as(&format!("/api/plan?policy={id}"), &other)
            .await
            .0,
        403
    );
    assert_eq!(
        app.get_as(&format!("/api/plan?policy={id}"), &editor)
            .await
            .1,
        before
    );
}

#[tokio::test]
async fn the_demo_notice_carries_its_whole_chain() {
    let app = demo_app().await;
    let (_, page) = app.get("/policies/xzfb-2016-5").await;
    assert!(page.contains("本政策重点问题"));
    assert!(page.contains("在哪里能查到公开的信息？"));
    assert!(
        page.contains(r#"<a href="/interpretations/"#),
        "issues link to what answers them"
    );
    assert!(
        page.contains("（尚无解读）"),
        "an issue not yet covered says so"
    );
    let editor = cookie_for(&app, "xzfb-editor").await;
    let view = plan(&app, &editor, "xzfb-2016-5").await;
    assert_eq!(view["status"], "approved");
    assert_eq!(view["issues"].as_array().map(Vec::len), Some(5));
    let covered = view["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .filter(|i| i["covered"] == true)
        .count();
    assert_eq!(covered, 4);
}

#[tokio::test]
async fn the_publics_questions_feed_issue_setting() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "xzfb-editor").await;
    let before = plan(&app, &editor, "xzfb-2016-5").await;
    let unlinked: Vec<String> =
        serde_json::from_value(before["unlinked_concerns"].clone()).expect("codes");
    assert!(
        !unlinked.is_empty(),
        "the demo's questions about the notice"
    );
    let code = unlinked[0].clone();
    let (status, page) = app.get_as(&format!("/desk/concerns/{code}"), &editor).await;
    assert_eq!(status, 200);
    assert!(page.contains("关联解读方案议题"));
    let issue = before["issues"][2]["id"]
        .as_str()
        .expect("issue")
        .to_owned();
    let other = cookie_for(&app, "czj-editor").await;
    let form = [("code", code.as_str()), ("issue", issue.as_str())];
    assert_eq!(
        app.post("raise_issue", &form, Some(&other)).await.status(),
        403
    );
    assert_eq!(
        app.post("raise_issue", &form, Some(&editor)).await.status(),
        200
    );
    let after = plan(&app, &editor, "xzfb-2016-5").await;
    assert_eq!(after["issues"][2]["raised"], 1);
    let still: Vec<String> =
        serde_json::from_value(after["unlinked_concerns"].clone()).expect("codes");
    assert!(!still.contains(&code));
    // The plan page shows counts and codes, never the questions themselves.
    let (_, plan_page) = app.get_as("/desk/policies/xzfb-2016-5/plan", &editor).await;
    assert!(plan_page.contains("公众提问 1 条"));
    assert!(
        !plan_page.contains("13907341234"),
        "no contact on the plan page"
    );
}

#[tokio::test]
async fn a_refused_step_from_a_page_says_why() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    let id = major_policy_with_plan(&app, &editor, "衡东县财政资金绩效评价办法").await;
    let page = format!("{}/desk/policies/{id}", app.base);
    let response = app
        .client
        .post(format!("{}/api/transition_policy", app.base))
        .header(reqwest::header::ORIGIN, &app.base)
        .header(reqwest::header::REFERER, &page)
        .header(reqwest::header::ACCEPT, "text/html")
        .header(reqwest::header::COOKIE, &reviewer)
        .form(&[("id", id.as_str()), ("action", "approve")])
        .send()
        .await
        .expect("request");
    assert!(response.status().is_redirection(), "{}", response.status());
    let back = response.headers()[reqwest::header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(back.contains("__err="), "{back}");
    let path = back.strip_prefix(&app.base).unwrap_or(&back).to_owned();
    let (_, shown) = app.get_as(&path, &reviewer).await;
    assert!(
        shown.contains("重大政策须先审签其解读方案"),
        "the reason, in words"
    );
}

#[tokio::test]
async fn issues_are_edited_and_reordered_while_the_plan_is_a_draft() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let id = major_policy_with_plan(&app, &editor, "衡东县财政预算评审办法").await;
    let view = plan(&app, &editor, &id).await;
    let second = view["issues"][1]["id"].as_str().expect("id").to_owned();
    let form = [
        ("policy", id.as_str()),
        ("issue", second.as_str()),
        ("direction", "up"),
    ];
    assert_eq!(
        app.post("move_issue", &form, Some(&editor)).await.status(),
        200
    );
    let edit = [
        ("policy", id.as_str()),
        ("issue", second.as_str()),
        ("question", "资金多久能到账？"),
        ("priority", "1"),
    ];
    assert_eq!(
        app.post("update_issue", &edit, Some(&editor))
            .await
            .status(),
        200
    );
    let view = plan(&app, &editor, &id).await;
    let questions: Vec<&str> = view["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["question"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(questions, ["资金多久能到账？", "谁来拨付？", "如何监督？"]);
    // Once submitted, the plan is fixed.
    assert_eq!(
        app.post(
            "plan_step",
            &[("policy", id.as_str()), ("action", "submit")],
            Some(&editor)
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.post("update_issue", &edit, Some(&editor))
            .await
            .status(),
        409
    );
    // The home page features the demo notice with its plan's issues.
    let (_, home) = app.get("/").await;
    assert!(home.contains("重点政策解读") && home.contains("在哪里能查到公开的信息？"));
}
