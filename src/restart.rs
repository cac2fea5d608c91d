//! The restart link: a configured template filled only with validated,
//! percent-encoded values. Input never chooses where the link points.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use url::Url;

pub use crate::diagnosis::query::is_valid_connection_name;

const CONNECTION_NAME: &str = "{connection_name}";
const RETURN_TO: &str = "{return_to}";
/// Everything but RFC 3986 unreserved characters is encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `[restart] url`, checked at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestartTemplate {
    template: String,
}

impl RestartTemplate {
    pub fn parse(template: &str) -> Result<Self, String> {
        let probe = template
            .replace(CONNECTION_NAME, "x")
            .replace(RETURN_TO, "x");
        if probe.contains(['{', '}']) {
            return Err(format!(
                "`{template}` has a placeholder other than {CONNECTION_NAME} and {RETURN_TO}"
            ));
        }
        match Url::parse(&probe) {
            Ok(url) if matches!(url.scheme(), "https" | "http") && url.host().is_some() => {
                Ok(Self {
                    template: template.to_owned(),
                })
            }
            _ => Err(format!("`{template}` is not an absolute http(s) URL")),
        }
    }

    /// The link for this request, or `None` when a placeholder has no safe value.
    pub fn link(
        &self,
        connection_name: Option<&str>,
        return_to: Option<&ReturnTo>,
    ) -> Option<String> {
        let mut link = self.template.clone();
        if link.contains(CONNECTION_NAME) {
            let name = connection_name.filter(|n| is_valid_connection_name(n))?;
            link = link.replace(CONNECTION_NAME, &encode(name));
        }
        match return_to {
            Some(target) if link.contains(RETURN_TO) => {
                link = link.replace(RETURN_TO, &encode(target.as_str()));
            }
            None if link.contains(RETURN_TO) => return None,
            Some(target) => {
                let separator = if link.contains('?') { '&' } else { '?' };
                link = format!("{link}{separator}return_to={}", encode(target.as_str()));
            }
            None => {}
        }
        Some(link)
    }
}

fn encode(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// `[restart]` validated: the template, if any, and where `return_to` may point.
#[derive(Debug, Clone)]
pub struct RestartSettings {
    pub template: Option<RestartTemplate>,
    pub allowed_return_origins: Vec<Origin>,
}

impl RestartSettings {
    /// The restart link for a request: the template filled with validated values, or
    /// with no template an allowed `return_to` itself. `None` when nothing is safe.
    pub fn link_for(
        &self,
        connection_name: Option<&str>,
        return_to: Option<&str>,
    ) -> Option<String> {
        let return_to = return_to.and_then(|r| safe_return_to(r, &self.allowed_return_origins));
        match &self.template {
            Some(template) => template.link(connection_name, return_to.as_ref()),
            None => return_to.map(|r| r.as_str().to_owned()),
        }
    }
}

/// A web origin: scheme, host and port, compared exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    /// An entry of `allowed_return_origins`: an origin and nothing more.
    pub fn parse_config(value: &str) -> Result<Self, String> {
        let url = Url::parse(value).map_err(|_| format!("`{value}` is not an origin"))?;
        let has_only_origin =
            url.path() == "/" && url.query().is_none() && url.fragment().is_none();
        if !has_only_origin || !url.username().is_empty() || url.password().is_some() {
            return Err(format!("`{value}` has more than scheme, host and port"));
        }
        Self::of(&url).ok_or_else(|| format!("`{value}` is not an http(s) origin"))
    }

    fn of(url: &Url) -> Option<Self> {
        if !matches!(url.scheme(), "https" | "http") {
            return None;
        }
        let host = url.host_str()?;
        let port = url.port_or_known_default()?;
        Some(Self(format!("{}://{host}:{port}", url.scheme())))
    }
}

/// A `return_to` that passed the allowlist, in its normalised form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnTo(String);

