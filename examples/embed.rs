//! A host app that mounts the error page under `/auth/errors`, next to its own routes
//! and its own 404 page.
//!
//! ```text
//! cargo run --example embed            # listens on 127.0.0.1:8080, or PORT
//! curl -i 'http://127.0.0.1:8080/auth/errors/ui-handlers/connect/callback/error?error=access_denied'
//! ```
//!
//! The host's `HttpServer` owns the connections: its limits and timeouts apply, not the
//! binary's `[limits]` (see the `embed` module's documentation).

use actix_web::{App, HttpResponse, HttpServer, web};
use connect_error_page::config::{FlagOverrides, Settings};
use connect_error_page::embed::ErrorPage;

/// Where the host mounts the page.
pub const MOUNT: &str = "/auth/errors";

/// The host's own routes and 404, then the page. Each worker calls this.
pub fn host_routes(cfg: &mut web::ServiceConfig, page: &ErrorPage) {
    cfg.route("/", web::get().to(home))
        .route("/healthz", web::get().to(host_health))
        .configure(|cfg| page.configure(cfg))
        .default_service(web::to(host_not_found));
}

async fn home() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("X-Served-By", "host"))
        .body("host home\n")
}

async fn host_health() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("X-Served-By", "host"))
        .body("host ok\n")
}

async fn host_not_found() -> HttpResponse {
    HttpResponse::NotFound()
        .insert_header(("X-Served-By", "host"))
        .body("host 404: nothing here\n")
}

/// The page's settings as the binary reads them: defaults, then `CEP_*` variables.
pub fn page(settings: Settings) -> ErrorPage {
    ErrorPage::builder(settings)
        .mount_at(MOUNT)
        .build()
        .expect("the error page's configuration is valid")
}

#[allow(dead_code)] // the integration test includes this file for `host_routes` alone
#[actix_web::main]
async fn main() -> std::io::Result<()> {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let settings = Settings::load(None, std::env::vars(), &FlagOverrides::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let page = page(settings);
    let running = page.start();
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let server = HttpServer::new(move || {
        let page = page.clone();
        App::new().configure(move |cfg| host_routes(cfg, &page))
    })
    .bind(("127.0.0.1", port))?;
    for address in server.addrs() {
        println!("host app on http://{address}/");
        println!(
            "error page at http://{address}{MOUNT}/ui-handlers/connect/callback/error?error=access_denied"
        );
    }
    let result = server.run().await;
    running.stop();
    result
}
