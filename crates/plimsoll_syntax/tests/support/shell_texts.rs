//! The shell texts of a Dockerfile as the linter will hand them to `shell::parse_script`, for
//! the shell-model corpus test and benchmark: every shell-form command (RUN, CMD, ENTRYPOINT,
//! HEALTHCHECK CMD, ONBUILD triggers) via the Dockerfile parser's `shell_source`, and for
//! heredocs either the body alone (`RUN <<EOF`, a script) or the command line followed by its
//! bodies and terminators (`RUN cat <<EOF > file`, contiguous in the Dockerfile).

#![allow(dead_code)]

use plimsoll_syntax::dockerfile;

/// One shell text and where it starts in its Dockerfile.
pub struct ShellText {
    pub text: String,
    pub base: u32,
    /// Bytes of `text` that differ from the Dockerfile (trivia the parser rewrote).
    pub rewritten: Vec<bool>,
}

pub use plimsoll_testing::corpus_files;

pub fn shell_texts(source: &str) -> Vec<ShellText> {
    let parsed = dockerfile::parse(source);
    let mut texts = Vec::new();
    for instruction in parsed.instructions() {
        let Some(shell) = instruction.shell_source() else {
            continue;
        };
        let heredocs = &instruction.heredocs;
        if heredocs.is_empty() {
            texts.push(text(source, shell.text, shell.base_offset));
        } else if shell.text.trim_start().starts_with("<<") {
            texts.push(text(source, shell.text, shell.base_offset));
            for heredoc in heredocs {
                let body = heredoc.body.slice(source).to_owned();
                texts.push(text(source, body, heredoc.body.start));
            }
        } else {
            let end = heredocs
                .iter()
                .map(|heredoc| heredoc.terminator.map_or(heredoc.body.end, |line| line.end))
                .max()
                .unwrap_or(shell.range.end)
                .max(shell.range.end);
            let mut combined = shell.text;
            combined
                .push_str(&source[shell.range.end as usize..end as usize].replace("\r\n", " \n"));
            texts.push(text(source, combined, shell.base_offset));
        }
    }
    texts
}

fn text(source: &str, text: String, base: u32) -> ShellText {
    let original = &source.as_bytes()[base as usize..base as usize + text.len()];
    let rewritten = text
        .bytes()
        .zip(original)
        .map(|(byte, original)| byte != *original)
        .collect();
    ShellText {
        text,
        base,
        rewritten,
    }
}
