//! The pure core: from a callback's parameters to what went wrong and who can fix it.
//! No actix, no I/O, no clock.

pub mod catalog;
pub mod code_shape;
pub mod description;
pub mod error_uri;
pub mod overrides;
pub mod query;
pub mod redact;

pub use catalog::{Catalog, Category, Entry, FixableBy};
pub use description::ProviderTrace;
pub use query::CallbackQuery;

use description::parse_description;
use query::{MAX_DESCRIPTION_CHARS, truncate_chars};
use redact::{redact_after, redact_secrets};

/// How the entry was chosen, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    EmbeddedCode,
    Phrase,
    NestedCode,
    SideParameter,
    Error,
    Fallback,
}

impl MatchedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::EmbeddedCode => "embedded_code",
            MatchedBy::Phrase => "phrase",
            MatchedBy::NestedCode => "nested_code",
            MatchedBy::SideParameter => "side_parameter",
            MatchedBy::Error => "error",
            MatchedBy::Fallback => "fallback",
        }
    }
}

/// What went wrong, as far as the callback lets us tell.
#[derive(Debug, Clone)]
pub struct Diagnosis<'c> {
    pub entry: &'c Entry,
    /// The diagnosed code: the entry's code, or for an unknown error the code received.
    pub code: String,
    pub recognised: bool,
    pub matched_by: MatchedBy,
    /// The raw `error` as received (cleaned), if any.
    pub error: Option<String>,
    /// The description, credentials redacted.
    pub description: Option<String>,
    /// The most specific code found inside the description, if any.
    pub inner_code: Option<String>,
    /// The innermost nested description, credentials redacted.
    pub inner_description: Option<String>,
    pub trace: ProviderTrace,
    /// `error_uri`, when it points at known provider documentation.
    pub documentation_link: Option<String>,
    /// Steps an operator added for this `connection_name` (see overrides).
    pub connection_user_steps: Vec<&'c str>,
    pub connection_developer_steps: Vec<&'c str>,
}

impl Diagnosis<'_> {
    pub fn category(&self) -> Category {
        self.entry.category
    }
}

pub fn diagnose<'c>(query: &CallbackQuery, catalog: &'c Catalog) -> Diagnosis<'c> {
    let description = query.error_description.as_deref().unwrap_or_default();
    let mut parsed = parse_description(description);
    // An `error` written as a sentence is read like a description.
    if let Some(sentence) = query.error.as_deref().filter(|e| e.contains(' ')) {
        let from_error = parse_description(sentence);
        parsed.layers.splice(0..0, from_error.layers);
        parsed
            .embedded_codes
            .splice(0..0, from_error.embedded_codes);
    }
    if let Some(code) = query
        .error_uri
        .as_deref()
        .and_then(error_uri::embedded_code)
    {
        parsed.embedded_codes.push(code);
    }
    let nested_codes = parsed.layers.iter().rev().map(|l| l.code.as_str());
    // OAuth 1.0a providers send `denied=<token>` instead of an error.
    let outer = query
        .error
        .as_deref()
        .or(query.denied.then_some("access_denied"));

    let phrase_text = {
        let mut text = query.error.clone().unwrap_or_default();
        text.push('\n');
        text.push_str(description);
        text.to_lowercase()
    };

    let found = first_known(
        catalog,
        parsed.embedded_codes.iter().rev().map(String::as_str),
    )
    .map(|e| (e, MatchedBy::EmbeddedCode))
    .or_else(|| {
        catalog
            .match_phrase(&phrase_text)
            .map(|e| (e, MatchedBy::Phrase))
    })
    .or_else(|| first_known(catalog, nested_codes).map(|e| (e, MatchedBy::NestedCode)))
    .or_else(|| first_known(catalog, query.side_codes()).map(|e| (e, MatchedBy::SideParameter)))
    .or_else(|| first_known(catalog, outer).map(|e| (e, MatchedBy::Error)));

    let (entry, matched_by, code) = match found {
        Some((entry, matched_by)) => (entry, matched_by, entry.code.clone()),
        None => (
            catalog.fallback(),
            MatchedBy::Fallback,
            unknown_code_name(query, &parsed),
        ),
    };

    let inner_code = parsed
        .embedded_codes
        .last()
        .or_else(|| parsed.innermost().map(|l| &l.code))
        .cloned();
    let (connection_user_steps, connection_developer_steps) =
        catalog.connection_steps(query.connection_name.as_deref(), &entry.code);
    // Only code-shaped values are used as codes; anything else is quoted, redacted.
    let (error, description) =
        code_shape::split_error(query.error.as_deref(), query.error_description.as_deref());
    Diagnosis {
        connection_user_steps,
        connection_developer_steps,
        entry,
        code,
        recognised: matched_by != MatchedBy::Fallback,
        matched_by,
        error,
        description: description.as_deref().map(redact_secrets),
        inner_code: inner_code.filter(|c| code_shape::looks_like_code(c)),
        inner_description: parsed.innermost().map(|l| {
            truncate_chars(
                &redact_after(&l.code, &l.description),
                MAX_DESCRIPTION_CHARS,
            )
        }),
        trace: parsed.trace,
        documentation_link: query
            .error_uri
            .as_deref()
            .and_then(error_uri::documentation_link),
    }
}

