//! Microsoft's shapes: `AADSTS…` codes anywhere in a description, MSAL's numeric form, and
//! the trace identifiers support needs.

use super::super::scan::{digits_len, skip_punctuation, strip_word};
use super::super::scan::{is_word_char, word_ends_at};
use super::ProviderTrace;

/// `AADSTS50011` anywhere, and MSAL's `temporarily_unavailable: 50033 - [2021-…]` form.
pub(super) fn embedded_codes(text: &str) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    // Both forms start a word, so one walk over word starts finds them in order.
    for at in word_starts(text) {
        // Most words start with neither form; their first letter rules them out cheaply.
        let number = match text.as_bytes()[at] {
            b'a' | b'A' => aadsts_at(text, at).or_else(|| msal_at(&text[at..])),
            b'b'..=b'z' | b'_' => msal_at(&text[at..]),
            _ => None,
        };
        let Some(number) = number else {
            continue;
        };
        if !codes
            .iter()
            .any(|c| c.strip_prefix("AADSTS") == Some(number))
        {
            codes.push(format!("AADSTS{number}"));
        }
    }
    codes
}

/// Where words start (`\b` before a word character), in order.
fn word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut after_word = false;
    text.char_indices().filter_map(move |(at, c)| {
        let is_word = is_word_char(c);
        let starts = is_word && !after_word;
        after_word = is_word;
        starts.then_some(at)
    })
}

/// `AADSTS` (case ignored) and 5 to 8 digits, a whole word: the digits.
fn aadsts_at(text: &str, at: usize) -> Option<&str> {
    let digits = strip_word(&text[at..], "aadsts")?;
    let len = digits_len(digits);
    let end = text.len() - digits.len() + len;
    ((5..=8).contains(&len) && word_ends_at(text, end)).then(|| &digits[..len])
}

/// `name_in_lower_case: 50033 - [`: the digits.
fn msal_at(text: &str) -> Option<&str> {
    let name_len = text
        .bytes()
        .take_while(|b| b.is_ascii_lowercase() || *b == b'_')
        .count();
    let rest = text[name_len..].strip_prefix(':')?.trim_start();
    let len = digits_len(rest);
    let after = rest[len..].trim_start().strip_prefix('-')?.trim_start();
    (name_len > 0 && (5..=8).contains(&len) && after.starts_with('[')).then(|| &rest[..len])
}

pub(super) fn trace_ids(text: &str) -> ProviderTrace {
    let mut trace = ProviderTrace::default();
    // One walk; each label is compared only where its first two letters stand (neither
    // is `s` or `k`, whose case folds are not ASCII), and the first that reads wins.
    let bytes = text.as_bytes();
    for at in 0..bytes.len().saturating_sub(1) {
        let pair = [bytes[at], bytes[at + 1]].map(|b| b.to_ascii_lowercase());
        let (slot, label, value): (_, _, fn(&str) -> Option<&str>) = match &pair {
            b"tr" => (&mut trace.trace_id, "trace", id_guid),
            b"co" => (&mut trace.correlation_id, "correlation", id_guid),
            b"ti" => (&mut trace.timestamp, "timestamp", |rest| {
                timestamp(skip_punctuation(rest, 3))
            }),
            _ => continue,
        };
        if slot.is_none() {
            *slot = strip_word(&text[at..], label)
                .and_then(value)
                .map(str::to_owned);
        }
    }
    trace
}

/// The GUID after a label: `Trace ID: 0a1b…`, `trace_id=0a1b…`, `traceid 0a1b…`: `id`
/// after an optional space or `_`, then up to three punctuation characters and spaces.
fn id_guid(after_label: &str) -> Option<&str> {
    let rest = after_label.strip_prefix([' ', '_']).unwrap_or(after_label);
    guid(skip_punctuation(strip_word(rest, "id")?, 3))
}

/// The GUID `text` starts with: 8-4-4-4-12 hexadecimal digits, either case.
fn guid(text: &str) -> Option<&str> {
    let bytes = text.as_bytes().get(..36)?;
    let fits = bytes.iter().enumerate().all(|(at, b)| match at {
        8 | 13 | 18 | 23 => *b == b'-',
        _ => b.is_ascii_hexdigit(),
    });
    fits.then(|| &text[..36])
}

