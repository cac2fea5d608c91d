//! Reads what a provider or platform packed into `error_description`: nested
//! `error = X, description = Y` layers and other wrappers, Microsoft AADSTS codes
//! and the trace identifiers support needs.

use std::sync::LazyLock;

use regex::Regex;

mod microsoft;
use microsoft::{embedded_codes, trace_ids};

/// How deep nested wrappers are followed; real ones stop at two or three.
const MAX_LAYERS: usize = 8;

/// One unwrapped layer: the code it names and the text inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub code: String,
    pub description: String,
}

/// Identifiers Microsoft prints for support, pulled out for the support box.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProviderTrace {
    pub trace_id: Option<String>,
    pub correlation_id: Option<String>,
    pub timestamp: Option<String>,
}

impl ProviderTrace {
    pub fn is_empty(&self) -> bool {
        self.trace_id.is_none() && self.correlation_id.is_none() && self.timestamp.is_none()
    }
}

/// Everything found in a description.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ParsedDescription {
    /// Nested layers, outermost first.
    pub layers: Vec<Layer>,
    /// Provider codes embedded in the text (`AADSTS50011`), in the order they appear.
    pub embedded_codes: Vec<String>,
    /// Words shaped like codes anywhere in the text, in order (see `mentions`).
    pub mentions: Vec<String>,
    /// Numbers given as a code: `statusCode: 503`, `Error Code 40801`, `errorCode： 1`.
    pub numbered_codes: Vec<String>,
    pub trace: ProviderTrace,
}

impl ParsedDescription {
    pub fn innermost(&self) -> Option<&Layer> {
        self.layers.last()
    }
}

pub fn parse_description(description: &str) -> ParsedDescription {
    let mut parsed = ParsedDescription::default();
    let mut text = description.to_owned();
    while parsed.layers.len() < MAX_LAYERS {
        let Some(layer) = peel(&text) else { break };
        text.clone_from(&layer.description);
        parsed.layers.push(layer);
    }
    parsed.embedded_codes = embedded_codes(description);
    parsed.mentions = super::mentions::code_mentions(description);
    parsed.numbered_codes = super::mentions::numbered_codes(description);
    parsed.trace = trace_ids(description);
    parsed
}

/// Tries each known wrapper on `text` and returns the first that fits.
fn peel(text: &str) -> Option<Layer> {
    peel_equals_form(text)
        .or_else(|| peel_json(text))
        .or_else(|| peel_go_oauth2(text))
        .or_else(|| peel_aspnet(text))
        .or_else(|| peel_oauthlib(text))
        .or_else(|| peel_error_field(text))
        .filter(|layer| !layer.code.is_empty() && !is_parameter_name(&layer.code))
}

/// `error: client_id provided in the request…` names a parameter, not an error code.
fn is_parameter_name(code: &str) -> bool {
    [
        "client_id",
        "client_secret",
        "redirect_uri",
        "response_type",
        "grant_type",
        "code_verifier",
        "code_challenge",
        "access_token",
        "refresh_token",
        "id_token",
    ]
    .iter()
    .any(|name| name.eq_ignore_ascii_case(code))
}

/// `error = server_error, description = Error executing post auth hooks`
fn peel_equals_form(text: &str) -> Option<Layer> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)^\s*error\s*[=:]\s*([^,\s]+)\s*,\s*(?:error_)?description\s*[=:]\s*")
            .expect("valid regex")
    });
    // The regex is anchored: most layers start otherwise, and this rules them out without it.
    // No non-ASCII letter folds to one of `error`, so an ASCII comparison is exact.
    let head = text.trim_start().as_bytes().get(..5)?;
    if !head.eq_ignore_ascii_case(b"error") {
        return None;
    }
    let (code, rest) = code_and_rest(&RE, text)?;
    Some(layer(code, rest))
}

/// A JSON-like body anywhere in the text: `Token exchange failed: { "error": … }`.
fn peel_json(text: &str) -> Option<Layer> {
    let (code, description) = super::json_body::code_and_text(text)?;
    Some(layer(&code, &description))
}

/// Go x/oauth2: `oauth2: "bad_verification_code" "The code passed is incorrect or expired." "https://…"`
fn peel_go_oauth2(text: &str) -> Option<Layer> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"oauth2:\s*"([^"]+)"\s*"((?:[^"\\]|\\.)*)""#).expect("valid regex")
    });
    let caps = RE.captures(text)?;
    Some(layer(&caps[1], &caps[2].replace("\\\"", "\"")))
}

/// ASP.NET: `Message contains error: 'invalid_client', error_description: 'AADSTS650052: …', error_uri: '…'`
fn peel_aspnet(text: &str) -> Option<Layer> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)error:\s*'([^']+)'\s*,\s*error_description:\s*'").expect("valid regex")
    });
    let (code, rest) = code_and_rest(&RE, text)?;
    let description = match rest.find("', error_uri:") {
        Some(i) => &rest[..i],
        None => rest.trim_end().trim_end_matches('.').trim_end_matches('\''),
    };
    Some(layer(code, description))
}

