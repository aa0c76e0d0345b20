//! Plain HTTP routes around the pages: display preferences, `robots.txt`, the sitemap
//! and the Atom feeds. Every list is read through the repositories' public conditions.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use cookie::{Cookie, SameSite};
use serde::Deserialize;

use app::domain::TaxonomyCode;
use app::domain::library::LibraryQuery;
use app::domain::search::SearchKind;
use app::error::AppError;
use app::prefs::{CARE_COOKIE, LANG_COOKIE, Lang};
use app::ssr::AppState;
use app::ssr::repo::{article, concern, discovery, policy};

/// How many entries a feed carries.
pub const FEED_ENTRIES: u32 = 20;

#[derive(Debug, Deserialize)]
pub struct PrefsQuery {
    lang: Option<String>,
    care: Option<String>,
    next: Option<String>,
}

/// `GET /prefs?lang=en|zh&care=on|off&next=/path`: remembers the choice for a year and
/// goes back to `next` (a path on this site; anything else goes home).
pub async fn prefs(State(state): State<AppState>, Query(q): Query<PrefsQuery>) -> Response {
    let mut cookies = Vec::new();
    if let Some(lang) = q.lang.as_deref().and_then(Lang::parse) {
        cookies.push(pref_cookie(LANG_COOKIE, lang.code(), &state));
    }
    match q.care.as_deref() {
        Some("on") => cookies.push(pref_cookie(CARE_COOKIE, "on", &state)),
        Some("off") => cookies.push(pref_cookie(CARE_COOKIE, "off", &state)),
        _ => {}
    }
    let next = q
        .next
        .as_deref()
        .map_or_else(|| "/".to_owned(), same_site_path);
    let mut response = Redirect::to(&next).into_response();
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Characters a path and query cannot carry as they are: encoded, never dropped.
const UNSAFE_IN_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'^')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Where a redirect may go: a path on this site, normalised; anything else is `/`.
/// Browsers drop tabs and line breaks from addresses and read `\\` as `/`, so `/\t/evil`
/// and `/\\evil` mean `//evil`, another site: any control character or backslash refuses
/// the whole value, as does an authority or scheme once it is parsed.
pub fn same_site_path(next: &str) -> String {
    let refused = !next.starts_with('/')
        || next.starts_with("//")
        || next.chars().any(|c| c.is_control() || c == '\\');
    if refused {
        return "/".to_owned();
    }
    let encoded = percent_encoding::utf8_percent_encode(next, UNSAFE_IN_PATH).to_string();
    match encoded.parse::<axum::http::Uri>() {
        Ok(uri) if uri.scheme().is_none() && uri.authority().is_none() => encoded,
        _ => "/".to_owned(),
    }
}

