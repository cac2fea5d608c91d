//! The built-in table of provider status pages, keyed by catalog family.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::feeds::Feed;

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ProviderPage {
    /// How people call the provider: "GitHub", "Microsoft 365".
    pub name: String,
    pub page_url: String,
    /// The API its status page speaks; `none` when it publishes no readable feed.
    pub feed: Feed,
}

#[derive(Debug)]
pub struct ProviderPages(BTreeMap<String, ProviderPage>);

impl ProviderPages {
    pub fn built_in() -> &'static ProviderPages {
        static PAGES: LazyLock<ProviderPages> = LazyLock::new(|| {
            ProviderPages(
                toml::from_str(include_str!("providers.toml"))
                    .expect("providers.toml maps families to pages"),
            )
        });
        &PAGES
    }

    pub fn get(&self, family: &str) -> Option<&ProviderPage> {
        self.0.get(family)
    }

    pub fn families(&self) -> Vec<&str> {
        self.0.keys().map(String::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::Catalog;

    #[test]
    fn every_provider_family_in_the_catalog_has_an_https_status_page() {
        let pages = ProviderPages::built_in();
        let catalog = Catalog::built_in().unwrap();
        for entry in catalog.entries() {
            if matches!(entry.family.as_str(), "platform" | "standards") {
                continue;
            }
            let page = pages
                .get(&entry.family)
                .unwrap_or_else(|| panic!("no status page for family {}", entry.family));
            assert!(page.page_url.starts_with("https://"), "{page:?}");
        }
        assert_eq!(pages.get("github").unwrap().name, "GitHub");
    }

    #[test]
    fn slack_and_google_are_read_from_their_own_feeds() {
        let pages = ProviderPages::built_in();
        assert_eq!(pages.get("slack").unwrap().feed, Feed::Slack);
        assert_eq!(pages.get("google").unwrap().feed, Feed::GoogleWorkspace);
        assert_eq!(pages.get("microsoft").unwrap().feed, Feed::None);
    }
}
