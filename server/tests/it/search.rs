//! Site search: recall against a substring scan over real Chinese legal texts, 文号
//! lookup, privacy, and odd queries, through the repository and over HTTP.

use crate::support::{TestApp, demo_app};
use app::domain::PolicyInput;
use app::domain::search::{SearchKind, SearchParams};
use app::ssr::db::memory_db;
use app::ssr::repo::{policy, search};
use app::ssr::tooling::corpus::{self, CorpusDoc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Documents loaded for the recall test, and how much of each body. The test asks whether
/// the search misses any document a substring scan finds, query by query, so a sample
/// that gives its queries a few thousand expected matches can fail as well as 3,000
/// documents could (which took minutes to write through the real insert path in a debug
/// build). Speed at scale is measured by `jiedu bench-search` (docs/BENCHMARKS.md).
const DOCS: usize = 400;
const BODY_CHARS: usize = 800;
const QUERIES: usize = 150;

/// A corpus document cut to `BODY_CHARS`, as the lines it is searched in.
struct Loaded {
    id: String,
    title: String,
    lines: Vec<String>,
    public: bool,
}

fn cut(doc: &CorpusDoc) -> String {
    let mut body = String::new();
    for line in doc.body.lines() {
        if body.chars().count() + line.chars().count() > BODY_CHARS {
            break;
        }
        body.push_str(line);
        body.push('\n');
    }
    body
}

/// One in ten documents is withheld and one in ten a draft: they must never be found.
fn visibility(i: usize) -> (&'static str, &'static str) {
    match i % 10 {
        3 => ("published", "withheld"),
        7 => ("draft", "proactive"),
        _ => ("published", "proactive"),
    }
}

async fn load_corpus(db: &app::ssr::Db) -> Vec<Loaded> {
    app::ssr::tooling::fixtures::load_taxonomies(db)
        .await
        .expect("taxonomies");
    let (docs, origin) = corpus::load(DOCS);
    eprintln!("search test over {} documents from {origin:?}", docs.len());
    let mut loaded = Vec::with_capacity(docs.len());
    for (i, doc) in docs.iter().enumerate() {
        let body = cut(doc);
        let (status, disclosure) = visibility(i);
        let id = format!("corpus-{i}");
        let title: String = doc.title.chars().take(190).collect();
        let input = PolicyInput {
            id: Some(id.clone()),
            title: title.clone(),
            doc_number: None,
            unit: "xzfb".into(),
            signed_on: "2016-03-01".into(),
            published_at: (status == "published").then(|| "2016-03-10".into()),
            status: status.into(),
            directory: "fgwj".into(),
            key_area: None,
            disclosure: disclosure.into(),
            disclosure_reason: (disclosure == "withheld").then(|| "依法不予公开".into()),
            validity: "effective".into(),
            replaced_by: None,
            major: false,
            body: corpus::body_html(&body),
            attachments: Vec::new(),
            index_no: None,
        };
        let parsed = app::domain::NewPolicy::parse(&input).expect("valid corpus policy");
        policy::insert(db, &parsed)
            .await
            .expect("insert")
            .publish(&crate::support::nobody());
        loaded.push(Loaded {
            id,
            title,
            lines: body
                .lines()
                .map(|l| l.trim_start_matches('#').trim().to_owned())
                .filter(|l| !l.is_empty() && !l.starts_with("<!--"))
                .collect(),
            public: status == "published" && disclosure == "proactive",
        });
    }
    loaded
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A run of 2–8 Han characters taken from a random line of a random public document.
fn sample_query(rng: &mut StdRng, docs: &[Loaded]) -> Option<String> {
    let doc = &docs[rng.random_range(0..docs.len())];
    if !doc.public || doc.lines.is_empty() {
        return None;
    }
    let line: Vec<char> = doc.lines[rng.random_range(0..doc.lines.len())]
        .chars()
        .collect();
    let len = rng.random_range(2..=8);
    if line.len() < len {
        return None;
    }
    let start = rng.random_range(0..=line.len() - len);
    let piece = &line[start..start + len];
    piece
        .iter()
        .all(|c| is_han(*c))
        .then(|| piece.iter().collect())
}

fn query(q: &str, kind: Option<&str>) -> app::domain::search::SearchQuery {
    let mut pairs = vec![("q", q)];
    if let Some(kind) = kind {
        pairs.push(("kind", kind));
    }
    SearchParams::from_pairs(pairs)
        .parse()
        .expect("valid query")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recall_against_a_substring_scan_is_1_and_hidden_is_never_found() {
    let db = memory_db().await.expect("db");
    let started = std::time::Instant::now();
    let docs = load_corpus(&db).await;
    eprintln!("loaded in {:?}", started.elapsed());
    let mut rng = StdRng::seed_from_u64(20161128);
    let (mut expected_total, mut found_total, mut asked) = (0usize, 0usize, 0usize);
    while asked < QUERIES {
        let Some(q) = sample_query(&mut rng, &docs) else {
            continue;
        };
        asked += 1;
        let expected: Vec<&Loaded> = docs
            .iter()
            .filter(|d| {
                d.public && (d.title.contains(&q) || d.lines.iter().any(|l| l.contains(&q)))
            })
            .collect();
        let page = search::search(&db, &query(&q, Some("policy")))
            .await
            .expect("search");
        let found = page
            .kinds
            .iter()
            .find(|(k, _)| *k == SearchKind::Policy)
            .map_or(0, |(_, n)| *n as usize);
        for hit in &page.hits {
            let id = hit.url.trim_start_matches("/policies/");
            assert!(
                expected.iter().any(|d| d.id == id),
                "{q}: {id} was found but does not contain the query or is not public"
            );
        }
        assert_eq!(
            found,
            expected.len(),
            "{q}: {found} found, {} public documents contain it",
            expected.len()
        );
        expected_total += expected.len();
        found_total += found;
    }
    let recall = found_total as f64 / expected_total as f64;
    eprintln!("recall {recall:.4} over {asked} queries ({found_total} of {expected_total})");
    assert!(
        expected_total > 2 * QUERIES,
        "the sample found almost nothing"
    );
    assert_eq!(found_total, expected_total, "recall {recall:.4}");

    // A query taken from a withheld or draft document's title finds only public copies.
    for hidden in docs.iter().filter(|d| !d.public).take(20) {
        let page = search::search(&db, &query(&hidden.title, None))
            .await
            .expect("search");
        assert!(
            page.hits
                .iter()
                .all(|h| h.url != format!("/policies/{}", hidden.id)),
            "{} ({}) was found",
            hidden.title,
            hidden.id
        );
    }
}

#[tokio::test]
async fn a_document_number_finds_its_policy_first_in_any_bracket_style() {
    let app = TestApp::spawn().await;
    for q in ["东财发〔2016〕3号", "东财发[2016]3号", "东财发（2016）3号"] {
        let (status, body) = app.get(&format!("/search?q={}", urlencode(q))).await;
        assert_eq!(status, 200, "{q}");
        let first = body.find("search-hit").expect("a result");
        let budget = body
            .find("/policies/fx-budget-2016")
            .expect("the budget policy");
        assert!(
            budget > first && body[first..budget].matches("search-hit").count() == 1,
            "{q}"
        );
        assert!(body.contains("文号匹配"), "{q}");
    }
}

#[tokio::test]
async fn results_mark_the_query_and_never_include_hidden_policies() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .get(&format!("/search?q={}", urlencode("医疗保险")))
        .await;
    assert_eq!(status, 200);
    assert!(body.contains("<mark>医疗保险</mark>"), "{body}");
    assert!(body.contains("/policies/fx-new-rules") && body.contains("/policies/fx-old-rules"));

    // Words of every hidden fixture's title find nothing hidden, with any filter.
    for hidden in app::ssr::tooling::fixtures::HIDDEN_IDS {
        let input = app::ssr::tooling::fixtures::policies()
            .into_iter()
            .find(|p| p.id.as_deref() == Some(*hidden))
            .expect("fixture");
        for path in [
            format!("/search?q={}", urlencode(&input.title)),
            format!("/search?q={}&sort=newest", urlencode(&input.title)),
            format!("/search?q={}&kind=policy&dir=gzjz", urlencode(&input.title)),
        ] {
            let (status, body) = app.get(&path).await;
            assert_eq!(status, 200, "{path}");
            assert!(
                !body.contains(&format!("/policies/{hidden}\"")),
                "{path} shows {hidden}"
            );
        }
    }
    let (_, body) = app
        .get(&format!(
            "/search?q={}",
            urlencode(app::ssr::tooling::fixtures::WITHHELD_TITLE)
        ))
        .await;
    assert!(body.contains("共找到 0 条结果"), "{body}");
}

#[tokio::test]
async fn odd_queries_get_an_answer_never_an_error() {
    let app = TestApp::spawn().await;
    let long = "政府".repeat(300);
    let cases = [
        ("", "请输入要检索的词语"),
        ("   ", "请输入要检索的词语"),
        ("，。！？《》", "请输入要检索的词语"),
        ("法", "已在标题中检索"),
        (long.as_str(), "检索词过长"),
        ("' OR 1=1 --", "共找到 0 条结果"),
        ("<script>alert(1)</script>", "共找到 0 条结果"),
        ("$pairs", "共找到 0 条结果"),
    ];
    for (q, expected) in cases {
        let (status, body) = app.get(&format!("/search?q={}", urlencode(q))).await;
        assert_eq!(status, 200, "{q}: {body}");
        assert!(body.contains(expected), "{q}: {expected}");
        assert!(!body.contains("<script>alert"), "{q} echoed unescaped");
    }
    // A one-character query finds titles containing it.
    let (_, body) = app.get(&format!("/search?q={}", urlencode("税"))).await;
    assert!(body.contains("共找到 0 条结果"));
    let (_, body) = app.get(&format!("/search?q={}", urlencode("预"))).await;
    assert!(body.contains("/policies/fx-budget-2016"), "{body}");
}

#[tokio::test]
async fn a_bad_filter_is_a_400_naming_it_and_keeps_the_query() {
    let app = TestApp::spawn().await;
    for (param, field) in [
        ("kind=blog", "kind"),
        ("year=abc", "year"),
        ("sort=x", "sort"),
        ("page=999", "page"),
    ] {
        let (status, body) = app
            .get(&format!("/search?q=%E5%8C%BB%E7%96%97&{param}"))
            .await;
        assert_eq!(status, 400, "{param}");
        assert!(body.contains(field) || body.contains("页"), "{param}");
        assert!(
            body.contains("value=\"医疗\""),
            "{param}: the query is kept"
        );
    }
}

#[tokio::test]
async fn interpretations_and_answers_are_found_and_filtered_by_kind() {
    let app = demo_app().await;
    let q = urlencode("工作日内答复");
    let (status, body) = app.get(&format!("/search?q={q}")).await;
    assert_eq!(status, 200);
    let qa = regex::Regex::new(r#"href="(/qa/[a-z0-9]+)""#)
        .expect("regex")
        .captures(&body)
        .map(|c| c[1].to_owned())
        .expect("a Q&A result");
    let (status, page) = app.get(&qa).await;
    assert_eq!(status, 200);
    assert!(page.contains("依申请公开的答复期限是多久？"));
    let (status, _) = app.get("/qa/nosuchthing").await;
    assert_eq!(status, 404);

    let (_, only_policies) = app.get(&format!("/search?q={q}&kind=policy")).await;
    assert!(!only_policies.contains("href=\"/qa/"));

    let (_, body) = app.get(&format!("/search?q={}", urlencode("解读"))).await;
    assert!(
        body.contains("href=\"/interpretations/"),
        "an interpretation is found"
    );

    // Every public page has the search box in its header.
    for path in [
        "/",
        "/policies",
        "/interpretations",
        "/qa",
        "/ask",
        "/track",
    ] {
        let (_, body) = app.get(path).await;
        assert!(body.contains("action=\"/search\""), "{path}");
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn latin_and_mixed_queries_are_searched_too() {
    let db = memory_db().await.expect("db");
    app::ssr::tooling::fixtures::load(&db)
        .await
        .expect("fixtures");
    for q in ["PM2.5", "etc", "2016", "A 医疗"] {
        let page = search::search(&db, &query(q, None)).await;
        assert!(page.is_ok(), "{q}: {page:?}");
    }
    let page = search::search(&db, &query("2016 医疗保险", None))
        .await
        .expect("search");
    assert_eq!(page.total, 1, "only the 2016 revision has both words");
}