fn first_known<'c, 'a>(
    catalog: &'c Catalog,
    codes: impl IntoIterator<Item = &'a str>,
) -> Option<&'c Entry> {
    codes.into_iter().find_map(|code| catalog.lookup(code))
}

/// The name an unknown error is shown under: the innermost code we were given that
/// looks like a code.
fn unknown_code_name(query: &CallbackQuery, parsed: &description::ParsedDescription) -> String {
    [
        parsed.embedded_codes.last(),
        parsed.innermost().map(|l| &l.code),
        query.error.as_ref(),
    ]
    .into_iter()
    .flatten()
    .find(|c| code_shape::looks_like_code(c))
    .cloned()
    .unwrap_or_else(|| "(none)".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnose_raw(raw: &str) -> (String, Category, MatchedBy) {
        let catalog = Catalog::built_in().unwrap();
        let d = diagnose(&CallbackQuery::parse(raw.as_bytes()), &catalog);
        (d.code.clone(), d.category(), d.matched_by)
    }

    #[test]
    fn post_auth_hook_failure_is_a_transient_platform_problem_not_an_expired_session() {
        let (code, category, by) = diagnose_raw(
            "error=failed_to_exchange_token&error_description=error+%3D+server_error%2C+description+%3D+Error+executing+post+auth+hooks",
        );
        assert_eq!(code, "post_auth_hook_failed");
        assert_eq!(category, Category::PlatformTransient);
        assert_eq!(by, MatchedBy::Phrase);
    }

    #[test]
    fn nested_invalid_client_is_a_developer_configuration_problem() {
        let (code, category, by) = diagnose_raw(
            "error=failed_to_exchange_token&error_description=error+%3D+invalid_client%2C+description+%3D+Bad+credentials",
        );
        assert_eq!(
            (code.as_str(), category, by),
            (
                "invalid_client",
                Category::DeveloperConfig,
                MatchedBy::NestedCode
            )
        );
    }

    #[test]
    fn nested_invalid_grant_asks_for_a_fresh_start() {
        let (code, category, _) = diagnose_raw(
            "error=failed_to_exchange_token&error_description=error+%3D+invalid_grant%2C+description+%3D+Code+expired",
        );
        assert_eq!(
            (code.as_str(), category),
            ("invalid_grant", Category::SessionExpired)
        );
    }

    #[test]
    fn bare_failed_to_exchange_token_keeps_its_own_entry() {
        let (code, _, by) = diagnose_raw("error=failed_to_exchange_token");
        assert_eq!(
            (code.as_str(), by),
            ("failed_to_exchange_token", MatchedBy::Error)
        );
    }

    #[test]
    fn unknown_code_is_named_honestly() {
        let catalog = Catalog::built_in().unwrap();
        let d = diagnose(
            &CallbackQuery::parse(b"error=flux_capacitor_jammed"),
            &catalog,
        );
        assert_eq!(d.code, "flux_capacitor_jammed");
        assert_eq!(d.category(), Category::Unknown);
        assert!(!d.recognised);
    }

    #[test]
    fn missing_error_is_unknown_and_says_so() {
        let catalog = Catalog::built_in().unwrap();
        let d = diagnose(&CallbackQuery::parse(b"foo=bar"), &catalog);
        assert_eq!(
            (d.code.as_str(), d.category()),
            ("(none)", Category::Unknown)
        );
    }

    #[test]
    fn side_parameter_beats_the_outer_code() {
        let (code, _, by) = diagnose_raw("error=server_error&error_reason=invalid_state");
        assert_eq!(
            (code.as_str(), by),
            ("invalid_state", MatchedBy::SideParameter)
        );
    }

    #[test]
    fn secrets_in_the_description_are_redacted_in_the_diagnosis() {
        let catalog = Catalog::built_in().unwrap();
        let d = diagnose(
            &CallbackQuery::parse(
                b"error=invalid_grant&error_description=bad+code%3DSplxlOBeZQQYbYS6WxSbIA123",
            ),
            &catalog,
        );
        assert_eq!(d.description.as_deref(), Some("bad code=[redacted]"));
    }
}
