//! Supervision's records: the 分工表's duties of each key area and the yearly reporting
//! quotas, and the plain facts the dashboards count (`domain::supervision`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use surrealdb::types::{RecordId, SurrealValue};

use crate::domain::TaxonomyCode;
use crate::domain::supervision::Period;
use crate::domain::supervision::dashboard::{ConcernFact, ItemFact, MilestoneFact};
use crate::domain::supervision::quota::Quota;
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::{Change, Committed};
use crate::ssr::repo::taxonomy::Taxonomy;
use crate::ssr::repo::{audit, key_of};

pub const DUTY: &str = "area_duty";
pub const QUOTA: &str = "report_quota";

/// A duty of a key area as written: the text as the 分工表 prints it and the units it
/// names, the lead first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyFields {
    pub requirement: String,
    pub units_text: String,
    pub accounts_text: String,
    pub units: Vec<TaxonomyCode>,
}

#[derive(SurrealValue)]
struct StoredDuty {
    area: RecordId,
    position: i64,
    requirement: String,
    units_text: String,
    accounts_text: String,
    units: Vec<RecordId>,
    deadline: Option<String>,
}

/// Replaces the duties of key area `area` with `duties`, in order, in one transaction
/// with its audit record (`duty.save`). The 分工表's page shows them.
pub async fn save_duties(
    db: &Db,
    area: &TaxonomyCode,
    duties: &[DutyFields],
    actor: &str,
) -> Result<Committed<()>, AppError> {
    use crate::domain::supervision::areas::deadline_in;
    let area_id = Taxonomy::KeyArea.record(area);
    let stored: Vec<StoredDuty> = duties
        .iter()
        .zip(1..)
        .map(|(d, position)| StoredDuty {
            area: area_id.clone(),
            position,
            requirement: d.requirement.clone(),
            units_text: d.units_text.clone(),
            accounts_text: d.accounts_text.clone(),
            units: d.units.iter().map(|u| Taxonomy::Unit.record(u)).collect(),
            deadline: deadline_in(&d.requirement).map(|(m, d)| format!("{m:02}-{d:02}")),
        })
        .collect();
    let mut entry = audit::AuditEntry::new(actor, "duty.save", Some(format!("key_area:{area}")));
    entry.detail = Some(format!("{} 项", duties.len()));
    db.query(format!(
        "BEGIN TRANSACTION;\n\
         IF record::exists($area) = false {{ THROW 'no such area' }};\n\
         DELETE {DUTY} WHERE area = $area;\n\
         FOR $duty IN $duties {{ CREATE {DUTY} CONTENT $duty; }};\n\
         {}\nCOMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("area", area_id))
    .bind(("duties", stored))
    .bind(("audit", entry))
    .await?
    .check()
    .map_err(|e| {
        if e.to_string().contains("no such area") {
            AppError::NotFound
        } else {
            AppError::from(e)
        }
    })?;
    Ok(Committed::new((), Change::everything()))
}

/// A line of the 分工表 as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyRow {
    pub area: String,
    pub area_name: String,
    pub category: String,
    pub requirement: String,
    pub units_text: String,
    pub accounts_text: String,
    /// The units' codes, the lead first.
    pub units: Vec<String>,
    /// The deadline of every year, (month, day).
    pub deadline: Option<(u32, u32)>,
}

/// Every duty of the 分工表, in the table's order (by area, then by line).
pub async fn duties(db: &Db) -> Result<Vec<DutyRow>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        area: RecordId,
        area_name: String,
        category: Option<String>,
        requirement: String,
        units_text: String,
        accounts_text: String,
        units: Vec<RecordId>,
        deadline: Option<String>,
    }
    let rows: Vec<Row> = db
        .query(format!(
            "SELECT area, area.name AS area_name, area.category AS category, \
             area.position AS area_position, position, requirement, units_text, \
             accounts_text, units, deadline FROM {DUTY} ORDER BY area_position, position"
        ))
        .await?
        .check()?
        .take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| DutyRow {
            area: key_of(&r.area),
            area_name: r.area_name,
            category: r.category.unwrap_or_default(),
            requirement: r.requirement,
            units_text: r.units_text,
            accounts_text: r.accounts_text,
            units: r.units.iter().map(key_of).collect(),
            deadline: r.deadline.as_deref().and_then(|d| {
                let (m, d) = d.split_once('-')?;
                Some((m.parse().ok()?, d.parse().ok()?))
            }),
        })
        .collect())
}

