//! The pure core: from a callback's parameters to what went wrong and who can fix it.
//! No actix, no I/O, no clock.

pub mod catalog;
pub mod code_shape;
pub mod description;
pub mod error_uri;
mod json_body;
mod mentions;
pub mod overrides;
pub mod query;
mod received;
pub mod redact;
mod scan;

pub use catalog::{Catalog, Category, Entry, FixableBy, ProviderMatch, ProviderSignal};
pub use description::ProviderTrace;
pub use query::CallbackQuery;

use query::{MAX_DESCRIPTION_CHARS, truncate_chars};
use received::{Received, ReceivedCode};
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

/// What went wrong, as far as the callback lets us tell, and what in it said so.
#[derive(Debug, Clone)]
pub struct Diagnosis<'c> {
    pub entry: &'c Entry,
    /// The diagnosed code: the entry's code, or for an unknown error the code received.
    pub code: String,
    pub recognised: bool,
    pub matched_by: MatchedBy,
    /// What decided it: the code as received, or the phrase found in the text.
    pub evidence: Option<String>,
    /// The most specific code the callback carried that the diagnosis rests on: the code
    /// it matched, or for a phrase, the code that phrase refined.
    pub identified_code: Option<String>,
    /// The provider the callback shows, and how.
    pub provider: Option<ProviderMatch>,
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

/// The entry chosen, how, on what evidence, and for which received code.
struct Choice<'c> {
    entry: &'c Entry,
    matched_by: MatchedBy,
    evidence: String,
    identified: Option<String>,
}

pub fn diagnose<'c>(query: &CallbackQuery, catalog: &'c Catalog) -> Diagnosis<'c> {
    let received = Received::read(query);
    // One pass over the text for the phrase rules and the providers' words.
    let findings = catalog.read_text(&received.lowercase_text);
    let provider = catalog.evident_provider_in(&received.clues(query, catalog), &findings);
    let known: Vec<(&ReceivedCode, &Entry)> = received
        .codes
        .iter()
        .filter_map(|c| Some((c, catalog.lookup_from(&c.code, provider.as_ref())?)))
        .collect();
    // A side parameter refines a generic `error` the way a phrase does: it rests on it.
    let refined = known
        .iter()
        .find(|(c, e)| c.found_in == MatchedBy::Error && e.generic)
        .map(|(c, _)| c.code.clone());
    let by_code = |(c, e): &(&ReceivedCode, &'c Entry)| Choice {
        entry: e,
        matched_by: c.found_in,
        evidence: c.code.clone(),
        identified: Some(match (c.found_in, &refined) {
            (MatchedBy::SideParameter, Some(outer)) => outer.clone(),
            _ => c.code.clone(),
        }),
    };
    // The received code an unknown error is named after: never a wrapper, never a stray word.
    let not_wrapper = |c: &&ReceivedCode| !catalog.lookup(&c.code).is_some_and(|e| e.wrapper);
    let named = received
        .codes
        .iter()
        .filter(not_wrapper)
        .find(|c| !c.mention)
        .or_else(|| {
            received
                .codes
                .iter()
                .filter(not_wrapper)
                .find(|c| c.mention && mentions::reads_like_a_code(&c.code))
        })
        .map(|c| c.code.clone())
        .filter(|c| code_shape::looks_like_code(c));
    // A specific code decides on its own; a generic or wrapper code only says what kind
    // of failure it was, so the description's phrases may say which.
    let choice = known
        .iter()
        .find(|(_, e)| !e.generic && !e.wrapper)
        .map(by_code)
        .or_else(|| {
            let (entry, phrase) = catalog.phrase_in(&findings)?;
            Some(Choice {
                entry,
                matched_by: MatchedBy::Phrase,
                evidence: phrase.to_owned(),
                identified: known
                    .iter()
                    .find(|(_, e)| !e.wrapper)
                    .map(|(c, _)| c.code.clone())
                    .or_else(|| named.clone()),
            })
        })
        .or_else(|| known.iter().find(|(_, e)| !e.wrapper).map(by_code))
        // A wrapper with text we could not read is an unknown cause, not the wrapper's.
        .or_else(|| {
            known
                .iter()
                .find(|(_, e)| e.wrapper)
                .filter(|_| !received.has_text(query))
                .map(by_code)
        });

    let recognised = choice.is_some();
    let choice = choice.unwrap_or_else(|| Choice {
        entry: catalog.fallback(),
        matched_by: MatchedBy::Fallback,
        evidence: String::new(),
        identified: named.clone(),
    });
    let code = if recognised {
        choice.entry.code.clone()
    } else {
        named.clone().unwrap_or_else(|| "(none)".to_owned())
    };
    let parsed = &received.parsed;
    let inner_code = parsed
        .embedded_codes
        .last()
        .or_else(|| parsed.innermost().map(|l| &l.code))
        .cloned();
    let (connection_user_steps, connection_developer_steps) =
        catalog.connection_steps(query.connection_name.as_deref(), &choice.entry.code);
    // Only code-shaped values are used as codes; anything else is quoted, redacted.
    let (error, description) =
        code_shape::split_error(query.error.as_deref(), query.error_description.as_deref());
    Diagnosis {
        connection_user_steps,
        connection_developer_steps,
        entry: choice.entry,
        code,
        recognised,
        matched_by: choice.matched_by,
        evidence: Some(choice.evidence).filter(|e| !e.is_empty()),
        identified_code: choice.identified.filter(|c| code_shape::looks_like_code(c)),
        provider,
        error,
        description: description.as_deref().map(redact_secrets),
        inner_code: inner_code.filter(|c| code_shape::looks_like_code(c)),
        inner_description: parsed.innermost().map(|l| {
            truncate_chars(
                &redact_after(&l.code, &l.description),
                MAX_DESCRIPTION_CHARS,
            )
        }),
        trace: parsed.trace.clone(),
        documentation_link: query
            .error_uri
            .as_deref()
            .and_then(error_uri::documentation_link),
    }
}

#[cfg(test)]
mod tests;
