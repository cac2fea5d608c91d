//! `[qa]`: pages for checking the catalog, off in production.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQa {
    pub gallery: bool,
}
