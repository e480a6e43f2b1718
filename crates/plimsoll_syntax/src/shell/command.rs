//! Simple commands and what hangs off them: assignments, redirects, heredocs, context.

use std::borrow::Cow;

use plimsoll_text::TextRange;

use super::argv::{Argv, FlagValue};
use super::script::{OperatorKind, PipelineId, ScopeId};
use super::word::{Word, WordPartKind, basename};

/// Index of a command in [`super::Script::commands`] (source order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommandId(pub(crate) u32);

impl CommandId {
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a heredoc in [`super::Script::heredocs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HeredocId(pub(crate) u32);

impl HeredocId {
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How shuck classified the command; the model treats all three alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    /// An ordinary command (`apt-get install …`), or assignments alone (`FOO=1`).
    Simple,
    /// `export`, `declare`, `local`, `readonly`, `typeset`.
    Declaration,
    /// `break`, `continue`, `return`, `exit`.
    Control,
}

/// Where a command sits in the script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandContext {
    /// The innermost scope (the script itself, a subshell, `$( )`, an `if` …).
    pub scope: ScopeId,
    /// The pipeline this command is an element of (every command is in one, maybe of length 1).
    pub pipeline: PipelineId,
    /// Position within that pipeline, from 0.
    pub position: u32,
    /// Number of elements in that pipeline.
    pub pipeline_len: u32,
    /// The operator before this command in its own list (`|` inside a pipeline, else what
    /// precedes the pipeline: `&&`, `||`, `;`, `&`, newline), `None` at the start of a list.
    pub before: Option<OperatorKind>,
    /// The operator after this command in its own list, `None` at the end of a list.
    pub after: Option<OperatorKind>,
    /// The pipeline is negated with `!`.
    pub negated: bool,
}

impl CommandContext {
    /// True when this command is piped into or from another element.
    #[must_use]
    pub fn is_piped(&self) -> bool {
        self.pipeline_len > 1
    }
}

/// One simple command: `FOO=1 apt-get install -y curl > /dev/null`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command<'src> {
    pub(crate) id: CommandId,
    pub(crate) kind: CommandKind,
    pub(crate) range: TextRange,
    pub(crate) assignments: Vec<Assignment<'src>>,
    pub(crate) name: Option<Word<'src>>,
    pub(crate) args: Vec<Word<'src>>,
    pub(crate) redirects: Vec<Redirect<'src>>,
    pub(crate) context: CommandContext,
}

impl<'src> Command<'src> {
    #[must_use]
    pub fn id(&self) -> CommandId {
        self.id
    }

    #[must_use]
    pub fn kind(&self) -> CommandKind {
        self.kind
    }

    /// From the first assignment, name, argument or redirect to the last.
    #[must_use]
    pub fn range(&self) -> TextRange {
        self.range
    }

    #[must_use]
    pub fn context(&self) -> &CommandContext {
        &self.context
    }

    /// Leading assignments (`FOO=bar cmd`); a command may consist of assignments alone.
    #[must_use]
    pub fn assignments(&self) -> &[Assignment<'src>] {
        &self.assignments
    }

    /// The command name word, after the leading assignments; `None` for `FOO=bar` alone.
    #[must_use]
    pub fn name(&self) -> Option<&Word<'src>> {
        self.name.as_ref()
    }

    /// The command name after quote removal, when it has no expansion.
    #[must_use]
    pub fn name_str(&self) -> Option<&str> {
        self.name.as_ref().and_then(Word::literal)
    }

    /// The last path component of the name: `/usr/bin/apt-get` → `apt-get`.
    #[must_use]
    pub fn basename(&self) -> Option<&str> {
        self.name_str().map(basename)
    }

    /// True when the command is `name`, by basename (`is("apt-get")` matches `/usr/bin/apt-get`).
    #[must_use]
    pub fn is(&self, name: &str) -> bool {
        self.basename() == Some(name)
    }

    /// True when the command is any of `names`, by basename.
    #[must_use]
    pub fn is_any(&self, names: &[&str]) -> bool {
        self.basename().is_some_and(|base| names.contains(&base))
    }

    /// The arguments after the name (flags included), in order.
    #[must_use]
    pub fn args(&self) -> &[Word<'src>] {
        &self.args
    }

    /// The arguments as an [`Argv`] for flag and positional-argument queries.
    #[must_use]
    pub fn argv(&self) -> Argv<'_, 'src> {
        Argv::new(&self.args)
    }

    #[must_use]
    pub fn redirects(&self) -> &[Redirect<'src>] {
        &self.redirects
    }

    /// See [`Argv::has_flag`].
    #[must_use]
    pub fn has_flag(&self, name: &str) -> bool {
        self.argv().has_flag(name)
    }

    /// See [`Argv::has_any_flag`].
    #[must_use]
    pub fn has_any_flag(&self, names: &[&str]) -> bool {
        self.argv().has_any_flag(names)
    }

    /// See [`Argv::flag_count`].
    #[must_use]
    pub fn flag_count(&self, name: &str) -> usize {
        self.argv().flag_count(name)
    }

    /// See [`Argv::flag_value`].
    #[must_use]
    pub fn flag_value<'a>(&'a self, name: &'a str) -> Option<FlagValue<'a>> {
        self.argv().flag_value(name)
    }

    /// See [`Argv::has_arg`].
    #[must_use]
    pub fn has_arg(&self, value: &str) -> bool {
        self.argv().has_arg(value)
    }

    /// See [`Argv::args_without_flags`].
    #[must_use]
    pub fn args_without_flags(&self, flags_with_values: &[&str]) -> Vec<&Word<'src>> {
        self.argv().args_without_flags(flags_with_values)
    }

    /// See [`Argv::subcommand`].
    #[must_use]
    pub fn subcommand(&self, flags_with_values: &[&str]) -> Option<&Word<'src>> {
        self.argv().subcommand(flags_with_values)
    }

    /// True when the first positional argument is `subcommand` (`apt-get -y install` → `install`).
    #[must_use]
    pub fn has_subcommand(&self, subcommand: &str, flags_with_values: &[&str]) -> bool {
        self.subcommand(flags_with_values)
            .is_some_and(|word| word.is(subcommand))
    }

    /// For `python… [-flags] -m <module> args…` (also `-m<module>`), the arguments after the
    /// module name: `python3 -m pip install x` → `python_module("pip")` = `install x`.
    /// `None` when the command is not a `python*` or does not run `module`.
    #[must_use]
    pub fn python_module(&self, module: &str) -> Option<Argv<'_, 'src>> {
        if !self.basename()?.starts_with("python") {
            return None;
        }
        let mut index = 0;
        while let Some(word) = self.args.get(index) {
            let value = word.literal()?;
            if value == "-m" {
                let next = self.args.get(index + 1)?;
                return next.is(module).then(|| Argv::new(&self.args[index + 2..]));
            }
            if let Some(attached) = value.strip_prefix("-m") {
                return (attached == module).then(|| Argv::new(&self.args[index + 1..]));
            }
            if !value.starts_with('-') || value == "-" || value == "--" {
                // A script path or `-` (stdin): the interpreter runs that, not a module.
                return None;
            }
            index += 1;
        }
        None
    }

    /// True for shell builtins (by name, as bash knows them): `cd`, `set`, `export`, `echo` ….
    #[must_use]
    pub fn is_builtin(&self) -> bool {
        self.name_str()
            .is_some_and(|name| BASH_BUILTINS.contains(&name))
    }

    /// For `set`, the shell options it turns on or off, in order: `set -euxo pipefail` →
    /// `errexit`, `nounset`, `xtrace`, `pipefail` (all on); `set +o pipefail` → off.
    /// Single-letter options are reported by their long name where bash has one.
    #[must_use]
    pub fn shell_option_changes(&self) -> Vec<ShellOptionChange<'_>> {
        let mut changes = Vec::new();
        if self.name_str() != Some("set") {
            return changes;
        }
        let mut words = self.args.iter();
        while let Some(word) = words.next() {
            let Some(value) = word.literal() else {
                continue;
            };
            let enabled = match value.as_bytes().first() {
                Some(b'-') => true,
                Some(b'+') => false,
                _ => break, // positional parameters start here
            };
            if value == "--" || value == "-" {
                break;
            }
            for letter in value[1..].chars() {
                if letter == 'o' {
                    if let Some(option) = words.next().and_then(Word::literal) {
                        changes.push(ShellOptionChange {
                            name: Cow::Borrowed(option),
                            enabled,
                        });
                    }
                } else if let Some(name) = short_option_name(letter) {
                    changes.push(ShellOptionChange {
                        name: Cow::Borrowed(name),
                        enabled,
                    });
                } else {
                    changes.push(ShellOptionChange {
                        name: Cow::Owned(letter.to_string()),
                        enabled,
                    });
                }
            }
        }
        changes
    }

    /// For `sh -c '<script>'` (also `bash`, `dash`, `ash`, `zsh`, `ksh`, `-ec`, `-xc` …), the
    /// script text and the Dockerfile offset of its first byte, when the text is exactly the
    /// source bytes (single-quoted, or unquoted/double-quoted without escapes or expansions),
    /// so `parse_script(text, offset)` yields exact ranges again.
    #[must_use]
    pub fn inline_script(&self) -> Option<(&'src str, u32)> {
        if !self.is_any(&["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"]) {
            return None;
        }
        let index = self.args.iter().position(|word| {
            word.literal().is_some_and(|value| {
                value.starts_with('-') && !value.starts_with("--") && value.ends_with('c')
            })
        })?;
        let script = self.args.get(index + 1)?;
        if script.has_expansion() {
            return None;
        }
        let [part] = script.parts() else {
            return None;
        };
        let inner = match part.kind {
            WordPartKind::SingleQuoted | WordPartKind::DoubleQuoted => {
                let text = script.text();
                if text.starts_with('$') {
                    return None;
                }
                (1, text.len().checked_sub(1)?)
            }
            WordPartKind::Literal => (0, script.text().len()),
            _ => return None,
        };
        let body = script.text().get(inner.0..inner.1)?;
        if body != script.value() {
            return None;
        }
        Some((body, script.range().start + u32::try_from(inner.0).ok()?))
    }
}

/// One `set` option change; see [`Command::shell_option_changes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellOptionChange<'a> {
    pub name: Cow<'a, str>,
    pub enabled: bool,
}

fn short_option_name(letter: char) -> Option<&'static str> {
    Some(match letter {
        'a' => "allexport",
        'b' => "notify",
        'e' => "errexit",
        'f' => "noglob",
        'h' => "hashall",
        'k' => "keyword",
        'm' => "monitor",
        'n' => "noexec",
        'p' => "privileged",
        't' => "onecmd",
        'u' => "nounset",
        'v' => "verbose",
        'x' => "xtrace",
        'B' => "braceexpand",
        'C' => "noclobber",
        'E' => "errtrace",
        'H' => "histexpand",
        'P' => "physical",
        'T' => "functrace",
        _ => return None,
    })
}

