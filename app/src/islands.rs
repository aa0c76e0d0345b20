//! Islands: the only parts of a page that run wasm in the browser, and only desk pages
//! have one (the article editor). Everything else is server-rendered HTML that works with
//! JavaScript off; public pages download no wasm at all.

use leptos::prelude::*;

use crate::components::TextBox;

/// The rich-text editor of articles: headings, bold and italic, lists, links, tables,
/// images (uploaded, with progress) and block quotes; pasting from Word or WPS keeps the
/// structure and drops the styling. Without JavaScript it is the plain textarea of HTML it
/// is built on, and that textarea is what the form posts either way. The server sanitises
/// whatever arrives.
#[island]
pub fn RichTextEditor(name: String, initial: String, invalid: bool) -> impl IntoView {
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let surface = NodeRef::<leptos::html::Div>::new();
    let (enhanced, set_enhanced) = signal(false);
    let (progress, set_progress) = signal(None::<String>);
    // In the browser, once hydrated: the editing surface takes over from the textarea. The
    // textarea's text is HTML source; it goes onto the surface only as the allow-list keeps
    // it (a stored body is clean already, a rejected form's was cleaned on the server: this
    // is the second line, should either ever not be).
    Effect::new(move |_| {
        if let (Some(area), Some(div)) = (textarea.get(), surface.get()) {
            #[cfg(feature = "hydrate")]
            div.set_inner_html(&editor::clean(&area.value(), false));
            #[cfg(not(feature = "hydrate"))]
            let _ = (area, div);
            set_enhanced.set(true);
        }
    });
    let sync = move || {
        if let (Some(area), Some(div)) = (textarea.get_untracked(), surface.get_untracked()) {
            area.set_value(&div.inner_html());
        }
    };
    let command = move |name: &'static str, value: Option<String>| {
        #[cfg(feature = "hydrate")]
        editor::exec(name, value.as_deref());
        #[cfg(not(feature = "hydrate"))]
        let _ = (name, value);
        sync();
    };
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        #[cfg(feature = "hydrate")]
        if let Some(html) = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text/html").ok())
            .filter(|html| !html.trim().is_empty())
        {
            ev.prevent_default();
            editor::exec("insertHTML", Some(&editor::clean(&html, true)));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
        sync();
    };
    let add_link = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(url) = editor::ask("链接地址（https://…）")
            .filter(|url| crate::domain::markup::link_allowed(url))
        {
            command("createLink", Some(url));
        }
    };
    let add_table = move |_| {
        command(
            "insertHTML",
            Some("<table><tbody><tr><th>&nbsp;</th><th>&nbsp;</th></tr><tr><td>&nbsp;</td><td>&nbsp;</td></tr></tbody></table><p></p>".into()),
        )
    };
    let add_image = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let input = event_target::<web_sys::HtmlInputElement>(&ev);
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                editor::upload(file, set_progress, move |url| {
                    command("insertImage", Some(url));
                });
            }
            input.set_value("");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, set_progress);
    };
    let tool = move |label: &'static str, name: &'static str, value: Option<&'static str>| {
        view! {
            <button type="button" class="rte-tool" on:mousedown=|ev| ev.prevent_default()
                on:click=move |_| command(name, value.map(str::to_owned))>{label}</button>
        }
    };
    view! {
        <div class="rte" class:enhanced=enhanced>
            <div class="rte-toolbar" role="toolbar" aria-label="正文格式" hidden=move || !enhanced.get()>
                {tool("标题", "formatBlock", Some("h2"))}
                {tool("小标题", "formatBlock", Some("h3"))}
                {tool("正文段落", "formatBlock", Some("p"))}
                {tool("加粗", "bold", None)}
                {tool("倾斜", "italic", None)}
                {tool("编号列表", "insertOrderedList", None)}
                {tool("项目列表", "insertUnorderedList", None)}
                {tool("引用", "formatBlock", Some("blockquote"))}
                <button type="button" class="rte-tool" on:click=add_link>"链接"</button>
                <button type="button" class="rte-tool" on:click=add_table>"表格"</button>
                <label class="rte-tool rte-upload">"图片"<input type="file" accept="image/*" on:change=add_image/></label>
                <span class="rte-progress" role="status">{move || progress.get()}</span>
            </div>
            <div class="rte-surface policy-body" contenteditable="true" role="textbox" aria-multiline="true"
                aria-label="正文" node_ref=surface hidden=move || !enhanced.get()
                on:input=move |_| sync() on:blur=move |_| sync() on:paste=on_paste></div>
            <TextBox id=name.clone() name=name rows=16 value=initial node_ref={textarea} {..}
                aria-invalid=invalid.then_some("true") aria-describedby="body-hint" hidden=move || enhanced.get()/>
        </div>
    }
}