/// The days (in China) on which each key area's public items were published, from
/// `from` on: (area code, day).
pub async fn area_publications(
    db: &Db,
    from: NaiveDate,
) -> Result<Vec<(String, NaiveDate, String, String)>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        area: RecordId,
        published_at: DateTime<Utc>,
        id: String,
        title: String,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT key_area AS area, published_at, record::id(id) AS id, title FROM policy \
             WHERE key_area != NONE AND status = 'published' AND disclosure = 'proactive' \
             AND published_at >= $from ORDER BY published_at DESC",
        )
        .bind(("from", china_midnight(from)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| (key_of(&r.area), china_day(r.published_at), r.id, r.title))
        .collect())
}

/// The quotas of `year`, by unit and directory.
pub async fn quotas(db: &Db, year: i32) -> Result<Vec<Quota>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        unit: RecordId,
        directory: RecordId,
        year: i64,
        target: i64,
    }
    let rows: Vec<Row> = db
        .query(format!(
            "SELECT unit, directory, year, target FROM {QUOTA} WHERE year = $year \
             ORDER BY unit.position, directory.position"
        ))
        .bind(("year", i64::from(year)))
        .await?
        .check()?
        .take(0)?;
    rows.into_iter()
        .map(|r| {
            let code = |id: &RecordId| {
                TaxonomyCode::parse(&key_of(id))
                    .map_err(|e| AppError::internal("stored code", e.zh))
            };
            Ok(Quota {
                unit: code(&r.unit)?,
                directory: code(&r.directory)?,
                year: i32::try_from(r.year).map_err(|e| AppError::internal("stored year", e))?,
                target: u32::try_from(r.target)
                    .map_err(|e| AppError::internal("stored target", e))?,
            })
        })
        .collect()
}

#[derive(SurrealValue)]
struct StoredQuota {
    id: RecordId,
    unit: RecordId,
    directory: RecordId,
    year: i64,
    target: i64,
    updated_by: String,
}

fn stored(quota: &Quota, actor: &str) -> StoredQuota {
    use surrealdb::types::{Array, RecordIdKey, Value};
    let key = RecordIdKey::Array(Array::from(vec![
        Value::String(quota.unit.as_str().to_owned()),
        Value::String(quota.directory.as_str().to_owned()),
        Value::Number(i64::from(quota.year).into()),
    ]));
    StoredQuota {
        id: RecordId::new(QUOTA, key),
        unit: Taxonomy::Unit.record(&quota.unit),
        directory: Taxonomy::Directory.record(&quota.directory),
        year: i64::from(quota.year),
        target: i64::from(quota.target),
        updated_by: actor.to_owned(),
    }
}

