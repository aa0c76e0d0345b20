//! Configuration, read once from documented environment variables.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `JIEDU_DB` | `surrealkv://path`, `mem://` or `ws://host:port` | `surrealkv://data` |
//! | `JIEDU_DB_USER`, `JIEDU_DB_PASS` | root credentials for a `ws://` server | none (required for ws) |
//! | `LEPTOS_SITE_ADDR` | address to listen on | `127.0.0.1:3000` |
//! | `LEPTOS_SITE_ROOT` | where the built CSS and wasm are | `target/site` |
//! | `JIEDU_SECURE_COOKIES` | `1` when served over https: the session cookie gets `Secure` | off |
//! | `JIEDU_PUBLIC_URL` | the site's public address, for feeds, sitemaps and canonical links | the request's host |
//! | `JIEDU_FILES` | directory of uploaded files (one per content hash) | `files` |
//! | `JIEDU_PUBLISH_TICK_SECS` | how often scheduled articles are looked for | `5` |
//! | `JIEDU_TRUSTED_PROXIES` | proxies whose client header is believed (addresses, CIDR) | none |
//! | `JIEDU_CLIENT_IP_HEADER` | `x-forwarded-for` or `forwarded`: the header those proxies write | `x-forwarded-for` |
//! | `JIEDU_TEST_CLOCK` | `1`: the clock can be moved forward over HTTP (`POST /test/clock`); end-to-end tests only, never in production (docs/SECURITY.md, 10) | off |

use app::ssr::db::DbConfig;
use app::ssr::state::Settings;
use leptos::config::{LeptosOptions, get_configuration};

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid Leptos configuration: {0}")]
    Leptos(String),
    #[error("JIEDU_DB_USER and JIEDU_DB_PASS must be set together")]
    HalfCredentials,
    #[error("JIEDU_TRUSTED_PROXIES / JIEDU_CLIENT_IP_HEADER: {0}")]
    Proxies(String),
}

/// Everything the server reads from its environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub db: DbConfig,
    pub leptos: LeptosOptions,
    pub settings: Settings,
    pub uploads: std::path::PathBuf,
    pub publish_tick: std::time::Duration,
    /// Bytes of rendered public pages to keep (`JIEDU_PAGE_CACHE_MB`). Off by default
    /// with a remote database: another instance's writes would not reach this cache.
    pub page_cache_bytes: u64,
    /// `JIEDU_TEST_CLOCK=1`: a clock anyone can move forward (end-to-end tests only).
    pub test_clock: bool,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let env = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
        let credentials = match (env("JIEDU_DB_USER"), env("JIEDU_DB_PASS")) {
            (Some(user), Some(pass)) => Some((user, pass)),
            (None, None) => None,
            _ => return Err(ConfigError::HalfCredentials),
        };
        let mut leptos = get_configuration(None)
            .map_err(|e| ConfigError::Leptos(e.to_string()))?
            .leptos_options;
        // Built without cargo-leptos (plain `cargo build` or `cargo test`): name the bundle.
        if leptos.output_name.is_empty() {
            leptos.output_name = "jiedu".into();
        }
        // `cargo leptos build` with hash-files writes the hashes next to the binary; the
        // bundle and style sheet then have content-hashed names.
        let hashes = hashes_beside_binary(&leptos.hash_file);
        leptos.hash_files = hashes.is_some();
        let stylesheet = match hashes.as_ref().and_then(|h| h.get("css")) {
            Some(hash) => format!("/pkg/{}.{hash}.css", leptos.output_name),
            None => format!("/pkg/{}.css", leptos.output_name),
        };
        let url = env("JIEDU_DB").unwrap_or_else(|| "surrealkv://data".into());
        let remote = ["ws://", "wss://", "http://", "https://"]
            .iter()
            .any(|scheme| url.starts_with(scheme));
        let page_cache_mb = env("JIEDU_PAGE_CACHE_MB")
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(if remote { 0 } else { 64 });
        let proxies = app::ssr::client::TrustedProxies::parse(
            &env("JIEDU_TRUSTED_PROXIES").unwrap_or_default(),
            env("JIEDU_CLIENT_IP_HEADER").as_deref(),
        )
        .map_err(ConfigError::Proxies)?;
        Ok(Self {
            db: DbConfig { url, credentials },
            leptos,
            settings: Settings {
                secure_cookies: env("JIEDU_SECURE_COOKIES")
                    .is_some_and(|v| v == "1" || v == "true"),
                public_url: env("JIEDU_PUBLIC_URL"),
                stylesheet,
                proxies,
                ..Settings::default()
            },
            uploads: env("JIEDU_FILES").unwrap_or_else(|| "files".into()).into(),
            publish_tick: std::time::Duration::from_secs(
                env("JIEDU_PUBLISH_TICK_SECS")
                    .and_then(|v| v.parse().ok())
                    .filter(|s| *s > 0)
                    .unwrap_or(5),
            ),
            page_cache_bytes: page_cache_mb * 1024 * 1024,
            test_clock: env("JIEDU_TEST_CLOCK").is_some_and(|v| v == "1"),
        })
    }
}

/// The `kind: hash` lines of the hash file cargo-leptos writes beside the binary, if any.
fn hashes_beside_binary(name: &str) -> Option<std::collections::HashMap<String, String>> {
    let path = std::env::current_exe().ok()?.parent()?.join(name);
    let text = std::fs::read_to_string(path).ok()?;
    let hashes: std::collections::HashMap<String, String> = text
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(kind, hash)| (kind.trim().to_owned(), hash.trim().to_owned()))
        .filter(|(_, hash)| {
            !hash.is_empty()
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
        .collect();
    (!hashes.is_empty()).then_some(hashes)
}
