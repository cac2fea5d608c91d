//! Addresses that try to turn the page script's fragment-to-query rewrite into an open
//! redirect, or make it carry a credential along. Shared with the browser suite, which
//! is the only place a rewrite can be watched.

/// Every value here that could be a credential starts with this, so a leak is easy to see.
pub const SECRET_PREFIX: &str = "sekrit";

/// One address to open: a path (with any query) on the page's own origin, then a fragment.
pub struct FragmentCase {
    pub kind: &'static str,
    pub path: String,
    pub fragment: String,
}

/// `other` is the `host:port` of a second loopback site standing in for an attacker's.
pub fn fragment_cases(other: &str, callback: &str) -> Vec<FragmentCase> {
    let case = |kind, path: String, fragment: &str| FragmentCase {
        kind,
        path,
        fragment: fragment.to_owned(),
    };
    let fragment_secret = |kind, name: &str| {
        case(
            kind,
            format!("{callback}?connection_name=jira"),
            &format!("error=access_denied&{name}={SECRET_PREFIX}-{kind}"),
        )
    };
    vec![
        case("scheme-relative path", format!("//{other}/x"), "error=1"),
        case("backslash path", format!("/\\{other}/x"), "error=1"),
        case("dot segment before //", format!("/.//{other}/x"), "error=1"),
        case(
            "scheme-relative path with a code in the query",
            format!("//{other}/x?code={SECRET_PREFIX}-code&state=S"),
            "error=1",
        ),
        case(
            "callback query with a code",
            format!("{callback}?code={SECRET_PREFIX}-query-code&state={SECRET_PREFIX}-state"),
            "error=access_denied",
        ),
        case(
            "callback query with an upper-case token",
            format!("{callback}?ACCESS_TOKEN={SECRET_PREFIX}-query-upper"),
            "error=access_denied",
        ),
        fragment_secret("upper-case name", "ACCESS_TOKEN"),
        fragment_secret("mixed-case name", "Id_Token"),
        fragment_secret("oauth 1 token", "oauth_token"),
        fragment_secret("trailing NUL", "code%00"),
        fragment_secret("encoded name", "%63ode"),
        fragment_secret("client assertion", "client_assertion"),
        fragment_secret("refresh token", "refresh_token"),
        fragment_secret("password", "password"),
    ]
}
