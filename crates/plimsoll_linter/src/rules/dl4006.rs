use plimsoll_syntax::dockerfile::{Args, InstructionKind};
use plimsoll_syntax::shell::{Script, basename, parse_script};
use plimsoll_text::TextRange;

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::{Node, exec_form_joined, hadolint_parses};
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for pipes in `RUN` when the shell does not run with `-o pipefail`.
    ///
    /// ## Why is this bad?
    /// A pipeline's exit status is its last command's: in `RUN curl -fsSL $URL | tar -xz`, a
    /// failed download still lets the build go on with whatever `tar` made of nothing.
    /// `set -o pipefail` makes the pipeline fail when any part of it fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
    /// ```
    ///
    /// The `SHELL` must be `bash`, `zsh` or `ash` with `-o pipefail`; a `SHELL` for PowerShell
    /// or `cmd` turns the check off. It applies from the `SHELL` to the end of its stage.
    ///
    /// ## Differences from hadolint
    /// hadolint ignores `set -o pipefail` in the `RUN` itself, accepts only the exact names
    /// `bash`, `zsh`, `ash`, `/bin/bash`, `/bin/zsh` and `/bin/ash`, and accepts a `SHELL`
    /// with any `-o` and any `pipefail` word (`["bash", "-o", "nounset", "-c", "pipefail"]`).
    /// plimsoll mode counts a pipe as covered when a `set -o pipefail` ran before it in the
    /// same shell, reads the shell by basename (also after `/usr/bin/env`, also `ksh` and
    /// `mksh`) and wants `pipefail` right after `-o`. In the exec form, which no `SHELL` runs,
    /// it looks at the script of `sh -c '…'`.
    pub struct PipeWithoutPipefail {
        code: "DL4006",
        name: "pipe-without-pipefail",
        origin: Hadolint,
        severity: Warning,
        fix: None,
    }
}

const MESSAGE: &str = "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check";

impl Rule for PipeWithoutPipefail {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.is_trigger || !node.is(InstructionKind::Run) {
            return;
        }
        let mode = checker.settings.mode;
        let pipe = match mode {
            Mode::Hadolint => {
                if !shell_allows_pipes(checker, node, hadolint_shell_ok) {
                    return;
                }
                hadolint_pipe(node)
            }
            Mode::Plimsoll => {
                if node.instruction.args.is_json() {
                    exec_form_pipe(node)
                } else if shell_allows_pipes(checker, node, shell_has_pipefail) {
                    node.scripts.iter().find_map(uncovered_pipe)
                } else {
                    None
                }
            }
        };
        if let Some(range) = pipe {
            checker.report(node, range, MESSAGE);
        }
    }
}

/// What the last `SHELL` of the stage before `node` says: `true` when pipes need pipefail
/// (no `SHELL`, or a POSIX shell without it).
fn shell_allows_pipes(
    checker: &Checker<'_, '_>,
    node: &Node<'_>,
    has_pipefail: fn(&[&str]) -> bool,
) -> bool {
    let Some(shell) = checker
        .model
        .earlier_in_stage(node.id)
        .find(|earlier| earlier.is(InstructionKind::Shell))
    else {
        return true;
    };
    let Args::Json(words) = &shell.instruction.args else {
        return true;
    };
    let words: Vec<&str> = words.iter().map(|word| word.as_str()).collect();
    let joined = words.join(" ");
    let non_posix = match checker.settings.mode {
        Mode::Hadolint => ["pwsh", "powershell", "cmd"]
            .iter()
            .any(|prefix| joined.starts_with(prefix)),
        Mode::Plimsoll => words.first().is_some_and(|program| {
            let base = program
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(program)
                .to_ascii_lowercase();
            ["pwsh", "powershell", "cmd"]
                .iter()
                .any(|prefix| base.starts_with(prefix))
        }),
    };
    !non_posix && !has_pipefail(&words)
}

/// hadolint: the `SHELL` strings joined and parsed as a command named `bash`, `zsh`, `ash`
/// (or `/bin/` of those) with some `-o` flag and some `pipefail` argument.
fn hadolint_shell_ok(words: &[&str]) -> bool {
    let joined = words.join(" ");
    let script = parse_script(&joined, 0);
    script.commands().first().is_some_and(|command| {
        command.name_str().is_some_and(|name| {
            matches!(
                name,
                "bash" | "zsh" | "ash" | "/bin/bash" | "/bin/zsh" | "/bin/ash"
            )
        }) && command.has_flag("o")
            && command.has_arg("pipefail")
    })
}

/// plimsoll: a shell that knows pipefail (by basename, also after `env`), with `pipefail`
/// right after a `-o` (or `-…o`) option.
fn shell_has_pipefail(words: &[&str]) -> bool {
    let mut rest = words;
    if rest
        .first()
        .is_some_and(|program| basename(program) == "env")
    {
        rest = &rest[1..];
        while rest.first().is_some_and(|word| word.starts_with('-')) {
            rest = &rest[1..];
        }
    }
    let Some((program, options)) = rest.split_first() else {
        return false;
    };
    if !["bash", "zsh", "ash", "ksh", "mksh"].contains(&basename(program)) {
        return false;
    }
    options.windows(2).any(|pair| {
        pair[1] == "pipefail"
            && pair[0].len() >= 2
            && pair[0].starts_with('-')
            && !pair[0].starts_with("--")
            && pair[0].ends_with('o')
    })
}

/// hadolint: the first pipe anywhere in the RUN (exec form: in its joined strings).
fn hadolint_pipe(node: &Node<'_>) -> Option<TextRange> {
    if let Some(joined) = exec_form_joined(node) {
        let script = parse_script(&joined, 0);
        if !hadolint_parses(&script) || !script.has_pipe() {
            return None;
        }
        let Args::Json(words) = &node.instruction.args else {
            return None;
        };
        // No exact position in the joined text: point at the string holding the pipe.
        return words
            .iter()
            .find(|word| word.as_str().contains('|'))
            .or(words.first())
            .map(|word| word.range);
    }
    node.scripts_in(Mode::Hadolint)
        .flat_map(|script| script.pipelines())
        .flat_map(|pipeline| pipeline.pipes())
        .map(|pipe| pipe.range)
        .min_by_key(|range| range.start)
}

/// plimsoll: the first pipe not preceded by `set -o pipefail` in the same shell.
fn uncovered_pipe(script: &Script<'_>) -> Option<TextRange> {
    script
        .pipelines()
        .iter()
        .flat_map(|pipeline| pipeline.pipes())
        .map(|pipe| pipe.range)
        .filter(|range| !script.option_enabled_at("pipefail", range.start))
        .min_by_key(|range| range.start)
}

/// plimsoll, exec form: a pipe in the script of `["sh", "-c", "…"]`.
fn exec_form_pipe(node: &Node<'_>) -> Option<TextRange> {
    let command = node.commands().next()?;
    let (text, offset) = command.inline_script()?;
    uncovered_pipe(&parse_script(text, offset))
}
