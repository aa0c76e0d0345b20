//! Benchmark data: many realistic published policies, made from the legal-text corpus
//! (or generated text without it), varied in title, unit, directory, date and 文号.

use chrono::{NaiveDate, TimeZone, Utc};

use super::corpus::{self, CorpusDoc, Origin};
use crate::domain::article::ArticleKind;
use crate::domain::policy::{Disclosure, IndexNo, PolicyStatus};
use crate::domain::{DocNumber, NewPolicy, PolicyId, TaxonomyCode, Title, Validity};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::repo::plan::{self, Explained, ExplainedArticle, ExplainedQa};
use crate::ssr::repo::policy;
use crate::ssr::repo::taxonomy::{self, Taxonomy};

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
    /// Major policies given a plan, interpretations and Q&A.
    pub explained: usize,
    pub articles: usize,
    pub qa: usize,
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
    changes: &crate::ssr::changes::Changes,
    options: BenchOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<BenchReport, AppError> {
    super::demo::load_taxonomies(db, changes).await?;
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
    let mut explained = Vec::new();
    let mut report = BenchReport {
        policies: 0,
        explained: 0,
        articles: 0,
        qa: 0,
        origin,
        characters: 0,
    };
    for i in 0..options.policies {
        let p = make(i, &docs, &units, &directories, options.body_chars)?;
        characters += p.body.chars().count();
        if p.major {
            explained.push(explain(&p, &docs[i % docs.len()])?);
        }
        batch.push(p);
        if batch.len() == options.batch || i + 1 == options.policies {
            policy::insert_batch(db, &batch).await?.publish(changes);
            // The explanations of this batch's major policies, now that they exist.
            plan::insert_explained(db, &explained).await?;
            report.explained += explained.len();
            report.articles += explained.iter().map(|e| e.articles.len()).sum::<usize>();
            report.qa += explained.iter().map(|e| e.qa.len()).sum::<usize>();
            explained.clear();
            written += batch.len();
            batch.clear();
            progress(written);
        }
    }
    report.policies = written;
    report.characters = characters;
    Ok(report)
}

/// A major policy's explanation: three issues, three interpretations (the unit's own,
/// a press Q&A and a graphic summary) and two Q&A items, made from its own text.
fn explain(p: &NewPolicy, doc: &CorpusDoc) -> Result<Explained, AppError> {
    let title = p.title.as_str();
    let id =
        p.id.clone()
            .ok_or_else(|| AppError::internal("explain", "a policy without id"))?;
    let lines: Vec<&str> = doc
        .body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let excerpt = |from: usize, n: usize| -> String {
        let picked: Vec<&str> = lines.iter().skip(from).take(n).copied().collect();
        if picked.is_empty() {
            format!("{title}的主要内容和适用范围。")
        } else {
            picked.join("\n")
        }
    };
    let first_line: String = excerpt(0, 1).chars().take(60).collect();
    let article = |kind, title: String, byline: &str, from: usize, issue| ExplainedArticle {
        kind,
        summary: first_line.clone(),
        title,
        byline: byline.to_owned(),
        body: corpus::body_html(&excerpt(from, 8)),
        issue,
    };
    let unit = p.unit.as_str();
    Ok(Explained {
        policy: id,
        unit: p.unit.clone(),
        published_at: p.published_at.unwrap_or_else(Utc::now),
        editor: format!("{unit}-editor"),
        background: excerpt(0, 3),
        issues: vec![
            format!("《{title}》为什么要制定？"),
            format!("《{title}》的主要内容有哪些？"),
            format!("《{title}》与群众有哪些关系？"),
        ],
        articles: vec![
            article(
                ArticleKind::Department,
                format!("《{title}》政策解读"),
                "起草部门",
                0,
                0,
            ),
            article(
                ArticleKind::Press,
                format!("《{title}》答记者问"),
                "县政府新闻办",
                8,
                1,
            ),
            article(
                ArticleKind::Graphic,
                format!("一图读懂《{title}》"),
                "县政府办",
                16,
                2,
            ),
        ],
        qa: vec![
            ExplainedQa {
                question: format!("《{title}》从什么时候开始执行？"),
                answer: format!("<p>自公布之日起施行，具体以《{title}》正文为准。</p>"),
                issue: 1,
            },
            ExplainedQa {
                question: format!("对《{title}》有疑问，可以向哪个部门咨询？"),
                answer: "<p>可向起草部门咨询，也可通过本网站“我要提问”留言。</p>".to_owned(),
                issue: 2,
            },
        ],
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
    let invalid = |what: &str, e: String| -> AppError { AppError::internal(what, e) };
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
        .map_err(|e| invalid("文号", e.zh))?;
    let mut text = doc.body.clone();
    if body_chars > 0 && text.chars().count() > body_chars {
        text = cut_at_line(&text, body_chars);
    }
    Ok(NewPolicy {
        id: Some(PolicyId::parse(&policy_id(i)).map_err(|e| invalid("id", e.zh))?),
        title: Title::parse(&title).map_err(|e| invalid("title", e.zh))?,
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
