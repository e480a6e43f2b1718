//! Commands as rules match them: which program runs and with which arguments, the way
//! hadolint sees it (in hadolint mode) or the way the shell does (in plimsoll mode).
//!
//! Two hadolint habits shape this (both verified against hadolint 2.15.1):
//!
//! * Names match exactly: `/usr/bin/yum install x` is not a `yum` command for hadolint, so the
//!   drop-in compares the literal name; plimsoll mode compares the basename.
//! * One level of `builtin X`, `command X` (no options), `busybox X` and
//!   `exec [-c] [-l] [-a NAME] X` runs `X`. hadolint still reads every word after the wrapper
//!   as an argument (`exec yum install x` has the "package" `yum`); plimsoll mode reads the
//!   words after `X`.
//!
//! hadolint joins the strings of an exec-form RUN with spaces and parses the result as shell
//! ([`exec_form_joined`]); rules that count commands or look for pipes need that text.

use plimsoll_syntax::dockerfile::{Args, InstructionKind};
use plimsoll_syntax::shell::{Argv, Command, ParseStatus, ScopeKind, Script, Word, is_flag_word};
use plimsoll_text::Edit;

use super::Node;
use crate::settings::Mode;

/// One command as a rule sees it; see the module documentation.
#[derive(Debug, Clone, Copy)]
pub struct Invocation<'n, 'a> {
    pub command: &'n Command<'a>,
    /// The word naming the program that runs (after a wrapper, the wrapped program).
    pub name: &'n Word<'a>,
    /// The arguments the rule reads.
    pub args: &'n [Word<'a>],
    mode: Mode,
}

impl<'n, 'a> Invocation<'n, 'a> {
    /// Reads `command` in `mode`; `None` for a command without a name (`FOO=1` alone).
    #[must_use]
    pub fn new(command: &'n Command<'a>, mode: Mode) -> Option<Self> {
        let name = command.name()?;
        let (name, args) = match wrapped_program(command) {
            Some(index) => {
                let wrapped = &command.args()[index];
                let args = match mode {
                    Mode::Hadolint => command.args(),
                    Mode::Plimsoll => &command.args()[index + 1..],
                };
                (wrapped, args)
            }
            None => (name, command.args()),
        };
        Some(Self {
            command,
            name,
            args,
            mode,
        })
    }

    /// The mode the invocation was read in.
    #[must_use]
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// True when the program is `program`: by exact name in hadolint mode, by basename in
    /// plimsoll mode (`/usr/bin/yum` is `yum`).
    #[must_use]
    pub fn is(&self, program: &str) -> bool {
        self.program() == Some(program)
    }

    #[must_use]
    pub fn is_any(&self, programs: &[&str]) -> bool {
        self.program()
            .is_some_and(|program| programs.contains(&program))
    }

    /// The name compared by [`Invocation::is`]; `None` when it has an expansion.
    #[must_use]
    pub fn program(&self) -> Option<&'n str> {
        let name = self.name.literal()?;
        Some(match self.mode {
            Mode::Hadolint => name,
            Mode::Plimsoll => plimsoll_syntax::shell::basename(name),
        })
    }

    #[must_use]
    pub fn argv(&self) -> Argv<'n, 'a> {
        Argv::new(self.args)
    }

    #[must_use]
    pub fn has_flag(&self, name: &str) -> bool {
        self.argv().has_flag(name)
    }

    #[must_use]
    pub fn has_any_flag(&self, names: &[&str]) -> bool {
        self.argv().has_any_flag(names)
    }

    /// True when some argument's value is `value`, flags included (hadolint's `cmdHasArgs`).
    #[must_use]
    pub fn has_arg(&self, value: &str) -> bool {
        self.argv().has_arg(value)
    }

    /// True when some argument is any of `values`.
    #[must_use]
    pub fn has_any_arg(&self, values: &[&str]) -> bool {
        self.args.iter().any(|word| values.contains(&word.value()))
    }

    /// The arguments that are not flags (hadolint's flag model: see [`Argv`]).
    #[must_use]
    pub fn args_without_flags(&self, flags_with_values: &[&str]) -> Vec<&'n Word<'a>> {
        self.argv().args_without_flags(flags_with_values)
    }

    /// The first argument that is not a flag.
    #[must_use]
    pub fn subcommand(&self, flags_with_values: &[&str]) -> Option<&'n Word<'a>> {
        self.argv().subcommand(flags_with_values)
    }

    /// The word running one of `subcommands`: in hadolint mode any argument that is one of
    /// them (`yum search install` "installs"), in plimsoll mode the sub-command.
    #[must_use]
    pub fn subcommand_word(
        &self,
        subcommands: &[&str],
        flags_with_values: &[&str],
    ) -> Option<&'n Word<'a>> {
        match self.mode {
            Mode::Hadolint => self
                .args
                .iter()
                .find(|word| subcommands.contains(&word.value())),
            Mode::Plimsoll => self.subcommand(flags_with_values).filter(|word| {
                word.literal()
                    .is_some_and(|name| subcommands.contains(&name))
            }),
        }
    }
}

