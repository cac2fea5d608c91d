//! `[support]`: where people ask for help, by email or a form.

use serde::Deserialize;

use super::ConfigError;
use super::values::{http_url, non_empty};
use crate::support_bundle::SUPPORT_URL_PLACEHOLDERS;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSupport {
    email: String,
    url: String,
}

#[derive(Debug, Clone)]
pub struct SupportSettings {
    pub email: Option<String>,
    pub url: Option<String>,
}

impl RawSupport {
    pub(super) fn validate(self) -> Result<SupportSettings, ConfigError> {
        let url = non_empty(self.url).map(support_url).transpose()?;
        let email = non_empty(self.email).map(validate_email).transpose()?;
        Ok(SupportSettings { email, url })
    }
}

/// An http(s) URL whose only placeholders are the ones the page fills in.
fn support_url(url: String) -> Result<String, ConfigError> {
    let probe = SUPPORT_URL_PLACEHOLDERS
        .iter()
        .fold(url.clone(), |probe, p| probe.replace(p, "x"));
    if probe.contains(['{', '}']) {
        return Err(ConfigError::new(
            "support.url",
            format!("`{url}` has a placeholder the page does not fill in"),
            format!(
                "use only the placeholders {}, e.g. https://support.example.com/new?ref={{reference}}",
                SUPPORT_URL_PLACEHOLDERS.join(" and ")
            ),
        ));
    }
    http_url("support.url", &url)
}

fn validate_email(email: String) -> Result<String, ConfigError> {
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
    }) && !email.contains(|c: char| c.is_whitespace() || "<>\"'(),;:\\[]".contains(c));
    if valid {
        Ok(email)
    } else {
        Err(ConfigError::new(
            "support.email",
            format!("`{email}` is not an email address"),
            "use a plain address such as support@example.com, or leave it empty",
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::config::tests::load_env;

    #[test]
    fn empty_values_switch_optional_links_off() {
        let s = load_env(&[("CEP_SUPPORT__EMAIL", "")]).unwrap();
        assert_eq!(s.support.email, None);
        let s = load_env(&[("CEP_STATUS_PAGE__URL", "")]).unwrap();
        assert_eq!(s.status_page_url, None);
    }

    #[test]
    fn support_url_placeholders_are_the_ones_the_page_fills() {
        let ok = "https://help.example.com/new?ref={reference}&code={code}";
        assert!(load_env(&[("CEP_SUPPORT__URL", ok)]).is_ok());
        let err = load_env(&[(
            "CEP_SUPPORT__URL",
            "https://help.example.com/new?code={error_code}",
        )])
        .unwrap_err();
        assert_eq!(err.key, "support.url");
        assert!(err.fix.contains("{reference} and {code}"), "{err}");
    }
}
