//! What every request handler shares; built by `startup`, read by `routes`.

use std::sync::Arc;

use crate::config::Settings;
use crate::diagnosis::Catalog;
use crate::events::EventSink;
use crate::i18n::Translations;
use crate::metrics::Metrics;
use crate::page_cache::PageCache;
use crate::status::StatusBoard;

/// Shared state for every request; the status board is written only by the pollers.
pub struct AppState {
    pub settings: Settings,
    pub catalog: Catalog,
    pub metrics: Arc<Metrics>,
    pub status: Arc<StatusBoard>,
    pub translations: Translations,
    /// Page events for `[events] webhook_url`; a no-op when it is not set.
    pub events: EventSink,
    /// Pages built for these settings and this catalog; a new state starts empty.
    pub pages: PageCache,
}
