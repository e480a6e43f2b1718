use plimsoll_syntax::dockerfile::{Args, InstructionKind, Word};
use plimsoll_text::{Edit, Fix, TextRange};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` use the exec (JSON array) form.
    ///
    /// ## Why is this bad?
    /// The shell form runs the command as `/bin/sh -c "…"`: the shell is PID 1, so the
    /// application does not receive `SIGTERM` on `docker stop` and is killed after the grace
    /// period; an `ENTRYPOINT` in shell form also ignores `CMD` and `docker run` arguments.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD gunicorn --bind 0.0.0.0:8000 app.wsgi
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app.wsgi"]
    /// ```
    ///
    /// ## Fix
    /// Offered only when the command is plain words (no quotes, variables, globs, operators or
    /// redirections, nothing a shell would interpret), the stage has no `SHELL` instruction and
    /// the command is not a shell builtin (a leading `exec` is dropped). Safe for `CMD` and
    /// `HEALTHCHECK CMD`; unsafe for `ENTRYPOINT`, because an exec-form entrypoint receives
    /// `CMD` as arguments where the shell form ignored it.
    ///
    /// ## See also
    /// BuildKit's `JSONArgsRecommended` finds the same problem.
    pub struct ShellFormCommand {
        code: "DL3025",
        name: "shell-form-command",
        origin: Hadolint,
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for ShellFormCommand {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.is_trigger {
            return;
        }
        let mode = checker.settings.mode;
        let escape = checker.model.dockerfile().escape();
        let args = match (&node.instruction.kind, &node.instruction.args) {
            (InstructionKind::Cmd | InstructionKind::Entrypoint, args) => args,
            (InstructionKind::Healthcheck, Args::Healthcheck { kind, command })
                if kind.as_str().eq_ignore_ascii_case("cmd") =>
            {
                command.as_ref()
            }
            _ => return,
        };
        let command = match (mode, args) {
            (Mode::Plimsoll, Args::Text(command)) => command,
            (Mode::Hadolint, Args::Text(command)) => {
                if !hadolint_reads_json(command.as_str(), escape) {
                    checker.report(node, command.range, MESSAGE);
                }
                return;
            }
            (Mode::Hadolint, Args::Json(words)) => {
                let (Some(first), Some(last)) = (words.first(), words.last()) else {
                    return;
                };
                let array = TextRange::new(first.range.start, last.range.end);
                // The logical line, continuations joined, from its `[` to its `]`.
                let original = node.instruction.original.as_ref();
                let text = match (original.find('['), original.rfind(']')) {
                    (Some(open), Some(close)) if open < close => &original[open..=close],
                    _ => original,
                };
                if !hadolint_reads_json(text, escape) {
                    checker.report(node, array, MESSAGE);
                }
                return;
            }
            _ => return,
        };
        let custom_shell = checker
            .model
            .earlier_in_stage_and_ancestors(node.id)
            .any(|earlier| earlier.kind() == InstructionKind::Shell);
        let fix = (!custom_shell)
            .then(|| exec_form(checker.source(), command))
            .flatten()
            .map(|array| {
                let edits = vec![Edit::replacement(array, command.range)];
                let title = "Use the exec form";
                if node.kind() == InstructionKind::Entrypoint {
                    Fix::unsafe_edits(title, edits)
                } else {
                    Fix::safe(title, edits)
                }
            });
        checker.report(node, command.range, MESSAGE).fix = fix;
    }
}

const MESSAGE: &str = "Use arguments JSON notation for CMD and ENTRYPOINT arguments";

/// Whether hadolint reads `text` as a JSON array (the exec form). Its reader differs from
/// Go's JSON decoder, which BuildKit uses: the escape character is the Dockerfile's (`\` or the
/// `# escape=` one), any character may follow it (`"C:\Ruby\bin"` is accepted), and an escaped
/// escape character before a quote (`\\"`) fails the whole array. When it fails, hadolint sees
/// the shell form.
fn hadolint_reads_json(text: &str, escape: char) -> bool {
    let Some(inner) = text
        .trim()
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    else {
        return false;
    };
    if inner.contains(&format!("{escape}{escape}\"")) {
        return false;
    }
    let mut chars = inner.trim().chars().peekable();
    if chars.peek().is_none() {
        return true;
    }
    loop {
        if chars.next() != Some('"') {
            return false;
        }
        loop {
            match chars.next() {
                None => return false,
                Some('"') => break,
                Some(ch) if ch == escape => {
                    if chars.next().is_none() {
                        return false;
                    }
                }
                Some(_) => {}
            }
        }
        while chars.peek().is_some_and(|ch| ch.is_whitespace()) {
            chars.next();
        }
        match chars.next() {
            None => return true,
            Some(',') => {
                while chars.peek().is_some_and(|ch| ch.is_whitespace()) {
                    chars.next();
                }
            }
            Some(_) => return false,
        }
    }
}

/// Shell builtins with no executable of the same name in common images: in exec form they
/// would not be found.
const BUILTINS: [&str; 17] = [
    ".", "alias", "cd", "eval", "exit", "export", "read", "readonly", "return", "set", "shift",
    "source", "trap", "ulimit", "umask", "unset", "wait",
];

/// The JSON array for a command made of plain words; `None` when a shell would read anything
/// in it differently from a list of words.
pub(crate) fn exec_form(source: &str, command: &Word<'_>) -> Option<String> {
    // A comment line inside the continuation would be deleted with the range.
    if command.range.slice(source).contains('#') {
        return None;
    }
    let mut words: Vec<&str> = command.as_str().split_ascii_whitespace().collect();
    if words.first() == Some(&"exec") {
        words.remove(0);
    }
    let first = *words.first()?;
    if BUILTINS.contains(&first) || first.contains('=') {
        return None;
    }
    let plain = |word: &&str| {
        word.bytes().all(|byte| {
            byte.is_ascii_alphanumeric()
                || matches!(
                    byte,
                    b'-' | b'_' | b'.' | b'/' | b':' | b',' | b'=' | b'+' | b'@'
                )
        })
    };
    if !words.iter().all(plain) {
        return None;
    }
    let quoted: Vec<String> = words.iter().map(|word| format!("\"{word}\"")).collect();
    Some(format!("[{}]", quoted.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::hadolint_reads_json;

    #[test]
    fn hadolint_json_reader() {
        assert!(hadolint_reads_json(
            r#"["C:\Ruby30-x64\bin\ruby.exe"]"#,
            '\\'
        ));
        assert!(hadolint_reads_json(r#"[ "a", "b" ]"#, '\\'));
        assert!(hadolint_reads_json(r#"["a\"b", "\\x"]"#, '\\'));
        assert!(hadolint_reads_json("[]", '\\'));
        assert!(!hadolint_reads_json(r#"["a" "b"]"#, '\\'));
        assert!(!hadolint_reads_json(r#"['a']"#, '\\'));
        assert!(!hadolint_reads_json(r#"["a",]"#, '\\'));
        assert!(!hadolint_reads_json(r#"["a\\"]"#, '\\'));
        assert!(!hadolint_reads_json(r#"["\\\"a"]"#, '\\'));
        // With `# escape=`\``, a backslash escapes nothing.
        assert!(hadolint_reads_json(r#"["C:\\tool", "a`"b"]"#, '`'));
        assert!(!hadolint_reads_json(r#"["a:\"C:\\x\""]"#, '`'));
    }
}
