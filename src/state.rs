//! What every request handler shares; built by `startup`, read by `routes`.
//!
//! The state sits behind one `ArcSwap` so SIGHUP can replace it whole: a handler
//! takes `State`, one atomic load per request, and keeps that snapshot to the end, so a
//! reload never mixes two configurations in one response nor drops a request in flight.

use std::future::{Ready, ready};
use std::ops::Deref;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use arc_swap::ArcSwap;

use actix_web::http::header::HeaderValue;

use crate::config::{ConfigError, Settings};
use crate::csp::{BASE_POLICY, content_security_policy};
use crate::diagnosis::Catalog;
use crate::events::EventSink;
use crate::i18n::Translations;
use crate::metrics::Metrics;
use crate::page_cache::PageCache;
use crate::status::StatusBoard;

/// Shared state for every request; the status board is written only by the pollers.
pub struct AppState {
    pub settings: Settings,
    pub catalog: Arc<Catalog>,
    pub metrics: Arc<Metrics>,
    pub status: Arc<StatusBoard>,
    pub translations: Arc<Translations>,
    /// Page events for `[events] webhook_url`; a no-op when it is not set.
    pub events: EventSink,
    /// The Content-Security-Policy of these settings (see `csp`).
    pub csp: HeaderValue,
    /// Pages built for these settings and this catalog; a new state starts empty, so a
    /// reload never serves a page built for the old configuration.
    pub pages: PageCache,
}

impl AppState {
    /// The state for `settings`: loads the catalog and builds the policy; the rest is
    /// what outlives a reload (metrics, status board, event queue, translations).
    pub fn for_settings(
        settings: Settings,
        translations: Arc<Translations>,
        metrics: Arc<Metrics>,
        status: Arc<StatusBoard>,
        events: EventSink,
    ) -> Result<Self, ConfigError> {
        let catalog = Arc::new(settings.load_catalog()?);
        let csp = HeaderValue::from_str(&content_security_policy(&settings))
            .unwrap_or_else(|_| HeaderValue::from_static(BASE_POLICY));
        Ok(Self {
            settings,
            catalog,
            metrics,
            status,
            translations,
            events,
            csp,
            pages: PageCache::default(),
        })
    }

    /// The same state with page events going to `events`.
    pub fn with_events(&self, events: EventSink) -> Self {
        Self {
            settings: self.settings.clone(),
            catalog: self.catalog.clone(),
            metrics: self.metrics.clone(),
            status: self.status.clone(),
            translations: self.translations.clone(),
            events,
            csp: self.csp.clone(),
            pages: PageCache::default(),
        }
    }
}

/// The current `AppState`, replaced whole on reload.
pub struct LiveState(ArcSwap<AppState>);

impl LiveState {
    pub fn new(state: AppState) -> Self {
        Self(ArcSwap::from_pointee(state))
    }

    pub fn current(&self) -> Arc<AppState> {
        self.0.load_full()
    }

    /// Cheaper than `current` for a field read at once and dropped.
    pub fn peek(&self) -> arc_swap::Guard<Arc<AppState>> {
        self.0.load()
    }

    /// The next request sees `state`; requests already running keep theirs.
    pub fn replace(&self, state: AppState) {
        self.0.store(Arc::new(state));
    }
}

/// A handler's snapshot of the state, taken once when the request reaches it.
pub struct State(Arc<AppState>);

impl Deref for State {
    type Target = AppState;
    fn deref(&self) -> &AppState {
        &self.0
    }
}

impl FromRequest for State {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.app_data::<web::Data<LiveState>>()
                .map(|live| State(live.current()))
                .ok_or_else(|| {
                    actix_web::error::ErrorInternalServerError("the error page is not configured")
                }),
        )
    }
}
