//! Top-level keys: where to listen, the page's status code, shutdown.

use std::net::SocketAddr;

use super::ConfigError;

/// An address and port; `:8080` means every interface, `localhost:8080` the loopback one.
pub(super) fn listen(value: &str) -> Result<SocketAddr, ConfigError> {
    let trimmed = value.trim();
    let spelled = if let Some(port) = trimmed.strip_prefix(':') {
        format!("0.0.0.0:{port}")
    } else if let Some(port) = trimmed.strip_prefix("localhost:") {
        format!("127.0.0.1:{port}")
    } else {
        trimmed.to_owned()
    };
    spelled.parse().map_err(|_| {
        ConfigError::new(
            "listen",
            format!("`{value}` is not an address and port"),
            "use e.g. 127.0.0.1:8080, 0.0.0.0:8080, localhost:8080 or :8080",
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

/// `0` is one worker per CPU this process may use: `available_parallelism` honours
/// cgroup CPU quotas, so a container limited to 2 CPUs gets 2, not the node's count.
pub(super) fn workers(value: u64) -> Result<usize, ConfigError> {
    match value {
        0 => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
        1..=1024 => Ok(value as usize),
        _ => Err(ConfigError::new(
            "workers",
            format!("{value} workers is more than this service can use"),
            "use 0 (one per CPU the container may use) or a number up to 1024",
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::tests::load_env;

    #[test]
    fn workers_default_to_the_cpus_the_process_may_use() {
        let allowed = std::thread::available_parallelism().unwrap().get();
        assert_eq!(crate::config::Settings::defaults().workers, allowed);
        assert_eq!(load_env(&[("CEP_WORKERS", "3")]).unwrap().workers, 3);
        assert_eq!(
            load_env(&[("CEP_WORKERS", "5000")]).unwrap_err().key,
            "workers"
        );
    }

    #[test]
    fn listen_takes_the_usual_spellings_and_port_sets_the_port() {
        let at = |value: &str| {
            load_env(&[("CEP_LISTEN", value)])
                .unwrap()
                .listen
                .to_string()
        };
        assert_eq!(at("localhost:8081"), "127.0.0.1:8081");
        assert_eq!(at(":8082"), "0.0.0.0:8082");
        let s = load_env(&[("PORT", "9123")]).unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:9123");
        let s = load_env(&[("CEP_LISTEN", "0.0.0.0:1"), ("PORT", "9124")]).unwrap();
        assert_eq!(
            s.listen.to_string(),
            "0.0.0.0:1",
            "CEP_LISTEN is more specific"
        );
    }

    #[test]
    fn a_string_setting_takes_an_environment_value_as_a_string() {
        for value in ["2024", "true", "1.5"] {
            let s = load_env(&[("CEP_BRANDING__PRODUCT_NAME", value)]).unwrap();
            assert_eq!(s.product_name.as_deref(), Some(value));
        }
    }

    #[test]
    fn a_list_without_array_syntax_shows_the_syntax() {
        let err = load_env(&[(
            "CEP_RESTART__ALLOWED_RETURN_ORIGINS",
            "https://app.example.com",
        )])
        .unwrap_err();
        assert!(err.fix.contains("[\"https://app.example.com\"]"), "{err}");
    }

    #[test]
    fn kubernetes_service_links_are_explained() {
        for name in ["CEP_METRICS_PORT", "CEP_PORT", "CEP_SERVICE_HOST"] {
            let err = load_env(&[(name, "tcp://10.0.0.1:9090")]).unwrap_err();
            assert!(err.problem.contains(name), "{err}");
            assert!(err.fix.contains("enableServiceLinks: false"), "{err}");
        }
    }

    #[test]
    fn messages_use_the_words_of_the_file() {
        let err = load_env(&[("CEP_BRANDING", "x")]).unwrap_err();
        assert!(!err.to_string().contains("Raw"), "{err}");
        assert!(!err.to_string().contains("\n"), "{err}");
    }

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
