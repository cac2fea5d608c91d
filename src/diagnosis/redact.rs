//! Removes credentials that providers sometimes paste into error descriptions.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

pub const REDACTED: &str = "[redacted]";

/// Replaces `code=…`, `access_token: …` style values, JWTs and long token-like
/// runs with `[redacted]`. GUIDs (trace ids) and ordinary words survive.
pub fn redact_secrets(text: &str) -> String {
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?i)\b(code|access_token|id_token|refresh_token|client_secret|code_verifier|assertion|token|password)(["']?\s*[:=]\s*["']?)([^\s"'&,;]{8,})"#,
        )
        .expect("valid regex")
    });
    static JWT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*)?")
            .expect("valid regex")
    });
    static LONG_RUN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[A-Za-z0-9._~+/=-]{32,}").expect("valid regex"));

    let text = if may_name_a_secret(text) {
        NAMED.replace_all(text, |c: &regex::Captures| {
            // A value with no digit is a word ("Response code: access_denied"), not a secret.
            if !c[3].bytes().any(|b| b.is_ascii_digit()) {
                c[0].to_owned()
            } else {
                format!("{}{}{REDACTED}", &c[1], &c[2])
            }
        })
    } else {
        Cow::Borrowed(text)
    };
    let text = JWT.replace_all(&text, REDACTED);
    if !has_long_run(&text) {
        return text.into_owned();
    }
    LONG_RUN
        .replace_all(&text, |c: &regex::Captures| {
            let run = &c[0];
            if looks_like_token(run) {
                REDACTED.to_owned()
            } else {
                run.to_owned()
            }
        })
        .into_owned()
}

/// True unless `text` surely lacks every name `NAMED` looks for. The regexes cost about
/// 15 µs per 2 KiB even when they find nothing; this costs well under one. Under `(?i)`
/// only `ſ` and the Kelvin sign fold onto ASCII letters of these names, so they count too.
fn may_name_a_secret(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["code", "token", "secret", "assertion", "password"]
        .iter()
        .any(|name| lower.contains(name))
        || text.contains(['\u{17F}', '\u{212A}'])
}

/// True when `text` has a run `LONG_RUN` could match.
fn has_long_run(text: &str) -> bool {
    let mut run = 0;
    text.bytes().any(|b| {
        let in_class = b.is_ascii_alphanumeric() || b"._~+/=-".contains(&b);
        run = if in_class { run + 1 } else { 0 };
        run >= 32
    })
}

/// A token mixes many letters and digits and is not a URL path or a GUID.
fn looks_like_token(run: &str) -> bool {
    let digits = run.bytes().filter(u8::is_ascii_digit).count();
    let letters = run.bytes().filter(u8::is_ascii_alphabetic).count();
    let slashes = run.bytes().filter(|b| *b == b'/').count();
    let is_guid = run.len() == 36 && run.bytes().filter(|b| *b == b'-').count() == 4;
    digits >= 4 && letters >= 8 && slashes <= 1 && !is_guid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_secret_values_are_redacted() {
        assert_eq!(
            redact_secrets(
                "failed with code=SplxlOBeZQQYbYS6WxSbIA and access_token: abcd1234efgh"
            ),
            "failed with code=[redacted] and access_token: [redacted]"
        );
    }

    #[test]
    fn raw_authorization_codes_and_jwts_are_redacted() {
        let code = "0.AVYA8fy2Ke7rPk2zZ3m5x1yA9QoXhg7sd8Fk2jL4mN6pQ8rT0vX2zB4dF6hJ8";
        let out = redact_secrets(&format!("Unable to exchange external code: {code}"));
        assert_eq!(out, "Unable to exchange external code: [redacted]");
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert_eq!(
            redact_secrets(&format!("bad {jwt} here")),
            "bad [redacted] here"
        );
    }

    #[test]
    fn trace_ids_urls_and_prose_survive() {
        assert_eq!(
            redact_secrets("Response code: access_denied."),
            "Response code: access_denied."
        );
        let text = "Trace ID: d7c6a70e-5f5b-4542-bb68-b7f41a780600 see https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/";
        assert_eq!(redact_secrets(text), text);
    }

    #[test]
    fn names_spelled_with_unicode_case_folds_are_still_redacted() {
        assert_eq!(
            redact_secrets("client_\u{17F}ecret=abc12345678 to\u{212A}en: zyx98765432"),
            "client_\u{17F}ecret=[redacted] to\u{212A}en: [redacted]"
        );
    }

    #[test]
    fn text_without_names_or_long_runs_comes_back_unchanged() {
        let text = "error = server_error, description = Error executing post auth hooks";
        assert!(!may_name_a_secret(text) && !has_long_run(text));
        assert_eq!(redact_secrets(text), text);
        assert!(has_long_run(&"a".repeat(32)) && !has_long_run(&"a".repeat(31)));
    }
}
