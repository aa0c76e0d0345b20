//! Rendered public pages, kept for visitors who are not signed in, so that a burst of
//! readers costs one render per page.
//!
//! Each page is filed under what it shows ([`Subject`]): a policy with everything hung on
//! it (its interpretations, Q&A and plan), one interpretation, one Q&A, or the lists
//! (home, library, search, feeds, sitemaps), which show a little of everything. Each
//! committed write's [`Change`] reaches the cache through the stream of committed changes
//! (`ssr::changes`), and exactly the pages that show it are dropped: the policy's page, the
//! pages of its interpretations and Q&A, and the lists. Other policies' pages stay.
//!
//! A render that was under way while a change landed may have read the old state, so the
//! cache counts changes (`epoch`): a page is kept only if no change landed between the
//! start of its render and its storing, checked again after storing, so that a change
//! racing the store still removes it. Pages also end at the next midnight in China, as
//! dates on them ("today", overdue) move then.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::changes::Change;
use axum::body::Bytes;
use chrono::{FixedOffset, Utc};
use quick_cache::sync::{Cache, DefaultLifecycle, PlaceholderGuard};
use quick_cache::{DefaultHashBuilder, Weighter};

/// What a cached page shows, decided by its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// Home, library, lists, search, feeds and sitemaps.
    Lists,
    /// `/policies/{id}`.
    Policy(String),
    /// `/interpretations/{id}`.
    Article(String),
    /// `/qa/{id}`.
    Qa(String),
}

impl Subject {
    /// The subject of a public path, or `None` for a path that is never cached (the
    /// desk, forms, tracking, files, server functions): as [`crate::routes::ROUTES`] says.
    pub fn of_path(path: &str) -> Option<Self> {
        use crate::routes::CacheAs;
        let (route, param) = crate::routes::find(path)?;
        let param = param.to_owned();
        match route.cache {
            CacheAs::No => None,
            CacheAs::Lists => Some(Self::Lists),
            CacheAs::Policy => Some(Self::Policy(param)),
            CacheAs::Article => Some(Self::Article(param)),
            CacheAs::Qa => Some(Self::Qa(param)),
        }
    }
}

/// One stored page: the body as sent and gzipped, and the headers that describe it.
#[derive(Debug)]
pub struct Page {
    pub subject: Subject,
    pub content_type: axum::http::HeaderValue,
    pub body: Bytes,
    /// The body gzipped, for clients that accept it.
    pub gzip: Bytes,
    /// A strong validator: a hash of the body.
    pub etag: axum::http::HeaderValue,
    expires: Instant,
}

impl Page {
    /// A page for `body`, valid until the next midnight in China.
    pub fn new(subject: Subject, content_type: axum::http::HeaderValue, body: Bytes) -> Self {
        use sha2::{Digest, Sha256};
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
        let gzip = encoder
            .write_all(&body)
            .and_then(|()| encoder.finish())
            .map(Bytes::from)
            .unwrap_or_default();
        let digest = Sha256::digest(&body);
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let etag = axum::http::HeaderValue::from_str(&format!("\"{hex}\""))
            .unwrap_or_else(|_| axum::http::HeaderValue::from_static("\"\""));
        Self {
            subject,
            content_type,
            body,
            gzip,
            etag,
            expires: Instant::now() + until_midnight_in_china(),
        }
    }

    fn fresh(&self) -> bool {
        Instant::now() < self.expires
    }
}

/// How long until the next midnight in China (UTC+8).
fn until_midnight_in_china() -> Duration {
    let china = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    let now = Utc::now().with_timezone(&china);
    let next = (now.date_naive() + chrono::Days::new(1))
        .and_hms_opt(0, 0, 0)
        .map(|midnight| midnight - now.naive_local())
        .and_then(|left| left.to_std().ok());
    next.unwrap_or(Duration::from_secs(60))
}

#[derive(Clone)]
struct PageWeight;

impl Weighter<String, Arc<Page>> for PageWeight {
    fn weight(&self, key: &String, page: &Arc<Page>) -> u64 {
        (key.len() + page.body.len() + page.gzip.len() + 256) as u64
    }
}

/// The cache of rendered public pages; cheap to clone (shared).
#[derive(Clone)]
pub struct PageCache {
    inner: Option<Arc<Inner>>,
}