/// The timestamp `text` starts with: `2019-01-10 00:34:34Z`, `2019-01-10T00:34:34.123`.
fn timestamp(text: &str) -> Option<&str> {
    let shape = b"dddd-dd-dd?dd:dd:dd";
    let bytes = text.as_bytes();
    let fits = bytes.len() >= shape.len()
        && shape.iter().zip(bytes).all(|(want, b)| match want {
            b'd' => b.is_ascii_digit(),
            b'?' => matches!(b, b' ' | b'T' | b't'),
            _ => want == b,
        });
    if !fits {
        return None;
    }
    let mut end = shape.len();
    if bytes.get(end) == Some(&b'.') && digits_len(&text[end + 1..]) > 0 {
        end += 1 + digits_len(&text[end + 1..]);
    }
    if matches!(bytes.get(end), Some(b'Z' | b'z')) {
        end += 1;
    }
    Some(&text[..end])
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

    fn trace(text: &str) -> super::ProviderTrace {
        super::trace_ids(text)
    }

    #[test]
    fn trace_labels_are_read_in_every_spelling_the_pattern_took() {
        let guid = "0A1B2C3D-0000-4000-8000-00000000000f";
        for label in [
            "Trace ID",
            "trace_id",
            "TRACEID",
            "Trace ID:",
            "trace id ->",
            "TraceId\u{3000}:\t",
        ] {
            let t = trace(&format!("x {label} {guid} y"));
            assert_eq!(t.trace_id.as_deref(), Some(guid), "{label:?}");
        }
        for label in ["Trace  ID", "Trace-ID", "Trace ID::::", "Trace ID:x"] {
            assert_eq!(
                trace(&format!("{label} {guid}")).trace_id,
                None,
                "{label:?}"
            );
        }
        assert_eq!(
            trace(&format!("Correlation ID: {guid}"))
                .correlation_id
                .as_deref(),
            Some(guid)
        );
        // The first label followed by an id wins, not the first label.
        let t = trace(&format!("trace id: none, Trace ID: {guid}"));
        assert_eq!(t.trace_id.as_deref(), Some(guid));
        assert_eq!(
            trace("Trace ID: 0a1b2c3d-0000-4000-8000-00000000000").trace_id,
            None
        );
    }

    #[test]
    fn timestamps_are_read_with_fractions_zones_and_folded_letters() {
        for (text, want) in [
            (
                "Timestamp: 2019-01-10 00:34:34Z",
                Some("2019-01-10 00:34:34Z"),
            ),
            (
                "TIMESTAMP 2019-01-10T00:34:34.1234z x",
                Some("2019-01-10T00:34:34.1234z"),
            ),
            (
                "timestamp=2019-01-10t00:34:34.",
                Some("2019-01-10t00:34:34"),
            ),
            (
                "time\u{17F}tamp: 2019-01-10 00:34:34",
                Some("2019-01-10 00:34:34"),
            ),
            ("Timestamp: 2019-1-10 00:34:34Z", None),
            ("Timestamp: 2019-01-10_00:34:34Z", None),
        ] {
            assert_eq!(trace(text).timestamp.as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn aadsts_codes_are_whole_words_of_five_to_eight_digits() {
        for (text, want) in [
            ("aadsts50011: x", vec!["AADSTS50011"]),
            ("AAD\u{17F}TS50011", vec!["AADSTS50011"]),
            ("(AADSTS12345678)", vec!["AADSTS12345678"]),
            (
                "AADSTS1234 AADSTS123456789 xAADSTS50011 AADSTS50011x",
                vec![],
            ),
            ("éAADSTS50011 AADSTS50011é AADSTS50011_", vec![]),
            ("AADSTS50011 and again AADSTS50011", vec!["AADSTS50011"]),
            (
                "invalid_grant: 50033 - [x] then AADSTS70002",
                vec!["AADSTS50033", "AADSTS70002"],
            ),
            (
                "Invalid: 50033 - [x] x_y:  123456  -  [",
                vec!["AADSTS123456"],
            ),
        ] {
            assert_eq!(super::embedded_codes(text), want, "{text:?}");
        }
    }
}
