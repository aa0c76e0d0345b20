//! The working-day calendar as stored: one `calendar_day` record per holiday or 调休
//! working day, keyed by its date. The rules that read it are `domain::calendar`; concerns'
//! deadlines and plans' milestones both use this module.

use surrealdb::types::{RecordId, SurrealValue};

use super::audit::{self, AuditEntry};
use crate::domain::calendar::{Calendar, CalendarDay, DayKind};
use crate::error::AppError;
use crate::ssr::Db;

pub const TABLE: &str = "calendar_day";

/// The working-day calendar as stored.
pub async fn load(db: &Db) -> Result<Calendar, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        date: String,
        kind: DayKind,
        name: String,
    }
    let rows: Vec<Row> = db
        .query("SELECT record::id(id) AS date, kind, name FROM calendar_day ORDER BY id")
        .await?
        .check()?
        .take(0)?;
    let days = rows
        .into_iter()
        .filter_map(|r| {
            let date = chrono::NaiveDate::parse_from_str(&r.date, "%Y-%m-%d").ok()?;
            Some(CalendarDay {
                date,
                kind: r.kind,
                name: r.name,
            })
        })
        .collect::<Vec<_>>();
    Ok(Calendar::new(days))
}

/// Adds or replaces calendar days (admin page, import, demo data), audited.
pub async fn save(db: &Db, days: &[CalendarDay], actor: &str) -> Result<(), AppError> {
    #[derive(SurrealValue)]
    struct Row {
        id: RecordId,
        kind: DayKind,
        name: String,
    }
    let rows: Vec<Row> = days
        .iter()
        .map(|d| Row {
            id: RecordId::new(TABLE, d.date.to_string().as_str()),
            kind: d.kind,
            name: d.name.clone(),
        })
        .collect();
    let mut entry = AuditEntry::new(actor, "calendar.save", Some(TABLE.to_owned()));
    entry.detail = Some(format!("{} 天", days.len()));
    db.query(format!(
        "BEGIN TRANSACTION;\n\
         FOR $d IN $rows {{ UPSERT $d.id SET kind = $d.kind, name = $d.name; }};\n\
         {}\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("rows", rows))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(())
}

/// Removes one calendar day (it becomes an ordinary day again), audited.
pub async fn remove_day(db: &Db, date: chrono::NaiveDate, actor: &str) -> Result<(), AppError> {
    let mut entry = AuditEntry::new(actor, "calendar.remove", Some(TABLE.to_owned()));
    entry.detail = Some(date.to_string());
    db.query(format!(
        "BEGIN TRANSACTION; DELETE $id; {} COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("id", RecordId::new(TABLE, date.to_string().as_str())))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::memory_db;

    #[tokio::test]
    async fn days_are_saved_read_back_and_removed_with_their_audit_records() {
        let db = memory_db().await.expect("db");
        let days =
            Calendar::parse_text("2026-10-01 休 国庆节\n2026-10-11 班 国庆节\n").expect("valid");
        save(&db, &days, "admin").await.expect("save");
        assert_eq!(load(&db).await.expect("read").entries(), days);
        remove_day(&db, days[0].date, "admin")
            .await
            .expect("remove");
        assert_eq!(load(&db).await.expect("read").entries(), days[1..]);
        let actions: Vec<String> = audit::history(&db, TABLE)
            .await
            .expect("history")
            .into_iter()
            .map(|r| r.entry.action)
            .collect();
        assert_eq!(actions, ["calendar.save", "calendar.remove"]);
    }
}