struct Inner {
    pages: Cache<String, Arc<Page>, PageWeight>,
    epoch: AtomicU64,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            Some(inner) => write!(f, "PageCache({} pages)", inner.pages.len()),
            None => f.write_str("PageCache(off)"),
        }
    }
}

impl Default for PageCache {
    /// On, with 64 MiB.
    fn default() -> Self {
        Self::new(64 * 1024 * 1024)
    }
}

impl PageCache {
    /// A cache holding up to `bytes` of pages; 0 turns caching off.
    pub fn new(bytes: u64) -> Self {
        let inner = (bytes > 0).then(|| {
            Arc::new(Inner {
                // About 40 KB a page (body and gzip): the estimate sizes the table.
                pages: Cache::with_weighter(
                    usize::try_from(bytes / 40_000).unwrap_or(1_000).max(16),
                    bytes,
                    PageWeight,
                ),
                epoch: AtomicU64::new(0),
            })
        });
        Self { inner }
    }

    /// A cache that stores nothing.
    pub fn off() -> Self {
        Self { inner: None }
    }

    pub fn is_on(&self) -> bool {
        self.inner.is_some()
    }

    /// How many pages are stored.
    pub fn len(&self) -> usize {
        self.inner.as_ref().map_or(0, |i| i.pages.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The stored page under `key`, or the right to render it. While one request renders
    /// a page, others asking for the same key wait for it rather than render it again (a
    /// burst after a change costs one render, not one per reader).
    pub async fn lookup(&self, key: &str) -> Lookup<'_> {
        let Some(inner) = &self.inner else {
            return Lookup::Render(Render {
                cache: self,
                guard: None,
                epoch: 0,
            });
        };
        loop {
            // Read before the render it may lead to; see `Render::store`.
            let epoch = inner.epoch.load(Ordering::SeqCst);
            match inner.pages.get_value_or_guard_async(key).await {
                Ok(page) if page.fresh() => return Lookup::Hit(page),
                Ok(_) => {
                    inner.pages.remove(key);
                }
                Err(guard) => {
                    return Lookup::Render(Render {
                        cache: self,
                        guard: Some(guard),
                        epoch,
                    });
                }
            }
        }
    }

    /// The stored page under `key`, if it is still valid (tests look with it).
    #[cfg(test)]
    fn get(&self, key: &str) -> Option<Arc<Page>> {
        let inner = self.inner.as_ref()?;
        let page = inner.pages.get(key)?;
        if page.fresh() {
            Some(page)
        } else {
            inner.pages.remove(key);
            None
        }
    }

    /// Drops every page that shows what `change` changed: the lists, and the pages of the
    /// policies, interpretations and Q&A it names (everything, for a change to all). The
    /// stream of committed changes calls it once the write has committed.
    pub(crate) fn drop_changed(&self, change: &Change) {
        let Some(inner) = &self.inner else { return };
        inner.epoch.fetch_add(1, Ordering::SeqCst);
        if change.everything {
            inner.pages.clear();
            return;
        }
        inner.pages.retain(|_, page| !shows(change, &page.subject));
    }
}

/// Whether a page about `subject` shows what `change` changed.
fn shows(change: &Change, subject: &Subject) -> bool {
    match subject {
        Subject::Lists => true,
        Subject::Policy(id) => change.policies.contains(id),
        Subject::Article(id) => change.articles.contains(id),
        Subject::Qa(id) => change.qa.contains(id),
    }
}

/// What [`PageCache::lookup`] found.
pub enum Lookup<'a> {
    Hit(Arc<Page>),
    /// Render the page, then [`Render::store`] it (or drop this to store nothing).
    Render(Render<'a>),
}

type Guard<'a> = PlaceholderGuard<
    'a,
    String,
    Arc<Page>,
    PageWeight,
    DefaultHashBuilder,
    DefaultLifecycle<String, Arc<Page>>,
>;

/// The right to render one page; requests for the same page wait while it is held.
pub struct Render<'a> {
    cache: &'a PageCache,
    guard: Option<Guard<'a>>,
    epoch: u64,
}

