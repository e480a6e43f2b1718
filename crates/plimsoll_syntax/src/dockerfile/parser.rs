//! BuildKit's `parser.Parse`: physical lines, parser directives, comments, continuations,
//! heredoc bodies and the BuildKit errors with their (quirky) line numbers.

use std::borrow::Cow;

use plimsoll_text::TextRange;

use super::error::{ErrorLayer, ParseError};
use super::go;
use super::heredoc;
use super::joined::Joined;
use super::node;
use super::tree::{
    Args, BlankLine, CommentLine, Directive, DirectiveKind, Dockerfile, Heredoc, Instruction,
    InstructionKind, Item, LineKind, PhysicalLine, Warning,
};

/// Go's `bufio.MaxScanTokenSize`: a line (with its `\n`) may be at most this long.
const MAX_LINE: usize = 64 * 1024;
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses a Dockerfile. Never panics; see [`Dockerfile::error`] for BuildKit's verdict.
/// Without `line_limit`, lines longer than BuildKit's 64 KiB are read like any other.
pub(crate) fn parse(source: &str, line_limit: bool) -> Dockerfile<'_> {
    if u32::try_from(source.len()).is_err() {
        // Offsets are u32; a 4 GiB Dockerfile is far beyond BuildKit's limits anyway.
        return Dockerfile {
            source,
            bom: None,
            items: Vec::new(),
            escape: '\\',
            warnings: Vec::new(),
            error: Some(ParseError {
                layer: ErrorLayer::Parse,
                message: "dockerfile larger than 4 GiB".to_string(),
                lines: vec![0],
                range: TextRange::empty(0),
            }),
        };
    }
    let mut parser = Parser::new(source);
    parser.line_limit = line_limit;
    parser.run();
    parser.finish()
}

/// A physical line: `start..content_end` is BuildKit's `trimNewline` text, `content_end..end`
/// the line ending.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

/// BuildKit's directive parser state.
#[derive(Default)]
struct Directives {
    done: bool,
    seen: [bool; 3],
}

struct DirectiveMatch {
    kind: DirectiveKind,
    key: (usize, usize),
    value: (usize, usize),
}

impl Directives {
    /// `DirectiveParser.ParseLine` on `token` (absolute offsets `start..end` into `bytes`).
    fn parse_line(
        &mut self,
        bytes: &[u8],
        start: usize,
        end: usize,
    ) -> Result<Option<DirectiveMatch>, String> {
        if self.done {
            return Ok(None);
        }
        if bytes.get(start) != Some(&b'#') || start >= end {
            self.done = true;
            return Ok(None);
        }
        let mut pos = start + 1;
        pos += go::leading_space_len(&bytes[pos..end]);
        // ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$
        let is_re_space = |byte: u8| matches!(byte, b'\t' | b'\n' | 0x0C | b'\r' | b' ');
        let key_start = pos;
        if !bytes.get(pos).is_some_and(u8::is_ascii_alphabetic) || pos >= end {
            self.done = true;
            return Ok(None);
        }
        while pos < end && bytes[pos].is_ascii_alphanumeric() {
            pos += 1;
        }
        let key_end = pos;
        while pos < end && is_re_space(bytes[pos]) {
            pos += 1;
        }
        if pos >= end || bytes[pos] != b'=' {
            self.done = true;
            return Ok(None);
        }
        pos += 1;
        if pos >= end {
            self.done = true;
            return Ok(None);
        }
        let lead = bytes[pos..end]
            .iter()
            .take_while(|byte| is_re_space(**byte))
            .count();
        let value = if pos + lead == end {
            (end - 1, end)
        } else {
            let trail = bytes[pos + lead..end]
                .iter()
                .rev()
                .take_while(|byte| is_re_space(**byte))
                .count();
            (pos + lead, end - trail)
        };
        let kind = match bytes[key_start..key_end].to_ascii_lowercase().as_slice() {
            b"syntax" => DirectiveKind::Syntax,
            b"escape" => DirectiveKind::Escape,
            b"check" => DirectiveKind::Check,
            _ => {
                self.done = true;
                return Ok(None);
            }
        };
        let index = kind as usize;
        if self.seen[index] {
            return Err(format!(
                "only one {} parser directive can be used",
                kind.as_str()
            ));
        }
        self.seen[index] = true;
        Ok(Some(DirectiveMatch {
            kind,
            key: (key_start, key_end),
            value,
        }))
    }
}

