//! Units and the two editable taxonomies: 公开目录 (directory) and 重点领域 (key area).

use serde::{Deserialize, Serialize};
use surrealdb::types::{RecordId, SurrealValue};

use crate::domain::TaxonomyCode;
use crate::error::AppError;
use crate::ssr::Db;

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
pub async fn upsert(db: &Db, taxonomy: Taxonomy, term: &Term) -> Result<(), AppError> {
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
    Ok(())
}

/// The codes that exist in a taxonomy, for checking references before a write.
pub async fn codes(db: &Db, taxonomy: Taxonomy) -> Result<Vec<String>, AppError> {
    Ok(list(db, taxonomy)
        .await?
        .into_iter()
        .map(|t| t.code)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::memory_db;

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
                .expect("upsert");
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
        upsert(&db, Taxonomy::KeyArea, &term).await.expect("upsert");
        assert_eq!(list(&db, Taxonomy::KeyArea).await.expect("list"), [term]);
    }
}
