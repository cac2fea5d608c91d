//! `[proxy]`: the reverse proxies whose forwarding headers we believe.

use serde::Deserialize;

use super::ConfigError;
use crate::proxy::TrustedProxies;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProxy {
    trusted_addresses: Vec<String>,
}

impl RawProxy {
    pub(super) fn validate(self) -> Result<TrustedProxies, ConfigError> {
        Ok(TrustedProxies::parse(&self.trusted_addresses)?)
    }
}

#[cfg(test)]
mod tests {
    use crate::config::tests::load_env;

    #[test]
    fn a_bad_proxy_address_is_named_by_its_key() {
        let err =
            load_env(&[("CEP_PROXY__TRUSTED_ADDRESSES", r#"["proxy.example"]"#)]).unwrap_err();
        assert_eq!(err.key, "proxy.trusted_addresses");
        assert!(err.problem.contains("proxy.example"), "{err}");
    }
}
