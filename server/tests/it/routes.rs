//! The one table of routes (`app::routes`) against what the router really serves: a page
//! routed but missing from the table would be neither cached nor listed, so the two must
//! name the same pages, and every handler route of the table must reach its handler.

use std::collections::BTreeSet;

use app::routes::{ROUTES, Served};

use crate::support::TestApp;

/// `/policies/{id}` (axum's spelling, as leptos_axum lists the router) as the table writes it.
fn table_spelling(axum_path: &str) -> String {
    axum_path
        .split('/')
        .map(|segment| match segment.strip_prefix('{') {
            Some(name) => format!(":{}", name.trim_end_matches('}')),
            None => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn the_router_and_the_table_name_the_same_pages() {
    let routed: BTreeSet<String> = leptos_axum::generate_route_list(app::app::App)
        .iter()
        .map(|listing| table_spelling(listing.path()))
        .collect();
    let declared: BTreeSet<String> = ROUTES
        .iter()
        .filter(|r| r.served == Served::Page)
        .map(|r| r.path.to_owned())
        .collect();
    let missing: Vec<_> = routed.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "routed but not in app::routes: {missing:?}"
    );
    let unrouted: Vec<_> = declared.difference(&routed).collect();
    assert!(
        unrouted.is_empty(),
        "in app::routes but not routed: {unrouted:?}"
    );
}

/// An address of each handler route: the handler answers it with something other than
/// the site's "not found" page that the router's fallback renders.
#[tokio::test]
async fn every_handler_route_of_the_table_reaches_its_handler() {
    let app = TestApp::spawn().await;
    let (_, not_found) = app.get("/no-such-page").await;
    assert!(
        not_found.contains("site-header"),
        "the fallback renders the site"
    );
    for route in ROUTES.iter().filter(|r| r.served == Served::Handler) {
        let path = match route.path {
            "/feeds/:file" => "/feeds/policies.atom",
            "/sitemap/:file" => "/sitemap/pages.xml",
            "/files/:name" => "/files/0000.png",
            "/desk/applications/:code/letter.docx" => "/desk/applications/YS-K7QM-3XPD/letter.docx",
            "/desk/applications/:code/attachment" => {
                "/desk/applications/YS-K7QM-3XPD/attachment?n=0"
            }
            fixed if !fixed.contains(':') => fixed,
            other => panic!("{other}: give this test an address of it"),
        };
        let (status, body) = app.get(path).await;
        assert!(
            !body.contains("site-header"),
            "{path} ({status}) was answered by the router's fallback"
        );
    }
}

/// Every public page of the table, at an address of it, has its own description for
/// search engines and link previews (政府网站发展指引), and the frame names the government.
#[tokio::test]
async fn every_public_page_describes_itself() {
    use app::routes::Area;
    let app = crate::support::demo_app().await;
    let (_, list) = app.get("/interpretations").await;
    let article = list
        .split("href=\"/interpretations/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an interpretation")
        .to_owned();
    let (_, qa) = app.get("/qa").await;
    let qa_item = qa
        .split("href=\"/qa/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a Q&A item")
        .to_owned();
    for route in ROUTES
        .iter()
        .filter(|r| r.served == Served::Page && r.area == Area::Public)
    {
        let path = match route.path {
            "/policies/:id" => "/policies/xzfb-2016-5".to_owned(),
            "/interpretations/:id" => format!("/interpretations/{article}"),
            "/qa/:id" => format!("/qa/{qa_item}"),
            "/search" => "/search?q=%E5%85%AC%E5%BC%80".to_owned(),
            fixed if !fixed.contains(':') => fixed.to_owned(),
            other => panic!("{other}: give this test an address of it"),
        };
        let (status, body) = app.get(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            body.contains(r#"<meta name="description" content=""#)
                && !body.contains(r#"<meta name="description" content="""#),
            "{path} has no description"
        );
        assert!(
            body.contains("衡东县人民政府</span>"),
            "{path}: the masthead"
        );
        assert!(
            body.contains(r#"href="/track""#),
            "{path}: the way to /track"
        );
        assert!(body.contains(r#"<link rel="icon""#), "{path}: the icon");
    }
}
