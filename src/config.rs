//! Typed settings: embedded defaults <- TOML file <- `CEP_*` environment <- flags,
//! merged once and validated at start-up.

mod limits;
mod operations;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::{Table, Value};

use crate::branding::Branding;
use crate::diagnosis::Catalog;
use crate::i18n::Locale;
use crate::popup::OpenerOrigins;
use crate::restart::{Origin, RestartTemplate, safe_return_to};
pub use limits::ConnectionLimits;
use limits::RawLimits;
pub use operations::StatusPolling;
use operations::{RawMetrics, RawProviderStatus, RawStatusPage};

const DEFAULTS: &str = include_str!("defaults.toml");
/// Environment variables with this prefix set keys; `__` separates a section: `CEP_SUPPORT__EMAIL`.
pub const ENV_PREFIX: &str = "CEP_";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    listen: String,
    product_name: String,
    page_status: u16,
    restart: RawRestart,
    status_page: RawStatusPage,
    support: RawSupport,
    docs: RawDocs,
    branding: RawBranding,
    i18n: RawI18n,
    popup: RawPopup,
    catalog: RawCatalog,
    qa: RawQa,
    provider_status: BTreeMap<String, RawProviderStatus>,
    metrics: RawMetrics,
    limits: RawLimits,
    shutdown_timeout_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBranding {
    product_name: String,
    logo_url: String,
    accent_color: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    overrides: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawI18n {
    default_locale: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPopup {
    allowed_opener_origins: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQa {
    gallery: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRestart {
    url: String,
    allowed_return_origins: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSupport {
    email: String,
    url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocs {
    base_url: String,
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
    pub limits: ConnectionLimits,
}

#[derive(Debug, Clone)]
pub struct RestartSettings {
    pub template: Option<RestartTemplate>,
    pub allowed_return_origins: Vec<Origin>,
}

impl RestartSettings {
    /// The restart link for a request: the template filled with validated values, or
    /// with no template an allowed `return_to` itself. `None` when nothing is safe.
    pub fn link_for(
        &self,
        connection_name: Option<&str>,
        return_to: Option<&str>,
    ) -> Option<String> {
        let return_to = return_to.and_then(|r| safe_return_to(r, &self.allowed_return_origins));
        match &self.template {
            Some(template) => template.link(connection_name, return_to.as_ref()),
            None => return_to.map(|r| r.as_str().to_owned()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SupportSettings {
    pub email: Option<String>,
    pub url: Option<String>,
}

/// A configuration problem, naming the key and how to fix it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration key `{key}`: {problem}. Fix: {fix}")]
pub struct ConfigError {
    pub key: String,
    pub problem: String,
    pub fix: String,
}

impl ConfigError {
    pub(crate) fn new(key: &str, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            key: key.to_owned(),
            problem: problem.into(),
            fix: fix.into(),
        }
    }
}

/// Overrides given on the command line, applied last.
#[derive(Debug, Default, Clone)]
pub struct FlagOverrides {
    pub listen: Option<String>,
}

impl Settings {
    /// The built-in catalog with `[catalog] overrides` applied, checked like any other key.
    pub fn load_catalog(&self) -> Result<Catalog, ConfigError> {
        let fix = "correct the named entry and field (format: docs/catalog-format.md)";
        match &self.catalog_overrides {
            None => {
                Catalog::built_in().map_err(|e| ConfigError::new("catalog", e.to_string(), fix))
            }
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

fn read_file(path: &Path) -> Result<Table, ConfigError> {
    let key = "--config";
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError::new(
            key,
            format!("cannot read {}: {e}", path.display()),
            "pass the path of a readable TOML file",
        )
    })?;
    text.parse::<Table>().map_err(|e| {
        ConfigError::new(
            key,
            format!("{} is not valid TOML: {}", path.display(), e.message()),
            "correct the TOML syntax",
        )
    })
}

/// `CEP_RESTART__URL=…` becomes `[restart] url = "…"`. Values that parse as TOML
/// (numbers, booleans, arrays) keep their type; anything else is a string.
fn env_table(env: impl IntoIterator<Item = (String, String)>) -> Result<Table, ConfigError> {
    let mut table = Table::new();
    for (name, value) in env {
        let Some(path) = name.strip_prefix(ENV_PREFIX) else {
            continue;
        };
        let keys: Vec<String> = path.split("__").map(str::to_lowercase).collect();
        if keys.iter().any(String::is_empty) {
            return Err(ConfigError::new(
                &name,
                "is not a valid setting name",
                "use CEP_KEY or CEP_SECTION__KEY, e.g. CEP_SUPPORT__EMAIL",
            ));
        }
        let value = format!("v = {value}")
            .parse::<Table>()
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or(Value::String(value));
        let (last, sections) = keys.split_last().expect("at least one key");
        let mut node = &mut table;
        for section in sections {
            node = match node
                .entry(section.clone())
                .or_insert_with(|| Value::Table(Table::new()))
            {
                Value::Table(t) => t,
                _ => {
                    return Err(ConfigError::new(
                        &name,
                        "mixes a key and a section",
                        "set only one of them",
                    ));
                }
            };
        }
        node.insert(last.clone(), value);
    }
    Ok(table)
}

/// Deep-merges `overlay` into `base`: tables merge key by key, anything else replaces.
pub(crate) fn merge_tables(base: &mut Table, overlay: Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(base_table)), Value::Table(overlay_table)) => {
                merge_tables(base_table, overlay_table)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

impl RawSettings {
    fn validate(self) -> Result<Settings, ConfigError> {
        let listen = self.listen.parse().map_err(|_| {
            ConfigError::new(
                "listen",
                format!("`{}` is not an address and port", self.listen),
                "use e.g. 127.0.0.1:8080 or 0.0.0.0:8080",
            )
        })?;
        if !(self.page_status == 200 || (400..=599).contains(&self.page_status)) {
            return Err(ConfigError::new(
                "page_status",
                format!("{} is not a status an error page can use", self.page_status),
                "use 200 (the default, safe behind proxies) or a 4xx/5xx status",
            ));
        }
        let template = non_empty(self.restart.url)
            .map(|url| {
                RestartTemplate::parse(&url).map_err(|problem| {
                    ConfigError::new(
                        "restart.url",
                        problem,
                        "use an absolute https URL, e.g. https://app.example.com/connect/{connection_name}/start",
                    )
                })
            })
            .transpose()?;
        let allowed_return_origins = self
            .restart
            .allowed_return_origins
            .iter()
            .map(|o| {
                Origin::parse_config(o).map_err(|problem| {
                    ConfigError::new(
                        "restart.allowed_return_origins",
                        problem,
                        "list origins only, scheme and host with an optional port, e.g. \"https://app.example.com\"",
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        let status_page_url = http_url("status_page.url", &self.status_page.url)?;
        let support_url = non_empty(self.support.url)
            .map(|url| http_url("support.url", &url))
            .transpose()?;
        let email = non_empty(self.support.email)
            .map(validate_email)
            .transpose()?;
        let docs_base_url = non_empty(self.docs.base_url)
            .map(|url| http_url("docs.base_url", &url))
            .transpose()?;
        let status_polling = operations::status_polling(&self.status_page, &self.provider_status)?;
        let metrics_listen = operations::metrics_listen(&self.metrics)?;
        let limits = limits::connection_limits(&self.limits)?;
        let product_name = product_name(self.product_name, self.branding.product_name)?;
        let branding = Branding::parse(
            non_empty(self.branding.logo_url).as_deref(),
            non_empty(self.branding.accent_color).as_deref(),
        )?;
        let default_locale = Locale::match_tag(&self.i18n.default_locale).ok_or_else(|| {
            ConfigError::new(
                "i18n.default_locale",
                format!("`{}` is not a supported locale", self.i18n.default_locale),
                format!("use one of {}", Locale::ALL.map(Locale::as_str).join(", ")),
            )
        })?;
        let opener_origins = OpenerOrigins::parse(&self.popup.allowed_opener_origins)?;
        Ok(Settings {
            listen,
            product_name,
            page_status: self.page_status,
            restart: RestartSettings {
                template,
                allowed_return_origins,
            },
            status_page_url,
            support: SupportSettings {
                email,
                url: support_url,
            },
            docs_base_url,
            branding,
            default_locale,
            opener_origins,
            catalog_overrides: non_empty(self.catalog.overrides).map(PathBuf::from),
            qa_gallery: self.qa.gallery,
            status_polling,
            metrics_listen,
            shutdown_timeout_secs: self.shutdown_timeout_secs,
            limits,
        })
    }
}

/// `[branding] product_name`, or the older top-level `product_name` it replaces.
fn product_name(top_level: String, branding: String) -> Result<Option<String>, ConfigError> {
    match (non_empty(top_level), non_empty(branding)) {
        (Some(old), Some(new)) if old != new => Err(ConfigError::new(
            "product_name",
            format!("is `{old}` while `branding.product_name` is `{new}`"),
            "set only `[branding] product_name`; the top-level key is an older alias",
        )),
        (old, new) => Ok(new.or(old)),
    }
}

fn non_empty(value: String) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// An absolute http(s) URL, kept as written when valid. Placeholders such as
/// `{reference}` are allowed in the path and query.
fn http_url(key: &str, value: &str) -> Result<String, ConfigError> {
    let probe = value.replace(['{', '}'], "");
    match url::Url::parse(&probe) {
        Ok(url) if matches!(url.scheme(), "https" | "http") && url.host().is_some() => {
            Ok(value.to_owned())
        }
        _ => Err(ConfigError::new(
            key,
            format!("`{value}` is not an absolute http(s) URL"),
            "use a full URL such as https://status.example.com, or leave the key empty",
        )),
    }
}

fn validate_email(email: String) -> Result<String, ConfigError> {
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
    }) && !email.contains(|c: char| c.is_whitespace() || "<>\"'(),;:\\[]".contains(c));
    if valid {
        Ok(email)
    } else {
        Err(ConfigError::new(
            "support.email",
            format!("`{email}` is not an email address"),
            "use a plain address such as support@example.com, or leave it empty",
        ))
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

    #[test]
    fn product_name_moves_to_branding_and_the_old_key_still_works() {
        let old = load_env(&[("CEP_PRODUCT_NAME", "Acme")]).unwrap();
        assert_eq!(old.product_name.as_deref(), Some("Acme"));
        let new = load_env(&[("CEP_BRANDING__PRODUCT_NAME", "Acme")]).unwrap();
        assert_eq!(new.product_name.as_deref(), Some("Acme"));
        let both = [
            ("CEP_PRODUCT_NAME", "Old"),
            ("CEP_BRANDING__PRODUCT_NAME", "New"),
        ];
        assert_eq!(load_env(&both).unwrap_err().key, "product_name");
    }

    #[test]
    fn the_default_locale_must_be_one_we_speak() {
        assert_eq!(Settings::defaults().default_locale, Locale::En);
        let pt = load_env(&[("CEP_I18N__DEFAULT_LOCALE", "pt")]).unwrap();
        assert_eq!(pt.default_locale, Locale::PtBr);
        let err = load_env(&[("CEP_I18N__DEFAULT_LOCALE", "tlh")]).unwrap_err();
        assert_eq!(err.key, "i18n.default_locale");
        assert!(err.fix.contains("pt-BR"), "{err}");
    }

    #[test]
    fn empty_values_switch_optional_links_off() {
        let s = load_env(&[("CEP_SUPPORT__EMAIL", "")]).unwrap();
        assert_eq!(s.support.email, None);
    }

    #[test]
    fn a_page_status_that_is_not_an_error_status_is_refused() {
        assert_eq!(
            load_env(&[("CEP_PAGE_STATUS", "302")]).unwrap_err().key,
            "page_status"
        );
        assert_eq!(
            load_env(&[("CEP_PAGE_STATUS", "500")]).unwrap().page_status,
            500
        );
    }
}
