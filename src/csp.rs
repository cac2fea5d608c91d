//! The Content-Security-Policy, built once at start-up from the settings.

use crate::config::Settings;

/// The policy with nothing configured: everything from our own origin, nothing inline.
pub const BASE_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The base policy, with the logo's exact origin added to `img-src` when one is configured.
pub fn content_security_policy(settings: &Settings) -> String {
    match &settings.branding.logo {
        Some(logo) => BASE_POLICY.replace(
            "img-src 'self';",
            &format!("img-src 'self' {};", logo.origin),
        ),
        None => BASE_POLICY.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::FlagOverrides;

    #[test]
    fn a_logo_origin_and_nothing_else_joins_img_src() {
        assert_eq!(content_security_policy(&Settings::defaults()), BASE_POLICY);
        let env = [(
            "CEP_BRANDING__LOGO_URL".to_owned(),
            "https://cdn.example.com/a/logo.svg".to_owned(),
        )];
        let settings = Settings::load(None, env, &FlagOverrides::default()).unwrap();
        let policy = content_security_policy(&settings);
        assert!(
            policy.contains("img-src 'self' https://cdn.example.com;"),
            "{policy}"
        );
        assert!(policy.contains("script-src 'self';"));
    }
}
