//! Reads what a provider or platform packed into `error_description`: nested
//! `error = X, description = Y` layers and other wrappers, Microsoft AADSTS codes
//! and the trace identifiers support needs.

use std::borrow::Cow;

mod microsoft;
use microsoft::{embedded_codes, trace_ids};

use super::scan::{KELVIN, LONG_S, strip_word, word_starts_at};

/// How deep nested wrappers are followed; real ones stop at two or three.
const MAX_LAYERS: usize = 8;

/// One unwrapped layer: the code it names and the text inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub code: String,
    pub description: String,
    /// The description is a piece of the received text as it came, so whoever searches
    /// that text has searched this too.
    pub in_received_text: bool,
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
    let mut in_received_text = true;
    while parsed.layers.len() < MAX_LAYERS {
        // Each layer is peeled from the one before, as a slice of it unless unescaped.
        let text = parsed
            .layers
            .last()
            .map_or(description, |l| l.description.as_str());
        let Some((code, inner)) = peel(text) else {
            break;
        };
        in_received_text &= matches!(inner, Cow::Borrowed(_));
        parsed.layers.push(Layer {
            code,
            description: inner.into_owned(),
            in_received_text,
        });
    }
    parsed.embedded_codes = embedded_codes(description);
    parsed.mentions = super::mentions::code_mentions(description);
    parsed.numbered_codes = super::mentions::numbered_codes(description);
    parsed.trace = trace_ids(description);
    parsed
}

/// A layer's code, and the text inside it: a slice of the wrapper's text where it
/// stands there as it is.
type Peeled<'t> = (String, Cow<'t, str>);

/// Tries each known wrapper on `text` and returns the first that fits.
fn peel(text: &str) -> Option<Peeled<'_>> {
    peel_equals_form(text)
        .or_else(|| peel_json(text))
        .or_else(|| peel_go_oauth2(text))
        .or_else(|| peel_aspnet(text))
        .or_else(|| peel_oauthlib(text))
        .or_else(|| peel_error_field(text))
        .filter(|(code, _)| !code.is_empty() && !is_parameter_name(code))
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

/// `error = server_error, description = Error executing post auth hooks`, at the start:
/// `error`, `=` or `:`, a code up to a comma or space, a comma, `description` or
/// `error_description` (case ignored), `=` or `:`.
fn peel_equals_form(text: &str) -> Option<Peeled<'_>> {
    let rest = strip_word(text.trim_start(), "error")?;
    let rest = rest.trim_start().strip_prefix(['=', ':'])?.trim_start();
    let code_len = rest
        .find(|c: char| c == ',' || c.is_whitespace())
        .unwrap_or(rest.len());
    let (code, rest) = rest.split_at(code_len);
    if code.is_empty() {
        return None;
    }
    let rest = rest.trim_start().strip_prefix(',')?.trim_start();
    let rest = strip_word(rest, "error_").unwrap_or(rest);
    let rest = strip_word(rest, "description")?;
    let rest = rest.trim_start().strip_prefix(['=', ':'])?;
    Some(layer(code, rest))
}

/// A JSON-like body anywhere in the text: `Token exchange failed: { "error": … }`.
fn peel_json(text: &str) -> Option<Peeled<'_>> {
    let (code, description) = super::json_body::code_and_text(text)?;
    Some((trim_code(&code), Cow::Owned(description.trim().to_owned())))
}

/// Go x/oauth2: `oauth2: "bad_verification_code" "The code passed is incorrect or expired." "https://…"`
fn peel_go_oauth2(text: &str) -> Option<Peeled<'_>> {
    text.match_indices("oauth2:").find_map(|(at, word)| {
        let rest = text[at + word.len()..].trim_start().strip_prefix('"')?;
        let (code, rest) = rest.split_once('"')?;
        if code.is_empty() {
            return None;
        }
        let quoted = rest.trim_start().strip_prefix('"')?;
        let quoted = &quoted[..closing_quote(quoted)?];
        Some(layer_unescaped(code, quoted))
    })
}

/// Where the string that `text` starts inside ends: the first `"` not escaped by `\`.
/// An escape covers any one character but a line break, which ends the search.
fn closing_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'"' => return Some(at),
            // Skipping one byte of a longer character is fine: no later byte of one
            // is `"` or `\`.
            b'\\' if !matches!(bytes.get(at + 1), None | Some(b'\n')) => at += 2,
            b'\\' => return None,
            _ => at += 1,
        }
    }
    None
}

/// ASP.NET: `Message contains error: 'invalid_client', error_description: 'AADSTS650052: …', error_uri: '…'`
fn peel_aspnet(text: &str) -> Option<Peeled<'_>> {
    let (code, rest) = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| b.eq_ignore_ascii_case(&b'e'))
        .find_map(|(at, _)| {
            let rest = strip_word(&text[at..], "error:")?;
            let rest = rest.trim_start().strip_prefix('\'')?;
            let (code, rest) = rest.split_once('\'')?;
            let rest = rest.trim_start().strip_prefix(',')?.trim_start();
            let rest = strip_word(rest, "error_description:")?;
            let rest = rest.trim_start().strip_prefix('\'')?;
            (!code.is_empty()).then_some((code, rest))
        })?;
    let description = match rest.find("', error_uri:") {
        Some(i) => &rest[..i],
        None => rest.trim_end().trim_end_matches('.').trim_end_matches('\''),
    };
    Some(layer(code, description))
}

