//! Realistic Chinese text for search tests and benchmarks: the official legal texts in
//! `../shared/corpus/laws-zh.jsonl.gz` when that file is there, generated text otherwise.
//! Nothing in the product depends on the corpus; it is read, never copied.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Deserialize;

/// Where the corpus is looked for unless `JIEDU_CORPUS` names another file.
pub const DEFAULT_PATH: &str = "../shared/corpus/laws-zh.jsonl.gz";

/// One text: a law, regulation or generated stand-in.
#[derive(Debug, Clone, Deserialize)]
pub struct CorpusDoc {
    pub title: String,
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub collection: String,
    /// Plain text with Markdown headings (`#`, `##`).
    pub body: String,
}

/// Where the documents came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Corpus(PathBuf),
    Generated,
}

/// The corpus file: `JIEDU_CORPUS`, or [`DEFAULT_PATH`] from the working directory or
/// from the workspace.
pub fn locate() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("JIEDU_CORPUS") {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    [
        PathBuf::from(DEFAULT_PATH),
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../")
            .join(DEFAULT_PATH),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// Up to `limit` documents from the gzipped JSON-lines file at `path`.
pub fn read(path: &Path, limit: usize) -> std::io::Result<Vec<CorpusDoc>> {
    let file = std::fs::File::open(path)?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut docs = Vec::new();
    for line in reader.lines() {
        if docs.len() >= limit {
            break;
        }
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: CorpusDoc = serde_json::from_str(&line)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        docs.push(doc);
    }
    Ok(docs)
}

/// `limit` documents: from the corpus when it can be read, generated otherwise.
pub fn load(limit: usize) -> (Vec<CorpusDoc>, Origin) {
    load_from(locate(), limit)
}

fn load_from(path: Option<PathBuf>, limit: usize) -> (Vec<CorpusDoc>, Origin) {
    if let Some(path) = path {
        match read(&path, limit) {
            Ok(docs) if !docs.is_empty() => return (docs, Origin::Corpus(path)),
            Ok(_) => tracing::warn!(path = %path.display(), "the corpus is empty"),
            Err(e) => tracing::warn!(path = %path.display(), error = %e, "cannot read the corpus"),
        }
    }
    (generate(limit.min(GENERATED), 2016), Origin::Generated)
}

/// How many documents stand in for the corpus when it is absent (a caller asking for
/// "all of it" gets these, not an endless list).
pub const GENERATED: usize = 1_000;

/// Words of administrative Chinese that generated documents are made of.
const SUBJECTS: &[&str] = &[
    "城乡居民",
    "农村集体",
    "中小企业",
    "退役军人",
    "困难群众",
    "义务教育",
    "医疗保障",
    "住房公积金",
    "生态环境",
    "安全生产",
    "政务公开",
    "食品药品",
    "交通运输",
    "文化旅游",
    "养老服务",
    "就业创业",
    "乡村振兴",
    "不动产登记",
    "残疾人",
    "防汛抗旱",
];
const ACTIONS: &[&str] = &[
    "管理办法",
    "实施细则",
    "暂行规定",
    "工作方案",
    "实施意见",
    "补助办法",
    "考核办法",
    "申报指南",
];
const PHRASES: &[&str] = &[
    "各乡镇人民政府应当",
    "县直有关部门按照职责分工",
    "符合条件的申请人",
    "自发布之日起施行",
    "资金由县财政统筹安排",
    "实行属地管理",
    "建立健全工作机制",
    "依法予以公开",
    "接受社会监督",
    "定期开展督促检查",
    "申请材料齐全",
    "在规定时限内办结",
    "加强宣传解读",
    "做好政策衔接",
    "对违反本办法的行为",
    "依照有关规定处理",
    "提高服务效率",
    "落实主体责任",
    "保障群众合法权益",
    "鼓励社会力量参与",
];
const NUMERALS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// `n` generated documents, the same for the same seed.
pub fn generate(n: usize, seed: u64) -> Vec<CorpusDoc> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut pick = |list: &[&'static str]| list[rng.random_range(0..list.len())];
    (0..n)
        .map(|i| {
            let title = format!("衡东县{}{}", pick(SUBJECTS), pick(ACTIONS));
            let mut body = format!("# {title}\n\n");
            for (a, numeral) in NUMERALS.iter().enumerate() {
                body.push_str(&format!("第{numeral}条 "));
                for _ in 0..(3 + (i + a) % 4) {
                    body.push_str(pick(SUBJECTS));
                    body.push_str(pick(PHRASES));
                    body.push('，');
                }
                body.push_str(pick(PHRASES));
                body.push_str("。\n\n");
            }
            CorpusDoc {
                title,
                date: NaiveDate::from_ymd_opt(
                    2010 + (i % 15) as i32,
                    1 + (i % 12) as u32,
                    1 + (i % 28) as u32,
                ),
                collection: "生成文本".into(),
                body,
            }
        })
        .collect()
}

/// A document's text as the sanitised HTML a policy body holds: `#` lines become
/// headings, other lines paragraphs, everything escaped.
pub fn body_html(body: &str) -> String {
    let mut html = String::with_capacity(body.len() + body.len() / 4);
    for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("<!--") {
            continue;
        }
        let level = line.chars().take_while(|c| *c == '#').count();
        let text = crate::domain::markup::escape_html(line[level..].trim());
        match level {
            0 => html.push_str(&format!("<p>{text}</p>")),
            1 | 2 => html.push_str(&format!("<h2>{text}</h2>")),
            _ => html.push_str(&format!("<h3>{text}</h3>")),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_the_corpus_all_of_it_is_a_thousand_generated_texts() {
        for path in [None, Some(PathBuf::from("/nonexistent/laws-zh.jsonl.gz"))] {
            let (docs, origin) = load_from(path, usize::MAX);
            assert_eq!(origin, Origin::Generated);
            assert_eq!(docs.len(), GENERATED);
        }
        assert_eq!(load_from(None, 3).0.len(), 3);
    }

    #[test]
    fn generated_documents_are_repeatable_and_look_like_policies() {
        let a = generate(5, 7);
        let b = generate(5, 7);
        assert_eq!(a.len(), 5);
        assert_eq!(a[3].title, b[3].title);
        assert!(a[0].title.starts_with("衡东县"));
        assert!(a[0].body.contains("第十条"));
    }

    #[test]
    fn bodies_become_escaped_paragraphs_and_headings() {
        let html = body_html("# 标题\n\n<!-- INFO END -->\n\n## 第一章\n\n第一条 a<b\n");
        assert_eq!(html, "<h2>标题</h2><h2>第一章</h2><p>第一条 a&lt;b</p>");
    }
}
