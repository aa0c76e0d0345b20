//! Reading plans: the desk's view with coverage and timing, the public's issues, the
//! featured plans of the home page, and the signals the desk flags.

use super::*;

/// The issues of the plan bound as `$plan`, each with the articles and Q&A that address it
/// and how many public questions raised it.
const ISSUES: &str = "SELECT record::id(id) AS id, question, why, audience, priority, \
         array::concat(\
             (SELECT 'article:' + <string> record::id(id) AS key, title, status, published_at \
              FROM <-addresses<-article), \
             (SELECT 'qa:' + <string> record::id(id) AS key, question AS title, \
              'published' AS status, published_at FROM <-addresses<-qa)\
         ) AS items, count(<-raises<-concern) AS raised \
     FROM issue WHERE plan = $plan ORDER BY position";

#[derive(SurrealValue)]
struct IssueRow {
    id: String,
    question: String,
    why: String,
    audience: String,
    priority: i64,
    items: Vec<CoverageItem>,
    raised: u64,
}

impl IssueRow {
    fn into_view(self) -> IssueView {
        IssueView {
            covered: self.items.iter().any(|c| c.status == "published"),
            id: self.id,
            question: self.question,
            why: self.why,
            audience: self.audience,
            priority: self.priority,
            items: self.items,
            raised: self.raised,
        }
    }
}

/// "本政策重点问题": the issues of a policy's plan once it is approved, each with only the
/// published items that answer it (the public policy page; no milestones, no calendar).
pub async fn public_issues(db: &Db, policy: &PolicyId) -> Result<Vec<IssueView>, AppError> {
    let mut response = db
        .query(format!("SELECT VALUE status FROM $plan;\n{ISSUES};"))
        .bind(("plan", record(policy)))
        .await?
        .check()?;
    let status: Vec<PlanStatus> = response.take(0)?;
    if status.first() != Some(&PlanStatus::Approved) {
        return Ok(Vec::new());
    }
    let rows: Vec<IssueRow> = response.take(1)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut issue = row.into_view();
            issue.items.retain(|i| i.status == "published");
            issue
        })
        .collect())
}

/// The plan of a policy with its issues (and what addresses each), its milestones (with
/// their due time on the calendar and their state at `now`), or none.
pub async fn view(
    db: &Db,
    policy: &PolicyId,
    now: DateTime<Utc>,
) -> Result<Option<PlanView>, AppError> {
    #[derive(SurrealValue)]
    struct PlanRow {
        background: String,
        key_points: String,
        risk_level: RiskLevel,
        risk_assessment: String,
        editor: String,
        status: PlanStatus,
        submitted_by: Option<String>,
        review_comment: Option<String>,
        policy_published_at: Option<DateTime<Utc>>,
        policy_status: PolicyStatus,
    }
    #[derive(SurrealValue)]
    struct MilestoneRow {
        id: String,
        form: MilestoneForm,
        due_kind: String,
        due_at: Option<DateTime<Utc>>,
        offset: Option<i64>,
        assignee: Option<String>,
        note: String,
        item: Option<CoverageItem>,
    }
    let mut response = db
        .query(format!(
            "SELECT background, key_points, risk_level, risk_assessment, editor, status, \
                 submitted_by, review_comment, policy.published_at AS policy_published_at, \
                 policy.status AS policy_status FROM $plan;\n\
             {ISSUES};\n\
             SELECT record::id(id) AS id, form, due_kind, due_at, offset, assignee, note, \
                 IF item = NONE THEN NONE \
                 ELSE IF record::tb(item) = 'article' THEN \
                     {{ key: 'article:' + <string> record::id(item), title: item.title, status: item.status, published_at: item.published_at }} \
                 ELSE {{ key: 'qa:' + <string> record::id(item), title: item.question, status: 'published', published_at: item.published_at }} END AS item \
             FROM milestone WHERE plan = $plan ORDER BY id;\n\
             SELECT VALUE code FROM concern WHERE policy = $policy AND count(->raises) = 0 \
                 AND status != 'closed' ORDER BY received_at;"
        ))
        .bind(("plan", record(policy)))
        .bind(("policy", policies::record(policy)))
        .await?
        .check()?;
    let plans: Vec<PlanRow> = response.take(0)?;
    let Some(plan) = plans.into_iter().next() else {
        return Ok(None);
    };
    let issues: Vec<IssueRow> = response.take(1)?;
    let mut milestones: Vec<MilestoneRow> = response.take(2)?;
    // In the order they fall due: offsets by size, then fixed times.
    milestones.sort_by_key(|m| (m.offset.unwrap_or(i64::MAX), m.due_at, m.id.clone()));
    let unlinked_concerns: Vec<String> = response.take(3)?;
    let calendar = repo::calendar::load(db).await?;
    let published = plan.policy_published_at.filter(|_| {
        matches!(
            plan.policy_status,
            PolicyStatus::Published | PolicyStatus::Withdrawn
        )
    });
    let milestones = milestones
        .into_iter()
        .map(|m| {
            let due = Due::parse(&m.due_kind, m.due_at, m.offset).ok();
            let resolved = due.and_then(|d| d.resolve(published, &calendar));
            let released = m
                .item
                .as_ref()
                .filter(|i| i.status == "published" || i.status == "withdrawn")
                .and_then(|i| i.published_at);
            MilestoneView {
                id: m.id,
                form: m.form,
                same_day: due.is_some_and(Due::is_same_day),
                due_label: due.map(describe_due).unwrap_or_default(),
                due_at: resolved.as_ref().map(|(at, _)| *at),
                due_note: resolved.map(|(_, why)| why),
                assignee: m.assignee,
                note: m.note,
                state: milestone_state(
                    due.and_then(|d| d.resolve(published, &calendar))
                        .map(|(at, _)| at),
                    released,
                    now,
                ),
                item: m.item,
            }
        })
        .collect();
    Ok(Some(PlanView {
        policy: policy.to_string(),
        background: plan.background,
        key_points: plan.key_points,
        risk_level: plan.risk_level,
        risk_assessment: plan.risk_assessment,
        editor: plan.editor,
        status: plan.status,
        submitted_by: plan.submitted_by,
        review_comment: plan.review_comment,
        policy_published_at: published,
        issues: issues.into_iter().map(IssueRow::into_view).collect(),
        milestones,
        unlinked_concerns,
    }))
}

