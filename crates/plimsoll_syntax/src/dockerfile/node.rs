//! One logical line to one instruction: BuildKit's `newNodeFromLine`, `splitCommand`,
//! `extractBuilderFlags` and the per-keyword line parsers of `line_parsers.go`.

use std::borrow::Cow;

use super::go;
use super::joined::Joined;
use super::json::{self, JsonArray};
use super::tree::{Args, Flag, Instruction, InstructionKind, KeyValue, NameValue, Word};

/// `when using JSON array syntax, arrays must be comprised of strings only`.
pub(crate) const NOT_STRING_ARRAY: &str =
    "when using JSON array syntax, arrays must be comprised of strings only";

/// The instruction for joined bytes `start..end`, and BuildKit's layer-1 error for it if any.
/// Line numbers, lines, comments and heredocs are filled in by the caller.
pub(crate) fn parse_node<'src>(
    joined: &Joined<'src>,
    start: usize,
    end: usize,
    escape: u8,
    original: Cow<'src, str>,
) -> (Instruction<'src>, Option<String>) {
    let bytes = joined.bytes();
    let (trim_start, trim_end) = go::trim_space_range(&bytes[start..end]);
    let (line_start, line_end) = (start + trim_start, start + trim_end);

    // reWhitespace.Split(TrimSpace(line), 2)
    let keyword_end = (line_start..line_end)
        .find(|&pos| go::is_re_whitespace(bytes[pos]))
        .unwrap_or(line_end);
    let keyword = joined.word(line_start, keyword_end);
    let kind = InstructionKind::from_lowercase(&go::to_lower(&keyword.value));

    let mut flags = Vec::new();
    let mut args_start = line_end;
    if keyword_end < line_end {
        let mut rest = keyword_end;
        while rest < line_end && go::is_re_whitespace(bytes[rest]) {
            rest += 1;
        }
        args_start = extract_flags(joined, rest, line_end, escape, &mut flags);
    }
    let (trim_start, trim_end) = go::trim_space_range(&bytes[args_start..line_end]);
    let (args_start, args_end) = (args_start + trim_start, args_start + trim_end);

    let mut error = None;
    let args = dispatch(joined, kind, args_start, args_end, escape, &mut error);

    let range = joined.source_range(start, end);
    let instruction = Instruction {
        keyword,
        kind,
        flags,
        args,
        heredocs: Vec::new(),
        original,
        start_line: 0,
        end_line: 0,
        comments: Vec::new(),
        range,
        lines: Vec::new(),
        source: joined.source(),
    };
    (instruction, error)
}

