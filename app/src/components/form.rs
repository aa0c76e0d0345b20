//! Pieces of forms that a rejected attempt comes back to: each field with its problem
//! beside it, and one alert above the form.

use leptos::prelude::*;

use crate::domain::FieldError;
use crate::domain::markup::escape_html;
use crate::i18n::t;

/// The message for a field, if the last attempt had one.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| crate::i18n::say(&e.message))
}

/// `aria-invalid` for a field with an error.
pub fn aria_invalid(errors: &[FieldError], field: &str) -> Option<&'static str> {
    errors.iter().any(|e| e.field == field).then_some("true")
}

/// A labelled field. `id` is the control's id when it differs from its `name` (several
/// forms on one page).
#[component]
pub fn Field(
    name: &'static str,
    #[prop(optional, into)] id: Option<String>,
    label: &'static str,
    errors: Vec<FieldError>,
    children: Children,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_owned());
    let message = error_for(&errors, name);
    let class = if message.is_some() {
        "field invalid"
    } else {
        "field"
    };
    view! {
        <div class=class>
            <label for=id.clone()>{label}</label>
            {children()}
            {message.map(|m| view! { <p class="field-error" id=format!("{id}-error")>{m}</p> })}
        </div>
    }
}

/// A multi-line text box holding `value`: the only way this app writes a `<textarea>`
/// (a test fails on any other in `app/src`). Attributes beyond the four props go after
/// `{..}`: `<TextBox id="x" name="x" rows=3 value={v} {..} required=true aria-invalid=i/>`
/// (braces around a bare name before `{..}`, which would otherwise read as `v {..}`, a
/// struct literal).
///
/// Why not `<textarea>{value}</textarea>`: tachys 0.2.19 declares `textarea` with
/// `ESCAPE_CHILDREN = false` and writes its text children as they are, and a textarea's
/// content is raw text to the HTML parser up to the first `</textarea>`; a stored
/// `</textarea><img src=x onerror=…>` would end the box and run. Here the value goes in
/// as escaped markup (`inner_html` of [`textarea_content`]): the parser decodes the
/// entities, so the box holds exactly `value`, whatever it contains. Hydration leaves
/// server-rendered `inner_html` alone, so an island may use this too.
#[component]
pub fn TextBox(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    rows: u32,
    #[prop(optional, into)] value: String,
    #[prop(optional)] node_ref: Option<NodeRef<leptos::html::Textarea>>,
) -> impl IntoView {
    let node_ref = node_ref.unwrap_or_default();
    view! { <textarea id=id name=name rows=rows node_ref=node_ref inner_html=textarea_content(&value)></textarea> }
}

/// The markup between `<textarea>` and `</textarea>` that holds exactly `value`.
pub fn textarea_content(value: &str) -> String {
    // The parser drops one newline right after `<textarea>` (only when parsing a page, not
    // when a script sets `innerHTML`): this one, so a value's own first newline survives.
    let lead = if cfg!(feature = "ssr") { "\n" } else { "" };
    format!("{lead}{}", escape_html(value))
}

/// The alert above a rejected form: the problem with the form as a whole (field `form`,
/// e.g. a conflict), or else a pointer to the fields marked below.
#[component]
pub fn FormAlert(errors: Vec<FieldError>) -> impl IntoView {
    let texts = t();
    let message = error_for(&errors, "form")
        .or_else(|| (!errors.is_empty()).then(|| texts.form_has_errors.to_owned()));
    message.map(|m| view! { <p class="form-error" role="alert">{m}</p> })
}

/// A plain upload form (it works without JavaScript): the answer page shows the file's
/// address to paste into a body or an attachment line. It sits outside other forms.
#[component]
pub fn UploadForm() -> impl IntoView {
    let texts = t();
    view! {
        <form method="post" action="/api/upload" enctype="multipart/form-data" class="inline-form upload-form">
            <label for="upload-file">{texts.upload_label}</label>
            <input id="upload-file" name="file" type="file" required/>
            <button type="submit" class="secondary">{texts.upload_submit}</button>
            <span class="muted">{texts.upload_hint}</span>
        </form>
    }
}

