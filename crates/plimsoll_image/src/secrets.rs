//! Recognizing secrets: variable names that say "this is a secret", token shapes that are
//! secrets whatever they are called, private key headers, and the credential lines of common
//! tool configuration files. Shared by the secret rules; no regex engine needed.
//!
//! Messages never include a secret's value, only its name, kind or a masked prefix.

use crate::contents::{contains, find};

/// A recognizable token shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    AwsAccessKeyId,
    GitHubToken,
    GitLabToken,
    SlackToken,
    StripeLiveKey,
    NpmToken,
    GoogleApiKey,
    PrivateKey,
}

impl TokenKind {
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::AwsAccessKeyId => "an AWS access key ID",
            Self::GitHubToken => "a GitHub token",
            Self::GitLabToken => "a GitLab token",
            Self::SlackToken => "a Slack token",
            Self::StripeLiveKey => "a Stripe live key",
            Self::NpmToken => "an npm token",
            Self::GoogleApiKey => "a Google API key",
            Self::PrivateKey => "a private key",
        }
    }
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// The run of token characters starting at `start`.
fn token_at(text: &[u8], start: usize) -> &[u8] {
    let end = text[start..]
        .iter()
        .position(|&b| !is_token_byte(b))
        .map_or(text.len(), |n| start + n);
    &text[start..end]
}

