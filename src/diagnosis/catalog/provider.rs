//! Who sent a callback, when the callback shows it: an `error_uri` or description host,
//! the `connection_name`, a code only one family defines, or words only it writes.

use serde::Serialize;
use url::Url;

use super::entry::ProviderEvidence;

/// What showed the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderSignal {
    ErrorUriHost,
    ConnectionName,
    CodeFamily,
    DescriptionHost,
    DescriptionMarker,
}

/// A provider made evident by one signal, and the value that showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderMatch {
    pub family: String,
    pub name: String,
    pub signal: ProviderSignal,
    pub value: String,
}

/// The parts of a callback that may name its sender.
#[derive(Debug, Default)]
pub struct ProviderClues<'a> {
    pub error_uri: Option<&'a str>,
    pub connection_name: Option<&'a str>,
    /// The families of the provider-specific codes received, most specific first.
    pub code_families: Vec<(&'a str, String)>,
    /// `error` and the description, lower-cased.
    pub lowercase_text: &'a str,
}

/// The providers' evidence. Their hosts and markers are words the phrase automaton finds
/// in the same pass as the phrases (see `words`), not once per host and marker.
pub struct ProviderIndex {
    providers: Vec<ProviderEvidence>,
    /// What each word is: (provider, host or marker, its index).
    words: Vec<(usize, Evidence, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    Host,
    Marker,
}

impl ProviderIndex {
    pub fn build(providers: Vec<ProviderEvidence>) -> Self {
        let mut words = Vec::new();
        for (p, provider) in providers.iter().enumerate() {
            for (kind, list) in [
                (Evidence::Host, &provider.hosts),
                (Evidence::Marker, &provider.markers),
            ] {
                words.extend((0..list.len()).map(|i| (p, kind, i)));
            }
        }
        Self { providers, words }
    }

    /// Every host and marker, in the order `evident` numbers them.
    pub fn words(&self) -> Vec<&str> {
        self.words
            .iter()
            .map(|&(p, kind, i)| {
                let provider = &self.providers[p];
                match kind {
                    Evidence::Host => provider.hosts[i].as_str(),
                    Evidence::Marker => provider.markers[i].as_str(),
                }
            })
            .collect()
    }

    pub fn providers(&self) -> &[ProviderEvidence] {
        &self.providers
    }

