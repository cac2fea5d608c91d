//! Pages already built for a request, kept so the same request again costs a copy.
//!
//! During an incident many people arrive with the same query, locale and host; every
//! byte of their page is the same except the reference, which is fresh per request. A
//! cached page is the rendered body with holes where the reference goes: it was rendered
//! with a random placeholder reference, and every place that placeholder came out is a
//! hole. References are Crockford base-32, which no escaping (HTML, JSON, percent-encoding)
//! changes, so the hole is filled with the new reference as is.
//!
//! A page is kept for the UTC second it shows and the status board reading it was built
//! from; the cache itself lives in the application state, so a reload of the settings
//! or catalog starts with an empty one. Its size is bounded in entries and bytes whatever
//! the input: the oldest entries go first.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use crate::events::PageEvent;
use crate::logging::LogFields;
use prometheus_client::metrics::counter::Counter;

/// Defaults: enough for every code in every locale during an incident, and at most a
/// half a megabyte whatever arrives.
pub const MAX_ENTRIES: usize = 256;
pub const MAX_BYTES: usize = 512 * 1024;

/// A body with holes for the reference.
#[derive(Debug)]
pub struct Template {
    body: Box<[u8]>,
    holes: Box<[usize]>,
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
            body: body.into_boxed_slice(),
            holes: holes.into_boxed_slice(),
        }
    }

    /// The body with `reference` in every hole.
    pub fn fill(&self, reference: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + self.holes.len() * reference.len());
        let mut from = 0;
        for &hole in &*self.holes {
            out.extend_from_slice(&self.body[from..hole]);
            out.extend_from_slice(reference.as_bytes());
            from = hole;
        }
        out.extend_from_slice(&self.body[from..]);
        out
    }

    pub fn len(&self) -> usize {
        self.body.len()
    }

    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
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

    fn weight(&self, key: &[u8]) -> usize {
        let log = &self.log;
        let event_text = self.event.description.as_ref().map_or(0, String::len);
        key.len()
            + self.template.len()
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

/// What makes two requests get the same page: JSON or HTML, the locale, the page's own
/// address (host included) and the raw query.
pub fn key(json: bool, locale: &str, page_base: &str, query: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(4 + locale.len() + page_base.len() + query.len());
    key.push(u8::from(json));
    for part in [locale, page_base] {
        key.extend_from_slice(&(part.len() as u32).to_le_bytes());
        key.extend_from_slice(part.as_bytes());
    }
    key.extend_from_slice(query.as_bytes());
    key
}

pub struct PageCache {
    inner: Mutex<Inner>,
    max_entries: usize,
    max_bytes: usize,
}

#[derive(Default)]
struct Inner {
    pages: HashMap<Arc<[u8]>, (Arc<CachedPage>, usize)>,
    /// Keys in insertion order, each once: the front is evicted first.
    order: VecDeque<Arc<[u8]>>,
    bytes: usize,
}

impl Default for PageCache {
    fn default() -> Self {
        Self::new(MAX_ENTRIES, MAX_BYTES)
    }
}

impl PageCache {
    pub fn new(max_entries: usize, max_bytes: usize) -> Self {
        Self {
            inner: Mutex::new(Inner::default()),
            max_entries,
            max_bytes,
        }
    }

    pub fn get(&self, key: &[u8]) -> Option<Arc<CachedPage>> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.pages.get(key).map(|(page, _)| page.clone())
    }

    /// Keeps `page` under `key`, replacing what was there; a page bigger than the whole
    /// budget is not kept.
    pub fn insert(&self, key: Vec<u8>, page: CachedPage) {
        let weight = page.weight(&key);
        if weight > self.max_bytes {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, old)) = inner.pages.remove(key.as_slice()) {
            inner.bytes -= old;
            inner.order.retain(|k| **k != *key);
        }
        while inner.pages.len() >= self.max_entries || inner.bytes + weight > self.max_bytes {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some((_, old)) = inner.pages.remove(&oldest) {
                inner.bytes -= old;
            }
        }
        let key: Arc<[u8]> = key.into();
        inner.order.push_back(key.clone());
        inner.pages.insert(key, (Arc::new(page), weight));
        inner.bytes += weight;
    }

    /// Entries and the bytes they are counted as.
    pub fn usage(&self) -> (usize, usize) {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (inner.pages.len(), inner.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_becomes_the_reference() {
        let t = Template::new("a CEP-XXXXXX b \"CEP-XXXXXX\"c CEP-XXXXXX", "CEP-XXXXXX");
        assert_eq!(
            String::from_utf8(t.fill("CEP-123456")).unwrap(),
            "a CEP-123456 b \"CEP-123456\"c CEP-123456"
        );
        let none = Template::new("no reference here", "CEP-XXXXXX");
        assert_eq!(none.fill("CEP-123456"), b"no reference here");
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

    #[test]
    fn the_cache_stays_within_its_entries_and_bytes() {
        let cache = PageCache::new(10, 64 * 1024);
        for n in 0..1000 {
            cache.insert(format!("q{n}").into_bytes(), page(3000));
            let (entries, bytes) = cache.usage();
            assert!(entries <= 10 && bytes <= 64 * 1024, "{entries} {bytes}");
        }
        assert!(cache.get(b"q999").is_some());
        assert!(cache.get(b"q0").is_none());
        // Replacing a key does not count it twice.
        for _ in 0..100 {
            cache.insert(b"same".to_vec(), page(3000));
        }
        assert!(cache.usage().0 <= 10);
        cache.insert(b"huge".to_vec(), page(1 << 20));
        assert!(cache.get(b"huge").is_none());
    }
}
