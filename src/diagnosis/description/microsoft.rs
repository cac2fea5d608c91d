//! Microsoft's shapes: `AADSTS…` codes anywhere in a description, MSAL's numeric form, and
//! the trace identifiers support needs.

use std::sync::LazyLock;

use regex::Regex;

use super::ProviderTrace;

/// `AADSTS50011` anywhere, and MSAL's `temporarily_unavailable: 50033 - [2021-…]` form.
pub(super) fn embedded_codes(text: &str) -> Vec<String> {
    static AADSTS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\bAADSTS(\d{5,8})\b").expect("valid regex"));
    static MSAL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b[a-z_]+:\s*(\d{5,8})\s*-\s*\[").expect("valid regex"));
    let mut found: Vec<(usize, String)> = AADSTS
        .captures_iter(text)
        .chain(MSAL.captures_iter(text))
        .map(|c| {
            (
                c.get(0).map_or(0, |m| m.start()),
                format!("AADSTS{}", &c[1]),
            )
        })
        .collect();
    found.sort_by_key(|(at, _)| *at);
    let mut codes: Vec<String> = Vec::new();
    for (_, code) in found {
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
}

pub(super) fn trace_ids(text: &str) -> ProviderTrace {
    static TRACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)trace[ _]?id\W{0,3}\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")
            .expect("valid regex")
    });
    static CORRELATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)correlation[ _]?id\W{0,3}\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")
            .expect("valid regex")
    });
    static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)timestamp\W{0,3}\s*(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?)")
            .expect("valid regex")
    });
    // The id regexes cost microseconds per 2 KiB even when they find nothing; their leading
    // word is a cheap exact pre-check (no letter of `trace` or `correlation` has a non-ASCII
    // case fold; `timestamp` has `s`, which `ſ` folds onto, and its regex is fast anyway).
    let lower = text.to_ascii_lowercase();
    let first = |re: &Regex| re.captures(text).map(|c| c[1].to_owned());
    let first_after = |word: &str, re: &Regex| lower.contains(word).then(|| first(re)).flatten();
    ProviderTrace {
        trace_id: first_after("trace", &TRACE),
        correlation_id: first_after("correlation", &CORRELATION),
        timestamp: first(&TIMESTAMP),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_description;

    #[test]
    fn aadsts_codes_trace_and_correlation_ids_are_extracted_in_order() {
        let p = parse_description(
            "AADSTS70002: Error validating credentials. AADSTS54005: OAuth2 Authorization code was already redeemed. Trace ID: d7c6a70e-5f5b-4542-bb68-b7f41a780600 Correlation ID: 67eba14f-5fa4-4785-b88d-d3e7bc4b0d29 Timestamp: 2019-01-10 00:34:34Z",
        );
        assert_eq!(p.embedded_codes, ["AADSTS70002", "AADSTS54005"]);
        assert_eq!(
            p.trace.trace_id.as_deref(),
            Some("d7c6a70e-5f5b-4542-bb68-b7f41a780600")
        );
        assert_eq!(
            p.trace.correlation_id.as_deref(),
            Some("67eba14f-5fa4-4785-b88d-d3e7bc4b0d29")
        );
        assert_eq!(p.trace.timestamp.as_deref(), Some("2019-01-10 00:34:34Z"));
    }

    #[test]
    fn msal_numeric_form_becomes_an_aadsts_code() {
        let p = parse_description(
            "temporarily_unavailable: 50033 - [2021-08-02 15:36:10Z]: A transient error",
        );
        assert_eq!(p.embedded_codes, ["AADSTS50033"]);
    }
}
