//! Units and the two editable taxonomies: 公开目录 (directory) and 重点领域 (key area).

use serde::{Deserialize, Serialize};
use surrealdb::types::{RecordId, SurrealValue};

use crate::domain::TaxonomyCode;
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::{Change, Committed};
use crate::ssr::repo::audit;

pub const UNIT: &str = "unit";
pub const DIRECTORY: &str = "directory";
pub const KEY_AREA: &str = "key_area";

/// One term of a taxonomy (or a unit): its code, name and place in lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, SurrealValue)]
pub struct Term {
    pub code: String,
    pub name: String,
    /// For key areas, the group in the division-of-work table (e.g. 公共服务信息).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default)]
    pub position: i64,
}

/// The tables that hold terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taxonomy {
    Unit,
    Directory,
    KeyArea,
}

impl Taxonomy {
    pub fn table(self) -> &'static str {
        match self {
            Self::Unit => UNIT,
            Self::Directory => DIRECTORY,
            Self::KeyArea => KEY_AREA,
        }
    }

    pub fn record(self, code: &TaxonomyCode) -> RecordId {
        RecordId::new(self.table(), code.as_str())
    }
}

/// Every term of one taxonomy, in display order.
pub async fn list(db: &Db, taxonomy: Taxonomy) -> Result<Vec<Term>, AppError> {
    let category = if taxonomy == Taxonomy::KeyArea {
        "category"
    } else {
        "NONE AS category"
    };
    // Fixed fragments only: the table name comes from the enum above.
    let sql = format!(
        "SELECT record::id(id) AS code, name, {category}, position FROM type::table($table) \
         ORDER BY position, code"
    );
    let mut response = db
        .query(sql)
        .bind(("table", taxonomy.table()))
        .await?
        .check()?;
    Ok(response.take(0)?)
}

/// Terms as the choices of a form (no counts).
pub fn options(terms: Vec<Term>) -> Vec<crate::dto::FacetOption> {
    terms
        .into_iter()
        .map(|t| crate::dto::FacetOption {
            code: t.code,
            name: t.name,
            count: 0,
        })
        .collect()
}

/// Creates or replaces a term.
pub async fn upsert(db: &Db, taxonomy: Taxonomy, term: &Term) -> Result<Committed<()>, AppError> {
    let code = TaxonomyCode::parse(&term.code).map_err(|m| AppError::Invalid {
        field: "code".into(),
        message: m,
    })?;
    let sql = if taxonomy == Taxonomy::KeyArea {
        "UPSERT $id CONTENT { name: $name, category: $category ?? '', position: $position }"
    } else {
        "UPSERT $id CONTENT { name: $name, position: $position }"
    };
    db.query(sql)
        .bind(("id", taxonomy.record(&code)))
        .bind(("name", term.name.clone()))
        .bind(("category", term.category.clone()))
        .bind(("position", term.position))
        .await?
        .check()?;
    Ok(renamed())
}

/// The codes that exist in a taxonomy, for checking references before a write.
pub async fn codes(db: &Db, taxonomy: Taxonomy) -> Result<Vec<String>, AppError> {
    Ok(list(db, taxonomy)
        .await?
        .into_iter()
        .map(|t| t.code)
        .collect())
}

/// A term's new place in its list.
#[derive(SurrealValue)]
struct Placement {
    id: RecordId,
    position: i64,
}

