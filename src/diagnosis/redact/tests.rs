//! One case per row of the name and shape tables, and what must survive.

use super::*;

/// (what, input, expected output).
const REDACTED_CASES: &[(&str, &str, &str)] = &[
    (
        "code=",
        "failed code=SplxlOBeZQQYbYS6WxSbIA",
        "failed code=[redacted]",
    ),
    (
        "code= without a digit",
        "failed code=SplxlOBeZQQYbYSWxSbIA",
        "failed code=[redacted]",
    ),
    ("short code=", "code=ab1", "code=[redacted]"),
    (
        "access_token:",
        "access_token: abcd1234efgh",
        "access_token: [redacted]",
    ),
    (
        "authorization_code=",
        "authorization_code=abcdef12",
        "authorization_code=[redacted]",
    ),
    (
        "auth_code=",
        "bad auth_code=abcdef12",
        "bad auth_code=[redacted]",
    ),
    (
        "oauth_token=",
        "oauth_token=abcdef12 denied",
        "oauth_token=[redacted] denied",
    ),
    ("api_key=", "api_key=abcdef12", "api_key=[redacted]"),
    ("x-api-key:", "x-api-key: abcdef12", "x-api-key: [redacted]"),
    (
        "client_assertion=",
        "client_assertion=abcdef12",
        "client_assertion=[redacted]",
    ),
    (
        "client_secret=",
        "client_secret=hunter2",
        "client_secret=[redacted]",
    ),
    ("password=", "password=hunter", "password=[redacted]"),
    (
        "code_verifier=",
        "code_verifier=abc",
        "code_verifier=[redacted]",
    ),
    (
        "upper-case name",
        "ACCESS_TOKEN=abcdef12",
        "ACCESS_TOKEN=[redacted]",
    ),
    ("encoded =", "x code%3Dabcdef12 y", "x code%3D[redacted] y"),
    (
        "double-encoded =",
        "x code%253Dabcdef12 y",
        "x code%253D[redacted] y",
    ),
    (
        "escaped JSON",
        r#"{\"code\":\"abcdef12\"}"#,
        r#"{\"code\":\"[redacted]\"}"#,
    ),
    (
        "JSON",
        r#"{"refresh_token": "abcdef12"}"#,
        r#"{"refresh_token": "[redacted]"}"#,
    ),
    ("fullwidth =", "code＝abcdef12", "code＝[redacted]"),
    ("fullwidth :", "token：abcdef12", "token：[redacted]"),
    (
        "short bearer",
        "header Bearer abc123 refused",
        "header Bearer [redacted] refused",
    ),
    ("bearer, lower case", "bearer XyZ", "bearer [redacted]"),
    (
        "JWT",
        "bad eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U here",
        "bad [redacted] here",
    ),
    (
        "JWT split by spaces",
        "bad eyJhbGciOiJIUzI1NiJ9 . eyJzdWIiOiIxMjM0NTY3ODkwIn0 . dozjgNryP4J3jVmNHl0w5N_XgL0n3I9 here",
        "bad [redacted] here",
    ),
    (
        "JWT segments split by a space alone",
        "bad eyJhbGciOiJIUzI1NiJ9 eyJzdWIiOiIxMjM0NTY3ODkwIn0 here",
        "bad [redacted] here",
    ),
    (
        "GitHub token",
        "token gho_16C7e42F292c6912E7710c838347Ae178B4a",
        "token [redacted]",
    ),
    (
        "GitHub PAT",
        "github_pat_11ABCDEFG0123456789_abcdef",
        "[redacted]",
    ),
    (
        "Slack token",
        "xoxb-123456789012-abcdefABCDEF",
        "[redacted]",
    ),
    (
        "Google access token",
        "ya29.a0AfH6SMBx7Qk2LrT9p",
        "[redacted]",
    ),
    (
        "Google refresh token",
        "1//0gLuRr4Qc7xYzCgYIARAAGBASNwF",
        "[redacted]",
    ),
    ("Stripe key", "sk_live_51H7qYbAbcdef", "[redacted]"),
    ("AWS key", "key AKIAIOSFODNN7EXAMPLE", "key [redacted]"),
    ("GitLab token", "glpat-abcdefghij0123456789", "[redacted]"),
    (
        "opaque code",
        "Unable to exchange external code: 0.AVYA8fy2Ke7rPk2zZ3m5x1yA9QoXhg7sd8Fk2jL4mN6pQ8rT0vX2zB4dF6hJ8",
        "Unable to exchange external code: [redacted]",
    ),
    (
        "base64 with several slashes",
        "blob 7Hq2/Lm9xPz4/Rt6vW1k/Yb3nQ8sD5fG0jK2mN4p end",
        "blob [redacted] end",
    ),
    (
        "unicode case folds",
        "client_\u{17F}ecret=abc12345678 to\u{212A}en: zyx98765432",
        "client_\u{17F}ecret=[redacted] to\u{212A}en: [redacted]",
    ),
];

/// Text with no credential in it, which must come back unchanged.
const SURVIVING_CASES: &[(&str, &str)] = &[
    ("response code word", "Response code: access_denied."),
    ("AADSTS code", "code: AADSTS50011"),
    ("error_code number", "error_code=50058"),
    ("token_type", "token_type=Bearer"),
    ("bearer as a word", "The bearer token is invalid"),
    (
        "nested description",
        "error = server_error, description = Error executing post auth hooks",
    ),
    (
        "catalog code with token in it",
        "error = atlassian_refresh_token_rejected",
    ),
    ("trace id", "Trace ID: d7c6a70e-5f5b-4542-bb68-b7f41a780600"),
    (
        "documentation URL",
        "see https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/",
    ),
    ("timestamp", "Timestamp: 2026-11-25 13:07:02Z"),
];

#[test]
fn every_secret_name_and_token_shape_is_redacted() {
    let failures: Vec<String> = REDACTED_CASES
        .iter()
        .filter_map(|(what, input, expected)| {
            let out = redact_secrets(input);
            (out != *expected).then(|| format!("{what}: {input:?} -> {out:?}, want {expected:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn codes_ids_urls_and_prose_survive() {
    for (what, text) in SURVIVING_CASES {
        assert_eq!(redact_secrets(text), *text, "{what}");
        assert!(!contains_secret(text), "{what}");
    }
}

#[test]
fn every_token_shape_has_a_case() {
    for (shape, _) in shapes::TOKEN_SHAPES {
        let word = shape.split_whitespace().next().unwrap().to_lowercase();
        assert!(
            REDACTED_CASES
                .iter()
                .any(|(what, ..)| what.to_lowercase().contains(&word)),
            "no case for {shape}"
        );
    }
}

#[test]
fn text_without_names_or_long_runs_comes_back_unchanged() {
    let text = "error = server_error, description = Error executing post auth hooks";
    assert!(!shapes::has_long_run(text));
    assert_eq!(redact_secrets(text), text);
    assert!(shapes::has_long_run(&"a".repeat(32)) && !shapes::has_long_run(&"a".repeat(31)));
}

#[test]
fn a_value_left_behind_by_a_name_taken_as_a_code_is_still_redacted() {
    assert_eq!(
        redact_after("access_token", ": \"00Aa0A000A, boom"),
        ": \"[redacted], boom"
    );
    assert_eq!(
        redact_after("invalid_grant", "Code expired"),
        "Code expired"
    );
}
