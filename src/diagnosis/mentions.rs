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

/// Numbers a text labels as a code: `statusCode: 503`, `Error Code 40801`, `errcode=40029`.
/// A bare `HTTP 400` is not labelled, so it is not taken for the provider's code.
pub fn numbered_codes(text: &str) -> Vec<String> {
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"(?i)(?:\b(http[ _]?)?(?:status[ _]?code|error[ _]?code|errcode|code)\W{0,3}|错误码\W{0,3}",
            r"|错误代码\W{0,3}|errdomain error )(\d{1,6})\b",
            // NSError: `(com.facebook.sdk error 2.)`.
            r"|\berror (\d{1,6})\.\)",
        ))
        .expect("valid regex")
    });
    // An error code says more than an HTTP status beside it.
    let mut labelled: Vec<(bool, String)> = LABELLED
        .captures_iter(text)
        .take(MAX_MENTIONS)
        .filter_map(|c| {
            // `http code: 400` is the transport's status, not the provider's code.
            if c.get(1).is_some() {
                return None;
            }
            let number = c.get(2).or_else(|| c.get(3))?.as_str().to_owned();
            Some((c[0].to_ascii_lowercase().starts_with("status"), number))
        })
        .collect();
    labelled.sort_by_key(|(is_status, _)| *is_status);
    let mut found: Vec<String> = Vec::new();
    for (_, number) in labelled {
        if !found.contains(&number) {
            found.push(number);
        }
    }
    found
}

/// A word that reads like an error code on its own (`invalid_credentials`), not a field
/// name (`redirect_uri`, `error_response`) or an identifier someone logged.
pub fn reads_like_a_code(word: &str) -> bool {
    const FAILURE_WORDS: &[&str] = &[
        "invalid",
        "denied",
        "fail",
        "expired",
        "missing",
        "unauthorized",
        "forbidden",
        "cancel",
        "refused",
        "rejected",
        "mismatch",
        "unsupported",
        "disabled",
        "locked",
        "blocked",
        "revoked",
        "not_found",
        "bad_",
    ];
    word.contains('_')
        && !word.starts_with("error_")
        && word.len() <= 40
        && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        && FAILURE_WORDS.iter().any(|w| word.contains(w))
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
    fn only_numbers_labelled_as_codes_are_codes() {
        assert_eq!(
            numbered_codes("statusCode 403, Error Code 40801 error Message"),
            ["40801", "403"]
        );
        assert_eq!(
            numbered_codes("errcode=40029, errmsg=invalid code"),
            ["40029"]
        );
        assert_eq!(
            numbered_codes("错误码：20029 redirect_uri 请求不合法"),
            ["20029"]
        );
        assert_eq!(
            numbered_codes("The operation couldn’t be completed. (com.facebook.sdk error 2.)"),
            ["2"]
        );
        assert!(
            numbered_codes("Bad Request (HTTP 400). Failed to get an access token.").is_empty()
        );
        assert!(numbered_codes("Invalid response http code: 400.").is_empty());
    }

    #[test]
    fn plain_sentences_mention_no_code() {
        assert!(code_mentions("The user has denied your application access.").is_empty());
    }
}
