//! `platforms.Parse` from `github.com/containerd/platforms`, as BuildKit parses `FROM
//! --platform` values: `os`, `arch`, `os/arch` or `os/arch/variant`, normalised (`x86_64` →
//! `amd64`, `aarch64` → `arm64`, `macos` → `darwin`), with the build host taken as
//! `linux/amd64`.

/// An OCI platform's OS and architecture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
}

const KNOWN_OS: [&str; 18] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

const KNOWN_ARCH: [&str; 25] = [
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "ppc64",
    "ppc64le",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
    "loong64",
];

/// Parses a platform specifier; the error is containerd's message.
///
/// # Errors
/// On wildcards, invalid components, an unknown single component, or too many parts.
pub fn parse(specifier: &str) -> Result<Platform, String> {
    if specifier.contains('*') {
        return Err(format!(
            "{}: wildcards not yet supported: invalid argument",
            quote(specifier)
        ));
    }
    // An OS version in parentheses, `windows(10.0.17763)/amd64`, is not a component.
    let without_version = match (specifier.find('('), specifier.find(')')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &specifier[..open], &specifier[close + 1..])
        }
        _ => specifier.to_owned(),
    };
    let parts: Vec<&str> = without_version.split('/').collect();
    for part in &parts {
        if part.is_empty()
            || !part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        {
            return Err(format!(
                "{} is an invalid component of {}: platform specifier component must match \"^[A-Za-z0-9_.-]+$\": invalid argument",
                quote(part),
                quote(specifier)
            ));
        }
    }
    match parts.as_slice() {
        [single] => {
            let os = normalize_os(single);
            if KNOWN_OS.contains(&os.as_str()) {
                return Ok(Platform {
                    os,
                    architecture: "amd64".to_owned(),
                });
            }
            let architecture = normalize_arch(single);
            if KNOWN_ARCH.contains(&architecture.as_str()) {
                return Ok(Platform {
                    os: "linux".to_owned(),
                    architecture,
                });
            }
            Err(format!(
                "{}: unknown operating system or architecture: invalid argument",
                quote(specifier)
            ))
        }
        [os, arch] | [os, arch, _] => Ok(Platform {
            os: normalize_os(os),
            architecture: normalize_arch(arch),
        }),
        _ => Err(format!(
            "{}: cannot parse platform specifier: invalid argument",
            quote(specifier)
        )),
    }
}

fn normalize_os(os: &str) -> String {
    match os.to_lowercase().as_str() {
        "macos" => "darwin".to_owned(),
        other => other.to_owned(),
    }
}

fn normalize_arch(arch: &str) -> String {
    match arch.to_lowercase().as_str() {
        "i386" => "386".to_owned(),
        "x86_64" | "x86-64" | "amd64" => "amd64".to_owned(),
        "aarch64" | "arm64" => "arm64".to_owned(),
        "armhf" | "armel" | "arm" => "arm".to_owned(),
        other => other.to_owned(),
    }
}

fn quote(text: &str) -> String {
    plimsoll_syntax::dockerfile::go_quote(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(specifier: &str) -> (String, String) {
        let platform = parse(specifier).unwrap();
        (platform.os, platform.architecture)
    }

    #[test]
    fn normalises_like_containerd() {
        assert_eq!(parsed("linux/amd64"), ("linux".into(), "amd64".into()));
        assert_eq!(parsed("Linux/x86_64"), ("linux".into(), "amd64".into()));
        assert_eq!(parsed("linux/arm64/v8"), ("linux".into(), "arm64".into()));
        assert_eq!(parsed("linux/armhf"), ("linux".into(), "arm".into()));
        assert_eq!(parsed("macos/arm64"), ("darwin".into(), "arm64".into()));
        assert_eq!(parsed("windows"), ("windows".into(), "amd64".into()));
        assert_eq!(parsed("aarch64"), ("linux".into(), "arm64".into()));
        assert_eq!(
            parsed("windows(10.0.17763)/amd64"),
            ("windows".into(), "amd64".into())
        );
    }

    #[test]
    fn rejects_like_containerd() {
        assert_eq!(
            parse("linux/").unwrap_err(),
            "\"\" is an invalid component of \"linux/\": platform specifier component must match \"^[A-Za-z0-9_.-]+$\": invalid argument"
        );
        assert!(parse("foo").is_err());
        assert!(parse("linux/*").is_err());
        assert!(parse("a/b/c/d").is_err());
        assert!(parse("").is_err());
    }
}
