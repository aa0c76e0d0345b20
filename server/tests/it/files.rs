//! Uploads over HTTP: limits, content checks, storage by hash and the headers files are
//! served with.

use crate::support::{PNG, TestApp, cookie_for, demo_app};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, COOKIE, ORIGIN};
use reqwest::multipart::{Form, Part};

async fn upload(
    app: &TestApp,
    cookie: Option<&str>,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
    let mut request = app
        .client
        .post(format!("{}/api/upload", app.base))
        .header(ORIGIN, &app.base)
        .multipart(form);
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    request.send().await.expect("request")
}

/// Files in the upload directory (nothing else is ever written there).
fn stored(app: &TestApp) -> Vec<String> {
    match std::fs::read_dir(app.uploads.path()) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

async fn upload_records(app: &TestApp) -> usize {
    let rows: Vec<String> = app
        .db
        .query("SELECT VALUE record::id(id) FROM upload")
        .await
        .expect("query")
        .take(0)
        .expect("take");
    rows.len()
}

#[tokio::test]
async fn an_image_is_stored_by_its_hash_and_served_inline() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let response = upload(&app, Some(&editor), "图解.png", PNG.to_vec()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: serde_json::Value =
        serde_json::from_str(&response.text().await.expect("body")).expect("json");
    let url = body["url"].as_str().expect("url").to_owned();
    assert_eq!(body["content_type"], "image/png");
    assert_eq!(body["name"], "图解.png");
    let hash = url.strip_prefix("/files/").expect("our address");
    assert_eq!(stored(&app), [hash.to_owned()]);

    // Attached to nothing public yet: its uploader's colleagues may have it.
    let served = app
        .client
        .get(format!("{}{url}", app.base))
        .header(COOKIE, &editor)
        .send()
        .await
        .expect("request");
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()[CONTENT_TYPE], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert!(
        served.headers()[CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .starts_with("inline")
    );
    assert_eq!(served.bytes().await.expect("bytes").as_ref(), PNG);

    // The same content again is the same file.
    let again = upload(&app, Some(&editor), "copy.png", PNG.to_vec()).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(stored(&app).len(), 1);
}

#[tokio::test]
async fn a_document_is_served_as_a_download() {
    let app = demo_app().await;
    let expert = cookie_for(&app, "expert").await;
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let response = upload(&app, Some(&expert), "说明.pdf", pdf).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: serde_json::Value =
        serde_json::from_str(&response.text().await.expect("body")).expect("json");
    let served = app
        .client
        .get(format!(
            "{}{}",
            app.base,
            body["url"].as_str().expect("url")
        ))
        .header(COOKIE, &expert)
        .send()
        .await
        .expect("request");
    assert_eq!(served.headers()[CONTENT_TYPE], "application/pdf");
    let disposition = served.headers()[CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename*=UTF-8''"),
        "{disposition}"
    );
}

#[tokio::test]
async fn oversize_is_413_and_nothing_is_stored() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let mut big = PNG.to_vec();
    big.resize(jiedu::files::MAX_UPLOAD_BYTES + 1024, 0);
    let response = upload(&app, Some(&editor), "big.png", big).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.text().await.expect("body").contains("MB"));
    assert!(stored(&app).is_empty());
    assert_eq!(upload_records(&app).await, 0);
}

#[tokio::test]
async fn html_renamed_png_is_refused_and_nothing_is_stored() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let html = b"<html><script>alert(document.cookie)</script></html>".to_vec();
    let response = upload(&app, Some(&editor), "photo.png", html).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(response.text().await.expect("body").contains("file"));
    assert!(stored(&app).is_empty());
    assert_eq!(upload_records(&app).await, 0);
}

