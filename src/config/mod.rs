//! Typed settings: embedded defaults <- TOML file <- `CEP_*` environment <- flags,
//! merged once and validated at start-up. One module per settings section.

mod branding;
mod catalog;
mod cors;
mod docs;
mod error;
mod events;
mod http;
mod i18n;
mod layers;
mod limits;
mod metrics;
mod popup;
mod proxy;
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
use crate::paths::SitePaths;
use crate::popup::OpenerOrigins;
use crate::proxy::TrustedProxies;
pub use crate::restart::RestartSettings;
pub use cors::CorsSettings;
pub use error::ConfigError;
pub use events::EventSettings;
use layers::{DEFAULTS, env_table, merge_tables, read_file};
pub use layers::{ENV_PREFIX, FlagOverrides};
pub use limits::ConnectionLimits;
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
    proxy: proxy::RawProxy,
    catalog: catalog::RawCatalog,
    qa: qa::RawQa,
    provider_status: BTreeMap<String, RawProviderStatus>,
    metrics: metrics::RawMetrics,
    limits: limits::RawLimits,
    shutdown_timeout_secs: u64,
    workers: u64,
    #[serde(default)]
    events: events::RawEvents,
    #[serde(default)]
    cors: cors::RawCors,
    #[serde(default)]
    http: http::RawHttp,
}

/// Validated settings: every URL parsed, every optional value truly optional.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub product_name: Option<String>,
    pub page_status: u16,
    pub restart: RestartSettings,
    /// `None` when `[status_page] url` is empty: no status link.
    pub status_page_url: Option<String>,
    pub support: SupportSettings,
    pub docs_base_url: Option<String>,
    pub branding: Branding,
    pub default_locale: Locale,
    pub opener_origins: OpenerOrigins,
    /// `[proxy] trusted_addresses`: whose forwarding headers name the public address.
    pub trusted_proxies: TrustedProxies,
    /// `[catalog] overrides`: an operator's TOML file applied over the built-in catalog.
    pub catalog_overrides: Option<PathBuf>,
    /// `[qa] gallery`: serve the catalog gallery for QA.
    pub qa_gallery: bool,
    pub status_polling: StatusPolling,
    /// `None` serves /metrics on the main listener.
    pub metrics_listen: Option<SocketAddr>,
    /// How long in-flight requests get to finish after SIGTERM.
    pub shutdown_timeout_secs: u64,
    /// `[limits]`: connections held and how long a client may take.
    pub limits: ConnectionLimits,
    /// Request worker threads of the main listener.
    pub workers: usize,
    /// `[events]`: a JSON event per rendered page, posted off the request path.
    pub events: EventSettings,
    /// `[cors]`: origins that may read the JSON variant.
    pub cors: CorsSettings,
    /// `[http] base_path` and every address under it.
    pub paths: SitePaths,
}

