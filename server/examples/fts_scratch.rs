use std::time::Instant;
use surrealdb::engine::any::connect;
use surrealdb::types::{SurrealValue, Value};

#[derive(SurrealValue, Debug)]
struct Hit { id: i64, score: f64 }

#[tokio::main]
async fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(300);
    let maxlen: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let db = connect("mem://").await.unwrap();
    db.use_ns("t").use_db("t").await.unwrap();
    db.query("DEFINE ANALYZER zh TOKENIZERS class FILTERS lowercase, ngram(2,2);
      DEFINE TABLE doc SCHEMAFULL; DEFINE FIELD title ON doc TYPE string; DEFINE FIELD body ON doc TYPE string;
      DEFINE FIELD text ON doc VALUE title + ' ' + body;
      DEFINE INDEX doc_text ON doc FIELDS text FULLTEXT ANALYZER zh BM25;").await.unwrap().check().unwrap();
    for t in ["东政办发〔2016〕5号 PM2.5治理ETC通行", "a", "一", "<p>政府</p><p>信息&amp;公开</p>"] {
        let mut r = db.query("RETURN search::analyze('zh', $t); RETURN string::replace($t, <regex>'<[^>]*>', ' ');").bind(("t", t.to_owned())).await.unwrap();
        let v: Value = r.take(0).unwrap();
        let w: Value = r.take(1).unwrap();
        println!("{t} => {v:?} / {w:?}");
    }
    if n == 0 { return; }
    let lines: Vec<serde_json::Value> = std::fs::read_to_string("/tmp/laws.jsonl").unwrap().lines().take(n).map(|l| serde_json::from_str(l).unwrap()).collect();
    let t = Instant::now();
    let mut chars = 0;
    for (i, l) in lines.iter().enumerate() {
        let body: String = l["body"].as_str().unwrap().chars().take(maxlen).collect();
        chars += body.chars().count();
        db.query("CREATE type::record('doc', $i) SET title = $t, body = $b").bind(("i", i as i64)).bind(("t", l["title"].as_str().unwrap().to_owned())).bind(("b", body)).await.unwrap().check().unwrap();
    }
    println!("indexed {n} docs, {chars} chars in {:?}", t.elapsed());
    for q in ["政府 府信 信息", "口岸", "信息公开", "口岸 岸服 服务 务条 条例", "行政 政法 法规", "zzzz"] {
        let t = Instant::now();
        let mut r = db.query("SELECT record::id(id) AS id, search::score(0) AS score FROM doc WHERE text @0@ $q ORDER BY score DESC LIMIT 5").bind(("q", q.to_owned())).await.unwrap();
        let hits: Vec<Hit> = r.take(0).unwrap();
        let mut c = db.query("SELECT count() FROM doc WHERE text @0@ $q GROUP ALL").bind(("q", q.to_owned())).await.unwrap();
        let cnt: Option<Value> = c.take(0).unwrap();
        // substring scan
        let parts: Vec<&str> = q.split(' ').collect();
        let needle: String = if parts.len() > 1 { let mut s = parts[0].to_string(); for p in &parts[1..] { s.push_str(&p[p.char_indices().nth(1).map(|x|x.0).unwrap_or(p.len())..]); } s } else { q.to_string() };
        let sub = lines.iter().filter(|l| { let b: String = l["body"].as_str().unwrap().chars().take(maxlen).collect(); l["title"].as_str().unwrap().contains(&needle) || b.contains(&needle) }).count();
        println!("{q:?} ({needle}) -> {:?} count {:?} substring {sub} in {:?}", hits.iter().take(3).collect::<Vec<_>>(), cnt, t.elapsed());
    }
}
