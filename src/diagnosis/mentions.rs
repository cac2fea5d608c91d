//! Codes named anywhere in free text, as libraries print them: `OPError: invalid_grant
//! (Bad Request)`, `IdentityProviderException: invalid_client in …`, `[invalid_request]`,
//! `oauth2: "invalid_grant"`, `errorCode:user_cancel`. Only words that look like codes are
//! kept; the catalog decides which of them it knows.

use std::sync::LazyLock;

use regex::Regex;

/// How many mentions are kept; a description names its code early.
const MAX_MENTIONS: usize = 16;

/// snake_case, SCREAMING_SNAKE and camelCase words, in the order they appear.
pub fn code_mentions(text: &str) -> Vec<String> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|[a-z]+(?:[A-Z][a-z]+)+)\b")
            .expect("valid regex")
    });
    let mut found: Vec<String> = Vec::new();
    for m in WORD.find_iter(text) {
        let word = m.as_str();
        if !found.iter().any(|f| f == word) {
            found.push(word.to_owned());
        }
        if found.len() == MAX_MENTIONS {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_printed_by_http_libraries_are_found_in_order() {
        for (text, first) in [
            ("OPError: invalid_grant (Bad Request)", "invalid_grant"),
            (
                "League\\OAuth2\\Client\\Provider\\Exception\\IdentityProviderException: invalid_client in /x.php:222",
                "invalid_client",
            ),
            (
                "org.springframework…OAuth2AuthenticationException: [invalid_grant] 授权码无效或已过期",
                "invalid_grant",
            ),
            (
                "[auth.oauth.token.exchange] failed to exchange code to token: oauth2: \"invalid_grant\"",
                "invalid_grant",
            ),
            (
                "errorCode:user_cancel, errorDesc:user_cancel",
                "user_cancel",
            ),
            (
                "LineSDKError.authorizeFailed(reason: userCancelled)",
                "userCancelled",
            ),
        ] {
            assert!(code_mentions(text).iter().any(|m| m == first), "{text}");
        }
    }

    #[test]
    fn plain_sentences_mention_no_code() {
        assert!(code_mentions("The user has denied your application access.").is_empty());
    }
}
