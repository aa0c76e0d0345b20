//! The frame of every page: skip link, header with navigation, site search and display
//! settings (language, 适老化 care mode), footer. Desk pages (`/desk…`, `/admin…`) get the
//! desk's navigation instead of the public one, and no sign-in link. What the frame shows
//! depends on the address only, never on who asks: public pages are cached for everyone.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::t;
use crate::prefs::{Lang, Prefs, switch_href};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let texts = t();
    let prefs = Prefs::current();
    let location = use_location();
    let path = location.pathname.get_untracked();
    let on_desk = is_desk(&path);
    let here = crate::prefs::here(
        &location.pathname.get_untracked(),
        &location.search.get_untracked(),
    );
    let (other_lang, other_lang_name) = match prefs.lang {
        Lang::Zh => (Lang::En, "English"),
        Lang::En => (Lang::Zh, "中文"),
    };
    let identity = site_identity();
    let care_href = switch_href("care", if prefs.care { "off" } else { "on" }, &here);
    let lang_href = switch_href("lang", other_lang.code(), &here);
    view! {
        <a class="skip-link" href="#main">{texts.skip_to_content}</a>
        <header class="site-header">
            <div class="wrap">
                <a class="site-name" href="/">
                    <span class="gov-name">{texts.gov_name}</span>
                    <span class="site-section">{texts.site_section}</span>
                </a>
                <nav aria-label=texts.nav_label>
                    {if on_desk {
                        view! {
                            <ul>
                                <li><a href="/desk">{texts.desk_title}</a></li>
                                <li><a href="/">{texts.nav_portal}</a></li>
                            </ul>
                        }
                        .into_any()
                    } else {
                        view! {
                            <ul>
                                <li><a href="/">{texts.nav_home}</a></li>
                                <li><a href="/policies">{texts.nav_policies}</a></li>
                                <li><a href="/interpretations">{texts.nav_interpretations}</a></li>
                                <li><a href="/qa">{texts.nav_qa}</a></li>
                                <li><a href="/ask">{texts.nav_ask}</a></li>
                                <li><a href="/apply">{texts.nav_apply}</a></li>
                            </ul>
                        }
                        .into_any()
                    }}
                </nav>
                // The search page has its own, larger box: one box a page.
                {(path != "/search").then(|| view! {
                    <form class="site-search" role="search" method="get" action="/search"
                        aria-label=texts.site_search_label>
                        <label for="site-q" class="visually-hidden">{texts.site_search_label}</label>
                        <input id="site-q" type="search" name="q" maxlength="200"
                            placeholder=texts.search_placeholder_short/>
                        <button type="submit">{texts.search_button}</button>
                    </form>
                })}
                <ul class="display-settings" aria-label=texts.display_settings>
                    <li>
                        <a href=lang_href hreflang=other_lang.code() lang=other_lang.code()>
                            {other_lang_name}
                        </a>
                    </li>
                    <li>
                        <a href=care_href>
                            {if prefs.care { texts.care_off } else { texts.care_on }}
                        </a>
                    </li>
                </ul>
            </div>
        </header>
        <main id="main" class="wrap" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <div class="wrap">
                <p>
                    <a href="/track">{texts.footer_track}</a>" · "
                    <a href="/ask">{texts.footer_correction}</a>" · "
                    <a href="/feeds">{texts.feeds_title}</a>" · "
                    {if on_desk {
                        view! { <a href="/desk">{texts.desk_title}</a> }.into_any()
                    } else {
                        view! { <a href="/login">{texts.login_title}</a> }.into_any()
                    }}
                </p>
                <p>{texts.footer_sponsor}"　"{texts.footer_operator}</p>
                <p>{texts.footer_contact}</p>
                <p class="registrations">
                    {identity.site_code.map(|c| view! { <span>{texts.footer_site_code}{c}</span> })}
                    {identity.icp.map(|c| view! { <span>{texts.footer_icp}{c}</span> })}
                    {identity.psb.map(|c| view! { <span>{texts.footer_psb}{c}</span> })}
                </p>
            </div>
        </footer>
    }
}

/// The site's registrations, from the server's settings (none in the browser: the frame
/// is drawn on the server only).
fn site_identity() -> crate::dto::SiteIdentity {
    #[cfg(feature = "ssr")]
    {
        if let Some(state) = use_context::<crate::ssr::AppState>() {
            return state.settings.identity.clone();
        }
    }
    crate::dto::SiteIdentity::default()
}

/// Whether `path` is a page of the desk (staff only), which gets the desk's frame.
pub(crate) fn is_desk(path: &str) -> bool {
    ["/desk", "/admin"]
        .iter()
        .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")))
}

#[cfg(test)]
mod tests {
    use super::is_desk;

    #[test]
    fn desk_pages_are_told_by_their_address() {
        for path in ["/desk", "/desk/inbox", "/admin", "/admin/calendar"] {
            assert!(is_desk(path), "{path}");
        }
        for path in [
            "/",
            "/desktop",
            "/policies",
            "/apply",
            "/login",
            "/administration",
        ] {
            assert!(!is_desk(path), "{path}");
        }
    }
}
