//! `[proxy] trusted_addresses`: the reverse proxies whose `Forwarded` and
//! `X-Forwarded-Host`/`-Proto` headers describe the page's public address.

use std::net::IpAddr;

/// An entry of `[proxy] trusted_addresses` that is no address or range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyError {
    pub value: String,
}

/// Addresses and CIDR ranges; a request from anywhere else has its forwarding headers ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    ranges: Vec<(IpAddr, u8)>,
}

impl TrustedProxies {
    pub fn parse(values: &[String]) -> Result<Self, ProxyError> {
        let ranges = values
            .iter()
            .map(|value| {
                range(value).ok_or_else(|| ProxyError {
                    value: value.clone(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { ranges })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.ranges
            .iter()
            .any(|(network, bits)| same_prefix(*network, ip, *bits))
    }
}

fn range(value: &str) -> Option<(IpAddr, u8)> {
    let (address, bits) = match value.trim().split_once('/') {
        Some((address, bits)) => (address, Some(bits.parse::<u8>().ok()?)),
        None => (value.trim(), None),
    };
    let address: IpAddr = address.parse().ok()?;
    let max = if address.is_ipv4() { 32 } else { 128 };
    let bits = bits.unwrap_or(max);
    (bits <= max).then_some((address.to_canonical(), bits))
}

fn same_prefix(network: IpAddr, ip: IpAddr, bits: u8) -> bool {
    let prefix = |bytes: &[u8], other: &[u8]| {
        let (whole, rest) = (usize::from(bits / 8), bits % 8);
        bytes[..whole] == other[..whole]
            && (rest == 0 || (bytes[whole] ^ other[whole]) >> (8 - rest) == 0)
    };
    match (network, ip) {
        (IpAddr::V4(n), IpAddr::V4(i)) => prefix(&n.octets(), &i.octets()),
        (IpAddr::V6(n), IpAddr::V6(i)) => prefix(&n.octets(), &i.octets()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(values: &[&str]) -> TrustedProxies {
        TrustedProxies::parse(&values.iter().map(|v| v.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn addresses_and_ranges_are_matched() {
        let trusted = proxies(&["10.1.0.0/16", "192.168.1.7", "::1", "fd00::/8"]);
        for yes in [
            "10.1.200.3",
            "192.168.1.7",
            "::1",
            "fd12::1",
            "::ffff:10.1.0.1",
        ] {
            assert!(trusted.contains(yes.parse().unwrap()), "{yes}");
        }
        for no in ["10.2.0.1", "192.168.1.8", "::2", "127.0.0.1"] {
            assert!(!trusted.contains(no.parse().unwrap()), "{no}");
        }
        assert!(!TrustedProxies::default().contains("127.0.0.1".parse().unwrap()));
    }

    #[test]
    fn anything_else_is_refused_naming_the_value() {
        for bad in ["proxy.example", "10.0.0.0/33", "10.0.0.1/x", ""] {
            let err = TrustedProxies::parse(&[bad.to_owned()]).unwrap_err();
            assert_eq!(err.value, bad);
        }
    }
}
