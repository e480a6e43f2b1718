use std::collections::HashSet;

use plimsoll_syntax::dockerfile::{Args, InstructionKind};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::words::sub_range;
use crate::semantic::Node;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for an `ENV` that sets several variables and uses one of them in another's
    /// value.
    ///
    /// ## Why is this bad?
    /// All values of one `ENV` are expanded before any of its variables is set: in
    /// `ENV DIR=/app BIN=$DIR/bin`, `$DIR` is not `/app` but whatever `DIR` was before (usually
    /// empty). Variables defined by an earlier `ENV` or `ARG` are not reported, since then
    /// the earlier value is what is meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ENV APP_HOME=/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint looks for `$NAME`/`${NAME}` as text, so it reports `'$NAME'` and `\$NAME`,
    /// which are not expanded, and misses `${NAME:-default}`. plimsoll reads the value as
    /// BuildKit does. The hadolint drop-in keeps hadolint's behaviour.
    pub struct EnvSelfReference {
        code: "DL3044",
        name: "env-self-reference",
        origin: Hadolint,
        severity: Error,
        fix: None,
    }
}

impl Rule for EnvSelfReference {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Env || node.is_trigger {
            return;
        }
        let Args::KeyValues(pairs) = &node.instruction.args else {
            return;
        };
        if pairs.len() < 2 {
            return;
        }
        let defined = defined_before(checker, node);
        let mode = checker.settings.mode;
        for (index, pair) in pairs.iter().enumerate() {
            let value = pair.value.as_str();
            let reference = pairs
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != index)
                .map(|(_, other)| other.key.as_str())
                .filter(|name| !defined.contains(name))
                .find_map(|name| match mode {
                    Mode::Hadolint => hadolint_reference(value, name),
                    Mode::Plimsoll => expanded_reference(value, name),
                });
            if let Some((start, end)) = reference {
                let range = sub_range(checker.source(), &pair.value, start, end);
                checker.report(
                    node,
                    range,
                    "Do not refer to an environment variable within the same `ENV` statement where it is defined.",
                );
                if mode == Mode::Hadolint {
                    return;
                }
            }
        }
    }
}

/// Names set by an ENV or declared by an ARG above `node`, anywhere in the file (hadolint reads
/// one name per ARG instruction, the first; plimsoll reads them all).
fn defined_before<'m>(checker: &Checker<'m, '_>, node: &Node<'_>) -> HashSet<&'m str> {
    let mut defined = HashSet::new();
    for earlier in &checker.model.nodes()[..node.id.index()] {
        match &earlier.instruction.args {
            Args::KeyValues(pairs) if earlier.kind() == InstructionKind::Env => {
                defined.extend(pairs.iter().map(|pair| pair.key.as_str()));
            }
            Args::Names(names) if earlier.kind() == InstructionKind::Arg => {
                let take = match checker.settings.mode {
                    Mode::Hadolint => 1,
                    Mode::Plimsoll => names.len(),
                };
                defined.extend(names.iter().take(take).map(|name| name.key.as_str()));
            }
            _ => {}
        }
    }
    defined
}

fn is_identifier_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// hadolint's test: `${NAME}`, or `$NAME` not followed by an identifier character.
fn hadolint_reference(value: &str, name: &str) -> Option<(usize, usize)> {
    let braced = format!("${{{name}}}");
    if let Some(start) = value.find(&braced) {
        return Some((start, start + braced.len()));
    }
    let plain = format!("${name}");
    value.match_indices(&plain).find_map(|(start, _)| {
        let end = start + plain.len();
        let followed_by_identifier = value
            .as_bytes()
            .get(end)
            .is_some_and(|&byte| is_identifier_byte(byte));
        (!followed_by_identifier).then_some((start, end))
    })
}

/// Where `value` expands `name` (`$NAME`, `${NAME}`, `${NAME:-…}` …), skipping single-quoted
/// text and escaped `\$`, as BuildKit's word lexer does.
fn expanded_reference(value: &str, name: &str) -> Option<(usize, usize)> {
    let bytes = value.as_bytes();
    let mut index = 0;
    let mut in_double = false;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'\'' if !in_double => {
                index += 1;
                while index < bytes.len() && bytes[index] != b'\'' {
                    index += 1;
                }
                index += 1;
            }
            b'"' => {
                in_double = !in_double;
                index += 1;
            }
            b'$' => {
                let start = index;
                let braced = bytes.get(index + 1) == Some(&b'{');
                let name_start = index + 1 + usize::from(braced);
                let mut name_end = name_start;
                while name_end < bytes.len() && is_identifier_byte(bytes[name_end]) {
                    name_end += 1;
                }
                if &value[name_start..name_end] == name {
                    let end = if braced {
                        value[name_end..]
                            .find('}')
                            .map_or(name_end, |close| name_end + close + 1)
                    } else {
                        name_end
                    };
                    return Some((start, end));
                }
                index = name_end.max(index + 1);
            }
            _ => index += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hadolint_matches_text() {
        assert_eq!(hadolint_reference("$A/x", "A"), Some((0, 2)));
        assert_eq!(hadolint_reference("${A}x", "A"), Some((0, 4)));
        assert_eq!(hadolint_reference("$Ax", "A"), None);
        assert_eq!(hadolint_reference("'$A'", "A"), Some((1, 3)));
        assert_eq!(hadolint_reference("${A:-x}", "A"), None);
    }

    #[test]
    fn plimsoll_matches_expansions() {
        assert_eq!(expanded_reference("$A/x", "A"), Some((0, 2)));
        assert_eq!(expanded_reference("${A:-x}", "A"), Some((0, 7)));
        assert_eq!(expanded_reference("\"$A\"", "A"), Some((1, 3)));
        assert_eq!(expanded_reference("'$A'", "A"), None);
        assert_eq!(expanded_reference("\\$A", "A"), None);
        assert_eq!(expanded_reference("$Ax", "A"), None);
        assert_eq!(expanded_reference("\"'$A'\"", "A"), Some((2, 4)));
    }
}
