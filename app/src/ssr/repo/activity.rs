//! The audit trail as people read it: each record with the display name of who acted and
//! the title of what it was done to, with the desk's link to it. Login names and record
//! keys stay in the trail; pages show names and titles ([`crate::domain::activity`]).

use std::collections::{BTreeMap, BTreeSet};

use surrealdb::types::{RecordId, SurrealValue};

use super::audit::{self, AuditRecord};
use crate::dto::HistoryEntry;
use crate::error::AppError;
use crate::ssr::Db;

/// The tables whose records are named by a stored field, with that field.
const TITLED: [(&str, &str); 4] = [
    ("policy", "title"),
    ("article", "title"),
    ("plan", "policy.title"),
    ("qa", "question"),
];

#[derive(SurrealValue)]
struct Named {
    id: String,
    name: Option<String>,
}

/// The history of one record, oldest first, as people read it.
pub async fn trail(db: &Db, subject: &str) -> Result<Vec<HistoryEntry>, AppError> {
    named(db, audit::history(db, subject).await?).await
}

/// Audit records with the names of their actors and the titles of their subjects, read in
/// one round trip whatever their number.
pub async fn named(db: &Db, records: Vec<AuditRecord>) -> Result<Vec<HistoryEntry>, AppError> {
    let users: BTreeSet<String> = records
        .iter()
        .filter_map(|r| r.entry.actor.clone())
        .collect();
    let mut keys: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for record in &records {
        if let Some((table, key)) = record.entry.subject.as_deref().and_then(split)
            && let Some((table, _)) = TITLED.iter().find(|(t, _)| *t == table)
        {
            keys.entry(table).or_default().insert(key.to_owned());
        }
    }
    let mut sql = String::from("SELECT record::id(id) AS id, display_name AS name FROM $users;\n");
    for (table, field) in TITLED {
        sql.push_str(&format!(
            "SELECT record::id(id) AS id, {field} AS name FROM ${table};\n"
        ));
    }
    let ids = |table: &str, keys: &BTreeSet<String>| -> Vec<RecordId> {
        keys.iter()
            .map(|k| RecordId::new(table, k.as_str()))
            .collect()
    };
    let mut query = db.query(sql).bind(("users", ids("user", &users)));
    for (table, _) in TITLED {
        let wanted = keys.get(table).map(|k| ids(table, k)).unwrap_or_default();
        query = query.bind((table, wanted));
    }
    let mut response = query.await?.check()?;
    let mut names = |n: usize| -> Result<BTreeMap<String, String>, AppError> {
        let rows: Vec<Named> = response.take(n)?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some((r.id, r.name?)))
            .collect())
    };
    let people = names(0)?;
    let mut titles: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
    for (n, (table, _)) in TITLED.iter().enumerate() {
        titles.insert(table, names(n + 1)?);
    }
    Ok(records
        .into_iter()
        .map(|r| {
            let subject = r.entry.subject.as_deref().and_then(split);
            let subject_title = subject.and_then(|(table, key)| match table {
                // A public question and an application are known by their number.
                "concern" | "application" => Some(key.to_owned()),
                _ => titles.get(table).and_then(|t| t.get(key)).cloned(),
            });
            let href = subject.and_then(|(table, key)| desk_link(table, key));
            HistoryEntry {
                actor_name: r
                    .entry
                    .actor
                    .as_deref()
                    .and_then(|a| people.get(a))
                    .cloned(),
                actor: r.entry.actor,
                subject_title,
                href,
                subject: r.entry.subject,
                action: r.entry.action,
                from_status: r.entry.from_status,
                to_status: r.entry.to_status,
                detail: r.entry.detail,
                at: r.at,
            }
        })
        .collect())
}

/// `policy:czj-2016-4` → (`policy`, `czj-2016-4`).
fn split(subject: &str) -> Option<(&str, &str)> {
    subject.split_once(':').filter(|(_, key)| !key.is_empty())
}

/// Where the desk shows a record of this table, if it shows one.
fn desk_link(table: &str, key: &str) -> Option<String> {
    Some(match table {
        "policy" => format!("/desk/policies/{key}"),
        "plan" => format!("/desk/policies/{key}/plan"),
        "article" => format!("/desk/articles/{key}"),
        "concern" => format!("/desk/concerns/{key}"),
        "application" => format!("/desk/applications/{key}"),
        "qa" => format!("/qa/{key}"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::memory_db;
    use crate::ssr::repo::audit::AuditEntry;

    #[tokio::test]
    async fn records_read_with_names_titles_and_links() {
        use crate::domain::account::{DisplayName, LoginName, NewPassword};
        use crate::ssr::password::PasswordHash;
        use crate::ssr::repo::user::NewAccount;
        let db = memory_db().await.expect("db");
        crate::ssr::tooling::fixtures::load_taxonomies(&db)
            .await
            .expect("taxonomies");
        let account = NewAccount {
            login: LoginName::parse("czj-editor").expect("login"),
            display_name: DisplayName::parse("欧艳波").expect("name"),
            unit: Some(crate::domain::TaxonomyCode::parse("czj").expect("unit")),
            roles: vec![crate::domain::workflow::Role::Editor],
            password: PasswordHash::new(&NewPassword::parse("hengdong-2016!").expect("pw"))
                .await
                .expect("hash"),
        };
        crate::ssr::repo::user::create(&db, &account, "admin")
            .await
            .expect("user");
        for (actor, action, subject) in [
            ("czj-editor", "policy.submit", "policy:missing"),
            ("system:scheduler", "article.publish", "article:gone"),
            ("public", "concern.ask", "concern:Q2016-0001"),
        ] {
            audit::append(
                &db,
                AuditEntry::new(actor, action, Some(subject.to_owned())),
            )
            .await
            .expect("append");
        }
        let mut records = Vec::new();
        for subject in ["policy:missing", "article:gone", "concern:Q2016-0001"] {
            records.extend(audit::history(&db, subject).await.expect("history"));
        }
        let entries = named(&db, records).await.expect("named");
        assert_eq!(entries[0].actor_name.as_deref(), Some("欧艳波"));
        assert_eq!(entries[0].href.as_deref(), Some("/desk/policies/missing"));
        // A record that no longer exists has no title, but its link and action stay.
        assert_eq!(entries[0].subject_title, None);
        assert_eq!(entries[1].actor_name, None);
        assert_eq!(entries[2].subject_title.as_deref(), Some("Q2016-0001"));
        assert_eq!(
            entries[2].href.as_deref(),
            Some("/desk/concerns/Q2016-0001")
        );
    }
}
