//! Top-level keys: where to listen, the page's status code, shutdown.

use std::net::SocketAddr;

use super::ConfigError;

pub(super) fn listen(value: &str) -> Result<SocketAddr, ConfigError> {
    value.parse().map_err(|_| {
        ConfigError::new(
            "listen",
            format!("`{value}` is not an address and port"),
            "use e.g. 127.0.0.1:8080 or 0.0.0.0:8080",
        )
    })
}

pub(super) fn page_status(status: u16) -> Result<u16, ConfigError> {
    if status == 200 || (400..=599).contains(&status) {
        Ok(status)
    } else {
        Err(ConfigError::new(
            "page_status",
            format!("{status} is not a status an error page can use"),
            "use 200 (the default, safe behind proxies) or a 4xx/5xx status",
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::config::tests::load_env;

    #[test]
    fn a_page_status_that_is_not_an_error_status_is_refused() {
        assert_eq!(
            load_env(&[("CEP_PAGE_STATUS", "302")]).unwrap_err().key,
            "page_status"
        );
        assert_eq!(
            load_env(&[("CEP_PAGE_STATUS", "500")]).unwrap().page_status,
            500
        );
    }
}
