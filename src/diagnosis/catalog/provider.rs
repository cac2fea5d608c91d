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

pub fn evident_provider(
    providers: &[ProviderEvidence],
    clues: &ProviderClues,
) -> Option<ProviderMatch> {
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
    for p in providers {
        if let Some(h) = p.hosts.iter().find(|h| contains_host(text, h)) {
            return Some(found(p, ProviderSignal::DescriptionHost, h));
        }
    }
    for p in providers {
        if let Some(m) = p.markers.iter().find(|m| text.contains(m.as_str())) {
            return Some(found(p, ProviderSignal::DescriptionMarker, m));
        }
    }
    None
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
}
