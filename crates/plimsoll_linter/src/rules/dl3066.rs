use plimsoll_syntax::dockerfile::{Args, InstructionKind};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::words::sub_range;
use crate::semantic::Node;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks that `USER` names a numeric user id.
    ///
    /// ## Why is this bad?
    /// A user name is resolved through the image's `/etc/passwd` at run time. The host and
    /// orchestrators cannot resolve it: Kubernetes' `runAsNonRoot` cannot verify a user named
    /// `app` is not root and refuses to start the pod, and volume ownership is decided by
    /// numeric ids anyway.
    ///
    /// `USER $APP_UID` is accepted, as the variable may hold a number.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// USER 10001
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint reports `USER root`, whose id is 0 everywhere, and accepts a variable only
    /// when an `ARG` of that name was declared above (its check is a substring test, so
    /// `$UIDX` passes after `ARG UID`). plimsoll accepts `root` and any variable. The hadolint
    /// drop-in keeps hadolint's behaviour.
    ///
    /// ## See also
    /// DL3002 (running as root).
    pub struct NonNumericUser {
        code: "DL3066",
        name: "non-numeric-user",
        origin: Hadolint,
        severity: Info,
        fix: None,
    }
}

impl Rule for NonNumericUser {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::User || node.is_trigger {
            return;
        }
        let Args::Text(word) = &node.instruction.args else {
            return;
        };
        let text = word.as_str();
        let user = text.split(':').next().unwrap_or("");
        if user.bytes().all(|byte| byte.is_ascii_digit()) {
            return;
        }
        let accepted = match checker.settings.mode {
            Mode::Hadolint => references_declared_arg(checker, node, text),
            Mode::Plimsoll => user == "root" || user.contains('$'),
        };
        if accepted {
            return;
        }
        let range = sub_range(checker.source(), word, 0, user.len());
        checker.report(
            node,
            range,
            "Non-numeric user-id may not be resolvable by host system",
        );
    }
}

/// hadolint's test: the text contains `$NAME` or `${NAME}` for the name of an ARG declared
/// above, anywhere in the file (hadolint reads one name per ARG instruction, the first).
fn references_declared_arg(checker: &Checker<'_, '_>, node: &Node<'_>, text: &str) -> bool {
    checker.model.nodes()[..node.id.index()]
        .iter()
        .filter(|earlier| earlier.kind() == InstructionKind::Arg)
        .filter_map(|earlier| match &earlier.instruction.args {
            Args::Names(names) => names.first(),
            _ => None,
        })
        .any(|name| {
            let name = name.key.as_str();
            text.contains(&format!("${name}")) || text.contains(&format!("${{{name}}}"))
        })
}