impl<'a> Node<'a> {
    /// The commands of a RUN as rules match them in `mode` (see [`Invocation`]).
    ///
    /// hadolint joins the strings of an exec-form RUN with spaces before parsing, so in
    /// `["sh", "-c", "a x; b y"]` the script's first command becomes arguments of `sh`
    /// (`sh -c a x`): in hadolint mode that command is left out.
    pub fn invocations(&self, mode: Mode) -> impl Iterator<Item = Invocation<'_, 'a>> {
        let joined_into_sh = match mode {
            Mode::Hadolint => self.exec_form_script_start(),
            Mode::Plimsoll => None,
        };
        self.scripts_in(mode)
            .flat_map(Script::commands)
            .filter(move |command| Some(command.range()) != joined_into_sh)
            .filter_map(move |command| Invocation::new(command, mode))
    }

    /// For `RUN ["sh", "-c", "<script>"]`, the range of the script's first command.
    fn exec_form_script_start(&self) -> Option<plimsoll_text::TextRange> {
        match (&self.instruction.args, self.scripts.get(1)) {
            (Args::Json(_), Some(script)) => script.commands().first().map(Command::range),
            _ => None,
        }
    }

    /// The scripts rules read in `mode`. hadolint gets no command at all from a script its
    /// shell parser rejects, so in hadolint mode such a script is left out.
    pub fn scripts_in(&self, mode: Mode) -> impl Iterator<Item = &Script<'a>> {
        self.scripts
            .iter()
            .filter(move |script| mode == Mode::Plimsoll || hadolint_parses(script))
    }
}

/// Whether ShellCheck's parser (hadolint's) accepts the script, as far as plimsoll can tell:
/// shuck parsed it cleanly, no command is named like `[word]` (ShellCheck wants `[ word ]`),
/// and no `(` follows a plain word (`Write-Host ('x')`, which shuck reads as a subshell).
#[must_use]
pub fn hadolint_parses(script: &Script<'_>) -> bool {
    script.status() == ParseStatus::Clean
        && !script.commands().iter().any(|command| {
            command.name().is_some_and(|name| {
                let text = name.text();
                text.starts_with('[') && text != "[" && text != "[["
            })
        })
        && !script
            .scopes()
            .iter()
            .filter(|scope| matches!(scope.kind(), ScopeKind::Subshell | ScopeKind::Arithmetic))
            .any(|scope| subshell_follows_a_word(script, scope.range().start))
}

/// True when the text before a subshell's `(` ends with a word that cannot precede a
/// compound command.
fn subshell_follows_a_word(script: &Script<'_>, open: u32) -> bool {
    let Some(before) = script
        .source()
        .get(..open.saturating_sub(script.base_offset()) as usize)
    else {
        return false;
    };
    let before = before.trim_end_matches([' ', '\t']);
    let Some(last) = before.chars().last() else {
        return false;
    };
    if matches!(
        last,
        ';' | '&' | '|' | '(' | ')' | '{' | '}' | '\n' | '!' | '`'
    ) {
        return false;
    }
    let word = before
        .rsplit(|ch: char| ch.is_whitespace() || matches!(ch, ';' | '&' | '|' | '(' | ')'))
        .next()
        .unwrap_or_default();
    !matches!(
        word,
        "if" | "then" | "else" | "elif" | "do" | "while" | "until" | "time" | "in" | "!"
    )
}

/// An edit adding `argument` right after `word`, a word of one of `node`'s commands: ` -y` in
/// shell form (also inside the script string of `["sh", "-c", "…"]`), `, "-y"` after a string
/// of an exec-form JSON array.
#[must_use]
pub fn argument_insertion(node: &Node<'_>, word: &Word<'_>, argument: &str) -> Edit {
    let is_json_string = match &node.instruction.args {
        Args::Json(strings) => strings.iter().any(|string| string.range == word.range()),
        _ => false,
    };
    let text = if is_json_string {
        format!(
            ", \"{}\"",
            argument.replace('\\', "\\\\").replace('"', "\\\"")
        )
    } else {
        format!(" {argument}")
    };
    Edit::insertion(text, word.range().end)
}