const BASH_BUILTINS: &[&str] = &[
    ":",
    ".",
    "[",
    "alias",
    "bg",
    "bind",
    "break",
    "builtin",
    "caller",
    "cd",
    "command",
    "compgen",
    "complete",
    "compopt",
    "continue",
    "declare",
    "dirs",
    "disown",
    "echo",
    "enable",
    "eval",
    "exec",
    "exit",
    "export",
    "false",
    "fc",
    "fg",
    "getopts",
    "hash",
    "help",
    "history",
    "jobs",
    "kill",
    "let",
    "local",
    "logout",
    "mapfile",
    "popd",
    "printf",
    "pushd",
    "pwd",
    "read",
    "readarray",
    "readonly",
    "return",
    "set",
    "shift",
    "shopt",
    "source",
    "suspend",
    "test",
    "times",
    "trap",
    "true",
    "type",
    "typeset",
    "ulimit",
    "umask",
    "unalias",
    "unset",
    "wait",
];

/// `NAME=value`, `NAME+=value` or `NAME=(array)` before a command name (or as a declaration
/// operand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment<'src> {
    pub(crate) range: TextRange,
    pub(crate) name: &'src str,
    pub(crate) value: Option<Word<'src>>,
    pub(crate) append: bool,
}

impl<'src> Assignment<'src> {
    #[must_use]
    pub fn range(&self) -> TextRange {
        self.range
    }

