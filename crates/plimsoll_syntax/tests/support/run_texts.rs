//! A crude extraction of shell-form `RUN` texts from Dockerfiles, for the shell-model corpus
//! test and benchmark until the real Dockerfile parser lands. It mimics the rewriting contract
//! of that parser: the text keeps its exact byte length, comment and blank lines inside a
//! continuation are blanked with spaces (newline included), a CR before a newline becomes a
//! space, and a continuation escape (`\` or `` ` `` under `# escape=`` ` ``, possibly followed by
//! blanks) is moved to just before its newline as a `\`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// One RUN's shell text, rewritten, and where it starts in its Dockerfile.
pub struct RunText {
    pub start: usize,
    pub source: String,
    /// Bytes of `source` that differ from the Dockerfile (rewritten trivia).
    pub rewritten: Vec<bool>,
}

/// Every file under `dir`, sorted, read lossily (the corpus has a few non-UTF-8 files).
pub fn corpus_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).ok()?;
            Some((path, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect()
}

/// The shell-form RUN texts of a Dockerfile (and the bodies of `RUN <<EOF` script heredocs).
pub fn run_texts(dockerfile: &str) -> Vec<RunText> {
    let escape = escape_char(dockerfile);
    let lines: Vec<(usize, &str)> = dockerfile
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .collect();
    let mut texts = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let (line_start, line) = lines[index];
        index += 1;
        let Some(command_offset) = run_command_offset(line) else {
            continue;
        };
        let start = line_start + command_offset;
        let first = &line[command_offset..];
        if first.starts_with('[') {
            continue; // exec form
        }
        let mut end = line_start + content_len(line);
        let mut blanked = Vec::new();
        let mut continued = ends_with_escape(line, escape);
        while continued && index < lines.len() {
            let (next_start, next) = lines[index];
            index += 1;
            let trimmed = next.trim_start();
            if trimmed.starts_with('#') || trimmed.trim_end().is_empty() {
                blanked.push((next_start, next.len()));
                if trimmed.trim_end().is_empty() && next_start + next.len() == dockerfile.len() {
                    break;
                }
                continue;
            }
            end = next_start + content_len(next);
            continued = ends_with_escape(next, escape);
        }
        // Heredocs opened on the RUN's lines: their bodies follow, up to the delimiter line.
        let delimiters = heredoc_delimiters(&dockerfile[start..end]);
        let mut script_body = None;
        for (delimiter, strip_tabs) in &delimiters {
            let body_start = lines
                .get(index)
                .map_or(dockerfile.len(), |(offset, _)| *offset);
            while index < lines.len() {
                let (next_start, next) = lines[index];
                index += 1;
                let content = &next[..content_len(next)];
                let content = if *strip_tabs {
                    content.trim_start_matches('\t')
                } else {
                    content
                };
                if content == delimiter {
                    if script_body.is_none() && first.trim_start().starts_with("<<") {
                        script_body = Some((body_start, next_start));
                    }
                    end = next_start + content_len(next);
                    break;
                }
                end = next_start + content_len(next);
            }
        }
        let blanked: Vec<(usize, usize)> = blanked
            .into_iter()
            .filter(|(offset, _)| *offset < end)
            .collect();
        texts.push(rewrite(dockerfile, start, end, &blanked, escape));
        if let Some((body_start, body_end)) = script_body {
            texts.push(rewrite(dockerfile, body_start, body_end, &[], escape));
        }
    }
    texts
}

fn escape_char(dockerfile: &str) -> char {
    for line in dockerfile.trim_start_matches('\u{feff}').lines() {
        let Some(directive) = line.trim().strip_prefix('#') else {
            break;
        };
        let directive = directive.trim().to_ascii_lowercase();
        if let Some(value) = directive.strip_prefix("escape")
            && let Some(value) = value.trim_start().strip_prefix('=')
        {
            return if value.trim() == "`" { '`' } else { '\\' };
        }
    }
    '\\'
}

/// Offset within `line` of the shell text of a `RUN` instruction (after its flags).
fn run_command_offset(line: &str) -> Option<usize> {
    let body = line.trim_start_matches('\u{feff}');
    let indent = line.len() - body.trim_start().len();
    let rest = &line[indent..];
    if rest.len() < 4 || !rest.as_bytes()[..3].eq_ignore_ascii_case(b"run") {
        return None;
    }
    if !rest[3..].starts_with([' ', '\t']) {
        return None;
    }
    let mut offset = indent + 3;
    loop {
        let after = &line[offset..];
        let skipped = after.len() - after.trim_start_matches([' ', '\t']).len();
        offset += skipped;
        if line[offset..].starts_with("--") {
            offset += line[offset..]
                .find([' ', '\t', '\r', '\n'])
                .unwrap_or(line.len() - offset);
        } else {
            break;
        }
    }
    (offset < line.len() && !line[offset..].trim().is_empty()).then_some(offset)
}

/// The line without its newline (and the CR before it).
fn content_len(line: &str) -> usize {
    line.strip_suffix('\n')
        .map_or(line, |line| line.strip_suffix('\r').unwrap_or(line))
        .len()
}

fn ends_with_escape(line: &str, escape: char) -> bool {
    line[..content_len(line)]
        .trim_end_matches([' ', '\t'])
        .ends_with(escape)
}

/// `<<EOF`, `<<-'EOF'`, `<<"EOF"` delimiters in order (crude: no quoting context).
fn heredoc_delimiters(text: &str) -> Vec<(String, bool)> {
    let mut delimiters = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("<<") {
        rest = &rest[at + 2..];
        if rest.starts_with('<') {
            rest = &rest[1..]; // `<<<` here-string
            continue;
        }
        let strip_tabs = rest.starts_with('-');
        let word = rest.trim_start_matches('-').trim_start();
        let word = word.trim_start_matches(['\'', '"']);
        let name: String = word
            .chars()
            .take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_')
            .collect();
        if !name.is_empty() {
            delimiters.push((name, strip_tabs));
        }
    }
    delimiters
}

fn rewrite(
    dockerfile: &str,
    start: usize,
    end: usize,
    blanked: &[(usize, usize)],
    escape: char,
) -> RunText {
    let mut bytes = dockerfile.as_bytes()[start..end].to_vec();
    let mut rewritten = vec![false; bytes.len()];
    let mut set = |bytes: &mut Vec<u8>, index: usize, byte: u8| {
        if bytes[index] != byte {
            bytes[index] = byte;
            rewritten[index] = true;
        }
    };
    for &(offset, len) in blanked {
        let from = offset - start;
        for index in from..(from + len).min(bytes.len()) {
            set(&mut bytes, index, b' ');
        }
    }
    // Line ends: CR → space; a continuation escape (maybe followed by blanks or CR) → `\` right
    // before the newline.
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'\n' {
            let mut cursor = index;
            while cursor > 0 && matches!(bytes[cursor - 1], b' ' | b'\t' | b'\r') {
                cursor -= 1;
                if bytes[cursor] == b'\r' {
                    set(&mut bytes, cursor, b' ');
                }
            }
            if cursor > 0 && bytes[cursor - 1] == escape as u8 {
                let escape_at = cursor - 1;
                if escape_at != index - 1 {
                    set(&mut bytes, escape_at, b' ');
                }
                set(&mut bytes, index - 1, b'\\');
            }
        }
        index += 1;
    }
    let source = String::from_utf8(bytes).unwrap_or_else(|error| {
        // A rewrite never touches a multi-byte character's bytes; keep the original if it did.
        String::from_utf8_lossy(error.as_bytes()).into_owned()
    });
    RunText {
        start,
        source,
        rewritten,
    }
}