/// Browser-side helpers of the editor.
#[cfg(feature = "hydrate")]
mod editor {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    use crate::domain::markup;

    fn document() -> Option<web_sys::HtmlDocument> {
        web_sys::window()?.document()?.dyn_into().ok()
    }

    /// Runs an editing command on the current selection.
    pub fn exec(name: &str, value: Option<&str>) {
        if let Some(doc) = document() {
            let _ = match value {
                Some(v) => doc.exec_command_with_show_ui_and_value(name, false, v),
                None => doc.exec_command(name),
            };
        }
    }

    pub fn ask(question: &str) -> Option<String> {
        let answer = web_sys::window()?.prompt_with_message(question).ok()??;
        let answer = answer.trim().to_owned();
        (!answer.is_empty()).then_some(answer)
    }

    /// Uploads an image to `/api/upload`, reporting progress, then hands its address on.
    pub fn upload(
        file: web_sys::File,
        progress: WriteSignal<Option<String>>,
        done: impl Fn(String) + 'static,
    ) {
        let Ok(request) = web_sys::XmlHttpRequest::new() else {
            return;
        };
        let Ok(form) = web_sys::FormData::new() else {
            return;
        };
        if form.append_with_blob("file", &file).is_err()
            || request.open("POST", "/api/upload").is_err()
        {
            return;
        }
        let _ = request.set_request_header("Accept", "application/json");
        let on_progress =
            Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
                if ev.length_computable() && ev.total() > 0.0 {
                    let percent = (ev.loaded() / ev.total() * 100.0).round();
                    progress.set(Some(format!("上传中 {percent}%")));
                }
            });
        if let Ok(upload) = request.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        on_progress.forget();
        let finished = request.clone();
        let on_load = Closure::<dyn Fn()>::new(move || {
            let body = finished.response_text().ok().flatten().unwrap_or_default();
            let status = finished.status().unwrap_or(0);
            let field = |key: &str| {
                let marker = format!("\"{key}\":\"");
                let start = body.find(&marker)? + marker.len();
                let end = body[start..].find('"')? + start;
                Some(body[start..end].to_owned())
            };
            if status == 201 {
                progress.set(Some("上传完成".into()));
                if let Some(url) = field("url") {
                    done(url);
                }
            } else {
                let reason = field("error").unwrap_or_else(|| format!("上传失败（{status}）"));
                progress.set(Some(reason));
            }
        });
        request.set_onload(Some(on_load.as_ref().unchecked_ref()));
        on_load.forget();
        progress.set(Some("上传中 0%".into()));
        let _ = request.send_with_opt_form_data(Some(&form));
    }

    /// What the editing surface may show of `html`: parsed inertly (a `DOMParser`
    /// document runs no script and loads no image), then written out again with nothing
    /// but the allow-list of `domain::markup` (its tags, their listed attributes with
    /// values that pass its checks, all text escaped), as the server's sanitiser would.
    /// `pasted` (from Word, WPS or a web page) also reduces it to the structure an article
    /// keeps: Word's list paragraphs become real lists, `b` becomes `strong` and so on;
    /// styles, classes, fonts and spans go.
    pub fn clean(html: &str, pasted: bool) -> String {
        let Ok(parser) = web_sys::DomParser::new() else {
            return String::new();
        };
        let Ok(doc) = parser.parse_from_string(html, web_sys::SupportedType::TextHtml) else {
            return String::new();
        };
        let Some(body) = doc.body() else {
            return String::new();
        };
        let mut out = String::new();
        Cleaner { pasted }.children(&body, &mut out);
        out
    }

    /// Tags whose content is never text of the body.
    const DROPPED: &[&str] = &["meta", "link", "title", "xml", "head"];

    /// The tags a paste keeps (after `h1` → `h2`, `b` → `strong`, `i` → `em`, `h5`/`h6` →
    /// `h4`); each is on the allow-list too.
    const PASTE_KEPT: &[&str] = &[
        "h2",
        "h3",
        "h4",
        "p",
        "strong",
        "em",
        "u",
        "s",
        "sub",
        "sup",
        "ul",
        "ol",
        "li",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "blockquote",
        "a",
        "img",
        "br",
    ];

    struct Cleaner {
        pasted: bool,
    }

    /// What an element becomes on the surface.
    enum Keep {
        /// This tag (on the allow-list), with its allowed attributes, then its content.
        Tag(&'static str),
        /// Only what is inside it: span, font, div, o:p, anything off the list.
        Inside,
        /// Nothing, not even its text: script, style, Word's list markers.
        Nothing,
    }

    impl Cleaner {
        fn children(&self, node: &web_sys::Node, out: &mut String) {
            let list = node.child_nodes();
            let mut open_list: Option<&'static str> = None;
            for i in 0..list.length() {
                let Some(child) = list.item(i) else { continue };
                let word_list = self.pasted
                    && child
                        .dyn_ref::<web_sys::Element>()
                        .filter(|el| el.local_name() == "p")
                        .and_then(|el| el.get_attribute("class"))
                        .is_some_and(|c| c.contains("MsoListParagraph"));
                if word_list {
                    let ordered = child
                        .text_content()
                        .unwrap_or_default()
                        .trim_start()
                        .starts_with(|c: char| {
                            c.is_ascii_digit() || "一二三四五六七八九十（(".contains(c)
                        });
                    let tag = if ordered { "ol" } else { "ul" };
                    if open_list != Some(tag) {
                        if let Some(open) = open_list {
                            out.push_str(&format!("</{open}>"));
                        }
                        out.push_str(&format!("<{tag}>"));
                        open_list = Some(tag);
                    }
                    out.push_str("<li>");
                    self.children(&child, out);
                    out.push_str("</li>");
                    continue;
                }
                if let Some(open) = open_list.take() {
                    out.push_str(&format!("</{open}>"));
                }
                self.node_html(&child, out);
            }
            if let Some(open) = open_list {
                out.push_str(&format!("</{open}>"));
            }
        }

        /// What becomes of the element `el`.
        fn keep(&self, el: &web_sys::Element) -> Keep {
            let tag = el.local_name().to_ascii_lowercase();
            if markup::DROPPED_WITH_CONTENT.contains(&tag.as_str())
                || DROPPED.contains(&tag.as_str())
            {
                return Keep::Nothing;
            }
            // Only HTML elements: an `<a>` or `<img>` inside SVG or MathML is another thing.
            if el.namespace_uri().as_deref() != Some("http://www.w3.org/1999/xhtml") {
                return Keep::Inside;
            }
            let kept = if self.pasted {
                // Word's list markers ("1." "·") are drawn by the list itself.
                if el
                    .get_attribute("style")
                    .is_some_and(|s| s.replace(' ', "").contains("mso-list:Ignore"))
                {
                    return Keep::Nothing;
                }
                let renamed = match tag.as_str() {
                    "h1" => "h2",
                    "b" => "strong",
                    "i" => "em",
                    "h5" | "h6" => "h4",
                    other => other,
                };
                PASTE_KEPT.iter().copied().find(|k| *k == renamed)
            } else {
                markup::ALLOWED.iter().map(|(t, _)| *t).find(|t| *t == tag)
            };
            kept.map_or(Keep::Inside, Keep::Tag)
        }

        fn node_html(&self, node: &web_sys::Node, out: &mut String) {
            match node.node_type() {
                web_sys::Node::TEXT_NODE => {
                    out.push_str(&markup::escape_html(
                        &node.text_content().unwrap_or_default(),
                    ));
                }
                web_sys::Node::ELEMENT_NODE => {
                    let Some(el) = node.dyn_ref::<web_sys::Element>() else {
                        return;
                    };
                    let kept = match self.keep(el) {
                        Keep::Nothing => return,
                        Keep::Inside => return self.children(node, out),
                        Keep::Tag(kept) => kept,
                    };
                    out.push('<');
                    out.push_str(kept);
                    for name in markup::tag_attributes(kept).unwrap_or_default() {
                        if let Some(value) = el
                            .get_attribute(name)
                            .filter(|v| markup::attribute_allowed(kept, name, v))
                        {
                            out.push_str(&format!(" {name}=\"{}\"", markup::escape_html(&value)));
                        }
                    }
                    out.push('>');
                    if matches!(kept, "img" | "br" | "hr") {
                        return;
                    }
                    self.children(node, out);
                    out.push_str(&format!("</{kept}>"));
                }
                // Comments, processing instructions, CDATA: nothing of the body.
                _ => {}
            }
        }
    }
}