/// The newest public major policies with an approved plan, for the home page: each with
/// its issues and how many interpretations it has.
pub async fn featured(db: &Db, limit: u32) -> Result<Vec<crate::dto::Featured>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        id: String,
        title: String,
        issues: Vec<String>,
        interpretations: i64,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT record::id(id) AS id, title, \
                 (SELECT VALUE question FROM issue \
                     WHERE plan = type::record('plan', record::id($parent.id)) \
                     ORDER BY position) AS issues, \
                 count(SELECT id FROM article WHERE policy = $parent.id AND status = 'published') \
                     AS interpretations, published_at \
             FROM policy WHERE status = 'published' AND disclosure = 'proactive' \
                 AND major = true \
                 AND type::record('plan', record::id(id)).status = 'approved' \
             ORDER BY recency LIMIT $limit",
        )
        .bind(("limit", i64::from(limit)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| crate::dto::Featured {
            policy: crate::dto::PolicyLink {
                id: r.id,
                title: r.title,
            },
            issues: r.issues,
            interpretations: usize::try_from(r.interpretations).unwrap_or(0),
        })
        .collect())
}

/// What the desk flags about the plans of a unit's policies at `now`.
pub async fn signals(
    db: &Db,
    unit: &crate::domain::TaxonomyCode,
    now: DateTime<Utc>,
) -> Result<crate::dto::plan::PlanSignals, AppError> {
    use crate::domain::plan::MilestoneState;
    use crate::dto::PolicyLink;
    use crate::dto::plan::{MilestoneSignal, PlanSignals};
    let mut response = db
        .query(
            "SELECT record::id(policy) AS id, policy.title AS title FROM plan \
                 WHERE policy.unit = $unit ORDER BY updated_at DESC LIMIT 200;\n\
             SELECT record::id(id) AS id, title FROM policy WHERE unit = $unit AND major = true \
                 AND status IN ['draft', 'returned', 'submitted', 'approved'] \
                 AND (type::record('plan', record::id(id)).status ?? 'none') != 'approved' \
                 ORDER BY updated_at DESC LIMIT 100;",
        )
        .bind(("unit", repo::taxonomy::Taxonomy::Unit.record(unit)))
        .await?
        .check()?;
    let planned: Vec<PolicyLink> = response.take(0)?;
    let without_plan: Vec<PolicyLink> = response.take(1)?;
    let calendar = repo::calendar::load(db).await?;
    let today = now
        .with_timezone(&crate::domain::policy::china_offset())
        .date_naive();
    let horizon = Due::WorkingDays(3)
        .resolve(
            crate::domain::policy::china_offset()
                .from_local_datetime(&today.and_hms_opt(12, 0, 0).unwrap_or_default())
                .single()
                .map(|t| t.with_timezone(&Utc)),
            &calendar,
        )
        .map(|(at, _)| at);
    let mut signals = PlanSignals {
        without_plan,
        ..PlanSignals::default()
    };
    for link in planned {
        let Ok(id) = PolicyId::parse(&link.id) else {
            continue;
        };
        let Some(plan) = view(db, &id, now).await? else {
            continue;
        };
        for m in &plan.milestones {
            let signal = || MilestoneSignal {
                policy: link.clone(),
                form: m.form,
                due_at: m.due_at,
            };
            match m.state {
                MilestoneState::Overdue => signals.overdue.push(signal()),
                MilestoneState::Pending
                    if m.due_at.zip(horizon).is_some_and(|(due, end)| due <= end) =>
                {
                    signals.due_soon.push(signal());
                }
                _ => {}
            }
        }
        if plan.status == PlanStatus::Approved && plan.issues.iter().any(|i| !i.covered) {
            signals.uncovered.push(link.clone());
        }
    }
    Ok(signals)
}

/// A milestone's due in words.
fn describe_due(due: Due) -> String {
    match due {
        Due::At(at) => at
            .with_timezone(&crate::domain::policy::china_offset())
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        Due::Hours(h) => format!("发布后 {h} 小时"),
        Due::WorkingDays(0) => "与政策同日".to_owned(),
        Due::WorkingDays(n) => format!("发布后 {n} 个工作日"),
    }
}