/// Submits the enclosed form as soon as one of its fields changes, so a reader with
/// JavaScript does not need the submit button; without JavaScript the button remains.
/// One line of inline script rather than an island: the public pages stay free of wasm.
#[component]
pub fn AutoSubmit(children: Children) -> impl IntoView {
    view! {
        <div class="auto-submit" data-auto-submit=""
            onchange="var f=event.target.form;if(f&&f.requestSubmit)f.requestSubmit();">
            {children()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// Every `.rs` file under `app/src`, with its text.
    fn sources() -> Vec<(PathBuf, String)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
            let entries = std::fs::read_dir(dir).expect("source directory");
            for entry in entries {
                let path = entry.expect("directory entry").path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("source file");
                    out.push((path, text));
                }
            }
        }
        let mut out = Vec::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
        assert!(out.len() > 50, "found only {} sources", out.len());
        out
    }

    /// Lines of code (not comments) that contain `needle`, as `path:line`.
    fn code_lines_with(needle: &str, skip: &str) -> Vec<String> {
        sources()
            .into_iter()
            .filter(|(path, _)| !path.ends_with(skip))
            .flat_map(|(path, text)| {
                text.lines()
                    .enumerate()
                    .filter(|(_, line)| !line.trim_start().starts_with("//"))
                    .filter(|(_, line)| line.contains(needle))
                    .map(|(n, _)| format!("{}:{}", path.display(), n + 1))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    // The needles are put together at run time so that this file does not match itself.

    #[test]
    fn no_page_writes_a_textarea_but_through_text_box() {
        let tag = ["<", "textarea"].concat();
        let builder = ["html::", "textarea("].concat();
        let mut found = code_lines_with(&tag, "components/form.rs");
        found.extend(code_lines_with(&builder, "components/form.rs"));
        assert!(
            found.is_empty(),
            "a textarea outside TextBox (its text would not be escaped; use TextBox): {found:?}"
        );
        // And in this file (before its tests), only TextBox's own.
        let here = include_str!("form.rs");
        let code = here
            .split(&["#[cfg", "(test)]"].concat())
            .next()
            .unwrap_or(here);
        let lines: Vec<_> = code
            .lines()
            .filter(|l| !l.trim_start().starts_with("//") && l.contains(&tag))
            .collect();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("inner_html=textarea_content(&value)"));
    }

    #[test]
    fn only_the_root_formats_the_title() {
        let found = code_lines_with(&["formatter", "="].concat(), "src/app.rs");
        assert!(
            found.is_empty(),
            "a second title formatter would replace the root one, which escapes: {found:?}"
        );
    }

    #[test]
    fn a_text_box_holds_its_value_whatever_it_contains() {
        for hostile in [
            "</textarea><img src=x onerror=alert(1)>",
            "&lt;/textarea&gt;",
            "<!--",
            "]]>",
            "</TEXTAREA >",
        ] {
            let content = textarea_content(hostile);
            assert!(
                !content.to_ascii_lowercase().contains("</textarea"),
                "{content}"
            );
            assert!(!content.contains('<'), "{content}");
        }
        assert_eq!(
            textarea_content("&lt;b&gt;\n"),
            format!(
                "{}&amp;lt;b&amp;gt;\n",
                if cfg!(feature = "ssr") { "\n" } else { "" }
            )
        );
    }

    /// Rendered on the server, the box holds the hostile value as text. The first half
    /// is tachys 0.2.19's own behaviour, which `TextBox` exists for: if it starts failing,
    /// tachys escapes textarea children now (see docs/SECURITY.md, section 0, before removing).
    #[cfg(feature = "ssr")]
    #[test]
    fn rendered_text_boxes_are_escaped_where_plain_textareas_are_not() {
        let hostile = "</textarea><img src=x onerror=alert(1)>";
        let owner = Owner::new();
        owner.set();
        let plain = leptos::html::textarea().child(hostile.to_owned()).to_html();
        assert!(plain.contains("</textarea><img src=x"), "{plain}");
        let boxed = view! { <TextBox id="x" name="x" rows=2 value={hostile} {..} required=true/> }
            .to_html();
        assert_eq!(
            boxed,
            "<textarea id=\"x\" name=\"x\" rows=\"2\" required>\n&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;</textarea>"
        );
    }
}
