//! Builds the server: binds first (port 0 works), then runs until stopped.

use std::net::TcpListener;
use std::time::Instant;

use actix_web::dev::{Server, Service};
use actix_web::middleware::DefaultHeaders;
use actix_web::{App, HttpServer, web};

use crate::config::{ConfigError, Settings};
use crate::csp::content_security_policy;
use crate::diagnosis::Catalog;
use crate::i18n::{TranslationError, Translations};
use crate::routes::{self, LogFields};

/// Shared, read-only state for every request.
pub struct AppState {
    pub settings: Settings,
    pub catalog: Catalog,
    pub translations: Translations,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Translations(#[from] TranslationError),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: String,
        source: std::io::Error,
    },
}

/// The policy with nothing configured; see `csp::content_security_policy`.
pub const CONTENT_SECURITY_POLICY: &str = crate::csp::BASE_POLICY;

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        let catalog = settings.load_catalog()?;
        let translations = Translations::built_in()?;
        let csp = content_security_policy(&settings);
        let listener = TcpListener::bind(settings.listen).map_err(|source| StartupError::Bind {
            address: settings.listen.to_string(),
            source,
        })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartupError::Bind {
                address: settings.listen.to_string(),
                source,
            })?
            .port();
        let state = web::Data::new(AppState {
            settings,
            catalog,
            translations,
        });
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .wrap(security_headers(&csp))
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
                .configure(routes::configure)
        })
        .listen(listener)
        .map_err(|source| StartupError::Bind {
            address: format!("port {port}"),
            source,
        })?
        .run();
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn security_headers(csp: &str) -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", csp.to_owned()))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cache-Control", "no-store"))
        .add(("X-Frame-Options", "DENY"))
}

/// One line per request: method, path without the query, status, latency, code, reference.
fn log_request<B>(
    method: &actix_web::http::Method,
    path: &str,
    response: &actix_web::dev::ServiceResponse<B>,
    started: Instant,
) {
    let fields = response.response().extensions().get::<LogFields>().cloned();
    let (code, reference) = fields
        .map(|f| (f.code, f.reference))
        .unwrap_or_else(|| ("-".into(), "-".into()));
    log::info!(
        "{method} {path} {status} {latency_ms:.2}ms code={code:?} reference={reference}",
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
    );
}
