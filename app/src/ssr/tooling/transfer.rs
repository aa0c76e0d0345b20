//! JSON Lines import and export: the registry's portable form, and how demo data and
//! bulk loads enter the database (`demo::seed` writes through [`import`]). One record per
//! line, tagged with its `type`.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::{FieldError, NewPolicy, PolicyId, PolicyInput, TaxonomyCode};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Changes;
use crate::ssr::repo::policy;
use crate::ssr::repo::taxonomy::{self, Taxonomy, Term};

/// One line of an import or export file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Line {
    Unit(Term),
    Directory(Term),
    KeyArea(Term),
    Policy(Box<PolicyInput>),
}

/// A line that cannot be imported, with the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// One-based line number in the file.
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.message)
    }
}

/// A validated line, ready to write.
enum Record {
    Term(Taxonomy, Term),
    Policy(Box<NewPolicy>),
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub terms: usize,
    pub policies: usize,
}

/// Why an import wrote nothing (or, for `Write`, stopped).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} invalid line(s)", .0.len())]
    Invalid(Vec<LineError>),
    #[error("writing failed after validation: {0}")]
    Write(AppError),
}

fn check_term(line: usize, term: &Term, errors: &mut Vec<LineError>) {
    if let Err(message) = TaxonomyCode::parse(&term.code) {
        errors.push(LineError {
            line,
            field: "code".into(),
            message: message.zh,
        });
    }
    let len = term.name.trim().chars().count();
    if len == 0 || len > 100 {
        errors.push(LineError {
            line,
            field: "name".into(),
            message: "名称须为 1–100 个字".into(),
        });
    }
}

/// Parses and checks every line, including references between lines and to records
/// already in the database. Returns every problem found, by line number and field.
async fn validate(db: &Db, text: &str) -> Result<Vec<(usize, Record)>, ImportError> {
    let mut errors = Vec::new();
    let mut records = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(raw) {
            Err(e) => errors.push(LineError {
                line,
                field: "json".into(),
                message: e.to_string(),
            }),
            Ok(Line::Unit(t)) => {
                check_term(line, &t, &mut errors);
                records.push((line, Record::Term(Taxonomy::Unit, t)));
            }
            Ok(Line::Directory(t)) => {
                check_term(line, &t, &mut errors);
                records.push((line, Record::Term(Taxonomy::Directory, t)));
            }
            Ok(Line::KeyArea(t)) => {
                check_term(line, &t, &mut errors);
                records.push((line, Record::Term(Taxonomy::KeyArea, t)));
            }
            Ok(Line::Policy(input)) => match NewPolicy::parse(&input) {
                Ok(p) => records.push((line, Record::Policy(Box::new(p)))),
                Err(field_errors) => errors.extend(field_errors.into_iter().map(
                    |FieldError { field, message }| LineError {
                        line,
                        field,
                        message: message.zh,
                    },
                )),
            },
        }
    }

    // References: what the file defines plus what the database already holds.
    let mut known: [HashSet<String>; 3] = Default::default();
    for (slot, taxonomy) in [Taxonomy::Unit, Taxonomy::Directory, Taxonomy::KeyArea]
        .into_iter()
        .enumerate()
    {
        known[slot].extend(
            taxonomy::codes(db, taxonomy)
                .await
                .map_err(ImportError::Write)?,
        );
    }
    let mut file_policy_ids = HashSet::new();
    for (line, record) in &records {
        match record {
            Record::Term(taxonomy, term) => {
                let slot = match taxonomy {
                    Taxonomy::Unit => 0,
                    Taxonomy::Directory => 1,
                    Taxonomy::KeyArea => 2,
                };
                known[slot].insert(term.code.trim().to_ascii_lowercase());
            }
            Record::Policy(p) => {
                if let Some(id) = &p.id
                    && !file_policy_ids.insert(id.as_str().to_owned())
                {
                    errors.push(LineError {
                        line: *line,
                        field: "id".into(),
                        message: format!("编号 {id} 在文件中重复出现"),
                    });
                }
            }
        }
    }
    // One round trip for every id the file names: its own ids (must be new) and the
    // replacements it points to outside itself (must exist).
    let mut asked: Vec<PolicyId> = Vec::new();
    for (_, record) in &records {
        if let Record::Policy(p) = record {
            asked.extend(p.id.iter().cloned());
            asked.extend(
                p.replaced_by
                    .iter()
                    .filter(|r| !file_policy_ids.contains(r.as_str()))
                    .cloned(),
            );
        }
    }
    let in_database: HashSet<String> = policy::existing_ids(db, &asked)
        .await
        .map_err(ImportError::Write)?
        .into_iter()
        .collect();
    for (line, record) in &records {
        let Record::Policy(p) = record else { continue };
        let line = *line;
        let mut missing = |field: &str, what: &str, code: &str| {
            errors.push(LineError {
                line,
                field: field.into(),
                message: format!("{what}“{code}”不存在"),
            });
        };
        if !known[0].contains(p.unit.as_str()) {
            missing("unit", "发文机关", p.unit.as_str());
        }
        if !known[1].contains(p.directory.as_str()) {
            missing("directory", "公开目录", p.directory.as_str());
        }
        if let Some(area) = &p.key_area
            && !known[2].contains(area.as_str())
        {
            missing("key_area", "重点领域", area.as_str());
        }
        if let Some(replacement) = &p.replaced_by {
            let exists = file_policy_ids.contains(replacement.as_str())
                || in_database.contains(replacement.as_str());
            if !exists {
                errors.push(LineError {
                    line,
                    field: "replaced_by".into(),
                    message: format!("替代文件“{replacement}”不存在"),
                });
            }
        }
        if let Some(id) = &p.id
            && in_database.contains(id.as_str())
        {
            errors.push(LineError {
                line,
                field: "id".into(),
                message: format!("编号 {id} 已存在于数据库中"),
            });
        }
    }

    if errors.is_empty() {
        Ok(records)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(ImportError::Invalid(errors))
    }
}

