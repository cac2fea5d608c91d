//! Secret-named parameters: `name=value`, `name: value`, `"name":"value"`, in the
//! spellings providers and proxies produce (escaped JSON, `%3D`, `%253D`, fullwidth `＝`).

use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::{Captures, Regex};

use super::REDACTED;

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

static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    let words = SECRET_NAME_WORDS
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|");
    // name, then `=`/`:` (also `%3D`, `%253D`, fullwidth) with optional quotes, escaped
    // quotes and spaces around it, then the value up to a delimiter.
    Regex::new(&format!(
        r#"(?i)([a-z0-9_.-]*(?:{words})[a-z0-9_.-]*)(\\?["']?\s*(?:[:=＝：]|%(?:25)*3[ad])\s*\\?["']?)([^\s"'&,;\\<>]+)"#
    ))
    .expect("valid regex")
});

pub fn redact_named_values(text: &str) -> Cow<'_, str> {
    if !may_name_a_secret(text) {
        return Cow::Borrowed(text);
    }
    NAMED.replace_all(text, |c: &Captures| {
        if is_not_secret(&c[1], &c[3]) {
            c[0].to_owned()
        } else {
            format!("{}{}{REDACTED}", &c[1], &c[2])
        }
    })
}

/// Error codes under a code-ish name are words, not credentials:
/// `Response code: access_denied`, `error_code=50058`, `code: AADSTS50011`.
fn is_not_secret(name: &str, value: &str) -> bool {
    let name = name.to_lowercase();
    if NOT_SECRET_NAMES.contains(&name.as_str()) {
        return true;
    }
    let value = value.trim_end_matches(['.', ')']);
    let snake_word =
        value.contains('_') && value.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    let aadsts = value
        .strip_prefix("AADSTS")
        .is_some_and(|n| (4..=8).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
    name == "code" && (snake_word || aadsts)
}

/// True unless `text` surely lacks every secret word. The regex costs about 15 µs per
/// 2 KiB even when it finds nothing; this costs well under one. Under `(?i)` only `ſ`
/// and the Kelvin sign fold onto ASCII letters of these words, so they count too.
fn may_name_a_secret(text: &str) -> bool {
    // One pass, ASCII case ignored, nothing copied.
    static WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "code",
                "token",
                "secret",
                "assertion",
                "passw",
                "key",
                "verifier",
                "signature",
                "credential",
            ])
            .expect("valid words")
    });
    WORDS.is_match(text) || text.contains(['\u{17F}', '\u{212A}'])
}
