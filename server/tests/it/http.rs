//! HTTP tests: the real router over a real socket, pages rendered on the server.

use crate::support::TestApp;
use app::ssr::tooling::fixtures::{HIDDEN_IDS, PUBLIC_IDS, WITHHELD_TITLE};

#[tokio::test]
async fn home_lists_the_seed_notice_from_the_demo_data() {
    let app = crate::support::demo_app().await;
    let (status, body) = app.get("/").await;
    assert_eq!(status, 200);
    assert!(body.contains(app::ssr::tooling::demo::NOTICE_TITLE));
    assert!(body.contains("按公开目录浏览"));
    assert!(body.contains(r#"<html lang="zh-CN""#));
}

#[tokio::test]
async fn the_library_lists_public_policies_with_a_count() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get("/policies").await;
    assert_eq!(status, 200);
    for id in PUBLIC_IDS {
        assert!(
            body.contains(&format!("/policies/{id}\"")),
            "{id} should be listed"
        );
    }
    assert!(body.contains(&format!("共 {} 件", PUBLIC_IDS.len())));
}

#[tokio::test]
async fn filter_query_strings_narrow_the_list() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get("/policies?unit=czj").await;
    assert_eq!(status, 200);
    assert!(body.contains("/policies/fx-budget-2016\""));
    assert!(!body.contains("/policies/fx-new-rules\""));
    assert!(body.contains("共 1 件"));

    let (_, body) = app.get("/policies?validity=repealed&year=2015").await;
    assert!(body.contains("/policies/fx-old-rules\""));
    assert!(body.contains("共 1 件"));

    let (_, body) = app.get("/policies?dir=czxx&year=2015").await;
    assert!(body.contains("没有符合条件的政策文件"));
    assert!(body.contains("共 0 件"));

    // Empty values (a form submitted with "全部") mean no filter.
    let (status, body) = app.get("/policies?dir=&area=&unit=&year=&validity=").await;
    assert_eq!(status, 200);
    assert!(body.contains(&format!("共 {} 件", PUBLIC_IDS.len())));
}

#[tokio::test]
async fn bad_filter_values_are_a_400_naming_the_filter() {
    let app = TestApp::spawn().await;
    for (query, field) in [
        ("year=abc", "year"),
        ("page=0", "page"),
        ("validity=old", "validity"),
        ("dir=%E6%B3%95", "dir"),
    ] {
        let (status, body) = app.get(&format!("/policies?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(
            body.contains(&format!("{field}：")),
            "{query}: the error names {field}"
        );
    }
}

#[tokio::test]
async fn a_policy_page_shows_its_metadata_table() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get("/policies/fx-budget-2016").await;
    assert_eq!(status, 200);
    for expected in [
        "索引号",
        "czj/2016-00001",
        "发文机关",
        "衡东县财政局",
        "成文日期",
        "2016年03月01日",
        "发布日期",
        "2016年03月20日",
        "文号",
        "东财发〔2016〕3号",
        "主题分类",
        "财政信息",
        "有效性",
        "有效",
        "<title>衡东县2016年县本级预算公开说明",
    ] {
        assert!(body.contains(expected), "missing {expected}");
    }
}

