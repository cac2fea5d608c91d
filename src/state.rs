//! What every request handler shares; built by `startup`, read by `routes`.

use std::sync::Arc;

use crate::config::Settings;
use crate::diagnosis::Catalog;
use crate::i18n::Translations;
use crate::metrics::Metrics;
use crate::status::StatusBoard;

/// Shared state for every request; the status board is written only by the pollers.
pub struct AppState {
    pub settings: Settings,
    pub catalog: Catalog,
    pub metrics: Arc<Metrics>,
    pub status: Arc<StatusBoard>,
    pub translations: Translations,
}
