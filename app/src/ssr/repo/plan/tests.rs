//! Plan repository tests: the graph of a plan with a few hundred records, on `mem://`.

use chrono::Duration;

use super::*;
use crate::domain::article::{ArticleFields, ArticleInput};
use crate::domain::plan::MilestoneState;
use crate::domain::workflow::Role;
use crate::domain::{ArticleId, TaxonomyCode};
use crate::ssr::db::memory_db;
use crate::ssr::repo::article;
use crate::ssr::tooling::fixtures;

/// Repository tests run no page cache: nothing follows their changes.
fn nobody() -> crate::ssr::changes::Changes {
    crate::ssr::changes::Changes::unobserved()
}

fn done<T>(committed: crate::ssr::changes::Committed<T>) -> T {
    committed.publish(&nobody())
}

const POLICY: &str = "fx-budget-2016";

fn policy() -> PolicyId {
    PolicyId::parse(POLICY).expect("id")
}

fn fields() -> PlanFields {
    PlanFields {
        background: "预算公开".into(),
        key_points: "三公经费".into(),
        risk_level: RiskLevel::Medium,
        risk_assessment: "关注度中等".into(),
        editor: "czj-editor".into(),
    }
}

async fn new_article(db: &Db, n: usize) -> ArticleId {
    let input = ArticleInput {
        kind: "department".into(),
        title: format!("解读第 {n} 篇"),
        summary: String::new(),
        byline: "县财政局".into(),
        body: "<p>正文</p>".into(),
    };
    article::create(
        db,
        &policy(),
        &ArticleFields::parse(&input, false).expect("valid"),
        "czj-editor",
    )
    .await
    .expect("article")
    .publish(&nobody())
}

/// Marks an article published at a time (the workflow is tested elsewhere).
async fn published_at(db: &Db, id: &ArticleId, at: DateTime<Utc>) {
    db.query("UPDATE $id SET status = 'published', published_at = $at")
        .bind(("id", article::record(id)))
        .bind(("at", at))
        .await
        .expect("update")
        .check()
        .expect("ok");
}

async fn policy_published(db: &Db) -> DateTime<Utc> {
    let rows: Vec<DateTime<Utc>> = db
        .query("SELECT VALUE published_at FROM $id")
        .bind(("id", policies::record(&policy())))
        .await
        .expect("query")
        .take(0)
        .expect("take");
    rows[0]
}

fn czj_editor() -> Actor {
    Actor {
        login: "czj-editor".into(),
        unit: Some(TaxonomyCode::parse("czj").expect("unit")),
        roles: vec![Role::Editor],
    }
}

