//! The block of text a person hands to support, and the links that carry it. Pure:
//! everything comes from the diagnosis, which already dropped and redacted secrets.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::diagnosis::code_shape::looks_like_code;
use crate::diagnosis::query::truncate_chars;
use crate::diagnosis::redact::redact_secrets;
use crate::diagnosis::{CallbackQuery, Diagnosis};

/// Everything but RFC 3986 unreserved characters is encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

pub struct BundleInput<'a> {
    pub reference: &'a str,
    pub time_utc: &'a str,
    pub diagnosis: &'a Diagnosis<'a>,
    pub query: &'a CallbackQuery,
    /// Scheme, host and path of the page, without its query.
    pub page_base: &'a str,
}

pub fn support_bundle(input: &BundleInput) -> String {
    let d = input.diagnosis;
    let mut lines = vec![
        format!("Reference: {}", input.reference),
        format!("Time (UTC): {}", input.time_utc),
        format!("Error: {}", d.error.as_deref().unwrap_or("(none)")),
        format!("Diagnosed as: {} ({})", d.code, d.entry.category.as_str()),
    ];
    if let Some(description) = &d.description {
        lines.push(format!("Description: {description}"));
    }
    if let Some(name) = &input.query.connection_name {
        lines.push(format!("Connection: {}", redact_secrets(name)));
    }
    if let Some(id) = &d.trace.trace_id {
        lines.push(format!("Trace ID: {id}"));
    }
    if let Some(id) = &d.trace.correlation_id {
        lines.push(format!("Correlation ID: {id}"));
    }
    lines.push(format!("Page: {}", safe_page_url(input)));
    lines.join("\n")
}

/// The page's address rebuilt from the parameters known to be safe, redacted; the raw
/// query (with `code`, tokens or `state`) is never echoed.
pub fn safe_page_url(input: &BundleInput) -> String {
    let q = input.query;
    fn code(value: &Option<String>) -> Option<&str> {
        value.as_deref().filter(|v| looks_like_code(v))
    }
    // The diagnosis's error (a code with no secret in it) and description are redacted
    // already: a second pass over up to 2 KiB would find nothing more.
    let redacted = [
        ("error", input.diagnosis.error.as_deref()),
        ("error_description", input.diagnosis.description.as_deref()),
    ];
    let received = [
        ("error_uri", q.error_uri.as_deref()),
        ("error_subtype", code(&q.error_subtype)),
        ("error_subcode", code(&q.error_subcode)),
        ("error_reason", code(&q.error_reason)),
        ("error_code", code(&q.error_code)),
        ("connection_name", q.connection_name.as_deref()),
    ];
    let param = |name: &str, value: &str| format!("{name}={}", encode(value));
    let query: Vec<String> = redacted
        .iter()
        .filter_map(|(name, value)| value.map(|v| param(name, v)))
        .chain(
            received
                .iter()
                .filter_map(|(name, value)| value.map(|v| param(name, &redact_secrets(v)))),
        )
        .collect();
    if query.is_empty() {
        input.page_base.to_owned()
    } else {
        format!("{}?{}", input.page_base, query.join("&"))
    }
}

/// `mailto:` with subject `Connection error <reference> (<code>)` and the bundle as body.
pub fn mailto(email: &str, reference: &str, code: &str, bundle: &str) -> String {
    let subject = format!("Connection error {reference} ({code})");
    // Mail clients drop or refuse very long mailto links, so long lines are cut here;
    // the page shows the block in full. RFC 6068: line breaks in a body are CRLF.
    let body = bundle
        .lines()
        .map(|line| truncate_chars(line, MAILTO_LINE_CHARS))
        .collect::<Vec<_>>()
        .join("\r\n");
    format!(
        "mailto:{email}?subject={}&body={}",
        encode(&subject),
        encode(&body)
    )
}

/// What `[support] url` may contain, each filled percent-encoded.
pub const SUPPORT_URL_PLACEHOLDERS: [&str; 2] = ["{reference}", "{code}"];

/// Fills `{reference}` and `{code}` in the configured support URL, percent-encoded;
/// where a placeholder sits in the path, its value is one path segment (`..` cannot climb).
pub fn support_url(template: &str, reference: &str, code: &str) -> String {
    let path_end = template.find(['?', '#']).unwrap_or(template.len());
    let (path, rest) = template.split_at(path_end);
    let fill = |part: &str, encode: fn(&str) -> String| {
        part.replace("{reference}", &encode(reference))
            .replace("{code}", &encode(code))
    };
    format!("{}{}", fill(path, encode_segment), fill(rest, encode))
}