/// BuildKit's `extractBuilderFlags`: reads `--flag` words byte by byte and returns where the
/// arguments start. Quirks kept: quotes are removed, the escape token takes the next byte
/// literally in and out of quotes, every byte is appended as a Latin-1 character, and the bytes
/// 0x85 and 0xA0 count as whitespace. A word that is exactly `--` ends the flags and is dropped.
fn extract_flags<'src>(
    joined: &Joined<'src>,
    start: usize,
    end: usize,
    escape: u8,
    flags: &mut Vec<Flag<'src>>,
) -> usize {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(u8),
    }
    let bytes = &joined.bytes()[..end];
    let mut phase = Phase::Spaces;
    let mut text = String::new();
    let mut word_start = start;
    let mut eq: Option<(usize, usize)> = None; // (index in text, joined offset)
    let push = |text: &mut String, eq: &mut Option<(usize, usize)>, byte: u8, at: usize| {
        if byte == b'=' && eq.is_none() {
            *eq = Some((text.len(), at));
        }
        text.push(char::from(byte));
    };
    let mut finish = |text: &mut String, eq: &mut Option<(usize, usize)>, word_start, word_end| {
        let value = std::mem::take(text);
        let (eq_index, eq_at) = match eq.take() {
            Some((index, at)) => (Some(index), Some(at)),
            None => (None, None),
        };
        flags.push(Flag {
            range: joined.source_range(word_start, word_end),
            name_range: joined.source_range(word_start + 2, eq_at.unwrap_or(word_end)),
            value_range: eq_at.map(|at| joined.source_range(at + 1, word_end)),
            text: Cow::Owned(value),
            eq: eq_index,
        });
    };
    let mut pos = start;
    while pos <= end {
        let byte = bytes.get(pos).copied().unwrap_or(0);
        if phase == Phase::Spaces {
            if pos == end {
                break;
            }
            if go::is_space_byte(byte) {
                pos += 1;
                continue;
            }
            if byte != b'-' || pos + 1 == end || bytes[pos + 1] != b'-' {
                return pos;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if pos == end {
            if text != "--" {
                finish(&mut text, &mut eq, word_start, pos);
            }
            return end;
        }
        match phase {
            Phase::Word => {
                if go::is_space_byte(byte) {
                    if text == "--" {
                        return pos;
                    }
                    finish(&mut text, &mut eq, word_start, pos);
                    phase = Phase::Spaces;
                    pos += 1;
                    continue;
                }
                if byte == b'\'' || byte == b'"' {
                    phase = Phase::Quote(byte);
                    pos += 1;
                    continue;
                }
                if byte == escape {
                    if pos + 1 == end {
                        pos += 1;
                        continue;
                    }
                    pos += 1;
                }
                push(&mut text, &mut eq, bytes[pos], pos);
            }
            Phase::Quote(quote) => {
                if byte == quote {
                    phase = Phase::Word;
                    pos += 1;
                    continue;
                }
                if byte == escape {
                    if pos + 1 == end {
                        phase = Phase::Word;
                        pos += 1;
                        continue;
                    }
                    pos += 1;
                }
                push(&mut text, &mut eq, bytes[pos], pos);
            }
            Phase::Spaces => {}
        }
        pos += 1;
    }
    end
}

/// Picks the line parser for the keyword (BuildKit's dispatch table).
fn dispatch<'src>(
    joined: &Joined<'src>,
    kind: InstructionKind,
    start: usize,
    end: usize,
    escape: u8,
    error: &mut Option<String>,
) -> Args<'src> {
    use InstructionKind as K;
    match kind {
        K::Add | K::Copy | K::Volume => maybe_json_to_list(joined, start, end, error),
        K::Run | K::Cmd | K::Entrypoint | K::Shell => maybe_json(joined, start, end, error),
        K::Arg => names(joined, start, end, escape),
        K::Env => name_val(joined, start, end, escape, "ENV", error),
        K::Label => name_val(joined, start, end, escape, "LABEL", error),
        K::Expose | K::From => whitespace_list(joined, start, end),
        K::Maintainer | K::Stopsignal | K::User | K::Workdir => {
            if start == end {
                Args::None
            } else {
                Args::Text(joined.word(start, end))
            }
        }
        K::Healthcheck => health_config(joined, start, end, error),
        K::Onbuild => {
            if start == end {
                return Args::None;
            }
            let original = joined.slice(start, end);
            let (trigger, trigger_error) = parse_node(joined, start, end, escape, original);
            if error.is_none() {
                *error = trigger_error;
            }
            Args::Trigger(Box::new(trigger))
        }
        K::Unknown => Args::Ignored,
    }
}

/// `parseJSON`: `Some(Ok)` for a string array, `Some(Err)` for the non-string error.
fn json_words<'src>(
    joined: &Joined<'src>,
    start: usize,
    end: usize,
) -> Option<Result<Vec<Word<'src>>, ()>> {
    match json::parse_array(&joined.bytes()[start..end]) {
        JsonArray::NotJson => None,
        JsonArray::NonString => Some(Err(())),
        JsonArray::Strings(strings) => Some(Ok(strings
            .into_iter()
            .map(|string| joined.word_with(start + string.start, start + string.end, string.value))
            .collect())),
    }
}

