//! The desk home and its work list, as an editor, a reviewer and an expert find them.

use crate::support::{cookie_for, demo_app};
use app::ssr::tooling::demo::{NOTICE_ID, NOTICE_TITLE};

/// The unit 财政局's policies in the demo, in every disclosure.
const CZJ: [&str; 5] = [
    "衡东县财政局关于2016年县本级部门预算公开的通知",
    "衡东县2015年县本级“三公”经费决算情况说明",
    "衡东县政府采购管理暂行办法",
    "衡东县政府采购管理办法",
    "衡东县县直单位2016年公务卡管理办法",
];
const JSJ: &str = "衡东县2016年棚户区改造工作实施方案";

#[tokio::test]
async fn an_editor_reaches_every_policy_of_the_unit_and_filters_them() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let (status, desk) = app.get_as("/desk", &editor).await;
    assert_eq!(status, 200);
    assert!(desk.contains("本单位政策文件"));
    assert!(
        desk.contains(r#"href="/desk/policies/czj-2016-4""#),
        "{desk}"
    );
    assert!(desk.contains(r#"href="/desk/policies""#));

    let (status, all) = app.get_as("/desk/policies", &editor).await;
    assert_eq!(status, 200);
    for title in CZJ {
        assert!(all.contains(title), "{title}");
    }
    assert!(!all.contains(JSJ), "another unit's policy");
    assert!(
        !all.contains(r#"name="unit""#),
        "an editor does not choose the unit"
    );

    // Words of the title or 文号, and the filters, each narrowing the list.
    let (_, bought) = app
        .get_as("/desk/policies?q=%E9%87%87%E8%B4%AD", &editor)
        .await;
    assert!(bought.contains(CZJ[2]) && bought.contains(CZJ[3]));
    assert!(!bought.contains(CZJ[0]));
    assert!(
        bought.contains(r#"value="采购""#),
        "the words stay in the box"
    );
    let (_, by_number) = app
        .get_as(
            "/desk/policies?q=%E4%B8%9C%E8%B4%A2%E5%8F%91%E3%80%942016%E3%80%954",
            &editor,
        )
        .await;
    assert!(by_number.contains(CZJ[3]) && !by_number.contains(CZJ[2]));
    let (_, major) = app.get_as("/desk/policies?major=yes", &editor).await;
    assert!(major.contains(CZJ[0]) && major.contains(CZJ[3]));
    assert!(!major.contains(CZJ[1]));
    let (_, year) = app.get_as("/desk/policies?year=2015", &editor).await;
    assert!(year.contains(CZJ[2]) && !year.contains(CZJ[3]));
    let (_, drafts) = app.get_as("/desk/policies?status=draft", &editor).await;
    assert!(drafts.contains("没有符合这些条件的政策文件"));
    // The published interpretations of the budget notice count as explained.
    let (_, none) = app.get_as("/desk/policies?coverage=none", &editor).await;
    assert!(none.contains(CZJ[1]) && !none.contains(CZJ[0]));
    let (_, partly) = app.get_as("/desk/policies?coverage=partial", &editor).await;
    assert!(partly.contains(CZJ[0]) && !partly.contains(CZJ[1]));

    // Another unit's list is refused; a bad value is a 400 that names the filter and
    // keeps what was typed.
    let (status, refused) = app.get_as("/desk/policies?unit=jsj", &editor).await;
    assert_eq!(status, 403);
    assert!(!refused.contains(JSJ));
    let (status, bad) = app
        .get_as("/desk/policies?year=20x6&q=%E9%87%87%E8%B4%AD", &editor)
        .await;
    assert_eq!(status, 400);
    assert!(bad.contains("year") && bad.contains("20x6"), "{bad}");
    assert!(bad.contains(r#"value="20x6""#) && bad.contains(r#"value="采购""#));
    let (status, _) = app.get_as("/desk/policies?coverage=most", &editor).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_county_reviewer_sees_every_unit_and_narrows_to_one() {
    let app = demo_app().await;
    let reviewer = cookie_for(&app, "dzzwb-reviewer").await;
    let (status, all) = app.get_as("/desk/policies", &reviewer).await;
    assert_eq!(status, 200);
    assert!(all.contains(r#"name="unit""#));
    let (_, jsj) = app.get_as("/desk/policies?unit=jsj", &reviewer).await;
    assert!(jsj.contains(JSJ) && !jsj.contains(CZJ[0]));
    // The seed notice has its plan; a policy without one does not match "has a plan".
    let (_, planned) = app.get_as("/desk/policies?plan=yes", &reviewer).await;
    assert!(planned.contains(NOTICE_TITLE), "{planned}");
    assert!(!planned.contains(CZJ[1]));
    let (_, plan_link) = app.get_as("/desk/policies?plan=yes", &reviewer).await;
    assert!(plan_link.contains(&format!("/desk/policies/{NOTICE_ID}/plan")));

    // An expert has no unit to list.
    let expert = cookie_for(&app, "expert").await;
    assert_eq!(app.get_as("/desk/policies", &expert).await.0, 403);
    let (_, expert_desk) = app.get_as("/desk", &expert).await;
    assert!(!expert_desk.contains("本单位政策文件"));
}

#[tokio::test]
async fn what_happened_reads_as_sentences_with_names_and_links() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let created = app
        .post(
            "create_policy",
            &[
                ("title", "衡东县财政资金动态测试办法"),
                ("doc_number", ""),
                ("directory", "fgwj"),
                ("key_area", ""),
                ("signed_on", "2016-05-01"),
                ("disclosure", "proactive"),
                ("disclosure_reason", ""),
                ("body", "<p>正文</p>"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(created.status(), 200);
    let id: String = serde_json::from_str(&created.text().await.expect("body")).expect("id");
    let submitted = app
        .post(
            "transition_policy",
            &[("id", id.as_str()), ("action", "submit")],
            Some(&editor),
        )
        .await;
    assert_eq!(submitted.status(), 200);

    let (_, desk) = app.get_as("/desk", &editor).await;
    let mine = desk.split("我最近的操作").nth(1).expect("what I did");
    assert!(mine.contains("提交审签"), "{mine}");
    assert!(mine.contains(&format!(r#"href="/desk/policies/{id}""#)));
    assert!(mine.contains("《衡东县财政资金动态测试办法》"));
    let unit = desk
        .split("本单位近期动态")
        .nth(1)
        .expect("the unit's activity");
    assert!(unit.contains("财政局编辑"));
    for raw in [
        "czj-editor",
        "policy.submit",
        "session.login",
        &format!("policy:{id}"),
    ] {
        assert!(!unit.contains(raw), "{raw} shown as stored");
    }

    // The history of the policy names people too.
    let (_, page) = app.get_as(&format!("/desk/policies/{id}"), &editor).await;
    let history = page.split("办理记录").nth(1).expect("history");
    assert!(history.contains("财政局编辑") && history.contains("提交审签"));
    assert!(!history.contains("czj-editor") && !history.contains("policy.submit"));
}