fn all(bytes: &[u8], pred: impl Fn(u8) -> bool) -> bool {
    bytes.iter().all(|&b| pred(b))
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The token shapes in `text`, each kind once, in order of first appearance.
#[must_use]
pub fn token_shapes(text: &[u8]) -> Vec<TokenKind> {
    let mut found = Vec::new();
    let mut push = |kind| {
        if !found.contains(&kind) {
            found.push(kind);
        }
    };
    if private_key_header(text).is_some() {
        push(TokenKind::PrivateKey);
    }
    let mut i = 0;
    while i < text.len() {
        // Tokens start at a word boundary.
        if !is_token_byte(text[i]) || (i > 0 && is_token_byte(text[i - 1])) {
            i += 1;
            continue;
        }
        let token = token_at(text, i);
        if let Some(kind) = token_kind(token) {
            push(kind);
        }
        i += token.len().max(1);
    }
    found
}

fn token_kind(token: &[u8]) -> Option<TokenKind> {
    let prefixed = |prefix: &[u8], min: usize, max: usize, pred: fn(u8) -> bool| {
        token
            .strip_prefix(prefix)
            .is_some_and(|rest| (min..=max).contains(&rest.len()) && all(rest, pred))
    };
    let upper_or_digit = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    for prefix in [b"AKIA", b"ASIA", b"AGPA", b"AIDA", b"AROA"] {
        if token.len() == 20 && token.starts_with(prefix) && all(&token[4..], upper_or_digit) {
            return Some(TokenKind::AwsAccessKeyId);
        }
    }
    for prefix in [&b"ghp_"[..], b"gho_", b"ghu_", b"ghs_", b"ghr_"] {
        if prefixed(prefix, 36, 255, alnum) {
            return Some(TokenKind::GitHubToken);
        }
    }
    if prefixed(b"github_pat_", 22, 255, |b| alnum(b) || b == b'_') {
        return Some(TokenKind::GitHubToken);
    }
    if prefixed(b"glpat-", 20, 255, |b| alnum(b) || b == b'_' || b == b'-') {
        return Some(TokenKind::GitLabToken);
    }
    for prefix in [&b"xoxb-"[..], b"xoxp-", b"xoxa-", b"xoxr-", b"xoxs-"] {
        if prefixed(prefix, 10, 255, |b| alnum(b) || b == b'-') {
            return Some(TokenKind::SlackToken);
        }
    }
    for prefix in [&b"sk_live_"[..], b"rk_live_"] {
        if prefixed(prefix, 16, 255, alnum) {
            return Some(TokenKind::StripeLiveKey);
        }
    }
    if prefixed(b"npm_", 36, 36, alnum) {
        return Some(TokenKind::NpmToken);
    }
    if prefixed(b"AIza", 35, 35, |b| alnum(b) || b == b'_' || b == b'-') {
        return Some(TokenKind::GoogleApiKey);
    }
    None
}

/// The label of the first private key block (`RSA PRIVATE KEY`, `OPENSSH PRIVATE KEY`,
/// `PGP PRIVATE KEY BLOCK`, `PuTTY`), if the text holds one.
#[must_use]
pub fn private_key_header(text: &[u8]) -> Option<String> {
    let mut rest = text;
    while let Some(at) = find(rest, b"-----BEGIN ") {
        let after = &rest[at + b"-----BEGIN ".len()..];
        let line_end = after
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(after.len());
        let line = &after[..line_end];
        if let Some(close) = find(line, b"-----") {
            let label = &line[..close];
            if contains(label, b"PRIVATE KEY") && label.len() <= 40 {
                return Some(String::from_utf8_lossy(label).into_owned());
            }
        }
        rest = after;
    }
    if text.starts_with(b"PuTTY-User-Key-File-") {
        return Some("PuTTY".to_owned());
    }
    None
}

/// Whether a variable name says it holds a secret: one of its words (split on `_`, `-`, `.`)
/// is `PASSWORD`, `PASSWD`, `PASS`, `SECRET`, `TOKEN`, `APIKEY`, `CREDENTIAL(S)` or
/// `PRIVATEKEY`, or two adjacent words are `API KEY`, `ACCESS KEY`, `PRIVATE KEY`, `SECRET
/// KEY`, `AUTH KEY`, `ENCRYPTION KEY`, `SIGNING KEY`, `MASTER KEY`. Names that point at a
/// secret rather than hold one (`…_FILE`, `…_PATH`, `…_DIR`, `…_URL`) and public key material
/// (`GPG_KEY`, `…_PUBLIC_KEY`) are not secrets.
#[must_use]
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(['_', '-', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    if matches!(
        *last,
        "FILE"
            | "PATH"
            | "DIR"
            | "URL"
            | "URI"
            | "HOST"
            | "PORT"
            | "USER"
            | "USERNAME"
            | "NAME"
            | "TYPE"
            | "ID"
            | "LENGTH"
            | "MIN"
            | "MAX"
            | "POLICY"
            | "ENABLED"
            | "HEADER"
    ) && !upper.ends_with("ACCESS_KEY_ID")
    {
        return false;
    }
    if words.contains(&"PUBLIC") || words.contains(&"GPG") || words.contains(&"PGP") {
        return false;
    }
    let secret_word = |w: &str| {
        matches!(
            w,
            "PASSWORD"
                | "PASSWD"
                | "PASS"
                | "SECRET"
                | "TOKEN"
                | "APIKEY"
                | "CREDENTIAL"
                | "CREDENTIALS"
                | "PRIVATEKEY"
                | "ACCESSKEY"
                | "SECRETKEY"
                | "AUTHTOKEN"
        )
    };
    if words.iter().any(|w| secret_word(w)) {
        return true;
    }
    words.windows(2).any(|pair| {
        pair[1] == "KEY"
            && matches!(
                pair[0],
                "API"
                    | "ACCESS"
                    | "PRIVATE"
                    | "SECRET"
                    | "AUTH"
                    | "ENCRYPTION"
                    | "SIGNING"
                    | "MASTER"
                    | "LICENSE"
            )
    })
}

/// Whether a value is worth reporting for a secret-looking name: not empty, not a reference to
/// something else (`$VAR`, `${VAR}`, a file under `/run/secrets`), not an obvious placeholder.
#[must_use]
pub fn is_real_value(value: &str) -> bool {
    let value = value.trim().trim_matches(['"', '\'']);
    if value.is_empty() || value.starts_with('$') || value.starts_with("/run/secrets/") {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "changeme" | "change-me" | "xxx" | "none" | "null" | "false" | "true" | "<none>" | "-"
    ) && !lower.starts_with('<')
}

/// What a credential-bearing configuration file holds: the keys or kinds found, never values.
#[must_use]
pub fn config_file_credentials(name: &[u8], parent_name: &[u8], text: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(text);
    let mut found: Vec<String> = Vec::new();
    let mut add = |what: String| {
        if !found.contains(&what) {
            found.push(what);
        }
    };
    match name {
        b".npmrc" | b"npmrc" => {
            for line in text.lines() {
                let line = line.trim();
                if line.starts_with('#') || line.starts_with(';') {
                    continue;
                }
                let Some((key, value)) = line.split_once('=') else {
                    continue;
                };
                let key = key.trim();
                // `//registry.npmjs.org/:_authToken=…`, `_auth=…`, `_password=…`.
                let bare = key.rsplit(':').next().unwrap_or(key);
                if matches!(bare, "_authToken" | "_auth" | "_password") && is_real_value(value) {
                    add(bare.to_owned());
                }
            }
        }
        b".yarnrc.yml" => {
            for line in text.lines() {
                if let Some((key, value)) = line.trim().split_once(':')
                    && matches!(key.trim(), "npmAuthToken" | "npmAuthIdent" | "npmPassword")
                    && is_real_value(value)
                {
                    add(key.trim().to_owned());
                }
            }
        }
        b".pypirc" => {
            for line in text.lines() {
                if let Some((key, value)) = line.split_once(['=', ':'])
                    && key.trim().eq_ignore_ascii_case("password")
                    && is_real_value(value)
                {
                    add("password".to_owned());
                }
            }
        }
        b".netrc" | b"_netrc" => {
            let words: Vec<&str> = text.split_whitespace().collect();
            for pair in words.windows(2) {
                if pair[0] == "password" && is_real_value(pair[1]) {
                    add("password".to_owned());
                }
            }
        }
        b".git-credentials" if text.lines().any(url_has_password) => {
            add("a URL with a password".to_owned());
        }
        b"pip.conf" | b"pip.ini" => {
            for line in text.lines() {
                if let Some((key, value)) = line.split_once(['=', ':'])
                    && key.trim().ends_with("index-url")
                    && url_has_password(value.trim())
                {
                    add(format!("{} with a password", key.trim()));
                }
            }
        }
        b"config.json" if parent_name == b".docker" => {
            if let Ok(config) = serde_json::from_str::<serde_json::Value>(&text) {
                let has_auth = config
                    .get("auths")
                    .and_then(serde_json::Value::as_object)
                    .is_some_and(|auths| {
                        auths.values().any(|entry| {
                            ["auth", "identitytoken", "password", "registrytoken"]
                                .iter()
                                .any(|key| {
                                    entry
                                        .get(key)
                                        .and_then(serde_json::Value::as_str)
                                        .is_some_and(|v| !v.is_empty())
                                })
                        })
                    });
                if has_auth {
                    add("registry auths".to_owned());
                }
            }
        }
        _ => {}
    }
    found
}

/// `scheme://user:password@host…` with a non-empty password.
fn url_has_password(url: &str) -> bool {
    let url = url.trim();
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let Some((userinfo, _)) = authority.rsplit_once('@') else {
        return false;
    };
    userinfo
        .split_once(':')
        .is_some_and(|(_, password)| is_real_value(password))
}

/// Names of `NAME=value` lines with a secret-looking name and a real value (dotenv syntax:
/// optional `export`, quotes, comments).
#[must_use]
pub fn env_file_secret_names(text: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(text);
    let mut names = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if (is_secret_name(name) || !token_shapes(value.as_bytes()).is_empty())
            && is_real_value(value)
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_owned());
        }
    }
    names
}