fn pref_cookie(name: &'static str, value: &str, state: &AppState) -> String {
    Cookie::build((name, value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .max_age(cookie::time::Duration::days(365))
        .build()
        .to_string()
}

/// `GET /robots.txt`: everything public may be crawled but the desk, the API, search
/// results and the preference switch; the sitemap is named.
pub async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = state.settings.public_base(&headers);
    let body = format!(
        "User-agent: *\nDisallow: /desk\nDisallow: /admin\nDisallow: /api/\nDisallow: /search\n\
         Disallow: /prefs\nDisallow: /invite/\nDisallow: /track\n\nSitemap: {base}/sitemap.xml\n"
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// `GET /sitemap.xml`: a sitemap index naming one sitemap for the fixed pages and one per
/// [`discovery::CHUNK`] records of each kind.
pub async fn sitemap_index(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = state.settings.public_base(&headers);
    let mut names = vec!["pages".to_owned()];
    for kind in SearchKind::ALL {
        let n = match discovery::count(&state.db, kind).await {
            Ok(n) => n,
            Err(e) => return error_response(e),
        };
        let chunks = n.div_ceil(u64::from(discovery::CHUNK)).max(1);
        names.extend((1..=chunks).map(|i| format!("{}-{i}", kind.as_str())));
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for name in names {
        xml.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            app::domain::markup::escape_html(&format!("{base}/sitemap/{name}.xml"))
        ));
    }
    xml.push_str("</sitemapindex>\n");
    xml_response(xml)
}

/// `GET /sitemap/{name}.xml`: `pages`, or `{kind}-{n}` for the nth chunk of a kind.
pub async fn sitemap(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let base = state.settings.public_base(&headers);
    let Some(name) = file.strip_suffix(".xml") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let urls: Vec<(String, Option<DateTime<Utc>>)> = if name == "pages" {
        app::routes::in_sitemap()
            .map(|p| (p.to_owned(), None))
            .collect()
    } else {
        let parsed = name.rsplit_once('-').and_then(|(kind, n)| {
            Some((
                SearchKind::parse(kind).ok()?,
                n.parse::<u32>().ok().filter(|n| *n >= 1)?,
            ))
        });
        let Some((kind, n)) = parsed else {
            return StatusCode::NOT_FOUND.into_response();
        };
        match discovery::urls(&state.db, kind, n - 1).await {
            Ok(urls) if urls.is_empty() && n > 1 => return StatusCode::NOT_FOUND.into_response(),
            Ok(urls) => urls
                .into_iter()
                .map(|u| (u.path, Some(u.updated)))
                .collect(),
            Err(e) => return error_response(e),
        }
    };
    let mut xml = String::with_capacity(urls.len() * 100 + 200);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, updated) in urls {
        xml.push_str("<url><loc>");
        xml.push_str(&app::domain::markup::escape_html(&format!("{base}{path}")));
        xml.push_str("</loc>");
        if let Some(updated) = updated {
            xml.push_str(&format!(
                "<lastmod>{}</lastmod>",
                updated.format("%Y-%m-%d")
            ));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml_response(xml)
}

#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    dir: Option<String>,
    unit: Option<String>,
}

/// One entry of a feed, before it becomes Atom.
struct Item {
    path: String,
    title: String,
    summary: String,
    author: String,
    published: DateTime<Utc>,
}

/// `GET /feeds/{policies|interpretations|qa}.atom[?dir=…&unit=…]`: the newest public
/// records of a kind, optionally of one directory (policies) or unit.
pub async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
    Query(q): Query<FeedQuery>,
) -> Response {
    let kind = match file.as_str() {
        "policies.atom" => SearchKind::Policy,
        "interpretations.atom" => SearchKind::Interpretation,
        "qa.atom" => SearchKind::Qa,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let code = |v: &Option<String>, field: &str| {
        v.as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| {
                TaxonomyCode::parse(s).map_err(|m| AppError::Invalid {
                    field: field.to_owned(),
                    message: m,
                })
            })
            .transpose()
    };
    let (dir, unit) = match (code(&q.dir, "dir"), code(&q.unit, "unit")) {
        (Ok(d), Ok(u)) => (d, u),
        (Err(e), _) | (_, Err(e)) => return error_response(e),
    };
    if dir.is_some() && kind != SearchKind::Policy {
        return error_response(AppError::Invalid {
            field: "dir".into(),
            message: app::words!(
                "只有政策文件按公开目录订阅",
                "Only policies can be followed by directory"
            ),
        });
    }
    let items = match read_items(&state, kind, dir, unit).await {
        Ok(items) => items,
        Err(e) => return error_response(e),
    };
    let base = state.settings.public_base(&headers);
    let mut self_path = format!("/feeds/{file}");
    let query: Vec<String> = [("dir", &q.dir), ("unit", &q.unit)]
        .into_iter()
        .filter_map(|(k, v)| {
            v.as_deref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={v}"))
        })
        .collect();
    if !query.is_empty() {
        self_path = format!("{self_path}?{}", query.join("&"));
    }
    let title = match kind {
        SearchKind::Policy => "衡东县政策文件",
        SearchKind::Interpretation => "衡东县政策解读",
        SearchKind::Qa => "衡东县政策问答",
    };
    let xml = atom(&base, &self_path, title, kind, items);
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

async fn read_items(
    state: &AppState,
    kind: SearchKind,
    dir: Option<TaxonomyCode>,
    unit: Option<TaxonomyCode>,
) -> Result<Vec<Item>, AppError> {
    let db = &state.db;
    Ok(match kind {
        SearchKind::Policy => {
            let query = LibraryQuery {
                directory: dir,
                unit,
                page: 1,
                ..LibraryQuery::default()
            };
            let (items, _) = policy::list_public(db, &query).await?;
            items
                .into_iter()
                .take(FEED_ENTRIES as usize)
                .map(|p| Item {
                    path: format!("/policies/{}", p.id),
                    summary: [
                        p.doc_number.as_deref(),
                        Some(&p.unit_name),
                        Some(&p.directory_name),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
                    title: p.title,
                    author: p.unit_name,
                    published: p.published_at,
                })
                .collect()
        }
        SearchKind::Interpretation => {
            let filter = article::ArticleFilter {
                kind: None,
                unit,
                page: 1,
            };
            article::list_public(db, &filter)
                .await?
                .items
                .into_iter()
                .take(FEED_ENTRIES as usize)
                .map(|a| Item {
                    path: format!("/interpretations/{}", a.id),
                    title: a.title,
                    summary: if a.summary.is_empty() {
                        format!("{}：{}", a.byline, a.policy.title)
                    } else {
                        a.summary
                    },
                    author: a.unit_name,
                    published: a.published_at,
                })
                .collect()
        }
        SearchKind::Qa => {
            let (items, _) = concern::list_qa(db, unit.as_ref(), None, 1, FEED_ENTRIES).await?;
            items
                .into_iter()
                .map(|qa| Item {
                    path: format!("/qa/{}", qa.id),
                    summary: app::ssr::sanitize::plain_text(qa.answer.as_str(), 300),
                    title: qa.question,
                    author: qa.unit_name,
                    published: qa.published_at,
                })
                .collect()
        }
    })
}

/// The Atom document (RFC 4287) of a feed.
fn atom(base: &str, self_path: &str, title: &str, kind: SearchKind, items: Vec<Item>) -> String {
    let fixed = |t: DateTime<Utc>| -> FixedDateTime { t.fixed_offset() };
    let updated = items
        .iter()
        .map(|i| i.published)
        .max()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let link = |href: String, rel: &str, mime: Option<&str>| {
        let mut link = Link::default();
        link.set_href(href);
        link.set_rel(rel);
        link.set_mime_type(mime.map(str::to_owned));
        link
    };
    let entries: Vec<Entry> = items
        .into_iter()
        .map(|item| {
            let url = format!("{base}{}", item.path);
            let mut entry = Entry::default();
            entry.set_id(url.clone());
            entry.set_title(Text::plain(item.title));
            entry.set_updated(fixed(item.published));
            entry.set_published(Some(fixed(item.published)));
            entry.set_links(vec![link(url, "alternate", Some("text/html"))]);
            entry.set_summary(Some(Text::plain(item.summary)));
            entry.set_authors(vec![Person {
                name: item.author,
                ..Person::default()
            }]);
            entry
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_id(format!("{base}{self_path}"));
    feed.set_title(Text::plain(title));
    feed.set_updated(fixed(updated));
    feed.set_lang(Some("zh-CN".to_owned()));
    feed.set_authors(vec![Person {
        name: "衡东县人民政府".into(),
        uri: Some(format!("{base}/")),
        ..Person::default()
    }]);
    let page = match kind {
        SearchKind::Policy => "/policies",
        SearchKind::Interpretation => "/interpretations",
        SearchKind::Qa => "/qa",
    };
    feed.set_links(vec![
        link(
            format!("{base}{self_path}"),
            "self",
            Some("application/atom+xml"),
        ),
        link(format!("{base}{page}"), "alternate", Some("text/html")),
    ]);
    feed.set_entries(entries);
    feed.to_string()
}

fn xml_response(xml: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

fn error_response(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status.is_server_error() {
        tracing::error!(%error, "discovery route failed");
    }
    (status, error.to_string()).into_response()
}

#[cfg(test)]
mod tests {
    use super::same_site_path;

    #[test]
    fn redirects_stay_on_this_site() {
        for (next, expected) in [
            ("/search?q=a b", "/search?q=a%20b"),
            ("/policies/xzfb-2016-5", "/policies/xzfb-2016-5"),
            ("/search?q=信息", "/search?q=%E4%BF%A1%E6%81%AF"),
            ("/\t/evil.example/", "/"),
            ("/\n", "/"),
            ("/\r\n//evil.example", "/"),
            ("//evil.example", "/"),
            ("/\\evil.example", "/"),
            ("https://evil.example/", "/"),
            ("evil.example", "/"),
            ("", "/"),
            ("/\u{7f}x", "/"),
        ] {
            assert_eq!(same_site_path(next), expected, "{next:?}");
        }
    }
}
