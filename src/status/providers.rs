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

/// A row of `providers.toml`: libraries and self-hosted servers have no page.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Listed {
    name: String,
    page_url: Option<String>,
    feed: Option<Feed>,
}

#[derive(Debug)]
pub struct ProviderPages {
    pages: BTreeMap<String, ProviderPage>,
    listed: Vec<String>,
}

impl ProviderPages {
    pub fn built_in() -> &'static ProviderPages {
        static PAGES: LazyLock<ProviderPages> = LazyLock::new(|| {
            let rows: BTreeMap<String, Listed> = toml::from_str(include_str!("providers.toml"))
                .expect("providers.toml maps families to pages");
            let listed = rows.keys().cloned().collect();
            let pages = rows
                .into_iter()
                .filter_map(|(family, row)| {
                    let page_url = row.page_url?;
                    Some((
                        family,
                        ProviderPage {
                            name: row.name,
                            page_url,
                            feed: row.feed.unwrap_or(Feed::None),
                        },
                    ))
                })
                .collect();
            ProviderPages { pages, listed }
        });
        &PAGES
    }

    /// The family's public status page, where it publishes one.
    pub fn get(&self, family: &str) -> Option<&ProviderPage> {
        self.pages.get(family)
    }

    /// The families whose status page publishes a feed we can poll.
    pub fn pollable_families(&self) -> Vec<&str> {
        self.pages
            .iter()
            .filter(|(_, page)| page.feed != Feed::None)
            .map(|(family, _)| family.as_str())
            .collect()
    }

    /// Whether `providers.toml` names the family, with a page or without.
    pub fn is_listed(&self, family: &str) -> bool {
        self.listed.iter().any(|f| f == family)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::Catalog;

    #[test]
    fn every_provider_family_in_the_catalog_is_listed_with_an_https_page_or_none() {
        let pages = ProviderPages::built_in();
        let catalog = Catalog::built_in().unwrap();
        for entry in catalog.entries() {
            if matches!(entry.family.as_str(), "platform" | "standards") {
                continue;
            }
            assert!(
                pages.is_listed(&entry.family),
                "family {} is not in providers.toml",
                entry.family
            );
            if let Some(page) = pages.get(&entry.family) {
                assert!(page.page_url.starts_with("https://"), "{page:?}");
            }
        }
        assert_eq!(pages.get("github").unwrap().name, "GitHub");
        assert!(pages.is_listed("keycloak") && pages.get("keycloak").is_none());
    }

    #[test]
    fn slack_and_google_are_read_from_their_own_feeds() {
        let pages = ProviderPages::built_in();
        assert_eq!(pages.get("slack").unwrap().feed, Feed::Slack);
        assert_eq!(pages.get("google").unwrap().feed, Feed::GoogleWorkspace);
        assert_eq!(pages.get("microsoft").unwrap().feed, Feed::None);
    }
}
