//! The one HTML sanitiser: every rich-text field passes through it when it is written.

use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::Builder;

use crate::domain::SanitizedHtml;

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .add_tags([
            "p",
            "br",
            "h2",
            "h3",
            "h4",
            "h5",
            "strong",
            "b",
            "em",
            "i",
            "u",
            "s",
            "sub",
            "sup",
            "ul",
            "ol",
            "li",
            "a",
            "blockquote",
            "table",
            "caption",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "th",
            "td",
            "img",
            "hr",
            "figure",
            "figcaption",
        ])
        .add_tag_attributes("a", ["href", "title"])
        .add_tag_attributes("img", ["src", "alt", "width", "height"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::Custom(Box::new(own_file_url)))
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    builder
});

/// The only relative URLs that survive: our own uploaded files (`/files/{name}`). Anything
/// else relative — `//other.host`, `../`, a bare path — is dropped with its attribute.
fn own_file_url(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    let name = url.strip_prefix("/files/")?;
    let safe = !name.is_empty()
        && !name.contains("..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    safe.then_some(std::borrow::Cow::Borrowed(url))
}

/// Cleans untrusted HTML down to the structural tags a policy or interpretation needs.
pub fn sanitize(html: &str) -> SanitizedHtml {
    SanitizedHtml::trusted(CLEANER.clean(html).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_styles_are_removed() {
        let dirty = r#"<p style="color:red" onclick="x()">正文<script>alert(1)</script></p><img src="javascript:alert(1)" onerror="x()">"#;
        let clean = sanitize(dirty);
        assert_eq!(clean.as_str(), "<p>正文</p><img>");
    }

    #[test]
    fn structure_and_safe_links_survive() {
        let html = r#"<h3>一、总则</h3><table><tbody><tr><td colspan="2">财政局</td></tr></tbody></table><a href="https://www.gov.cn/">国务院</a>"#;
        let clean = sanitize(html);
        assert!(clean.as_str().contains(r#"<td colspan="2">财政局</td>"#));
        assert!(
            clean
                .as_str()
                .contains(r#"<a href="https://www.gov.cn/" rel="noopener noreferrer">"#)
        );
        assert!(clean.as_str().starts_with("<h3>一、总则</h3>"));
    }

    #[test]
    fn only_web_mail_and_our_own_file_urls_survive() {
        let html = r#"<a href="//evil.example/x">a</a><a href="/admin">b</a><a href="/files/../etc/passwd">c</a><a href="/files/ab12.pdf">d</a><a href="mailto:x@example.cn">e</a><img src="data:image/png;base64,AAAA"><img src="/files/cd34">"#;
        let clean = sanitize(html);
        assert_eq!(
            clean.as_str(),
            r#"<a rel="noopener noreferrer">a</a><a rel="noopener noreferrer">b</a><a rel="noopener noreferrer">c</a><a href="/files/ab12.pdf" rel="noopener noreferrer">d</a><a href="mailto:x@example.cn" rel="noopener noreferrer">e</a><img><img src="/files/cd34">"#
        );
    }

    #[test]
    fn sanitising_twice_changes_nothing() {
        let once = sanitize(r#"<p>甲<b>乙</b><a href="/files/x">附件</a></p>"#);
        assert_eq!(sanitize(once.as_str()), once);
    }
}

static TEXT_ONLY: LazyLock<Builder<'static>> = LazyLock::new(Builder::empty);

/// The visible text of a piece of HTML, white space collapsed, cut to `max_chars` (with
/// an ellipsis when cut): for meta descriptions and feed summaries.
pub fn plain_text(html: &str, max_chars: usize) -> String {
    // Block ends become spaces so paragraphs do not run together.
    let spaced = html.replace("</", " </");
    let escaped = TEXT_ONLY.clean(&spaced).to_string();
    let text = escaped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        flat
    } else {
        let mut cut: String = flat.chars().take(max_chars).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod plain_tests {
    use super::plain_text;

    #[test]
    fn text_is_taken_out_of_html_and_cut() {
        assert_eq!(
            plain_text("<h2>一、总则</h2><p>公开 &amp; 透明</p>", 100),
            "一、总则 公开 & 透明"
        );
        assert_eq!(plain_text("<p>一二三四五</p>", 3), "一二三…");
        assert_eq!(plain_text("<script>x</script><p>a</p>", 10), "a");
    }
}
