//! Builds the server: binds first (port 0 works), then runs until stopped.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

use actix_web::dev::{Server, Service};
use actix_web::middleware::DefaultHeaders;
use actix_web::{App, web};

use crate::config::{ConfigError, ConnectionLimits, Settings};
use crate::csp::{BASE_POLICY, content_security_policy};
use crate::events;
use crate::i18n::{TranslationError, Translations};
use crate::metrics::Metrics;
use crate::routes::{self, LogFields};
use crate::server::{Listener, serve};
pub use crate::state::AppState;
use crate::status::StatusBoard;
use crate::status::poller::{install_crypto_provider, spawn_pollers};

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
    metrics_port: Option<u16>,
    metrics_server: Option<Server>,
    pollers: Vec<tokio::task::JoinHandle<()>>,
}

impl Application {
    /// Binds, starts the status pollers, and returns the server ready to run.
    /// Must be called inside a tokio runtime.
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        let catalog = settings.load_catalog()?;
        let translations = Translations::built_in()?;
        let csp = content_security_policy(&settings);
        install_crypto_provider();
        let (listener, port) = bind(&settings.listen.to_string())?;
        let metrics_listener = settings
            .metrics_listen
            .map(|address| bind(&address.to_string()))
            .transpose()?;
        let metrics = Arc::new(Metrics::new());
        let status = Arc::new(StatusBoard::configured(
            settings.platform_status_link(),
            &settings.status_polling,
        ));
        let mut pollers = spawn_pollers(&status, &settings.status_polling, &metrics);
        let (events, events_task) = events::start(&settings.events, &metrics);
        pollers.extend(events_task);
        let shutdown_timeout = settings.shutdown_timeout_secs;
        let workers = settings.workers;
        let metrics_on_main = metrics_listener.is_none();
        let state = web::Data::new(AppState {
            settings,
            catalog,
            metrics,
            status,
            translations,
            events,
            pages: Default::default(),
        });
        let main_state = state.clone();
        let limits = state.settings.limits.clone();
        let main_listener = Listener {
            name: "main",
            listener,
            workers,
            shutdown_timeout_secs: shutdown_timeout,
            limits: limits.clone(),
            // The main server owns SIGINT/SIGTERM and stops the metrics server after it.
            signals: true,
        };
        let server = serve(main_listener, move || {
            let metrics = main_state.metrics.clone();
            App::new()
                .app_data(main_state.clone())
                .wrap(security_headers(&csp))
                .wrap_fn(move |req, srv| {
                    let started = Instant::now();
                    let method = req.method().clone();
                    let path = req.path().to_owned();
                    let route = req.match_pattern().unwrap_or_else(|| "unmatched".into());
                    let metrics = metrics.clone();
                    let call = srv.call(req);
                    async move {
                        let response = call.await?;
                        metrics.observe_request(
                            &route,
                            response.status().as_u16(),
                            started.elapsed().as_secs_f64(),
                        );
                        log_request(&method, &path, &response, started);
                        Ok(response)
                    }
                })
                .configure(|cfg| {
                    if metrics_on_main {
                        cfg.route("/metrics", routes::get_or_head().to(routes::metrics));
                    }
                })
                .configure(routes::configure)
        })
        .map_err(|source| StartupError::Bind {
            address: format!("port {port}"),
            source,
        })?;
        let (metrics_port, metrics_server) = match metrics_listener {
            Some((listener, metrics_port)) => {
                let server = metrics_server(state, listener, shutdown_timeout, limits)?;
                (Some(metrics_port), Some(server))
            }
            None => (None, None),
        };
        Ok(Self {
            port,
            server,
            metrics_port,
            metrics_server,
            pollers,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the separate metrics listener, when `[metrics] listen` is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_port
    }

    /// Runs until SIGTERM/SIGINT: stops accepting, lets in-flight requests finish
    /// within `shutdown_timeout_secs`, then stops the metrics listener and the pollers.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let metrics_handle = self.metrics_server.map(|server| {
            let handle = server.handle();
            tokio::spawn(server);
            handle
        });
        let result = self.server.await;
        if let Some(handle) = metrics_handle {
            handle.stop(true).await;
        }
        for poller in self.pollers {
            poller.abort();
        }
        result
    }
}

fn bind(address: &str) -> Result<(TcpListener, u16), StartupError> {
    let bind_error = |source| StartupError::Bind {
        address: address.to_owned(),
        source,
    };
    let listener = TcpListener::bind(address).map_err(bind_error)?;
    let port = listener.local_addr().map_err(bind_error)?.port();
    Ok((listener, port))
}

/// `/metrics` alone, on its own address, so it can stay off the public listener.
fn metrics_server(
    state: web::Data<AppState>,
    listener: TcpListener,
    shutdown_timeout: u64,
    limits: ConnectionLimits,
) -> Result<Server, StartupError> {
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let metrics_listener = Listener {
        name: "metrics",
        listener,
        workers: 1,
        shutdown_timeout_secs: shutdown_timeout,
        limits,
        signals: false,
    };
    serve(metrics_listener, move || {
        App::new()
            .app_data(state.clone())
            .wrap(security_headers(BASE_POLICY))
            .route("/metrics", routes::get_or_head().to(routes::metrics))
            .default_service(web::to(routes::not_found))
    })
    .map_err(|source| StartupError::Bind {
        address: format!("metrics port {port}"),
        source,
    })
}

fn security_headers(csp: &str) -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", csp.to_owned()))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cache-Control", "no-store"))
        .add(("X-Frame-Options", "DENY"))
}

/// `loggable_path` of the error page's path, worked out once: nearly every line has it.
fn logged_path(path: &str) -> std::borrow::Cow<'static, str> {
    static PAGE: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| crate::logging::loggable_path(routes::CALLBACK_ERROR_PATH));
    if path == routes::CALLBACK_ERROR_PATH {
        std::borrow::Cow::Borrowed(PAGE.as_str())
    } else {
        std::borrow::Cow::Owned(crate::logging::loggable_path(path))
    }
}

/// One line per request: method, path without the query, status, latency, and for the
/// error page what support needs to trace a reference (see `LogFields`). Public for the
/// framework-ceiling server in `benches/ceiling.rs`, which must log the very same line.
pub fn log_request<B>(
    method: &actix_web::http::Method,
    path: &str,
    response: &actix_web::dev::ServiceResponse<B>,
    started: Instant,
) {
    let path = logged_path(path);
    let path = &*path;
    let status = response.status().as_u16();
    let latency_ms = (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    let extensions = response.response().extensions();
    let Some(f) = extensions.get::<LogFields>() else {
        log::info!(
            method = method.as_str(), path = path, status = status, latency_ms = latency_ms,
            code = "-", reference = "-";
            "{method} {path} {status} {latency_ms:.2}ms code=\"-\" reference=-"
        );
        return;
    };
    // The fields again as key-values, so LOG_FORMAT=json gets them as JSON keys.
    log::info!(
        method = method.as_str(), path = path, status = status, latency_ms = latency_ms,
        code = &*f.code, reference = f.reference.as_str(), category = f.category,
        error = &*f.error, inner_code = &*f.inner_code,
        connection_name = &*f.connection_name, locale = f.locale,
        trace_id = &*f.trace_id;
        "{method} {path} {status} {latency_ms:.2}ms code={:?} reference={} category={} error={:?} inner_code={:?} connection_name={:?} locale={} trace_id={:?}",
        f.code, f.reference, f.category, f.error, f.inner_code, f.connection_name, f.locale, f.trace_id
    );
}
