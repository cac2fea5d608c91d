//! Properties over arbitrary input: the parser and `diagnose` never panic, what they
//! keep is clean and bounded, and no `<` from the input reaches the page raw.

use askama::Template;
use connect_error_page::config::{FlagOverrides, Settings};
use connect_error_page::diagnosis::query::{MAX_DESCRIPTION_CHARS, MAX_ERROR_CHARS};
use connect_error_page::diagnosis::{CallbackQuery, Catalog, diagnose};
use connect_error_page::i18n::{Locale, Translations};
use connect_error_page::status::StatusBoard;
use connect_error_page::views::{ErrorPage, ErrorReport};
use proptest::prelude::*;
use std::sync::LazyLock;
use url::Url;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::built_in().unwrap());
static SETTINGS: LazyLock<Settings> = LazyLock::new(|| {
    let env = [
        (
            "CEP_RESTART__URL",
            "https://app.example.com/connect/{connection_name}/start",
        ),
        (
            "CEP_RESTART__ALLOWED_RETURN_ORIGINS",
            "[\"https://app.example.com\"]",
        ),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    Settings::load(None, env, &FlagOverrides::default()).unwrap()
});

static TRANSLATIONS: LazyLock<Translations> = LazyLock::new(|| Translations::built_in().unwrap());
/// No live status: the page shows the status link alone, as `render` does.
static STATUS: LazyLock<StatusBoard> =
    LazyLock::new(|| StatusBoard::new(SETTINGS.platform_status_link(), None, &Default::default()));
const PAGE_BASE: &str = "https://errors.example.com/ui-handlers/connect/callback/error";

/// A tag no template contains: finding it in a page means input markup got through.
const MARKER_TAG: &str = "<zq";

fn chars_of(value: &Option<String>) -> usize {
    value.as_deref().map_or(0, |v| v.chars().count())
}

/// Text full of what breaks naive parsers: wrappers, quotes, escapes, control characters.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("error = ".to_owned()),
        Just(", description = ".to_owned()),
        Just("AADSTS50011".to_owned()),
        Just("Trace ID: ".to_owned()),
        Just("{\"error\":".to_owned()),
        Just("oauth2: \"".to_owned()),
        Just("error: '".to_owned()),
        Just(MARKER_TAG.to_owned()),
        Just("%3Czq".to_owned()),
        Just("\u{202E}".to_owned()),
        Just("%C0%BC".to_owned()),
        Just("%".to_owned()),
        Just("&".to_owned()),
        Just("=".to_owned()),
        "\\PC{0,12}",
        "[\\x00-\\x7f]{0,12}",
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

/// A raw query: known parameter names with tricky values, sometimes repeated.
fn tricky_query() -> impl Strategy<Value = Vec<u8>> {
    let name = prop_oneof![
        Just("error"),
        Just("error_description"),
        Just("error_uri"),
        Just("error_subcode"),
        Just("connection_name"),
        Just("return_to"),
        Just("state"),
        Just("code"),
        Just("lang"),
    ];
    prop::collection::vec((name, tricky_text()), 0..8).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&")
            .into_bytes()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsing_any_bytes_keeps_only_clean_bounded_text(raw in prop::collection::vec(any::<u8>(), 0..600)) {
        let query = CallbackQuery::parse(&raw);
        prop_assert!(chars_of(&query.error) <= MAX_ERROR_CHARS);
        prop_assert!(chars_of(&query.error_description) <= MAX_DESCRIPTION_CHARS);
        for value in [&query.error, &query.error_description, &query.return_to].into_iter().flatten() {
            let unclean = value.chars().find(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(c));
            prop_assert_eq!(unclean, None);
        }
    }

    #[test]
    fn diagnose_answers_every_query(raw in tricky_query()) {
        let diagnosis = diagnose(&CallbackQuery::parse(&raw), &CATALOG);
        prop_assert!(!diagnosis.code.is_empty());
        prop_assert!(!diagnosis.entry.title.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_angle_bracket_from_the_input_reaches_the_page_raw(raw in tricky_query()) {
        let query = CallbackQuery::parse(&raw);
        let report = ErrorReport::new(&query, &CATALOG, &SETTINGS, &STATUS, PAGE_BASE, Locale::En);
        let text = TRANSLATIONS.page(Locale::En);
        let entry_text = TRANSLATIONS.entry_text(Locale::En, report.diagnosis.entry);
        let html = ErrorPage::new(&report, &SETTINGS, text, entry_text).render().expect("the page renders");
        prop_assert!(!html.contains(MARKER_TAG), "raw markup in page for {:?}", String::from_utf8_lossy(&raw));
    }

    #[test]
    fn the_restart_link_never_leaves_the_allowed_origin(name in tricky_text(), target in tricky_text()) {
        let link = SETTINGS.restart.link_for(Some(&name), Some(&target));
        if let Some(link) = link {
            let url = Url::parse(&link).expect("links are absolute URLs");
            prop_assert_eq!(url.origin().ascii_serialization(), "https://app.example.com");
        }
    }
}
