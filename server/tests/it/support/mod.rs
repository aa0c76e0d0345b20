//! Test support: the real router on a real port, with a fresh in-memory database.

use app::ssr::db::{DbConfig, connect_db, memory_db};
use app::ssr::{AppState, Db};
use leptos::config::LeptosOptions;
use reqwest::header::{COOKIE, ORIGIN, SET_COOKIE};

/// A running application and a client for it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: Db,
    /// The application's clock: tests move it.
    pub clock: std::sync::Arc<app::ssr::clock::ManualClock>,
    /// Where uploads go; removed when the test ends.
    pub uploads: tempfile::TempDir,
    /// The application's stream of committed changes (and its page cache), for writes and
    /// jobs a test makes outside a request.
    pub changes: app::ssr::changes::Changes,
    /// A second instance on the same database without a page cache: what a fresh render
    /// of a page looks like.
    pub uncached: String,
}

impl TestApp {
    /// Serves the router on 127.0.0.1 at a free port, over a database prepared by `load`.
    pub async fn spawn_with<F, Fut>(load: F) -> Self
    where
        F: FnOnce(Db) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        Self::spawn_configured(load, Default::default()).await
    }

    /// The same, with these server settings (trusted proxies, cookies).
    pub async fn spawn_configured<F, Fut>(load: F, settings: app::ssr::state::Settings) -> Self
    where
        F: FnOnce(Db) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        let db = memory_db().await.expect("in-memory database");
        load(db.clone()).await;
        Self::serve(db, settings).await
    }

    /// Serves the router over `db` as it is (a [`Snapshot`] restored, say).
    pub async fn serve(db: Db, settings: app::ssr::state::Settings) -> Self {
        let leptos_options = LeptosOptions::builder()
            .output_name("jiedu")
            .site_root("target/site")
            .build();
        let uploads = tempfile::tempdir().expect("upload directory");
        let clock = std::sync::Arc::new(app::ssr::clock::ManualClock::new(chrono::Utc::now()));
        let changes = app::ssr::changes::Changes::new(app::ssr::page_cache::PageCache::default());
        let state = |changes: app::ssr::changes::Changes| {
            AppState::new(app::ssr::state::Shared {
                db: db.clone(),
                leptos_options: leptos_options.clone(),
                settings: settings.clone(),
                clock: clock.clone(),
                uploads: uploads.path().to_owned(),
                changes,
            })
        };
        let base = serve(state(changes.clone())).await;
        let uncached = serve(state(app::ssr::changes::Changes::new(
            app::ssr::page_cache::PageCache::off(),
        )))
        .await;
        Self {
            uncached,
            base,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            db,
            clock,
            uploads,
            changes,
        }
    }

    /// The fixture policies: one of every visibility case.
    pub async fn spawn() -> Self {
        Self::spawn_with(|db| async move {
            app::ssr::tooling::fixtures::load(&db)
                .await
                .expect("fixtures");
        })
        .await
    }

    /// POSTs a form to a server function from a page of this site.
    pub async fn post(
        &self,
        endpoint: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}/api/{endpoint}", self.base))
            .header(ORIGIN, &self.base)
            .form(form);
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        request.send().await.expect("request")
    }

    /// GET a path; returns the status and the body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let Visit { status, body, .. } = self.visit(path).await;
        (status, body)
    }

    /// GET a path as an anonymous visitor, with the page cache's answer.
    pub async fn visit(&self, path: &str) -> Visit {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        let cache = response
            .headers()
            .get("x-cache")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = response.text().await.expect("body");
        Visit {
            status,
            cache,
            body,
        }
    }
}

/// A page with its script nonces blanked: each render draws new ones.
fn without_nonces(body: &str) -> String {
    static NONCE: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r#"nonce="[^"]*""#).expect("pattern"));
    NONCE.replace_all(body, r#"nonce="""#).into_owned()
}

/// Serves the router on 127.0.0.1 at a port of its own; returns its base address.
async fn serve(state: AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let app =
            jiedu::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, app).await.expect("server");
    });
    format!("http://{addr}")
}

