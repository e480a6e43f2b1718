//! EXPOSE port specs as BuildKit's dispatcher reads them (`dockerfile2llb/convert_expose.go`):
//! `[ip:][hostPort:]containerPort[-end][/proto]`.

/// One port word, split; the checks look at these parts before the port is validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortParts<'a> {
    /// The IP part (`127.0.0.1`, `[::1]`), empty when absent.
    pub ip: &'a str,
    /// The host port, empty when absent.
    pub host_port: &'a str,
    /// The protocol as written (`tcp` when absent).
    pub proto: &'a str,
}

/// What BuildKit makes of one port word: its parts (`None` when it fails before its checks
/// run) and the build error, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortCheck<'a> {
    pub parts: Option<PortParts<'a>>,
    pub error: Option<String>,
}

/// Splits and validates one (already expanded) port word.
#[must_use]
pub fn check_port(raw: &str) -> PortCheck<'_> {
    let (ip, host_port, container) = split_parts(raw);
    let (port, proto) = container.split_once('/').unwrap_or((container, ""));
    if port.is_empty() {
        return failed(format!("invalid port: {}: no port specified", quote(raw)));
    }
    let proto = match proto.to_lowercase().as_str() {
        "" => "tcp",
        "tcp" | "udp" | "sctp" => proto,
        _ => {
            return failed(format!(
                "invalid port: {}: invalid proto: {proto}",
                quote(raw)
            ));
        }
    };
    let parts = PortParts {
        ip,
        host_port,
        proto,
    };
    PortCheck {
        error: validate(ip, host_port, port),
        parts: Some(parts),
    }
}

fn failed(error: String) -> PortCheck<'static> {
    PortCheck {
        parts: None,
        error: Some(error),
    }
}

fn validate(ip: &str, host_port: &str, port: &str) -> Option<String> {
    let mut ip = ip;
    if let Some(rest) = ip.strip_prefix('[') {
        match rest.strip_suffix(']') {
            Some(inner) => ip = inner,
            None => return Some(format!("invalid IP address {ip}")),
        }
    }
    if !ip.is_empty() && ip.parse::<std::net::IpAddr>().is_err() {
        return Some(format!("invalid IP address: {ip}"));
    }
    let Some((start, end)) = port_range(port) else {
        return Some(format!("invalid containerPort: {port}"));
    };
    if !host_port.is_empty() {
        let Some((host_start, host_end)) = port_range(host_port) else {
            return Some(format!("invalid hostPort: {host_port}"));
        };
        if end - start != host_end - host_start && end != start {
            return Some(format!(
                "invalid ranges specified for container and host Ports: {port} and {host_port}"
            ));
        }
    }
    None
}

fn port_range(ports: &str) -> Option<(i64, i64)> {
    let Some((start_text, end_text)) = ports.split_once('-') else {
        let port = port_number(ports)?;
        return Some((port, port));
    };
    let start = port_number(start_text)?;
    if start_text == end_text {
        return Some((start, start));
    }
    let end = port_number(end_text)?;
    (end >= start).then_some((start, end))
}

fn port_number(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = text.parse().ok()?;
    (0..=65535).contains(&value).then_some(value)
}

fn split_parts(raw: &str) -> (&str, &str, &str) {
    let parts: Vec<&str> = raw.split(':').collect();
    match parts.as_slice() {
        [container] => ("", "", container),
        [host, container] => ("", host, container),
        [ip, host, container] => (ip, host, container),
        _ => {
            // More than three parts: everything before the last two is the IP.
            let container_len = parts[parts.len() - 1].len();
            let host_len = parts[parts.len() - 2].len();
            let ip_end = raw.len() - container_len - host_len - 2;
            (
                &raw[..ip_end],
                &raw[ip_end + 1..ip_end + 1 + host_len],
                &raw[raw.len() - container_len..],
            )
        }
    }
}

fn quote(text: &str) -> String {
    plimsoll_syntax::dockerfile::go_quote(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_buildkit() {
        let check = check_port("[::1]:8080:8080/UDP");
        let parts = check.parts.unwrap();
        assert_eq!(
            (parts.ip, parts.host_port, parts.proto),
            ("[::1]", "8080", "UDP")
        );
        assert_eq!(check.error, None);
        let parts = check_port("80").parts.unwrap();
        assert_eq!((parts.ip, parts.host_port, parts.proto), ("", "", "tcp"));
        let parts = check_port("5000:5000").parts.unwrap();
        assert_eq!(parts.host_port, "5000");
    }

    #[test]
    fn reports_buildkit_errors() {
        assert_eq!(
            check_port("80/xyz"),
            PortCheck {
                parts: None,
                error: Some("invalid port: \"80/xyz\": invalid proto: xyz".to_owned())
            }
        );
        assert_eq!(
            check_port("abc").error.as_deref(),
            Some("invalid containerPort: abc")
        );
        assert_eq!(
            check_port("1.2.3:80:80").error.as_deref(),
            Some("invalid IP address: 1.2.3")
        );
        assert_eq!(
            check_port("70000").error.as_deref(),
            Some("invalid containerPort: 70000")
        );
        assert_eq!(check_port("8000-8010/udp").error, None);
        assert!(check_port("8010-8000").error.is_some());
        assert!(check_port("1000-1001:80-90").error.is_some());
    }
}
