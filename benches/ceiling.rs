//! The framework's ceiling for `benches/load.sh`: a minimal actix-web server that answers
//! `GET /<name>` with the bytes of `<dir>/<name>` from memory, with our security headers
//! and our access log line (same writer, same fields), and nothing else. What the real
//! page costs above this is ours; what this costs below nginx is actix's.
//!
//!   cargo build --release --example ceiling
//!   target/release/examples/ceiling 127.0.0.1:39082 DIR

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use actix_web::dev::Service;
use actix_web::http::StatusCode;
use actix_web::middleware::DefaultHeaders;
use actix_web::web::{self, Bytes};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer};
use connect_error_page::logging::{self, LogFields, LogFormat};
use connect_error_page::startup::{CONTENT_SECURITY_POLICY, log_request};

type Pages = Arc<HashMap<String, Bytes>>;

async fn page(req: HttpRequest, pages: web::Data<Pages>) -> HttpResponse {
    let Some(body) = pages.get(req.match_info().query("name")) else {
        return HttpResponse::NotFound().finish();
    };
    let mut response = HttpResponse::build(StatusCode::OK)
        .content_type("text/html; charset=utf-8")
        .body(body.clone());
    // The fields our page logs for the seed error, so the line is as long as ours.
    response.extensions_mut().insert(LogFields {
        code: "post_auth_hook_failed".into(),
        reference: "CEP-7F3K2Q".into(),
        category: "platform_transient",
        error: "failed_to_exchange_token".into(),
        inner_code: "server_error".into(),
        connection_name: "".into(),
        locale: "en",
        trace_id: "".into(),
    });
    response
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(listen), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: ceiling ADDRESS DIR");
        std::process::exit(2);
    };
    let mut pages = HashMap::new();
    for entry in std::fs::read_dir(&dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        pages.insert(name, Bytes::from(std::fs::read(entry.path())?));
    }
    let pages: Pages = Arc::new(pages);
    logging::init(LogFormat::Text);
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(pages.clone()))
                .wrap(
                    DefaultHeaders::new()
                        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("Referrer-Policy", "no-referrer"))
                        .add(("Cache-Control", "no-store"))
                        .add(("X-Frame-Options", "DENY")),
                )
                .wrap_fn(|req, srv| {
                    let started = Instant::now();
                    let method = req.method().clone();
                    let path = req.path().to_owned();
                    let call = srv.call(req);
                    async move {
                        let response = call.await?;
                        log_request(&method, &path, &response, started);
                        Ok(response)
                    }
                })
                .route("/{name}", web::get().to(page))
        })
        .bind(listen)?
        .run()
        .await
    })
}
