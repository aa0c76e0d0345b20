//! Repositories: all of Jiedu's SurrealQL, one module per aggregate. Every value is
//! bound as a parameter; statements are built only from fixed fragments.

pub mod activity;
pub mod application;
pub mod article;
pub mod audit;
pub mod calendar;
pub mod concern;
pub mod discovery;
pub mod expert;
pub mod plan;
pub mod policy;
pub mod policy_change;
pub mod search;
pub mod session;
pub mod stash;
pub mod supervision;
pub mod taxonomy;
pub mod throttle;
pub mod upload;
pub mod user;
pub(crate) mod workflow;

use surrealdb::types::{RecordId, RecordIdKey};

use crate::error::AppError;

/// A fresh short key for a record that appears in a URL: ten characters of an alphabet
/// without look-alikes (0/o, 1/l/i).
pub(crate) fn short_key() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..10)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// The key of a record id as text (`policy:abc` → `abc`).
pub(crate) fn key_of(id: &RecordId) -> String {
    match &id.key {
        RecordIdKey::String(s) => s.clone(),
        RecordIdKey::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// How many times a transaction that lost a write conflict is tried again.
const CONFLICT_RETRIES: u32 = 12;

/// Runs `step` (one transaction) until it does not lose a write conflict, at most
/// [`CONFLICT_RETRIES`] more times, waiting a little longer, at random, each time. A
/// conflict means nothing of the transaction was written, so running it again is safe.
/// The last conflict is [`AppError::Busy`]; other errors go through `on_error`.
pub(crate) async fn retrying<T, F, Fut>(
    mut step: F,
    on_error: impl Fn(surrealdb::Error) -> AppError,
) -> Result<T, AppError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, surrealdb::Error>>,
{
    use rand::Rng;
    let mut attempt = 0;
    loop {
        match step().await {
            Ok(value) => return Ok(value),
            Err(e) if crate::error::is_retryable(&e) && attempt < CONFLICT_RETRIES => {
                attempt += 1;
                let ceiling = 2u64.pow(attempt.min(6)) * 2;
                let wait = rand::rng().random_range(1..=ceiling);
                tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
            }
            Err(e) if crate::error::is_retryable(&e) => return Err(AppError::from(e)),
            Err(e) => return Err(on_error(e)),
        }
    }
}

/// Maps a write error: a duplicate record or unique-index clash is a conflict the user
/// can resolve, told in words that name what clashed (the database's own message, which
/// quotes record ids and values, is logged with `context`, never shown); anything else is
/// internal.
#[track_caller]
pub(crate) fn write_error(context: &str, e: surrealdb::Error) -> AppError {
    if crate::error::is_retryable(&e) {
        return AppError::from(e);
    }
    let message = e.message();
    if e.is_already_exists()
        || message.contains("already exists")
        || message.contains("already contains")
    {
        tracing::warn!(cause = %message, at = %std::panic::Location::caller(), "{context}: clash");
        AppError::Conflict(clash_message(clashed(message)))
    } else {
        AppError::internal(context, e)
    }
}

/// The unique index or table a clash names: ``Database index `policy_index_no` already
/// contains …`` → `policy_index_no`; ``Database record `user:czj` already exists`` → `user`.
fn clashed(message: &str) -> &str {
    let quoted = |after: &str| {
        let start = message.find(after)? + after.len();
        let rest = &message[start..];
        rest.find('`').map(|end| &rest[..end])
    };
    if let Some(index) = quoted("index `") {
        return index;
    }
    quoted("record `")
        .and_then(|id| id.split(':').next())
        .unwrap_or_default()
}

/// SHA-256 of `text` in hex: how an address or a repeat is kept without keeping it.
pub(crate) fn sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Eight letters and digits without look-alikes as two groups, e.g. `K7QM-3XPD`: the
/// tracking code of a public question, and after `YS-` an application's number.
pub(crate) fn tracking_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let chars: String = (0..8)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// What the user is told when a write clashes with a unique index or an existing record.
fn clash_message(clashed: &str) -> crate::domain::Words {
    match clashed {
        "user" => crate::words!(
            "该登录名已被使用，请换一个",
            "This login name is taken; choose another"
        ),
        "policy" => crate::words!("已有相同编号的文件", "A policy with this id exists"),
        "policy_index_no" => crate::words!(
            "该索引号已被另一份文件使用",
            "Another policy has this index number"
        ),
        "article" | "article_revision" | "article_revision_number" => crate::words!(
            "这篇解读刚被他人保存，请刷新后再试",
            "Someone else has just saved this interpretation; reload and try again"
        ),
        "assignment" | "assignment_unique" => crate::words!(
            "该专家已受邀解读这份文件",
            "This expert is already invited to interpret this policy"
        ),
        "concern" | "concern_code" => crate::words!(
            "查询码重复，请重新提交",
            "The tracking code clashed; please submit again"
        ),
        "plan" | "plan_policy" => crate::words!(
            "这份文件已有解读方案",
            "This policy already has an interpretation plan"
        ),
        "addresses" | "addresses_unique" => crate::words!(
            "该条目已关联这个问题",
            "This item is already linked to this issue"
        ),
        "raises" | "raises_unique" => crate::words!(
            "这个问题已关联该条目",
            "This question is already linked to this item"
        ),
        _ => crate::words!(
            "与已有的记录冲突，请检查后再试",
            "This clashes with an existing record; check and try again"
        ),
    }
}

/// The outcome of a transaction that THROWs `marker` when its guard fails: that failure
/// becomes `on_marker`; any other error is internal. In a failed transaction every
/// statement reports an error, so all are searched for the marker.
/// An unexpected failure is logged with its caller's place and the number of the
/// statement that failed (counting from 0; in a failed transaction the others report only
/// that they were not run).
#[track_caller]
pub(crate) fn guarded(
    mut response: surrealdb::IndexedResults,
    marker: &str,
    on_marker: AppError,
    context: &str,
) -> Result<(), AppError> {
    match failure(&mut response, marker, on_marker, context) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The error of a failed guarded transaction, if it failed.
fn failure(
    response: &mut surrealdb::IndexedResults,
    marker: &str,
    on_marker: AppError,
    context: &str,
) -> Option<AppError> {
    let errors = response.take_errors();
    if errors.values().any(|e| e.message().contains(marker)) {
        return Some(on_marker);
    }
    cause(errors).map(|(statement, e)| {
        if crate::error::is_retryable(&e) {
            AppError::from(e)
        } else {
            AppError::internal(&format!("{context} (statement {statement})"), e)
        }
    })
}

/// The error that failed a transaction: in a failed transaction every other statement
/// reports that it was not executed, so the first statement's own error is the cause.
pub(crate) fn cause(
    errors: std::collections::HashMap<usize, surrealdb::Error>,
) -> Option<(usize, surrealdb::Error)> {
    let mut errors: Vec<(usize, surrealdb::Error)> = errors.into_iter().collect();
    errors.sort_by_key(|(i, e)| (e.message().contains("not executed"), *i));
    errors.into_iter().next()
}

/// What a write to the policy bound as `$touched` (or to what hangs on it) changed, as the
/// last statement of the write's transaction reports it (`ssr::changes::Change`): the
/// policy, its interpretations and Q&A, and the policies whose pages name it as their
/// replacement. Nothing, when `$touched` is `NONE`.
pub(crate) const FAMILY: &str = "IF $touched = NONE THEN { policies: [], articles: [], qa: [] } \
     ELSE { \
         policies: array::union([record::id($touched)], \
             (SELECT VALUE record::id(id) FROM policy WHERE replaced_by = $touched)), \
         articles: (SELECT VALUE record::id(id) FROM article WHERE policy = $touched), \
         qa: (SELECT VALUE record::id(id) FROM qa WHERE policy = $touched) \
     } END";

/// What a transaction reported it changed: its last statement before `COMMIT` evaluates
/// to `{ policies, articles, qa }` (usually [`FAMILY`]).
pub(crate) fn reported_change(
    mut response: surrealdb::IndexedResults,
) -> Result<crate::ssr::changes::Change, surrealdb::Error> {
    let last = response.num_statements().saturating_sub(2);
    let change: Option<crate::ssr::changes::Change> = response.take(last)?;
    Ok(change.unwrap_or_default())
}

/// [`guarded`], for a transaction that reports what it changed ([`reported_change`]).
pub(crate) fn guarded_change(
    mut response: surrealdb::IndexedResults,
    marker: &str,
    on_marker: AppError,
    context: &str,
) -> Result<crate::ssr::changes::Change, AppError> {
    match failure(&mut response, marker, on_marker, context) {
        Some(e) => Err(e),
        None => reported_change(response).map_err(|e| AppError::internal(context, e)),
    }
}

/// The guard marker of workflow and edit transactions, and what it means to the user.
pub(crate) const STATUS_CHANGED: &str = "status changed meanwhile";

pub(crate) fn status_changed() -> AppError {
    AppError::Conflict(crate::words!(
        "此记录刚被他人处理，请刷新后再试",
        "Someone else has just handled this record; reload and try again"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clash_is_told_by_what_clashed_without_the_database_message() {
        let index = surrealdb::Error::internal(
            "Database index `policy_index_no` already contains 'czj/2016-00001', with record \
             `policy:czj-2016-4`"
                .into(),
        );
        let e = write_error("policy insert", index);
        assert!(
            matches!(&e, AppError::Conflict(m) if m.zh == "该索引号已被另一份文件使用"
                && m.en == "Another policy has this index number"),
            "{e:?}"
        );
        let record =
            surrealdb::Error::internal("Database record `user:czj-editor` already exists".into());
        assert_eq!(
            write_error("user create", record),
            AppError::Conflict(crate::words!(
                "该登录名已被使用，请换一个",
                "This login name is taken; choose another"
            ))
        );
        let other = surrealdb::Error::internal("Database record `x:1` already exists".into());
        let AppError::Conflict(message) = write_error("x", other) else {
            panic!("a conflict");
        };
        assert!(
            [&message.zh, &message.en]
                .iter()
                .all(|m| !m.contains('`') && !m.contains("x:1")),
            "{message:?}"
        );
        assert_eq!(
            write_error("x", surrealdb::Error::internal("disk full".into())),
            AppError::Internal
        );
    }
}
