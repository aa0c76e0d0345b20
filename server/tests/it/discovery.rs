//! Feeds, sitemap, robots.txt, canonical links and the display preferences, over HTTP.

use std::collections::BTreeSet;
use std::str::FromStr;

use crate::support::{TestApp, demo_app};
use app::ssr::tooling::fixtures::{HIDDEN_IDS, PUBLIC_IDS, WITHHELD_TITLE};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

fn locs(xml: &str) -> Vec<String> {
    regex::Regex::new(r"<loc>([^<]+)</loc>")
        .expect("regex")
        .captures_iter(xml)
        .map(|c| c[1].to_owned())
        .collect()
}

/// Every address the sitemap index leads to, as paths.
async fn sitemap_paths(app: &TestApp) -> BTreeSet<String> {
    let (status, index) = app.get("/sitemap.xml").await;
    assert_eq!(status, 200);
    assert!(index.contains("<sitemapindex"), "{index}");
    let mut paths = BTreeSet::new();
    for sitemap in locs(&index) {
        let path = sitemap
            .strip_prefix(&app.base)
            .expect("absolute, this site");
        let (status, xml) = app.get(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
        for loc in locs(&xml) {
            let path = loc.strip_prefix(&app.base).expect("absolute").to_owned();
            assert!(paths.insert(path.clone()), "{path} listed twice");
        }
    }
    paths
}

#[tokio::test]
async fn the_sitemap_lists_exactly_the_public_pages() {
    let app = TestApp::spawn().await;
    let paths = sitemap_paths(&app).await;
    let mut expected: BTreeSet<String> = [
        "/",
        "/policies",
        "/interpretations",
        "/qa",
        "/ask",
        "/apply",
        "/feeds",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    expected.extend(PUBLIC_IDS.iter().map(|id| format!("/policies/{id}")));
    assert_eq!(paths, expected);
    for hidden in HIDDEN_IDS {
        assert!(!paths.contains(&format!("/policies/{hidden}")));
    }
    let (status, _) = app.get("/sitemap/policy-2.xml").await;
    assert_eq!(status, 404, "no second chunk of 4 policies");
    let (status, _) = app.get("/sitemap/secret-1.xml").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn every_address_in_the_demo_sitemap_opens_and_hidden_articles_are_absent() {
    let app = demo_app().await;
    let paths = sitemap_paths(&app).await;
    assert!(paths.iter().any(|p| p.starts_with("/interpretations/")));
    assert!(paths.iter().any(|p| p.starts_with("/qa/")));
    for path in &paths {
        let (status, _) = app.get(path).await;
        assert_eq!(status, 200, "{path}");
    }
    let unpublished: Vec<String> = app
        .db
        .query("SELECT VALUE record::id(id) FROM article WHERE status != 'published'")
        .await
        .expect("query")
        .take(0)
        .expect("ids");
    assert!(!unpublished.is_empty(), "the demo has unpublished articles");
    for id in unpublished {
        assert!(!paths.contains(&format!("/interpretations/{id}")), "{id}");
    }
}

#[tokio::test]
async fn robots_allows_the_public_site_and_names_the_sitemap() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get("/robots.txt").await;
    assert_eq!(status, 200);
    for line in [
        "User-agent: *",
        "Disallow: /desk",
        "Disallow: /api/",
        "Disallow: /search",
    ] {
        assert!(body.contains(line), "{line}");
    }
    assert!(body.contains(&format!("Sitemap: {}/sitemap.xml", app.base)));
    assert!(!body.contains("Disallow: /policies"));
}

/// Parses a feed and checks what RFC 4287 requires of it and of every entry.
fn check_atom(xml: &str, base: &str) -> atom_syndication::Feed {
    let feed = atom_syndication::Feed::from_str(xml).expect("a valid Atom document");
    assert!(feed.id().starts_with(base), "feed id {}", feed.id());
    assert!(!feed.title().value.is_empty());
    assert!(!feed.authors().is_empty(), "a feed-level author");
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href().starts_with(base)),
        "a self link"
    );
    for entry in feed.entries() {
        assert!(entry.id().starts_with(base), "entry id {}", entry.id());
        assert!(!entry.title().value.is_empty());
        assert!(entry.updated() <= &chrono::Utc::now().fixed_offset());
        assert!(
            entry
                .links()
                .iter()
                .any(|l| l.rel() == "alternate" && l.href() == entry.id()),
            "an alternate link"
        );
    }
    feed
}

