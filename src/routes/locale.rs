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
    let first = |name: &str| {
        [query, form]
            .into_iter()
            .find_map(|source| first_value(source, name))
    };
    let (ui_locales, lang) = (first("ui_locales"), first("lang"));
    LanguagePreferences {
        ui_locales: ui_locales.as_deref(),
        lang: lang.as_deref(),
        accept_language: accept_language(req),
    }
    .negotiate(default)
}

/// The first value of `name` in a form-encoded `source`, as `form_urlencoded::parse`
/// reads it; only a key that could decode to `name` is decoded, and only its value, so a
/// long description is not decoded just to be skipped.
fn first_value(source: &[u8], name: &str) -> Option<String> {
    source
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .find_map(|pair| {
            let raw_key = pair.split(|&b| b == b'=').next().unwrap_or_default();
            let encoded = raw_key.iter().any(|&b| b == b'%' || b == b'+');
            if !encoded && raw_key != name.as_bytes() {
                return None;
            }
            let (key, value) = url::form_urlencoded::parse(pair).next()?;
            (key == name).then(|| value.into_owned())
        })
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
    use super::first_value;

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
            assert_eq!(first_value(source, name), expected, "{source:?}");
        }
    }
}
