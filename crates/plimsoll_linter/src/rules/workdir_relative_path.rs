use plimsoll_syntax::dockerfile::go_quote;
use plimsoll_syntax::dockerfile::instructions::Command;

use crate::buildkit::report;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks that the first `WORKDIR` of a build is absolute, after variable expansion. Once
    /// a stage (or a stage it is built on) has set a `WORKDIR`, later relative ones are fine:
    /// they are relative to a directory the Dockerfile chose.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the base image's working directory, which the
    /// base image can change in any release.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// WORKDIR app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12
    /// WORKDIR /app
    /// ```
    ///
    /// ## See also
    /// hadolint's `DL3000` finds the same problem on the written path (every `WORKDIR`, paths
    /// starting with `$` accepted). Keep one with `ignore = ["DL3000"]` or
    /// `ignore = ["WorkdirRelativePath"]`.
    /// <https://docs.docker.com/go/dockerfile/rule/workdir-relative-path/>.
    pub struct WorkdirRelativePath {
        code: "WorkdirRelativePath",
        name: "workdir-relative-path",
        origin: BuildKit,
        severity: Warning,
        fix: None,
    }
}

impl Rule for WorkdirRelativePath {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let Some(build) = checker.build() else { return };
        for step in build.steps() {
            if !matches!(step.typed.command, Command::Workdir(_)) || step.workdir_set {
                continue;
            }
            let Some(word) = step.words.first() else {
                continue;
            };
            let Some(path) = &word.value else {
                continue;
            };
            if path.starts_with('/') {
                continue;
            }
            let message = format!(
                "Relative workdir {} can have unexpected results if the base image changes",
                go_quote(path)
            );
            report(checker, step.location, word.token, message);
        }
    }
}
