use actix_web::{HttpResponse, http::header, web};

use super::not_found::not_found_page;
use crate::assets;

/// Serves an embedded asset by its hashed name; anything else is a 404.
pub async fn static_file(path: web::Path<String>) -> HttpResponse {
    let requested = format!("/static/{}", path.into_inner());
    if requested == assets::css_path() {
        HttpResponse::Ok()
            .content_type("text/css; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
            .body(assets::CSS)
    } else {
        not_found_page()
    }
}
