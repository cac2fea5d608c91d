//! Property: no value generated from a secret shape ever appears in any output: the
//! page, its JSON twin, the support bundle, the support links, or the code the access
//! log and the metrics record.

use askama::Template;
use connect_error_page::config::{FlagOverrides, Settings};
use connect_error_page::diagnosis::{CallbackQuery, Catalog};
use connect_error_page::i18n::{Locale, Translations};
use connect_error_page::status::StatusBoard;
use connect_error_page::views::{ErrorPage, ErrorReport};
use proptest::prelude::*;
use std::sync::LazyLock;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::built_in().unwrap());
static SETTINGS: LazyLock<Settings> = LazyLock::new(|| {
    let env = [
        ("CEP_SUPPORT__EMAIL", "help@example.com"),
        (
            "CEP_SUPPORT__URL",
            "https://help.example.com/kb/{code}/new?ref={reference}&topic={code}",
        ),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    Settings::load(None, env, &FlagOverrides::default()).unwrap()
});
static TRANSLATIONS: LazyLock<Translations> = LazyLock::new(|| Translations::built_in().unwrap());
static STATUS: LazyLock<StatusBoard> =
    LazyLock::new(|| StatusBoard::new(SETTINGS.platform_status_link(), None, &Default::default()));
const PAGE_BASE: &str = "https://errors.example.com/ui-handlers/connect/callback/error";

/// A secret as sent, and its random core: the part that must never come back.
#[derive(Debug, Clone)]
struct Secret {
    sent: String,
    core: String,
}

fn shaped(prefix: &'static str, core: &'static str) -> impl Strategy<Value = Secret> {
    core.prop_map(move |core| Secret {
        sent: format!("{prefix}{core}"),
        core,
    })
}

/// Every token shape and secret-named parameter the redaction tables know.
fn secret() -> impl Strategy<Value = Secret> {
    let jwt = ("[A-Za-z0-9_-]{12,30}", "[A-Za-z0-9_-]{20,43}").prop_map(|(payload, sig)| Secret {
        sent: format!("eyJhbGciOiJIUzI1NiJ9.eyJ{payload}.{sig}"),
        core: format!("eyJ{payload}"),
    });
    let named = (
        prop::sample::select(vec![
            "code",
            "access_token",
            "authorization_code",
            "auth_code",
            "oauth_token",
            "api_key",
            "client_assertion",
            "client_secret",
            "password",
            "refresh_token",
            "ID_TOKEN",
        ]),
        prop::sample::select(vec!["=", ": ", "＝", "%3D", "%253D", "\\\":\\\"", "\": \""]),
        "[A-Za-z0-9]{10,24}",
    )
        .prop_map(|(name, separator, value)| Secret {
            sent: format!("{name}{separator}{value}"),
            core: value,
        });
    prop_oneof![
        jwt,
        named,
        shaped("gho_", "[A-Za-z0-9]{36}"),
        shaped("ghp_", "[A-Za-z0-9]{36}"),
        shaped("xoxb-123456789012-", "[A-Za-z0-9]{16,24}"),
        shaped("ya29.", "[A-Za-z0-9_-]{20,60}"),
        shaped("sk_live_", "[A-Za-z0-9]{16,32}"),
        shaped("AKIA", "[0-9A-Z]{16}"),
        shaped("glpat-", "[A-Za-z0-9_-]{20}"),
        shaped("Bearer ", "[A-Za-z0-9]{6,20}[0-9]"),
    ]
}

/// Where in a callback the secret is sent, as (parameter, value) pairs.
fn placed(secret: &str, place: usize, wrap: (&str, &str)) -> Vec<(&'static str, String)> {
    let (before, after) = wrap;
    let text = format!("{before}{secret}{after}");
    match place {
        0 => vec![("error", secret.to_owned())],
        1 => vec![
            ("error", "invalid_grant".into()),
            ("error_description", text),
        ],
        2 => vec![
            ("error", "failed_to_exchange_token".into()),
            (
                "error_description",
                format!("error = {secret}, description = boom"),
            ),
        ],
        3 => vec![
            ("error", "server_error".into()),
            ("error_subtype", secret.into()),
        ],
        4 => vec![
            ("error", "server_error".into()),
            ("error_reason", secret.into()),
        ],
        5 => vec![
            ("error", "server_error".into()),
            ("error_code", secret.into()),
        ],
        _ => vec![("error", text)],
    }
}

fn query(pairs: &[(&str, String)]) -> Vec<u8> {
    pairs
        .iter()
        .map(|(name, value)| {
            let value: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
            format!("{name}={value}")
        })
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn no_secret_value_appears_in_any_output(
        secret in secret(),
        place in 0..8usize,
        wrap in prop::sample::select(vec![
            ("", ""), ("failed: ", " (retry)"), ("'", "'"), ("\"", "\""), ("(", ")"),
            ("<", ">"), ("Trace ID: x ", ", ok"),
        ]),
    ) {
        let raw = query(&placed(&secret.sent, place, wrap));
        let query = CallbackQuery::parse(&raw);
        let report = ErrorReport::new(&query, &CATALOG, &SETTINGS, &STATUS, PAGE_BASE, Locale::En);
        let text = TRANSLATIONS.page(Locale::En);
        let entry_text = TRANSLATIONS.entry_text(Locale::En, report.diagnosis.entry);
        let html = ErrorPage::new(&report, &SETTINGS, text, entry_text).render().unwrap();
        let json = report.to_json(&SETTINGS, &TRANSLATIONS);
        let outputs = [
            ("page", html.as_str()),
            ("JSON", json.as_str()),
            ("support bundle", report.support_bundle.as_str()),
            ("logged code", report.diagnosis.code.as_str()),
        ];
        for (what, output) in outputs {
            prop_assert!(
                !output.contains(&secret.core),
                "{} leaked into the {}: {}",
                secret.sent, what, String::from_utf8_lossy(&raw)
            );
        }
    }
}
