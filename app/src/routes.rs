//! Every address the site answers, declared once with what it is: who it is for, whether
//! its page loads the wasm bundle, what the page cache files it under, and whether the
//! sitemap lists it.
//!
//! The shell asks [`uses_islands`], the page cache asks [`find`] for a path's cache
//! subject, the sitemap lists [`in_sitemap`]; none keeps a list of its own. The router in
//! `app.rs` (pages) and `server/src/lib.rs` (handlers) declares its routes beside their
//! components; a test in the server crate fails when a page of the router is missing here
//! or a route here is not served.

/// Who a route is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Anyone: the public site, its feeds and files.
    Public,
    /// Staff: signing in, invitations, the desk and administration.
    Desk,
}

/// What the page cache files a route's answers under: whose changes drop them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheAs {
    /// Never cached: forms, personal answers, redirects, files.
    No,
    /// A page that shows a little of everything (home, lists, search, feeds, sitemaps).
    Lists,
    /// The policy named by the path's one parameter.
    Policy,
    /// The interpretation named by the path's one parameter.
    Article,
    /// The Q&A item named by the path's one parameter.
    Qa,
}

/// Who answers a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Served {
    /// A page component of the Leptos router (`app::App`).
    Page,
    /// An axum handler of the server (`jiedu::router`).
    Handler,
}

/// One route of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The path, with `:name` for a segment that varies (`/policies/:id`).
    pub path: &'static str,
    pub area: Area,
    pub served: Served,
    /// Whether the page contains an island and so loads the wasm bundle.
    pub islands: bool,
    pub cache: CacheAs,
    /// Whether the sitemap's page list names it (records are listed by the database).
    pub sitemap: bool,
}

/// A public page: no island, not in the sitemap unless [`Route::listed`] says so.
const fn public(path: &'static str, cache: CacheAs) -> Route {
    Route {
        path,
        area: Area::Public,
        served: Served::Page,
        islands: false,
        cache,
        sitemap: false,
    }
}

/// A staff page: never cached, never listed.
const fn desk(path: &'static str) -> Route {
    Route {
        path,
        area: Area::Desk,
        served: Served::Page,
        islands: false,
        cache: CacheAs::No,
        sitemap: false,
    }
}

impl Route {
    /// The same route, named in the sitemap.
    const fn listed(self) -> Self {
        Self {
            sitemap: true,
            ..self
        }
    }

    /// The same route, answered by a server handler instead of a page.
    const fn handler(self) -> Self {
        Self {
            served: Served::Handler,
            ..self
        }
    }

    /// The same route, with an island on its page.
    const fn with_islands(self) -> Self {
        Self {
            islands: true,
            ..self
        }
    }

    /// The value of the path's parameter when `path` is an address of this route: `Some("")`
    /// for a route without one, `None` when it does not match.
    pub fn matches<'a>(&self, path: &'a str) -> Option<&'a str> {
        let mut param = "";
        let mut actual = path.split('/');
        for expected in self.path.split('/') {
            let segment = actual.next()?;
            if expected.starts_with(':') {
                if segment.is_empty() {
                    return None;
                }
                param = segment;
            } else if expected != segment {
                return None;
            }
        }
        actual.next().is_none().then_some(param)
    }
}

use CacheAs::{Article, Lists, No, Policy, Qa};

/// Every route, public ones first. The sitemap lists the ones marked `listed` in this order.
pub const ROUTES: &[Route] = &[
    public("/", Lists).listed(),
    public("/policies", Lists).listed(),
    public("/policies/:id", Policy),
    public("/interpretations", Lists).listed(),
    public("/interpretations/:id", Article),
    public("/qa", Lists).listed(),
    public("/qa/:id", Qa),
    public("/ask", No).listed(),
    public("/apply", No).listed(),
    public("/track", No),
    public("/track/letter.docx", No).handler(),
    public("/track/attachments", No).handler(),
    public("/search", Lists),
    public("/feeds", Lists).listed(),
    public("/feeds/:file", Lists).handler(),
    public("/sitemap.xml", Lists).handler(),
    public("/sitemap/:file", Lists).handler(),
    public("/robots.txt", No).handler(),
    public("/prefs", No).handler(),
    public("/files/:name", No).handler(),
    desk("/login"),
    desk("/invite/:token"),
    desk("/desk"),
    desk("/desk/inbox").with_islands(),
    desk("/desk/concerns/:code").with_islands(),
    desk("/desk/applications"),
    desk("/desk/applications/new"),
    desk("/desk/applications/table"),
    desk("/desk/applications/:code"),
    desk("/desk/applications/:code/letter.docx").handler(),
    desk("/desk/applications/:code/attachment").handler(),
    desk("/desk/policies"),
    desk("/desk/policies/new"),
    desk("/desk/policies/:id"),
    desk("/desk/policies/:id/edit"),
    desk("/desk/policies/:id/plan"),
    desk("/desk/articles/new").with_islands(),
    desk("/desk/articles/:id"),
    desk("/desk/articles/:id/edit").with_islands(),
    desk("/admin"),
    desk("/admin/calendar"),
];