/// An instruction while its lines are being read.
struct Pending {
    first: usize,
    start_line: u32,
    lines: Vec<PhysicalLine>,
    pieces: Vec<TextRange>,
    empty_lines: Vec<TextRange>,
}

struct Parser<'src> {
    src: &'src str,
    bytes: &'src [u8],
    /// Start of the next physical line.
    pos: usize,
    /// BuildKit's `currentLine`: lines consumed so far.
    line_no: u32,
    /// Set when a line over the size limit stopped the scan (its start offset).
    too_long: Option<usize>,
    /// Whether BuildKit's 64 KiB line limit applies.
    line_limit: bool,
    escape: u8,
    directives: Directives,
    comments: Vec<Cow<'src, str>>,
    bom: Option<TextRange>,
    items: Vec<Item<'src>>,
    warnings: Vec<Warning>,
    error: Option<ParseError>,
    instructions: usize,
}

fn range(start: usize, end: usize) -> TextRange {
    TextRange::from_usize(start..end)
}

impl<'src> Parser<'src> {
    fn new(src: &'src str) -> Self {
        Self {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            line_no: 0,
            too_long: None,
            line_limit: true,
            escape: b'\\',
            directives: Directives::default(),
            comments: Vec::new(),
            bom: None,
            items: Vec::new(),
            warnings: Vec::new(),
            error: None,
            instructions: 0,
        }
    }

    fn fail(&mut self, message: impl Into<String>, start: u32, end: u32, at: TextRange) {
        if self.error.is_none() {
            self.error = Some(ParseError::new(ErrorLayer::Parse, message, start, end, at));
        }
    }

    /// The next physical line, or `None` at the end of input or at a line longer than Go's
    /// scanner accepts (then `too_long` is set and the scan is over, as in BuildKit).
    fn next_line(&mut self) -> Option<Line> {
        if self.pos >= self.bytes.len() || self.too_long.is_some() {
            return None;
        }
        let start = self.pos;
        let rest = &self.bytes[start..];
        let (end, has_newline) = match memchr_newline(rest) {
            Some(index) => (start + index + 1, true),
            None => (self.bytes.len(), false),
        };
        let len = end - start;
        if self.line_limit && ((has_newline && len > MAX_LINE) || (!has_newline && len >= MAX_LINE))
        {
            self.too_long = Some(start);
            return None;
        }
        let mut content_end = end;
        while content_end > start && matches!(self.bytes[content_end - 1], b'\r' | b'\n') {
            content_end -= 1;
        }
        self.pos = end;
        Some(Line {
            start,
            content_end,
            end,
        })
    }

    /// `isComment`: the first non-whitespace character is `#`.
    fn is_comment(&self, start: usize, end: usize) -> bool {
        let skip = go::leading_space_len(&self.bytes[start..end]);
        self.bytes.get(start + skip) == Some(&b'#') && start + skip < end
    }

    /// `trimContinuationCharacter`: for `([^E])E[ \t]*$|^E[ \t]*$`, where the kept text ends
    /// and where the continuation marker starts.
    fn continuation(&self, start: usize, end: usize) -> Option<usize> {
        let mut last = end;
        while last > start && matches!(self.bytes[last - 1], b' ' | b'\t') {
            last -= 1;
        }
        if last == start || self.bytes[last - 1] != self.escape {
            return None;
        }
        let marker = last - 1;
        if marker > start && self.bytes[marker - 1] == self.escape {
            return None;
        }
        Some(marker)
    }

    fn run(&mut self) {
        while let Some(line) = self.next_line() {
            self.outer_line(line);
        }
        if self.error.is_none() {
            if self.instructions == 0 {
                let at = range(self.bytes.len(), self.bytes.len());
                self.fail("file with no instructions", self.line_no, 0, at);
            } else if let Some(start) = self.too_long {
                let at = range(start, self.bytes.len());
                self.fail(
                    format!(
                        "dockerfile line greater than max allowed size of {}",
                        MAX_LINE - 1
                    ),
                    self.line_no,
                    0,
                    at,
                );
            }
        }
        if let Some(start) = self.too_long {
            self.items
                .push(Item::Unparsed(range(start, self.bytes.len())));
        }
    }

