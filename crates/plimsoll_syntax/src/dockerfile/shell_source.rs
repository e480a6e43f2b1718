//! The text a shell parser should see for a shell-form command, with offsets that map 1:1 back
//! into the Dockerfile.

use plimsoll_text::TextRange;

use super::tree::{Args, Dockerfile, Instruction, InstructionKind, LineKind, Word};

/// Shell-form command text prepared for a POSIX shell parser.
///
/// `text` has exactly as many bytes as `range`, so the byte at `text[i]` comes from source offset
/// `base_offset + i`: add `base_offset` to every span the shell parser reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellSource {
    /// The rewritten command text.
    pub text: String,
    /// Source offset of `text[0]` (equal to `range.start`).
    pub base_offset: u32,
    /// The source range the text stands for.
    pub range: TextRange,
}

impl Instruction<'_> {
    /// The shell-form command of RUN, CMD, ENTRYPOINT, `HEALTHCHECK CMD`, or of an ONBUILD
    /// trigger that is one of those, prepared for a shell parser (see [`ShellSource`]).
    /// `None` for the exec (JSON) form, other instructions and empty commands.
    ///
    /// BuildKit hands `/bin/sh -c` the logical line; the source has Docker-only trivia in it.
    /// Within the command's source range the text is rewritten, byte count unchanged:
    ///
    /// * comment lines and whitespace-only lines inside the continuation become spaces, their
    ///   line ending included (BuildKit drops them);
    /// * every line-continuation marker, i.e. the escape token, the spaces and tabs after it
    ///   and any `\r` of the line ending, becomes those blanks as spaces followed by `\` and the
    ///   `\n`: the shell still sees a backslash-newline continuation. With `# escape=\`` this
    ///   turns the backtick into `\`; backslashes elsewhere are left alone, as BuildKit leaves
    ///   them to the shell.
    ///
    /// Where BuildKit glues two lines without a separator (`a\` + `b` is `ab`) the shell sees
    /// the same, but blanks after an escape token, a CRLF line ending, or a dropped comment
    /// line put spaces at the join, so `a\␠␠` + `b` reads as `a   b`: the only case in which
    /// the shell's words can differ from BuildKit's. Heredoc bodies are not part of the text;
    /// they are shell text as they are ([`super::Heredoc::body`]).
    #[must_use]
    pub fn shell_source(&self) -> Option<ShellSource> {
        let word = shell_word(self)?;
        Some(rewrite(self, word.range))
    }
}

impl Dockerfile<'_> {
    /// [`Instruction::shell_source`] for every instruction that has one.
    pub fn shell_sources(&self) -> impl Iterator<Item = (&super::Instruction<'_>, ShellSource)> {
        self.instructions()
            .filter_map(|instruction| Some((instruction, instruction.shell_source()?)))
    }
}

fn shell_word<'a>(instruction: &'a Instruction<'a>) -> Option<&'a Word<'a>> {
    match (instruction.kind, &instruction.args) {
        (
            InstructionKind::Run | InstructionKind::Cmd | InstructionKind::Entrypoint,
            Args::Text(word),
        ) => Some(word),
        (InstructionKind::Healthcheck, Args::Healthcheck { command, .. }) => match &**command {
            Args::Text(word) => Some(word),
            _ => None,
        },
        (InstructionKind::Onbuild, Args::Trigger(trigger)) => shell_word(trigger),
        _ => None,
    }
}

fn rewrite(instruction: &Instruction<'_>, range: TextRange) -> ShellSource {
    let source = instruction.source;
    let mut bytes = source.as_bytes()[range.as_usize()].to_vec();
    let base = range.start;
    let blank = |from: u32, to: u32, bytes: &mut Vec<u8>| {
        let from = from.max(range.start).min(range.end);
        let to = to.max(range.start).min(range.end);
        for byte in &mut bytes[(from - base) as usize..(to - base) as usize] {
            *byte = b' ';
        }
    };
    for line in &instruction.lines {
        if line.range.end <= range.start || line.range.start >= range.end {
            continue;
        }
        match line.kind {
            LineKind::Comment | LineKind::Empty => {
                blank(line.range.start, line.range.end, &mut bytes)
            }
            LineKind::Code => {
                if let Some(marker) = line.continuation
                    && marker.start >= range.start
                    && line.range.end <= range.end
                {
                    // escape + blanks + \r* + \n  →  spaces + `\` + `\n`
                    let newline = line.line_ending.end;
                    blank(marker.start, newline, &mut bytes);
                    if line.line_ending.end > line.line_ending.start
                        && source.as_bytes()[newline as usize - 1] == b'\n'
                    {
                        let slash = (newline - 2 - base) as usize;
                        bytes[slash] = b'\\';
                        bytes[(newline - 1 - base) as usize] = b'\n';
                    } else {
                        let slash = (newline - 1 - base) as usize;
                        bytes[slash] = b'\\';
                    }
                }
            }
        }
    }
    // Only ASCII bytes were written over whole lines or ASCII markers, so this stays UTF-8.
    let text = String::from_utf8(bytes).unwrap_or_default();
    ShellSource {
        text,
        base_offset: base,
        range,
    }
}