/// oauthlib: `(invalid_grant) AADSTS50076: …`
fn peel_oauthlib(text: &str) -> Option<Layer> {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*\(([a-z]+_[a-z_]+)\)\s+").expect("valid regex"));
    if !text.trim_start().starts_with('(') {
        return None;
    }
    let (code, rest) = code_and_rest(&RE, text)?;
    Some(layer(code, rest))
}

/// Free text naming a code: `Token request failed: error=invalid_grant, the code expired`.
/// Only snake_case codes count, so prose like `error: the request failed` is left alone.
fn peel_error_field(text: &str) -> Option<Layer> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)\berror["']?\s*[:=]\s*["']?([a-z][a-z0-9]*_[a-z0-9_]+)["']?[\s,;.]*"#)
            .expect("valid regex")
    });
    let (code, rest) = code_and_rest(&RE, text)?;
    Some(layer(code, rest))
}

/// The first group of a wrapper's match, and all the text after the match. Matching only
/// the wrapper keeps the capture engine off the (up to 2 KiB) rest, which it would
/// otherwise walk again for every layer.
fn code_and_rest<'t>(wrapper: &Regex, text: &'t str) -> Option<(&'t str, &'t str)> {
    let caps = wrapper.captures(text)?;
    let end = caps.get(0)?.end();
    Some((caps.get(1)?.as_str(), &text[end..]))
}

fn layer(code: &str, description: &str) -> Layer {
    Layer {
        code: code.trim().trim_matches(['"', '\'']).to_owned(),
        description: description.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(parsed: &ParsedDescription) -> Vec<&str> {
        parsed.layers.iter().map(|l| l.code.as_str()).collect()
    }

    #[test]
    fn nested_equals_form_yields_inner_code_and_description() {
        let p = parse_description(
            "error = server_error, description = Error executing post auth hooks",
        );
        assert_eq!(codes(&p), ["server_error"]);
        assert_eq!(
            p.innermost().unwrap().description,
            "Error executing post auth hooks"
        );
    }

    #[test]
    fn repeated_nesting_is_followed_to_the_innermost_layer() {
        let p = parse_description(
            "error = failed_to_exchange, description = error = invalid_grant, description = Code expired",
        );
        assert_eq!(codes(&p), ["failed_to_exchange", "invalid_grant"]);
        assert_eq!(p.innermost().unwrap().description, "Code expired");
    }

    #[test]
    fn json_body_inside_the_text_is_read() {
        let p = parse_description(
            r#"Token exchange failed: { "error": "invalid_request", "error_description": "client_secret is missing." }"#,
        );
        assert_eq!(codes(&p), ["invalid_request"]);
        assert_eq!(
            p.innermost().unwrap().description,
            "client_secret is missing."
        );
    }

    #[test]
    fn go_oauth2_quoted_triple_is_read() {
        let p = parse_description(
            r#"oauth2: "bad_verification_code" "The code passed is incorrect or expired." "https://docs.github.com/""#,
        );
        assert_eq!(codes(&p), ["bad_verification_code"]);
    }

    #[test]
    fn aspnet_wrapper_keeps_quotes_inside_the_description() {
        let p = parse_description(
            "Message contains error: 'invalid_client', error_description: 'AADSTS650052: The app needs access to a service ('api://x').', error_uri: 'https://x'",
        );
        assert_eq!(codes(&p), ["invalid_client"]);
        assert!(p.innermost().unwrap().description.contains("('api://x')"));
        assert_eq!(p.embedded_codes, ["AADSTS650052"]);
    }

    #[test]
    fn oauthlib_parenthesised_code_is_read() {
        let p = parse_description("(invalid_grant) AADSTS50076: Due to a configuration change");
        assert_eq!(codes(&p), ["invalid_grant"]);
        assert_eq!(p.embedded_codes, ["AADSTS50076"]);
    }

    #[test]
    fn a_code_named_in_free_text_is_found() {
        let p =
            parse_description("Token request failed with error=invalid_grant, the code expired");
        assert_eq!(codes(&p), ["invalid_grant"]);
        let p = parse_description("error: the request failed");
        assert!(p.layers.is_empty());
    }

    #[test]
    fn keycloak_and_go_token_endpoint_bodies_are_unwrapped() {
        let p = parse_description(
            r#"Unexpected response from token endpoint. status=401, response={"error":"invalid_client","error_description":"Invalid client credentials"}"#,
        );
        assert_eq!(codes(&p), ["invalid_client"]);
        let p = parse_description(
            "oauth2: cannot fetch token: 400 Bad Request Response: {\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}",
        );
        assert_eq!(codes(&p), ["invalid_grant"]);
    }

    #[test]
    fn plain_text_has_no_layers() {
        let p = parse_description("The user has denied your application access.");
        assert!(p.layers.is_empty());
        assert!(p.embedded_codes.is_empty());
        assert!(p.trace.is_empty());
    }
}
