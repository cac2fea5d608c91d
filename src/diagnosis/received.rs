//! What a callback carries that can name its cause: the codes, most specific first,
//! and the text phrase rules search.

use super::MatchedBy;
use super::catalog::{Catalog, ProviderClues};
use super::description::{ParsedDescription, parse_description};
use super::error_uri;
use super::query::CallbackQuery;

/// One code the callback carried, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedCode {
    pub code: String,
    pub found_in: MatchedBy,
}

#[derive(Debug, Default)]
pub struct Received {
    pub parsed: ParsedDescription,
    /// Every code, most specific first: embedded provider codes (last found first),
    /// nested codes (innermost first), side parameters, then `error`.
    pub codes: Vec<ReceivedCode>,
    /// `error` and the description, lower-cased, for phrase rules.
    pub lowercase_text: String,
}

impl Received {
    pub fn read(query: &CallbackQuery) -> Self {
        let description = query.error_description.as_deref().unwrap_or_default();
        let mut parsed = parse_description(description);
        // An `error` written as a sentence, or holding a JSON body, is read like a description.
        if let Some(error) = query.error.as_deref().filter(|e| e.contains([' ', '{'])) {
            let from_error = parse_description(error);
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
        let mut codes = Vec::new();
        let mut push = |code: &str, found_in| {
            let code = code.trim();
            if !code.is_empty() && !codes.iter().any(|c: &ReceivedCode| c.code == code) {
                codes.push(ReceivedCode {
                    code: code.to_owned(),
                    found_in,
                });
            }
        };
        for code in parsed.embedded_codes.iter().rev() {
            push(code, MatchedBy::EmbeddedCode);
        }
        for layer in parsed.layers.iter().rev() {
            push(&layer.code, MatchedBy::NestedCode);
        }
        for code in query.side_codes().filter(|c| !is_number(c)) {
            push(code, MatchedBy::SideParameter);
        }
        if let Some(error) = query.error.as_deref().filter(|e| !e.contains('{')) {
            push(error, MatchedBy::Error);
        } else if query.denied {
            // OAuth 1.0a providers send `denied=<token>` when the person declined.
            push("user_denied", MatchedBy::Error);
        }
        let mut text = query.error.clone().unwrap_or_default();
        text.push('\n');
        text.push_str(description);
        Self {
            parsed,
            codes,
            lowercase_text: text.to_lowercase(),
        }
    }

    /// What may show the sender: the `error_uri`, the connection, provider-specific codes.
    pub fn clues<'a>(&'a self, query: &'a CallbackQuery, catalog: &Catalog) -> ProviderClues<'a> {
        ProviderClues {
            error_uri: query.error_uri.as_deref(),
            connection_name: query.connection_name.as_deref(),
            code_families: self
                .codes
                .iter()
                .filter_map(|c| Some((c.code.as_str(), catalog.lookup(&c.code)?.family.clone())))
                .collect(),
            lowercase_text: &self.lowercase_text,
        }
    }

    /// Codes the description names (embedded or nested), which a wrapper code only carries.
    pub fn inner_codes(&self) -> impl Iterator<Item = &ReceivedCode> {
        self.codes
            .iter()
            .filter(|c| matches!(c.found_in, MatchedBy::EmbeddedCode | MatchedBy::NestedCode))
    }
}

fn is_number(code: &str) -> bool {
    code.bytes().all(|b| b.is_ascii_digit())
}
