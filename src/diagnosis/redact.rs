//! Removes credentials that providers sometimes paste into error descriptions.
//!
//! Two tables decide what is secret: the parameter names whose values are credentials
//! (`names`), and the shapes tokens have wherever they appear (`shapes`). Each row is
//! tested on its own in `tests`.

mod names;
mod shapes;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

pub const REDACTED: &str = "[redacted]";

/// Replaces every value of a secret-named parameter (`code=…`, `"access_token":"…"`),
/// every token of a known shape, and long token-like runs with `[redacted]`. GUIDs
/// (trace ids), URLs and ordinary words survive.
pub fn redact_secrets(text: &str) -> String {
    let text = shapes::redact_token_shapes(text);
    let text: Cow<str> = match names::redact_named_values(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(changed) => Cow::Owned(changed),
    };
    shapes::redact_long_runs(&text).into_owned()
}

/// Redacts `text` as it stood after `name` in the original: a parser that took
/// `access_token` as a code leaves `: "…"` behind, whose value is still a secret.
pub fn redact_after(name: &str, text: &str) -> String {
    let joined = redact_secrets(&format!("{name}{text}"));
    match joined.strip_prefix(name) {
        Some(rest) => rest.trim_start().to_owned(),
        None => redact_secrets(text),
    }
}

/// True when `text` holds anything `redact_secrets` would remove.
pub fn contains_secret(text: &str) -> bool {
    redact_secrets(text) != text
}
