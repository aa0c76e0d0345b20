//! Site search over public policies, interpretations and Q&A.
//!
//! Each kind is searched in its own table with that table's public condition, so a
//! withheld or unpublished record can never be found. The full-text index (schema 0011)
//! gives candidates that contain every character pair of the query; `string::contains`
//! keeps those that contain the words themselves. The kinds are then merged by score (or
//! date) and one page of them is read in full for titles and snippets.

use chrono::{DateTime, Utc};
use surrealdb::types::{RecordId, SurrealValue, Value};

use super::taxonomy::Taxonomy;
use super::{article, concern, policy};
use crate::domain::DocNumber;
use crate::domain::search::{SearchKind, SearchOrder, SearchQuery};
use crate::dto::search::{SearchHit, SearchNotice, SearchPage, SnippetPart};
use crate::error::AppError;
use crate::ssr::Db;

pub const PER_PAGE: u32 = 20;
/// How far into the results pages reach; deeper pages are refused.
pub const MAX_RESULTS: u32 = 1_000;
/// How many candidates of each kind and pass are read. SurrealDB's full-text index costs
/// tens of microseconds per matching record, so a word found in most documents would make
/// an exact count take seconds at 100k policies; past this many the count is shown as a
/// lower bound ("5000+"). Below it, results and counts are exact.
pub const CANDIDATES: u32 = 5_000;
/// Characters of text shown before the first match in a snippet, and in all.
const SNIPPET_LEAD: usize = 24;
const SNIPPET_CHARS: usize = 110;
/// Added to the score of a record whose title contains every word.
const TITLE_BOOST: f64 = 10.0;

/// How one kind of record is searched.
struct Source {
    kind: SearchKind,
    table: &'static str,
    public: &'static str,
    title: &'static str,
    /// The field (or path) the directory, validity and key-area filters apply to.
    policy_path: &'static str,
    /// What a result row shows, besides id and text.
    fields: &'static str,
}

const SOURCES: [Source; 3] = [
    Source {
        kind: SearchKind::Policy,
        table: policy::TABLE,
        public: policy::PUBLIC,
        title: "title",
        policy_path: "",
        fields: "title, doc_number, unit.name AS unit_name, published_at, NONE AS policy_title",
    },
    Source {
        kind: SearchKind::Interpretation,
        table: article::TABLE,
        public: article::PUBLIC,
        title: "title",
        policy_path: "policy.",
        fields: "title, NONE AS doc_number, unit.name AS unit_name, published_at, \
                 policy.title AS policy_title",
    },
    Source {
        kind: SearchKind::Qa,
        table: "qa",
        public: concern::QA_PUBLIC,
        title: "question",
        policy_path: "policy.",
        fields: "question AS title, NONE AS doc_number, unit.name AS unit_name, published_at, \
                 policy.title AS policy_title",
    },
];

impl Source {
    fn of(kind: SearchKind) -> &'static Source {
        SOURCES
            .iter()
            .find(|s| s.kind == kind)
            .expect("every kind has a source")
    }

    fn url(&self, id: &str) -> String {
        match self.kind {
            SearchKind::Policy => format!("/policies/{id}"),
            SearchKind::Interpretation => format!("/interpretations/{id}"),
            SearchKind::Qa => format!("/qa/{id}"),
        }
    }

    /// The WHERE clause of one stage of this kind's search: fixed fragments, values bound
    /// by name.
    fn conditions(&self, q: &SearchQuery, stage: Stage) -> String {
        let p = self.policy_path;
        let mut parts = vec![self.public.to_owned()];
        match stage {
            Stage::FiltersOnly => {}
            Stage::Title => {
                parts.push(format!("{} @1@ $title_terms", self.title));
                parts.extend(
                    word_names(q).map(|w| format!("string::contains({}, ${w})", self.title)),
                );
            }
            Stage::Text => {
                parts.push("search_text @0@ $pairs".to_owned());
                parts.extend(word_names(q).map(|w| format!("string::contains(search_text, ${w})")));
            }
        }
        let f = &q.filter;
        if f.directory.is_some() {
            parts.push(format!("{p}directory = $directory"));
        }
        if f.key_area.is_some() {
            parts.push(format!("{p}key_area = $key_area"));
        }
        if f.validity.is_some() {
            parts.push(format!("{p}validity = $validity"));
        }
        if f.unit.is_some() {
            parts.push("unit = $unit".to_owned());
        }
        if f.year.is_some() {
            parts.push("published_at >= $from AND published_at < $to".to_owned());
        }
        parts.join(" AND ")
    }

    /// The score of a candidate of a stage: BM25 of the stage's index; a title match
    /// always ranks above a match in the text alone.
    fn score(&self, q: &SearchQuery, stage: Stage) -> String {
        match stage {
            Stage::Title => format!("<float> (search::score(1) + {TITLE_BOOST})"),
            Stage::Text => {
                let in_title = word_names(q)
                    .map(|w| format!("string::contains({}, ${w})", self.title))
                    .collect::<Vec<_>>();
                if in_title.is_empty() {
                    "<float> search::score(0)".to_owned()
                } else {
                    format!(
                        "<float> (search::score(0) + (IF {} THEN {TITLE_BOOST} ELSE 0 END))",
                        in_title.join(" AND ")
                    )
                }
            }
            Stage::FiltersOnly => "0.0".to_owned(),
        }
    }
}

