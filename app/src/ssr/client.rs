//! Who a request comes from, behind a reverse proxy.
//!
//! Limits count per client address. Behind a proxy every request arrives from the proxy,
//! so the proxy's word for the client is taken — but only from proxies listed in
//! `JIEDU_TRUSTED_PROXIES` (addresses or CIDR blocks), never by default: anyone else could
//! write any address into the header and walk past every limit. The header read is
//! `X-Forwarded-For` unless `JIEDU_CLIENT_IP_HEADER=forwarded` names RFC 7239's
//! `Forwarded`; only the one the proxy writes may be read, since the other passes through
//! from the client untouched. The chain is read from the right (the entry our own proxy
//! appended) past every trusted hop; the first untrusted entry is the client.

use std::net::IpAddr;

use ipnet::IpNet;

/// Which header a trusted proxy writes the client into.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ClientHeader {
    #[default]
    XForwardedFor,
    Forwarded,
}

/// The proxies whose word is taken, and the header they write.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
    header: ClientHeader,
}

impl TrustedProxies {
    /// Parses `JIEDU_TRUSTED_PROXIES` (comma- or space-separated addresses and CIDR blocks)
    /// and `JIEDU_CLIENT_IP_HEADER` (`x-forwarded-for` or `forwarded`).
    pub fn parse(list: &str, header: Option<&str>) -> Result<Self, String> {
        let nets = list
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("“{s}” is not an address or CIDR block"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let header = match header.map(|h| h.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") | Some("x-forwarded-for") => ClientHeader::XForwardedFor,
            Some("forwarded") => ClientHeader::Forwarded,
            Some(other) => {
                return Err(format!("“{other}” is not x-forwarded-for or forwarded"));
            }
        };
        Ok(Self { nets, header })
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.nets.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request that arrived from `peer` with these headers.
    pub fn client(&self, peer: IpAddr, headers: &http::HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let name = match self.header {
            ClientHeader::XForwardedFor => "x-forwarded-for",
            ClientHeader::Forwarded => "forwarded",
        };
        let entries: Vec<String> = headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|entry| match self.header {
                ClientHeader::XForwardedFor => entry.trim().to_owned(),
                ClientHeader::Forwarded => forwarded_for(entry).unwrap_or_default(),
            })
            .collect();
        let mut client = peer;
        for entry in entries.iter().rev() {
            match parse_node(entry) {
                Some(ip) if self.trusts(ip) => client = ip,
                Some(ip) => return ip,
                // A hop we cannot read: stop at the last one we could.
                None => return client,
            }
        }
        client
    }
}

/// The `for=` value of one `Forwarded` element.
fn forwarded_for(element: &str) -> Option<String> {
    element.split(';').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("for")
            .then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]:4711`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    node.rsplit_once(':')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().expect("header"));
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn nobody_is_trusted_by_default() {
        let proxies = TrustedProxies::default();
        let h = headers(&[("x-forwarded-for", "203.0.113.7")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("10.0.0.2"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1", None).expect("list");
        let h = headers(&[("x-forwarded-for", "203.0.113.7")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("203.0.113.7"));
        // A client's own claim sits left of what our proxy appended.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.7, 10.1.1.1")]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &h), ip("203.0.113.7"));
        // Untrusted peers are themselves the client, whatever they claim.
        assert_eq!(proxies.client(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        // No header: the proxy itself.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &http::HeaderMap::new()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn forwarded_is_read_when_chosen() {
        let proxies = TrustedProxies::parse("10.0.0.2", Some("forwarded")).expect("list");
        let h = headers(&[
            (
                "forwarded",
                "for=1.2.3.4, for=\"[2001:db8::1]:4711\";proto=https",
            ),
            ("x-forwarded-for", "9.9.9.9"),
        ]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("2001:db8::1"));
        assert!(TrustedProxies::parse("not-an-ip", None).is_err());
        assert!(TrustedProxies::parse("", Some("x-real-ip")).is_err());
    }
}
