use actix_web::{HttpResponse, web};

use crate::state::AppState;

/// Readiness: configuration validated and catalog loaded, so pages can be diagnosed.
/// The state only exists once both are, so reaching this handler is the proof.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(format!(
            "ready: catalog of {} entries\n",
            state.catalog.len()
        ))
}
