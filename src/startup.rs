//! Builds the server: binds first (port 0 works), then runs until stopped.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::DefaultHeaders;
use actix_web::{App, web};

use crate::config::{ConfigError, ConnectionLimits, Settings};
use crate::csp::BASE_POLICY;
use crate::events;
use crate::i18n::{TranslationError, Translations};
use crate::metrics::Metrics;
pub use crate::page_middleware::log_request;
use crate::page_middleware::wrap_page;
use crate::reload::{ReloadSource, hangups, reload_on_sighup};
use crate::routes;
use crate::server::{Listener, serve};
pub use crate::state::AppState;
use crate::state::LiveState;
use crate::status::StatusBoard;
use crate::status::poller::{install_crypto_provider, spawn_pollers};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Translations(#[from] TranslationError),
    #[error("cannot listen for SIGHUP: {0}")]
    Signal(std::io::Error),
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
    live: web::Data<LiveState>,
}

impl Application {
    /// Binds, starts the status pollers, and returns the server ready to run.
    /// Must be called inside a tokio runtime.
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        let translations = Arc::new(Translations::built_in()?);
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
        let limits = settings.limits.clone();
        let base_path = settings.paths.base.clone();
        let state =
            AppState::for_settings(settings, translations, metrics.clone(), status, events)?;
        let live = web::Data::new(LiveState::new(state));
        let main_live = live.clone();
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
            let live = main_live.clone();
            let metrics = metrics.clone();
            let base_path = base_path.clone();
            App::new()
                .app_data(live.clone())
                .wrap_fn(move |req, srv| wrap_page(&live, &metrics, true, req, srv))
                .configure(|cfg| routes::configure(cfg, &base_path, metrics_on_main))
        })
        .map_err(|source| StartupError::Bind {
            address: format!("port {port}"),
            source,
        })?;
        let (metrics_port, metrics_server) = match metrics_listener {
            Some((listener, metrics_port)) => {
                let server = metrics_server(live.clone(), listener, shutdown_timeout, limits)?;
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
            live,
        })
    }

    /// From now on, SIGHUP re-reads the configuration from `source` (see `reload`).
    /// Must be called inside the runtime that runs the server.
    pub fn reload_on_sighup(mut self, source: ReloadSource) -> std::io::Result<Self> {
        let hangups = hangups()?;
        self.pollers.push(tokio::spawn(reload_on_sighup(
            self.live.clone(),
            source,
            hangups,
        )));
        Ok(self)
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
    live: web::Data<LiveState>,
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
            .app_data(live.clone())
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
