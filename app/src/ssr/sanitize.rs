//! The one HTML sanitiser: every rich-text field passes through it when it is written.
//!
//! Built from the one allow-list in `domain::markup` and nothing else: ammonia's own
//! defaults (the generic `lang` and `title`, `align`, `width` and `summary` on tables,
//! `data-` prefixes, two dozen URL schemes) are all replaced, not added to.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::Builder;

use crate::domain::SanitizedHtml;
use crate::domain::markup;

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let tag_attributes: HashMap<&'static str, HashSet<&'static str>> = markup::ALLOWED
        .iter()
        .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
        .collect();
    let mut builder = Builder::empty();
    builder
        .tags(markup::ALLOWED.iter().map(|(tag, _)| *tag).collect())
        .clean_content_tags(markup::DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(HashSet::new())
        .generic_attribute_prefixes(HashSet::new())
        .tag_attributes(tag_attributes)
        .tag_attribute_values(HashMap::new())
        .set_tag_attribute_values(HashMap::new())
        .allowed_classes(HashMap::new())
        .url_schemes(markup::LINK_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::Custom(Box::new(own_file_url)))
        .attribute_filter(|tag, attribute, value| {
            // `rel` is the one attribute ammonia adds itself (below) before this runs.
            let keep = (tag, attribute) == ("a", "rel")
                || markup::attribute_allowed(tag, attribute, value);
            keep.then(|| value.into())
        })
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    builder
});

/// The only relative URLs that survive: our own uploaded files (`/files/{name}`); an
/// image's must moreover be a hash ([`markup::image_source_allowed`], checked before).
fn own_file_url(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    markup::own_file_link(url).then_some(std::borrow::Cow::Borrowed(url))
}

