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
mod readiness;

use actix_web::web;

pub use callback_error::{CALLBACK_ERROR_PATH, LogFields, MAX_QUERY_BYTES};
pub use locale::RequestLocale;
pub use metrics::metrics;
pub use not_found::not_found;

/// Every route; used by the server and by tests alike.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(gallery::GALLERY_PATH, web::get().to(gallery::gallery))
        .service(callback_error::resource())
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(readiness::readyz))
        .route("/static/{name}", web::get().to(assets::static_file))
        .default_service(web::to(not_found::not_found));
}
