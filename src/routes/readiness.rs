use actix_web::HttpResponse;

use crate::state::State;

/// Readiness: configuration validated and catalog loaded, so pages can be diagnosed.
/// The state only exists once both are, so reaching this handler is the proof.
pub async fn readyz(state: State) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(format!(
            "ready: catalog of {} entries\n",
            state.catalog.len()
        ))
}
