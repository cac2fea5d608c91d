//! Codes named anywhere in free text, as libraries print them: `OPError: invalid_grant
//! (Bad Request)`, `IdentityProviderException: invalid_client in …`, `[invalid_request]`,
//! `oauth2: "invalid_grant"`, `errorCode:user_cancel`. Only words that look like codes are
//! kept; the catalog decides which of them it knows.

use super::scan::{
    digits_len, is_word_char, skip_non_word, strip_word, word_ends_at, word_starts_at,
};

/// How many mentions are kept; a description names its code early.
const MAX_MENTIONS: usize = 16;

/// snake_case, SCREAMING_SNAKE and camelCase words, in the order they appear.
pub fn code_mentions(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for word in ascii_words(text).filter(|w| is_snake_case(w) || is_camel_case(w)) {
        if !found.iter().any(|f| f == word) {
            found.push(word.to_owned());
        }
        if found.len() == MAX_MENTIONS {
            break;
        }
    }
    found
}

/// Runs of ASCII letters, digits and `_` that are whole words: no other word character
/// (`é`, `٣`) touches them on either side.
fn ascii_words(text: &str) -> impl Iterator<Item = &str> {
    let is_ascii_word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            at += bytes[at..].iter().take_while(|b| !is_ascii_word(b)).count();
            if at == bytes.len() {
                return None;
            }
            let start = at;
            at += bytes[at..].iter().take_while(|b| is_ascii_word(b)).count();
            let before = text[..start].chars().next_back();
            if !before.is_some_and(is_word_char) && word_ends_at(text, at) {
                return Some(&text[start..at]);
            }
        }
    })
}

/// `[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)+`: a letter first, parts joined by single `_`.
fn is_snake_case(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word.contains('_')
        && word.split('_').all(|part| !part.is_empty())
}

/// `[a-z]+([A-Z][a-z]+)+`: letters only, lower case first, each capital followed by a
/// lower-case letter.
fn is_camel_case(word: &str) -> bool {
    let b = word.as_bytes();
    b.first().is_some_and(u8::is_ascii_lowercase)
        && b.iter().any(u8::is_ascii_uppercase)
        && b.iter().enumerate().all(|(at, c)| {
            c.is_ascii_lowercase()
                || (c.is_ascii_uppercase() && b.get(at + 1).is_some_and(u8::is_ascii_lowercase))
        })
}

/// Numbers a text labels as a code: `statusCode: 503`, `Error Code 40801`, `errcode=40029`.
/// A bare `HTTP 400` is not labelled, so it is not taken for the provider's code.
pub fn numbered_codes(text: &str) -> Vec<String> {
    let mut labelled: Vec<(bool, &str)> = Vec::new();
    let mut from = 0;
    let mut seen = 0;
    while seen < MAX_MENTIONS {
        let Some((at, found)) = (from..text.len())
            .filter(|&at| may_start_a_label(&text.as_bytes()[at..]))
            .find_map(|at| Some((at, labelled_number(text, at)?)))
        else {
            break;
        };
        seen += 1;
        // `http code: 400` is the transport's status, not the provider's code.
        if !found.after_http {
            let is_status = text.as_bytes()[at..]
                .get(..6)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"status"));
            labelled.push((is_status, found.number));
        }
        from = found.end;
    }
    // An error code says more than an HTTP status beside it.
    labelled.sort_by_key(|(is_status, _)| *is_status);
    let mut found: Vec<String> = Vec::new();
    for (_, number) in labelled {
        if !found.iter().any(|f| f == number) {
            found.push(number.to_owned());
        }
    }
    found
}

/// Whether a label can start `bytes`, by its first two: `ht`, `st`, `er`, `co` in either
/// case, or the first byte of `ſ` or `错`. Most places fail here, before any comparison.
fn may_start_a_label(bytes: &[u8]) -> bool {
    let second = |want: u8| bytes.get(1).is_some_and(|b| b.eq_ignore_ascii_case(&want));
    match bytes[0].to_ascii_lowercase() {
        b'h' | b's' => second(b't'),
        b'e' => second(b'r'),
        b'c' => second(b'o'),
        first => matches!(first, 0xC5 | 0xE9),
    }
}

