use plimsoll_syntax::dockerfile::{Args, InstructionKind};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::words::{literal_value, strip_quotes};
use crate::semantic::Node;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that `LABEL` keys follow Docker's key format: lower-case letters, digits, `.`,
    /// `-`, `_` and `/`; starting with a letter and ending with a letter or digit; no `..` or
    /// `--`; and no namespace Docker reserves (`com.docker.`, `io.docker.`,
    /// `org.dockerproject.`).
    ///
    /// ## Why is this bad?
    /// Tools that read labels (registries, scanners, orchestrators) expect reverse-DNS keys
    /// such as `org.opencontainers.image.source`; other keys may be rejected or ignored.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL Maintainer="Jane Doe"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="Jane Doe"
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reports the first invalid key of an instruction, and keys written with a
    /// variable; plimsoll reports every invalid key and leaves keys with a variable alone
    /// (their value is only known at build time). The hadolint drop-in keeps hadolint's
    /// behaviour.
    pub struct InvalidLabelKey {
        code: "DL3048",
        name: "invalid-label-key",
        origin: Hadolint,
        severity: Style,
        fix: None,
    }
}

impl Rule for InvalidLabelKey {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Label || node.is_trigger {
            return;
        }
        let Args::KeyValues(pairs) = &node.instruction.args else {
            return;
        };
        let mode = checker.settings.mode;
        for pair in pairs {
            let written = pair.key.as_str();
            let valid = match mode {
                Mode::Hadolint => is_valid_key(strip_quotes(written)),
                Mode::Plimsoll => literal_value(written).is_none_or(|key| is_valid_key(&key)),
            };
            if !valid {
                checker.report(node, pair.key.range, "Invalid label key.");
                if mode == Mode::Hadolint {
                    return;
                }
            }
        }
    }
}

fn is_valid_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    first.is_ascii_lowercase()
        && (last.is_ascii_lowercase() || last.is_ascii_digit())
        && bytes.iter().all(|byte| {
            byte.is_ascii_lowercase()
                || byte.is_ascii_digit()
                || matches!(byte, b'.' | b'-' | b'_' | b'/')
        })
        && !key.contains("..")
        && !key.contains("--")
        && !["com.docker.", "io.docker.", "org.dockerproject."]
            .iter()
            .any(|reserved| key.starts_with(reserved))
}

#[cfg(test)]
mod tests {
    use super::is_valid_key;

    #[test]
    fn key_format() {
        for valid in [
            "a",
            "a.b-c_d/e",
            "a__b",
            "z9",
            "com.dockerx.a",
            "com.docker",
        ] {
            assert!(is_valid_key(valid), "{valid}");
        }
        for invalid in [
            "",
            "A",
            "aB",
            "1a",
            "a.",
            "a-",
            "a..b",
            "a--b",
            "a:b",
            "é",
            "com.docker.x",
        ] {
            assert!(!is_valid_key(invalid), "{invalid}");
        }
    }
}
