//! The shared, in-memory board of last good snapshots, and what a request reads from it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use serde::Serialize;
use time::OffsetDateTime;

use super::feeds::Feed;
use super::providers::ProviderPages;
use super::report::StatusReport;
use super::summary::StatusSnapshot;
use crate::config::StatusPolling;
use crate::diagnosis::{Category, Entry};

/// Bumped by every stored reading, on any board: a page built before the bump may show
/// an older reading (see `page_cache`).
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// The count of readings stored so far; a change means a page may read differently.
pub fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// The metrics label and log name of our own status page.
pub const PLATFORM: &str = "platform";

/// One polled status page: where it is and its last good snapshot.
pub struct Upstream {
    /// `platform` or a provider family.
    pub name: String,
    pub api_url: String,
    pub feed: Feed,
    /// What counts on this page (components, services or products); empty counts all.
    pub components: Vec<String>,
    latest: RwLock<Option<Arc<StatusSnapshot>>>,
}

impl Upstream {
    pub fn new(name: &str, api_url: &str) -> Self {
        Self::with_feed(name, api_url, Feed::Statuspage, Vec::new())
    }

    pub fn with_feed(name: &str, api_url: &str, feed: Feed, components: Vec<String>) -> Self {
        Self {
            name: name.to_owned(),
            api_url: api_url.to_owned(),
            feed,
            components,
            latest: RwLock::new(None),
        }
    }

    /// The URL this upstream's poller fetches.
    pub fn feed_url(&self) -> String {
        self.feed.url(&self.api_url)
    }

    pub fn latest(&self) -> Option<Arc<StatusSnapshot>> {
        // A poisoned lock still holds a usable snapshot.
        self.latest
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn store(&self, snapshot: StatusSnapshot) {
        *self.latest.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(snapshot));
        GENERATION.fetch_add(1, Ordering::Release);
    }
}

/// Every status page the service knows about, shared by the pollers and the requests.
pub struct StatusBoard {
    page_url: String,
    platform: Option<Arc<Upstream>>,
    providers: BTreeMap<String, Arc<Upstream>>,
}

/// What one request shows: our status, and the provider's when the diagnosis names one.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceStatus {
    pub platform: StatusReport,
    pub provider: Option<StatusReport>,
    /// True when a known incident is likely the cause of this error.
    pub likely_related: bool,
}

impl StatusBoard {
    pub fn new(
        page_url: &str,
        platform_api: Option<&str>,
        provider_apis: &BTreeMap<String, String>,
    ) -> Self {
        Self {
            page_url: page_url.to_owned(),
            platform: platform_api.map(|api| Arc::new(Upstream::new(PLATFORM, api))),
            providers: provider_apis
                .iter()
                .map(|(family, api)| (family.clone(), Arc::new(Upstream::new(family, api))))
                .collect(),
        }
    }

    /// The board for the configured polling: each upstream with its feed and what counts.
    pub fn configured(page_url: &str, polling: &StatusPolling) -> Self {
        let pages = ProviderPages::built_in();
        Self {
            page_url: page_url.to_owned(),
            platform: polling.api_url.as_deref().map(|api| {
                Arc::new(Upstream::with_feed(
                    PLATFORM,
                    api,
                    polling.feed,
                    polling.components.clone(),
                ))
            }),
            providers: polling
                .providers
                .iter()
                .map(|(family, api)| {
                    let feed = pages.get(family).map(|p| p.feed).unwrap_or_default();
                    let components = polling
                        .provider_components
                        .get(family)
                        .cloned()
                        .unwrap_or_default();
                    let upstream = Upstream::with_feed(family, api, feed, components);
                    (family.clone(), Arc::new(upstream))
                })
                .collect(),
        }
    }

    /// The upstreams a poller should watch.
    pub fn upstreams(&self) -> impl Iterator<Item = &Arc<Upstream>> {
        self.platform.iter().chain(self.providers.values())
    }

    /// Reads memory only.
    pub fn status_for(&self, entry: &Entry, now: OffsetDateTime) -> ServiceStatus {
        let platform = StatusReport::new(
            None,
            &self.page_url,
            self.platform.as_ref().and_then(|u| u.latest()).as_deref(),
            now,
        );
        let provider = ProviderPages::built_in().get(&entry.family).map(|page| {
            let snapshot = self.providers.get(&entry.family).and_then(|u| u.latest());
            StatusReport::new(Some(&page.name), &page.page_url, snapshot.as_deref(), now)
        });
        let related_category = matches!(
            entry.category,
            Category::PlatformTransient | Category::ProviderOutage
        );
        let any_incident =
            platform.has_incident() || provider.as_ref().is_some_and(StatusReport::has_incident);
        ServiceStatus {
            likely_related: related_category && any_incident,
            platform,
            provider,
        }
    }
}

impl ServiceStatus {
    /// The provider's report when the page should link it: a provider outage, or a
    /// known incident at the provider.
    pub fn provider_to_show(&self, category: Category) -> Option<&StatusReport> {
        self.provider
            .as_ref()
            .filter(|p| category == Category::ProviderOutage || p.has_incident())
    }
}
