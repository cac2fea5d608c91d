//! `[docs]`: where the generated troubleshooting guide is published.

use serde::Deserialize;

use super::ConfigError;
use super::values::{http_url, non_empty};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDocs {
    base_url: String,
}

impl RawDocs {
    pub(super) fn validate(self) -> Result<Option<String>, ConfigError> {
        non_empty(self.base_url)
            .map(|url| http_url("docs.base_url", &url))
            .transpose()
    }
}
