//! Benchmark data: many realistic published policies, made from the legal-text corpus
//! (or generated text without it), varied in title, unit, directory, date and 文号.

use chrono::{NaiveDate, TimeZone, Utc};

use super::Db;
use super::corpus::{self, CorpusDoc, Origin};
use super::repo::policy;
use super::repo::taxonomy::{self, Taxonomy};
use crate::domain::policy::{Disclosure, IndexNo, PolicyStatus};
use crate::domain::{DocNumber, NewPolicy, PolicyId, TaxonomyCode, Title, Validity};
use crate::error::AppError;

/// How a benchmark database is filled.
#[derive(Debug, Clone, Copy)]
pub struct BenchOptions {
    pub policies: usize,
    /// Bodies are cut to this many characters (a county policy is a few thousand); 0
    /// keeps whole texts.
    pub body_chars: usize,
    /// Policies written per statement.
    pub batch: usize,
}

impl Default for BenchOptions {
    fn default() -> Self {
        Self {
            policies: 10_000,
            body_chars: 4_000,
            batch: 250,
        }
    }
}

/// What was written.
#[derive(Debug, Clone)]
pub struct BenchReport {
    pub policies: usize,
    pub origin: Origin,
    pub characters: usize,
}

/// The id of the `i`th benchmark policy: stable, so a benchmark can name its pages.
pub fn policy_id(i: usize) -> String {
    format!("bench-{i:06}")
}

/// Variations that make copies of a corpus title distinct documents.
const VARIANTS: &[&str] = &[
    "",
    "实施细则",
    "（修订）",
    "贯彻落实方案",
    "配套办法",
    "执行情况报告",
    "宣传提纲",
    "补充规定",
];

/// Fills `db` with `options.policies` published policies (the taxonomies are loaded
/// first), calling `progress` with the count written after each batch.
pub async fn fill(
    db: &Db,
    options: BenchOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<BenchReport, AppError> {
    super::demo::load_taxonomies(db).await?;
    let units = codes(db, Taxonomy::Unit).await?;
    let directories = codes(db, Taxonomy::Directory).await?;
    let (docs, origin) = corpus::load(usize::MAX);
    let docs: Vec<CorpusDoc> = if docs.is_empty() {
        corpus::generate(1_000, 2016)
    } else {
        docs
    };
    let mut written = 0;
    let mut characters = 0;
    let mut batch = Vec::with_capacity(options.batch);
    for i in 0..options.policies {
        let p = make(i, &docs, &units, &directories, options.body_chars)?;
        characters += p.body.chars().count();
        batch.push(p);
        if batch.len() == options.batch || i + 1 == options.policies {
            policy::insert_batch(db, &batch).await?;
            written += batch.len();
            batch.clear();
            progress(written);
        }
    }
    Ok(BenchReport {
        policies: written,
        origin,
        characters,
    })
}

async fn codes(db: &Db, taxonomy: Taxonomy) -> Result<Vec<TaxonomyCode>, AppError> {
    taxonomy::codes(db, taxonomy)
        .await?
        .iter()
        .map(|c| TaxonomyCode::parse(c).map_err(|e| AppError::internal("taxonomy code", e)))
        .collect()
}

/// The `i`th policy: corpus document `i mod n`, in copy `i / n`.
fn make(
    i: usize,
    docs: &[CorpusDoc],
    units: &[TaxonomyCode],
    directories: &[TaxonomyCode],
    body_chars: usize,
) -> Result<NewPolicy, AppError> {
    let invalid = |what: &str, e: String| AppError::internal(what, e);
    let doc = &docs[i % docs.len()];
    let copy = i / docs.len();
    let unit = &units[i % units.len()];
    let directory = &directories[(i / 3) % directories.len()];
    let year = 2008 + (i * 7 + copy) % 18;
    let signed_on = NaiveDate::from_ymd_opt(year as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32)
        .ok_or_else(|| invalid("date", format!("{year}")))?;
    let published_at = Utc.from_utc_datetime(
        &(signed_on + chrono::Duration::days(3 + (i % 20) as i64))
            .and_hms_opt(1, 0, 0)
            .unwrap_or_default(),
    );
    let variant = VARIANTS[copy % VARIANTS.len()];
    let mut title: String = doc.title.chars().take(150).collect();
    if copy > 0 {
        title = format!("{title}{variant}（{year}年第{}批）", copy);
    }
    let serial =
        u32::try_from(i / units.len() + 1).map_err(|e| invalid("serial", e.to_string()))?;
    let doc_number = (!i.is_multiple_of(5))
        .then(|| DocNumber::parse(&format!("东{}发〔{year}〕{serial}号", unit_word(unit))))
        .transpose()
        .map_err(|e| invalid("文号", e))?;
    let mut text = doc.body.clone();
    if body_chars > 0 && text.chars().count() > body_chars {
        text = cut_at_line(&text, body_chars);
    }
    Ok(NewPolicy {
        id: Some(PolicyId::parse(&policy_id(i)).map_err(|e| invalid("id", e))?),
        title: Title::parse(&title).map_err(|e| invalid("title", e))?,
        doc_number,
        unit: unit.clone(),
        signed_on,
        published_at: Some(published_at),
        status: PolicyStatus::Published,
        directory: directory.clone(),
        key_area: None,
        disclosure: Disclosure::Proactive,
        validity: if i.is_multiple_of(17) {
            Validity::Repealed
        } else {
            Validity::Effective
        },
        replaced_by: None,
        major: i.is_multiple_of(50),
        body: corpus::body_html(&text),
        attachments: Vec::new(),
        index_no: Some(IndexNo::new(
            unit.clone(),
            u16::try_from(year).unwrap_or(2016),
            u32::try_from(i + 1).unwrap_or(u32::MAX),
        )),
    })
}

/// The 字 of a unit in a 文号: its code's letters in upper case are not Chinese, so each
/// unit gets a fixed word.
fn unit_word(unit: &TaxonomyCode) -> &'static str {
    const WORDS: &[&str] = &[
        "政办", "财", "建", "国土", "发改", "人社", "民", "卫计", "环", "市监", "安监", "编",
        "法制", "电政", "督", "监",
    ];
    let n: usize = unit.as_str().bytes().map(usize::from).sum();
    WORDS[n % WORDS.len()]
}

/// The text up to the last line break before `max` characters (or cut at `max`).
fn cut_at_line(text: &str, max: usize) -> String {
    let cut: String = text.chars().take(max).collect();
    match cut.rfind('\n') {
        Some(at) if at > cut.len() / 2 => cut[..at].to_owned(),
        _ => cut,
    }
}

/// `n` search queries of 2–8 Han characters taken from random lines of the corpus (the
/// same for the same seed), the way a citizen copies a phrase.
pub fn sample_queries(n: usize, seed: u64) -> Vec<String> {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    let (docs, _) = corpus::load(2_000);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut queries = Vec::with_capacity(n);
    let mut attempts = 0;
    while queries.len() < n && attempts < n * 100 {
        attempts += 1;
        let doc = &docs[rng.random_range(0..docs.len())];
        let lines: Vec<&str> = doc.body.lines().filter(|l| !l.starts_with('#')).collect();
        if lines.is_empty() {
            continue;
        }
        let line: Vec<char> = lines[rng.random_range(0..lines.len())].chars().collect();
        let len = rng.random_range(2..=8);
        if line.len() < len {
            continue;
        }
        let start = rng.random_range(0..=line.len() - len);
        let piece = &line[start..start + len];
        if piece.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c)) {
            queries.push(piece.iter().collect());
        }
    }
    queries
}
