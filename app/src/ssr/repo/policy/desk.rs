//! A policy as the desk sees it: its form, its edits while a draft, its validity and its
//! earlier texts.

use super::*;

/// A policy's id and title, whatever its state (the desk links to it).
pub async fn link(db: &Db, id: &PolicyId) -> Result<Option<PolicyLink>, AppError> {
    let rows: Vec<PolicyLink> = db
        .query("SELECT record::id(id) AS id, title FROM $id")
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// Whether a policy is marked major (重大政策); false when there is no such policy.
pub async fn is_major(db: &Db, id: &PolicyId) -> Result<bool, AppError> {
    let rows: Vec<bool> = db
        .query("SELECT VALUE major FROM $id")
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next().unwrap_or(false))
}

/// The unit a policy belongs to, if the policy exists.
pub async fn unit_of(db: &Db, id: &PolicyId) -> Result<Option<TaxonomyCode>, AppError> {
    let rows: Vec<String> = db
        .query("SELECT VALUE record::id(unit) FROM $id")
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    rows.into_iter()
        .next()
        .map(|u| TaxonomyCode::parse(&u).map_err(|e| AppError::internal("stored unit", e)))
        .transpose()
}

/// A policy for the desk, whatever its status; the caller authorises.
pub async fn desk_view(db: &Db, id: &PolicyId) -> Result<Option<crate::dto::DeskPolicy>, AppError> {
    let rows: Vec<crate::dto::DeskPolicy> = db
        .query(
            "SELECT record::id(id) AS id, title, status, validity, record::id(unit) AS unit, \
             unit.name AS unit_name, review_comment FROM $id",
        )
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// The editable fields of a policy as the desk form shows them, with its status and unit.
pub async fn form_values(
    db: &Db,
    id: &PolicyId,
) -> Result<Option<(crate::dto::PolicyForm, crate::domain::PolicyStatus, String)>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        title: String,
        doc_number: Option<String>,
        directory: String,
        key_area: Option<String>,
        signed_on: NaiveDate,
        disclosure: String,
        disclosure_reason: Option<String>,
        major: bool,
        body: String,
        attachments: Vec<Attachment>,
        status: crate::domain::PolicyStatus,
        unit: String,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT title, doc_number, record::id(directory) AS directory, \
             IF key_area != NONE THEN record::id(key_area) END AS key_area, signed_on, disclosure, \
             disclosure_reason, major, body, attachments, status, record::id(unit) AS unit FROM $id",
        )
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next().map(|r| {
        let form = crate::dto::PolicyForm {
            title: r.title,
            doc_number: r.doc_number.unwrap_or_default(),
            directory: r.directory,
            key_area: r.key_area.unwrap_or_default(),
            signed_on: r.signed_on.to_string(),
            disclosure: r.disclosure,
            disclosure_reason: r.disclosure_reason.unwrap_or_default(),
            major: r.major,
            body: r.body,
            attachments: crate::dto::PolicyForm::attachment_lines(&r.attachments),
            change_reason: String::new(),
        };
        (form, r.status, r.unit)
    }))
}

/// The fields the desk form writes.
const FORM_FIELDS: &str = "title = $title, doc_number = $doc_number, directory = $directory, \
     key_area = $key_area, signed_on = $signed_on, disclosure = $disclosure, \
     disclosure_reason = $reason, major = $major, body = $body, attachments = $attachments";

/// Binds the desk form's fields as [`FORM_FIELDS`] names them; the body is sanitised here.
pub(crate) fn bind_form<'a, W: crate::domain::workflow::Workflow>(
    step: Take<'a, W>,
    p: &NewPolicy,
) -> Take<'a, W> {
    step.bind("title", p.title.as_str().to_owned())
        .bind("doc_number", p.doc_number.as_ref().map(ToString::to_string))
        .bind("directory", Taxonomy::Directory.record(&p.directory))
        .bind(
            "key_area",
            p.key_area.as_ref().map(|c| Taxonomy::KeyArea.record(c)),
        )
        .bind("signed_on", p.signed_on)
        .bind("disclosure", p.disclosure.kind().as_str())
        .bind("reason", p.disclosure.reason().map(str::to_owned))
        .bind("major", p.major)
        .bind("body", sanitize(&p.body).as_str().to_owned())
        .bind("attachments", p.attachments.clone())
}

/// Saves the desk form's fields of a draft or returned policy: the workflow's edit step,
/// audited, in one guarded transaction. (A published policy changes through
/// [`super::policy_change`].)
pub async fn update_fields(
    db: &Db,
    id: &PolicyId,
    p: &NewPolicy,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<PolicyStatus>, AppError> {
    let step = bind_form(
        Take::<PolicyFlow>::new(actor, Action::Edit, now).set(FORM_FIELDS),
        p,
    );
    repo::workflow::take(db, record(id), format!("{TABLE}:{id}"), step).await
}

/// Marks a published policy amended or repealed, with what replaced it, audited; only
/// while it is still published.
pub async fn set_validity(
    db: &Db,
    id: &PolicyId,
    validity: Validity,
    replaced_by: Option<&PolicyId>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Committed<()>, AppError> {
    let action = if validity == Validity::Repealed {
        "policy.repeal"
    } else {
        "policy.amend"
    };
    let mut entry = repo::audit::AuditEntry::new(actor, action, Some(format!("{TABLE}:{id}")));
    entry.detail = replaced_by.map(|r| format!("{TABLE}:{r}"));
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         LET $changed = (UPDATE $id SET validity = $validity, replaced_by = $replaced_by, \
             updated_at = $now WHERE status = 'published' RETURN VALUE id);\n\
         IF array::len($changed) = 0 {{ THROW '{}'; }};\n\
         {}\n\
         LET $touched = $id; {FAMILY};\n\
         COMMIT TRANSACTION;",
        repo::STATUS_CHANGED,
        repo::audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("id", record(id)))
        .bind(("validity", validity))
        .bind(("replaced_by", replaced_by.map(record)))
        .bind(("now", now))
        .bind(("audit", entry))
        .await?;
    let change = repo::guarded_change(
        response,
        repo::STATUS_CHANGED,
        repo::status_changed(),
        "policy validity",
    )?;
    Ok(Committed::new((), change))
}

/// Earlier texts of a published policy, newest first.
pub async fn revisions(
    db: &Db,
    id: &PolicyId,
) -> Result<Vec<crate::dto::PolicyRevision>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        title: String,
        doc_number: Option<String>,
        body: String,
        edited_by: String,
        at: DateTime<Utc>,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT title, doc_number, body, edited_by, at FROM policy_revision \
             WHERE policy = $id ORDER BY at DESC",
        )
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| crate::dto::PolicyRevision {
            title: r.title,
            doc_number: r.doc_number,
            // Stored bodies were sanitised when they were written.
            body: SanitizedHtml::trusted(r.body),
            edited_by: r.edited_by,
            at: r.at,
        })
        .collect())
}
