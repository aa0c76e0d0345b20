//! What rich text may contain, and how plain text is written into HTML.
//!
//! The allow-list here is the only one: the server's sanitiser (`ssr::sanitize`) is built
//! from it, and the editor in the browser keeps the same tags and attributes when it loads
//! a body or takes a paste (defence in depth: the server still sanitises what is posted).
//! Compiled for both targets and free of I/O, so both sides decide alike.

/// Every tag a body may contain, with the attributes it may carry. Nothing else, and no
/// attribute allowed on every tag: no `style`, `class`, `id`, `lang`, `title` or `data-*`
/// outside this table. The values are further checked by [`attribute_allowed`].
pub const ALLOWED: &[(&str, &[&str])] = &[
    ("p", &[]),
    ("br", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("strong", &[]),
    ("b", &[]),
    ("em", &[]),
    ("i", &[]),
    ("u", &[]),
    ("s", &[]),
    ("sub", &[]),
    ("sup", &[]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("li", &[]),
    ("a", &["href", "title"]),
    ("blockquote", &[]),
    ("table", &[]),
    ("caption", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tfoot", &[]),
    ("tr", &[]),
    ("th", &["colspan", "rowspan", "scope"]),
    ("td", &["colspan", "rowspan"]),
    ("img", &["src", "alt", "width", "height"]),
    ("hr", &[]),
    ("figure", &[]),
    ("figcaption", &[]),
];

/// Tags dropped together with everything inside them (their text is not content).
pub const DROPPED_WITH_CONTENT: &[&str] = &["script", "style"];

/// The schemes a link may use; relative links only to our own files ([`own_file_link`]).
pub const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Hosts whose images a body may show (over https) besides our own uploads. An image from
/// any other host would tell that host who reads which page (a tracking pixel), so its
/// `src` is dropped. Add a host here only for a government source the county cites.
pub const IMAGE_HOSTS: &[&str] = &["www.gov.cn"];

/// Attributes whose value must be a plain number: 1 to 4 ASCII digits, nothing else (no
/// `100%`, no `-1`, no space).
pub const NUMERIC_ATTRIBUTES: &[&str] = &["width", "height", "colspan", "rowspan", "start"];

/// The attributes `tag` may carry, or `None` when the tag is not allowed at all.
pub fn tag_attributes(tag: &str) -> Option<&'static [&'static str]> {
    ALLOWED.iter().find(|(t, _)| *t == tag).map(|(_, a)| *a)
}

/// Whether `attribute="value"` may stay on `tag`, given that the tag may carry that
/// attribute: numbers where a number belongs, a known keyword for `scope`, a safe address
/// for `href` and `src`. `rel` on a link is the sanitiser's own and always stays.
pub fn attribute_allowed(tag: &str, attribute: &str, value: &str) -> bool {
    match (tag, attribute) {
        (_, a) if NUMERIC_ATTRIBUTES.contains(&a) => {
            (1..=4).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
        }
        ("th", "scope") => matches!(value, "row" | "col" | "rowgroup" | "colgroup"),
        ("a", "href") => link_allowed(value),
        ("img", "src") => image_source_allowed(value),
        _ => true,
    }
}

/// A link to the web (`http`, `https`), to mail, or to one of our own files.
pub fn link_allowed(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') => LINK_SCHEMES
            .iter()
            .any(|allowed| scheme.eq_ignore_ascii_case(allowed)),
        _ => own_file_link(url),
    }
}

/// A relative link that may survive: `/files/{name}`, the name of letters, digits, `.`,
/// `-` and `_` without `..`. Anything else relative — `//other.host`, `../`, a bare path —
/// is dropped.
pub fn own_file_link(url: &str) -> bool {
    url.strip_prefix("/files/").is_some_and(|name| {
        !name.is_empty()
            && !name.contains("..")
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    })
}

/// An image source that may load on a public page: one of our uploads, `/files/` and its
/// 64-digit SHA-256, or an https address on one of [`IMAGE_HOSTS`] (the host compared
/// whole: no user, no port, nothing that could make a browser read another host).
pub fn image_source_allowed(url: &str) -> bool {
    if let Some(hash) = url.strip_prefix("/files/") {
        return hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    }
    let Some(rest) = url
        .get(..8)
        .filter(|scheme| scheme.eq_ignore_ascii_case("https://"))
        .and_then(|_| url.get(8..))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    IMAGE_HOSTS.iter().any(|h| host.eq_ignore_ascii_case(h))
}

/// Plain text written as HTML text (or inside a double-quoted attribute): `&`, `<`, `>`
/// and `"` become entities, so the text can never end the element it is in.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_only_where_a_number_belongs() {
        for ok in ["1", "20", "1024"] {
            assert!(attribute_allowed("td", "colspan", ok), "{ok}");
        }
        for bad in ["", "0x1", "-1", "100%", " 2", "12345", "1e3", "２"] {
            assert!(!attribute_allowed("img", "width", bad), "{bad:?}");
            assert!(!attribute_allowed("ol", "start", bad), "{bad:?}");
        }
        assert!(attribute_allowed("th", "scope", "col"));
        assert!(!attribute_allowed("th", "scope", "x onclick"));
    }

    #[test]
    fn links_go_to_the_web_to_mail_or_to_our_files() {
        for ok in [
            "https://www.gov.cn/zhengce/",
            "HTTP://example.cn",
            "mailto:x@example.cn",
            "/files/ab12.pdf",
        ] {
            assert!(link_allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,x",
            "//evil.example/",
            "/admin",
            "/files/../etc/passwd",
            "/files/a:b",
            "x",
        ] {
            assert!(!link_allowed(bad), "{bad:?}");
        }
    }

    #[test]
    fn images_load_from_our_files_and_the_listed_hosts_only() {
        let hash = "a".repeat(64);
        assert!(image_source_allowed(&format!("/files/{hash}")));
        assert!(image_source_allowed("https://www.gov.cn/images/1.png"));
        assert!(image_source_allowed("HTTPS://WWW.GOV.CN/x.png"));
        for bad in [
            "/files/cd34".to_owned(),
            format!("/files/{hash}?x"),
            format!("/files/{}", "g".repeat(64)),
            "http://www.gov.cn/x.png".into(),
            "https://evil.example/pixel.gif".into(),
            "https://www.gov.cn.evil.example/x.png".into(),
            "https://www.gov.cn@evil.example/x.png".into(),
            "https://www.gov.cn:8443/x.png".into(),
            "https://www.gov.cn\\@evil.example/".into(),
            "//www.gov.cn/x.png".into(),
            "data:image/png;base64,AAAA".into(),
            "x".into(),
        ] {
            assert!(!image_source_allowed(&bad), "{bad}");
        }
    }

    #[test]
    fn escaped_text_cannot_close_its_element() {
        assert_eq!(
            escape_html(r#"</textarea><img src=x onerror="a()"> &lt;"#),
            "&lt;/textarea&gt;&lt;img src=x onerror=&quot;a()&quot;&gt; &amp;lt;"
        );
    }

    #[test]
    fn every_tag_is_listed_once() {
        let mut tags: Vec<_> = ALLOWED.iter().map(|(t, _)| *t).collect();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags.len(), ALLOWED.len());
        assert!(tag_attributes("script").is_none());
        assert_eq!(tag_attributes("ol"), Some(&["start"][..]));
    }
}