/// The two passes of a search: titles (small index, one- and two-character terms) and the
/// whole text (pairs). Title matches are found even when the text pass is cut at the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Title,
    Text,
    FiltersOnly,
}

/// The names of the bound words that are checked exactly (`w0`, `w1`…). Words with Latin
/// letters are left to the index, which ignores case.
fn exact_words(q: &SearchQuery) -> impl Iterator<Item = &String> {
    q.text
        .words
        .iter()
        .filter(|w| !w.chars().any(|c| c.is_ascii_alphabetic()))
}

fn word_names(q: &SearchQuery) -> impl Iterator<Item = String> + '_ {
    (0..exact_words(q).count()).map(|i| format!("w{i}"))
}

/// Binds every value the conditions of [`Source::conditions`] may name.
fn bind_all<'r>(
    mut query: surrealdb::method::Query<'r, surrealdb::engine::any::Any>,
    q: &SearchQuery,
) -> surrealdb::method::Query<'r, surrealdb::engine::any::Any> {
    let f = &q.filter;
    let (from, to) = f.year.map(policy::year_bounds).unzip();
    let values: [(&str, Value); 8] = [
        ("pairs", q.text.pairs.clone().into_value()),
        ("title_terms", q.text.title_terms.clone().into_value()),
        (
            "directory",
            f.directory
                .as_ref()
                .map(|c| Taxonomy::Directory.record(c))
                .into_value(),
        ),
        (
            "key_area",
            f.key_area
                .as_ref()
                .map(|c| Taxonomy::KeyArea.record(c))
                .into_value(),
        ),
        ("validity", f.validity.into_value()),
        (
            "unit",
            f.unit
                .as_ref()
                .map(|c| Taxonomy::Unit.record(c))
                .into_value(),
        ),
        ("from", from.into_value()),
        ("to", to.into_value()),
    ];
    for (name, value) in values {
        query = query.bind((name.to_owned(), value));
    }
    for (i, word) in exact_words(q).enumerate() {
        query = query.bind((format!("w{i}"), word.clone()));
    }
    query
}

#[derive(Debug, SurrealValue)]
struct Candidate {
    id: RecordId,
    score: f64,
    published_at: DateTime<Utc>,
}

#[derive(Debug, SurrealValue)]
struct Row {
    id: RecordId,
    title: String,
    doc_number: Option<String>,
    unit_name: String,
    published_at: DateTime<Utc>,
    policy_title: Option<String>,
    text: String,
}