/// `NAME=value` assignments in a shell-ish command line (history `created_by`): words
/// containing `=` whose left side is an identifier, quotes stripped.
#[must_use]
pub fn assignments(command: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for word in command.split_whitespace() {
        let word = word.trim_matches(['"', '\'', ';', '(', ')']);
        let word = word.strip_prefix("--build-arg=").unwrap_or(word);
        let Some((name, value)) = word.split_once('=') else {
            continue;
        };
        let name = name.trim_start_matches('-');
        let identifier = !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !name.as_bytes()[0].is_ascii_digit();
        if identifier {
            found.push((name.to_owned(), value.to_owned()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_shapes_are_found_at_word_boundaries() {
        assert_eq!(
            token_shapes(b"key=AKIAIOSFODNN7EXAMPLE rest"),
            [TokenKind::AwsAccessKeyId]
        );
        assert!(token_shapes(b"XAKIAIOSFODNN7EXAMPLE").is_empty());
        assert!(token_shapes(b"AKIAIOSFODNN7EXAMPLEX").is_empty());
        assert_eq!(
            token_shapes(b"ghp_0123456789abcdefghijABCDEFGHIJ012345"),
            [TokenKind::GitHubToken]
        );
        assert_eq!(
            token_shapes(b"glpat-abcdefghij0123456789"),
            [TokenKind::GitLabToken]
        );
        assert_eq!(
            token_shapes(b"-----BEGIN OPENSSH PRIVATE KEY-----\nabc"),
            [TokenKind::PrivateKey]
        );
        assert!(token_shapes(b"ghp_short").is_empty());
        assert!(token_shapes(b"PATH=/usr/bin:/bin").is_empty());
    }

    #[test]
    fn private_key_headers() {
        assert_eq!(
            private_key_header(b"x\n-----BEGIN RSA PRIVATE KEY-----\nMII"),
            Some("RSA PRIVATE KEY".into())
        );
        assert_eq!(
            private_key_header(b"-----BEGIN CERTIFICATE-----\n-----BEGIN EC PRIVATE KEY-----"),
            Some("EC PRIVATE KEY".into())
        );
        assert_eq!(
            private_key_header(b"-----BEGIN CERTIFICATE-----\nMII"),
            None
        );
        assert_eq!(
            private_key_header(b"PuTTY-User-Key-File-3: ssh-ed25519\n"),
            Some("PuTTY".into())
        );
    }

    #[test]
    fn secret_names() {
        for name in [
            "PASSWORD",
            "DB_PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "GITHUB_TOKEN",
            "API_KEY",
            "SECRET_KEY",
            "stripe.apiKey",
            "NPM_AUTHTOKEN",
            "AZURE_CLIENT_SECRET",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "PATH",
            "PWD",
            "GPG_KEY",
            "PASSWORD_FILE",
            "POSTGRES_PASSWORD_FILE",
            "TOKEN_URL",
            "KEYRING",
            "PIP_NO_CACHE_DIR",
            "BYPASS",
            "SSH_PUBLIC_KEY",
            "KEY",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn config_files() {
        let npmrc = b"registry=https://r/\n//registry.npmjs.org/:_authToken=abc123\n";
        assert_eq!(
            config_file_credentials(b".npmrc", b"root", npmrc),
            ["_authToken"]
        );
        let by_env = b"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n";
        assert!(config_file_credentials(b".npmrc", b"root", by_env).is_empty());
        assert_eq!(
            config_file_credentials(
                b".pypirc",
                b"root",
                b"[pypi]\nusername = __token__\npassword = pypi-AgEI\n"
            ),
            ["password"]
        );
        assert_eq!(
            config_file_credentials(
                b".netrc",
                b"root",
                b"machine github.com login x password tok\n"
            ),
            ["password"]
        );
        assert_eq!(
            config_file_credentials(
                b".git-credentials",
                b"root",
                b"https://u:ghp_x@github.com\n"
            ),
            ["a URL with a password"]
        );
        assert!(
            config_file_credentials(b".git-credentials", b"root", b"https://github.com\n")
                .is_empty()
        );
        assert_eq!(
            config_file_credentials(
                b"config.json",
                b".docker",
                br#"{"auths":{"r.io":{"auth":"dTpw"}}}"#
            ),
            ["registry auths"]
        );
        assert!(
            config_file_credentials(b"config.json", b".docker", br#"{"auths":{"r.io":{}}}"#)
                .is_empty()
        );
        assert_eq!(
            config_file_credentials(
                b"pip.conf",
                b"etc",
                b"[global]\nindex-url = https://u:p@pypi.corp/simple\n"
            ),
            ["index-url with a password"]
        );
    }

    #[test]
    fn env_files_and_assignments() {
        assert_eq!(
            env_file_secret_names(b"# c\nexport DB_PASSWORD='x'\nDEBUG=1\nEMPTY_TOKEN=\nKEY_ID=AKIAIOSFODNN7EXAMPLE\n"),
            ["DB_PASSWORD", "KEY_ID"]
        );
        assert_eq!(
            assignments("|2 TOKEN=abc VERSION=1 /bin/sh -c make install PREFIX=/usr"),
            [
                ("TOKEN".to_owned(), "abc".to_owned()),
                ("VERSION".to_owned(), "1".to_owned()),
                ("PREFIX".to_owned(), "/usr".to_owned())
            ]
        );
        assert!(assignments("echo 1x=2 =b a-b=c").is_empty());
        assert!(is_real_value("hunter2"));
        assert!(!is_real_value("${SECRET}"));
        assert!(!is_real_value("''"));
    }
}
