use plimsoll_syntax::dockerfile::{Args, InstructionKind};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks that every `WORKDIR` path is absolute.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the previous one, which may be set by a base
    /// image you do not control; the directory the build ends up in is then a guess.
    ///
    /// Paths starting with a variable (`$HOME/app`) or a Windows drive (`C:\app`) are accepted.
    ///
    /// ## Example
    /// ```dockerfile
    /// WORKDIR app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// WORKDIR /app
    /// ```
    ///
    /// ## See also
    /// BuildKit's `WorkdirRelativePath` check finds the same problem.
    pub struct WorkdirNotAbsolute {
        code: "DL3000",
        name: "workdir-not-absolute",
        origin: Hadolint,
        severity: Error,
        fix: None,
    }
}

impl Rule for WorkdirNotAbsolute {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Workdir {
            return;
        }
        let Args::Text(path) = &node.instruction.args else {
            return;
        };
        let unquoted = path.as_str().trim_matches(|ch| ch == '"' || ch == '\'');
        if !is_absolute(unquoted) {
            checker.report(node, path.range, "Use absolute WORKDIR");
        }
    }
}

fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('$')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}
