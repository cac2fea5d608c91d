//! Pages already built for a request, kept so the same request again costs a copy.
//!
//! During an incident many people arrive with the same error, locale and host; every
//! byte of their page is the same except the reference, which is fresh per request. A
//! cached page is the rendered body with holes where the reference goes: it was rendered
//! with a random placeholder reference, and every place that placeholder came out is a
//! hole. References are Crockford base-32, which no escaping (HTML, JSON, percent-encoding)
//! changes, so the hole is filled with the new reference as is.
//!
//! A page is found by the raw query (a hash, no parsing: the same link followed again)
//! and by what the query says once parsed, which is all a page is built from: callbacks
//! that differ only in what the page never reads (each person's own `state`, a tracking
//! parameter, the order of parameters) share one page. See `key`.
//!
//! A page is kept for the UTC second it shows and the status board reading it was built
//! from; the cache itself lives in the application state, so a reload of the settings
//! or catalog starts with an empty one. Its size is bounded in bytes whatever arrives,
//! and its eviction (quick_cache's CLOCK-Pro) keeps pages asked for again over a flood
//! of queries seen once.

mod key;

use std::convert::Infallible;
use std::hash::Hash;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, MessageBody};
use actix_web::web::Bytes;

use prometheus_client::metrics::counter::Counter;
use quick_cache::sync::Cache;
use quick_cache::{Equivalent, OptionsBuilder, Weighter};

pub use key::{PageKey, RawKey};

use crate::events::PageEvent;
use crate::logging::LogFields;

/// Defaults: enough for every code in every locale during an incident, and at most a
/// half a megabyte whatever arrives.
pub const EXPECTED_ENTRIES: usize = 256;
pub const MAX_BYTES: usize = 512 * 1024;
const SHARDS: usize = 4;

/// A body with holes for the reference.
#[derive(Debug)]
pub struct Template {
    body: Bytes,
    holes: Arc<[usize]>,
}

impl Template {
    /// `rendered` with every occurrence of `placeholder` taken out as a hole.
    pub fn new(rendered: &str, placeholder: &str) -> Self {
        let mut body = Vec::with_capacity(rendered.len());
        let mut holes = Vec::new();
        let mut rest = rendered;
        while let Some(at) = rest.find(placeholder) {
            body.extend_from_slice(&rest.as_bytes()[..at]);
            holes.push(body.len());
            rest = &rest[at + placeholder.len()..];
        }
        body.extend_from_slice(rest.as_bytes());
        Self {
            body: body.into(),
            holes: holes.into(),
        }
    }

    /// The body with `reference` in every hole, as a response body that hands out the
    /// kept bytes as they are: the page is copied once, into the socket's buffer.
    pub fn fill(&self, reference: &str) -> Filled {
        Filled {
            body: self.body.clone(),
            holes: self.holes.clone(),
            reference: Bytes::copy_from_slice(reference.as_bytes()),
            next: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.body.len()
    }

    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }
}

/// A filled template: the kept bytes between holes, and the reference in each hole.
#[derive(Debug)]
pub struct Filled {
    body: Bytes,
    holes: Arc<[usize]>,
    reference: Bytes,
    /// The next part: even parts are kept bytes, odd parts the reference.
    next: usize,
}

impl Iterator for Filled {
    type Item = Bytes;

    fn next(&mut self) -> Option<Bytes> {
        let part = self.next;
        if part > 2 * self.holes.len() {
            return None;
        }
        self.next += 1;
        if part % 2 == 1 {
            return Some(self.reference.clone());
        }
        let at = part / 2;
        let from = at.checked_sub(1).map_or(0, |before| self.holes[before]);
        let to = self.holes.get(at).copied().unwrap_or(self.body.len());
        Some(self.body.slice(from..to))
    }
}

impl MessageBody for Filled {
    type Error = Infallible;

    fn size(&self) -> BodySize {
        BodySize::Sized((self.body.len() + self.holes.len() * self.reference.len()) as u64)
    }

    fn poll_next(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Infallible>>> {
        Poll::Ready(self.get_mut().next().map(Ok))
    }
}

/// One kept page and what the request path reports about it, reference left blank.
#[derive(Debug)]
pub struct CachedPage {
    pub template: Template,
    /// Unix second of the time the page shows.
    pub second: i64,
    /// `status::generation()` when the page was built.
    pub status_generation: u64,
    pub log: LogFields,
    /// `cep_page_renders_total` for this page's labels (see `Metrics::render_counter`).
    pub renders: Counter,
    pub event: PageEvent,
}

impl CachedPage {
    /// Whether the page is still what a request now would get.
    pub fn is_current(&self, second: i64, status_generation: u64) -> bool {
        self.second == second && self.status_generation == status_generation
    }