#[tokio::test]
async fn feeds_are_valid_atom_of_public_records_only() {
    let app = demo_app().await;
    for (file, prefix) in [
        ("policies", "/policies/"),
        ("interpretations", "/interpretations/"),
        ("qa", "/qa/"),
    ] {
        let response = app
            .client
            .get(format!("{}/feeds/{file}.atom", app.base))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "{file}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("application/atom+xml")
        );
        let xml = response.text().await.expect("body");
        let feed = check_atom(&xml, &app.base);
        assert!(!feed.entries().is_empty(), "{file} has entries");
        for entry in feed.entries() {
            let path = entry.id().strip_prefix(&app.base).expect("absolute");
            assert!(path.starts_with(prefix), "{path}");
            let (status, _) = app.get(path).await;
            assert_eq!(status, 200, "{path} opens");
        }
        assert!(!xml.contains(WITHHELD_TITLE));
    }
}

#[tokio::test]
async fn feeds_by_directory_and_unit_hold_only_theirs_and_bad_filters_are_named() {
    let app = TestApp::spawn().await;
    let (status, xml) = app.get("/feeds/policies.atom?unit=czj").await;
    assert_eq!(status, 200);
    let feed = check_atom(&xml, &app.base);
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids, [format!("{}/policies/fx-budget-2016", app.base)]);

    let (_, xml) = app.get("/feeds/policies.atom?dir=fgwj").await;
    let feed = check_atom(&xml, &app.base);
    let mut ids: Vec<String> = feed
        .entries()
        .iter()
        .map(|e| e.id().rsplit('/').next().expect("id").to_owned())
        .collect();
    ids.sort();
    assert_eq!(ids, ["fx-new-rules", "fx-old-rules"]);

    let (_, xml) = app.get("/feeds/policies.atom").await;
    let feed = check_atom(&xml, &app.base);
    assert_eq!(feed.entries().len(), PUBLIC_IDS.len());

    let (status, body) = app.get("/feeds/policies.atom?unit=%E6%B3%95").await;
    assert_eq!(status, 400);
    assert!(body.contains("unit"), "{body}");
    let (status, _) = app.get("/feeds/qa.atom?dir=fgwj").await;
    assert_eq!(status, 400);
    let (status, _) = app.get("/feeds/secrets.atom").await;
    assert_eq!(status, 404);
    let (status, page) = app.get("/feeds").await;
    assert_eq!(status, 200);
    assert!(page.contains("/feeds/policies.atom?dir=fgwj"));
}

#[tokio::test]
async fn policy_pages_carry_a_canonical_link_description_and_open_graph() {
    let app = TestApp::spawn().await;
    let (_, body) = app.get("/policies/fx-budget-2016").await;
    let canonical = format!(
        "<link href=\"{}/policies/fx-budget-2016\" rel=\"canonical\">",
        app.base
    );
    assert!(body.contains(&canonical), "{body}");
    assert!(
        body.contains("<meta property=\"og:title\" content=\"衡东县2016年县本级预算公开说明\"")
    );
    assert!(body.contains("<meta name=\"description\" content=\"测试正文。\""));
    let (_, home) = app.get("/").await;
    assert!(home.contains("type=\"application/atom+xml\""));
}

#[tokio::test]
async fn language_and_care_mode_persist_in_cookies_and_only_local_returns_are_followed() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(format!(
            "{}/prefs?lang=en&care=on&next=/policies%3Fdir%3Dfgwj",
            app.base
        ))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], "/policies?dir=fgwj");
    let cookies: Vec<String> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| {
            v.to_str()
                .expect("ascii")
                .split(';')
                .next()
                .expect("pair")
                .to_owned()
        })
        .collect();
    assert_eq!(cookies, ["jiedu_lang=en", "jiedu_care=on"]);
    let (status, body) = app.get_as("/policies", &cookies.join("; ")).await;
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"en\""), "English interface");
    assert!(body.contains("class=\"care\""), "care mode");
    assert!(body.contains("Policy library") || body.contains("Policies"));

    for evil in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let response = app
            .client
            .get(format!("{}/prefs", app.base))
            .query(&[("lang", "zh"), ("next", evil)])
            .send()
            .await
            .expect("request");
        assert_eq!(response.headers()[LOCATION], "/", "{evil}");
    }
    // Without cookies the site is Chinese.
    let response = app
        .client
        .get(format!("{}/", app.base))
        .header(COOKIE, "jiedu_lang=klingon")
        .send()
        .await
        .expect("request");
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("<html lang=\"zh-CN\"")
    );
}