impl TestApp {
    /// GET a path as an anonymous visitor from the instance without a page cache, under
    /// the main instance's host name (pages name the host they were asked for).
    pub async fn fresh(&self, path: &str) -> (u16, String) {
        let host = self.base.trim_start_matches("http://");
        let response = self
            .client
            .get(format!("{}{path}", self.uncached))
            .header(reqwest::header::HOST, host)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// Every page of `paths` that the page cache still holds is what a fresh render of
    /// it shows now (a write that forgot to report a change leaves a stale one).
    pub async fn assert_cache_is_exact(&self, paths: &[String], after: &str) {
        for path in paths {
            let cached = self.visit(path).await;
            if cached.cache != "hit" {
                continue;
            }
            let (status, fresh) = self.fresh(path).await;
            assert_eq!(
                (cached.status, without_nonces(&cached.body)),
                (status, without_nonces(&fresh)),
                "{path} is stale after {after}"
            );
        }
    }
}

/// What an anonymous GET got.
pub struct Visit {
    pub status: u16,
    /// `X-Cache`: `hit` or `miss`, empty when the page cache was not asked.
    pub cache: String,
    pub body: String,
}

impl TestApp {
    /// GET a path as a signed-in account; returns the status and the body.
    pub async fn get_as(&self, path: &str, cookie: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, cookie)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}

/// The `name=value` pair of the session cookie a response sets.
pub fn session_pair(response: &reqwest::Response) -> String {
    let set_cookie = response.headers()[SET_COOKIE].to_str().expect("ascii");
    set_cookie.split(';').next().expect("pair").to_owned()
}

/// The stream of committed changes of writes made before the app under test serves the
/// store: nothing follows it.
pub fn nobody() -> app::ssr::changes::Changes {
    app::ssr::changes::Changes::unobserved()
}

/// The demo data set, with its accounts: a fresh database of its own, loaded from the
/// demo built once for the whole test process.
pub async fn demo_app() -> TestApp {
    demo_app_configured(Default::default()).await
}

/// The same, with these server settings.
pub async fn demo_app_configured(settings: app::ssr::state::Settings) -> TestApp {
    TestApp::serve(demo_db().await, settings).await
}

/// A fresh in-memory database holding the demo data set.
pub async fn demo_db() -> Db {
    static DEMO: tokio::sync::OnceCell<Snapshot> = tokio::sync::OnceCell::const_new();
    DEMO.get_or_init(|| async {
        let db = memory_db().await.expect("in-memory database");
        app::ssr::tooling::demo::seed(&db, &nobody())
            .await
            .expect("demo");
        Snapshot::take("demo", &db).await
    })
    .await
    .restore()
    .await
}

/// A database written once per test process and loaded into a fresh in-memory database
/// for each test that wants it: SurrealDB's own export (schema, records, indexes and table
/// views, as `OPTION IMPORT` SurrealQL) in a file under cargo's temporary directory for
/// tests. Building the demo data runs its articles, questions and plans through the real
/// workflow; loading the export costs a fraction of that (docs/BENCHMARKS.md, test suite).
pub struct Snapshot {
    file: std::path::PathBuf,
}

impl Snapshot {
    /// Exports `db` under `name` (one file per name and test process).
    pub async fn take(name: &str, db: &Db) -> Self {
        let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("jiedu-{name}-{}.surql", std::process::id()));
        db.export(&file).await.expect("export the snapshot");
        Self { file }
    }

    /// A fresh in-memory database with everything the snapshot holds.
    pub async fn restore(&self) -> Db {
        let db = connect_db(&DbConfig {
            url: "mem://".into(),
            credentials: None,
        })
        .await
        .expect("in-memory database");
        db.import(&self.file).await.expect("import the snapshot");
        db
    }
}

/// Signs in a demo account and returns its session cookie pair.
pub async fn cookie_for(app: &TestApp, login: &str) -> String {
    let response = app
        .post(
            "login",
            &[
                ("login", login),
                ("password", app::ssr::tooling::demo::DEMO_PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(response.status(), 200, "{login} signs in");
    session_pair(&response)
}

/// The `name=value` pair of the cookie that ties a rejected form's stash to its browser,
/// when the response sets it.
pub fn form_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("jiedu_form="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// `cookie` and the form cookie `response` set, as one `Cookie` header value.
pub fn with_form_cookie(cookie: &str, response: &reqwest::Response) -> String {
    match form_cookie(response) {
        Some(form) if cookie.is_empty() => form,
        Some(form) => format!("{cookie}; {form}"),
        None => cookie.to_owned(),
    }
}

/// The smallest valid PNG: a 1×1 transparent pixel.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];