#[tokio::test]
async fn coverage_and_timing_of_a_plan_with_hundreds_of_records() {
    let db = memory_db().await.expect("db");
    fixtures::load(&db).await.expect("fixtures");
    save(&db, &policy(), &fields(), &czj_editor(), Utc::now())
        .await
        .expect("plan")
        .publish(&nobody());
    let published = policy_published(&db).await;
    let mut issues = Vec::new();
    for n in 0..30 {
        let issue = IssueFields {
            question: format!("议题 {n}"),
            why: String::new(),
            audience: "公众".into(),
            priority: 2,
        };
        issues.push(
            add_issue(&db, &policy(), &issue, &czj_editor(), Utc::now())
                .await
                .expect("issue")
                .publish(&nobody()),
        );
    }
    // 300 articles: issues 0–19 are addressed by published ones, 20–24 only by drafts,
    // 25–29 by nothing.
    for n in 0..300 {
        let id = new_article(&db, n).await;
        let issue = n % 25;
        if issue < 20 {
            published_at(&db, &id, published + Duration::hours(1)).await;
        }
        address(
            &db,
            &policy(),
            &Item::Article(id.to_string()),
            &issues[issue],
            "czj-editor",
        )
        .await
        .expect("address")
        .publish(&nobody());
    }
    // Milestones: same day (released on time), +3 working days (released late), +48 hours
    // (nothing: overdue), a fixed time in the future (pending).
    let on_time = new_article(&db, 1000).await;
    published_at(&db, &on_time, published + Duration::hours(2)).await;
    let late = new_article(&db, 1001).await;
    published_at(&db, &late, published + Duration::days(30)).await;
    let now = published + Duration::days(60);
    let plan_of = [
        (Due::WorkingDays(0), Some(&on_time)),
        (Due::WorkingDays(3), Some(&late)),
        (Due::Hours(48), None),
        (Due::At(now + Duration::days(1)), None),
    ];
    for (due, item) in plan_of {
        let milestone = MilestoneFields {
            form: MilestoneForm::Text,
            due,
            assignee: None,
            note: String::new(),
        };
        let id = add_milestone(&db, &policy(), &milestone, &czj_editor(), Utc::now())
            .await
            .expect("milestone")
            .publish(&nobody());
        if let Some(item) = item {
            fulfil(
                &db,
                &policy(),
                &id,
                &Item::Article(item.to_string()),
                "czj-editor",
            )
            .await
            .expect("fulfil")
            .publish(&nobody());
        }
    }
    let view = view(&db, &policy(), now)
        .await
        .expect("view")
        .expect("plan");
    assert_eq!(view.issues.len(), 30);
    let covered: Vec<bool> = view.issues.iter().map(|i| i.covered).collect();
    assert!(covered[..20].iter().all(|c| *c));
    assert!(
        covered[20..].iter().all(|c| !*c),
        "drafts do not cover an issue"
    );
    assert_eq!(
        view.issues[0].items.len(),
        12,
        "300 / 25 articles address each"
    );
    assert!(view.issues[29].items.is_empty());
    let states: Vec<MilestoneState> = view.milestones.iter().map(|m| m.state).collect();
    let mut sorted = states.clone();
    sorted.sort_by_key(|s| format!("{s:?}"));
    assert_eq!(
        sorted,
        [
            MilestoneState::Late,
            MilestoneState::OnTime,
            MilestoneState::Overdue,
            MilestoneState::Pending
        ]
    );
    let same_day = view
        .milestones
        .iter()
        .find(|m| m.same_day)
        .expect("same day");
    assert_eq!(same_day.state, MilestoneState::OnTime);
}

#[tokio::test]
async fn a_plan_is_fixed_once_submitted_and_signed_off_by_someone_else() {
    let db = memory_db().await.expect("db");
    fixtures::load(&db).await.expect("fixtures");
    save(&db, &policy(), &fields(), &czj_editor(), Utc::now())
        .await
        .expect("plan")
        .publish(&nobody());
    let editor = Actor {
        login: "czj-editor".into(),
        unit: Some(TaxonomyCode::parse("czj").expect("unit")),
        roles: vec![Role::Editor, Role::Reviewer],
    };
    assert_eq!(
        transition(
            &db,
            &policy(),
            &editor,
            PlanAction::Submit,
            None,
            Utc::now()
        )
        .await
        .map(done),
        Ok(PlanStatus::Submitted)
    );
    assert_eq!(
        save(&db, &policy(), &fields(), &czj_editor(), Utc::now())
            .await
            .map(done),
        Err(locked()),
        "submitted plans are not edited"
    );
    assert_eq!(
        transition(
            &db,
            &policy(),
            &editor,
            PlanAction::Approve,
            None,
            Utc::now()
        )
        .await
        .map(done),
        Err(AppError::Forbidden),
        "not one's own submission"
    );
    let reviewer = Actor {
        login: "dzzwb-reviewer".into(),
        unit: None,
        roles: vec![Role::Reviewer],
    };
    assert_eq!(
        transition(
            &db,
            &policy(),
            &reviewer,
            PlanAction::Approve,
            None,
            Utc::now()
        )
        .await
        .map(done),
        Ok(PlanStatus::Approved)
    );
    assert!(Item::parse("article:abc").is_some());
    assert!(Item::parse("policy:abc").is_none() && Item::parse("article:../x").is_none());
}
