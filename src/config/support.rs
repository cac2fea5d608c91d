//! `[support]`: where people ask for help, by email or a form.

use serde::Deserialize;

use super::ConfigError;
use super::values::{http_url, non_empty};

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
        let url = non_empty(self.url)
            .map(|url| http_url("support.url", &url))
            .transpose()?;
        let email = non_empty(self.email).map(validate_email).transpose()?;
        Ok(SupportSettings { email, url })
    }
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
    }
}