/// A number labelled as a code, where the label and number end, and whether the label
/// named the HTTP status.
struct Labelled<'t> {
    number: &'t str,
    end: usize,
    after_http: bool,
}

/// The labelled number starting at `at`, if one does, trying the forms in this order:
/// a word `[http ]status code`, `[http ]error code`, `errcode` or `code` (case ignored,
/// `_` or a space inside), `错误码`, `错误代码`, `errdomain error `, each followed by up
/// to three punctuation characters and 1 to 6 digits that end a word; then NSError's
/// `error 2.)` (`(com.facebook.sdk error 2.)`). At most one of the labels fits a place.
fn labelled_number<'t>(text: &'t str, at: usize) -> Option<Labelled<'t>> {
    let here = &text[at..];
    let starts_word = word_starts_at(text, at);
    let http = || {
        let rest = strip_word(here, "http")?;
        code_label(rest.strip_prefix([' ', '_']).unwrap_or(rest))
    };
    let label = || {
        let word = |after_http| move |rest| (skip_non_word(rest, 3), after_http);
        let words = starts_word.then(|| {
            http()
                .map(word(true))
                .or_else(|| code_label(here).map(word(false)))
        });
        words
            .flatten()
            .or_else(|| here.strip_prefix("错误码").map(word(false)))
            .or_else(|| here.strip_prefix("错误代码").map(word(false)))
            .or_else(|| Some((strip_word(here, "errdomain error ")?, false)))
    };
    let number_ending_a_word = |(rest, after_http): (&'t str, bool)| {
        let len = digits_len(rest);
        let end = text.len() - rest.len() + len;
        ((1..=6).contains(&len) && word_ends_at(text, end)).then(|| Labelled {
            number: &rest[..len],
            end,
            after_http,
        })
    };
    let nserror = || {
        let rest = strip_word(here, "error ").filter(|_| starts_word)?;
        let len = digits_len(rest);
        let end = text.len() - rest[len..].strip_prefix(".)")?.len();
        (1..=6).contains(&len).then(|| Labelled {
            number: &rest[..len],
            end,
            after_http: false,
        })
    };
    label().and_then(number_ending_a_word).or_else(nserror)
}

/// The text after `status code`, `error code` (`_`, a space or nothing inside),
/// `errcode` or `code` at the start of `text`, case ignored.
fn code_label(text: &str) -> Option<&str> {
    let spaced = |first: &str| {
        let rest = strip_word(text, first)?;
        strip_word(rest.strip_prefix([' ', '_']).unwrap_or(rest), "code")
    };
    spaced("status")
        .or_else(|| spaced("error"))
        .or_else(|| strip_word(text, "errcode"))
        .or_else(|| strip_word(text, "code"))
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

    #[test]
    fn mentions_are_whole_ascii_words_in_the_patterns_shapes() {
        for (text, want) in [
            (
                "x_y é_z aé_b a_bé snake_case_ camel__case _lead",
                vec!["x_y"],
            ),
            (
                "userCancelled userCANcelled UserCancelled userCancelleD user1Cancelled",
                vec!["userCancelled"],
            ),
            (
                "[invalid_request]\u{663}a_b a_b\u{663} (a_b)",
                vec!["invalid_request", "a_b"],
            ),
        ] {
            assert_eq!(code_mentions(text), want, "{text:?}");
        }
    }

    #[test]
    fn labelled_numbers_follow_the_labels_and_limits_of_the_pattern() {
        for (text, want) in [
            ("HTTP status code: 400, error_code=50058", vec!["50058"]),
            ("http_code 400 code 12", vec!["12"]),
            ("Status_Code 503 then errcode:7", vec!["7", "503"]),
            ("错误代码：40029 错误码 1", vec!["40029", "1"]),
            ("errdomain error 12 xerror 3.) error 4.)", vec!["12", "4"]),
            ("code 1234567 code 12x code ::: 5 code :::: 6", vec![]),
            ("\u{17F}tatus code 9", vec!["9"]),
            ("statusCode=1 statusCode=1 errorCode=1", vec!["1"]),
        ] {
            assert_eq!(numbered_codes(text), want, "{text:?}");
        }
    }
}
