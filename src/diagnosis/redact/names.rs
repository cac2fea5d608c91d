//! Secret-named parameters: `name=value`, `name: value`, `"name":"value"`, in the
//! spellings providers and proxies produce (escaped JSON, `%3D`, `%253D`, fullwidth `＝`).

use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::REDACTED;
use crate::diagnosis::scan::{KELVIN, LONG_S, folded_ascii};

/// A parameter whose name contains one of these words carries a credential. The word may
/// sit anywhere in the name (`authorization_code`, `oauth_token`, `x-api-key`).
pub const SECRET_NAME_WORDS: &[&str] = &[
    "code",
    "token",
    "secret",
    "assertion",
    "password",
    "passwd",
    "api_key",
    "apikey",
    "api-key",
    "access_key",
    "private_key",
    "verifier",
    "signature",
    "credential",
];

/// Names that contain a secret word but carry no credential: error and status codes.
const NOT_SECRET_NAMES: &[&str] = &[
    "error_code",
    "error_subcode",
    "subcode",
    "status_code",
    "statuscode",
    "response_code",
    "http_code",
    "token_type",
    "code_challenge_method",
];

/// Replaces the value of every parameter whose name holds a secret word: the name is a
/// run of letters, digits and `_ . -` (case ignored), then optionally `\\` and a quote,
/// spaces, `=` or `:` (also `%3D`, `%253D`, fullwidth `＝` `：`), spaces, optionally `\\`
/// and a quote, and the value runs up to white space or one of `"'&,;\\<>`.
pub fn redact_named_values(text: &str) -> Cow<'_, str> {
    if !may_name_a_secret(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some((name_at, name_end)) = next_name(text, at) {
        at = name_end;
        if !holds_secret_word(&text[name_at..name_end]) {
            continue;
        }
        let Some(value_at) = separator_len(&text[name_end..]).map(|len| name_end + len) else {
            continue;
        };
        let value_len = text[value_at..]
            .find(ends_value)
            .unwrap_or(text.len() - value_at);
        if value_len == 0 {
            continue;
        }
        at = value_at + value_len;
        if !is_not_secret(&text[name_at..name_end], &text[value_at..at]) {
            out.push_str(&text[copied..value_at]);
            out.push_str(REDACTED);
            copied = at;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// A character of a parameter name: `[a-z0-9_.-]` with case ignored.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | LONG_S | KELVIN)
}

/// The next whole run of name characters at or after `from`.
fn next_name(text: &str, from: usize) -> Option<(usize, usize)> {
    let start = from + text[from..].find(is_name_char)?;
    let end = text[start..]
        .find(|c: char| !is_name_char(c))
        .map_or(text.len(), |len| start + len);
    Some((start, end))
}

/// Whether `name` contains a secret word, case ignored.
fn holds_secret_word(name: &str) -> bool {
    if name.is_ascii() {
        return SECRET_WORDS.is_match(name);
    }
    // Only `ſ` and the Kelvin sign get here; spelled in ASCII, they are searched alike.
    let folded: String = name
        .chars()
        .filter_map(folded_ascii)
        .map(char::from)
        .collect();
    SECRET_WORDS.is_match(&folded)
}

/// How long the `=` between a name and its value is, with the quotes, escapes and
/// spaces around it; `None` when the name is not followed by one.
fn separator_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('\\').unwrap_or(text);
    let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
    let rest = rest.trim_start();
    let rest = match rest.strip_prefix([':', '=', '＝', '：']) {
        Some(rest) => rest,
        None => after_encoded_equals(rest)?,
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('\\').unwrap_or(rest);
    let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
    Some(text.len() - rest.len())
}

/// The text after `%3D` or `%3A`, encoded once or more (`%253D`, `%25253a`).
fn after_encoded_equals(text: &str) -> Option<&str> {
    let mut rest = text.strip_prefix('%')?;
    while let Some(more) = rest.strip_prefix("25") {
        rest = more;
    }
    let rest = rest.strip_prefix('3')?;
    rest.strip_prefix(['a', 'A', 'd', 'D'])
}

/// Where a value ends: white space or a delimiter.
fn ends_value(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '&' | ',' | ';' | '\\' | '<' | '>')
}

/// Error codes under a code-ish name are words, not credentials:
/// `Response code: access_denied`, `error_code=50058`, `code: AADSTS50011`.
fn is_not_secret(name: &str, value: &str) -> bool {
    if NOT_SECRET_NAMES.iter().any(|known| name_is(name, known)) {
        return true;
    }
    let value = value.trim_end_matches(['.', ')']);
    let snake_word =
        value.contains('_') && value.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    let aadsts = value
        .strip_prefix("AADSTS")
        .is_some_and(|n| (4..=8).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
    name_is(name, "code") && (snake_word || aadsts)
}

/// `name` in lower case is `known` (lower-case ASCII). Of the name characters outside
/// ASCII only the Kelvin sign lowers to an ASCII letter.
fn name_is(name: &str, known: &str) -> bool {
    name.chars()
        .map(|c| {
            if c == KELVIN {
                'k'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .eq(known.chars())
}

/// The secret words, ASCII case ignored.
static SECRET_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(SECRET_NAME_WORDS)
        .expect("valid words")
});

/// True unless `text` surely lacks every secret word: `ſ` and the Kelvin sign fold
/// onto letters of them, so they count too.
fn may_name_a_secret(text: &str) -> bool {
    SECRET_WORDS.is_match(text) || text.contains([LONG_S, KELVIN])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_case_as_a_case_insensitive_regex_does() {
        assert!(holds_secret_word("X-API-KEY"));
        assert!(holds_secret_word("client_\u{17F}ecret"));
        assert!(holds_secret_word("to\u{212A}en"));
        assert!(!holds_secret_word("client_id"));
        assert!(name_is("TO\u{212A}EN_TYPE", "token_type"));
        assert!(!name_is("\u{17F}tatuscode", "statuscode"));
    }

    #[test]
    fn every_spelling_of_the_equals_sign_separates() {
        for (text, value) in [
            ("=v", "v"),
            (": v", "v"),
            (" = \"v", "v"),
            ("\"  :  'v", "v"),
            ("\\\":\\\"v", "v"),
            ("%3Dv", "v"),
            ("%3dv", "v"),
            ("%3av", "v"),
            ("%253Dv", "v"),
            ("%2525253Dv", "v"),
            ("＝v", "v"),
            ("：\u{3000}v", "v"),
        ] {
            let len = separator_len(text).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(&text[len..], value, "{text:?}");
        }
        for text in ["v", "%3v", "%25v", "%2D3Dv", "\\\\=v", "''=v", " x=v"] {
            assert_eq!(separator_len(text), None, "{text:?}");
        }
    }

    #[test]
    fn values_end_at_white_space_and_delimiters() {
        for (text, want) in [
            ("code=ab1 x", "code=[redacted] x"),
            ("code=ab1\u{a0}x", "code=[redacted]\u{a0}x"),
            ("code=ab1\u{3000}x", "code=[redacted]\u{3000}x"),
            ("code=ab1&state=x", "code=[redacted]&state=x"),
            ("code=ab1<b>", "code=[redacted]<b>"),
            ("code=é1,x", "code=[redacted],x"),
            ("code=token=ab1", "code=[redacted]"),
            ("code=\"\" token=x", "code=\"\" token=[redacted]"),
            ("code:'' x", "code:'' x"),
        ] {
            assert_eq!(redact_named_values(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_name_is_the_whole_run_around_the_secret_word() {
        for (text, want) in [
            ("my.auth_code-2=ab1", "my.auth_code-2=[redacted]"),
            ("x=code=ab1", "x=code=[redacted]"),
            ("écode=ab1", "écode=[redacted]"),
            (
                "Response code: access_denied",
                "Response code: access_denied",
            ),
            ("auth_code: access_denied", "auth_code: [redacted]"),
            ("CODE=AADSTS50011", "CODE=AADSTS50011"),
            ("codes=AADSTS50011", "codes=[redacted]"),
        ] {
            assert_eq!(redact_named_values(text), want, "{text:?}");
        }
    }
}