/// oauthlib: `(invalid_grant) AADSTS50076: …`
fn peel_oauthlib(text: &str) -> Option<Peeled<'_>> {
    let rest = text.trim_start().strip_prefix('(')?;
    let code_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_lowercase() || *b == b'_')
        .count();
    let (code, rest) = rest.split_at(code_len);
    // `[a-z]+_[a-z_]+`: a letter first, and something after the first `_`.
    let snake = code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.find('_').is_some_and(|i| i + 1 < code.len());
    let rest = rest.strip_prefix(')')?;
    (snake && rest.starts_with(char::is_whitespace)).then(|| layer(code, rest))
}

/// Free text naming a code: `Token request failed: error=invalid_grant, the code expired`.
/// Only snake_case codes count, so prose like `error: the request failed` is left alone.
fn peel_error_field(text: &str) -> Option<Peeled<'_>> {
    text.bytes()
        .enumerate()
        .filter(|&(at, b)| b.eq_ignore_ascii_case(&b'e') && word_starts_at(text, at))
        .find_map(|(at, _)| error_field_at(&text[at..]))
}

/// `error`, an optional quote, `:` or `=`, an optional quote, then a snake_case code
/// (case ignored); the text after it starts past a closing quote and `, ; .` or spaces.
fn error_field_at(text: &str) -> Option<Peeled<'_>> {
    fn strip_quote(s: &str) -> &str {
        s.strip_prefix(['"', '\'']).unwrap_or(s)
    }
    let rest = strip_quote(strip_word(text, "error")?);
    let rest = strip_quote(rest.trim_start().strip_prefix([':', '='])?.trim_start());
    let code_len = rest.find(|c: char| !is_code_char(c)).unwrap_or(rest.len());
    let (code, rest) = rest.split_at(code_len);
    // `[a-z][a-z0-9]*_[a-z0-9_]+`: a letter first, and something after the first `_`.
    let snake = code.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, LONG_S | KELVIN))
        && code.find('_').is_some_and(|i| i + 1 < code.len());
    if !snake {
        return None;
    }
    let rest = strip_quote(rest)
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.'));
    Some(layer(code, rest))
}

/// A character of `[a-z0-9_]` with case ignored: ASCII, or a letter that folds onto it.
fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | LONG_S | KELVIN)
}

fn trim_code(code: &str) -> String {
    code.trim().trim_matches(['"', '\'']).to_owned()
}

fn layer<'t>(code: &str, description: &'t str) -> Peeled<'t> {
    (trim_code(code), Cow::Borrowed(description.trim()))
}

fn layer_unescaped<'t>(code: &str, description: &'t str) -> Peeled<'t> {
    let description = description.trim();
    let description = if description.contains("\\\"") {
        Cow::Owned(description.replace("\\\"", "\""))
    } else {
        Cow::Borrowed(description)
    };
    (trim_code(code), description)
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

    /// Each wrapper in the spellings its former pattern accepted or refused: case, `ſ`,
    /// Unicode spaces, escaped quotes, boundaries, and a parameter name as the code.
    #[test]
    fn wrappers_read_as_their_patterns_did() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "ERROR : server_error , DESCRIPTION : inner text",
                &[("server_error", "inner text")],
            ),
            ("error=a,error_description=b", &[("a", "b")]),
            ("error = x, de\u{17F}cription = y", &[("x", "y")]),
            ("error = x y, description = z", &[]),
            ("error = , description = z", &[]),
            ("  error=a ,\u{3000}description=\u{3000}b  ", &[("a", "b")]),
            (
                "oauth2: \"bad_code\" \"say \\\"hi\\\" here\" \"u\"",
                &[("bad_code", "say \"hi\" here")],
            ),
            ("oauth2: \"bad_code\" \"broken \\\n line\"", &[]),
            (
                "x oauth2: \"\" \"a\" oauth2: \"c_d\" \"e\"",
                &[("c_d", "e")],
            ),
            (
                "MESSAGE CONTAINS ERROR: 'invalid_client', ERROR_DESCRIPTION: 'x y.'",
                &[("invalid_client", "x y.")],
            ),
            (
                "error: 'a_b' , error_de\u{17F}cription: 'x', error_uri: 'u'",
                &[("a_b", "'x', error_uri: 'u'")],
            ),
            ("(invalid_grant)\u{a0}text", &[("invalid_grant", "text")]),
            ("(invalid_)  text", &[]),
            ("(Invalid_grant) text", &[]),
            (
                "failed: Error=\"Invalid_Grant\"; rest",
                &[("Invalid_Grant", "rest")],
            ),
            ("failed: error : 'a_1' ,. rest", &[("a_1", "rest")]),
            ("failed: éerror=invalid_grant rest", &[]),
            ("failed: error=invalid_ rest", &[]),
            ("failed: error=1nvalid_grant rest", &[]),
            (
                "failed: error=to\u{212A}en_x rest",
                &[("to\u{212A}en_x", "rest")],
            ),
            ("error: client_id missing; error=invalid_grant", &[]),
        ];
        for (text, want) in cases {
            let parsed = parse_description(text);
            let got: Vec<(&str, &str)> = parsed
                .layers
                .iter()
                .map(|l| (l.code.as_str(), l.description.as_str()))
                .collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }
}
