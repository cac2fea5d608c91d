//! TOML text: layers that override key by key, and syntax errors a person can find.

use toml::{Table, Value};

/// Deep-merges `overlay` into `base`: tables merge key by key, anything else replaces.
pub fn merge_tables(base: &mut Table, overlay: Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(base_table)), Value::Table(overlay_table)) => {
                merge_tables(base_table, overlay_table)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// `line L, column C: message`, naming the key of a duplicate key, for a TOML parse error of `text`.
pub fn syntax_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end();
    let Some(span) = error.span() else {
        return message.to_owned();
    };
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let found = text.get(span.clone()).unwrap_or_default().trim();
    if message == "duplicate key" && !found.is_empty() {
        format!("line {line}, column {column}: duplicate key `{found}`")
    } else {
        format!("line {line}, column {column}: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        syntax_error(text, &text.parse::<Table>().unwrap_err())
    }

    #[test]
    fn syntax_errors_point_at_the_line_and_column() {
        let text = "listen = \"127.0.0.1:8080\"\n[support]\nemail = support@example.com\n";
        assert!(
            error_of(text).starts_with("line 3, column 9:"),
            "{}",
            error_of(text)
        );
    }

    #[test]
    fn a_duplicate_key_is_named() {
        let text = "[support]\nemail = \"a@example.com\"\nemail = \"b@example.com\"\n";
        let message = error_of(text);
        assert!(message.contains("duplicate key `email`"), "{message}");
        assert!(message.starts_with("line 3,"), "{message}");
    }
}
