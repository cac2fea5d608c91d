//! What makes two requests get the same page: JSON or HTML, the locale, the page's own
//! address (host included), and the request: raw, or parsed into what the page reads.

use std::hash::{Hash, Hasher};

use quick_cache::Equivalent;

use crate::diagnosis::CallbackQuery;
use crate::i18n::Locale;

#[derive(Debug, PartialEq, Eq)]
pub struct PageKey {
    json: bool,
    locale: Locale,
    base: Box<str>,
    request: Request,
}

#[derive(Debug, PartialEq, Eq)]
enum Request {
    Raw(Box<str>),
    Parsed(Box<CallbackQuery>),
}

impl PageKey {
    pub fn parsed(json: bool, locale: Locale, base: &str, query: CallbackQuery) -> Self {
        Self {
            json,
            locale,
            base: base.into(),
            request: Request::Parsed(Box::new(query)),
        }
    }

    /// The parsed request this key holds, if it holds one.
    pub fn query(&self) -> Option<&CallbackQuery> {
        match &self.request {
            Request::Parsed(query) => Some(query),
            Request::Raw(_) => None,
        }
    }

    /// Bytes the key holds, about: of a parsed query, its fields that can be long.
    pub(super) fn weight(&self) -> usize {
        let request = match &self.request {
            Request::Raw(query) => query.len(),
            Request::Parsed(query) => {
                let long = [&query.error, &query.error_description, &query.return_to];
                size_of::<CallbackQuery>()
                    + long.into_iter().flatten().map(String::len).sum::<usize>()
                    + 256
            }
        };
        size_of::<Self>() + self.base.len() + request
    }
}

/// The part of the hash `PageKey` and `RawKey` share, so that a raw query is looked up
/// without copying it.
fn hash_head(state: &mut impl Hasher, json: bool, locale: Locale, base: &str) {
    json.hash(state);
    locale.hash(state);
    base.hash(state);
}

impl Hash for PageKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_head(state, self.json, self.locale, &self.base);
        match &self.request {
            Request::Raw(query) => {
                0u8.hash(state);
                (**query).hash(state);
            }
            Request::Parsed(query) => {
                1u8.hash(state);
                query.hash(state);
            }
        }
    }
}

/// A raw-query key borrowed from the request: what the fast path looks up.
#[derive(Debug, Clone, Copy)]
pub struct RawKey<'a> {
    pub json: bool,
    pub locale: Locale,
    pub base: &'a str,
    pub query: &'a str,
}

impl Hash for RawKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_head(state, self.json, self.locale, self.base);
        0u8.hash(state);
        self.query.hash(state);
    }
}

impl Equivalent<PageKey> for RawKey<'_> {
    fn equivalent(&self, key: &PageKey) -> bool {
        key.json == self.json
            && key.locale == self.locale
            && *key.base == *self.base
            && matches!(&key.request, Request::Raw(query) if **query == *self.query)
    }
}

impl From<RawKey<'_>> for PageKey {
    fn from(key: RawKey<'_>) -> Self {
        Self {
            json: key.json,
            locale: key.locale,
            base: key.base.into(),
            request: Request::Raw(key.query.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    #[test]
    fn a_raw_key_hashes_and_compares_as_its_owned_form() {
        let raw = RawKey {
            json: false,
            locale: Locale::De,
            base: "https://a.example/e",
            query: "error=x&state=1",
        };
        let owned = PageKey::from(raw);
        let hasher = std::hash::RandomState::new();
        assert_eq!(hasher.hash_one(raw), hasher.hash_one(&owned));
        assert!(raw.equivalent(&owned));
        for other in [
            RawKey { json: true, ..raw },
            RawKey {
                locale: Locale::En,
                ..raw
            },
            RawKey {
                base: "https://b.example/e",
                ..raw
            },
            RawKey {
                query: "error=x&state=2",
                ..raw
            },
        ] {
            assert!(!other.equivalent(&owned), "{other:?}");
        }
    }

    #[test]
    fn a_raw_key_never_matches_a_parsed_one() {
        let query = "error=x";
        let raw = RawKey {
            json: false,
            locale: Locale::En,
            base: "b",
            query,
        };
        let parsed = PageKey::parsed(
            false,
            Locale::En,
            "b",
            CallbackQuery::parse(query.as_bytes()),
        );
        assert!(!raw.equivalent(&parsed));
        assert_ne!(PageKey::from(raw), parsed);
    }
}
