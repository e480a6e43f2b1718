use plimsoll_syntax::dockerfile::go_quote;
use plimsoll_syntax::dockerfile::instructions::Command;
use plimsoll_syntax::gocompat::clean;

use crate::buildkit::report;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;

declare_rule! {
    /// ## What it does
    /// Checks for `COPY` (from the build context) and `ADD` sources that the build context's
    /// ignore file excludes: `<Dockerfile>.dockerignore` next to the Dockerfile, else
    /// `.dockerignore` at the root of the context.
    ///
    /// Like BuildKit, the source is compared after variable expansion and `filepath.Clean`,
    /// globs as literal text, and it is excluded when it or a parent directory matches. An
    /// ignore file with any `!` exception turns the check off (what an exception re-includes
    /// cannot be decided without the files), and `COPY . .` is reported only when the ignore
    /// file excludes everything (`*`, `**` or `**/*`).
    ///
    /// The check needs the build context: it runs when the linter is given one (the CLI passes
    /// the Dockerfile's directory), never on standard input.
    ///
    /// ## Why is this bad?
    /// The file is not sent to the builder: the build fails with `not found`, or a glob
    /// silently copies less than intended.
    ///
    /// ## Example
    /// With a `.dockerignore` containing `*.md`:
    /// ```dockerfile
    /// COPY README.md /app/
    /// ```
    ///
    /// Use instead: remove the `COPY`, or re-include the file in `.dockerignore`
    /// (`!README.md`).
    ///
    /// ## See also
    /// <https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/>.
    pub struct CopyIgnoredFile {
        code: "CopyIgnoredFile",
        name: "copy-ignored-file",
        origin: BuildKit,
        severity: Warning,
        fix: None,
    }
}

impl Rule for CopyIgnoredFile {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let (Some(build), Some(ignore)) = (checker.build(), checker.dockerignore()) else {
            return;
        };
        if ignore.has_exclusions() {
            return;
        }
        let excludes_everything = ignore
            .patterns()
            .iter()
            .any(|pattern| matches!(pattern.text.as_str(), "*" | "**" | "**/*"));
        for step in build.steps() {
            let verb = match step.typed.command {
                Command::Copy { .. } => "Copy",
                Command::Add { .. } => "Add",
                _ => continue,
            };
            for source in &step.context_sources {
                let path = clean(&source.path);
                let excluded = if path == "." || path == "/" {
                    excludes_everything
                } else {
                    ignore.is_excluded(&path).unwrap_or(false)
                };
                if excluded {
                    let message = format!(
                        "Attempting to {verb} file {} that is excluded by .dockerignore",
                        go_quote(&path)
                    );
                    report(checker, step.location, source.token, message);
                }
            }
        }
    }
}