/// Longest line a prefilled support email carries, in characters.
const MAILTO_LINE_CHARS: usize = 300;

fn encode(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// As `encode`, and a segment of dots is spelled out so no client reads it as `.` or `..`.
fn encode_segment(value: &str) -> String {
    if !value.is_empty() && value.bytes().all(|b| b == b'.') {
        return "%2E".repeat(value.len());
    }
    encode(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::{Catalog, diagnose};

    const BASE: &str = "https://connect.example.com/ui-handlers/connect/callback/error";

    fn bundle_for(raw_query: &str) -> String {
        let catalog = Catalog::built_in().unwrap();
        let query = CallbackQuery::parse(raw_query.as_bytes());
        let diagnosis = diagnose(&query, &catalog);
        support_bundle(&BundleInput {
            reference: "CEP-7F3K2Q",
            time_utc: "2026-11-25 13:07:02 UTC",
            diagnosis: &diagnosis,
            query: &query,
            page_base: BASE,
        })
    }

    #[test]
    fn the_bundle_names_reference_time_error_code_and_connection() {
        let bundle = bundle_for(
            "error=access_denied&error_description=User+said+no&connection_name=acme-github",
        );
        assert!(bundle.starts_with("Reference: CEP-7F3K2Q\nTime (UTC): 2026-11-25 13:07:02 UTC\n"));
        assert!(bundle.contains("\nError: access_denied\n"));
        assert!(
            bundle.contains("\nDiagnosed as: access_denied (unknown)\n"),
            "{bundle}"
        );
        assert!(bundle.contains("\nDescription: User said no\n"));
        assert!(bundle.contains("\nConnection: acme-github\n"));
        assert!(bundle.ends_with(&format!(
            "Page: {BASE}?error=access_denied&error_description=User%20said%20no&connection_name=acme-github"
        )), "{bundle}");
    }

    #[test]
    fn microsoft_trace_and_correlation_ids_are_included() {
        let bundle = bundle_for(
            "error=invalid_grant&error_description=AADSTS70008%3A+The+code+has+expired.+Trace+ID%3A+0e3c2b1a-1111-2222-3333-444455556666+Correlation+ID%3A+9d8c7b6a-aaaa-bbbb-cccc-ddddeeeeffff+Timestamp%3A+2026-11-25+13%3A00%3A00Z",
        );
        assert!(
            bundle.contains("Trace ID: 0e3c2b1a-1111-2222-3333-444455556666"),
            "{bundle}"
        );
        assert!(bundle.contains("Correlation ID: 9d8c7b6a-aaaa-bbbb-cccc-ddddeeeeffff"));
    }

    #[test]
    fn secrets_in_the_query_never_reach_the_bundle() {
        let bundle = bundle_for(
            "error=server_error&code=SplxlOBeZQQYbYS6WxSbIA9&state=xyzSTATE123&access_token=tokTOKEN999&error_description=failed+with+code%3DAbC123dEf456gHi",
        );
        for secret in [
            "SplxlOBeZQQYbYS6WxSbIA9",
            "xyzSTATE123",
            "tokTOKEN999",
            "AbC123dEf456gHi",
            "state=",
            "access_token",
        ] {
            assert!(!bundle.contains(secret), "{secret} leaked: {bundle}");
        }
        assert!(bundle.contains("[redacted]"));
    }

    #[test]
    fn mailto_carries_subject_and_body_percent_encoded() {
        let link = mailto(
            "help@example.com",
            "CEP-7F3K2Q",
            "access_denied",
            "Reference: CEP-7F3K2Q\nError: a&b=c",
        );
        assert_eq!(
            link,
            "mailto:help@example.com?subject=Connection%20error%20CEP-7F3K2Q%20%28access_denied%29&body=Reference%3A%20CEP-7F3K2Q%0D%0AError%3A%20a%26b%3Dc"
        );
    }

    #[test]
    fn placeholders_in_the_path_stay_one_segment() {
        assert_eq!(
            support_url(
                "https://help.example.com/kb/{code}/new?r={reference}",
                "..",
                ".."
            ),
            "https://help.example.com/kb/%2E%2E/new?r=.."
        );
        assert_eq!(
            support_url("https://help.example.com/kb/{code}", "R", "a/b"),
            "https://help.example.com/kb/a%2Fb"
        );
    }

    #[test]
    fn support_url_placeholders_are_filled_and_encoded() {
        assert_eq!(
            support_url(
                "https://help.example.com/new?ref={reference}&topic={code}",
                "CEP-1",
                "a b&c"
            ),
            "https://help.example.com/new?ref=CEP-1&topic=a%20b%26c"
        );
    }
}