    fn weight(&self) -> usize {
        let log = &self.log;
        let event_text = self.event.description.as_ref().map_or(0, String::len);
        self.template.len()
            + self.template.holes.len() * size_of::<usize>()
            + log.code.len()
            + log.error.len()
            + log.inner_code.len()
            + log.connection_name.len()
            + log.trace_id.len()
            + event_text
            + self.event.code.len()
            + 512
    }
}

pub struct PageCache {
    pages: Cache<PageKey, Arc<CachedPage>, Weight>,
}

/// An entry weighs its key and its page, even when another key shares the page: the
/// bound then holds however pages are shared.
#[derive(Debug, Clone, Copy)]
struct Weight;

impl Weighter<PageKey, Arc<CachedPage>> for Weight {
    fn weight(&self, key: &PageKey, page: &Arc<CachedPage>) -> u64 {
        (key.weight() + page.weight()) as u64
    }
}

impl Default for PageCache {
    fn default() -> Self {
        Self::new(EXPECTED_ENTRIES, MAX_BYTES)
    }
}

impl PageCache {
    /// A cache of at most `max_bytes` as entries are weighed; `expected_entries` only
    /// sizes its tables.
    pub fn new(expected_entries: usize, max_bytes: usize) -> Self {
        let options = OptionsBuilder::new()
            .estimated_items_capacity(expected_entries)
            .weight_capacity(max_bytes as u64)
            // Few shards, so that one shard holds a page with the longest description.
            .shards(SHARDS)
            .build()
            .expect("valid cache options");
        Self {
            pages: Cache::with_options(options, Weight, Default::default(), Default::default()),
        }
    }

    pub fn get<Q>(&self, key: &Q) -> Option<Arc<CachedPage>>
    where
        Q: Hash + Equivalent<PageKey> + ?Sized,
    {
        self.pages.get(key)
    }

    /// Keeps `page` under `key`, replacing what was there; a page heavier than a shard's
    /// share is not kept.
    pub fn insert(&self, key: PageKey, page: Arc<CachedPage>) {
        self.pages.insert(key, page);
    }

    /// Entries and the bytes they are counted as.
    pub fn usage(&self) -> (usize, usize) {
        (self.pages.len(), self.pages.weight() as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_becomes_the_reference() {
        let filled = |t: &Template| {
            let body = t.fill("CEP-123456");
            let size = body.size();
            let text = String::from_utf8(body.flat_map(|b| b.to_vec()).collect()).unwrap();
            assert_eq!(size, BodySize::Sized(text.len() as u64));
            text
        };
        for (template, page) in [
            (
                "a CEP-XXXXXX b \"CEP-XXXXXX\"c CEP-XXXXXX",
                "a CEP-123456 b \"CEP-123456\"c CEP-123456",
            ),
            ("CEP-XXXXXXCEP-XXXXXX", "CEP-123456CEP-123456"),
            ("no reference here", "no reference here"),
            ("", ""),
        ] {
            assert_eq!(filled(&Template::new(template, "CEP-XXXXXX")), page);
        }
    }

    fn page(size: usize) -> CachedPage {
        CachedPage {
            template: Template::new(&"x".repeat(size), "CEP-XXXXXX"),
            second: 0,
            status_generation: 0,
            log: LogFields::default(),
            renders: Counter::default(),
            event: PageEvent::default(),
        }
    }

    fn raw(query: &str) -> RawKey<'_> {
        RawKey {
            json: false,
            locale: crate::i18n::Locale::En,
            base: "https://a.example/e",
            query,
        }
    }

    #[test]
    fn a_flood_of_new_queries_stays_within_the_bytes_and_keeps_the_page_asked_again() {
        let max = 256 * 1024;
        let cache = PageCache::new(16, max);
        cache.insert(raw("hot").into(), Arc::new(page(3000)));
        for n in 0..10_000 {
            cache.insert(raw(&format!("q{n}")).into(), Arc::new(page(3000)));
            assert!(cache.get(&raw("hot")).is_some(), "evicted after {n}");
            assert!(cache.usage().1 <= max, "{:?}", cache.usage());
        }
        // Replacing a key does not count it twice.
        let entries = cache.usage().0;
        for _ in 0..100 {
            cache.insert(raw("same").into(), Arc::new(page(3000)));
        }
        assert!(cache.usage().0 <= entries + 1);
        cache.insert(raw("huge").into(), Arc::new(page(1 << 20)));
        assert!(cache.get(&raw("huge")).is_none());
    }
}
