use plimsoll_syntax::dockerfile::Item;

use crate::checker::Checker;
use crate::declare_rule;
use crate::pragma::{IgnoreScope, Pragma, PragmaSyntax, parse_pragma};
use crate::registry::Rule;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Reports inline ignore pragmas: `# hadolint ignore=…` (and, outside the hadolint
    /// drop-in, `# plimsoll ignore=…`) above an instruction. Off by default.
    ///
    /// ## Why is this bad?
    /// A team that enforces its rules centrally (in the configuration file, reviewed once)
    /// does not want them switched off line by line. Turn this rule on, together with
    /// `--disable-ignore-pragma`, to make that visible. `global ignore=` and `stage ignore=`
    /// pragmas are not reported, as in hadolint.
    ///
    /// ## Example
    /// ```dockerfile
    /// # hadolint ignore=DL3008
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// Use instead: fix the finding, or ignore the rule in the configuration file.
    ///
    /// ## Differences from hadolint
    /// plimsoll also reports its own `# plimsoll ignore=` pragmas. The hadolint drop-in
    /// reports hadolint's only.
    pub struct InlineIgnorePragma {
        code: "DL1001",
        name: "inline-ignore-pragma",
        origin: Hadolint,
        severity: Warning,
        enabled_by_default: false,
        fix: None,
    }
}

impl Rule for InlineIgnorePragma {
    fn check_file(&self, checker: &mut Checker<'_, '_>) {
        let model = checker.model;
        let source = checker.source();
        for item in model.dockerfile().items() {
            let Item::Comment(comment) = item else {
                continue;
            };
            let Some(Pragma::Ignore {
                syntax,
                scope: IgnoreScope::Next,
                ..
            }) = parse_pragma(comment.text.slice(source))
            else {
                continue;
            };
            let message = match (syntax, checker.settings.mode) {
                (PragmaSyntax::Hadolint, _) => {
                    "Please refrain from using inline ignore pragmas  `# hadolint ignore=DLxxxx`."
                }
                (PragmaSyntax::Plimsoll, Mode::Plimsoll) => {
                    "Please refrain from using inline ignore pragmas `# plimsoll ignore=CODE`."
                }
                (PragmaSyntax::Plimsoll, Mode::Hadolint) => continue,
            };
            checker.report_at(comment.text, None, message);
        }
    }
}
