//! The application root: the HTML shell and the router.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::{Layout, NotFound};
use crate::i18n::t;
use crate::pages::admin::{AdminPage, CalendarAdmin};
use crate::pages::desk::{
    ApplicationDesk, ApplicationIntake, ApplicationTableView, ApplicationsView,
    ArticleFormPageView, ConcernDesk, DeskArticle, DeskHome, DeskPolicy, InboxView, NewPolicy,
    PlanDesk, WorkListPage,
};
use crate::pages::invite::InvitePage;
use crate::pages::login::LoginPage;
use crate::pages::public::{
    ApplyPage, AskPage, FeedsPage, HomePage, InterpretationPage, InterpretationsPage, LibraryPage,
    PolicyPage, QaItemPage, QaListPage, SearchView, TrackPage,
};

/// The HTML document around the app. The wasm bundle is only loaded on pages that
/// contain an island; every other page is HTML and CSS alone.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let texts = t();
    let care = crate::prefs::Prefs::current().care;
    let needs_wasm = current_path().is_some_and(|p| crate::routes::uses_islands(&p));
    view! {
        <!DOCTYPE html>
        <html lang=texts.lang class:care=care>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href=FAVICON/>
                {needs_wasm.then(|| view! { <HydrationScripts options islands=true/> })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The site's icon, in the page itself: no request, no 404.
const FAVICON: &str = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%2032%2032'%3E%3Crect%20width='32'%20height='32'%20rx='5'%20fill='%23a61b1b'/%3E%3Cpath%20d='M6%209h20M16%205v22M8%2016h16M7%2025h18'%20stroke='%23ffd700'%20stroke-width='2.5'%20fill='none'/%3E%3C/svg%3E";

/// Where the style sheet is: its content-hashed name when the build made one.
fn stylesheet_href() -> String {
    #[cfg(feature = "ssr")]
    {
        if let Some(state) = use_context::<crate::ssr::AppState>() {
            return state.settings.stylesheet.clone();
        }
    }
    "/pkg/jiedu.css".to_owned()
}

/// The path of the request being rendered (server only).
fn current_path() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The document title of a page, "{page} - {site}": the one formatter, so every
/// `<Title text=…>` passes through it (a test in `components::form` keeps it the only one).
///
/// On the server it is escaped: leptos_meta 0.8.7 writes the formatted title between
/// `<title>` and `</title>` as it is (`ServerMetaContextOutput::inject_meta_context`), so
/// a policy titled `</title><script>…` would end the element and run. The browser decodes
/// the entities, so the tab shows the title as typed. In the browser the same string would
/// go to `document.title`, which takes text, so it is not escaped there.
pub fn document_title(page: &str, site: &str) -> String {
    let title = format!("{page} - {site}");
    if cfg!(feature = "ssr") {
        crate::domain::markup::escape_html(&title)
    } else {
        title
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let texts = t();
    view! {
        <Stylesheet id="leptos" href=stylesheet_href()/>
        <Title formatter=move |page: String| document_title(&page, texts.site_name)/>
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/policies") view=LibraryPage ssr=SsrMode::Async/>
                    <Route path=path!("/policies/:id") view=PolicyPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/desk") view=DeskHome ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/desk/policies") view=WorkListPage ssr=SsrMode::Async/>
                    <Route path=path!("/desk/policies/new") view=NewPolicy ssr=SsrMode::Async/>
                    <Route path=path!("/desk/policies/:id") view=DeskPolicy ssr=SsrMode::Async/>
                    <Route path=path!("/desk/policies/:id/edit") view=NewPolicy ssr=SsrMode::Async/>
                    <Route path=path!("/desk/policies/:id/plan") view=PlanDesk ssr=SsrMode::Async/>
                    <Route path=path!("/interpretations") view=InterpretationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/interpretations/:id") view=InterpretationPage ssr=SsrMode::Async/>
                    <Route path=path!("/desk/articles/new") view=ArticleFormPageView ssr=SsrMode::Async/>
                    <Route path=path!("/desk/articles/:id") view=DeskArticle ssr=SsrMode::Async/>
                    <Route path=path!("/desk/articles/:id/edit") view=ArticleFormPageView ssr=SsrMode::Async/>
                    <Route path=path!("/invite/:token") view=InvitePage ssr=SsrMode::Async/>
                    <Route path=path!("/ask") view=AskPage ssr=SsrMode::Async/>
                    <Route path=path!("/apply") view=ApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/track") view=TrackPage ssr=SsrMode::Async/>
                    <Route path=path!("/qa") view=QaListPage ssr=SsrMode::Async/>
                    <Route path=path!("/qa/:id") view=QaItemPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchView ssr=SsrMode::Async/>
                    <Route path=path!("/feeds") view=FeedsPage ssr=SsrMode::Async/>
                    <Route path=path!("/desk/inbox") view=InboxView ssr=SsrMode::Async/>
                    <Route path=path!("/desk/concerns/:code") view=ConcernDesk ssr=SsrMode::Async/>
                    <Route path=path!("/desk/applications") view=ApplicationsView ssr=SsrMode::Async/>
                    <Route path=path!("/desk/applications/new") view=ApplicationIntake ssr=SsrMode::Async/>
                    <Route path=path!("/desk/applications/table") view=ApplicationTableView ssr=SsrMode::Async/>
                    <Route path=path!("/desk/applications/:code") view=ApplicationDesk ssr=SsrMode::Async/>
                    <Route path=path!("/admin/calendar") view=CalendarAdmin ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::document_title;

    #[test]
    fn the_title_cannot_end_its_element() {
        assert_eq!(
            document_title("</title><script>alert(1)</script>", "站"),
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - 站"
        );
        assert_eq!(document_title("&lt;b&gt;", "站"), "&amp;lt;b&amp;gt; - 站");
    }
}
