use plimsoll_syntax::dockerfile::Args;
use plimsoll_syntax::dockerfile::instructions::Command;

use crate::buildkit::report_node;
use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::semantic::Node;

declare_rule! {
    /// ## What it does
    /// Checks that a comment right above a named stage (`FROM … AS name`) or an `ARG` starts
    /// with the stage's or the arg's name: `# name <description>`. Tools such as
    /// `docker build --call=outline` show these comments as descriptions.
    ///
    /// Only the last line of the comment block is looked at. As in BuildKit, a blank line does
    /// not end a comment block; a line with only `#` does.
    ///
    /// This is an experimental BuildKit check: off by default, it runs when selected by its
    /// code or when the Dockerfile asks for it (`# check=experimental=InvalidDefinitionDescription`
    /// or `experimental=all`).
    ///
    /// ## Why is this bad?
    /// A comment that does not follow the format is shown as a wrong description, or describes
    /// something else than the reader thinks.
    ///
    /// ## Example
    /// ```dockerfile
    /// # The Python version to build with
    /// ARG PYTHON_VERSION=3.12
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # PYTHON_VERSION The Python version to build with
    /// ARG PYTHON_VERSION=3.12
    /// ```
    ///
    /// ## See also
    /// <https://docs.docker.com/go/dockerfile/rule/invalid-definition-description/>.
    pub struct InvalidDefinitionDescription {
        code: "InvalidDefinitionDescription",
        name: "invalid-definition-description",
        origin: BuildKit,
        severity: Warning,
        enabled_by_default: false,
        fix: None,
    }
}

impl Rule for InvalidDefinitionDescription {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        let Some(build) = checker.build() else { return };
        if node.is_trigger {
            return;
        }
        let Some(typed) = build.typed(node.id) else {
            return;
        };
        let instruction = node.instruction;
        let (kind, keys, token): (&str, Vec<&str>, _) = match &typed.command {
            Command::From {
                stage_name: Some(name),
                ..
            } => (
                "FROM",
                vec![name.as_str()],
                instruction
                    .from_parts()
                    .and_then(|parts| parts.alias)
                    .map_or(instruction.keyword.range, |(_, name)| name.range),
            ),
            Command::Arg(pairs) => (
                "ARG",
                pairs.iter().map(|pair| pair.key).collect(),
                match &instruction.args {
                    Args::Names(names) => names
                        .first()
                        .map_or(instruction.keyword.range, |name| name.key.range),
                    _ => instruction.keyword.range,
                },
            ),
            _ => return,
        };
        let Some(last) = instruction.comments.last() else {
            return;
        };
        if keys.is_empty() || keys.contains(&last.split(' ').next().unwrap_or("")) {
            return;
        }
        let example = if keys.len() > 1 { "<arg_key>" } else { keys[0] };
        let message =
            format!("Comment for {kind} should follow the format: `# {example} <description>`");
        report_node(checker, node.id, token, message);
    }
}
