//! `error_uri` is linked only when it points into a known provider's documentation:
//! the host and a documentation path on it, never the host as a whole (a share link,
//! an authorize URL or a `continue=` redirect live on the same hosts).

use url::Url;

/// Documentation hosts of the providers and standards bodies the catalog covers, each
/// with the path prefixes under which it serves documentation (`/` for a docs-only host).
const DOCUMENTATION: &[(&str, &[&str])] = &[
    ("docs.github.com", &["/"]),
    ("developer.github.com", &["/"]),
    ("learn.microsoft.com", &["/"]),
    ("docs.microsoft.com", &["/"]),
    ("login.microsoftonline.com", &["/error"]),
    ("developers.google.com", &["/identity/", "/workspace/", "/"]),
    (
        "support.google.com",
        &["/accounts/answer/", "/a/answer/", "/cloud/answer/"],
    ),
    (
        "developer.atlassian.com",
        &["/cloud/", "/server/", "/platform/"],
    ),
    (
        "api.slack.com",
        &[
            "/authentication/",
            "/docs/",
            "/methods/",
            "/reference/",
            "/legacy/",
        ],
    ),
    ("docs.slack.dev", &["/"]),
    ("help.salesforce.com", &["/s/articleView", "/s/article/"]),
    ("developer.salesforce.com", &["/docs/"]),
    ("developers.hubspot.com", &["/docs/"]),
    ("developers.notion.com", &["/docs/", "/reference/"]),
    ("developers.zoom.us", &["/docs/"]),
    ("shopify.dev", &["/docs/"]),
    (
        "developers.dropbox.com",
        &["/oauth-guide", "/error-handling-guide", "/documentation/"],
    ),
    (
        "www.dropbox.com",
        &["/developers/documentation/", "/developers/reference/"],
    ),
    ("developer.okta.com", &["/docs/"]),
    ("auth0.com", &["/docs/"]),
    ("supabase.com", &["/docs/"]),
    ("datatracker.ietf.org", &["/doc/"]),
    ("www.rfc-editor.org", &["/rfc/"]),
    ("openid.net", &["/specs/"]),
];

/// The `error_uri` as a link when it is an https URL under a documentation path of a
/// known host: normalised, its query dropped, a fragment kept only as a plain anchor.
pub fn documentation_link(error_uri: &str) -> Option<String> {
    if error_uri.contains(['\\', ' ']) || !error_uri.to_ascii_lowercase().starts_with("https://") {
        return None;
    }
    let mut url = Url::parse(error_uri).ok()?;
    let prefixes = DOCUMENTATION
        .iter()
        .find(|(host, _)| url.host_str() == Some(host))
        .map(|(_, prefixes)| *prefixes)?;
    let trusted = url.username().is_empty()
        && url.password().is_none()
        && url.port().is_none()
        && prefixes.iter().any(|p| under_prefix(url.path(), p));
    if !trusted {
        return None;
    }
    url.set_query(None);
    if !url.fragment().is_some_and(is_plain_anchor) {
        url.set_fragment(None);
    }
    Some(url.to_string())
}

/// `/docs/` admits `/docs/x`; `/error` admits `/error` and `/error/x`, not `/errors`.
fn under_prefix(path: &str, prefix: &str) -> bool {
    if prefix.ends_with('/') {
        path.starts_with(prefix)
    } else {
        path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

fn is_plain_anchor(fragment: &str) -> bool {
    (1..=128).contains(&fragment.len())
        && fragment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
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
            "https://www.dropbox.com/scl/fi/abc/shared.zip?dl=1",
            "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x&redirect_uri=https%3A%2F%2Fevil.example",
            "https://support.google.com/accounts/ServiceLogin?continue=https%3A%2F%2Fevil.example",
            "https://developer.okta.com/login",
            "https://login.microsoftonline.com/errors",
        ] {
            assert_eq!(documentation_link(uri), None, "{uri}");
        }
    }

    #[test]
    fn the_query_is_dropped_and_only_plain_anchors_kept() {
        assert_eq!(
            documentation_link("https://docs.github.com/apps/x?access_token=abc#fix-it").as_deref(),
            Some("https://docs.github.com/apps/x#fix-it")
        );
        assert_eq!(
            documentation_link("https://login.microsoftonline.com/error?code=50011#a=b").as_deref(),
            Some("https://login.microsoftonline.com/error")
        );
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
