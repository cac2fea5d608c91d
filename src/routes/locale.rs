//! The request's locale: `ui_locales`, then `lang`, then `Accept-Language`, then the default.

use std::convert::Infallible;
use std::future::{Ready, ready};

use actix_web::http::header::{AcceptLanguage, Header, Preference, Quality};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use crate::i18n::{LanguagePreferences, Locale};
use crate::state::LiveState;

/// The negotiated locale, as an extractor.
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub Locale);

impl FromRequest for RequestLocale {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self(negotiate(req, b""))))
    }
}

impl RequestLocale {
    /// For a form POST: `ui_locales` and `lang` from the query, else from the body.
    pub fn with_form(req: &HttpRequest, body: &[u8]) -> Self {
        Self(negotiate(req, body))
    }
}

fn negotiate(req: &HttpRequest, form: &[u8]) -> Locale {
    let default = req
        .app_data::<web::Data<LiveState>>()
        .map_or(Locale::En, |live| live.peek().settings.default_locale);
    let query = req.query_string().as_bytes();
    let [ui_locales, lang] = [query, form]
        .into_iter()
        .map(|source| first_values(source, ["ui_locales", "lang"]))
        .reduce(|[a, b], [c, d]| [a.or(c), b.or(d)])
        .unwrap_or_default();
    LanguagePreferences {
        ui_locales: ui_locales.as_deref(),
        lang: lang.as_deref(),
        accept_language: accept_language(req),
    }
    .negotiate(default)
}

/// The first value of each of `names` in a form-encoded `source`, as
/// `form_urlencoded::parse` reads it, in one pass; only a key that could decode to one of
/// them is decoded, so a long description is not decoded just to be skipped.
fn first_values<const N: usize>(source: &[u8], names: [&str; N]) -> [Option<String>; N] {
    let mut found = [const { None }; N];
    // memchr, not a byte-at-a-time split: a 2 KiB description is skipped, not read.
    let pairs = memchr::memchr_iter(b'&', source)
        .chain([source.len()])
        .scan(0, |from, end| {
            let pair = &source[*from..end];
            *from = end + 1;
            Some(pair)
        });
    for pair in pairs {
        let raw_key = &pair[..memchr::memchr(b'=', pair).unwrap_or(pair.len())];
        let encoded = raw_key.iter().any(|&b| b == b'%' || b == b'+');
        if pair.is_empty() || !encoded && !names.iter().any(|n| raw_key == n.as_bytes()) {
            continue;
        }
        let Some((key, value)) = url::form_urlencoded::parse(pair).next() else {
            continue;
        };
        for (name, slot) in names.iter().zip(&mut found) {
            if slot.is_none() && key == *name {
                *slot = Some(value.clone().into_owned());
            }
        }
        if found.iter().all(Option::is_some) {
            break;
        }
    }
    found
}

/// `Accept-Language` tags by descending q-value, without `*` and q=0; a malformed header counts as absent.
fn accept_language(req: &HttpRequest) -> Vec<String> {
    let Ok(header) = AcceptLanguage::parse(req) else {
        return Vec::new();
    };
    let mut items: Vec<_> = header
        .0
        .into_iter()
        .filter(|item| item.quality > Quality::ZERO)
        .collect();
    items.sort_by_key(|item| std::cmp::Reverse(item.quality));
    items
        .into_iter()
        .filter_map(|item| match item.item {
            Preference::Specific(tag) => Some(tag.to_string()),
            Preference::Any => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::first_values;

    #[test]
    fn the_first_value_is_read_as_the_form_parser_reads_it() {
        let cases: [(&[u8], &str); 8] = [
            (b"error=x&lang=de&lang=fr", "lang"),
            (b"error=x&l%61ng=pt-BR", "lang"),
            (b"ui+locales=x&ui_locales=ja", "ui_locales"),
            (b"&&lang&lang=es", "lang"),
            (b"lang=%E6%97%A5+x%ZZ", "lang"),
            (b"lang=\xff\xfe", "lang"),
            (b"error=a%26lang%3Dde", "lang"),
            (b"", "lang"),
        ];
        for (source, name) in cases {
            let expected = url::form_urlencoded::parse(source)
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned());
            assert_eq!(first_values(source, [name])[0], expected, "{source:?}");
            assert_eq!(
                first_values(source, ["other", name])[1],
                expected,
                "{source:?}"
            );
        }
    }
}
