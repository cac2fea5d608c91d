//! SIGHUP: read the configuration file, the environment and the overrides file again,
//! and swap the state the next request sees. A configuration that does not validate is
//! refused with the message `check-config` prints, and the running one stays.

use std::path::PathBuf;

use tokio::signal::unix::{Signal, SignalKind, signal};

use actix_web::web;

use crate::config::{FlagOverrides, Settings};
use crate::paths::SitePaths;
use crate::state::{AppState, LiveState};

/// Where the configuration came from at start-up, to read it again the same way.
#[derive(Debug, Clone, Default)]
pub struct ReloadSource {
    pub config: Option<PathBuf>,
    pub flags: FlagOverrides,
}

/// Listens for SIGHUP from now on; must be called inside a tokio runtime.
pub fn hangups() -> std::io::Result<Signal> {
    signal(SignalKind::hangup())
}

/// Reloads on every SIGHUP until aborted.
pub async fn reload_on_sighup(
    live: web::Data<LiveState>,
    source: ReloadSource,
    mut hangups: Signal,
) {
    while hangups.recv().await.is_some() {
        reload(&live, &source, std::env::vars());
    }
}

/// One reload: on success the next request sees the new state; on failure nothing
/// changes. Either way the outcome is logged and counted.
pub fn reload(
    live: &LiveState,
    source: &ReloadSource,
    env: impl IntoIterator<Item = (String, String)>,
) -> bool {
    let current = live.current();
    let loaded = Settings::load(source.config.as_deref(), env, &source.flags).and_then(|new| {
        let (new, needs_restart) = keep_restart_only(&current.settings, new);
        let state = AppState::for_settings(
            new,
            current.translations.clone(),
            current.metrics.clone(),
            current.status.clone(),
            current.events.clone(),
        )?;
        Ok((state, needs_restart))
    });
    match loaded {
        Ok((state, needs_restart)) => {
            live.replace(state);
            current.metrics.config_reloaded(true);
            log::info!("configuration reloaded");
            if !needs_restart.is_empty() {
                log::warn!(
                    "configuration reload: {} changed and needs a restart to take effect; the running values stay until then",
                    needs_restart.join(", ")
                );
            }
            true
        }
        Err(e) => {
            current.metrics.config_reloaded(false);
            log::error!("configuration reload refused, the running configuration stays: {e}");
            false
        }
    }
}

/// Settings the running listeners, pollers and event sender were built with: the new
/// value is reported and the running one kept, so the state says what is in effect.
fn keep_restart_only(running: &Settings, mut new: Settings) -> (Settings, Vec<&'static str>) {
    let mut changed = Vec::new();
    let differs =
        |a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug| format!("{a:?}") != format!("{b:?}");
    macro_rules! keep {
        ($key:literal, $($field:ident).+) => {
            if differs(&running.$($field).+, &new.$($field).+) {
                changed.push($key);
                new.$($field).+ = running.$($field).+.clone();
            }
        };
    }
    keep!("listen", listen);
    keep!("metrics.listen", metrics_listen);
    keep!("workers", workers);
    keep!("limits", limits);
    keep!("shutdown_timeout_secs", shutdown_timeout_secs);
    if running.paths.base != new.paths.base {
        changed.push("http.base_path");
        new.paths = SitePaths::new(&running.paths.base, &new.branding);
    }
    keep!("status_page and provider_status", status_polling);
    keep!("events", events);
    if running.platform_status_link() != new.platform_status_link() {
        changed.push("the status board's link (status_page.url)");
    }
    (new, changed)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{ReloadSource, reload};
    use crate::config::{FlagOverrides, Settings};
    use crate::i18n::Translations;
    use crate::metrics::Metrics;
    use crate::state::{AppState, LiveState};
    use crate::status::StatusBoard;

    fn env(vars: &[(&str, &str)]) -> Vec<(String, String)> {
        vars.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn live(vars: &[(&str, &str)]) -> LiveState {
        let settings = Settings::load(None, env(vars), &FlagOverrides::default()).unwrap();
        let status =
            StatusBoard::configured(settings.platform_status_link(), &settings.status_polling);
        let state = AppState::for_settings(
            settings,
            Arc::new(Translations::built_in().unwrap()),
            Arc::new(Metrics::new()),
            Arc::new(status),
            Default::default(),
        )
        .unwrap();
        LiveState::new(state)
    }

    #[test]
    fn listener_settings_keep_their_running_values_and_the_rest_applies() {
        let live = live(&[("CEP_LISTEN", "127.0.0.1:8081")]);
        let source = ReloadSource::default();
        let changed = env(&[
            ("CEP_LISTEN", "127.0.0.1:9999"),
            ("CEP_HTTP__BASE_PATH", "/connect"),
            ("CEP_BRANDING__PRODUCT_NAME", "Bolt Connect"),
            ("CEP_BRANDING__ACCENT_COLOR", "#0055aa"),
        ]);
        assert!(reload(&live, &source, changed));
        let now = live.current();
        assert_eq!(now.settings.product_name.as_deref(), Some("Bolt Connect"));
        assert_eq!(now.settings.listen.port(), 8081, "the socket did not move");
        assert_eq!(now.settings.paths.base, "", "the routes did not move");
        let brand = now.settings.paths.brand_css.as_deref().unwrap();
        assert!(brand.starts_with("/static/brand."), "{brand}");
    }

    #[test]
    fn a_refused_reload_changes_nothing_and_is_counted() {
        let live = live(&[("CEP_BRANDING__PRODUCT_NAME", "Acme Connect")]);
        let before = live.current();
        let broken = env(&[("CEP_STATUS_PAGE__URL", "ftp:/nowhere")]);
        assert!(!reload(&live, &ReloadSource::default(), broken));
        let after = live.current();
        assert!(Arc::ptr_eq(&before, &after));
        let metrics = after.metrics.render();
        assert!(
            metrics.contains("cep_config_reloads_total{result=\"refused\"} 1"),
            "{metrics}"
        );
        assert!(
            metrics.contains("cep_config_reloads_total{result=\"ok\"} 0"),
            "{metrics}"
        );
    }
}