    /// A line read by BuildKit's outer loop: a directive, comment, blank line, or the first
    /// line of an instruction.
    fn outer_line(&mut self, line: Line) {
        let mut start = line.start;
        if line.start == 0 && self.bytes.starts_with(BOM) {
            self.bom = Some(range(0, 3));
            start = 3;
        }
        let comment = self.is_comment(start, line.end);
        if comment {
            // strings.TrimSpace(string(bytesRead[1:])): the first byte is dropped even when it
            // is indentation, so `  # x` gives `# x`.
            let (from, to) = go::trim_space_range(&self.bytes[start + 1..line.end]);
            let text = go::lossy(&self.bytes[start + 1 + from..start + 1 + to]);
            if text.is_empty() {
                self.comments.clear();
            } else {
                self.comments.push(text);
            }
        }
        let indent = go::leading_space_len(&self.bytes[start..line.content_end]);
        let token_start = start + indent;
        let directive = match self
            .directives
            .parse_line(self.bytes, token_start, line.content_end)
        {
            Ok(directive) => directive,
            Err(message) => {
                let at = range(token_start, line.content_end);
                self.fail(message, self.line_no, 0, at);
                None
            }
        };
        if let Some(found) = &directive {
            self.comments.pop();
            if found.kind == DirectiveKind::Escape {
                let value = &self.bytes[found.value.0..found.value.1];
                match value {
                    b"`" | b"\\" => self.escape = value[0],
                    _ => {
                        let message = format!(
                            "invalid escape token '{}' does not match ` or \\",
                            go::lossy(value)
                        );
                        let at = range(found.value.0, found.value.1);
                        self.fail(message, self.line_no, 0, at);
                    }
                }
            }
        }
        self.line_no += 1;

        if let Some(found) = directive {
            self.items.push(Item::Directive(Directive {
                kind: found.kind,
                key: range(found.key.0, found.key.1),
                value: go::lossy(&self.bytes[found.value.0..found.value.1]),
                value_range: range(found.value.0, found.value.1),
                text: range(token_start, line.content_end),
                line: range(line.start, line.end),
            }));
            return;
        }
        if comment {
            self.items.push(Item::Comment(CommentLine {
                range: range(line.start, line.end),
                text: range(token_start, line.content_end),
                line_ending: range(line.content_end, line.end),
            }));
            return;
        }
        let marker = self.continuation(token_start, line.content_end);
        if marker.is_none() && token_start == line.content_end {
            self.items.push(Item::Blank(BlankLine {
                range: range(line.start, line.end),
                line_ending: range(line.content_end, line.end),
            }));
            return;
        }
        self.instruction(line, start, token_start, marker);
    }

