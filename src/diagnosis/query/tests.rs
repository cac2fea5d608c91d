//! The parser on what providers and libraries really send.

use super::*;

#[test]
fn first_occurrence_of_a_repeated_parameter_wins() {
    let q = CallbackQuery::parse(b"error=first&error=second");
    assert_eq!(q.error.as_deref(), Some("first"));
}

#[test]
fn bad_percent_escapes_and_invalid_utf8_decode_lossily() {
    let q = CallbackQuery::parse(b"error=a%zzb%&error_description=%ff%fe+ok%41");
    assert_eq!(q.error.as_deref(), Some("a%zzb%"));
    assert_eq!(q.error_description.as_deref(), Some("\u{FFFD}\u{FFFD} okA"));
}

#[test]
fn control_characters_and_bidi_overrides_become_single_spaces() {
    let q = CallbackQuery::parse(b"error_description=line1%0D%0ATrace%00ID%E2%80%AEx");
    assert_eq!(q.error_description.as_deref(), Some("line1 Trace ID x"));
}

#[test]
fn lengths_are_capped_in_characters() {
    let long = "é".repeat(MAX_ERROR_CHARS + 100);
    let raw = format!("error={long}&error_description={}", "x".repeat(5000));
    let q = CallbackQuery::parse(raw.as_bytes());
    assert_eq!(q.error.unwrap().chars().count(), MAX_ERROR_CHARS);
    assert_eq!(
        q.error_description.unwrap().chars().count(),
        MAX_DESCRIPTION_CHARS
    );
}

#[test]
fn plain_ascii_and_text_with_controls_are_cleaned_and_cut_alike() {
    for (text, max, want) in [
        ("plain text  ", 12, "plain text"),
        ("tab\there", 12, "tab here"),
        ("del\u{7f}x", 12, "del x"),
        ("\u{1}\u{1}lead", 12, "lead"),
        ("abcdef", 4, "abc…"),
        ("abcd", 4, "abcd"),
        ("abcd  ", 4, "abcd"),
        ("a\u{85}bcdef", 4, "a b…"),
        ("ab\u{202e}", 4, "ab"),
    ] {
        assert_eq!(clean_text(text, max), want, "{text:?}");
    }
}

#[test]
fn secrets_and_state_are_dropped_but_noted() {
    let q = CallbackQuery::parse(b"code=abc&state=xyz&access_token=t&error=e&code=again");
    assert_eq!(q.secrets_dropped, vec!["code", "access_token"]);
    assert!(q.has_state);
    assert!(!format!("{q:?}").contains("abc"));
    assert!(!format!("{q:?}").contains("xyz"));
}

#[test]
fn query_values_beat_body_values() {
    let mut q = CallbackQuery::parse(b"error=from_query");
    q.merge_missing(CallbackQuery::parse(
        b"error=from_body&error_description=body+text",
    ));
    assert_eq!(q.error.as_deref(), Some("from_query"));
    assert_eq!(q.error_description.as_deref(), Some("body text"));
}

#[test]
fn only_valid_connection_names_are_kept() {
    for bad in ["..", ".", "a%2Fb", "%3Cx%3E", "a+b"] {
        let q = CallbackQuery::parse(format!("connection_name={bad}").as_bytes());
        assert_eq!(q.connection_name, None, "{bad}");
    }
    let q = CallbackQuery::parse(b"connection_name=..%2Fx&connection_name=jira.cloud-1");
    assert_eq!(q.connection_name.as_deref(), Some("jira.cloud-1"));
}

#[test]
fn camel_case_and_prefixed_names_are_read_as_the_standard_ones() {
    let q = CallbackQuery::parse(
        b"errorCode=USER_CANCELLED&errorDescription=user+canceled&oauth_error=access_denied",
    );
    assert_eq!(q.error_code.as_deref(), Some("USER_CANCELLED"));
    assert_eq!(q.error_description.as_deref(), Some("user canceled"));
    assert_eq!(q.error.as_deref(), Some("access_denied"));
    let q = CallbackQuery::parse(b"message=invalid_credentials&strategy=twitter");
    assert_eq!(q.error.as_deref(), Some("invalid_credentials"));
}

#[test]
fn a_description_typed_into_the_parameter_name_is_read() {
    let q = CallbackQuery::parse(
        b"error=temporarily_unavailable&error_description_authentication_expired",
    );
    assert_eq!(
        q.error_description.as_deref(),
        Some("authentication_expired")
    );
}

#[test]
fn empty_values_count_as_absent() {
    let q = CallbackQuery::parse(b"error=&error=real&&=x&error_description");
    assert_eq!(q.error.as_deref(), Some("real"));
    assert_eq!(q.error_description, None);
}

#[test]
fn only_safe_opener_nonces_are_kept() {
    for bad in [
        "short",
        "a%22b%3Cimg%3Ecccc",
        "a+b+c+d+e+f",
        &"x".repeat(129),
    ] {
        let q = CallbackQuery::parse(format!("opener_nonce={bad}").as_bytes());
        assert_eq!(q.opener_nonce, None, "{bad}");
    }
    let q = CallbackQuery::parse(b"opener_nonce=n-0123456789_abcdef");
    assert_eq!(q.opener_nonce.as_deref(), Some("n-0123456789_abcdef"));
}
