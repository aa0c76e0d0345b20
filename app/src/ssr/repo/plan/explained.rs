//! Benchmark data: the explanations of generated major policies, written in bulk.

use super::*;

/// A major policy's finished explanation, written in one go (benchmark data and bulk
/// loads): an approved plan with its issues, published interpretations and Q&A that
/// address them, and a same-day milestone fulfilled by each interpretation.
#[derive(Debug, Clone)]
pub struct Explained {
    pub policy: PolicyId,
    pub unit: crate::domain::TaxonomyCode,
    pub published_at: DateTime<Utc>,
    pub editor: String,
    pub background: String,
    /// Questions of the issues, in order.
    pub issues: Vec<String>,
    pub articles: Vec<ExplainedArticle>,
    pub qa: Vec<ExplainedQa>,
}

#[derive(Debug, Clone)]
pub struct ExplainedArticle {
    pub kind: crate::domain::article::ArticleKind,
    pub title: String,
    pub summary: String,
    pub byline: String,
    /// HTML; sanitised here.
    pub body: String,
    /// The issue (index into `issues`) it addresses.
    pub issue: usize,
}

#[derive(Debug, Clone)]
pub struct ExplainedQa {
    pub question: String,
    /// HTML; sanitised here.
    pub answer: String,
    pub issue: usize,
}

/// Writes each explanation with its records keyed by the policy id (`{policy}-a1`,
/// `{policy}-q1`, `{policy}-i1`, `{policy}-m1`), in one transaction. The policies must
/// exist and be published; everything is published with them.
pub async fn insert_explained(db: &Db, explained: &[Explained]) -> Result<(), AppError> {
    use crate::ssr::sanitize::sanitize;
    #[derive(SurrealValue)]
    struct PlanRow {
        id: RecordId,
        policy: RecordId,
        background: String,
        editor: String,
    }
    #[derive(SurrealValue)]
    struct IssueRow {
        id: RecordId,
        plan: RecordId,
        question: String,
        position: i64,
    }
    #[derive(SurrealValue)]
    struct ArticleRow {
        id: RecordId,
        policy: RecordId,
        unit: RecordId,
        kind: String,
        title: String,
        summary: String,
        byline: String,
        body: String,
        created_by: String,
        published_at: DateTime<Utc>,
    }
    #[derive(SurrealValue)]
    struct QaRow {
        id: RecordId,
        policy: RecordId,
        unit: RecordId,
        question: String,
        answer: String,
        created_by: String,
        published_at: DateTime<Utc>,
    }
    #[derive(SurrealValue)]
    struct Edge {
        from: RecordId,
        to: RecordId,
    }
    #[derive(SurrealValue)]
    struct MilestoneRow {
        id: RecordId,
        plan: RecordId,
        form: String,
        item: RecordId,
    }
    let mut plans = Vec::new();
    let mut issues = Vec::new();
    let mut articles = Vec::new();
    let mut qa = Vec::new();
    let mut edges = Vec::new();
    let mut milestones = Vec::new();
    for e in explained {
        let key = e.policy.as_str();
        let plan = record(&e.policy);
        let policy = policies::record(&e.policy);
        let unit = repo::taxonomy::Taxonomy::Unit.record(&e.unit);
        let issue_id = |n: usize| RecordId::new("issue", format!("{key}-i{}", n + 1));
        plans.push(PlanRow {
            id: plan.clone(),
            policy: policy.clone(),
            background: e.background.clone(),
            editor: e.editor.clone(),
        });
        for (n, question) in e.issues.iter().enumerate() {
            issues.push(IssueRow {
                id: issue_id(n),
                plan: plan.clone(),
                question: question.clone(),
                position: n as i64 + 1,
            });
        }
        for (n, a) in e.articles.iter().enumerate() {
            let id = RecordId::new("article", format!("{key}-a{}", n + 1));
            articles.push(ArticleRow {
                id: id.clone(),
                policy: policy.clone(),
                unit: unit.clone(),
                kind: a.kind.as_str().to_owned(),
                title: a.title.clone(),
                summary: a.summary.clone(),
                byline: a.byline.clone(),
                body: sanitize(&a.body).as_str().to_owned(),
                created_by: e.editor.clone(),
                published_at: e.published_at,
            });
            milestones.push(MilestoneRow {
                id: RecordId::new("milestone", format!("{key}-m{}", n + 1)),
                plan: plan.clone(),
                form: if a.kind == crate::domain::article::ArticleKind::Expert {
                    "expert"
                } else {
                    "text"
                }
                .to_owned(),
                item: id.clone(),
            });
            edges.push(Edge {
                from: id,
                to: issue_id(a.issue),
            });
        }
        for (n, q) in e.qa.iter().enumerate() {
            let id = RecordId::new("qa", format!("{key}-q{}", n + 1));
            qa.push(QaRow {
                id: id.clone(),
                policy: policy.clone(),
                unit: unit.clone(),
                question: q.question.clone(),
                answer: sanitize(&q.answer).as_str().to_owned(),
                created_by: e.editor.clone(),
                published_at: e.published_at,
            });
            edges.push(Edge {
                from: id,
                to: issue_id(q.issue),
            });
        }
    }
    db.query(
        "BEGIN TRANSACTION;\n\
         FOR $p IN $plans { CREATE $p.id CONTENT { policy: $p.policy, background: $p.background, \
             risk_level: 'low', editor: $p.editor, status: 'approved', submitted_by: $p.editor }; };\n\
         FOR $i IN $issues { CREATE $i.id CONTENT { plan: $i.plan, question: $i.question, \
             priority: 2, position: $i.position }; };\n\
         FOR $a IN $articles { \
             CREATE $a.id CONTENT { policy: $a.policy, unit: $a.unit, kind: $a.kind, \
                 title: $a.title, summary: $a.summary, byline: $a.byline, body: $a.body, \
                 status: 'published', created_by: $a.created_by, submitted_by: $a.created_by, \
                 published_at: $a.published_at, revision: 1, submitted_revision: 1 }; \
             CREATE article_revision CONTENT { article: $a.id, number: 1, title: $a.title, \
                 summary: $a.summary, body: $a.body, saved_by: $a.created_by }; };\n\
         FOR $q IN $qa { CREATE $q.id CONTENT { policy: $q.policy, unit: $q.unit, \
             question: $q.question, answer: $q.answer, created_by: $q.created_by, \
             published_at: $q.published_at }; };\n\
         FOR $e IN $edges { LET $from = $e.from; LET $to = $e.to; RELATE $from->addresses->$to; };\n\
         FOR $m IN $milestones { CREATE $m.id CONTENT { plan: $m.plan, form: $m.form, \
             due_kind: 'working_days', offset: 0, item: $m.item }; };\n\
         COMMIT TRANSACTION;",
    )
    .bind(("plans", plans))
    .bind(("issues", issues))
    .bind(("articles", articles))
    .bind(("qa", qa))
    .bind(("edges", edges))
    .bind(("milestones", milestones))
    .await
    .and_then(|r| r.check())
    .map_err(|e| repo::write_error("explained insert", e))?;
    Ok(())
}