    fn instruction(&mut self, line: Line, start: usize, token_start: usize, marker: Option<usize>) {
        let content_end = marker.unwrap_or(line.content_end);
        let mut pending = Pending {
            first: token_start,
            start_line: self.line_no,
            lines: vec![PhysicalLine {
                kind: LineKind::Code,
                range: range(line.start, line.end),
                indent: range(start, token_start),
                content: range(token_start, content_end),
                continuation: marker.map(|marker| range(marker, line.content_end)),
                line_ending: range(line.content_end, line.end),
            }],
            pieces: vec![range(token_start, content_end)],
            empty_lines: Vec::new(),
        };
        let mut continues = marker.is_some();
        while continues {
            let Some(next) = self.next_line() else { break };
            // processLine runs the directive parser on continuation lines too; it is always
            // done by now, but keep the call for fidelity.
            if let Err(message) =
                self.directives
                    .parse_line(self.bytes, next.start, next.content_end)
            {
                let at = range(next.start, next.content_end);
                self.fail(message, self.line_no, 0, at);
            }
            self.line_no += 1;
            let whole = range(next.start, next.end);
            let ending = range(next.content_end, next.end);
            let indent = go::leading_space_len(&self.bytes[next.start..next.content_end]);
            if self.is_comment(next.start, next.end) {
                pending.lines.push(PhysicalLine {
                    kind: LineKind::Comment,
                    range: whole,
                    indent: range(next.start, next.start + indent),
                    content: range(next.start + indent, next.content_end),
                    continuation: None,
                    line_ending: ending,
                });
                continue;
            }
            if next.start + indent == next.content_end {
                pending.empty_lines.push(whole);
                pending.lines.push(PhysicalLine {
                    kind: LineKind::Empty,
                    range: whole,
                    indent: range(next.start, next.start),
                    content: range(next.start, next.content_end),
                    continuation: None,
                    line_ending: ending,
                });
                continue;
            }
            let marker = self.continuation(next.start, next.content_end);
            continues = marker.is_some();
            let content_end = marker.unwrap_or(next.content_end);
            pending.pieces.push(range(next.start, content_end));
            pending.lines.push(PhysicalLine {
                kind: LineKind::Code,
                range: whole,
                indent: range(next.start, next.start),
                content: range(next.start, content_end),
                continuation: marker.map(|marker| range(marker, next.content_end)),
                line_ending: ending,
            });
        }
        self.finish_instruction(pending);
    }

    fn finish_instruction(&mut self, pending: Pending) {
        let joined = Joined::new(self.src, &pending.pieces);
        let last_code = pending
            .lines
            .iter()
            .rev()
            .find(|line| line.kind == LineKind::Code)
            .map_or(pending.first, |line| {
                line.continuation
                    .map_or(line.content.end, |marker| marker.end) as usize
            });
        let text_range = range(pending.first, last_code.max(pending.first));
        let start_line = pending.start_line;
        let end_line = self.line_no;

        if !pending.empty_lines.is_empty() {
            self.warnings.push(Warning {
                short: format!("Empty continuation line found in: {}", joined.text()),
                detail: vec!["Empty continuation lines will become errors in a future release"],
                url: "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/",
                line: end_line,
                instruction: text_range,
                empty_lines: pending.empty_lines.clone(),
            });
        }

        let original = joined.text_cow();
        let (mut instruction, error) =
            node::parse_node(&joined, 0, joined.text().len(), self.escape, original);
        if let Some(message) = error {
            self.fail(message, start_line, end_line, text_range);
        }
        instruction.start_line = start_line;
        instruction.comments = std::mem::take(&mut self.comments);
        instruction.lines = pending.lines;

        let mut end = text_range.end;
        if can_contain_heredoc(&instruction) && joined.text().contains("<<") {
            let heredocs = self.heredocs(&joined, start_line, text_range);
            if let Some(last) = heredocs.last() {
                end = last
                    .terminator
                    .map_or(last.body.end, |terminator| terminator.end);
            }
            instruction.heredocs = heredocs;
        }
        instruction.end_line = self.line_no;
        instruction.range = TextRange::new(text_range.start, end);
        self.instructions += 1;
        self.items.push(Item::Instruction(instruction));
    }

