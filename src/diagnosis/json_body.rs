//! Error bodies printed as JSON, or as something close to it (a JavaScript object, a Ruby
//! hash, a Python dict), with the code in whichever field the sender uses.

use serde_json::Value;

use super::scan::word_starts_at;

/// Fields that carry the code, most telling first. `error` may also hold an object.
const CODE_FIELDS: &[&str] = &[
    "error",
    "errorCode",
    "error_code",
    "errcode",
    "code",
    "status",
    "type",
    "error_type",
    "errorType",
    "sub_code",
    "name",
    "id",
    "errno",
];

/// Fields that carry the text.
const TEXT_FIELDS: &[&str] = &[
    "error_description",
    "errorDescription",
    "error_message",
    "errorMessage",
    "errmsg",
    "message",
    "msg",
    "detail",
    "reason",
    "sub_msg",
    "errorDesc",
];

/// The code and text of the first object-shaped body in `text`.
pub fn code_and_text(text: &str) -> Option<(String, String)> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    if end <= start {
        return None;
    }
    let body = &text[start..=end];
    let value: Value = serde_json::from_str(body)
        .ok()
        .or_else(|| serde_json::from_str(&relaxed(body)).ok())?;
    code_in(&value, 0)
}

fn code_in(value: &Value, depth: usize) -> Option<(String, String)> {
    if depth > 3 {
        return None;
    }
    let object = value.as_object()?;
    let text = TEXT_FIELDS
        .iter()
        .find_map(|f| object.get(*f).and_then(Value::as_str))
        .unwrap_or_default()
        .to_owned();
    // A named code beats a number (`"code": 400, "error_type": "OAuthException"`).
    for field in CODE_FIELDS {
        match object.get(*field) {
            Some(Value::String(s)) if is_code_value(s) => return Some((s.clone(), text)),
            Some(inner @ Value::Object(_)) => {
                if let Some(found) = code_in(inner, depth + 1) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    if let Some(n) = CODE_FIELDS
        .iter()
        .find_map(|f| object.get(*f).and_then(Value::as_number))
    {
        return Some((n.to_string(), text));
    }
    // `{"errors": [{"field": "redirect_uri", "code": "invalid"}]}` (Strava, Fitbit).
    if let Some(first) = object
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        let (code, inner_text) = code_in(first, depth + 1)?;
        let field = first
            .get("field")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let text = [text.as_str(), field, code.as_str(), inner_text.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        return Some((code, text));
    }
    // A single wrapping object: `{"error_response": {...}}`.
    match object.values().collect::<Vec<_>>().as_slice() {
        [inner @ Value::Object(_)] => code_in(inner, depth + 1),
        _ => None,
    }
}

/// `status: "error"` says nothing, and `"status": "Internal Server Error"` is a message.
fn is_code_value(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty()
        && v.split_whitespace().count() <= 2
        && !matches!(
            v.to_ascii_lowercase().as_str(),
            "error" | "fail" | "failed" | "failure"
        )
}

/// Turns a JavaScript object, Ruby hash or Python dict into JSON, as far as it simply can.
fn relaxed(body: &str) -> String {
    let mut s = body.replace("=>", ":");
    if !s.contains('"') {
        s = without_python_prefixes(&s).replace('\'', "\"");
    }
    let s = quote_bare_keys(&s);
    s.replace(": None", ": null")
        .replace(": True", ": true")
        .replace(": False", ": false")
}

/// `{u'error': u'x'}` as `{'error': 'x'}`: a `u` that starts a word before a quote goes.
fn without_python_prefixes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, _) in text.match_indices("u'") {
        if word_starts_at(text, at) {
            out.push_str(&text[copied..at]);
            copied = at + 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// `{ message: 'x', code: 0 }` as `{ "message": 'x', "code": 0 }`: a name of ASCII
/// letters, digits and `_` (not starting with a digit) after `{` or `,` and before `:`.
fn quote_bare_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find(['{', ',']) {
        let key_at = text.len() - text[from + found + 1..].trim_start().len();
        let key_len = text[key_at..]
            .bytes()
            .enumerate()
            .take_while(|&(n, b)| {
                b == b'_' || b.is_ascii_alphabetic() || (n > 0 && b.is_ascii_digit())
            })
            .count();
        let after_key = text[key_at + key_len..].trim_start();
        if key_len > 0 && after_key.starts_with(':') {
            let colon = text.len() - after_key.len();
            out.push_str(&text[copied..key_at]);
            out.push('"');
            out.push_str(&text[key_at..key_at + key_len]);
            out.push_str("\":");
            copied = colon + 1;
            from = copied;
        } else {
            from += found + 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<String> {
        code_and_text(text).map(|(c, _)| c)
    }

    #[test]
    fn the_code_is_read_from_the_field_each_sender_uses() {
        for (body, want) in [
            (
                r#"{"status":"BAD_CLIENT_ID","message":"The client id is invalid"}"#,
                "BAD_CLIENT_ID",
            ),
            (
                r#"{"status":false,"errorCode":4700,"errorMessage":"Invalid redirect url"}"#,
                "4700",
            ),
            (r#"{"errcode":40029,"errmsg":"invalid code"}"#, "40029"),
            (
                r#"{"error":{"message":"Invalid redirect_uri","type":"OAuthException","code":191}}"#,
                "OAuthException",
            ),
            (
                r#"{"message":"Bad Request","errors":[{"resource":"Application","field":"redirect_uri","code":"invalid"}]}"#,
                "invalid",
            ),
            (
                r#"{"error_response":{"code":"40002","msg":"Invalid Arguments"}}"#,
                "40002",
            ),
        ] {
            assert_eq!(code(body).as_deref(), Some(want), "{body}");
        }
    }

    #[test]
    fn javascript_ruby_and_python_printouts_are_read_too() {
        assert_eq!(
            code("{ message: '401: Unauthorized', code: 0 }").as_deref(),
            Some("0")
        );
        assert_eq!(
            code(r#"{"error"=>"invalid_client"}"#).as_deref(),
            Some("invalid_client")
        );
        assert_eq!(
            code("{u'error_description': u'Bad Request', u'error': u'invalid_grant'}").as_deref(),
            Some("invalid_grant")
        );
    }

    #[test]
    fn bare_keys_are_quoted_where_the_regex_quoted_them() {
        assert_eq!(
            quote_bare_keys("{ message : 'x',code: 0, 9lives: 1, a_1:2, {b}:3 }"),
            r#"{ "message": 'x',"code": 0, 9lives: 1, "a_1":2, {b}:3 }"#
        );
        assert_eq!(
            quote_bare_keys("{\n\u{3000}key\t: 1}"),
            "{\n\u{3000}\"key\": 1}"
        );
        assert_eq!(quote_bare_keys("{\"a\": 1}"), "{\"a\": 1}");
    }

    #[test]
    fn only_a_python_u_prefix_is_dropped() {
        assert_eq!(
            without_python_prefixes("{u'a': u'b', 'menu': 'you', xu'c'}"),
            "{'a': 'b', 'menu': 'you', xu'c'}"
        );
        assert_eq!(without_python_prefixes("éu'a' (u'b')"), "éu'a' ('b')");
        assert_eq!(without_python_prefixes("u'u'"), "''");
    }

    #[test]
    fn a_status_that_only_says_error_is_no_code() {
        assert_eq!(
            code(r#"{"status":"error", "message": "Unauthorized"}"#),
            None
        );
    }
}
