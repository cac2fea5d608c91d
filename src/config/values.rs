//! Checks shared by several sections.

use super::ConfigError;

/// Empty or blank means "not set": optional links switch off this way.
pub(super) fn non_empty(value: String) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// An absolute http(s) URL, kept as written when valid. Placeholders such as
/// `{reference}` are allowed in the path and query.
pub(super) fn http_url(key: &str, value: &str) -> Result<String, ConfigError> {
    let probe = value.replace(['{', '}'], "");
    match url::Url::parse(&probe) {
        Ok(url) if matches!(url.scheme(), "https" | "http") && url.host().is_some() => {
            Ok(value.to_owned())
        }
        _ => Err(ConfigError::new(
            key,
            format!("`{value}` is not an absolute http(s) URL"),
            "use a full URL such as https://status.example.com, or leave the key empty",
        )),
    }
}