    /// The variable name (`FOO`, or `arr[1]` with its subscript).
    #[must_use]
    pub fn name(&self) -> &'src str {
        self.name
    }

    /// The scalar value; `None` for an array value `NAME=(…)`.
    #[must_use]
    pub fn value(&self) -> Option<&Word<'src>> {
        self.value.as_ref()
    }

    /// `NAME+=value`.
    #[must_use]
    pub fn is_append(&self) -> bool {
        self.append
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RedirectKind {
    /// `>`
    Output,
    /// `>|`
    Clobber,
    /// `>>`
    Append,
    /// `<`
    Input,
    /// `<>`
    ReadWrite,
    /// `<<`
    HereDoc,
    /// `<<-`
    HereDocStrip,
    /// `<<<`
    HereString,
    /// `>&`
    DupOutput,
    /// `<&`
    DupInput,
    /// `&>`
    OutputBoth,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectTarget<'src> {
    Word(Word<'src>),
    Heredoc(HeredocId),
}

/// `2> /dev/null`, `< file`, `<<EOF` ….
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect<'src> {
    pub(crate) range: TextRange,
    pub(crate) kind: RedirectKind,
    pub(crate) fd: Option<i32>,
    pub(crate) target: RedirectTarget<'src>,
}

impl<'src> Redirect<'src> {
    /// The operator and its target (for a heredoc, the operator and the delimiter word).
    #[must_use]
    pub fn range(&self) -> TextRange {
        self.range
    }

    #[must_use]
    pub fn kind(&self) -> RedirectKind {
        self.kind
    }

    /// The explicit file descriptor (`2>`), if written.
    #[must_use]
    pub fn fd(&self) -> Option<i32> {
        self.fd
    }

    #[must_use]
    pub fn target(&self) -> &RedirectTarget<'src> {
        &self.target
    }

    /// The target word, unless this is a heredoc.
    #[must_use]
    pub fn target_word(&self) -> Option<&Word<'src>> {
        match &self.target {
            RedirectTarget::Word(word) => Some(word),
            RedirectTarget::Heredoc(_) => None,
        }
    }
}

