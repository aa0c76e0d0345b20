//! A drafted letter as HTML, laid out like the printed document (style: the letter rules
//! of `style/main.css`). Every string is text, so leptos escapes it.

use leptos::prelude::*;

use crate::domain::application::letter::Letter;

/// A letter laid out like the printed document: title, 文号, 主送, 正文, 署名 over 日期.
#[component]
pub fn LetterView(letter: Letter) -> impl IntoView {
    let addressee = letter.addressee_line();
    let date_text = letter.date_line();
    let date_iso = letter.date.to_string();
    let Letter {
        title,
        number,
        paragraphs,
        issuer,
        ..
    } = letter;
    view! {
        <article class="letter" lang="zh-CN">
            <h1 class="letter-title">{title}</h1>
            <p class="letter-number">{number}</p>
            <p class="letter-addressee">{addressee}</p>
            <div class="letter-body">
                {paragraphs
                    .into_iter()
                    .map(|paragraph| view! { <p>{paragraph}</p> })
                    .collect_view()}
            </div>
            <div class="letter-signature">
                <p class="letter-issuer">{issuer}</p>
                <p class="letter-date">
                    <time datetime=date_iso>{date_text}</time>
                </p>
            </div>
        </article>
    }
}
