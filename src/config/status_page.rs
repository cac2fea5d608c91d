//! `[status_page]` and `[provider_status.*]`: the status link and which Statuspage APIs to poll.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use super::ConfigError;
use super::values::{http_url, non_empty};
use crate::status::Feed;
use crate::status::providers::ProviderPages;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStatusPage {
    pub url: String,
    pub api_url: String,
    pub poll_interval_secs: u64,
    pub timeout_ms: u64,
    pub components: Vec<String>,
    #[serde(default)]
    pub feed: Feed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProviderStatus {
    pub api_url: String,
    /// Services or products that count, e.g. Google's "Gmail"; empty counts all.
    #[serde(default)]
    pub components: Vec<String>,
}

/// Which Statuspage APIs to poll, and how.
#[derive(Debug, Clone)]
pub struct StatusPolling {
    /// Base of our own Statuspage, e.g. `https://scalekit.statuspage.io`.
    pub api_url: Option<String>,
    pub interval: Duration,
    pub timeout: Duration,
    /// Component names or ids that count; empty means all of them.
    pub components: Vec<String>,
    /// Provider family -> the base of its status page API.
    pub providers: BTreeMap<String, String>,
    /// The API our own status page speaks (`[status_page] feed`).
    pub feed: Feed,
    /// Provider family -> what counts on its page; absent counts all.
    pub provider_components: BTreeMap<String, Vec<String>>,
}

/// The status link; empty switches it off.
pub(super) fn page_url(raw: &RawStatusPage) -> Result<Option<String>, ConfigError> {
    non_empty(raw.url.clone())
        .map(|url| http_url("status_page.url", &url))
        .transpose()
}

pub(super) fn status_polling(
    raw: &RawStatusPage,
    providers: &BTreeMap<String, RawProviderStatus>,
) -> Result<StatusPolling, ConfigError> {
    let api_url = non_empty(raw.api_url.clone())
        .map(|url| api_base("status_page.api_url", &url))
        .transpose()?;
    if raw.poll_interval_secs == 0 {
        return Err(ConfigError::new(
            "status_page.poll_interval_secs",
            "0 would poll without pause",
            "use at least 1 (the default is 60)",
        ));
    }
    if !(1..=60_000).contains(&raw.timeout_ms) {
        return Err(ConfigError::new(
            "status_page.timeout_ms",
            format!("{} is outside 1..=60000", raw.timeout_ms),
            "use a timeout in milliseconds such as 2000 (the default)",
        ));
    }
    if raw.feed == Feed::None {
        return Err(ConfigError::new(
            "status_page.feed",
            "`none` cannot be polled",
            "use statuspage, slack, google_workspace, incident_io or instatus, or leave api_url empty",
        ));
    }
    let known = ProviderPages::built_in();
    let mut polled = BTreeMap::new();
    let mut provider_components = BTreeMap::new();
    for (family, provider) in providers {
        let key = format!("provider_status.{family}");
        let Some(page) = known.get(family) else {
            return Err(ConfigError::new(
                &key,
                format!("`{family}` is not a provider family with a known status page"),
                format!("use one of: {}", known.pollable_families().join(", ")),
            ));
        };
        if let Some(url) = non_empty(provider.api_url.clone()) {
            if page.feed == Feed::None {
                return Err(ConfigError::new(
                    &key,
                    format!("{} publishes no status feed we can read", page.name),
                    format!("remove the section; pages link {} instead", page.page_url),
                ));
            }
            polled.insert(family.clone(), api_base(&format!("{key}.api_url"), &url)?);
            let components: Vec<String> = provider
                .components
                .iter()
                .filter_map(|c| non_empty(c.clone()))
                .collect();
            provider_components.insert(family.clone(), components);
        }
    }
    Ok(StatusPolling {
        api_url,
        interval: Duration::from_secs(raw.poll_interval_secs),
        timeout: Duration::from_millis(raw.timeout_ms),
        components: raw
            .components
            .iter()
            .filter_map(|c| non_empty(c.clone()))
            .collect(),
        providers: polled,
        feed: raw.feed,
        provider_components,
    })
}

/// The base URL of a Statuspage, without a trailing slash or placeholders.
fn api_base(key: &str, url: &str) -> Result<String, ConfigError> {
    if url.contains(['{', '}']) {
        return Err(ConfigError::new(
            key,
            format!("`{url}` contains a placeholder"),
            "use the status page's base URL, e.g. https://example.statuspage.io",
        ));
    }
    Ok(http_url(key, url)?.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::config::tests::load_env;

    #[test]
    fn polling_is_off_by_default_with_documented_intervals() {
        let s = Settings::defaults();
        assert_eq!(s.status_polling.api_url, None);
        assert_eq!(s.status_polling.interval.as_secs(), 60);
        assert_eq!(s.status_polling.timeout.as_millis(), 2000);
        assert!(s.status_polling.providers.is_empty());
        assert_eq!(s.shutdown_timeout_secs, 10);
    }

    #[test]
    fn a_zero_poll_interval_is_refused() {
        let err = load_env(&[("CEP_STATUS_PAGE__POLL_INTERVAL_SECS", "0")]).unwrap_err();
        assert_eq!(err.key, "status_page.poll_interval_secs");
    }

    #[test]
    fn an_unknown_provider_family_is_named() {
        let err = load_env(&[(
            "CEP_PROVIDER_STATUS__MYSPACE__API_URL",
            "https://status.example.com",
        )])
        .unwrap_err();
        assert_eq!(err.key, "provider_status.myspace");
        assert!(err.fix.contains("github"), "{err}");
    }

    #[test]
    fn a_known_provider_is_polled_at_its_base_url() {
        let s = load_env(&[(
            "CEP_PROVIDER_STATUS__GITHUB__API_URL",
            "https://www.githubstatus.com/",
        )])
        .unwrap();
        assert_eq!(
            s.status_polling.providers["github"],
            "https://www.githubstatus.com"
        );
    }

    #[test]
    fn a_provider_without_a_readable_feed_cannot_be_polled() {
        let err = load_env(&[(
            "CEP_PROVIDER_STATUS__MICROSOFT__API_URL",
            "https://status.cloud.microsoft",
        )])
        .unwrap_err();
        assert_eq!(err.key, "provider_status.microsoft");
        assert!(err.problem.contains("publishes no status feed"), "{err}");
    }

    #[test]
    fn our_own_page_may_speak_another_feed_and_providers_count_their_own_products() {
        let s = load_env(&[
            ("CEP_STATUS_PAGE__FEED", "instatus"),
            (
                "CEP_PROVIDER_STATUS__GOOGLE__API_URL",
                "https://www.google.com",
            ),
            ("CEP_PROVIDER_STATUS__GOOGLE__COMPONENTS", r#"["Gmail"]"#),
        ])
        .unwrap();
        assert_eq!(s.status_polling.feed, crate::status::Feed::Instatus);
        assert_eq!(s.status_polling.provider_components["google"], ["Gmail"]);
        let err = load_env(&[("CEP_STATUS_PAGE__FEED", "rss")]).unwrap_err();
        assert_eq!(err.key, "status_page.feed");
    }
}