/// Cleans untrusted HTML down to the structural tags a policy or interpretation needs.
pub fn sanitize(html: &str) -> SanitizedHtml {
    SanitizedHtml::trusted(CLEANER.clean(html).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_deserialised_on_the_server_is_sanitised() {
        let hostile =
            r#""<p onclick=\"x()\">正文<script>alert(1)</script></p><img src=x onerror=alert(1)>""#;
        let html: SanitizedHtml = serde_json::from_str(hostile).expect("a string");
        assert_eq!(html.as_str(), "<p>正文</p><img>");
        // Inside a DTO too: nothing that carries it can be read in unsanitised.
        let answer: crate::dto::concern::QaItem = serde_json::from_value(serde_json::json!({
            "id": "x",
            "question": "问",
            "answer": "<a href=\"javascript:alert(1)\">答</a>",
            "unit_name": "财政局",
            "published_at": "2026-01-01T00:00:00Z",
        }))
        .unwrap_or_else(|e| panic!("a QaItem: {e}"));
        assert_eq!(
            answer.answer.as_str(),
            r#"<a rel="noopener noreferrer">答</a>"#
        );
        // What the server writes, it reads back unchanged.
        let clean = sanitize("<p>正文</p>");
        let json = serde_json::to_string(&clean).expect("json");
        assert_eq!(json, r#""<p>正文</p>""#);
        assert_eq!(
            serde_json::from_str::<SanitizedHtml>(&json).expect("back"),
            clean
        );
    }

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
        let html = format!(
            r#"<a href="//evil.example/x">a</a><a href="/admin">b</a><a href="/files/../etc/passwd">c</a><a href="/files/ab12.pdf">d</a><a href="mailto:x@example.cn">e</a><img src="data:image/png;base64,AAAA"><img src="/files/{HASH}">"#
        );
        let clean = sanitize(&html);
        assert_eq!(
            clean.as_str(),
            format!(
                r#"<a rel="noopener noreferrer">a</a><a rel="noopener noreferrer">b</a><a rel="noopener noreferrer">c</a><a href="/files/ab12.pdf" rel="noopener noreferrer">d</a><a href="mailto:x@example.cn" rel="noopener noreferrer">e</a><img><img src="/files/{HASH}">"#
            )
        );
    }

    /// A SHA-256 in hex: the name of an upload.
    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn sanitising_twice_changes_nothing() {
        let once = sanitize(&format!(
            r#"<p>甲<b>乙</b><a href="/files/x">附件</a>&lt;img src=x onerror=alert(1)&gt;</p><table><tbody><tr><td colspan="2" rowspan="x">丙</td></tr></tbody></table><img width="100" height="50%" alt="图" src="/files/{HASH}">"#
        ));
        assert_eq!(sanitize(once.as_str()), once);
    }

    #[test]
    fn no_attribute_is_allowed_on_every_tag() {
        // ammonia's defaults kept `lang` and `title` everywhere even on an empty tag list.
        let clean = sanitize(
            r#"<p lang="en" title="t" class="c" id="i" dir="rtl" data-x="1" style="color:red">文</p><h2 title="t" lang="en">题</h2>"#,
        );
        assert_eq!(clean.as_str(), "<p>文</p><h2>题</h2>");
    }

    #[test]
    fn ammonias_default_tag_attributes_are_not_kept() {
        let clean = sanitize(
            r#"<table align="center" width="100%" summary="s" border="1" char="." charoff="1"><tbody align="left"><tr align="left" valign="top"><td align="right" width="50" headers="h" nowrap="">格</td></tr></tbody></table><hr align="left" size="3" width="50%"><ol type="a" reversed="">一</ol>"#,
        );
        assert_eq!(
            clean.as_str(),
            "<table><tbody><tr><td>格</td></tr></tbody></table><hr><ol>一</ol>"
        );
    }

    #[test]
    fn sizes_spans_and_starts_are_numbers_only() {
        let clean = sanitize(
            r#"<table><tbody><tr><th colspan="2" scope="col">甲</th><th rowspan="x" scope="javascript">乙</th><td colspan="1 onclick=x" rowspan="3">丙</td></tr></tbody></table><ol start="3"><li>一</li></ol><ol start="-1"><li>二</li></ol><img alt="图" width="640" height="100%">"#,
        );
        assert_eq!(
            clean.as_str(),
            r#"<table><tbody><tr><th colspan="2" scope="col">甲</th><th>乙</th><td rowspan="3">丙</td></tr></tbody></table><ol start="3"><li>一</li></ol><ol><li>二</li></ol><img alt="图" width="640">"#
        );
    }

    #[test]
    fn images_load_only_from_our_files_and_the_listed_hosts() {
        let clean = sanitize(&format!(
            r#"<img src="/files/{HASH}"><img src="https://www.gov.cn/images/gh.png"><img src="https://tracker.example/p.gif"><img src="http://www.gov.cn/x.png"><img src="https://www.gov.cn.tracker.example/p.gif"><img src="//www.gov.cn/x.png"><img src="/files/cd34"><img src="/files/../{HASH}">"#
        ));
        assert_eq!(
            clean.as_str(),
            format!(
                r#"<img src="/files/{HASH}"><img src="https://www.gov.cn/images/gh.png"><img><img><img><img><img><img>"#
            )
        );
        assert_eq!(markup::IMAGE_HOSTS, ["www.gov.cn"]);
    }

    #[test]
    fn tags_off_the_list_keep_only_their_text() {
        let clean = sanitize(
            r#"<h1>大</h1><div><span>块</span></div><iframe src="https://x.example"></iframe><svg><title>t</title></svg><script>alert(1)</script><style>p{}</style><!-- 注 -->"#,
        );
        assert_eq!(clean.as_str(), "大块");
    }

    #[test]
    fn escaped_markup_stays_text() {
        // What the text boxes and the editor must not turn back into markup.
        let html = "<p>&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt; ]]&gt; &lt;!--</p>";
        assert_eq!(sanitize(html).as_str(), html);
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