impl Settings {
    /// Where banners about our own incidents link: the status page, else its API base.
    pub fn platform_status_link(&self) -> &str {
        self.status_page_url
            .as_deref()
            .or(self.status_polling.api_url.as_deref())
            .unwrap_or_default()
    }

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
        let defaults: Table = DEFAULTS.parse().expect("embedded defaults are valid TOML");
        let mut merged = defaults.clone();
        if let Some(path) = file {
            merge_tables(&mut merged, read_file(path)?);
        }
        let env: Vec<(String, String)> = env.into_iter().collect();
        let env_names: Vec<&str> = env.iter().map(|(name, _)| name.as_str()).collect();
        let env = env_table(env.clone(), &defaults)?;
        if let Some(port) = env.port {
            let listen = merged.get("listen").and_then(Value::as_str).unwrap_or("");
            let host = listen
                .rsplit_once(':')
                .map_or("127.0.0.1", |(host, _)| host);
            merged.insert("listen".into(), Value::String(format!("{host}:{port}")));
        }
        merge_tables(&mut merged, env.table);
        if let Some(listen) = &flags.listen {
            merged.insert("listen".into(), Value::String(listen.clone()));
        }
        let raw: RawSettings =
            serde_path_to_error::deserialize(merged).map_err(|e| shape_error(e, &env_names))?;
        raw.validate()
    }

    /// Moves every route and link under `base_path`, validated like `[http] base_path`.
    pub fn set_base_path(&mut self, base_path: &str) -> Result<(), ConfigError> {
        self.paths = SitePaths::new(&http::base_path(base_path)?, &self.branding);
        Ok(())
    }

    /// Keys still pointing at the seed platform's support address and status page.
    pub fn seed_defaults_in_use(&self) -> Vec<&'static str> {
        let seed = Self::defaults();
        let mut keys = Vec::new();
        if self.support.email.is_some() && self.support.email == seed.support.email {
            keys.push("support.email");
        }
        if self.status_page_url.is_some() && self.status_page_url == seed.status_page_url {
            keys.push("status_page.url");
        }
        keys
    }

    /// The embedded defaults alone, for tests and `render`.
    pub fn defaults() -> Self {
        Self::load(None, std::iter::empty(), &FlagOverrides::default())
            .expect("embedded defaults validate")
    }
}

/// A key of the wrong shape or name, said in the words of the file, not of the code.
fn shape_error(e: serde_path_to_error::Error<toml::de::Error>, env_names: &[&str]) -> ConfigError {
    let key = e.path().to_string();
    let problem = e.into_inner().message().trim().to_owned();
    let problem = regex::Regex::new(r"struct Raw\w+")
        .expect("valid pattern")
        .replace_all(&problem, "a table")
        .into_owned();
    let variable = format!("{ENV_PREFIX}{}", key.replace('.', "__").to_uppercase());
    let from_env = env_names.contains(&variable.as_str());
    if problem.contains("unknown field") && from_env {
        let fix = if variable.contains("_PORT") || variable.contains("_SERVICE_") {
            "Kubernetes sets CEP_*_PORT and CEP_*_SERVICE_* variables for every Service whose name starts with `cep`; set `enableServiceLinks: false` in the pod spec (deploy/kubernetes does) or rename the Service"
        } else {
            "remove or rename the variable; the README's configuration table lists the keys"
        };
        return ConfigError::new(
            &key,
            format!("{problem}, set by the environment variable {variable}"),
            fix,
        );
    }
    let fix = if problem.contains("expected a sequence") {
        format!("write a list in TOML array syntax: {key} = [\"https://app.example.com\"]")
    } else {
        "see the README's configuration table for the keys and their types".to_owned()
    };
    ConfigError::new(&key, problem, fix)
}

impl RawSettings {
    fn validate(self) -> Result<Settings, ConfigError> {
        let (branding, product_name) = self.branding.validate(self.product_name)?;
        let paths = SitePaths::new(&http::base_path(&self.http.base_path)?, &branding);
        Ok(Settings {
            listen: server::listen(&self.listen)?,
            product_name,
            page_status: server::page_status(self.page_status)?,
            restart: self.restart.validate()?,
            status_page_url: status_page::page_url(&self.status_page)?,
            support: self.support.validate()?,
            docs_base_url: self.docs.validate()?,
            branding,
            default_locale: self.i18n.validate()?,
            opener_origins: self.popup.validate()?,
            trusted_proxies: self.proxy.validate()?,
            catalog_overrides: self.catalog.validate(),
            qa_gallery: self.qa.gallery,
            status_polling: status_page::status_polling(&self.status_page, &self.provider_status)?,
            metrics_listen: self.metrics.validate()?,
            limits: limits::connection_limits(&self.limits)?,
            shutdown_timeout_secs: self.shutdown_timeout_secs,
            workers: server::workers(self.workers)?,
            events: events::events(&self.events)?,
            cors: cors::cors(&self.cors)?,
            paths,
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
        assert_eq!(
            s.status_page_url.as_deref(),
            Some("https://scalekit.statuspage.io")
        );
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
