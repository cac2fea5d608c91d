//! Any bytes as a query or form body -> parse -> diagnose -> the HTML page and its JSON twin.
//! Fails on a panic, a render error, a tag the templates do not have, or JSON that does not parse.
#![no_main]

use std::collections::HashSet;
use std::sync::LazyLock;

use connect_error_page::config::{FlagOverrides, Settings};
use connect_error_page::diagnosis::Catalog;
use connect_error_page::diagnosis::CallbackQuery;
use connect_error_page::i18n::{Locale, Translations};
use connect_error_page::status::StatusBoard;
use connect_error_page::views::{ErrorPage, ErrorReport};
use askama::Template;
use libfuzzer_sys::fuzz_target;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::built_in().expect("catalog"));
static SETTINGS: LazyLock<Settings> = LazyLock::new(|| {
    let env = [
        ("CEP_RESTART__URL", "https://app.example.com/connect/{connection_name}/start"),
        ("CEP_RESTART__ALLOWED_RETURN_ORIGINS", "[\"https://app.example.com\"]"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    Settings::load(None, env, &FlagOverrides::default()).expect("settings")
});

static TRANSLATIONS: LazyLock<Translations> =
    LazyLock::new(|| Translations::built_in().expect("translations"));
/// No live status: the page shows the status link alone, as `render` does.
static STATUS: LazyLock<StatusBoard> =
    LazyLock::new(|| StatusBoard::new(&SETTINGS.status_page_url, None, &Default::default()));
const PAGE_BASE: &str = "https://errors.example.com/ui-handlers/connect/callback/error";

/// Tag names the templates themselves write; any other `<name` came from input.
static TEMPLATE_TAGS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    [
        include_str!("../../templates/base.html"),
        include_str!("../../templates/error_page.html"),
        include_str!("../../templates/status_banner.html"),
        include_str!("../../templates/status_line.html"),
    ]
    .iter()
    .flat_map(|t| tag_names(t))
    .collect()
});

fn tag_names(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|rest| {
            rest.trim_start_matches(['/', '!'])
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let query = CallbackQuery::parse(data);
    let report = ErrorReport::new(&query, &CATALOG, &SETTINGS, &STATUS, PAGE_BASE, Locale::En);
    let text = TRANSLATIONS.page(Locale::En);
    let entry_text = TRANSLATIONS.entry_text(Locale::En, report.diagnosis.entry);
    let html = ErrorPage::new(&report, &SETTINGS, text, entry_text)
        .render()
        .expect("the page renders");
    for tag in tag_names(&html) {
        assert!(TEMPLATE_TAGS.contains(&tag), "tag <{tag}> is not from a template");
    }
    assert!(!html.contains('\0'), "NUL in the page");
    serde_json::from_str::<serde_json::Value>(&report.to_json(&SETTINGS, &TRANSLATIONS)).expect("JSON parses");
});