/// One page of results for a query. An empty query finds nothing; a one-character query
/// searches titles only.
#[tracing::instrument(skip(db))]
pub async fn search(db: &Db, q: &SearchQuery) -> Result<SearchPage, AppError> {
    let notice = if q.text.is_empty() {
        Some(SearchNotice::Empty)
    } else if q.text.titles_only() {
        Some(SearchNotice::TitlesOnly)
    } else if q.text.truncated {
        Some(SearchNotice::Truncated)
    } else {
        None
    };
    let mut page = SearchPage {
        text: q.text.text.clone(),
        exact: None,
        hits: Vec::new(),
        total: 0,
        kinds: Vec::new(),
        page: q.filter.page,
        per_page: PER_PAGE,
        notice,
        more: false,
    };
    if q.text.is_empty() {
        return Ok(page);
    }
    let offset = q.filter.offset();
    let wanted = offset + PER_PAGE;
    if wanted > MAX_RESULTS {
        return Err(crate::domain::FieldError::new(
            "page",
            crate::words!(
                "只显示前 {MAX_RESULTS} 条结果，请缩小检索范围",
                "Only the first {MAX_RESULTS} results are shown; narrow the search"
            ),
        )
        .into());
    }
    let exact = exact_policy(db, q).await?;

    let mut candidates: Vec<(SearchKind, Candidate)> = Vec::new();
    for source in &SOURCES {
        let stages: &[Stage] = if q.text.titles_only() {
            &[Stage::Title]
        } else {
            &[Stage::Title, Stage::Text]
        };
        // No ORDER BY: the scan stops at the cap; ordering is done here.
        let sql = stages
            .iter()
            .map(|stage| {
                format!(
                    "SELECT id, {score} AS score, published_at FROM {table} WHERE {cond} LIMIT $cap;",
                    score = source.score(q, *stage),
                    table = source.table,
                    cond = source.conditions(q, *stage),
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let query = db.query(sql).bind(("cap", i64::from(CANDIDATES) + 1));
        let mut response = bind_all(query, q).await?.check()?;
        let mut found: Vec<Candidate> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for i in 0..stages.len() {
            let rows: Vec<Candidate> = response.take(i)?;
            page.more |= rows.len() > CANDIDATES as usize;
            for row in rows {
                match seen.entry(super::key_of(&row.id)) {
                    std::collections::hash_map::Entry::Occupied(at) => {
                        let kept = &mut found[*at.get()];
                        kept.score = kept.score.max(row.score);
                    }
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(found.len());
                        found.push(row);
                    }
                }
            }
        }
        found.truncate(CANDIDATES as usize);
        let n = found.len() as u64;
        page.kinds.push((source.kind, n));
        if q.kind.is_none_or(|k| k == source.kind) {
            page.total += n;
            candidates.extend(found.into_iter().map(|c| (source.kind, c)));
        }
    }

    match q.order {
        SearchOrder::Relevance => candidates.sort_by(|(_, a), (_, b)| {
            b.score
                .total_cmp(&a.score)
                .then(b.published_at.cmp(&a.published_at))
        }),
        SearchOrder::Newest => candidates.sort_by(|(_, a), (_, b)| {
            b.published_at
                .cmp(&a.published_at)
                .then(b.score.total_cmp(&a.score))
        }),
    }
    if let Some(id) = &exact {
        candidates.retain(|(_, c)| &c.id != id);
        candidates.insert(
            0,
            (
                SearchKind::Policy,
                Candidate {
                    id: id.clone(),
                    score: f64::MAX,
                    published_at: DateTime::<Utc>::MIN_UTC,
                },
            ),
        );
    }
    let chosen: Vec<(SearchKind, RecordId)> = candidates
        .into_iter()
        .skip(offset as usize)
        .take(PER_PAGE as usize)
        .map(|(kind, c)| (kind, c.id))
        .collect();
    page.hits = read_hits(db, q, &chosen).await?;
    if let Some(id) = exact {
        page.exact = page
            .hits
            .iter()
            .zip(&chosen)
            .find(|(_, (_, chosen))| *chosen == id)
            .map(|(hit, _)| hit.clone());
    }
    Ok(page)
}

/// A public policy whose 文号 is the query, if the query is a 文号 and the filters allow it.
async fn exact_policy(db: &Db, q: &SearchQuery) -> Result<Option<RecordId>, AppError> {
    if q.kind.is_some_and(|k| k != SearchKind::Policy) {
        return Ok(None);
    }
    let Ok(number) = DocNumber::parse(&q.text.text) else {
        return Ok(None);
    };
    let source = Source::of(SearchKind::Policy);
    let mut filtered = q.clone();
    filtered.text = crate::domain::search::SearchText::default();
    let cond = source.conditions(&filtered, Stage::FiltersOnly);
    let sql = format!(
        "SELECT VALUE id FROM {} WHERE doc_number = $number AND {cond} LIMIT 1",
        source.table
    );
    let query = db.query(sql).bind(("number", number.to_string()));
    let ids: Vec<RecordId> = bind_all(query, &filtered).await?.check()?.take(0)?;
    Ok(ids.into_iter().next())
}

/// The titles and snippets of the chosen results, in their order.
async fn read_hits(
    db: &Db,
    q: &SearchQuery,
    chosen: &[(SearchKind, RecordId)],
) -> Result<Vec<SearchHit>, AppError> {
    let mut hits = Vec::with_capacity(chosen.len());
    let mut rows: Vec<(SearchKind, Row)> = Vec::new();
    for source in &SOURCES {
        let ids: Vec<RecordId> = chosen
            .iter()
            .filter(|(k, _)| *k == source.kind)
            .map(|(_, id)| id.clone())
            .collect();
        if ids.is_empty() {
            continue;
        }
        let found: Vec<Row> = db
            .query(format!(
                "SELECT id, {}, search_text AS text FROM $ids",
                source.fields
            ))
            .bind(("ids", ids))
            .await?
            .check()?
            .take(0)?;
        rows.extend(found.into_iter().map(|r| (source.kind, r)));
    }
    let words: Vec<&str> = q.text.words.iter().map(String::as_str).collect();
    for (kind, id) in chosen {
        let Some((_, row)) = rows.iter().find(|(k, r)| k == kind && &r.id == id) else {
            continue;
        };
        let source = Source::of(*kind);
        hits.push(SearchHit {
            kind: *kind,
            url: source.url(&super::key_of(&row.id)),
            title: mark(&row.title, &words),
            doc_number: row.doc_number.clone(),
            unit_name: row.unit_name.clone(),
            published_at: row.published_at,
            policy_title: row.policy_title.clone(),
            snippet: snippet(
                after_heading(&row.text, &row.title, row.doc_number.as_deref()),
                &words,
            ),
        });
    }
    Ok(hits)
}

/// The searchable text without the title and 文号 it starts with (`search_text` is title,
/// 文号 and body): the hit shows those above its snippet already.
fn after_heading<'a>(text: &'a str, title: &str, doc_number: Option<&str>) -> &'a str {
    let rest = text.strip_prefix(title).unwrap_or(text).trim_start();
    doc_number
        .filter(|n| !n.is_empty())
        .and_then(|n| rest.strip_prefix(n))
        .unwrap_or(rest)
        .trim_start()
}