/// A heredoc written inside the shell text (`cat <<EOF > /etc/conf …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc<'src> {
    pub(crate) id: HeredocId,
    pub(crate) delimiter: String,
    pub(crate) delimiter_range: TextRange,
    pub(crate) quoted: bool,
    pub(crate) strip_tabs: bool,
    pub(crate) body_range: TextRange,
    pub(crate) body: &'src str,
    pub(crate) owner: Option<CommandId>,
    pub(crate) scope: ScopeId,
}

impl<'src> Heredoc<'src> {
    #[must_use]
    pub fn id(&self) -> HeredocId {
        self.id
    }

    /// The delimiter after quote removal (`'EOF'` → `EOF`).
    #[must_use]
    pub fn delimiter(&self) -> &str {
        &self.delimiter
    }

    /// The delimiter word as written after `<<`.
    #[must_use]
    pub fn delimiter_range(&self) -> TextRange {
        self.delimiter_range
    }

    /// The delimiter was quoted, so the body is not expanded.
    #[must_use]
    pub fn is_quoted(&self) -> bool {
        self.quoted
    }

    /// `<<-`: leading tabs are stripped from body lines.
    #[must_use]
    pub fn strips_tabs(&self) -> bool {
        self.strip_tabs
    }

    /// The raw body lines, without the closing delimiter line.
    #[must_use]
    pub fn body(&self) -> &'src str {
        self.body
    }

    #[must_use]
    pub fn body_range(&self) -> TextRange {
        self.body_range
    }

    /// The command whose redirect opened this heredoc (`None` for one on a compound command).
    #[must_use]
    pub fn owner(&self) -> Option<CommandId> {
        self.owner
    }

    #[must_use]
    pub fn scope(&self) -> ScopeId {
        self.scope
    }
}

#[cfg(test)]
mod tests {
    use crate::shell::parse_script;

    #[test]
    fn names_match_by_basename() {
        let script = parse_script(
            "/usr/bin/apt-get install x; \"$APT\" install y; ./apt-get",
            0,
        );
        let [absolute, dynamic, relative] = script.commands() else {
            panic!("three commands expected");
        };
        assert!(absolute.is("apt-get") && absolute.is_any(&["apt", "apt-get"]));
        assert_eq!(absolute.name_str(), Some("/usr/bin/apt-get"));
        assert_eq!(dynamic.name_str(), None);
        assert!(!dynamic.is("apt-get") && !dynamic.is("$APT"));
        assert!(relative.is("apt-get"));
    }

    #[test]
    fn subcommand_skips_flags() {
        let script = parse_script("apt-get -y -o Dpkg::Options::=--force-confnew install x", 0);
        let command = &script.commands()[0];
        assert!(command.has_subcommand("install", &["o"]));
        assert!(!command.has_subcommand("install", &[]));
    }

    #[test]
    fn python_module_stops_at_a_script() {
        let script = parse_script(
            "python3 script.py -m pip install x; python -c 'x' -m pip",
            0,
        );
        assert!(script.commands()[0].python_module("pip").is_none());
        // `-c` is treated as a flag without value; the next word is not `-m`.
        assert!(script.commands()[1].python_module("pip").is_none());
    }

    #[test]
    fn builtins_by_name() {
        let script = parse_script("cd /x; set -e; echo hi; apt-get update; [ -f x ]", 0);
        let builtins: Vec<bool> = script.commands().iter().map(|c| c.is_builtin()).collect();
        assert_eq!(builtins, [true, true, true, false, true]);
    }

    #[test]
    fn inline_script_needs_exact_source_text() {
        let script = parse_script(
            r#"sh -c "echo \"hi\""; sh -c x; sh -xec 'a; b'; sh script.sh; bash --norc -c 'z'; sh -c $'a\tb'"#,
            10,
        );
        let inline: Vec<Option<(&str, u32)>> = script
            .commands()
            .iter()
            .map(|c| c.inline_script())
            .collect();
        assert_eq!(
            inline,
            [
                None,
                Some(("x", 37)),
                Some(("a; b", 49)),
                None,
                Some(("z", 86)),
                None
            ]
        );
        for (text, offset) in inline.into_iter().flatten() {
            let start = (offset - 10) as usize;
            assert_eq!(&script.source()[start..start + text.len()], text);
        }
    }
}