impl Render<'_> {
    /// Stores the rendered page, unless a change landed since the render began (then the
    /// waiting requests render it again themselves).
    pub fn store(self, key: &str, page: Arc<Page>) {
        let (Some(inner), Some(guard)) = (&self.cache.inner, self.guard) else {
            return;
        };
        if inner.epoch.load(Ordering::SeqCst) != self.epoch {
            return;
        }
        if guard.insert(page).is_ok() && inner.epoch.load(Ordering::SeqCst) != self.epoch {
            // A change that landed while storing may have swept before the insert.
            inner.pages.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_have_the_subjects_they_show() {
        assert_eq!(Subject::of_path("/"), Some(Subject::Lists));
        assert_eq!(Subject::of_path("/policies"), Some(Subject::Lists));
        assert_eq!(Subject::of_path("/search"), Some(Subject::Lists));
        assert_eq!(
            Subject::of_path("/sitemap/policy-1.xml"),
            Some(Subject::Lists)
        );
        assert_eq!(Subject::of_path("/feeds/qa.atom"), Some(Subject::Lists));
        assert_eq!(
            Subject::of_path("/policies/abc"),
            Some(Subject::Policy("abc".into()))
        );
        assert_eq!(
            Subject::of_path("/interpretations/x1"),
            Some(Subject::Article("x1".into()))
        );
        assert_eq!(Subject::of_path("/qa/q1"), Some(Subject::Qa("q1".into())));
        for private in [
            "/desk",
            "/desk/policies/abc",
            "/policies/abc/edit",
            "/policies/",
            "/track",
            "/ask",
            "/login",
            "/api/search",
            "/files/x.png",
            "/pkg/jiedu.css",
        ] {
            assert_eq!(Subject::of_path(private), None, "{private}");
        }
    }

    #[test]
    fn a_page_keeps_its_body_gzipped_with_a_validator() {
        use std::io::Read;
        let body = Bytes::from("<p>政策解读</p>".repeat(50));
        let page = Page::new(
            Subject::Lists,
            axum::http::HeaderValue::from_static("text/html"),
            body.clone(),
        );
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&page.gzip[..])
            .read_to_end(&mut unzipped)
            .expect("gzip");
        assert_eq!(unzipped, body);
        assert!(page.gzip.len() < body.len());
        assert!(page.fresh());
        let other = Page::new(
            Subject::Lists,
            axum::http::HeaderValue::from_static("text/html"),
            Bytes::from("x"),
        );
        assert_ne!(page.etag, other.etag);
    }

    fn page(body: &'static str) -> Arc<Page> {
        Arc::new(Page::new(
            Subject::Lists,
            axum::http::HeaderValue::from_static("text/html"),
            Bytes::from(body),
        ))
    }

    fn bump(cache: &PageCache) {
        if let Some(inner) = &cache.inner {
            inner.epoch.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[tokio::test]
    async fn a_render_racing_a_change_is_not_stored() {
        let cache = PageCache::new(1 << 20);
        let Lookup::Render(render) = cache.lookup("a").await else {
            panic!("an empty cache has nothing");
        };
        render.store("a", page("a"));
        assert!(matches!(cache.lookup("a").await, Lookup::Hit(_)));

        let Lookup::Render(render) = cache.lookup("b").await else {
            panic!("b is not stored");
        };
        bump(&cache);
        render.store("b", page("b"));
        assert!(cache.get("b").is_none(), "rendered before a change");

        let off = PageCache::off();
        let Lookup::Render(render) = off.lookup("a").await else {
            panic!("an off cache has nothing");
        };
        render.store("a", page("a"));
        assert!(off.get("a").is_none());
    }

    #[tokio::test]
    async fn readers_of_a_page_being_rendered_wait_for_it() {
        let cache = PageCache::new(1 << 20);
        let Lookup::Render(render) = cache.lookup("p").await else {
            panic!("nothing stored yet");
        };
        let waiting = {
            let cache = cache.clone();
            tokio::spawn(async move {
                match cache.lookup("p").await {
                    Lookup::Hit(page) => Some(page.body.clone()),
                    Lookup::Render(_) => None,
                }
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(
            !waiting.is_finished(),
            "the second reader waits for the first render"
        );
        render.store("p", page("rendered once"));
        let body = waiting.await.expect("task");
        assert_eq!(body.as_deref(), Some(&b"rendered once"[..]));
    }
}
