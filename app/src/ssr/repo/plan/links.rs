//! Linking the policy's articles and Q&A to the plan: what fulfils a milestone, what
//! addresses an issue (at any plan status: items are written after approval).

use super::*;

/// Names the article or Q&A (of this policy) that fulfils a milestone. Allowed at any plan
/// status: items are written after the plan is approved.
pub async fn fulfil(
    db: &Db,
    policy: &PolicyId,
    milestone: &str,
    item: &Item,
    actor: &str,
) -> Result<Committed<()>, AppError> {
    let mut entry = AuditEntry::new(actor, "plan.fulfil", Some(format!("{TABLE}:{policy}")));
    entry.detail = Some(format!("milestone:{milestone} {}", key(item)));
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         IF $item.policy != $policy {{ THROW 'no such item'; }};\n\
         LET $changed = (UPDATE $milestone SET item = $item WHERE plan = $plan RETURN VALUE id);\n\
         IF array::len($changed) = 0 {{ THROW 'no such milestone'; }};\n\
         {}\n\
         LET $touched = $policy; {FAMILY};\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("plan", record(policy)))
        .bind(("policy", policies::record(policy)))
        .bind(("milestone", RecordId::new("milestone", milestone)))
        .bind(("item", item.record()))
        .bind(("audit", entry))
        .await?;
    graph_errors(response, "fulfil")
}

/// Records that an article or Q&A (of this policy) addresses an issue of its plan.
pub async fn address(
    db: &Db,
    policy: &PolicyId,
    item: &Item,
    issue: &str,
    actor: &str,
) -> Result<Committed<()>, AppError> {
    let mut entry = AuditEntry::new(actor, "plan.address", Some(format!("{TABLE}:{policy}")));
    entry.detail = Some(format!("{} → issue:{issue}", key(item)));
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         IF $item.policy != $policy {{ THROW 'no such item'; }};\n\
         IF $issue.plan != $plan {{ THROW 'no such milestone'; }};\n\
         IF (SELECT VALUE id FROM addresses WHERE in = $item AND out = $issue) = [] {{\n\
             RELATE $item->addresses->$issue;\n\
         }};\n\
         {}\n\
         LET $touched = $policy; {FAMILY};\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("plan", record(policy)))
        .bind(("policy", policies::record(policy)))
        .bind(("issue", RecordId::new("issue", issue)))
        .bind(("item", item.record()))
        .bind(("audit", entry))
        .await?;
    graph_errors(response, "address")
}

fn key(item: &Item) -> String {
    match item {
        Item::Article(k) => format!("article:{k}"),
        Item::Qa(k) => format!("qa:{k}"),
    }
}

fn graph_errors(
    mut response: surrealdb::IndexedResults,
    context: &str,
) -> Result<Committed<()>, AppError> {
    let errors = response.take_errors();
    if errors
        .values()
        .any(|e| e.message().contains("no such item"))
    {
        return Err(AppError::Invalid {
            field: "item".into(),
            message: crate::words!(
                "所选稿件或问答不属于本政策",
                "The chosen interpretation or Q&A is not one of this policy's"
            ),
        });
    }
    if errors
        .values()
        .any(|e| e.message().contains("no such milestone"))
    {
        return Err(AppError::NotFound);
    }
    match errors.into_values().next() {
        Some(e) => Err(AppError::internal(context, e)),
        None => {
            let change =
                repo::reported_change(response).map_err(|e| AppError::internal(context, e))?;
            Ok(Committed::new((), change))
        }
    }
}