/// Which way a term moves in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// Adds a term at the end of its list, or renames it (keeping its place and category);
/// audited as `term.save`.
pub async fn save(
    db: &Db,
    taxonomy: Taxonomy,
    code: &TaxonomyCode,
    name: &str,
    actor: &str,
) -> Result<Committed<()>, AppError> {
    let existing = list(db, taxonomy).await?;
    let current = existing.iter().find(|t| t.code == code.as_str());
    let term = Term {
        code: code.to_string(),
        name: name.to_owned(),
        category: current.and_then(|t| t.category.clone()),
        position: current.map_or(existing.len() as i64 + 1, |t| t.position),
    };
    let mut entry = audit::AuditEntry::new(actor, "term.save", subject(taxonomy, code));
    entry.detail = Some(name.to_owned());
    let sql = if taxonomy == Taxonomy::KeyArea {
        "UPSERT $id CONTENT { name: $name, category: $category ?? '', position: $position };"
    } else {
        "UPSERT $id CONTENT { name: $name, position: $position };"
    };
    db.query(format!(
        "BEGIN TRANSACTION;\n{sql}\n{}\nCOMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("id", taxonomy.record(code)))
    .bind(("name", term.name))
    .bind(("category", term.category))
    .bind(("position", term.position))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(renamed())
}

/// A term's name shows on every page that lists what uses it.
fn renamed() -> Committed<()> {
    Committed::new((), Change::everything())
}

/// Swaps a term with its neighbour above or below; the list is numbered 1..n again in
/// the same transaction, so positions stay distinct. Moving past either end changes
/// nothing.
pub async fn move_term(
    db: &Db,
    taxonomy: Taxonomy,
    code: &TaxonomyCode,
    direction: Direction,
    actor: &str,
) -> Result<Committed<()>, AppError> {
    let mut codes = codes(db, taxonomy).await?;
    let at = codes
        .iter()
        .position(|c| c == code.as_str())
        .ok_or(AppError::NotFound)?;
    let other = match direction {
        Direction::Up => at.checked_sub(1),
        Direction::Down => Some(at + 1).filter(|i| *i < codes.len()),
    };
    let Some(other) = other else {
        return Ok(Committed::new((), Change::none()));
    };
    codes.swap(at, other);
    let placements: Vec<Placement> = codes
        .iter()
        .zip(1..)
        .map(|(c, position)| Placement {
            id: RecordId::new(taxonomy.table(), c.as_str()),
            position,
        })
        .collect();
    let mut entry = audit::AuditEntry::new(actor, "term.move", subject(taxonomy, code));
    entry.detail = Some(
        match direction {
            Direction::Up => "up",
            Direction::Down => "down",
        }
        .to_owned(),
    );
    db.query(format!(
        "BEGIN TRANSACTION;\n\
         FOR $p IN $placements {{ UPDATE $p.id SET position = $p.position; }};\n\
         {}\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("placements", placements))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(renamed())
}

/// What SurrealDB says when a delete meets a `REFERENCE ON DELETE REJECT` field
/// (surrealdb-core's `DeleteRejectedByReference`; a test below pins it).
const STILL_REFERENCED: &str = "with an ON DELETE REJECT clause";

/// Removes a term that nothing refers to. The database itself refuses to delete a term a
/// policy, account, article, question or Q&A still points at (schema 0018); the refusal
/// is a conflict that says why. Audited as `term.remove`.
pub async fn remove(
    db: &Db,
    taxonomy: Taxonomy,
    code: &TaxonomyCode,
    actor: &str,
) -> Result<Committed<()>, AppError> {
    let sql = format!(
        "BEGIN TRANSACTION;\nDELETE $id;\n{}\nCOMMIT TRANSACTION;",
        audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("id", taxonomy.record(code)))
        .bind((
            "audit",
            audit::AuditEntry::new(actor, "term.remove", subject(taxonomy, code)),
        ))
        .await?;
    let in_use = AppError::Conflict(crate::words!(
        "仍有政策或账号使用“{code}”，不能删除",
        "Policies or accounts still use “{code}”; it cannot be deleted"
    ));
    super::guarded(response, STILL_REFERENCED, in_use, "remove term").map(|()| renamed())
}

/// How the audit trail names a term.
fn subject(taxonomy: Taxonomy, code: &TaxonomyCode) -> String {
    format!("{}:{code}", taxonomy.table())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::memory_db;

    /// Repository tests run no page cache: nothing follows their changes.
    fn nobody() -> crate::ssr::changes::Changes {
        crate::ssr::changes::Changes::unobserved()
    }

    fn done<T>(committed: crate::ssr::changes::Committed<T>) -> T {
        committed.publish(&nobody())
    }

    #[tokio::test]
    async fn terms_are_listed_in_position_order() {
        let db = memory_db().await.expect("db");
        for (code, name, position) in [("fgwj", "法规文件", 4), ("jgxx", "机构信息", 1)] {
            let term = Term {
                code: code.into(),
                name: name.into(),
                category: None,
                position,
            };
            upsert(&db, Taxonomy::Directory, &term)
                .await
                .expect("upsert")
                .publish(&nobody());
        }
        let names: Vec<String> = list(&db, Taxonomy::Directory)
            .await
            .expect("list")
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["机构信息", "法规文件"]);
        assert!(list(&db, Taxonomy::Unit).await.expect("units").is_empty());
    }

    #[tokio::test]
    async fn key_areas_keep_their_category() {
        let db = memory_db().await.expect("db");
        let term = Term {
            code: "shbx".into(),
            name: "社会保险".into(),
            category: Some("公共服务信息".into()),
            position: 1,
        };
        upsert(&db, Taxonomy::KeyArea, &term)
            .await
            .expect("upsert")
            .publish(&nobody());
        assert_eq!(list(&db, Taxonomy::KeyArea).await.expect("list"), [term]);
    }

    fn code(c: &str) -> TaxonomyCode {
        TaxonomyCode::parse(c).expect("code")
    }

    async fn names(db: &Db, taxonomy: Taxonomy) -> Vec<String> {
        list(db, taxonomy)
            .await
            .expect("list")
            .into_iter()
            .map(|t| t.name)
            .collect()
    }

    #[tokio::test]
    async fn saved_terms_append_rename_in_place_and_move() {
        let db = memory_db().await.expect("db");
        for (c, name) in [("aa", "甲"), ("bb", "乙"), ("cc", "丙")] {
            save(&db, Taxonomy::Directory, &code(c), name, "admin")
                .await
                .expect("save")
                .publish(&nobody());
        }
        save(&db, Taxonomy::Directory, &code("aa"), "甲（新）", "admin")
            .await
            .expect("rename")
            .publish(&nobody());
        assert_eq!(
            names(&db, Taxonomy::Directory).await,
            ["甲（新）", "乙", "丙"]
        );

        move_term(
            &db,
            Taxonomy::Directory,
            &code("cc"),
            Direction::Up,
            "admin",
        )
        .await
        .expect("move")
        .publish(&nobody());
        assert_eq!(
            names(&db, Taxonomy::Directory).await,
            ["甲（新）", "丙", "乙"]
        );
        // Past either end: nothing changes.
        move_term(
            &db,
            Taxonomy::Directory,
            &code("aa"),
            Direction::Up,
            "admin",
        )
        .await
        .expect("move")
        .publish(&nobody());
        move_term(
            &db,
            Taxonomy::Directory,
            &code("bb"),
            Direction::Down,
            "admin",
        )
        .await
        .expect("move")
        .publish(&nobody());
        assert_eq!(
            names(&db, Taxonomy::Directory).await,
            ["甲（新）", "丙", "乙"]
        );
        assert_eq!(
            move_term(
                &db,
                Taxonomy::Directory,
                &code("zz"),
                Direction::Up,
                "admin"
            )
            .await
            .map(done),
            Err(AppError::NotFound)
        );
        let trail = audit::history(&db, "directory:cc").await.expect("history");
        assert_eq!(
            trail
                .iter()
                .map(|r| r.entry.action.as_str())
                .collect::<Vec<_>>(),
            ["term.save", "term.move"]
        );
    }

    #[tokio::test]
    async fn a_term_in_use_is_not_removed() {
        let db = memory_db().await.expect("db");
        crate::ssr::tooling::demo::seed(&db, &crate::ssr::changes::Changes::unobserved())
            .await
            .expect("seed");
        let used = list(&db, Taxonomy::Directory).await.expect("list");
        // The seed notice files under some directory; that one stays.
        let taken: Vec<String> = db
            .query("SELECT VALUE record::id(directory) FROM policy")
            .await
            .expect("query")
            .take(0)
            .expect("take");
        let in_use = code(&taken[0]);
        assert!(matches!(
            remove(&db, Taxonomy::Directory, &in_use, "admin")
                .await
                .map(done),
            Err(AppError::Conflict(_))
        ));
        assert!(matches!(
            remove(&db, Taxonomy::Unit, &code("czj"), "admin")
                .await
                .map(done),
            Err(AppError::Conflict(_))
        ));
        // The database's own refusal, whoever deletes: the marker above is its wording.
        let refused = db
            .query("DELETE $id")
            .bind(("id", Taxonomy::Directory.record(&in_use)))
            .await
            .and_then(|r| r.check())
            .expect_err("a directory in use is not deleted");
        assert!(refused.to_string().contains(STILL_REFERENCED), "{refused}");
        save(&db, Taxonomy::Directory, &code("unused"), "未用", "admin")
            .await
            .expect("save")
            .publish(&nobody());
        remove(&db, Taxonomy::Directory, &code("unused"), "admin")
            .await
            .expect("remove")
            .publish(&nobody());
        let after = list(&db, Taxonomy::Directory).await.expect("list");
        assert_eq!(after, used, "back to the seeded list");
        let trail = audit::history(&db, "directory:unused")
            .await
            .expect("history");
        assert_eq!(
            trail
                .iter()
                .map(|r| r.entry.action.as_str())
                .collect::<Vec<_>>(),
            ["term.save", "term.remove"]
        );
    }

    /// Every kind of record that points at a unit keeps it: a unit that only one account,
    /// or only one question, names is refused too; once nothing names it, it goes.
    #[tokio::test]
    async fn a_unit_named_by_any_record_is_not_removed() {
        let db = memory_db().await.expect("db");
        for (c, name) in [("dept", "某局"), ("other", "另一局")] {
            save(&db, Taxonomy::Unit, &code(c), name, "admin")
                .await
                .expect("save")
                .publish(&nobody());
        }
        db.query(
            "CREATE user:someone SET display_name = '某人', unit = unit:dept, roles = ['editor'], \
             password_hash = 'x'",
        )
        .await
        .and_then(|r| r.check())
        .expect("account");
        let refused = remove(&db, Taxonomy::Unit, &code("dept"), "admin")
            .await
            .map(done);
        assert_eq!(
            refused,
            Err(AppError::Conflict(crate::words!(
                "仍有政策或账号使用“dept”，不能删除",
                "Policies or accounts still use “dept”; it cannot be deleted"
            )))
        );
        db.query("UPDATE user:someone SET unit = unit:other")
            .await
            .and_then(|r| r.check())
            .expect("move the account");
        remove(&db, Taxonomy::Unit, &code("dept"), "admin")
            .await
            .expect("nothing names it any more")
            .publish(&nobody());
        assert!(matches!(
            remove(&db, Taxonomy::Unit, &code("other"), "admin").await,
            Err(AppError::Conflict(_))
        ));
    }
}
