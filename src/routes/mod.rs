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

/// Which of the page's own routes to register besides the page, its assets and gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extras {
    /// `/healthz` and `/readyz`.
    pub probes: bool,
    /// `/metrics`.
    pub metrics: bool,
}

/// The page, its assets and the gallery, plus `extras`, at paths relative to the base
/// path; no default service, so a host app keeps its own 404.
pub fn page_routes(cfg: &mut web::ServiceConfig, extras: Extras) {
    cfg.route(gallery::GALLERY_PATH, get_or_head().to(gallery::gallery))
        .service(callback_error::resource())
        .route("/static/{name}", get_or_head().to(assets::static_file));
    if extras.probes {
        cfg.route("/healthz", get_or_head().to(health::healthz))
            .route("/readyz", get_or_head().to(readiness::readyz));
    }
    if extras.metrics {
        cfg.route("/metrics", get_or_head().to(metrics::metrics));
    }
}

/// Every route of the stand-alone server, under `base_path`; used by tests alike.
/// `/metrics` stays at the root, where scrape configurations look for it.
pub fn configure(cfg: &mut web::ServiceConfig, base_path: &str, metrics: bool) {
    let extras = Extras {
        probes: true,
        metrics: false,
    };
    if base_path.is_empty() {
        page_routes(cfg, extras);
    } else {
        cfg.service(web::scope(base_path).configure(|cfg| page_routes(cfg, extras)));
    }
    if metrics {
        cfg.route("/metrics", get_or_head().to(metrics::metrics));
    }
    cfg.default_service(web::to(not_found::not_found));
}
