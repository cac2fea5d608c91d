//! `CallbackQuery`: the untrusted callback parameters, parsed once at the edge.

mod text;

pub use text::{clean_text, decode, truncate_chars};

/// Longest `error` kept, in characters.
pub const MAX_ERROR_CHARS: usize = 128;
/// Longest `error_description` kept, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 2048;
/// Longest value kept for every other parameter, in characters.
pub const MAX_OTHER_CHARS: usize = 2048;

/// Parameters that can carry credentials: dropped on sight, never logged, echoed or linked.
pub const SECRET_PARAMS: [&str; 7] = [
    "code",
    "access_token",
    "id_token",
    "refresh_token",
    "client_secret",
    "code_verifier",
    "assertion",
];

/// What the callback told us, cleaned: first occurrence wins, decoded lossily,
/// control characters removed, lengths capped. `state` is only noted, never kept.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CallbackQuery {
    pub error: Option<String>,
    pub error_description: Option<String>,
    pub error_uri: Option<String>,
    /// Only ever a name matching `[A-Za-z0-9_.-]{1,64}` (not all dots); anything else is dropped.
    pub connection_name: Option<String>,
    pub return_to: Option<String>,
    /// Side parameters some providers use for the real cause, in order of trust.
    pub error_subtype: Option<String>,
    pub error_subcode: Option<String>,
    pub error_reason: Option<String>,
    pub error_code: Option<String>,
    pub ui_locales: Option<String>,
    pub lang: Option<String>,
    pub has_state: bool,
    /// OAuth 1.0a's `denied=<token>`: the person declined (the token itself is dropped).
    pub denied: bool,
    /// A value the opener chose to recognise the popup's message by; kept only when it
    /// matches `[A-Za-z0-9_-]{8,128}`, so it is safe to echo.
    pub opener_nonce: Option<String>,
    /// Names of secret-bearing parameters that were present (their values are dropped).
    pub secrets_dropped: Vec<&'static str>,
}

impl CallbackQuery {
    /// Parses an `application/x-www-form-urlencoded` string (a query or a form body).
    pub fn parse(raw: &[u8]) -> Self {
        let mut query = Self::default();
        for pair in raw.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
            let (name, value) = match pair.iter().position(|b| *b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &b""[..]),
            };
            query.accept(&decode(name), value);
        }
        query
    }

    /// Adds the parameters of `other` that this query does not have yet (query beats body).
    pub fn merge_missing(&mut self, other: CallbackQuery) {
        fn keep(a: &mut Option<String>, b: Option<String>) {
            if a.is_none() {
                *a = b;
            }
        }
        keep(&mut self.error, other.error);
        keep(&mut self.error_description, other.error_description);
        keep(&mut self.error_uri, other.error_uri);
        keep(&mut self.connection_name, other.connection_name);
        keep(&mut self.return_to, other.return_to);
        keep(&mut self.error_subtype, other.error_subtype);
        keep(&mut self.error_subcode, other.error_subcode);
        keep(&mut self.error_reason, other.error_reason);
        keep(&mut self.error_code, other.error_code);
        keep(&mut self.ui_locales, other.ui_locales);
        keep(&mut self.lang, other.lang);
        keep(&mut self.opener_nonce, other.opener_nonce);
        self.has_state |= other.has_state;
        self.denied |= other.denied;
        for secret in other.secrets_dropped {
            if !self.secrets_dropped.contains(&secret) {
                self.secrets_dropped.push(secret);
            }
        }
    }

    /// Side parameters in the order they are trusted to name the real cause.
    pub fn side_codes(&self) -> impl Iterator<Item = &str> {
        [
            &self.error_subtype,
            &self.error_subcode,
            &self.error_reason,
            &self.error_code,
        ]
        .into_iter()
        .filter_map(|v| v.as_deref())
    }

    fn accept(&mut self, name: &str, raw_value: &[u8]) {
        if let Some(secret) = SECRET_PARAMS.iter().find(|s| **s == name) {
            if !self.secrets_dropped.contains(secret) {
                self.secrets_dropped.push(secret);
            }
            return;
        }
        let (slot, limit) = match name {
            "error" => (&mut self.error, MAX_ERROR_CHARS),
            "error_description" => (&mut self.error_description, MAX_DESCRIPTION_CHARS),
            "error_uri" => (&mut self.error_uri, MAX_OTHER_CHARS),
            "connection_name" => (&mut self.connection_name, MAX_OTHER_CHARS),
            "return_to" => (&mut self.return_to, MAX_OTHER_CHARS),
            "error_subtype" => (&mut self.error_subtype, MAX_ERROR_CHARS),
            "error_subcode" => (&mut self.error_subcode, MAX_ERROR_CHARS),
            "error_reason" => (&mut self.error_reason, MAX_ERROR_CHARS),
            "error_code" => (&mut self.error_code, MAX_ERROR_CHARS),
            "ui_locales" => (&mut self.ui_locales, MAX_ERROR_CHARS),
            "lang" => (&mut self.lang, MAX_ERROR_CHARS),
            "opener_nonce" => (&mut self.opener_nonce, MAX_ERROR_CHARS),
            "state" => {
                self.has_state = true;
                return;
            }
            "denied" => {
                self.denied = true;
                return;
            }
            _ => return,
        };
        if slot.is_none() {
            let cleaned = clean_text(&decode(raw_value), limit);
            // Parsed once here, so everything downstream may use these as they are.
            let valid = match name {
                "connection_name" => is_valid_connection_name(&cleaned),
                "opener_nonce" => is_valid_opener_nonce(&cleaned),
                _ => true,
            };
            if !cleaned.is_empty() && valid {
                *slot = Some(cleaned);
            }
        }
    }
}

/// `opener_nonce` must match `[A-Za-z0-9_-]{8,128}` before it is echoed to the opener.
pub fn is_valid_opener_nonce(nonce: &str) -> bool {
    (8..=128).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}

/// `connection_name` must match `[A-Za-z0-9_.-]{1,64}` before it is used anywhere.
pub fn is_valid_connection_name(name: &str) -> bool {
    // `.` and `..` would be path segments in a restart template, not names.
    (1..=64).contains(&name.len())
        && !name.bytes().all(|b| b == b'.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_occurrence_of_a_repeated_parameter_wins() {
        let q = CallbackQuery::parse(b"error=first&error=second");
        assert_eq!(q.error.as_deref(), Some("first"));
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

    #[test]
    fn empty_values_count_as_absent() {
        let q = CallbackQuery::parse(b"error=&error=real&&=x&error_description");
        assert_eq!(q.error.as_deref(), Some("real"));
        assert_eq!(q.error_description, None);
    }
}