fn maybe_json<'src>(
    joined: &Joined<'src>,
    start: usize,
    end: usize,
    error: &mut Option<String>,
) -> Args<'src> {
    if start == end {
        return Args::None;
    }
    match json_words(joined, start, end) {
        Some(Ok(words)) => Args::Json(words),
        Some(Err(())) => {
            error.get_or_insert_with(|| NOT_STRING_ARRAY.to_string());
            Args::Text(joined.word(start, end))
        }
        None => Args::Text(joined.word(start, end)),
    }
}

fn maybe_json_to_list<'src>(
    joined: &Joined<'src>,
    start: usize,
    end: usize,
    error: &mut Option<String>,
) -> Args<'src> {
    match json_words(joined, start, end) {
        Some(Ok(words)) => Args::Json(words),
        Some(Err(())) => {
            error.get_or_insert_with(|| NOT_STRING_ARRAY.to_string());
            whitespace_list(joined, start, end)
        }
        None => whitespace_list(joined, start, end),
    }
}

/// `parseStringsWhitespaceDelimited`: `reWhitespace.Split(rest, -1)`, no quote handling.
fn whitespace_list<'src>(joined: &Joined<'src>, start: usize, end: usize) -> Args<'src> {
    if start == end {
        return Args::None;
    }
    let bytes = joined.bytes();
    let mut words = Vec::new();
    let mut word_start = start;
    let mut pos = start;
    while pos < end {
        if go::is_re_whitespace(bytes[pos]) {
            let match_start = pos;
            while pos < end && go::is_re_whitespace(bytes[pos]) {
                pos += 1;
            }
            words.push(joined.word(word_start, match_start));
            word_start = pos;
        } else {
            pos += 1;
        }
    }
    words.push(joined.word(word_start, end));
    Args::List(words)
}

/// `parseWords`: the byte ranges of ENV/LABEL/ARG words (quotes kept, escape token and the
/// character after it kept, a trailing escape token dropped).
fn parse_words(bytes: &[u8], start: usize, end: usize, escape: u8) -> Vec<(usize, usize)> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(char),
    }
    let escape = char::from(escape);
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let (mut word_start, mut word_end) = (start, start);
    let mut has_text = false;
    let mut blank_ok = false;
    let mut pos = start;
    loop {
        let (mut ch, mut width) = if pos < end {
            let (ch, width) = go::decode_rune(&bytes[pos..end]);
            (ch.unwrap_or('\u{FFFD}'), width)
        } else {
            ('\0', 0)
        };
        if phase == Phase::Spaces {
            if pos >= end {
                break;
            }
            if go::is_space(ch) {
                pos += width;
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
            word_end = pos;
        }
        if pos >= end {
            if blank_ok || has_text {
                words.push((word_start, word_end));
            }
            break;
        }
        match phase {
            Phase::Word => {
                if go::is_space(ch) {
                    phase = Phase::Spaces;
                    if blank_ok || has_text {
                        words.push((word_start, word_end));
                    }
                    has_text = false;
                    blank_ok = false;
                    pos += width;
                    continue;
                }
                if ch == '\'' || ch == '"' {
                    phase = Phase::Quote(ch);
                    blank_ok = true;
                }
                if ch == escape {
                    if pos + width == end {
                        pos += width;
                        continue;
                    }
                    pos += width;
                    let (next, next_width) = go::decode_rune(&bytes[pos..end]);
                    ch = next.unwrap_or('\u{FFFD}');
                    width = next_width;
                }
                let _ = ch;
                has_text = true;
                word_end = pos + width;
                pos += width;
            }
            Phase::Quote(quote) => {
                if ch == quote {
                    phase = Phase::Word;
                }
                if ch == escape && quote != '\'' {
                    if pos + width == end {
                        phase = Phase::Word;
                        pos += width;
                        continue;
                    }
                    pos += width;
                    let (_, next_width) = go::decode_rune(&bytes[pos..end]);
                    width = next_width;
                }
                has_text = true;
                word_end = pos + width;
                pos += width;
            }
            Phase::Spaces => {}
        }
    }
    words
}

