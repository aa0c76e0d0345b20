//! The demo's interpretation plan: the seed notice is a major policy with a real plan —
//! issues drawn from its 二、 points, milestones fulfilled by the demo interpretations and
//! Q&A, one issue still uncovered — so a newcomer sees the whole chain on first run.

use crate::domain::PolicyId;
use crate::domain::plan::{Due, MilestoneForm, PlanAction, RiskLevel};
use crate::domain::workflow::{Actor, Role};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Changes;
use crate::ssr::repo::plan::{self, IssueFields, Item, MilestoneFields, PlanFields};

const ISSUES: &[(&str, &str, &str)] = &[
    (
        "哪些政府信息要主动公开？",
        "通知要求细化主动公开范围和公开目录",
        "公众",
    ),
    (
        "政府信息要在多长时间内公开？",
        "通知强调公开时效",
        "公众、各单位",
    ),
    (
        "在哪里能查到公开的信息？",
        "政府网站是信息公开第一平台",
        "公众",
    ),
    (
        "依申请公开怎么办理、多久答复？",
        "群众最常问的问题",
        "申请人",
    ),
    (
        "各单位的公开工作如何考核监督？",
        "通知第四部分的监察保障",
        "各单位",
    ),
];

/// Loads the plan of the seed notice and links the demo items to it.
pub async fn load(
    db: &Db,
    changes: &Changes,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let internal = |e: crate::domain::Words| AppError::internal("demo plan", e);
    let notice = PolicyId::parse(super::NOTICE_ID).map_err(internal)?;
    let editor = "xzfb-editor";
    let submitter = Actor {
        login: editor.into(),
        unit: Some(crate::domain::TaxonomyCode::parse("xzfb").map_err(internal)?),
        roles: vec![Role::Editor],
    };
    plan::save(
        db,
        &notice,
        &PlanFields {
            background:
                "为贯彻政府信息公开条例，县政府办印发通知，统一公开目录、明确重点领域分工。".into(),
            key_points: "公开范围、公开时效、公开平台、依申请公开、监督考核。".into(),
            risk_level: RiskLevel::Low,
            risk_assessment: "涉及各单位工作要求，公众关注公开平台和申请答复时限。".into(),
            editor: editor.into(),
        },
        &submitter,
        now,
    )
    .await?
    .publish(changes);
    let mut issues = Vec::new();
    for (question, why, audience) in ISSUES {
        let issue = IssueFields {
            question: (*question).into(),
            why: (*why).into(),
            audience: (*audience).into(),
            priority: 1,
        };
        issues.push(
            plan::add_issue(db, &notice, &issue, &submitter, now)
                .await?
                .publish(changes),
        );
    }
    let mut milestones = Vec::new();
    for (form, due) in [
        (MilestoneForm::Text, Due::WorkingDays(0)),
        (MilestoneForm::Expert, Due::WorkingDays(3)),
        (MilestoneForm::Qa, Due::WorkingDays(5)),
    ] {
        let milestone = MilestoneFields {
            form,
            due,
            assignee: Some(editor.into()),
            note: String::new(),
        };
        milestones.push(
            plan::add_milestone(db, &notice, &milestone, &submitter, now)
                .await?
                .publish(changes),
        );
    }
    plan::transition(db, &notice, &submitter, PlanAction::Submit, None, now)
        .await?
        .publish(changes);
    let reviewer = Actor {
        login: "dzzwb-reviewer".into(),
        unit: None,
        roles: vec![Role::Reviewer],
    };
    plan::transition(db, &notice, &reviewer, PlanAction::Approve, None, now)
        .await?
        .publish(changes);

    // The notice's published interpretations and Q&A, by kind.
    let articles = crate::ssr::repo::article::for_policy(db, &notice).await?;
    let qa = crate::ssr::repo::concern::qa_for_policy(db, &notice).await?;
    let department = articles
        .iter()
        .find(|a| a.kind == crate::domain::article::ArticleKind::Department);
    let expert = articles
        .iter()
        .find(|a| a.kind == crate::domain::article::ArticleKind::Expert);
    let links: Vec<(Option<Item>, usize, &[usize])> = vec![
        (
            department.map(|a| Item::Article(a.id.clone())),
            0,
            &[0, 1, 2],
        ),
        (expert.map(|a| Item::Article(a.id.clone())), 1, &[0]),
        (qa.first().map(|q| Item::Qa(q.id.clone())), 2, &[3]),
    ];
    for (item, milestone, addressed) in links {
        let Some(item) = item else { continue };
        plan::fulfil(db, &notice, &milestones[milestone], &item, editor)
            .await?
            .publish(changes);
        for issue in addressed {
            plan::address(db, &notice, &item, &issues[*issue], editor)
                .await?
                .publish(changes);
        }
    }
    Ok(())
}
