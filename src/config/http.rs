//! `[http]`: where under the host the page's routes live.

use serde::Deserialize;

use super::ConfigError;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHttp {
    #[serde(default)]
    pub base_path: String,
}

/// `""` or `/a/b`: a leading `/`, no trailing one, and only characters that need no
/// escaping in a URL path or an HTML attribute, so it can be joined into links as is.
pub(crate) fn base_path(value: &str) -> Result<String, ConfigError> {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-._~/".contains(c);
    let problem = if value.is_empty() {
        return Ok(String::new());
    } else if !value.starts_with('/') {
        "does not start with `/`"
    } else if value.ends_with('/') {
        "ends with `/`"
    } else if value.contains("//") || value.split('/').any(|s| s == "." || s == "..") {
        "has an empty, `.` or `..` segment"
    } else if !value.chars().all(safe) {
        "has a character other than letters, digits, `-`, `.`, `_`, `~` and `/`"
    } else {
        return Ok(value.to_owned());
    };
    Err(ConfigError::new(
        "http.base_path",
        format!("`{value}` {problem}"),
        "use a path such as /connect or /auth/errors, or leave it empty to serve at the root",
    ))
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn a_base_path_must_be_a_plain_absolute_path() {
        assert_eq!(base_path("").unwrap(), "");
        assert_eq!(base_path("/connect").unwrap(), "/connect");
        assert_eq!(base_path("/auth/errors").unwrap(), "/auth/errors");
        for bad in [
            "connect",
            "/connect/",
            "/",
            "//evil.example",
            "/a/../b",
            "/a b",
            "/a\"b",
            "/a?b",
        ] {
            let err = base_path(bad).unwrap_err();
            assert_eq!(err.key, "http.base_path", "{bad}");
            assert!(err.to_string().contains("/connect"), "{err}");
        }
    }
}
