//! The exec (JSON array) form of RUN/CMD/ENTRYPOINT as a one-command [`Script`].

use std::borrow::Cow;

use plimsoll_text::TextRange;

use super::command::{Command, CommandContext, CommandId, CommandKind};
use super::one_or_many::OneOrMany;
use super::script::{
    ParseStatus, Pipeline, PipelineElement, PipelineId, Scope, ScopeId, ScopeKind, Script,
};
use super::word::{Word, WordPart, WordPartKind};

/// The exec form `RUN ["apt-get", "install", "-y", "curl"]` as the one command it runs, so
/// rules read both forms alike.
///
/// `array` is the range of the whole JSON array in `dockerfile`; `args` are the decoded strings
/// with the ranges of their JSON literals. Each word's text is its literal as written (quotes
/// included) and its value the decoded string; there are no expansions (no shell runs), so every
/// word is a literal. For `["sh", "-c", "…"]`, [`Command::inline_script`] gives the script text
/// when the JSON string has no escapes, ready for `parse_script` with exact ranges.
///
/// hadolint instead joins the strings with spaces and parses the result as shell, so for it
/// `["sh", "-c", "a && b"]` also contains the command `b`; a rule that wants that must parse the
/// inline script itself.
#[must_use]
pub fn exec_form_script<'a>(
    dockerfile: &'a str,
    array: TextRange,
    args: &[(&'a str, TextRange)],
) -> Script<'a> {
    let source = dockerfile.get(array.as_usize()).unwrap_or_default();
    let base = array.start;
    let words: Vec<Word<'a>> = args
        .iter()
        .filter(|(_, range)| array.contains_range(*range))
        .map(|&(value, range)| exec_word(dockerfile, value, range))
        .collect();
    let root = Scope {
        id: ScopeId::ROOT,
        kind: ScopeKind::Script,
        range: array,
        parent: None,
        owner: None,
        redirects: Vec::new(),
    };
    let mut script = Script {
        source,
        base_offset: base,
        commands: Vec::new(),
        pipelines: Vec::new(),
        scopes: vec![root],
        heredocs: Vec::new(),
        status: ParseStatus::Clean,
        diagnostics: Vec::new(),
    };
    let mut words = words.into_iter();
    let Some(name) = words.next() else {
        return script;
    };
    let args: Vec<Word<'a>> = words.collect();
    let range = args
        .iter()
        .map(Word::range)
        .fold(name.range(), TextRange::cover);
    script.commands.push(Command {
        id: CommandId(0),
        kind: CommandKind::Simple,
        range,
        assignments: Vec::new(),
        name: Some(name),
        args,
        redirects: Vec::new(),
        context: CommandContext {
            scope: ScopeId::ROOT,
            pipeline: PipelineId(0),
            position: 0,
            pipeline_len: 1,
            before: None,
            after: None,
            negated: false,
        },
    });
    script.pipelines.push(Pipeline {
        id: PipelineId(0),
        range,
        elements: OneOrMany::One(PipelineElement::Command(CommandId(0))),
        pipes: Vec::new(),
        negated: false,
        scope: ScopeId::ROOT,
        before: None,
        after: None,
    });
    script
}

fn exec_word<'a>(dockerfile: &'a str, value: &'a str, range: TextRange) -> Word<'a> {
    let text = dockerfile.get(range.as_usize()).unwrap_or_default();
    let quoted = text.starts_with('"');
    Word {
        range,
        text,
        value: Cow::Borrowed(value),
        static_prefix_len: u32::try_from(value.len()).unwrap_or(u32::MAX),
        quoted,
        expansion: false,
        parts: OneOrMany::One(WordPart {
            kind: if quoted {
                WordPartKind::DoubleQuoted
            } else {
                WordPartKind::Literal
            },
            range,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse_script;

    /// The JSON string literals of `array_text` (no escapes inside, for the test's sake) with
    /// their decoded values, located in `dockerfile`.
    fn literals(dockerfile: &str, array: TextRange) -> Vec<(&str, TextRange)> {
        let mut out = Vec::new();
        let text = array.slice(dockerfile);
        let mut rest = 0;
        while let Some(open) = text[rest..].find('"') {
            let start = rest + open;
            let mut end = start + 1;
            while text.as_bytes()[end] != b'"' {
                end += if text.as_bytes()[end] == b'\\' { 2 } else { 1 };
            }
            let range = TextRange::new(array.start + start as u32, array.start + end as u32 + 1);
            out.push((
                &dockerfile[range.start as usize + 1..range.end as usize - 1],
                range,
            ));
            rest = end + 1;
        }
        out
    }

    #[test]
    fn exec_form_is_one_command_with_json_literal_ranges() {
        let dockerfile = "FROM x\nRUN [\"sudo\", \"apt-get\", \"install\", \"-y\", \"curl=7.*\"]\n";
        let start = dockerfile.find('[').unwrap() as u32;
        let array = TextRange::new(start, dockerfile.rfind(']').unwrap() as u32 + 1);
        let script = exec_form_script(dockerfile, array, &literals(dockerfile, array));
        let [command] = script.commands() else {
            panic!("one command expected");
        };
        assert!(command.is("sudo"));
        assert_eq!(command.args()[0].range().slice(dockerfile), "\"apt-get\"");
        assert_eq!(command.args()[0].literal(), Some("apt-get"));
        assert!(command.has_flag("y"));
        assert_eq!(
            command.range().slice(dockerfile),
            "\"sudo\", \"apt-get\", \"install\", \"-y\", \"curl=7.*\""
        );
        assert_eq!(script.pipelines().len(), 1);
        assert!(!script.has_pipe());
    }

    #[test]
    fn sh_c_script_in_exec_form_reparses_exactly() {
        let dockerfile = "RUN [\"/bin/sh\", \"-c\", \"apt-get update && apt-get install -y vim\"]";
        let array = TextRange::new(4, dockerfile.len() as u32);
        let script = exec_form_script(dockerfile, array, &literals(dockerfile, array));
        let (text, offset) = script.commands()[0].inline_script().unwrap();
        let inner = parse_script(text, offset);
        assert_eq!(inner.commands().len(), 2);
        assert_eq!(
            inner.commands()[1].args()[2].range().slice(dockerfile),
            "vim"
        );
        // An escaped JSON string is not the source text: no exact inline script.
        let escaped = "RUN [\"sh\", \"-c\", \"echo \\\"hi\\\"\"]";
        let array = TextRange::new(4, escaped.len() as u32);
        let args = [
            ("sh", TextRange::new(5, 9)),
            ("-c", TextRange::new(11, 15)),
            ("echo \"hi\"", TextRange::new(17, escaped.len() as u32 - 1)),
        ];
        let script = exec_form_script(escaped, array, &args);
        assert_eq!(script.commands()[0].args()[1].value(), "echo \"hi\"");
        assert_eq!(script.commands()[0].inline_script(), None);
    }

    #[test]
    fn empty_array_has_no_command() {
        let script = exec_form_script("CMD []", TextRange::new(4, 6), &[]);
        assert!(script.commands().is_empty() && script.pipelines().is_empty());
        assert_eq!(script.range(), TextRange::new(4, 6));
    }
}
