//! Tests of the `jiedu` binary: import, export, durability across kill -9, and the
//! refusal to open a database from a newer version.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

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
    wait_for(port, app::ssr::demo::NOTICE_TITLE);
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
    assert!(exported.contains(&format!(r#""id":"{}""#, app::ssr::demo::NOTICE_ID)));
    assert_eq!(
        exported
            .lines()
            .filter(|l| l.contains(r#""type":"policy""#))
            .count(),
        app::ssr::demo::policies().len()
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

/// The movable clock of the end-to-end suite exists only when `JIEDU_TEST_CLOCK=1`
/// (docs/SECURITY.md, 10): otherwise its route is the site's 404.
#[test]
fn the_test_clock_route_exists_only_when_asked_for() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    for (setting, exists) in [("", false), ("yes", false), ("1", true)] {
        let Server {
            child: mut server,
            port,
            ..
        } = serve_demo_with("mem://", "warn", &[("JIEDU_TEST_CLOCK", setting)]);
        let base = format!("http://127.0.0.1:{port}");
        let (read, moved) = runtime.block_on(async {
            let client = reqwest::Client::new();
            let read = client
                .get(format!("{base}/test/clock"))
                .send()
                .await
                .expect("get");
            let moved = client
                .post(format!("{base}/test/clock?advance_secs=7200"))
                .header(reqwest::header::ORIGIN, &base)
                .send()
                .await
                .expect("post");
            (
                (read.status().as_u16(), read.text().await.expect("body")),
                (moved.status().as_u16(), moved.text().await.expect("body")),
            )
        });
        server.kill().expect("stop server");
        server.wait().expect("reaped");
        if !exists {
            assert_eq!((read.0, moved.0), (404, 404), "JIEDU_TEST_CLOCK={setting}");
            continue;
        }
        assert_eq!((read.0, moved.0), (200, 200));
        let at = |text: &str| chrono::DateTime::parse_from_rfc3339(text).expect("a time");
        let ahead = at(&moved.1) - at(&read.1);
        assert!(
            ahead >= chrono::Duration::seconds(7200),
            "{read:?} → {moved:?}"
        );
    }
}