#[tokio::test]
async fn repealed_policies_carry_a_banner_with_the_replacement() {
    let app = TestApp::spawn().await;
    let (_, body) = app.get("/policies/fx-old-rules").await;
    assert!(body.contains("validity-banner repealed"));
    assert!(body.contains("本文件已废止"));
    assert!(body.contains(r#"href="/policies/fx-new-rules""#));

    let (_, body) = app.get("/policies/fx-new-rules").await;
    assert!(!body.contains("validity-banner"));
}

#[tokio::test]
async fn unknown_and_hidden_policies_are_404() {
    let app = TestApp::spawn().await;
    for path in [
        "/policies/no-such-policy",
        "/policies/..%2F..%2Fetc",
        "/policies/%E6%94%BF%E7%AD%96",
        "/nope",
        "/policies/fx-budget-2016/extra",
    ] {
        let (status, body) = app.get(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("页面不存在"), "{path}");
    }
    for id in HIDDEN_IDS {
        let (status, body) = app.get(&format!("/policies/{id}")).await;
        assert_eq!(status, 404, "{id}");
        assert!(body.contains("页面不存在"));
    }
}

/// Every public page and API response reachable from the home page and the library.
async fn crawl(app: &TestApp) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    let mut queue: Vec<String> = vec![
        "/".into(),
        "/policies".into(),
        "/api/home".into(),
        "/api/facets".into(),
    ];
    while let Some(path) = queue.pop() {
        if seen.iter().any(|(p, _): &(String, String)| *p == path) {
            continue;
        }
        let (_, body) = app.get(&path).await;
        for chunk in body.split("href=\"").skip(1) {
            let link = chunk
                .split('"')
                .next()
                .unwrap_or_default()
                .replace("&amp;", "&");
            if link.starts_with("/policies") && !seen.iter().any(|(p, _)| *p == link) {
                queue.push(link);
            }
        }
        seen.push((path, body));
    }
    seen
}

#[tokio::test]
async fn withheld_and_unpublished_policies_appear_in_no_public_response() {
    let app = TestApp::spawn().await;
    let pages = crawl(&app).await;
    assert!(pages.len() > 10, "the crawl reached the policy pages");
    for (path, body) in &pages {
        assert!(
            !body.contains(WITHHELD_TITLE),
            "{path} shows the withheld title"
        );
        for id in HIDDEN_IDS {
            assert!(
                !body.contains(&format!("/policies/{id}\"")),
                "{path} links to {id}"
            );
            assert!(!body.contains(&format!("\"{id}\"")), "{path} names {id}");
        }
    }
    // The counts include only public policies, and so does the API.
    let (_, home) = app.get("/api/home").await;
    assert!(
        home.contains(&format!("\"total\":{}", PUBLIC_IDS.len())),
        "{home}"
    );
    for id in HIDDEN_IDS {
        let (status, body) = app.get(&format!("/api/policy?id={id}")).await;
        assert_ne!(status, 200, "{id}");
        assert!(!body.contains(WITHHELD_TITLE));
    }
}

#[tokio::test]
async fn pages_work_without_javascript() {
    let app = TestApp::spawn().await;
    let (_, library) = app.get("/policies").await;
    assert!(library.contains(r#"<form method="get" action="/policies""#));
    assert!(library.contains(r#"<button type="submit">筛选</button>"#));
    assert!(
        !library.contains("正在加载"),
        "content is in the first response, not behind a spinner"
    );
    // No public page needs the wasm bundle: the filters submit themselves with one line of
    // inline script.
    assert!(
        !library.contains("/pkg/jiedu.js"),
        "the library loads no wasm"
    );
    assert!(library.contains("requestSubmit"));
    let (_, policy) = app.get("/policies/fx-budget-2016").await;
    assert!(
        !policy.contains("/pkg/jiedu.js"),
        "a policy page loads no wasm"
    );
    assert!(
        !policy.contains("<script src") && !policy.contains(".wasm"),
        "a policy page loads no script"
    );
    assert!(policy.contains("/pkg/jiedu.css"));
}

#[tokio::test]
async fn pagination_links_keep_the_filters() {
    let app = TestApp::spawn_with(|db| async move {
        app::ssr::tooling::fixtures::load_taxonomies(&db)
            .await
            .expect("taxonomies");
        for n in 1..=25 {
            let input = app::ssr::tooling::fixtures::public_input(&format!("page-{n:02}"));
            let p = app::domain::NewPolicy::parse(&input).expect("valid");
            app::ssr::repo::policy::insert(&db, &p)
                .await
                .expect("insert")
                .publish(&crate::support::nobody());
        }
    })
    .await;
    let (_, first) = app.get("/policies?dir=gzjz").await;
    assert!(first.contains(r#"href="/policies?dir=gzjz&amp;page=2""#));
    assert!(first.contains("第 1 / 2 页"));
    let (_, second) = app.get("/policies?dir=gzjz&page=2").await;
    assert!(
        second.contains(r#"href="/policies?dir=gzjz""#),
        "page 1 link drops page=1"
    );
    assert_eq!(second.matches("class=\"title\"").count(), 5);
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(format!("{}/policies", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        response.headers()["content-type"],
        "text/html; charset=utf-8"
    );
}