    /// The provider the clues show, if any: by `error_uri` host, connection name, a code
    /// only its family defines, a host in the text, then a marker in the text; on each
    /// signal, the first provider (and its first host or marker) in catalog order.
    /// `words_found` are the `words` that occur in the clues' text, each at least once.
    pub fn evident(&self, clues: &ProviderClues, words_found: &[usize]) -> Option<ProviderMatch> {
        let providers = &self.providers;
        let found = |p: &ProviderEvidence, signal, value: &str| ProviderMatch {
            family: p.family.clone(),
            name: p.name.clone(),
            signal,
            value: value.to_owned(),
        };
        let uri_host = clues
            .error_uri
            .and_then(|u| Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        if let Some(host) = uri_host.as_deref() {
            for p in providers {
                if p.hosts.iter().any(|h| host_is_or_under(host, h)) {
                    return Some(found(p, ProviderSignal::ErrorUriHost, host));
                }
            }
        }
        if let Some(name) = clues.connection_name.map(str::to_ascii_lowercase) {
            for p in providers {
                if let Some(n) = p.connection_names.iter().find(|n| names(&name, n)) {
                    return Some(found(p, ProviderSignal::ConnectionName, n));
                }
            }
        }
        for (code, family) in &clues.code_families {
            if let Some(p) = providers.iter().find(|p| &p.family == family) {
                return Some(found(p, ProviderSignal::CodeFamily, code));
            }
        }
        let text = clues.lowercase_text;
        // Hosts that occur somewhere, to check as whole host names in catalog order, and
        // the first marker in catalog order that occurs.
        let mut hosts = Vec::new();
        let mut marker: Option<(usize, usize)> = None;
        for &word in words_found {
            match self.words[word] {
                (p, Evidence::Host, i) => hosts.push((p, i)),
                (p, Evidence::Marker, i) => {
                    marker = Some(marker.map_or((p, i), |first| first.min((p, i))));
                }
            }
        }
        hosts.sort_unstable();
        hosts.dedup();
        for (p, i) in hosts {
            let host = &providers[p].hosts[i];
            if contains_host(text, host) {
                return Some(found(&providers[p], ProviderSignal::DescriptionHost, host));
            }
        }
        marker.map(|(p, i)| {
            let p = &providers[p];
            found(p, ProviderSignal::DescriptionMarker, &p.markers[i])
        })
    }
}

fn host_is_or_under(host: &str, known: &str) -> bool {
    host == known
        || host
            .strip_suffix(known)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// `hubspot`, `hubspot-eu` and `acme_hubspot` all name HubSpot; `hubspotter` does not.
fn names(connection_name: &str, known: &str) -> bool {
    connection_name
        .split(['-', '_', '.'])
        .any(|part| part == known)
}

/// The host appears as a whole host name, not inside a longer one.
fn contains_host(text: &str, host: &str) -> bool {
    text.match_indices(host).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + host.len()..].chars().next();
        let part_of_name = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
        !part_of_name(before) && !part_of_name(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evident_provider(
        providers: &[ProviderEvidence],
        clues: &ProviderClues,
    ) -> Option<ProviderMatch> {
        let index = ProviderIndex::build(providers.to_vec());
        let words = index.words();
        let found: Vec<usize> = (0..words.len())
            .filter(|&w| clues.lowercase_text.contains(words[w]))
            .collect();
        index.evident(clues, &found)
    }

    fn hubspot() -> Vec<ProviderEvidence> {
        vec![ProviderEvidence {
            name: "HubSpot".into(),
            hosts: vec!["hubspot.com".into(), "hubapi.com".into()],
            markers: vec!["hubspot".into()],
            connection_names: vec!["hubspot".into()],
            family: "hubspot".into(),
        }]
    }

    #[test]
    fn an_error_uri_on_the_providers_host_names_it() {
        let clues = ProviderClues {
            error_uri: Some("https://developers.hubspot.com/docs/api/oauth"),
            ..Default::default()
        };
        let m = evident_provider(&hubspot(), &clues).unwrap();
        assert_eq!(
            (m.name.as_str(), m.signal),
            ("HubSpot", ProviderSignal::ErrorUriHost)
        );
        let clues = ProviderClues {
            error_uri: Some("https://nothubspot.com.evil.example/x"),
            ..Default::default()
        };
        assert_eq!(evident_provider(&hubspot(), &clues), None);
    }

    #[test]
    fn a_connection_named_after_the_provider_names_it_but_a_longer_word_does_not() {
        for (name, evident) in [
            ("hubspot-eu", true),
            ("acme_hubspot", true),
            ("hubspotter", false),
        ] {
            let clues = ProviderClues {
                connection_name: Some(name),
                ..Default::default()
            };
            assert_eq!(
                evident_provider(&hubspot(), &clues).is_some(),
                evident,
                "{name}"
            );
        }
    }

    #[test]
    fn nothing_in_the_callback_names_no_provider() {
        let clues = ProviderClues {
            lowercase_text: "unauthorized\nthe request was not authorized",
            ..Default::default()
        };
        assert_eq!(evident_provider(&hubspot(), &clues), None);
    }

    fn provider(family: &str, hosts: &[&str], markers: &[&str]) -> ProviderEvidence {
        ProviderEvidence {
            name: family.to_uppercase(),
            hosts: hosts.iter().map(|h| h.to_string()).collect(),
            markers: markers.iter().map(|m| m.to_string()).collect(),
            connection_names: Vec::new(),
            family: family.into(),
        }
    }

    #[test]
    fn hosts_then_markers_decide_in_catalog_order_not_text_order() {
        let providers = [
            provider("a", &["a.example"], &["alpha", "apex"]),
            provider("b", &["b.example"], &["beta"]),
        ];
        let evident = |text: &str| {
            let clues = ProviderClues {
                lowercase_text: text,
                ..Default::default()
            };
            evident_provider(&providers, &clues).map(|m| (m.family, m.signal, m.value))
        };
        let marker = ProviderSignal::DescriptionMarker;
        let host = ProviderSignal::DescriptionHost;
        assert_eq!(
            evident("beta then apex then alpha"),
            Some(("a".into(), marker, "alpha".into()))
        );
        assert_eq!(
            evident("beta, see b.example"),
            Some(("b".into(), host, "b.example".into()))
        );
        assert_eq!(
            evident("at xa.example or b.example"),
            Some(("b".into(), host, "b.example".into()))
        );
        assert_eq!(
            evident("a.examples a-b.example beta"),
            Some(("b".into(), marker, "beta".into()))
        );
        assert_eq!(evident("nothing"), None);
    }

    #[test]
    fn a_host_counts_where_any_occurrence_stands_alone() {
        let providers = [provider("a", &["id.example"], &[])];
        let clues = ProviderClues {
            lowercase_text: "sid.example.org, then id.example/x",
            ..Default::default()
        };
        let m = evident_provider(&providers, &clues).expect("found");
        assert_eq!(m.signal, ProviderSignal::DescriptionHost);
    }

    #[test]
    fn an_empty_marker_is_in_every_text_as_before() {
        let providers = [provider("a", &[], &[""])];
        for text in ["", "anything"] {
            let clues = ProviderClues {
                lowercase_text: text,
                ..Default::default()
            };
            let m = evident_provider(&providers, &clues).expect("found");
            assert_eq!(m.signal, ProviderSignal::DescriptionMarker, "{text:?}");
        }
    }
}
