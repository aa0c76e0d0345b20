//! The frame of every public page: skip link, header with navigation, footer.

use leptos::prelude::*;

use crate::i18n::t;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let texts = t();
    view! {
        <a class="skip-link" href="#main">{texts.skip_to_content}</a>
        <header class="site-header">
            <div class="wrap">
                <a class="site-name" href="/">
                    <span class="emblem" aria-hidden="true">"解"</span>
                    {texts.site_name}
                </a>
                <nav aria-label=texts.nav_label>
                    <ul>
                        <li><a href="/">{texts.nav_home}</a></li>
                        <li><a href="/policies">{texts.nav_policies}</a></li>
                        <li><a href="/interpretations">{texts.nav_interpretations}</a></li>
                        <li><a href="/qa">{texts.nav_qa}</a></li>
                        <li><a href="/ask">{texts.nav_ask}</a></li>
                    </ul>
                </nav>
            </div>
        </header>
        <main id="main" class="wrap" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{texts.footer_note}</p>
                <p><a href="/login">{texts.login_title}</a></p>
            </div>
        </footer>
    }
}
