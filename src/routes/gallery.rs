//! `/ui-handlers/connect/callback/error/catalog`: every code with a live preview, for QA.

use actix_web::{HttpResponse, web};
use askama::Template;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::CALLBACK_ERROR_PATH;
use super::not_found::not_found_page;
use crate::assets;
use crate::diagnosis::Category;
use crate::startup::AppState;

pub const GALLERY_PATH: &str = "/ui-handlers/connect/callback/error/catalog";

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
    lang: &'a str,
    css_path: &'a str,
    total: usize,
    groups: Vec<GalleryGroup<'a>>,
}

/// Off unless `[qa] gallery = true`: it is a QA tool, not a page for end users.
pub async fn gallery(state: web::Data<AppState>) -> HttpResponse {
    if !state.settings.qa_gallery {
        return not_found_page();
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
                        "{CALLBACK_ERROR_PATH}?error={}",
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
        lang: "en",
        css_path: assets::css_path(),
        total: entries.len(),
        groups,
    };
    match page.render() {
        Ok(html) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(html),
        Err(_) => not_found_page(),
    }
}