fn names<'src>(joined: &Joined<'src>, start: usize, end: usize, escape: u8) -> Args<'src> {
    let words = parse_words(joined.bytes(), start, end, escape);
    if words.is_empty() {
        return Args::None;
    }
    Args::Names(
        words
            .into_iter()
            .map(|(word_start, word_end)| {
                let eq = joined.bytes()[word_start..word_end]
                    .iter()
                    .position(|byte| *byte == b'=')
                    .map(|index| word_start + index);
                NameValue {
                    word: joined.word(word_start, word_end),
                    key: joined.word(word_start, eq.unwrap_or(word_end)),
                    separator: eq.map(|eq| joined.source_range(eq, eq + 1)),
                    value: eq.map(|eq| joined.word(eq + 1, word_end)),
                }
            })
            .collect(),
    )
}

/// `parseNameVal` for ENV and LABEL.
fn name_val<'src>(
    joined: &Joined<'src>,
    start: usize,
    end: usize,
    escape: u8,
    keyword: &str,
    error: &mut Option<String>,
) -> Args<'src> {
    let bytes = joined.bytes();
    let words = parse_words(bytes, start, end, escape);
    let Some(&(first_start, first_end)) = words.first() else {
        return Args::None;
    };
    let has_eq = |(word_start, word_end): (usize, usize)| {
        bytes[word_start..word_end]
            .iter()
            .position(|byte| *byte == b'=')
    };
    if has_eq((first_start, first_end)).is_none() {
        // Legacy form: reWhitespace.Split(rest, 2).
        let split = (start..end).find(|&pos| go::is_re_whitespace(bytes[pos]));
        let Some(key_end) = split else {
            error.get_or_insert_with(|| format!("{keyword} must have two arguments"));
            return Args::KeyValues(vec![KeyValue {
                key: joined.word(start, end),
                separator: None,
                value: joined.word(end, end),
            }]);
        };
        let mut value_start = key_end;
        while value_start < end && go::is_re_whitespace(bytes[value_start]) {
            value_start += 1;
        }
        return Args::KeyValues(vec![KeyValue {
            key: joined.word(start, key_end),
            separator: None,
            value: joined.word(value_start, end),
        }]);
    }
    let mut pairs = Vec::with_capacity(words.len());
    for (word_start, word_end) in words {
        match has_eq((word_start, word_end)) {
            Some(index) => {
                let eq = word_start + index;
                pairs.push(KeyValue {
                    key: joined.word(word_start, eq),
                    separator: Some(joined.source_range(eq, eq + 1)),
                    value: joined.word(eq + 1, word_end),
                });
            }
            None => {
                error.get_or_insert_with(|| {
                    format!(
                        "Syntax error - can't find = in {}. Must be of the form: name=value",
                        go::quote(&joined.slice(word_start, word_end))
                    )
                });
                pairs.push(KeyValue {
                    key: joined.word(word_start, word_end),
                    separator: None,
                    value: joined.word(word_end, word_end),
                });
            }
        }
    }
    Args::KeyValues(pairs)
}

/// `parseHealthConfig`: the type is everything up to the first byte-wise space.
fn health_config<'src>(
    joined: &Joined<'src>,
    start: usize,
    end: usize,
    error: &mut Option<String>,
) -> Args<'src> {
    let bytes = joined.bytes();
    let sep = (start..end)
        .find(|&pos| go::is_space_byte(bytes[pos]))
        .unwrap_or(end);
    if sep == start {
        return Args::None;
    }
    let mut next = sep;
    while next < end && go::is_space_byte(bytes[next]) {
        next += 1;
    }
    let kind = joined.word(start, sep);
    let command = maybe_json(joined, next, end, error);
    Args::Healthcheck {
        kind,
        command: Box::new(command),
    }
}
