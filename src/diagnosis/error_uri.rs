//! `error_uri` is linked only when it points at a known provider documentation host.

use url::Url;

/// Documentation hosts of the providers and standards bodies the catalog covers.
const DOCUMENTATION_HOSTS: &[&str] = &[
    "docs.github.com",
    "developer.github.com",
    "learn.microsoft.com",
    "docs.microsoft.com",
    "login.microsoftonline.com",
    "developers.google.com",
    "support.google.com",
    "developer.atlassian.com",
    "api.slack.com",
    "docs.slack.dev",
    "help.salesforce.com",
    "developer.salesforce.com",
    "developers.hubspot.com",
    "developers.notion.com",
    "developers.zoom.us",
    "shopify.dev",
    "developers.dropbox.com",
    "www.dropbox.com",
    "developer.okta.com",
    "auth0.com",
    "supabase.com",
    "datatracker.ietf.org",
    "www.rfc-editor.org",
    "openid.net",
];

/// The normalised `error_uri` when it is an https URL on a known documentation host.
pub fn documentation_link(error_uri: &str) -> Option<String> {
    if error_uri.contains(['\\', ' ']) || !error_uri.to_ascii_lowercase().starts_with("https://") {
        return None;
    }
    let url = Url::parse(error_uri).ok()?;
    let trusted = url.username().is_empty()
        && url.password().is_none()
        && url.port().is_none()
        && url
            .host_str()
            .is_some_and(|h| DOCUMENTATION_HOSTS.contains(&h));
    trusted.then(|| url.to_string())
}

/// Microsoft's error pages carry the AADSTS number as `?code=50011`.
pub fn embedded_code(error_uri: &str) -> Option<String> {
    let url = Url::parse(error_uri).ok()?;
    if url.host_str() != Some("login.microsoftonline.com") {
        return None;
    }
    url.query_pairs()
        .find(|(k, v)| {
            k == "code" && (5..=8).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit())
        })
        .map(|(_, v)| format!("AADSTS{v}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_documentation_hosts_are_linked() {
        assert_eq!(
            documentation_link(
                "https://docs.github.com/apps/troubleshooting#redirect-uri-mismatch"
            )
            .as_deref(),
            Some("https://docs.github.com/apps/troubleshooting#redirect-uri-mismatch")
        );
    }

    #[test]
    fn anything_else_is_not_linked() {
        for uri in [
            "/apps/managing-oauth-apps/troubleshooting",
            "http://docs.github.com/x",
            "https://docs.github.com.evil.example/x",
            "https://docs.github.com@evil.example/x",
            "https://evil.example/?docs.github.com",
            "javascript:alert(1)",
            "https://docs.github.com:8443/x",
        ] {
            assert_eq!(documentation_link(uri), None, "{uri}");
        }
    }

    #[test]
    fn microsoft_error_pages_name_the_aadsts_code() {
        assert_eq!(
            embedded_code("https://login.microsoftonline.com/error?code=50011").as_deref(),
            Some("AADSTS50011")
        );
        assert_eq!(embedded_code("https://evil.example/error?code=50011"), None);
    }
}