/// The route `path` is an address of, with the value of its parameter (`""` when it has
/// none). A fixed path wins over a parameter (`/desk/policies/new` is not policy "new").
pub fn find(path: &str) -> Option<(&'static Route, &str)> {
    let mut found = ROUTES
        .iter()
        .filter_map(|route| route.matches(path).map(|param| (route, param)));
    let first = found.next()?;
    if first.0.path.contains(':') {
        // A fixed route declared after a parameter route of the same shape.
        if let Some(fixed) = found.find(|(route, _)| !route.path.contains(':')) {
            return Some(fixed);
        }
    }
    Some(first)
}

/// Whether the page at `path` contains an island and so needs the wasm bundle.
pub fn uses_islands(path: &str) -> bool {
    find(path).is_some_and(|(route, _)| route.islands)
}

/// The fixed pages the sitemap names, in order.
pub fn in_sitemap() -> impl Iterator<Item = &'static str> {
    ROUTES.iter().filter(|r| r.sitemap).map(|r| r.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_is_declared_once() {
        let mut paths: Vec<&str> = ROUTES.iter().map(|r| r.path).collect();
        paths.sort_unstable();
        let before = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), before, "a path is declared twice");
    }

    #[test]
    fn staff_routes_are_never_cached_listed_or_public() {
        for route in ROUTES.iter().filter(|r| r.area == Area::Desk) {
            assert_eq!(route.cache, CacheAs::No, "{}", route.path);
            assert!(!route.sitemap, "{}", route.path);
        }
        for route in ROUTES.iter().filter(|r| r.islands) {
            assert_eq!(
                route.cache,
                CacheAs::No,
                "{}: a page with an island",
                route.path
            );
        }
    }

    #[test]
    fn a_cache_subject_with_an_id_has_exactly_one_parameter() {
        for route in ROUTES {
            let params = route.path.split('/').filter(|s| s.starts_with(':')).count();
            match route.cache {
                CacheAs::Policy | CacheAs::Article | CacheAs::Qa => {
                    assert_eq!(params, 1, "{}", route.path);
                }
                CacheAs::Lists | CacheAs::No => {}
            }
        }
    }

    #[test]
    fn paths_find_their_route_and_parameter() {
        fn path_of(p: &str) -> Option<(&'static str, &str)> {
            find(p).map(|(route, param)| (route.path, param))
        }
        assert_eq!(path_of("/"), Some(("/", "")));
        assert_eq!(path_of("/policies/abc"), Some(("/policies/:id", "abc")));
        assert_eq!(
            path_of("/desk/policies/new"),
            Some(("/desk/policies/new", ""))
        );
        assert_eq!(
            path_of("/desk/articles/x1/edit"),
            Some(("/desk/articles/:id/edit", "x1"))
        );
        assert_eq!(path_of("/policies/"), None);
        assert_eq!(path_of("/policies/abc/edit"), None);
        assert_eq!(path_of("/nowhere"), None);
        assert_eq!(path_of(""), None);
    }

    #[test]
    fn only_the_article_form_loads_the_wasm() {
        assert!(uses_islands("/desk/articles/new"));
        assert!(uses_islands("/desk/articles/a1/edit"));
        for path in [
            "/",
            "/policies",
            "/policies/x",
            "/desk/articles/a1",
            "/desk",
        ] {
            assert!(!uses_islands(path), "{path}");
        }
    }

    #[test]
    fn the_sitemap_names_the_pages_of_the_header() {
        assert_eq!(
            in_sitemap().collect::<Vec<_>>(),
            [
                "/",
                "/policies",
                "/interpretations",
                "/qa",
                "/ask",
                "/apply",
                "/feeds"
            ]
        );
    }
}
