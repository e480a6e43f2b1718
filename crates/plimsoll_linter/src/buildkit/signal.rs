//! `signal.ParseSignal` (`github.com/moby/sys/signal`, Linux table), which BuildKit applies to
//! `STOPSIGNAL`: a non-zero number, or a signal name with or without `SIG`, any case.

const NAMES: [&str; 35] = [
    "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL",
    "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP",
    "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "UNUSED",
];

/// `Ok` when BuildKit accepts the signal; the error is its message.
///
/// # Errors
/// `invalid signal: <value>`.
pub fn parse_signal(raw: &str) -> Result<(), String> {
    let invalid = || Err(format!("invalid signal: {raw}"));
    let digits = raw.strip_prefix(['+', '-']).unwrap_or(raw);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match raw.parse::<i64>() {
            Ok(0) => invalid(),
            Ok(_) => Ok(()),
            Err(_) => invalid(),
        };
    }
    let upper = raw.to_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    if NAMES.contains(&name) || realtime(name) {
        Ok(())
    } else {
        invalid()
    }
}

/// `RTMIN`, `RTMIN+1` … `RTMIN+15`, `RTMAX-14` … `RTMAX-1`, `RTMAX` (exact spellings).
fn realtime(name: &str) -> bool {
    name == "RTMIN"
        || name == "RTMAX"
        || (1..=15).any(|n| name == format!("RTMIN+{n}"))
        || (1..=14).any(|n| name == format!("RTMAX-{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_names_and_numbers() {
        for signal in [
            "SIGTERM",
            "term",
            "SIGKILL",
            "9",
            "-3",
            "SIGRTMIN+3",
            "RTMAX",
        ] {
            assert_eq!(parse_signal(signal), Ok(()), "{signal}");
        }
        for signal in ["0", "SIGFOO", "", "a b", "RTMIN+16"] {
            assert_eq!(
                parse_signal(signal),
                Err(format!("invalid signal: {signal}"))
            );
        }
    }
}