/// Replaces every quota of `year` with `quotas` (a whole sheet), in one transaction with
/// its audit record (`quota.import`): a sheet is imported whole or not at all.
pub async fn import_quotas(
    db: &Db,
    year: i32,
    quotas: &[Quota],
    actor: &str,
) -> Result<usize, AppError> {
    let rows: Vec<StoredQuota> = quotas
        .iter()
        .filter(|q| q.year == year)
        .map(|q| stored(q, actor))
        .collect();
    let count = rows.len();
    let mut entry = audit::AuditEntry::new(actor, "quota.import", Some(format!("{QUOTA}:{year}")));
    entry.detail = Some(format!("{count} 条"));
    db.query(format!(
        "BEGIN TRANSACTION;\n\
         DELETE {QUOTA} WHERE year = $year;\n\
         FOR $quota IN $rows {{ CREATE {QUOTA} CONTENT $quota; }};\n\
         {}\nCOMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("year", i64::from(year)))
    .bind(("rows", rows))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(count)
}

/// Sets one unit's target in one directory for a year (`quota.save`); a target of 0
/// removes the line.
pub async fn save_quota(db: &Db, quota: &Quota, actor: &str) -> Result<(), AppError> {
    let row = stored(quota, actor);
    let mut entry =
        audit::AuditEntry::new(actor, "quota.save", Some(format!("{QUOTA}:{}", quota.year)));
    entry.detail = Some(format!(
        "{} {} {}",
        quota.unit.as_str(),
        quota.directory.as_str(),
        quota.target
    ));
    db.query(format!(
        "BEGIN TRANSACTION;\n\
         IF $row.target = 0 {{ DELETE $row.id }} ELSE {{ UPSERT $row.id CONTENT $row }};\n\
         {}\nCOMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("row", row))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(())
}

fn china_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&crate::domain::policy::china_offset())
        .date_naive()
}

fn china_midnight(day: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    crate::domain::policy::china_offset()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
        .single()
        .map_or_else(
            || day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
            |t| t.with_timezone(&Utc),
        )
}

/// What the dashboards count for `period`, of `unit` or of every unit.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub items: Vec<ItemFact>,
    pub milestones: Vec<MilestoneFact>,
    pub concerns: Vec<ConcernFact>,
}

/// Loads the facts of `period` (items from the start of its year, for the quotas; every
/// unpublished item made before its end, for lateness).
pub async fn facts(
    db: &Db,
    period: Period,
    unit: Option<&TaxonomyCode>,
) -> Result<Facts, AppError> {
    #[derive(SurrealValue)]
    struct Item {
        unit: RecordId,
        directory: RecordId,
        signed_on: DateTime<Utc>,
        published_at: Option<DateTime<Utc>>,
        major: bool,
        plan_approved: bool,
    }
    #[derive(SurrealValue)]
    struct Milestone {
        unit: RecordId,
        due_kind: String,
        due_at: Option<DateTime<Utc>>,
        offset: Option<i64>,
        policy_published: Option<DateTime<Utc>>,
        released: Option<DateTime<Utc>>,
    }
    #[derive(SurrealValue)]
    struct Concern {
        unit: RecordId,
        received_at: DateTime<Utc>,
        due: Option<DateTime<Utc>>,
        answered_at: Option<DateTime<Utc>>,
    }
    let from = china_midnight(Period::Year(period.year()).first_day());
    let end = china_midnight(period.end());
    let mut response = db
        .query(
            "SELECT unit, directory, signed_on, published_at, major, \
                 (type::record('plan', record::id(id)).status ?? 'none') = 'approved' AS plan_approved \
                 FROM policy WHERE disclosure = 'proactive' AND signed_on < $end \
                 AND (published_at = NONE OR published_at >= $from) \
                 AND ($unit = NONE OR unit = $unit);\n\
             SELECT plan.policy.unit AS unit, due_kind, due_at, offset, \
                 plan.policy.published_at AS policy_published, item.published_at AS released \
                 FROM milestone WHERE plan.status = 'approved' \
                 AND ($unit = NONE OR plan.policy.unit = $unit);\n\
             SELECT unit, received_at, second_due_at ?? due_at AS due, answered_at FROM concern \
                 WHERE unit != NONE AND status != 'closed' AND received_at >= $from \
                 AND received_at < $end AND ($unit = NONE OR unit = $unit);",
        )
        .bind(("from", from))
        .bind(("end", end))
        .bind(("unit", unit.map(|u| Taxonomy::Unit.record(u))))
        .await?
        .check()?;
    let items: Vec<Item> = response.take(0)?;
    let milestones: Vec<Milestone> = response.take(1)?;
    let concerns: Vec<Concern> = response.take(2)?;
    let calendar = crate::ssr::repo::calendar::load(db).await?;
    let mut facts = Facts {
        items: items
            .into_iter()
            .map(|i| ItemFact {
                unit: key_of(&i.unit),
                directory: key_of(&i.directory),
                made: china_day(i.signed_on),
                published: i.published_at.map(china_day),
                major: i.major,
                plan_approved: i.plan_approved,
            })
            .collect(),
        concerns: concerns
            .into_iter()
            .map(|c| ConcernFact {
                unit: key_of(&c.unit),
                received: c.received_at,
                due: c.due,
                answered: c.answered_at,
            })
            .collect(),
        milestones: Vec::new(),
    };
    for m in milestones {
        let due = crate::domain::plan::Due::parse(&m.due_kind, m.due_at, m.offset)
            .map_err(|e| AppError::internal("stored milestone", e.zh))?;
        facts.milestones.push(MilestoneFact {
            unit: key_of(&m.unit),
            due: due.resolve(m.policy_published, &calendar).map(|(at, _)| at),
            released: m.released,
        });
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::memory_db;
    use crate::ssr::tooling::fixtures;

    fn code(text: &str) -> TaxonomyCode {
        TaxonomyCode::parse(text).expect("code")
    }

    #[tokio::test]
    async fn a_sheet_replaces_the_years_quotas_whole() {
        let db = memory_db().await.expect("db");
        fixtures::load_taxonomies(&db).await.expect("taxonomies");
        let quota = |unit: &str, directory: &str, target| Quota {
            unit: code(unit),
            directory: code(directory),
            year: 2026,
            target,
        };
        let first = [quota("czj", "czxx", 12), quota("jsj", "gzjz", 3)];
        assert_eq!(
            import_quotas(&db, 2026, &first, "admin")
                .await
                .expect("import"),
            2
        );
        let second = [quota("czj", "czxx", 8)];
        import_quotas(&db, 2026, &second, "admin")
            .await
            .expect("again");
        assert_eq!(quotas(&db, 2026).await.expect("read"), second);
        save_quota(&db, &quota("jsj", "gzjz", 5), "admin")
            .await
            .expect("save");
        save_quota(&db, &quota("czj", "czxx", 0), "admin")
            .await
            .expect("remove");
        assert_eq!(
            quotas(&db, 2026).await.expect("read"),
            [quota("jsj", "gzjz", 5)]
        );
        assert!(quotas(&db, 2025).await.expect("other year").is_empty());
    }

    #[tokio::test]
    async fn duties_are_kept_in_order_with_their_deadlines() {
        let db = memory_db().await.expect("db");
        fixtures::load_taxonomies(&db).await.expect("taxonomies");
        let duty = |requirement: &str, units: &[&str]| DutyFields {
            requirement: requirement.into(),
            units_text: "编办、法制办等".into(),
            accounts_text: String::new(),
            units: units.iter().map(|u| code(u)).collect(),
        };
        let duties = [
            duty("在6月30日前组织县直相关部门发布。", &["bb", "fzb"]),
            duty("定期公开。", &["fzb"]),
        ];
        save_duties(&db, &code("sqd"), &duties, "admin")
            .await
            .expect("save")
            .publish(&crate::ssr::changes::Changes::unobserved());
        let rows = duties_of(&db).await;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].area_name, "三清单一目录");
        assert_eq!(rows[0].units, ["bb", "fzb"]);
        assert_eq!(rows[0].deadline, Some((6, 30)));
        assert_eq!(rows[1].deadline, None);
        assert!(matches!(
            save_duties(&db, &code("nosuch"), &duties, "admin").await,
            Err(AppError::NotFound)
        ));
        let facts = facts(&db, Period::Year(2026), None).await.expect("facts");
        assert!(facts.items.is_empty() && facts.concerns.is_empty());
    }

    async fn duties_of(db: &Db) -> Vec<DutyRow> {
        duties(db).await.expect("duties")
    }
}
