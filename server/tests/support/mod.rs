//! Test support: the real router on a real port, with a fresh in-memory database.

#![allow(dead_code)] // each test binary uses a different part of this module

use app::ssr::db::memory_db;
use app::ssr::{AppState, Db};
use leptos::config::LeptosOptions;

/// A running application and a client for it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: Db,
}

impl TestApp {
    /// Serves the router on 127.0.0.1 at a free port, over a database prepared by `load`.
    pub async fn spawn_with<F, Fut>(load: F) -> Self
    where
        F: FnOnce(Db) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        let db = memory_db().await.expect("in-memory database");
        load(db.clone()).await;
        let leptos_options = LeptosOptions::builder()
            .output_name("jiedu")
            .site_root("target/site")
            .build();
        let state = AppState {
            db: db.clone(),
            leptos_options,
            settings: Default::default(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move {
            let app =
                jiedu::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, app).await.expect("server");
        });
        Self {
            base: format!("http://{addr}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            db,
        }
    }

    /// The fixture policies: one of every visibility case.
    pub async fn spawn() -> Self {
        Self::spawn_with(|db| async move {
            app::ssr::fixtures::load(&db).await.expect("fixtures");
        })
        .await
    }

    /// GET a path; returns the status and the body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}
