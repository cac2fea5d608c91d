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
    /// A word in free text (or an `error` written as a sentence): it counts only when the
    /// catalog knows it, and never names an unknown error.
    pub mention: bool,
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
            parsed.mentions.splice(0..0, from_error.mentions);
            parsed
                .numbered_codes
                .splice(0..0, from_error.numbered_codes);
        }
        if let Some(code) = query
            .error_uri
            .as_deref()
            .and_then(error_uri::embedded_code)
        {
            parsed.embedded_codes.push(code);
        }
        let mut codes = Vec::new();
        let mut push = |code: &str, found_in, mention| {
            let code = code.trim();
            if !code.is_empty() && !codes.iter().any(|c: &ReceivedCode| c.code == code) {
                codes.push(ReceivedCode {
                    code: code.to_owned(),
                    found_in,
                    mention,
                });
            }
        };
        for code in parsed.embedded_codes.iter().rev() {
            push(code, MatchedBy::EmbeddedCode, false);
        }
        for layer in parsed.layers.iter().rev() {
            push(&layer.code, MatchedBy::NestedCode, is_sentence(&layer.code));
        }
        for word in &parsed.mentions {
            push(word, MatchedBy::NestedCode, true);
        }
        for number in &parsed.numbered_codes {
            push(number, MatchedBy::NestedCode, false);
        }
        for code in query.side_codes().filter(|c| !is_number(c)) {
            push(code, MatchedBy::SideParameter, false);
        }
        if let Some(error) = query.error.as_deref().filter(|e| !e.contains('{')) {
            push(error, MatchedBy::Error, is_sentence(error));
        } else if query.denied {
            // OAuth 1.0a providers send `denied=<token>` when the person declined.
            push("user_denied", MatchedBy::Error, false);
        }
        let mut text = query.error.clone().unwrap_or_default();
        text.push('\n');
        text.push_str(description);
        // Text unwrapped from a JSON body may have been escaped in the raw description;
        // a layer that stands in it as it came is searched there already, once.
        for layer in parsed.layers.iter().filter(|l| !l.in_received_text) {
            text.push('\n');
            text.push_str(&layer.description);
        }
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

    /// Whether anything beyond a bare code arrived: a description, or `error` as text.
    pub fn has_text(&self, query: &CallbackQuery) -> bool {
        query.error_description.is_some()
            || query
                .error
                .as_deref()
                .is_some_and(|e| e.contains([' ', '{']))
    }
}

/// `Redirect URL does not match` is a message, not a code.
fn is_sentence(code: &str) -> bool {
    code.split_whitespace().count() > 2
}

fn is_number(code: &str) -> bool {
    code.bytes().all(|b| b.is_ascii_digit())
}