#[tokio::test]
async fn a_path_in_the_name_is_harmless() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let response = upload(
        &app,
        Some(&editor),
        "../../../../tmp/evil.png",
        PNG.to_vec(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: serde_json::Value =
        serde_json::from_str(&response.text().await.expect("body")).expect("json");
    assert_eq!(body["name"], "evil.png");
    let names = stored(&app);
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].len(), 64, "stored under its hash only");
    // Asking for a path instead of a hash finds nothing.
    for path in [
        "/files/..%2F..%2Fetc%2Fpasswd",
        "/files/evil.png",
        "/files/...",
    ] {
        let response = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn only_editors_and_experts_upload() {
    let app = demo_app().await;
    let anonymous = upload(&app, None, "a.png", PNG.to_vec()).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    for login in ["dzzwb-reviewer", "admin"] {
        let cookie = cookie_for(&app, login).await;
        let response = upload(&app, Some(&cookie), "a.png", PNG.to_vec()).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{login}");
    }
    assert!(stored(&app).is_empty());
    assert_eq!(upload_records(&app).await, 0);
}

#[tokio::test]
async fn a_page_without_javascript_gets_the_address_and_a_way_back() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let form = Form::new().part("file", Part::bytes(PNG.to_vec()).file_name("图.png"));
    let response = app
        .client
        .post(format!("{}/api/upload", app.base))
        .header(ORIGIN, &app.base)
        .header(
            reqwest::header::REFERER,
            format!("{}/desk/articles/new?policy=czj-2016-2", app.base),
        )
        .header(reqwest::header::ACCEPT, "text/html")
        .header(COOKIE, &editor)
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    let page = response.text().await.expect("body");
    assert!(page.contains("<code>/files/"), "{page}");
    assert!(
        page.contains(r#"href="/desk/articles/new?policy=czj-2016-2""#),
        "{page}"
    );
}

/// GETs a file: status and `Cache-Control`.
async fn fetch(app: &TestApp, url: &str, cookie: Option<&str>) -> (u16, String) {
    let mut request = app.client.get(format!("{}{url}", app.base));
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    let response = request.send().await.expect("request");
    let cache = response
        .headers()
        .get(reqwest::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (response.status().as_u16(), cache)
}

#[tokio::test]
async fn a_file_is_public_only_while_a_public_page_shows_it() {
    let app = demo_app().await;
    let editor = cookie_for(&app, "czj-editor").await;
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let response = upload(&app, Some(&editor), "内部名单.pdf", pdf).await;
    let body: serde_json::Value =
        serde_json::from_str(&response.text().await.expect("body")).expect("json");
    let url = body["url"].as_str().expect("url").to_owned();

    // Uploaded, attached to nothing: nobody outside knows it exists.
    assert_eq!(fetch(&app, &url, None).await.0, 404);
    let (status, cache) = fetch(&app, &url, Some(&editor)).await;
    assert_eq!((status, cache.as_str()), (200, "private, no-store"));

    // Attached to a public policy (the database derives what it names on every write).
    app.db
        .query("UPDATE type::record('policy', 'czj-2016-4') SET attachments = [{ name: '附件1', url: $url }]")
        .bind(("url", url.clone()))
        .await
        .expect("attach")
        .check()
        .expect("attached");
    let (status, cache) = fetch(&app, &url, None).await;
    assert_eq!((status, cache.as_str()), (200, "public, no-cache"));
    // Upper case is the same address, redirected to its one spelling.
    let upper = fetch(
        &app,
        &url.to_ascii_uppercase().replace("/FILES/", "/files/"),
        None,
    )
    .await;
    assert_eq!(upper.0, 301);

    // The policy is withheld: so is its file, at once.
    app.db
        .query(
            "UPDATE type::record('policy', 'czj-2016-4') SET disclosure = 'withheld', \
             disclosure_reason = '涉及个人隐私'",
        )
        .await
        .expect("withhold")
        .check()
        .expect("withheld");
    assert_eq!(fetch(&app, &url, None).await.0, 404);
    assert_eq!(fetch(&app, &url, Some(&editor)).await.0, 200);

    // A public interpretation's image is public the same way.
    let image = upload(&app, Some(&editor), "图.png", PNG.to_vec()).await;
    let body: serde_json::Value =
        serde_json::from_str(&image.text().await.expect("body")).expect("json");
    let image_url = body["url"].as_str().expect("url").to_owned();
    assert_eq!(fetch(&app, &image_url, None).await.0, 404);
    let list = app.get("/interpretations").await.1;
    let article = regex::Regex::new(r#"href="/interpretations/([a-z0-9]+)""#)
        .expect("regex")
        .captures(&list)
        .expect("a public interpretation")[1]
        .to_owned();
    app.db
        .query("UPDATE type::record('article', $id) SET body = body + $img")
        .bind(("id", article))
        .bind(("img", format!("<p><img src=\"{image_url}\"></p>")))
        .await
        .expect("illustrate")
        .check()
        .expect("illustrated");
    assert_eq!(fetch(&app, &image_url, None).await.0, 200);
}