impl ReturnTo {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Accepts `return_to` only if it is an absolute http(s) URL, without credentials
/// or backslashes, whose origin is exactly one of `allowed`. A same-origin path
/// (`/settings`) is resolved against the allowed origin when exactly one is configured.
pub fn safe_return_to(candidate: &str, allowed: &[Origin]) -> Option<ReturnTo> {
    let plain = !candidate.contains(['\\', ' ']) && !candidate.chars().any(char::is_control);
    if !plain {
        return None;
    }
    let is_path = candidate.starts_with('/') && !candidate.starts_with("//");
    if let ([only], true) = (allowed, is_path) {
        let absolute = format!("{}{candidate}", only.0);
        return safe_return_to(&absolute, allowed);
    }
    let lower = candidate.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let url = Url::parse(candidate).ok()?;
    if !url.username().is_empty() || url.password().is_some() {
        return None;
    }
    let origin = Origin::of(&url)?;
    allowed.contains(&origin).then(|| ReturnTo(url.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Vec<Origin> {
        vec![Origin::parse_config("https://allowed.example.com").unwrap()]
    }

    #[test]
    fn connection_name_is_validated_and_encoded() {
        let t = RestartTemplate::parse("https://app.example.com/connect/{connection_name}/start")
            .unwrap();
        assert_eq!(
            t.link(Some("jira.cloud-1"), None).as_deref(),
            Some("https://app.example.com/connect/jira.cloud-1/start")
        );
        for bad in [
            "",
            ".",
            "..",
            "...",
            "a/b",
            "../x",
            "a b",
            "<x>",
            &"x".repeat(65),
        ] {
            assert_eq!(t.link(Some(bad), None), None, "{bad:?}");
        }
        assert_eq!(t.link(None, None), None);
    }

    #[test]
    fn allowed_return_to_is_appended_encoded() {
        let t = RestartTemplate::parse("https://app.example.com/start?x=1").unwrap();
        let target = safe_return_to("https://allowed.example.com/done?a=b", &allowed()).unwrap();
        assert_eq!(
            t.link(None, Some(&target)).as_deref(),
            Some(
                "https://app.example.com/start?x=1&return_to=https%3A%2F%2Fallowed.example.com%2Fdone%3Fa%3Db"
            )
        );
    }

    #[test]
    fn hostile_return_targets_are_dropped() {
        for hostile in [
            "javascript:alert(1)",
            "//allowed.example.com/x",
            "https://allowed.example.com.evil.example/",
            "https://allowed.example.com@evil.example/",
            "https://user:pw@allowed.example.com/",
            "https:\\\\allowed.example.com\\x",
            "https://allowed.example.com\\@evil.example",
            "http://allowed.example.com/",
            "https://allowed.example.com:8443/",
            "https://xn--allwed-9ya.example.com/",
            "https://allöwed.example.com/",
            " https://allowed.example.com/",
            "data:text/html,hi",
        ] {
            assert_eq!(safe_return_to(hostile, &allowed()), None, "{hostile}");
        }
        assert!(safe_return_to("HTTPS://Allowed.Example.com:443/ok", &allowed()).is_some());
    }

    #[test]
    fn a_same_origin_path_resolves_against_the_only_allowed_origin() {
        assert_eq!(
            safe_return_to("/settings?tab=apps", &allowed())
                .unwrap()
                .as_str(),
            "https://allowed.example.com/settings?tab=apps"
        );
        for hostile in ["//evil.example/x", "/\\evil.example", "/x y", "settings"] {
            assert_eq!(safe_return_to(hostile, &allowed()), None, "{hostile}");
        }
        let two = vec![
            Origin::parse_config("https://a.example.com").unwrap(),
            Origin::parse_config("https://b.example.com").unwrap(),
        ];
        assert_eq!(
            safe_return_to("/settings", &two),
            None,
            "which origin is ambiguous"
        );
    }

    #[test]
    fn templates_must_be_absolute_http_urls_with_known_placeholders() {
        assert!(RestartTemplate::parse("/relative").is_err());
        assert!(RestartTemplate::parse("javascript:alert(1)").is_err());
        assert!(RestartTemplate::parse("https://x.example/{user}").is_err());
        assert!(Origin::parse_config("https://x.example/path").is_err());
    }
}
