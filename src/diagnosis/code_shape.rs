//! Whether a received code may be used as a code: shown, logged, linked, posted, counted.
//! Anything else sent where a code belongs (a token, a sentence) is description text.

use super::redact::contains_secret;

/// Longest received code used as a code, in characters; the catalog's longest is 38.
pub const MAX_CODE_CHARS: usize = 64;

/// A short token of letters, digits and `_ - . :`, with a letter or digit in it, that
/// matches no secret pattern and does not look like an opaque random token.
pub fn looks_like_code(text: &str) -> bool {
    (1..=MAX_CODE_CHARS).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
        && text.bytes().any(|b| b.is_ascii_alphanumeric())
        && !looks_opaque(text)
        && !contains_secret(text)
}

/// Random-looking: long, with digits and both cases, unlike `AADSTS50011` or `invalid_client`.
fn looks_opaque(text: &str) -> bool {
    let count = |f: fn(&u8) -> bool| text.bytes().filter(f).count();
    text.len() >= 20
        && count(u8::is_ascii_digit) >= 4
        && count(u8::is_ascii_uppercase) >= 2
        && count(u8::is_ascii_lowercase) >= 2
}

/// Splits the received `error` into the code it names (when it looks like one) and the
/// description text to quote: the `error` itself when it is not a code, then the
/// description. Neither is redacted here.
pub fn split_error(
    error: Option<&str>,
    description: Option<&str>,
) -> (Option<String>, Option<String>) {
    match error {
        Some(code) if looks_like_code(code) => {
            (Some(code.to_owned()), description.map(str::to_owned))
        }
        Some(text) => {
            let quoted = match description {
                Some(description) => format!("{text} — {description}"),
                None => text.to_owned(),
            };
            (None, Some(quoted))
        }
        None => (None, description.map(str::to_owned)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_the_catalog_and_providers_look_like_codes() {
        for code in [
            "access_denied",
            "AADSTS50011",
            "atlassian_refresh_token_rejected",
            "OAUTH_APP_BLOCKED",
            "urn:ietf:params:oauth:error:x",
            "flux-capacitor.jammed",
        ] {
            assert!(looks_like_code(code), "{code}");
        }
    }

    #[test]
    fn tokens_sentences_and_markup_do_not() {
        for text in [
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjZXAifQ.c2ln",
            "access_token=ya29.a0AfH6SMBx7Qk2Lr",
            "ya29.a0AfH6SMBx7Qk2LrT9p",
            "gho_16C7e42F292c6912E7710c838347Ae178B4a",
            "0.AVYA8fy2Ke7rPk2zZ3m5x1yA9QoXhg7",
            "Your account is suspended",
            "<b>x</b>",
            "..",
            "",
            &"a".repeat(65),
        ] {
            assert!(!looks_like_code(text), "{text}");
        }
    }

    #[test]
    fn an_error_that_is_not_a_code_becomes_description_text() {
        assert_eq!(
            split_error(Some("access_denied"), Some("no")),
            (Some("access_denied".into()), Some("no".into()))
        );
        assert_eq!(
            split_error(Some("Call 555 0100"), Some("boom")),
            (None, Some("Call 555 0100 — boom".into()))
        );
    }
}
