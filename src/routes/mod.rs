//! Thin HTTP handlers: parse the edge, call the core, render.

mod assets;
mod callback_error;
mod cors;
mod gallery;
mod health;
mod locale;
mod metrics;
mod negotiate;
mod not_found;
mod page;
mod readiness;

use actix_web::{Route, guard, web};

pub use crate::logging::LogFields;
pub use callback_error::{CALLBACK_ERROR_PATH, MAX_QUERY_BYTES};
pub use locale::RequestLocale;
pub use metrics::metrics;
pub use not_found::not_found;

/// GET and HEAD alike: uptime monitors probe with HEAD, and actix sends HEAD no body.
pub fn get_or_head() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// Every route; used by the server and by tests alike.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(gallery::GALLERY_PATH, get_or_head().to(gallery::gallery))
        .service(callback_error::resource())
        .route("/healthz", get_or_head().to(health::healthz))
        .route("/readyz", get_or_head().to(readiness::readyz))
        .route("/static/{name}", get_or_head().to(assets::static_file))
        .default_service(web::to(not_found::not_found));
}
