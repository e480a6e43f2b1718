//! The shell texts of RUN instructions, owned once per file so that parsed scripts can borrow
//! them for the life of the semantic model.

use plimsoll_syntax::dockerfile::{Args, Dockerfile, Instruction, InstructionKind};
use plimsoll_syntax::shell::{Script, exec_form_script, parse_script};
use plimsoll_text::TextRange;

/// Shell text for one RUN (or ONBUILD RUN trigger), keyed by the instruction's start offset.
#[derive(Debug, Default)]
pub struct ShellTexts {
    texts: Vec<(u32, String, u32)>,
}

impl ShellTexts {
    /// Collects what the shell runs for every shell-form RUN:
    ///
    /// * no heredoc: the command line;
    /// * `RUN <<EOF` (the line starts with the heredoc): the line, then every heredoc body as a
    ///   script of its own, which is what the shell runs;
    /// * `RUN cat <<EOF > file`: the line followed by its heredoc bodies, contiguous as in the
    ///   Dockerfile, so the shell sees the bodies as heredoc data, not as commands.
    ///
    /// The exec form needs no text: it is modelled from its JSON strings, and for
    /// `["sh", "-c", "<script>"]` the script string is parsed as a second script.
    #[must_use]
    pub fn collect(dockerfile: &Dockerfile<'_>) -> Self {
        let mut texts = Vec::new();
        let source = dockerfile.source();
        for instruction in dockerfile.instructions() {
            collect_instruction(source, instruction, &mut texts);
            if let Some(trigger) = instruction.trigger() {
                collect_instruction(source, trigger, &mut texts);
            }
        }
        Self { texts }
    }

    /// The parsed scripts of `instruction` (a RUN or anything else, which has none).
    pub(crate) fn scripts_for<'a>(
        &'a self,
        source: &'a str,
        instruction: &'a Instruction<'a>,
    ) -> Vec<Script<'a>> {
        if instruction.kind != InstructionKind::Run {
            return Vec::new();
        }
        if let Args::Json(words) = &instruction.args {
            let (Some(first), Some(last)) = (words.first(), words.last()) else {
                return Vec::new();
            };
            let array = TextRange::new(first.range.start, last.range.end);
            let args: Vec<(&str, TextRange)> = words
                .iter()
                .map(|word| (word.as_str(), word.range))
                .collect();
            let exec = exec_form_script(source, array, &args);
            // `RUN ["sh", "-c", "a && b"]` runs the script in the string: parse it too, when
            // the JSON string is the exact source text (no escapes), so ranges stay exact.
            let inline = exec
                .commands()
                .first()
                .and_then(|command| command.inline_script())
                .map(|(text, offset)| parse_script(text, offset));
            return std::iter::once(exec).chain(inline).collect();
        }
        let key = instruction.range.start;
        let start = self.texts.partition_point(|(start, ..)| *start < key);
        self.texts[start..]
            .iter()
            .take_while(|(start, ..)| *start == key)
            .map(|(_, text, base)| parse_script(text, *base))
            .collect()
    }
}

fn collect_instruction(
    source: &str,
    instruction: &Instruction<'_>,
    texts: &mut Vec<(u32, String, u32)>,
) {
    if instruction.kind != InstructionKind::Run {
        return;
    }
    let Some(shell) = instruction.shell_source() else {
        return;
    };
    let key = instruction.range.start;
    let heredocs = &instruction.heredocs;
    if heredocs.is_empty() {
        texts.push((key, shell.text, shell.base_offset));
    } else if shell.text.trim_start().starts_with("<<") {
        texts.push((key, shell.text, shell.base_offset));
        for heredoc in heredocs {
            texts.push((
                key,
                heredoc.body.slice(source).to_owned(),
                heredoc.body.start,
            ));
        }
    } else {
        let end = heredocs
            .iter()
            .map(|heredoc| heredoc.terminator.map_or(heredoc.body.end, |line| line.end))
            .max()
            .unwrap_or(shell.range.end)
            .max(shell.range.end);
        let mut combined = shell.text;
        // CRLF would make the shell see `\r` in words; the blank keeps every offset.
        combined.push_str(&source[shell.range.end as usize..end as usize].replace("\r\n", " \n"));
        texts.push((key, combined, shell.base_offset));
    }
}

#[cfg(test)]
mod tests {
    use plimsoll_syntax::dockerfile;
    use plimsoll_syntax::shell::differential::{fast_path, shuck_path};

    use super::*;

    /// Every script the linter parses from the shared corpus (RUN texts, heredoc scripts, and
    /// `sh -c` strings of exec-form RUNs): wherever the shell fast path accepts one, its model
    /// must equal shuck's.
    #[test]
    fn corpus_scripts_fast_path_matches_shuck() {
        let Some(dir) =
            plimsoll_testing::shared_path("corpus_scripts_fast_path_matches_shuck", "corpus/files")
        else {
            return;
        };
        let (mut scripts, mut accepted, mut bytes, mut accepted_bytes) = (0, 0, 0, 0);
        let mut check = |text: &str, base: u32| {
            scripts += 1;
            bytes += text.len();
            if let Some(fast) = fast_path(text, base) {
                let shuck = shuck_path(text, base);
                if fast != shuck {
                    // Name the first differing command, for a readable report.
                    for (fast, shuck) in fast.commands().iter().zip(shuck.commands()) {
                        assert_eq!(fast, shuck, "fast path differs from shuck on {text:?}");
                    }
                    assert_eq!(fast, shuck, "fast path differs from shuck on {text:?}");
                }
                accepted += 1;
                accepted_bytes += text.len();
            }
        };
        for (_, source) in plimsoll_testing::corpus_files(&dir) {
            let parsed = dockerfile::parse(&source);
            let texts = ShellTexts::collect(&parsed);
            for (_, text, base) in &texts.texts {
                check(text, *base);
            }
            for instruction in parsed.instructions() {
                for instruction in std::iter::once(instruction).chain(instruction.trigger()) {
                    if instruction.kind != InstructionKind::Run {
                        continue;
                    }
                    let Args::Json(words) = &instruction.args else {
                        continue;
                    };
                    let (Some(first), Some(last)) = (words.first(), words.last()) else {
                        continue;
                    };
                    let array = TextRange::new(first.range.start, last.range.end);
                    let args: Vec<(&str, TextRange)> = words
                        .iter()
                        .map(|word| (word.as_str(), word.range))
                        .collect();
                    let exec = exec_form_script(&source, array, &args);
                    if let Some((text, base)) = exec
                        .commands()
                        .first()
                        .and_then(|command| command.inline_script())
                    {
                        check(text, base);
                    }
                }
            }
        }
        #[allow(clippy::print_stderr, clippy::cast_precision_loss)]
        {
            eprintln!(
                "shell fast path accepted {accepted} of {scripts} corpus scripts ({:.1} %), \
                 {accepted_bytes} of {bytes} bytes ({:.1} %)",
                100.0 * accepted as f64 / scripts.max(1) as f64,
                100.0 * accepted_bytes as f64 / bytes.max(1) as f64,
            );
        }
    }
}
