//! Tests of the `jiedu` binary: import, export, backup and restore, durability across
//! kill -9, the refusal to open a database from a newer version, and invalid settings.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support;

use support::PNG;

const BIN: &str = env!("CARGO_BIN_EXE_jiedu");

fn jiedu(db: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("JIEDU_DB", db)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run jiedu")
}

fn db_url(dir: &Path, name: &str) -> String {
    format!("surrealkv://{}", dir.join(name).display())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn import_with_two_bad_lines_names_both_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bad.jsonl");
    std::fs::write(
        &file,
        [
            r#"{"type":"unit","code":"czj","name":"衡东县财政局"}"#,
            r#"{"type":"directory","code":"czxx","name":"财政信息"}"#,
            r#"{"type":"policy","id":"good","title":"衡东县预算公开说明","unit":"czj","signed_on":"2016-01-01","published_at":"2016-01-05","status":"published","directory":"czxx","disclosure":"proactive"}"#,
            r#"{"type":"policy","id":"bad-number","title":"衡东县某文件","doc_number":"第五号","unit":"czj","signed_on":"2016-01-01","directory":"czxx","disclosure":"proactive"}"#,
            r#"{"type":"policy","id":"bad-date","title":"衡东县另一文件","unit":"czj","signed_on":"2016-02-30","directory":"czxx","disclosure":"proactive"}"#,
        ]
        .join("\n"),
    )
    .expect("write");
    let db = db_url(dir.path(), "db");
    let out = jiedu(&db, &["import", file.to_str().expect("path")]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 4: doc_number:"), "{stderr}");
    assert!(stderr.contains("line 5: signed_on:"), "{stderr}");
    assert!(
        stderr.contains("2 invalid line(s); nothing was written"),
        "{stderr}"
    );

    let export = dir.path().join("out.jsonl");
    let out = jiedu(&db, &["export", export.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&export).expect("export"),
        "",
        "nothing was written"
    );
}

#[test]
fn a_good_file_imports_whole_and_export_import_round_trips() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = db_url(dir.path(), "source");
    let out = jiedu(&source, &["seed-demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let first = dir.path().join("first.jsonl");
    assert!(
        jiedu(&source, &["export", first.to_str().expect("path")])
            .status
            .success()
    );
    let exported = std::fs::read_to_string(&first).expect("export");
    let policies = exported
        .lines()
        .filter(|l| l.contains(r#""type":"policy""#))
        .count();
    assert!(policies > 40);

    let target = db_url(dir.path(), "target");
    let out = jiedu(&target, &["import", first.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&format!("{policies} policies")));

    let second = dir.path().join("second.jsonl");
    assert!(
        jiedu(&target, &["export", second.to_str().expect("path")])
            .status
            .success()
    );
    assert_eq!(std::fs::read_to_string(&second).expect("export"), exported);
}

/// The port of a `listening on http://127.0.0.1:PORT` log line.
fn listening_port(line: &str) -> Option<u16> {
    let (_, rest) = line.split_once("listening on http://")?;
    let addr: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
        .collect();
    addr.parse::<std::net::SocketAddr>().ok().map(|a| a.port())
}

/// A `jiedu serve --demo-if-empty` on a port the system picked when the server bound it
/// (`LEPTOS_SITE_ADDR=127.0.0.1:0`; the server logs the address it got), up and answering.
struct Server {
    child: std::process::Child,
    port: u16,
    /// Everything the server logged, once its standard error closes.
    log: std::thread::JoinHandle<String>,
}

fn serve_demo_logging(db: &str, rust_log: &str) -> Server {
    serve_demo_with(db, rust_log, &[])
}

fn serve_demo_with(db: &str, rust_log: &str, env: &[(&str, &str)]) -> Server {
    use std::io::BufRead;
    let mut child = Command::new(BIN)
        .args(["serve", "--demo-if-empty"])
        .envs(env.iter().copied())
        .env("JIEDU_DB", db)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", format!("{rust_log},jiedu=info"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start server");
    let stderr = child.stderr.take().expect("stderr");
    let (port_tx, port_rx) = std::sync::mpsc::channel();
    let log = std::thread::spawn(move || {
        let mut log = String::new();
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(port) = listening_port(&line) {
                let _ = port_tx.send(port);
            }
            log.push_str(&line);
            log.push('\n');
        }
        log
    });
    let port = port_rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the server logs the address it listens on");
    wait_for(port, app::ssr::tooling::demo::NOTICE_TITLE);
    Server { child, port, log }
}

/// Blocks until the server answers `/` with a body containing `needle`.
fn wait_for(port: u16, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    let url = format!("http://127.0.0.1:{port}/");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    loop {
        let body = runtime.block_on(async { reqwest::get(&url).await.ok()?.text().await.ok() });
        if body.is_some_and(|b| b.contains(needle)) {
            return;
        }
        assert!(Instant::now() < deadline, "the server did not come up");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Starts `jiedu serve --demo-if-empty` and waits until it answers.
fn serve_demo(db: &str) -> std::process::Child {
    serve_demo_logging(db, "warn").child
}

#[test]
fn committed_records_survive_kill_9() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = db_url(dir.path(), "db");
    let mut server = serve_demo(&db);
    server.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
    server.wait().expect("reaped");

    let export = dir.path().join("after-kill.jsonl");
    let out = jiedu(&db, &["export", export.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported = std::fs::read_to_string(&export).expect("export");
    assert!(exported.contains(&format!(r#""id":"{}""#, app::ssr::tooling::demo::NOTICE_ID)));
    assert_eq!(
        exported
            .lines()
            .filter(|l| l.contains(r#""type":"policy""#))
            .count(),
        app::ssr::tooling::demo::policies().len()
    );
}

/// Copies a store directory, leaving out the lock file of the process that holds it.
fn copy_store(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_store(&entry.path(), &target);
        } else if entry.file_name() != "LOCK" {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = dir.path().join("original");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // The in-process handle keeps its store locked, so the binary is pointed at a copy
    // taken after the (synced) commit.
    let _handle = runtime.block_on(async {
        let config = app::ssr::db::DbConfig {
            url: format!("surrealkv://{}", original.display()),
            credentials: None,
        };
        let handle = app::ssr::db::connect_db(&config).await.expect("open");
        app::ssr::db::migrate(&handle).await.expect("migrate");
        let newer = app::ssr::db::latest_schema_version() + 1;
        app::ssr::db::force_schema_version(&handle, newer)
            .await
            .expect("force");
        handle
    });
    let copy = dir.path().join("copy");
    copy_store(&original, &copy);

    let out = jiedu(&format!("surrealkv://{}", copy.display()), &["migrate"]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("newer than this build of jiedu knows"),
        "{stderr}"
    );
}

#[test]
fn a_remote_database_without_credentials_is_a_clear_error() {
    let out = jiedu("ws://127.0.0.1:1", &["migrate"]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("needs JIEDU_DB_USER and JIEDU_DB_PASS"),
        "{stderr}"
    );
}

#[test]
fn the_documented_example_file_imports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/examples/policies.jsonl"
    );
    let out = jiedu(&db_url(dir.path(), "db"), &["import", example]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("3 taxonomy terms and 2 policies"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_store_in_use_by_a_server_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = db_url(dir.path(), "db");
    let mut server = serve_demo(&db);
    let out = jiedu(&db, &["migrate"]);
    server.kill().expect("stop server");
    server.wait().expect("reaped");
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("in use by another process"), "{stderr}");
}

/// Runs `jiedu` with `input` on its standard input.
fn jiedu_with_input(db: &str, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(args)
        .env("JIEDU_DB", db)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run jiedu");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

#[test]
fn user_add_passwd_and_disable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = db_url(dir.path(), "db");
    assert!(jiedu(&db, &["seed-demo"]).status.success());
    let add = [
        "user",
        "add",
        "czj-writer",
        "--name",
        "欧艳波",
        "--unit",
        "czj",
        "--role",
        "editor",
    ];

    let out = jiedu_with_input(&db, &add, "short\n");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("password: 密码至少 10 个字符"),
        "{}",
        text(&out.stderr)
    );

    let out = jiedu_with_input(&db, &add, "hengdong-2016!\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created account czj-writer"));

    let out = jiedu_with_input(&db, &add, "hengdong-2016!\n");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("is taken"),
        "{}",
        text(&out.stderr)
    );

    let out = jiedu_with_input(
        &db,
        &[
            "user", "add", "x-editor", "--name", "某人", "--role", "editor",
        ],
        "hengdong-2016!\n",
    );
    assert!(
        text(&out.stderr).contains("an editor needs --unit"),
        "{}",
        text(&out.stderr)
    );
    let out = jiedu_with_input(
        &db,
        &[
            "user", "add", "y-editor", "--name", "某人", "--unit", "nosuch", "--role", "editor",
        ],
        "hengdong-2016!\n",
    );
    assert!(
        text(&out.stderr).contains("does not exist"),
        "{}",
        text(&out.stderr)
    );
    let out = jiedu_with_input(
        &db,
        &["user", "add", "z-user", "--name", "某人", "--role", "boss"],
        "hengdong-2016!\n",
    );
    assert!(text(&out.stderr).contains("role:"), "{}", text(&out.stderr));

    let out = jiedu_with_input(&db, &["user", "passwd", "czj-writer"], "another-pass-1\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = jiedu(&db, &["user", "disable", "czj-writer"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = jiedu(&db, &["user", "disable", "nobody"]);
    assert!(
        text(&out.stderr).contains("no account “nobody”"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_stop_with_visitors_connected_still_closes_the_store() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().expect("tempdir");
    let db = db_url(dir.path(), "db");
    let Server {
        child: mut server,
        port,
        log,
    } = serve_demo_logging(&db, "info,surrealdb=warn,surrealkv=error");
    // A visitor whose browser keeps its connection open after a page ...
    let mut kept = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    kept.write_all(b"GET /policies HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n")
        .expect("request");
    let mut first = [0u8; 64];
    let read = kept.read(&mut first).expect("answer");
    assert!(first[..read].starts_with(b"HTTP/1.1 200"));
    // ... and one whose browser opened a connection it has not used yet.
    let _silent = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let stopped = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill");
    assert!(stopped.success());
    let status = server.wait().expect("exit");
    let log = log.join().expect("log");
    assert!(status.success(), "{log}");
    assert!(log.contains("database closed"), "{log}");
    assert!(!log.contains("still in use"), "{log}");
}

/// `jiedu` with its database and upload directory, and every page addressed at one
/// public URL (so that two servers on different ports render the same links).
fn jiedu_at(db: &str, files: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("JIEDU_DB", db)
        .env("JIEDU_FILES", files)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run jiedu")
}

/// [`jiedu_at`], which must succeed.
fn succeeds(db: &str, files: &Path, args: &[&str]) -> Output {
    let out = jiedu_at(db, files, args);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    out
}

const PUBLIC_URL: &str = "http://jiedu.test";

/// Serves `db` with uploads in `files` on a free port; returns the server and its port.
fn serve_at(db: &str, files: &Path) -> (std::process::Child, u16) {
    let files = files.to_str().expect("path");
    let server = serve_demo_with(
        db,
        "warn",
        &[("JIEDU_FILES", files), ("JIEDU_PUBLIC_URL", PUBLIC_URL)],
    );
    (server.child, server.port)
}

/// Stops a server as an operator does (SIGTERM) and waits until it has exited (having
/// closed its store).
fn stop(server: std::process::Child) -> Output {
    let stopped = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill");
    assert!(stopped.success());
    server.wait_with_output().expect("exit")
}

/// Every public page the sitemap names, the sitemaps themselves and the feeds, by path,
/// with status and body (its script nonce blanked), as an anonymous visitor gets them.
async fn public_pages(port: u16) -> std::collections::BTreeMap<String, (u16, String)> {
    let base = format!("http://127.0.0.1:{port}");
    let get = |path: String| {
        let url = format!("{base}{path}");
        async move {
            let response = reqwest::get(&url).await.expect("request");
            let status = response.status().as_u16();
            (status, response.text().await.expect("body"))
        }
    };
    let loc = regex::Regex::new("<loc>([^<]+)</loc>").expect("regex");
    let feed = regex::Regex::new(r#"href="(/feeds/[^"]+)""#).expect("regex");
    // The one part of a page that differs on every request.
    let nonce = regex::Regex::new(r#"nonce="[^"]*""#).expect("regex");
    let mut pages = std::collections::BTreeMap::new();
    let mut queue = vec!["/sitemap.xml".to_owned()];
    while let Some(path) = queue.pop() {
        if pages.contains_key(&path) {
            continue;
        }
        let (status, body) = get(path.clone()).await;
        for found in loc.captures_iter(&body).chain(feed.captures_iter(&body)) {
            let found = found[1].trim_start_matches(PUBLIC_URL).to_owned();
            queue.push(found);
        }
        pages.insert(
            path,
            (status, nonce.replace_all(&body, "nonce=\"\"").into_owned()),
        );
    }
    pages
}

/// The manifest of a backup: its first entry.
fn manifest_of(file: &Path) -> jiedu::backup::Manifest {
    use std::io::Read;
    let opened = std::fs::File::open(file).expect("open backup");
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(opened));
    let mut entries = archive.entries().expect("entries");
    let mut first = entries.next().expect("an entry").expect("readable");
    assert_eq!(first.path().expect("path").to_str(), Some("manifest.json"));
    let mut json = String::new();
    first.read_to_string(&mut json).expect("manifest");
    serde_json::from_str(&json).expect("manifest json")
}

/// Signs in a demo account on the server at `port`; returns its session cookie pair.
async fn sign_in(port: u16, login: &str) -> String {
    let base = format!("http://127.0.0.1:{port}");
    let response = reqwest::Client::new()
        .post(format!("{base}/api/login"))
        .header("origin", &base)
        .form(&[
            ("login", login),
            ("password", app::ssr::tooling::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .expect("sign in");
    assert_eq!(response.status(), 200, "{login} signs in");
    let set_cookie = response.headers()["set-cookie"].to_str().expect("ascii");
    set_cookie.split(';').next().expect("pair").to_owned()
}

/// GETs `path` with a session cookie; returns the status and the bytes.
async fn get_signed_in(port: u16, path: &str, cookie: &str) -> (u16, Vec<u8>) {
    let response = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.bytes().await.expect("body").to_vec())
}

#[test]
fn a_backup_restores_into_an_empty_store_with_every_page_record_and_file() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let source = db_url(dir.path(), "source");
    let source_files = dir.path().join("files-source");
    succeeds(&source, &source_files, &["seed-demo"]);

    // The demo data, one uploaded file, and every public page as the source serves it.
    let (server, port) = serve_at(&source, &source_files);
    let (hash, before) = runtime.block_on(async {
        let editor = sign_in(port, "czj-editor").await;
        let base = format!("http://127.0.0.1:{port}");
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("图解.png"),
        );
        let uploaded = reqwest::Client::new()
            .post(format!("{base}/api/upload"))
            .header("origin", &base)
            .header("cookie", &editor)
            .multipart(form)
            .send()
            .await
            .expect("upload");
        assert_eq!(uploaded.status(), 201);
        let body: serde_json::Value =
            serde_json::from_str(&uploaded.text().await.expect("body")).expect("json");
        let url = body["url"].as_str().expect("url");
        let hash = url.trim_start_matches("/files/").to_owned();
        (hash, public_pages(port).await)
    });
    assert!(stop(server).status.success());
    assert!(before.len() > 20, "the sitemap names the demo's pages");
    assert!(before.values().all(|(status, _)| *status == 200));

    let backup = dir.path().join("jiedu.backup");
    succeeds(
        &source,
        &source_files,
        &["backup", backup.to_str().expect("path")],
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup)
            .expect("backup")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "only its owner may read a backup");
    }
    let manifest = manifest_of(&backup);
    assert_eq!(manifest.files, 1);
    for table in [
        "policy",
        "article",
        "article_revision",
        "plan",
        "issue",
        "milestone",
        "concern",
        "qa",
        "user",
        "index_counter",
        "session",
        "calendar_day",
        "audit",
        "upload",
        "schema_version",
    ] {
        assert!(
            manifest.tables.get(table).is_some_and(|n| *n > 0),
            "{table} is in the backup: {:?}",
            manifest.tables
        );
    }

    // Restored into an empty store (and upload directory).
    let target = db_url(dir.path(), "target");
    let target_files = dir.path().join("files-target");
    succeeds(
        &target,
        &target_files,
        &["restore", backup.to_str().expect("path")],
    );
    assert_eq!(
        std::fs::read(target_files.join(&hash)).expect("file restored"),
        PNG
    );

    // A store that holds records is not overwritten unless that is asked for.
    let out = jiedu_at(
        &target,
        &target_files,
        &["restore", backup.to_str().expect("path")],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("not empty") && stderr.contains("--force"),
        "{stderr}"
    );
    succeeds(
        &target,
        &target_files,
        &["restore", "--force", backup.to_str().expect("path")],
    );

    // Every table holds as many records as it did: a backup of the restored store says so.
    let again = dir.path().join("again.backup");
    succeeds(
        &target,
        &target_files,
        &["backup", again.to_str().expect("path")],
    );
    let restored = manifest_of(&again);
    assert_eq!(restored.tables, manifest.tables);
    assert_eq!(restored.files, manifest.files);
    assert_eq!(restored.schema_version, manifest.schema_version);

    // Every public page is the same, the accounts sign in, and the file is served.
    let (server, port) = serve_at(&target, &target_files);
    let (after, file) = runtime.block_on(async {
        let pages = public_pages(port).await;
        let editor = sign_in(port, "czj-editor").await;
        (
            pages,
            get_signed_in(port, &format!("/files/{hash}"), &editor).await,
        )
    });
    assert!(stop(server).status.success());
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    for (path, (status, body)) in &before {
        let (status_after, body_after) = &after[path];
        assert_eq!(status, status_after, "{path}");
        if body != body_after {
            let at = body
                .char_indices()
                .zip(body_after.chars())
                .find(|((_, a), b)| a != b)
                .map_or(body.len().min(body_after.len()), |((i, _), _)| i);
            let around = |text: &str| {
                let start = text.floor_char_boundary(at.saturating_sub(120));
                let end = text.ceil_char_boundary((at + 120).min(text.len()));
                text[start..end].to_owned()
            };
            panic!(
                "{path} differs after the restore:\nbefore: {}\nafter:  {}",
                around(body),
                around(body_after)
            );
        }
    }
    assert_eq!(file, (200, PNG.to_vec()));
}

#[test]
fn a_file_that_is_not_a_backup_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = db_url(dir.path(), "db");
    let files = dir.path().join("files");
    let export = dir.path().join("registry.jsonl");
    succeeds(&db, &files, &["seed-demo"]);
    succeeds(&db, &files, &["export", export.to_str().expect("path")]);
    let out = jiedu_at(
        &db,
        &files,
        &["restore", "--force", export.to_str().expect("path")],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("is not a jiedu backup"), "{stderr}");
    let again = dir.path().join("again.jsonl");
    succeeds(&db, &files, &["export", again.to_str().expect("path")]);
    assert_eq!(
        std::fs::read_to_string(&again).expect("export"),
        std::fs::read_to_string(&export).expect("export"),
        "nothing was removed"
    );
}

/// Runs `command` and returns its output, failing the test if it is still running after
/// a minute (a server that should have refused to start would otherwise run on).
fn output_within_a_minute(command: &mut Command) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run jiedu");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let output = child.wait_with_output().expect("exit");
            panic!("still running after a minute: {}", text(&output.stderr));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("exit")
}

#[test]
fn an_invalid_setting_stops_the_server_with_its_name_and_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = output_within_a_minute(
        Command::new(BIN)
            .arg("serve")
            .env("JIEDU_DB", db_url(dir.path(), "db"))
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("JIEDU_PAGE_CACHE_MB", "abc")
            .env("RUST_LOG", "warn"),
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(r#"JIEDU_PAGE_CACHE_MB="abc" is not valid"#),
        "{stderr}"
    );
    let out = output_within_a_minute(
        Command::new(BIN)
            .arg("migrate")
            .env("JIEDU_DB", db_url(dir.path(), "db"))
            .env("RUST_LOG", "jiedu=loud"),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("RUST_LOG="),
        "{}",
        text(&out.stderr)
    );
}
