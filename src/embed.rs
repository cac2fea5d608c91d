//! Mounting the error page into an actix-web app you already run.
//!
//! The stand-alone binary serves the page on its own listener. A host app that runs
//! its own [`HttpServer`](actix_web::HttpServer) can mount the same page under a prefix
//! of its choosing instead:
//!
//! ```no_run
//! use actix_web::{App, HttpResponse, HttpServer, web};
//! use connect_error_page::config::Settings;
//! use connect_error_page::embed::ErrorPage;
//!
//! #[actix_web::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let settings = Settings::defaults();
//!     let page = ErrorPage::builder(settings).mount_at("/auth/errors").build()?;
//!     let running = page.start();
//!     let served = page.clone();
//!     HttpServer::new(move || {
//!         App::new()
//!             .route("/", web::get().to(|| async { HttpResponse::Ok().body("home") }))
//!             .configure(|cfg| served.configure(cfg))
//!     })
//!     .bind(("127.0.0.1", 8080))?
//!     .run()
//!     .await?;
//!     running.stop();
//!     Ok(())
//! }
//! ```
//!
//! What the page brings to its own routes, and only to them: its security headers
//! (a Content-Security-Policy for the page, `nosniff`, `no-referrer`, `no-store`,
//! `DENY` framing), one access-log line per request through the `log` crate, and the
//! request histogram. It registers no default service, so paths it does not serve,
//! under its prefix too, reach the host's 404; and it claims `/healthz`, `/readyz` and
//! `/metrics` (under its prefix) only when asked.
//!
//! What it does not bring: the connection-level protections of the binary's own
//! listener (`[limits]`: connection cap, request and body deadlines, pipelining
//! back-pressure). In a host app these belong to the host's `HttpServer`
//! (`max_connections`, `client_request_timeout`, `client_disconnect_timeout`) and to
//! the proxy in front of it. `listen`, `workers` and `[metrics] listen` are ignored.

#![deny(missing_docs)]

use std::sync::Arc;

use actix_web::web;

use crate::config::{ConfigError, Settings};
use crate::events;
use crate::i18n::Translations;
use crate::metrics::Metrics;
use crate::page_middleware::wrap_page;
use crate::routes::{Extras, page_routes};
use crate::startup::StartupError;
use crate::state::{AppState, LiveState};
use crate::status::StatusBoard;
use crate::status::poller::{install_crypto_provider, spawn_pollers};

/// Chooses where the page is mounted and which extra routes it claims; see [`ErrorPage`].
#[derive(Debug)]
pub struct ErrorPageBuilder {
    settings: Settings,
    mount_path: Option<String>,
    extras: Extras,
}

impl ErrorPageBuilder {
    /// The prefix the page lives under, such as `/auth/errors`: the page is then at
    /// `/auth/errors/ui-handlers/connect/callback/error` and its assets under
    /// `/auth/errors/static/`. It replaces `[http] base_path` and is checked like it.
    pub fn mount_at(mut self, path: &str) -> Self {
        self.mount_path = Some(path.to_owned());
        self
    }

    /// Also serve `healthz` and `readyz` under the prefix (off by default).
    pub fn probes(mut self, on: bool) -> Self {
        self.extras.probes = on;
        self
    }

    /// Also serve the page's Prometheus metrics as `metrics` under the prefix
    /// (off by default).
    pub fn metrics(mut self, on: bool) -> Self {
        self.extras.metrics = on;
        self
    }

    /// Validates the prefix and loads the catalog (with `[catalog] overrides`).
    ///
    /// # Errors
    /// A prefix that is empty or not a plain path, an overrides file that does not
    /// validate, or built-in translations that do not load.
    pub fn build(mut self) -> Result<ErrorPage, StartupError> {
        if let Some(path) = &self.mount_path {
            self.settings.set_base_path(path)?;
        }
        if self.settings.paths.base.is_empty() {
            return Err(ConfigError::new(
                "http.base_path",
                "is empty, and a mounted page would then take every path of the host app",
                "call ErrorPageBuilder::mount_at with a prefix such as /auth/errors",
            )
            .into());
        }
        let metrics = Arc::new(Metrics::new());
        let status = Arc::new(StatusBoard::configured(
            self.settings.platform_status_link(),
            &self.settings.status_polling,
        ));
        let translations = Arc::new(Translations::built_in()?);
        let state = AppState::for_settings(
            self.settings,
            translations,
            metrics.clone(),
            status,
            Default::default(),
        )?;
        Ok(ErrorPage {
            live: web::Data::new(LiveState::new(state)),
            metrics,
            extras: self.extras,
        })
    }
}

/// The error page, ready to mount into any number of `App`s (one per worker).
/// Cheap to clone: every clone shares the same state and metrics.
#[derive(Clone)]
pub struct ErrorPage {
    live: web::Data<LiveState>,
    metrics: Arc<Metrics>,
    extras: Extras,
}

impl ErrorPage {
    /// Starts from validated settings, e.g. [`Settings::load`] or [`Settings::defaults`].
    pub fn builder(settings: Settings) -> ErrorPageBuilder {
        ErrorPageBuilder {
            settings,
            mount_path: None,
            extras: Extras {
                probes: false,
                metrics: false,
            },
        }
    }

    /// Registers the page under its prefix: `App::new().configure(|cfg| page.configure(cfg))`.
    /// Register it on the `App`, not inside a `Scope`: the page builds its links from
    /// the prefix alone, so an outer scope's path would be missing from them.
    pub fn configure(&self, cfg: &mut web::ServiceConfig) {
        let live = self.live.clone();
        let metrics = self.metrics.clone();
        let extras = self.extras;
        cfg.service(
            web::scope(&self.live.peek().settings.paths.base)
                .app_data(self.live.clone())
                .wrap_fn(move |req, srv| wrap_page(&live, &metrics, false, req, srv))
                .configure(|cfg| page_routes(cfg, extras)),
        );
    }

    /// Starts the status pollers (`[status_page]`, `[provider_status.*]`) and the event
    /// sender (`[events] webhook_url`). Until then the page shows no live status and
    /// sends no events. Must be called inside a tokio runtime, e.g. in `actix_web::main`.
    pub fn start(&self) -> RunningTasks {
        install_crypto_provider();
        let current = self.live.current();
        let mut tasks = spawn_pollers(
            &current.status,
            &current.settings.status_polling,
            &self.metrics,
        );
        let (sink, sender) = events::start(&current.settings.events, &self.metrics);
        tasks.extend(sender);
        self.live.replace(current.with_events(sink));
        RunningTasks { tasks }
    }
}

/// The background tasks [`ErrorPage::start`] started; [`RunningTasks::stop`] ends them.
#[must_use = "dropping it leaves the tasks running until the runtime stops"]
pub struct RunningTasks {
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl RunningTasks {
    /// Stops the pollers and the event sender; events still queued are dropped.
    pub fn stop(self) {
        for task in self.tasks {
            task.abort();
        }
    }
}
