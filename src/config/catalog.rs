//! `[catalog]`: the operator's overrides file, applied over the built-in catalog.

use std::path::PathBuf;

use serde::Deserialize;

use super::ConfigError;
use super::values::non_empty;
use crate::diagnosis::Catalog;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCatalog {
    overrides: String,
}

impl RawCatalog {
    pub(super) fn validate(self) -> Option<PathBuf> {
        non_empty(self.overrides).map(PathBuf::from)
    }
}

/// The built-in catalog with the overrides file applied, checked like any other key.
pub(super) fn load(overrides: Option<&PathBuf>) -> Result<Catalog, ConfigError> {
    let fix = "correct the named entry and field (format: docs/catalog-format.md)";
    match overrides {
        None => Catalog::built_in().map_err(|e| ConfigError::new("catalog", e.to_string(), fix)),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                ConfigError::new(
                    "catalog.overrides",
                    format!("cannot read {}: {e}", path.display()),
                    "point it at a readable TOML file, or leave it empty",
                )
            })?;
            Catalog::with_overrides(&path.display().to_string(), &text)
                .map_err(|e| ConfigError::new("catalog.overrides", e.to_string(), fix))
        }
    }
}
