//! `CallbackQuery`: the untrusted callback parameters, parsed once at the edge.

mod text;

pub use text::{clean_text, decode, truncate_chars};

/// Longest `error` kept, in characters: some providers send a whole error page as `error`,
/// with the code near its end.
pub const MAX_ERROR_CHARS: usize = 512;
/// Longest side code kept (`error_code`, `error_subtype`, …), in characters.
pub const MAX_CODE_CHARS: usize = 128;
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
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
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
        // `error_description_authentication_expired` with no value: a `=` typed as `_`.
        if let Some(text) = name
            .strip_prefix("error_description_")
            .filter(|_| raw_value.is_empty())
        {
            return self.accept("error_description", text.as_bytes());
        }
        let (slot, limit) = match canonical_name(name) {
            "error" => (&mut self.error, MAX_ERROR_CHARS),
            "error_description" => (&mut self.error_description, MAX_DESCRIPTION_CHARS),
            "error_uri" => (&mut self.error_uri, MAX_OTHER_CHARS),
            "connection_name" => (&mut self.connection_name, MAX_OTHER_CHARS),
            "return_to" => (&mut self.return_to, MAX_OTHER_CHARS),
            "error_subtype" => (&mut self.error_subtype, MAX_CODE_CHARS),
            "error_subcode" => (&mut self.error_subcode, MAX_CODE_CHARS),
            "error_reason" => (&mut self.error_reason, MAX_CODE_CHARS),
            "error_code" => (&mut self.error_code, MAX_CODE_CHARS),
            "ui_locales" => (&mut self.ui_locales, MAX_CODE_CHARS),
            "lang" => (&mut self.lang, MAX_CODE_CHARS),
            "opener_nonce" => (&mut self.opener_nonce, MAX_CODE_CHARS),
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

/// The parameter a differently spelled name stands for: camelCase and prefixed names
/// libraries and providers use (`errorDescription`, `error_message`, `oauth_error`, OmniAuth's
/// `message`, OAuth 1.0a's `oauth_problem`, OpenID 2.0's `openid.mode`).
fn canonical_name(name: &str) -> &str {
    match name {
        "oauth_error" | "oauth_problem" | "errorType" | "error_type" | "message"
        | "openid.mode" => "error",
        "errorDescription" | "error_message" | "errorMessage" | "error_msg" | "errmsg"
        | "error_desc" | "errorDesc" => "error_description",
        "errorUri" => "error_uri",
        "errorCode" | "errcode" | "errorcode" => "error_code",
        "errorReason" => "error_reason",
        "errorSubcode" => "error_subcode",
        other => other,
    }
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
mod tests;