/// Imports JSON Lines text. Every line is checked first; nothing is written unless all
/// are valid. `progress` is told the number of records once known, then each write.
pub async fn import(
    db: &Db,
    changes: &Changes,
    text: &str,
    progress: &dyn Fn(Progress),
) -> Result<ImportReport, ImportError> {
    let records = validate(db, text).await?;
    progress(Progress::Validated(records.len()));
    let mut report = ImportReport::default();
    for (_, record) in records {
        match record {
            Record::Term(taxonomy, term) => {
                taxonomy::upsert(db, taxonomy, &term)
                    .await
                    .map_err(ImportError::Write)?
                    .publish(changes);
                report.terms += 1;
            }
            Record::Policy(p) => {
                policy::insert(db, &p)
                    .await
                    .map_err(ImportError::Write)?
                    .publish(changes);
                report.policies += 1;
            }
        }
        progress(Progress::Written);
    }
    Ok(report)
}

/// Progress of an import.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// All lines are valid; this many records will be written.
    Validated(usize),
    /// One more record was written.
    Written,
}

/// Every unit, taxonomy term and policy as JSON Lines, in the order import needs.
pub async fn export(db: &Db) -> Result<String, AppError> {
    let mut lines = Vec::new();
    for term in taxonomy::list(db, Taxonomy::Unit).await? {
        lines.push(Line::Unit(term));
    }
    for term in taxonomy::list(db, Taxonomy::Directory).await? {
        lines.push(Line::Directory(term));
    }
    for term in taxonomy::list(db, Taxonomy::KeyArea).await? {
        lines.push(Line::KeyArea(term));
    }
    for p in policy::export_all(db).await? {
        lines.push(Line::Policy(Box::new(p)));
    }
    let mut out = String::new();
    for line in &lines {
        let json = serde_json::to_string(line).map_err(|e| AppError::internal("export", e))?;
        out.push_str(&json);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::memory_db;

    fn quiet(_: Progress) {}

    #[tokio::test]
    async fn two_bad_lines_are_both_named_and_nothing_is_written() {
        let db = memory_db().await.expect("db");
        let text = [
            r#"{"type":"unit","code":"czj","name":"衡东县财政局"}"#,
            r#"{"type":"directory","code":"czxx","name":"财政信息"}"#,
            r#"{"type":"policy","id":"ok-1","title":"衡东县预算公开说明","unit":"czj","signed_on":"2016-01-01","published_at":"2016-01-05","status":"published","directory":"czxx","disclosure":"proactive"}"#,
            r#"{"type":"policy","id":"bad-1","title":"衡东县某文件","doc_number":"五号","unit":"czj","signed_on":"2016-01-01","directory":"czxx","disclosure":"proactive"}"#,
            r#"{"type":"policy","id":"bad-2","title":"衡东县另一文件","unit":"nosuch","signed_on":"2016-01-01","directory":"czxx","disclosure":"proactive"}"#,
        ]
        .join("\n");
        let Err(ImportError::Invalid(errors)) =
            import(&db, &Changes::unobserved(), &text, &quiet).await
        else {
            panic!("import must fail");
        };
        let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(found, [(4, "doc_number"), (5, "unit")]);
        assert_eq!(policy::count_all(&db).await.expect("count"), 0);
        assert!(
            taxonomy::list(&db, Taxonomy::Unit)
                .await
                .expect("units")
                .is_empty()
        );
    }

    #[tokio::test]
    async fn broken_json_is_reported_by_line() {
        let db = memory_db().await.expect("db");
        let text = "{\"type\":\"unit\",\"code\":\"czj\",\"name\":\"财政局\"}\n{not json\n\n{\"type\":\"what\"}";
        let Err(ImportError::Invalid(errors)) =
            import(&db, &Changes::unobserved(), text, &quiet).await
        else {
            panic!("import must fail");
        };
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 4]);
        assert!(errors.iter().all(|e| e.field == "json"));
    }
}
