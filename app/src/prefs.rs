//! A reader's display preferences: interface language and the 适老化 care mode (large
//! text, high contrast). Both live in cookies set by `GET /prefs`, so they work without
//! JavaScript and survive a reload; pages read them while rendering on the server.

/// The interface language. Policy content is always shown as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "zh" => Some(Self::Zh),
            "en" => Some(Self::En),
            _ => None,
        }
    }
}

/// What one reader chose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prefs {
    pub lang: Lang,
    /// Large text and high contrast.
    pub care: bool,
}

pub const LANG_COOKIE: &str = "jiedu_lang";
pub const CARE_COOKIE: &str = "jiedu_care";

impl Prefs {
    /// The preferences in `name=value` cookie pairs; unknown values are ignored.
    pub fn from_cookie_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut prefs = Self::default();
        for (name, value) in pairs {
            match name {
                LANG_COOKIE => prefs.lang = Lang::parse(value).unwrap_or_default(),
                CARE_COOKIE => prefs.care = value == "on",
                _ => {}
            }
        }
        prefs
    }

    /// The preferences of the request being answered; the defaults in the browser.
    pub fn current() -> Self {
        #[cfg(feature = "ssr")]
        {
            use leptos::prelude::use_context;
            if let Some(parts) = use_context::<http::request::Parts>() {
                return Self::from_headers(&parts.headers);
            }
        }
        Self::default()
    }

    #[cfg(feature = "ssr")]
    pub fn from_headers(headers: &http::HeaderMap) -> Self {
        let cookies: Vec<cookie::Cookie<'_>> = headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(cookie::Cookie::split_parse)
            .filter_map(Result::ok)
            .collect();
        Self::from_cookie_pairs(cookies.iter().map(|c| (c.name(), c.value())))
    }
}

/// The address of the page being shown, to come back to: its path and, when it has one,
/// its query (which the router gives without the `?`, or with it).
pub fn here(path: &str, search: &str) -> String {
    let query = search.trim_start_matches('?');
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// The link that switches a preference and comes back to `here`.
pub fn switch_href(setting: &str, value: &str, here: &str) -> String {
    format!(
        "/prefs?{}",
        crate::domain::library::query_string(&[(setting, value), ("next", here)])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_choose_language_and_care_mode() {
        assert_eq!(Prefs::from_cookie_pairs([]), Prefs::default());
        let p = Prefs::from_cookie_pairs([(LANG_COOKIE, "en"), (CARE_COOKIE, "on"), ("x", "y")]);
        assert_eq!(
            p,
            Prefs {
                lang: Lang::En,
                care: true
            }
        );
        let p = Prefs::from_cookie_pairs([(LANG_COOKIE, "fr"), (CARE_COOKIE, "yes")]);
        assert_eq!(p, Prefs::default());
    }

    #[test]
    fn the_page_to_come_back_to_keeps_its_query() {
        assert_eq!(here("/policies", ""), "/policies");
        assert_eq!(here("/policies", "page=2"), "/policies?page=2");
        assert_eq!(here("/search", "?q=a"), "/search?q=a");
        assert_eq!(here("/search", "?"), "/search");
    }

    #[test]
    fn switch_links_carry_the_page_to_come_back_to() {
        assert_eq!(
            switch_href("lang", "en", "/search?q=a b"),
            "/prefs?lang=en&next=%2Fsearch%3Fq%3Da%20b"
        );
    }
}
