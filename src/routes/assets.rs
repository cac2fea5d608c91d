use actix_web::{HttpResponse, http::header, web};

use super::locale::RequestLocale;
use super::not_found::not_found_page;
use crate::assets;
use crate::state::State;

/// Serves an embedded asset by its hashed name; anything else is a 404.
pub async fn static_file(
    path: web::Path<String>,
    state: State,
    locale: RequestLocale,
) -> HttpResponse {
    let requested = format!("/static/{}", path.into_inner());
    let brand = state.settings.branding.stylesheet.as_ref();
    let (content_type, body): (&str, &[u8]) = if requested == assets::css_path() {
        ("text/css; charset=utf-8", assets::CSS)
    } else if requested == assets::js_path() {
        ("text/javascript; charset=utf-8", assets::JS)
    } else if requested == assets::icon_path() {
        ("image/svg+xml", assets::ICON)
    } else if let Some(sheet) = brand.filter(|s| s.path == requested) {
        ("text/css; charset=utf-8", sheet.css.as_bytes())
    } else {
        return not_found_page(&state, locale);
    };
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(body.to_vec())
}
