//! Configuration, read once from documented environment variables.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `JIEDU_DB` | `surrealkv://path`, `mem://` or `ws://host:port` | `surrealkv://data` |
//! | `JIEDU_DB_USER`, `JIEDU_DB_PASS` | root credentials for a `ws://` server | none (required for ws) |
//! | `LEPTOS_SITE_ADDR` | address to listen on | `127.0.0.1:3000` |
//! | `LEPTOS_SITE_ROOT` | where the built CSS and wasm are | `target/site` |
//! | `JIEDU_SECURE_COOKIES` | `1` (or `true`) when served over https: the session cookie gets `Secure`; `0` or `false` | off |
//! | `JIEDU_PUBLIC_URL` | the site's public address, for feeds, sitemaps and canonical links | the request's host |
//! | `JIEDU_FILES` | directory of uploaded files (one per content hash) | `files` |
//! | `JIEDU_PUBLISH_TICK_SECS` | how often scheduled articles are looked for | `5` |
//! | `JIEDU_TRUSTED_PROXIES` | proxies whose client header is believed (addresses, CIDR) | none |
//! | `JIEDU_CLIENT_IP_HEADER` | `x-forwarded-for` or `forwarded`: the header those proxies write | `x-forwarded-for` |
//! | `JIEDU_SITE_CODE`, `JIEDU_ICP`, `JIEDU_PSB` | the site's 网站标识码, ICP备案号 and 公安机关备案号, shown in the footer | none (not shown) |
//! | `JIEDU_PAGE_CACHE_MB` | memory for rendered public pages; `0` turns the cache off | `64`; `0` with `ws://` |
//! | `RUST_LOG` | log filter (read in `main`) | `info,surrealdb=warn,surrealkv=warn` |
//!
//! An empty variable counts as unset. A variable set to a value it cannot mean is refused
//! with its name and value, and the process exits: nothing silently falls back to the
//! default.
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
    /// A variable is set to something it cannot mean; nothing falls back to a default.
    #[error("{var}={value:?} is not valid: {expected}")]
    Invalid {
        var: &'static str,
        value: String,
        expected: &'static str,
    },
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

