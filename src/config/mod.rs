//! Typed settings: embedded defaults <- TOML file <- `CEP_*` environment <- flags,
//! merged once and validated at start-up. One module per settings section.

mod branding;
mod catalog;
mod docs;
mod error;
mod i18n;
mod layers;
mod metrics;
mod popup;
mod qa;
mod restart;
mod server;
mod status_page;
mod support;
mod values;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::{Table, Value};

use crate::branding::Branding;
use crate::diagnosis::Catalog;
use crate::i18n::Locale;
use crate::popup::OpenerOrigins;
pub use crate::restart::RestartSettings;
pub use error::ConfigError;
use layers::{DEFAULTS, env_table, merge_tables, read_file};
pub use layers::{ENV_PREFIX, FlagOverrides};
pub use status_page::StatusPolling;
use status_page::{RawProviderStatus, RawStatusPage};
pub use support::SupportSettings;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    listen: String,
    product_name: String,
    page_status: u16,
    restart: restart::RawRestart,
    status_page: RawStatusPage,
    support: support::RawSupport,
    docs: docs::RawDocs,
    branding: branding::RawBranding,
    i18n: i18n::RawI18n,
    popup: popup::RawPopup,
    catalog: catalog::RawCatalog,
    qa: qa::RawQa,
    provider_status: BTreeMap<String, RawProviderStatus>,
    metrics: metrics::RawMetrics,
    shutdown_timeout_secs: u64,
}

/// Validated settings: every URL parsed, every optional value truly optional.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub product_name: Option<String>,
    pub page_status: u16,
    pub restart: RestartSettings,
    pub status_page_url: String,
    pub support: SupportSettings,
    pub docs_base_url: Option<String>,
    pub branding: Branding,
    pub default_locale: Locale,
    pub opener_origins: OpenerOrigins,
    /// `[catalog] overrides`: an operator's TOML file applied over the built-in catalog.
    pub catalog_overrides: Option<PathBuf>,
    /// `[qa] gallery`: serve the catalog gallery for QA.
    pub qa_gallery: bool,
    pub status_polling: StatusPolling,
    /// `None` serves /metrics on the main listener.
    pub metrics_listen: Option<SocketAddr>,
    /// How long in-flight requests get to finish after SIGTERM.
    pub shutdown_timeout_secs: u64,
}

impl Settings {
    /// The built-in catalog with `[catalog] overrides` applied, checked like any other key.
    pub fn load_catalog(&self) -> Result<Catalog, ConfigError> {
        catalog::load(self.catalog_overrides.as_ref())
    }

    /// Loads the layers in order and validates the result.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
        flags: &FlagOverrides,
    ) -> Result<Self, ConfigError> {
        let mut merged: Table = DEFAULTS.parse().expect("embedded defaults are valid TOML");
        if let Some(path) = file {
            merge_tables(&mut merged, read_file(path)?);
        }
        merge_tables(&mut merged, env_table(env)?);
        if let Some(listen) = &flags.listen {
            merged.insert("listen".into(), Value::String(listen.clone()));
        }
        let raw: RawSettings = serde_path_to_error::deserialize(merged).map_err(|e| {
            let key = e.path().to_string();
            ConfigError::new(
                &key,
                e.into_inner().to_string(),
                "see the README's configuration table for the keys and their types",
            )
        })?;
        raw.validate()
    }

    /// The embedded defaults alone, for tests and `render`.
    pub fn defaults() -> Self {
        Self::load(None, std::iter::empty(), &FlagOverrides::default())
            .expect("embedded defaults validate")
    }
}

impl RawSettings {
    fn validate(self) -> Result<Settings, ConfigError> {
        let (branding, product_name) = self.branding.validate(self.product_name)?;
        Ok(Settings {
            listen: server::listen(&self.listen)?,
            product_name,
            page_status: server::page_status(self.page_status)?,
            restart: self.restart.validate()?,
            status_page_url: values::http_url("status_page.url", &self.status_page.url)?,
            support: self.support.validate()?,
            docs_base_url: self.docs.validate()?,
            branding,
            default_locale: self.i18n.validate()?,
            opener_origins: self.popup.validate()?,
            catalog_overrides: self.catalog.validate(),
            qa_gallery: self.qa.gallery,
            status_polling: status_page::status_polling(&self.status_page, &self.provider_status)?,
            metrics_listen: self.metrics.validate()?,
            shutdown_timeout_secs: self.shutdown_timeout_secs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn load_env(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let env = vars.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        Settings::load(None, env, &FlagOverrides::default())
    }

    #[test]
    fn defaults_match_the_documented_table() {
        let s = Settings::defaults();
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.page_status, 200);
        assert_eq!(s.status_page_url, "https://scalekit.statuspage.io");
        assert_eq!(s.support.email.as_deref(), Some("support@scalekit.com"));
        assert!(s.restart.template.is_none());
    }

    #[test]
    fn environment_overrides_defaults_and_flags_override_environment() {
        let env = [
            ("CEP_LISTEN", "127.0.0.1:9000"),
            ("CEP_SUPPORT__EMAIL", "help@example.com"),
        ];
        let s = load_env(&env).unwrap();
        assert_eq!(s.listen.port(), 9000);
        assert_eq!(s.support.email.as_deref(), Some("help@example.com"));
        let flags = FlagOverrides {
            listen: Some("127.0.0.1:9100".into()),
        };
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        assert_eq!(
            Settings::load(None, env, &flags).unwrap().listen.port(),
            9100
        );
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = load_env(&[("CEP_RESTART__URLL", "x")]).unwrap_err();
        assert_eq!(err.key, "restart.urll");
        assert!(err.to_string().contains("unknown field"), "{err}");
    }

    #[test]
    fn bad_urls_are_named_with_a_fix() {
        let err = load_env(&[("CEP_STATUS_PAGE__URL", "not a url")]).unwrap_err();
        assert_eq!(err.key, "status_page.url");
        assert!(err.to_string().contains("Fix:"));
        let err = load_env(&[("CEP_RESTART__URL", "javascript:alert(1)")]).unwrap_err();
        assert_eq!(err.key, "restart.url");
    }
}
