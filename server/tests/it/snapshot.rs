//! The snapshot that tests load instead of building the demo again (`support::Snapshot`)
//! holds exactly what was built: every record of every table, the table views that count,
//! and a full-text index that finds.

use app::ssr::Db;
use app::ssr::db::memory_db;

use crate::support::{Snapshot, TestApp};

/// Every table of the database with all its records, in id order.
async fn contents(db: &Db) -> Vec<(String, String)> {
    let mut response = db
        .query("RETURN object::keys((INFO FOR DB).tables)")
        .await
        .expect("tables");
    let mut tables: Vec<String> = response.take(0).expect("names");
    tables.sort();
    let mut contents = Vec::new();
    for table in tables {
        let mut response = db
            .query("SELECT * FROM type::table($table) ORDER BY id")
            .bind(("table", table.clone()))
            .await
            .expect("records");
        let records: surrealdb::types::Value = response.take(0).expect("take");
        contents.push((table, format!("{records:?}")));
    }
    contents
}

/// What a page of `app` shows: its `<main>` (scripts carry a fresh nonce), without the
/// server's address (pages name themselves).
fn content(app: &TestApp, page: &str) -> String {
    let start = page.find("<main").expect("a main element");
    let end = page.find("</main>").expect("its end");
    page[start..end].replace(&app.base, "")
}

#[tokio::test]
async fn a_restored_snapshot_holds_every_record_count_and_index_of_the_original() {
    let built = memory_db().await.expect("db");
    app::ssr::tooling::demo::seed(&built, &crate::support::nobody())
        .await
        .expect("demo");
    let restored = Snapshot::take("fidelity", &built).await.restore().await;
    let (original, copy) = (contents(&built).await, contents(&restored).await);
    assert!(original.len() > 20, "{} tables", original.len());
    assert_eq!(
        original.iter().map(|(t, _)| t).collect::<Vec<_>>(),
        copy.iter().map(|(t, _)| t).collect::<Vec<_>>()
    );
    for ((table, before), (_, after)) in original.iter().zip(&copy) {
        assert_eq!(before, after, "table {table}");
    }

    // Pages that read the counting views and the full-text index render the same.
    let (a, b) = (
        TestApp::serve(built, Default::default()).await,
        TestApp::serve(restored, Default::default()).await,
    );
    for path in [
        "/",
        "/policies",
        "/policies?unit=czj",
        "/interpretations",
        "/qa",
        "/search?q=%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80",
        &format!("/policies/{}", app::ssr::tooling::demo::NOTICE_ID),
    ] {
        let (status, body) = b.get(path).await;
        assert_eq!(status, 200, "{path}");
        let (original_status, original) = a.get(path).await;
        assert_eq!(
            (original_status, content(&a, &original)),
            (status, content(&b, &body)),
            "{path}"
        );
    }
    let (_, found) = b
        .get("/search?q=%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80")
        .await;
    assert!(
        found.contains(&format!("/policies/{}", app::ssr::tooling::demo::NOTICE_ID)),
        "the restored index finds the notice"
    );
}