/// The value of `var` read by `lookup` and parsed, `None` when it is unset or empty (the
/// default applies), and an error naming the variable and its value when it cannot be
/// parsed.
fn parsed<T>(
    lookup: &impl Fn(&str) -> Option<String>,
    var: &'static str,
    expected: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>, ConfigError> {
    let Some(value) = lookup(var).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    match parse(value.trim()) {
        Some(parsed) => Ok(Some(parsed)),
        None => Err(ConfigError::Invalid {
            var,
            value,
            expected,
        }),
    }
}

/// `1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off`, in any case.
fn switch(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// The database engines this build can open.
const DB_SCHEMES: &[&str] = &["surrealkv://", "mem://", "ws://", "wss://"];

impl Config {
    /// Reads the process environment (see the module's table).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the configuration from `lookup` (the environment, or a test's table). Leptos
    /// reads its own `LEPTOS_*` variables from the environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = |key: &str| lookup(key).filter(|v| !v.is_empty());
        let credentials = match (env("JIEDU_DB_USER"), env("JIEDU_DB_PASS")) {
            (Some(user), Some(pass)) => Some((user, pass)),
            (None, None) => None,
            _ => return Err(ConfigError::HalfCredentials),
        };
        let url = parsed(
            &lookup,
            "JIEDU_DB",
            "expected surrealkv://PATH, mem:// or ws://HOST:PORT",
            |v| {
                DB_SCHEMES
                    .iter()
                    .any(|s| v.starts_with(s))
                    .then(|| v.to_owned())
            },
        )?
        .unwrap_or_else(|| "surrealkv://data".into());
        let remote = ["ws://", "wss://"]
            .iter()
            .any(|scheme| url.starts_with(scheme));
        let page_cache_mb = parsed(
            &lookup,
            "JIEDU_PAGE_CACHE_MB",
            "expected a whole number of megabytes (0 turns the page cache off)",
            |v| v.parse::<u64>().ok().filter(|mb| *mb <= 1024 * 1024),
        )?
        .unwrap_or(if remote { 0 } else { 64 });
        let publish_tick = parsed(
            &lookup,
            "JIEDU_PUBLISH_TICK_SECS",
            "expected a whole number of seconds, at least 1",
            |v| v.parse::<u64>().ok().filter(|s| *s > 0),
        )?
        .unwrap_or(5);
        let secure_cookies = parsed(
            &lookup,
            "JIEDU_SECURE_COOKIES",
            "expected 1 or 0 (true or false)",
            switch,
        )?
        .unwrap_or(false);
        let public_url = parsed(
            &lookup,
            "JIEDU_PUBLIC_URL",
            "expected the site's address, such as https://zwgk.example.gov.cn",
            |v| {
                let uri = v.parse::<http::Uri>().ok()?;
                let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
                let plain = uri.query().is_none();
                (scheme_ok && uri.authority().is_some() && plain).then(|| v.to_owned())
            },
        )?;
        let proxies = app::ssr::client::TrustedProxies::parse(
            &env("JIEDU_TRUSTED_PROXIES").unwrap_or_default(),
            env("JIEDU_CLIENT_IP_HEADER").as_deref(),
        )
        .map_err(ConfigError::Proxies)?;
        // Leptos parses it too, but its error does not say which variable was wrong.
        parsed(
            &lookup,
            "LEPTOS_SITE_ADDR",
            "expected an address and port, such as 127.0.0.1:3000",
            |v| v.parse::<std::net::SocketAddr>().ok(),
        )?;
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
        Ok(Self {
            db: DbConfig { url, credentials },
            leptos,
            settings: Settings {
                secure_cookies,
                public_url,
                stylesheet,
                proxies,
                identity: app::dto::SiteIdentity {
                    site_code: env("JIEDU_SITE_CODE").filter(|v| !v.trim().is_empty()),
                    icp: env("JIEDU_ICP").filter(|v| !v.trim().is_empty()),
                    psb: env("JIEDU_PSB").filter(|v| !v.trim().is_empty()),
                },
                ..Settings::default()
            },
            uploads: env("JIEDU_FILES").unwrap_or_else(|| "files".into()).into(),
            publish_tick: std::time::Duration::from_secs(publish_tick),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(move |key| vars.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    #[test]
    fn defaults_apply_to_unset_and_empty_variables() {
        let config = with(&[("JIEDU_PAGE_CACHE_MB", "")]).expect("config");
        assert_eq!(config.db.url, "surrealkv://data");
        assert_eq!(config.page_cache_bytes, 64 * 1024 * 1024);
        assert_eq!(config.publish_tick, std::time::Duration::from_secs(5));
        assert!(!config.settings.secure_cookies);
        assert_eq!(config.settings.public_url, None);
        let remote = with(&[
            ("JIEDU_DB", "ws://db:8000"),
            ("JIEDU_DB_USER", "root"),
            ("JIEDU_DB_PASS", "secret"),
        ])
        .expect("config");
        assert_eq!(remote.page_cache_bytes, 0);
    }

    #[test]
    fn valid_values_are_taken() {
        let config = with(&[
            ("JIEDU_DB", "mem://"),
            ("JIEDU_PAGE_CACHE_MB", "0"),
            ("JIEDU_PUBLISH_TICK_SECS", "30"),
            ("JIEDU_SECURE_COOKIES", "true"),
            ("JIEDU_PUBLIC_URL", "https://zwgk.example.gov.cn"),
        ])
        .expect("config");
        assert_eq!(config.page_cache_bytes, 0);
        assert_eq!(config.publish_tick, std::time::Duration::from_secs(30));
        assert!(config.settings.secure_cookies);
        assert_eq!(
            config.settings.public_url.as_deref(),
            Some("https://zwgk.example.gov.cn")
        );
    }

    #[test]
    fn an_invalid_value_is_refused_naming_the_variable_and_the_value() {
        for (var, value) in [
            ("JIEDU_PAGE_CACHE_MB", "abc"),
            ("JIEDU_PAGE_CACHE_MB", "-1"),
            ("JIEDU_PUBLISH_TICK_SECS", "0"),
            ("JIEDU_PUBLISH_TICK_SECS", "5s"),
            ("JIEDU_SECURE_COOKIES", "maybe"),
            ("JIEDU_PUBLIC_URL", "zwgk.example.gov.cn"),
            ("JIEDU_PUBLIC_URL", "ftp://zwgk.example.gov.cn"),
            ("JIEDU_DB", "postgres://localhost"),
            ("LEPTOS_SITE_ADDR", "localhost"),
        ] {
            let e = with(&[(var, value)]).expect_err(var);
            let message = e.to_string();
            assert!(
                matches!(&e, ConfigError::Invalid { var: v, .. } if *v == var),
                "{message}"
            );
            assert!(
                message.starts_with(&format!("{var}=\"{value}\" is not valid: ")),
                "{message}"
            );
        }
        assert!(matches!(
            with(&[("JIEDU_DB_USER", "root")]),
            Err(ConfigError::HalfCredentials)
        ));
        assert!(matches!(
            with(&[("JIEDU_CLIENT_IP_HEADER", "x-real-ip")]),
            Err(ConfigError::Proxies(_))
        ));
    }
}