/// For an exec-form RUN, its strings joined with spaces: the shell text hadolint parses.
#[must_use]
pub fn exec_form_joined(node: &Node<'_>) -> Option<String> {
    if node.kind() != InstructionKind::Run {
        return None;
    }
    let Args::Json(words) = &node.instruction.args else {
        return None;
    };
    Some(
        words
            .iter()
            .map(|word| word.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Index in `command.args()` of the program a wrapper runs (`exec -a name vim` → `vim`).
fn wrapped_program(command: &Command<'_>) -> Option<usize> {
    let args = command.args();
    match command.name_str()? {
        "builtin" | "command" | "busybox" => {
            let first = args.first()?;
            (!first.static_prefix().starts_with('-')).then_some(0)
        }
        "exec" => {
            let mut index = 0;
            while let Some(word) = args.get(index) {
                if word.is("--") {
                    return args.get(index + 1).map(|_| index + 1);
                }
                if !is_flag_word(word) {
                    return Some(index);
                }
                let letters = word.literal()?.strip_prefix('-')?;
                if !letters
                    .chars()
                    .all(|letter| matches!(letter, 'a' | 'c' | 'l'))
                {
                    return None;
                }
                // `-a NAME` sets argv[0]: the name is the next word.
                index += if letters.contains('a') { 2 } else { 1 };
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use plimsoll_syntax::shell::parse_script;

    use super::*;

    fn program_and_args(text: &str, mode: Mode) -> (Option<String>, Vec<String>) {
        let script = parse_script(text, 0);
        let invocation = Invocation::new(&script.commands()[0], mode).expect("a named command");
        (
            invocation.program().map(str::to_owned),
            invocation
                .args
                .iter()
                .map(|word| word.value().to_owned())
                .collect(),
        )
    }

    #[test]
    fn wrappers_run_the_next_program() {
        for (text, program) in [
            ("builtin vim", "vim"),
            ("command vim", "vim"),
            ("busybox wget", "wget"),
            ("exec vim", "vim"),
            ("exec -a name vim", "vim"),
            ("exec -cl vim", "vim"),
            ("exec -la name vim", "vim"),
            ("exec -- vim", "vim"),
            ("command -v vim", "command"),
            ("builtin -- vim", "builtin"),
            ("exec -x vim", "exec"),
            ("exec exec vim", "exec"),
        ] {
            assert_eq!(
                program_and_args(text, Mode::Hadolint).0.as_deref(),
                Some(program),
                "{text}"
            );
        }
    }

    #[test]
    fn hadolint_keeps_the_wrapped_name_among_the_arguments() {
        let (_, args) = program_and_args("exec yum install x", Mode::Hadolint);
        assert_eq!(args, ["yum", "install", "x"]);
        let (_, args) = program_and_args("exec yum install x", Mode::Plimsoll);
        assert_eq!(args, ["install", "x"]);
    }

    #[test]
    fn names_match_exactly_in_hadolint_mode_and_by_basename_otherwise() {
        assert_eq!(
            program_and_args("/usr/bin/yum install x", Mode::Hadolint).0,
            Some("/usr/bin/yum".to_owned())
        );
        assert_eq!(
            program_and_args("/usr/bin/yum install x", Mode::Plimsoll).0,
            Some("yum".to_owned())
        );
        assert_eq!(
            program_and_args("\"vim\" x", Mode::Hadolint).0,
            Some("vim".to_owned())
        );
    }
}

#[cfg(test)]
mod parse_tests {
    use plimsoll_syntax::shell::parse_script;

    use super::hadolint_parses;

    #[test]
    fn scripts_shellcheck_rejects() {
        for (text, parses) in [
            ("echo $((1 + 2)) $(date) `date`", true),
            ("arr=(1 2) && echo ${arr[0]}", true),
            ("if (true); then (a) && (b); fi | (c)", true),
            ("while (( i < 3 )); do (( i++ )); done", true),
            ("! (a) || { b; }", true),
            ("f() (a)", true),
            ("Write-Host ('downloading')", false),
            (
                "iex ((New-Object Net.WebClient).DownloadString('x'))",
                false,
            ),
            ("[Net.ServicePointManager]::SecurityProtocol = 1", false),
            ("echo \"unterminated", false),
        ] {
            assert_eq!(hadolint_parses(&parse_script(text, 0)), parses, "{text}");
        }
    }
}
