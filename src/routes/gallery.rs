//! `/ui-handlers/connect/callback/error/catalog`: every code with a live preview, for QA.

use actix_web::HttpResponse;
use askama::Template;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::locale::RequestLocale;
use super::not_found::not_found_page;
use crate::diagnosis::Category;
use crate::i18n::Locale;
use crate::state::State;
use crate::views::PageFrame;

pub use crate::paths::GALLERY_PATH;

struct GalleryItem<'a> {
    code: &'a str,
    title: &'a str,
    preview_url: String,
}

struct GalleryGroup<'a> {
    category: &'static str,
    entries: Vec<GalleryItem<'a>>,
}

#[derive(Template)]
#[template(path = "gallery.html")]
struct Gallery<'a> {
    frame: PageFrame<'a>,
    total: usize,
    groups: Vec<GalleryGroup<'a>>,
}

/// Off unless `[qa] gallery = true`: it is a QA tool, not a page for end users.
/// It lists the catalog's English; each preview link shows the page in the browser's language.
pub async fn gallery(state: State, locale: RequestLocale) -> HttpResponse {
    if !state.settings.qa_gallery {
        return not_found_page(&state, locale);
    }
    let entries = state.catalog.entries();
    let groups = Category::ALL
        .into_iter()
        .map(|category| {
            let mut items: Vec<GalleryItem> = entries
                .iter()
                .filter(|e| e.category == category)
                .map(|e| GalleryItem {
                    code: &e.code,
                    title: &e.title,
                    preview_url: format!(
                        "{}?error={}",
                        state.settings.paths.page,
                        utf8_percent_encode(&e.code, NON_ALPHANUMERIC)
                    ),
                })
                .collect();
            items.sort_by_key(|i| i.code.to_lowercase());
            GalleryGroup {
                category: category.as_str(),
                entries: items,
            }
        })
        .collect();
    let page = Gallery {
        frame: PageFrame::new(Locale::En, &state.settings),
        total: entries.len(),
        groups,
    };
    match page.render() {
        Ok(html) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(html),
        Err(_) => not_found_page(&state, locale),
    }
}