/// `text` split into parts, those equal to one of `words` marked.
pub fn mark(text: &str, words: &[&str]) -> Vec<SnippetPart> {
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |text: &str, marked: bool| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.marked == marked => last.text.push_str(text),
            _ => parts.push(SnippetPart {
                text: text.to_owned(),
                marked,
            }),
        }
    };
    let mut rest = text;
    while !rest.is_empty() {
        let next = words
            .iter()
            .filter(|w| !w.is_empty())
            .filter_map(|w| rest.find(w).map(|at| (at, w.len())))
            .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        match next {
            Some((at, len)) => {
                push(&rest[..at], false);
                push(&rest[at..at + len], true);
                rest = &rest[at + len..];
            }
            None => {
                push(rest, false);
                break;
            }
        }
    }
    parts
}

/// A short passage of `text` around its first match, with matches marked. Runs of white
/// space become one space; a cut is shown with an ellipsis.
pub fn snippet(text: &str, words: &[&str]) -> Vec<SnippetPart> {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = words
        .iter()
        .filter(|w| !w.is_empty())
        .filter_map(|w| flat.find(w))
        .min()
        .unwrap_or(0);
    let before = flat[..first].chars().count();
    let start = before.saturating_sub(SNIPPET_LEAD);
    let total = flat.chars().count();
    let mut passage: String = flat.chars().skip(start).take(SNIPPET_CHARS).collect();
    if start > 0 {
        passage.insert(0, '…');
    }
    if start + SNIPPET_CHARS < total {
        passage.push('…');
    }
    mark(&passage, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(parts: &[SnippetPart]) -> String {
        parts
            .iter()
            .map(|p| {
                if p.marked {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn every_occurrence_of_every_word_is_marked() {
        let parts = mark("政府信息公开，依申请公开政府信息", &["政府信息", "公开"]);
        assert_eq!(render(&parts), "[政府信息公开]，依申请[公开政府信息]");
        assert_eq!(render(&mark("无匹配", &["公开"])), "无匹配");
        assert_eq!(render(&mark("", &["公开"])), "");
    }

    #[test]
    fn snippets_leave_out_the_title_and_number_shown_above_them() {
        let text = "衡东县政府采购管理办法 东财发〔2016〕4号 第一条 为规范政府采购";
        let body = after_heading(text, "衡东县政府采购管理办法", Some("东财发〔2016〕4号"));
        assert_eq!(body, "第一条 为规范政府采购");
        assert_eq!(after_heading("问题 回答", "问题", None), "回答");
        assert_eq!(after_heading("正文", "别的标题", Some("")), "正文");
    }

    #[test]
    fn snippets_start_shortly_before_the_first_match() {
        let text = format!(
            "{}第十条 政府信息公开  应当\n及时{}",
            "前".repeat(200),
            "后".repeat(200)
        );
        let s = render(&snippet(&text, &["政府信息"]));
        assert!(s.starts_with('…'), "{s}");
        assert!(s.ends_with('…'), "{s}");
        assert!(s.contains("第十条 [政府信息]公开 应当 及时"), "{s}");
        assert_eq!(s.chars().filter(|c| *c == '前').count(), SNIPPET_LEAD - 4);
        let short = render(&snippet("公开目录", &["目录"]));
        assert_eq!(short, "公开[目录]");
    }
}
