//! The only place HTML from the database is put into a page.

use leptos::prelude::*;

use crate::domain::SanitizedHtml;

/// Renders sanitised HTML. It takes nothing but `SanitizedHtml`, which only the
/// server-side sanitiser (or a stored, sanitised body) can produce. Each table is put in a
/// box of its own that scrolls sideways on a narrow screen, so a wide table keeps readable
/// columns instead of squeezing them to a character each.
#[component]
pub fn RichText(html: SanitizedHtml, #[prop(optional)] class: &'static str) -> impl IntoView {
    view! { <div class=format!("rich-text {class}") inner_html=boxed_tables(html.as_str())></div> }
}

/// The markup with every table inside a scrolling box. Only fixed markup is added around
/// the sanitiser's own `<table` and `</table>`, so the result is as safe as the input.
fn boxed_tables(html: &str) -> String {
    html.replace("<table", r#"<div class="table-scroll" tabindex="0"><table"#)
        .replace("</table>", "</table></div>")
}

#[cfg(test)]
mod tests {
    use super::boxed_tables;

    #[test]
    fn every_table_scrolls_in_a_box_of_its_own() {
        let html = "<p>甲</p><table><tbody><tr><td>乙</td></tr></tbody></table><table></table>";
        assert_eq!(
            boxed_tables(html),
            r#"<p>甲</p><div class="table-scroll" tabindex="0"><table><tbody><tr><td>乙</td></tr></tbody></table></div><div class="table-scroll" tabindex="0"><table></table></div>"#
        );
        assert_eq!(boxed_tables("<p>无表格</p>"), "<p>无表格</p>");
    }
}