    /// Detects the heredocs of the logical line and reads their bodies.
    fn heredocs(
        &mut self,
        joined: &Joined<'src>,
        start_line: u32,
        text_range: TextRange,
    ) -> Vec<Heredoc<'src>> {
        let mut specs = Vec::new();
        for word in heredoc::line_words(joined.text()) {
            match heredoc::parse_heredoc(&word.text) {
                Ok(Some(spec)) => specs.push((spec, joined.source_range(word.start, word.end))),
                Ok(None) => {}
                Err(message) => {
                    // BuildKit stops before reading any body.
                    self.fail(message, start_line, self.line_no, text_range);
                    return Vec::new();
                }
            }
        }
        let mut heredocs = Vec::with_capacity(specs.len());
        for (spec, marker) in specs {
            let body_start = self.pos;
            let mut terminator = None;
            let mut body_end = body_start;
            let mut line_end = body_start;
            while let Some(line) = self.next_line() {
                self.line_no += 1;
                let mut text = &self.bytes[line.start..line.content_end];
                let mut text_start = line.start;
                if spec.chomp {
                    let tabs = text.iter().take_while(|byte| **byte == b'\t').count();
                    text = &text[tabs..];
                    text_start += tabs;
                }
                if text == spec.name.as_bytes() {
                    terminator = Some(range(text_start, line.content_end));
                    line_end = line.end;
                    break;
                }
                body_end = line.end;
                line_end = line.end;
            }
            let unterminated = terminator.is_none();
            heredocs.push(Heredoc {
                name: spec.name,
                file_descriptor: spec.file_descriptor,
                expand: spec.expand,
                chomp: spec.chomp,
                marker,
                body: range(body_start, body_end),
                content: &self.src[body_start..body_end],
                terminator,
                range: range(body_start, line_end.max(body_end)),
            });
            if unterminated {
                let at = range(text_range.start as usize, self.pos);
                self.fail("unterminated heredoc", start_line, self.line_no, at);
                break;
            }
        }
        heredocs
    }

    fn finish(self) -> Dockerfile<'src> {
        Dockerfile {
            source: self.src,
            bom: self.bom,
            items: self.items,
            escape: char::from(self.escape),
            warnings: self.warnings,
            error: self.error,
        }
    }
}

/// A directive as BuildKit's `parser.ParseDirective` finds it (see [`super::parse_directive`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectedDirective<'src> {
    /// The whole value, as the regex captures it.
    pub value: Cow<'src, str>,
    /// The part before the first space: what BuildKit uses for `check` and `syntax`.
    pub first_word: Cow<'src, str>,
    /// BuildKit's location line (1-based, counting a skipped shebang line).
    pub line: u32,
    /// The value's range.
    pub range: TextRange,
}

/// BuildKit's `ParseDirective(key, dt)`: a UTF-8 BOM and a `#!` first line are skipped, lines are
/// not left-trimmed, scanning stops at the first line that is not a known directive, and a
/// duplicate ends the scan (the directive must come before it).
pub(crate) fn detect_directive(source: &str, kind: DirectiveKind) -> Option<DetectedDirective<'_>> {
    let bytes = source.as_bytes();
    let mut pos = if bytes.starts_with(BOM) { 3 } else { 0 };
    let mut line_no = 0u32;
    let first_end = memchr_newline(&bytes[pos..]).map_or(bytes.len(), |index| pos + index);
    if bytes[pos..first_end].starts_with(b"#!") {
        pos = (first_end + 1).min(bytes.len());
        line_no = 1;
    }
    let mut directives = Directives::default();
    while pos < bytes.len() && !directives.done {
        let end = memchr_newline(&bytes[pos..]).map_or(bytes.len(), |index| pos + index);
        if end - pos >= MAX_LINE {
            return None;
        }
        // bufio.ScanLines drops the newline and one `\r` before it.
        let content_end = if end > pos && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        line_no += 1;
        match directives.parse_line(bytes, pos, content_end) {
            Ok(Some(found)) if found.kind == kind => {
                let value = go::lossy(&bytes[found.value.0..found.value.1]);
                let first_word = match &value {
                    Cow::Borrowed(text) => Cow::Borrowed(text.split(' ').next().unwrap_or("")),
                    Cow::Owned(text) => {
                        Cow::Owned(text.split(' ').next().unwrap_or("").to_string())
                    }
                };
                return Some(DetectedDirective {
                    value,
                    first_word,
                    line: line_no,
                    range: range(found.value.0, found.value.1),
                });
            }
            Ok(_) => {}
            Err(_) => return None,
        }
        pos = end + 1;
    }
    None
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|byte| *byte == b'\n')
}

/// `canContainHeredoc`: RUN, COPY and ADD (directly or as an ONBUILD trigger), not in JSON form.
fn can_contain_heredoc(instruction: &Instruction<'_>) -> bool {
    let target = match &instruction.args {
        Args::Trigger(trigger) if instruction.kind == InstructionKind::Onbuild => trigger,
        _ => instruction,
    };
    matches!(
        target.kind,
        InstructionKind::Run | InstructionKind::Copy | InstructionKind::Add
    ) && !target.args.is_json()
}
