//! A fast path for the common, simple RUN script: parses it straight into the [`Script`] model
//! without shuck.
//!
//! shuck-parser costs about 90k instructions per RUN script, most of `plimsoll lint`'s time,
//! while most RUN scripts are plain command lists. [`try_parse`] covers exactly that subset:
//! simple commands whose words are unquoted, single- or double-quoted text with `$NAME`, `$1`,
//! `$?`-style and plain `${…}` parameters, escapes and `\`-newline continuations, leading
//! `NAME=value` assignments, the ordinary redirects (`>`, `>>`, `>|`, `<`, `<>`, `&>`, `>&`,
//! `<&`, with a file descriptor), joined by `|`, `|&`, `&&`, `||`, `;`, `&` and newlines, with
//! comments. Anything else returns `None` and the caller parses with shuck: substitutions,
//! backticks, arithmetic, `$'…'`, parentheses, braces inside words, compound commands, reserved
//! words, heredocs, arrays, `export`-style declarations, `exit`-style control builtins, control
//! characters (CRLF), and text shuck would report an error for.
//!
//! The contract is identity: where this returns a script, it equals what lowering shuck's AST
//! gives, quirks included (shuck's word-part boundaries, the empty target it synthesizes for
//! `2>&1` at offset 0, the reordering that follows). Differential tests hold it to that:
//! hand-written cases and seeded random scripts (`simple_tests.rs`), and every corpus script
//! (`plimsoll_linter`'s `corpus_scripts_fast_path_matches_shuck`). Where shuck's part boundaries
//! or spans turned out to depend on context (a brace inside a word, an escape in double quotes
//! next to a parameter or another part, a continuation inside a word that is not plain text),
//! the fast path declines rather than imitate.
//!
//! The word rules mirror shuck's lexer: a word's leading run of plain characters is a part of
//! its own when more follows; then come quoted parts, further plain runs, and unquoted segments
//! (text from a `$` or `\` on, up to the next quote or word end), which split into literal runs
//! and parameters, a literal `$` starting a new run.

use std::borrow::Cow;

use plimsoll_text::TextRange;

use super::Dialect;
use super::command::{
    Assignment, Command, CommandContext, CommandId, CommandKind, Redirect, RedirectKind,
    RedirectTarget,
};
use super::lower::{newline_after, order_by_start};
use super::one_or_many::OneOrMany;
use super::script::{
    Operator, OperatorKind, ParseStatus, Pipeline, PipelineElement, PipelineId, Scope, ScopeId,
    ScopeKind, Script,
};
use super::word::{
    Word, WordPart, WordPartKind, borrow_if_same, push_double_quoted_literal, push_unquoted_literal,
};

/// The text needs shuck.
struct Unsupported;

type Fast<T> = Result<T, Unsupported>;

/// Parses `source` when it is in the simple subset (see the module documentation), else `None`.
pub(crate) fn try_parse(source: &str, base_offset: u32, dialect: Dialect) -> Option<Script<'_>> {
    if dialect != Dialect::Bash {
        return None;
    }
    let len = u32::try_from(source.len()).ok()?;
    let end = base_offset.checked_add(len)?;
    // Control characters (a CR from CRLF above all) are word characters to shuck; leave them
    // to it rather than reason about each.
    if source
        .bytes()
        .any(|byte| (byte < b' ' && byte != b'\t' && byte != b'\n') || byte == 0x7f)
    {
        return None;
    }
    let mut parser = Parser {
        source,
        bytes: source.as_bytes(),
        pos: 0,
        base: base_offset,
        commands: Vec::new(),
        pipelines: Vec::new(),
        parts: Vec::new(),
    };
    parser.script().ok()?;
    let Parser {
        mut commands,
        mut pipelines,
        ..
    } = parser;
    order_by_start(&mut commands, &mut pipelines, &mut [], &mut []);
    Some(Script {
        source,
        base_offset,
        commands,
        pipelines,
        scopes: vec![Scope {
            id: ScopeId::ROOT,
            kind: ScopeKind::Script,
            range: TextRange::new(base_offset, end),
            parent: None,
            owner: None,
            redirects: Vec::new(),
        }],
        heredocs: Vec::new(),
        status: ParseStatus::Clean,
        diagnostics: Vec::new(),
    })
}

/// Command names shuck parses as something other than a plain simple command (reserved words,
/// declarations, control builtins), or that could change how later text parses.
const NOT_SIMPLE_NAMES: &[&str] = &[
    "!", "[[", "]]", "{", "}", "if", "then", "else", "elif", "fi", "for", "while", "until", "do",
    "done", "case", "esac", "select", "function", "time", "coproc", "in", "repeat", "foreach",
    "always", "export", "declare", "local", "readonly", "typeset", "integer", "float", "break",
    "continue", "return", "exit", "alias", "unalias", "shopt", "setopt", "unsetopt", "emulate",
];

/// Not a word character for shuck's lexer: ends a word.
fn is_word_end(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t'
            | b'\n'
            | b';'
            | b'|'
            | b'&'
            | b'>'
            | b'<'
            | b'('
            | b')'
            | b'{'
            | b'}'
            | b'\''
            | b'"'
    )
}

/// A blank or an operator character: what may follow a complete word.
fn ends_word(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t' | b'\n' | b';' | b'|' | b'&' | b'>' | b'<'
    )
}

/// A character of a plain run: neither a word end nor `$`, `` ` `` or `\`.
fn is_plain(byte: u8) -> bool {
    !is_word_end(byte) && !matches!(byte, b'$' | b'`' | b'\\')
}

fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
}

fn is_name_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// A `$` at `bytes[at]` that starts a parameter: its end, or `None` for a literal `$`.
/// `${…}` must already have been checked by [`braced_parameter_end`].
fn parameter_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at + 1)? {
        b'{' => bytes[at..]
            .iter()
            .position(|&byte| byte == b'}')
            .map(|close| at + close + 1),
        b'?' | b'#' | b'@' | b'*' | b'!' | b'$' | b'-' | b'0'..=b'9' => Some(at + 2),
        &byte if is_name_start(byte) => {
            let name_len = bytes[at + 1..]
                .iter()
                .position(|&byte| !is_name_char(byte))
                .unwrap_or(bytes.len() - at - 1);
            Some(at + 1 + name_len)
        }
        _ => None,
    }
}

/// `${…}` at `bytes[at]` with plain contents (a name, maybe an operator and a plain operand):
/// its end. Quotes, nested expansions, braces, blanks and escapes inside need shuck.
fn braced_parameter_end(bytes: &[u8], at: usize) -> Fast<usize> {
    let content = at + 2;
    let first = *bytes.get(content).ok_or(Unsupported)?;
    if !(first.is_ascii_alphanumeric() || matches!(first, b'_' | b'#' | b'!' | b'@' | b'*' | b'?'))
    {
        return Err(Unsupported);
    }
    for (index, &byte) in bytes[content..].iter().enumerate() {
        match byte {
            b'}' => return Ok(content + index + 1),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => {}
            b'_' | b'#' | b'%' | b'/' | b':' | b'-' | b'+' | b'=' | b'?' | b'.' | b'*' | b'@'
            | b',' | b'^' | b'!' | b'~' | b'[' | b']' => {}
            _ => return Err(Unsupported),
        }
    }
    Err(Unsupported)
}

/// For `N>&…`/`N<&…`: whether the character after a digit run (or `-`) keeps the target going
/// as a word, so shuck reads a word instead of synthesizing one.
fn continues_dup_target(next: Option<u8>, after: Option<u8>) -> bool {
    match next {
        Some(b'\\') => after != Some(b'\n'),
        Some(byte) => !is_word_end(byte) || matches!(byte, b'\'' | b'"' | b'{'),
        None => false,
    }
}

#[derive(Clone, Copy)]
struct RawPart {
    kind: WordPartKind,
    start: usize,
    end: usize,
}

struct Parser<'src> {
    source: &'src str,
    bytes: &'src [u8],
    pos: usize,
    base: u32,
    commands: Vec<Command<'src>>,
    pipelines: Vec<Pipeline>,
    /// Scratch list of the current word's parts.
    parts: Vec<RawPart>,
}

impl<'src> Parser<'src> {
    // ---- offsets and bytes -----------------------------------------------------------------

    fn absolute(&self, relative: usize) -> u32 {
        // `try_parse` checked that the whole source fits.
        self.base + relative as u32
    }

    fn range(&self, start: usize, end: usize) -> TextRange {
        TextRange::new(self.absolute(start), self.absolute(end))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// Skips blanks and `\`-newline continuations.
    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t') => self.pos += 1,
                Some(b'\\') if self.peek_at(1) == Some(b'\n') => self.pos += 2,
                _ => return,
            }
        }
    }

    /// Skips blanks, newlines and comments (where a list may continue on the next line).
    fn skip_linebreaks(&mut self) {
        loop {
            self.skip_blanks();
            match self.peek() {
                Some(b'\n') => self.pos += 1,
                Some(b'#') => self.skip_comment(),
                _ => return,
            }
        }
    }

    fn skip_comment(&mut self) {
        self.pos = self.bytes[self.pos..]
            .iter()
            .position(|&byte| byte == b'\n')
            .map_or(self.bytes.len(), |newline| self.pos + newline);
    }

    // ---- lists -----------------------------------------------------------------------------

    fn script(&mut self) -> Fast<()> {
        self.skip_linebreaks();
        let mut before = None;
        // The last pipeline of the previous statement when a newline ended it: it gets its
        // `after` only if another statement follows, as in shuck's lowering.
        let mut ended_by_newline: Option<usize> = None;
        while self.pos < self.bytes.len() {
            if let Some(previous) = ended_by_newline.take() {
                let end = self.pipelines[previous].range.end;
                let operator = Operator {
                    kind: OperatorKind::Newline,
                    range: newline_after(self.source, self.base, end),
                };
                self.set_after(previous, operator);
                before = Some(operator);
            }
            let last = self.and_or(before)?;
            before = None;
            self.skip_blanks();
            let kind = match self.peek() {
                Some(b';') => {
                    if matches!(self.peek_at(1), Some(b';' | b'&' | b'|')) {
                        return Err(Unsupported);
                    }
                    OperatorKind::Semicolon
                }
                Some(b'&') => {
                    if matches!(self.peek_at(1), Some(b'&' | b'|' | b'!' | b'>')) {
                        return Err(Unsupported);
                    }
                    OperatorKind::Background
                }
                Some(b'#') => {
                    self.skip_comment();
                    ended_by_newline = Some(last);
                    self.skip_linebreaks();
                    continue;
                }
                None | Some(b'\n') => {
                    ended_by_newline = Some(last);
                    self.skip_linebreaks();
                    continue;
                }
                Some(_) => return Err(Unsupported),
            };
            let operator = Operator {
                kind,
                range: self.range(self.pos, self.pos + 1),
            };
            self.pos += 1;
            self.set_after(last, operator);
            before = Some(operator);
            self.skip_linebreaks();
        }
        Ok(())
    }

    /// Sets the operator after pipeline `index`, and after its last command.
    fn set_after(&mut self, index: usize, operator: Operator) {
        let pipeline = &mut self.pipelines[index];
        pipeline.after = Some(operator);
        if let Some(PipelineElement::Command(id)) = pipeline.elements.as_slice().last() {
            self.commands[id.index()].context.after = Some(operator.kind);
        }
    }

    /// `a && b || c`: returns the index of the last pipeline.
    fn and_or(&mut self, mut before: Option<Operator>) -> Fast<usize> {
        loop {
            let pipeline = self.pipeline(before)?;
            self.skip_blanks();
            let kind = match (self.peek(), self.peek_at(1)) {
                (Some(b'&'), Some(b'&')) => OperatorKind::And,
                (Some(b'|'), Some(b'|')) => OperatorKind::Or,
                _ => return Ok(pipeline),
            };
            let operator = Operator {
                kind,
                range: self.range(self.pos, self.pos + 2),
            };
            self.pos += 2;
            self.set_after(pipeline, operator);
            before = Some(operator);
            self.skip_linebreaks();
        }
    }

    fn pipeline(&mut self, before: Option<Operator>) -> Fast<usize> {
        let index = self.pipelines.len();
        let id = PipelineId(index as u32);
        let first_command = self.commands.len();
        let mut pipes = Vec::new();
        loop {
            self.command(id)?;
            self.skip_blanks();
            if self.peek() != Some(b'|') || self.peek_at(1) == Some(b'|') {
                break;
            }
            let (kind, len) = if self.peek_at(1) == Some(b'&') {
                (OperatorKind::PipeAll, 2)
            } else {
                (OperatorKind::Pipe, 1)
            };
            pipes.push(Operator {
                kind,
                range: self.range(self.pos, self.pos + len),
            });
            self.pos += len;
            self.skip_linebreaks();
        }

        let commands = &mut self.commands[first_command..];
        let len = commands.len();
        let mut elements = OneOrMany::with_capacity(len);
        let mut range: Option<TextRange> = None;
        for (position, command) in commands.iter_mut().enumerate() {
            let context = &mut command.context;
            context.position = position as u32;
            context.pipeline_len = len as u32;
            context.before = if position == 0 {
                before.map(|operator| operator.kind)
            } else {
                Some(pipes[position - 1].kind)
            };
            context.after = pipes.get(position).map(|operator| operator.kind);
            elements.push(PipelineElement::Command(command.id));
            range = Some(range.map_or(command.range, |range| range.cover(command.range)));
        }
        self.pipelines.push(Pipeline {
            id,
            range: range.ok_or(Unsupported)?,
            elements,
            pipes,
            negated: false,
            scope: ScopeId::ROOT,
            before,
            after: None,
        });
        Ok(index)
    }

    // ---- simple commands -------------------------------------------------------------------

    fn command(&mut self, pipeline: PipelineId) -> Fast<()> {
        let mut assignments = Vec::new();
        let mut name: Option<Word<'src>> = None;
        let mut args = Vec::new();
        let mut redirects = Vec::new();
        loop {
            self.skip_blanks();
            let Some(byte) = self.peek() else { break };
            match byte {
                b'\n' | b';' | b'|' | b'#' => break,
                b'&' if self.peek_at(1) != Some(b'>') => break,
                b'&' | b'>' | b'<' => redirects.push(self.redirect(None)?),
                b'0'..=b'9' => {
                    if let Some(digits) = self.fd_prefix() {
                        redirects.push(self.redirect(Some(digits))?);
                    } else if name.is_none() {
                        name = Some(self.command_name()?);
                    } else {
                        args.push(self.word()?);
                    }
                }
                _ if name.is_none() => {
                    if let Some(assignment) = self.assignment()? {
                        assignments.push(assignment);
                    } else {
                        name = Some(self.command_name()?);
                    }
                }
                _ => args.push(self.word()?),
            }
        }
        let range = assignments
            .iter()
            .map(Assignment::range)
            .chain(name.iter().map(Word::range))
            .chain(args.iter().map(Word::range))
            .chain(redirects.iter().map(Redirect::range))
            .reduce(TextRange::cover)
            .ok_or(Unsupported)?;
        let id = CommandId(self.commands.len() as u32);
        self.commands.push(Command {
            id,
            kind: CommandKind::Simple,
            range,
            assignments,
            name,
            args,
            redirects,
            // Position, length and operators are set once the pipeline is complete.
            context: CommandContext {
                scope: ScopeId::ROOT,
                pipeline,
                position: 0,
                pipeline_len: 0,
                before: None,
                after: None,
                negated: false,
            },
        });
        Ok(())
    }

    fn command_name(&mut self) -> Fast<Word<'src>> {
        let word = self.word()?;
        let text = word.text();
        if text.contains('=')
            || text.starts_with(['{', ']'])
            || (text.starts_with('[') && text != "[")
            || NOT_SIMPLE_NAMES.contains(&text)
            || NOT_SIMPLE_NAMES.contains(&word.value())
        {
            return Err(Unsupported);
        }
        Ok(word)
    }

    /// `NAME=value` or `NAME+=value` at the current position, else `None` (nothing consumed).
    fn assignment(&mut self) -> Fast<Option<Assignment<'src>>> {
        let start = self.pos;
        let bytes = self.bytes;
        if !is_name_start(bytes[start]) {
            return Ok(None);
        }
        let name_end = bytes[start..]
            .iter()
            .position(|&byte| !is_name_char(byte))
            .map_or(bytes.len(), |len| start + len);
        let (append, value_start) = match (bytes.get(name_end), bytes.get(name_end + 1)) {
            (Some(b'='), _) => (false, name_end + 1),
            (Some(b'+'), Some(b'=')) => (true, name_end + 2),
            // `a[1]=x` has a subscript.
            (Some(b'['), _) => return Err(Unsupported),
            _ => return Ok(None),
        };
        // `a=(…)` is an array.
        if bytes.get(value_start) == Some(&b'(') {
            return Err(Unsupported);
        }
        self.lex_word()?;
        let end = self.pos;
        // The first part is the plain run holding `NAME=`: the value starts after the `=`.
        let mut parts = std::mem::take(&mut self.parts);
        let first = parts.first_mut().ok_or(Unsupported)?;
        if first.kind != WordPartKind::Literal || first.start != start || first.end < value_start {
            self.parts = parts;
            return Err(Unsupported);
        }
        first.start = value_start;
        let value_parts: &[RawPart] = if first.end == value_start && parts.len() > 1 {
            &parts[1..]
        } else {
            &parts
        };
        // shuck re-reads an assignment's value, and keeps a `\`-newline there as a part of
        // its own (`A="x"\<newline>`).
        if self.source[start..end].contains("\\\n") {
            self.parts = parts;
            return Err(Unsupported);
        }
        let value = self.build_word(value_start, end, value_parts);
        self.parts = parts;
        Ok(Some(Assignment {
            range: self.range(start, end),
            name: &self.source[start..name_end],
            value: Some(value),
            append,
        }))
    }

    /// Digits followed by `>` or `<` (not `<<`): the digit count.
    fn fd_prefix(&self) -> Option<usize> {
        let digits = self.bytes[self.pos..]
            .iter()
            .position(|byte| !byte.is_ascii_digit())
            .unwrap_or(self.bytes.len() - self.pos);
        match self.peek_at(digits) {
            Some(b'>') => Some(digits),
            Some(b'<') if self.peek_at(digits + 1) != Some(b'<') => Some(digits),
            _ => None,
        }
    }

    /// A redirect at the current position, after `fd_digits` digits if given.
    fn redirect(&mut self, fd_digits: Option<usize>) -> Fast<Redirect<'src>> {
        let start = self.pos;
        let fd = match fd_digits {
            Some(digits) => {
                if digits > 4 {
                    return Err(Unsupported);
                }
                let fd: i32 = self.source[start..start + digits]
                    .parse()
                    .map_err(|_| Unsupported)?;
                self.pos += digits;
                Some(fd)
            }
            None => None,
        };
        let (kind, fd, len) = match (self.peek(), self.peek_at(1), self.peek_at(2)) {
            (Some(b'&'), Some(b'>'), Some(b'>')) => return Err(Unsupported),
            (Some(b'&'), Some(b'>'), _) => (RedirectKind::OutputBoth, None, 2),
            (Some(b'>'), Some(b'>'), third) => {
                if third == Some(b'|') {
                    return Err(Unsupported);
                }
                (RedirectKind::Append, fd, 2)
            }
            (Some(b'>'), Some(b'|'), _) => (RedirectKind::Clobber, fd, 2),
            (Some(b'>'), Some(b'&'), _) => (RedirectKind::DupOutput, Some(fd.unwrap_or(1)), 2),
            (Some(b'>'), Some(b'('), _) => return Err(Unsupported),
            (Some(b'>'), _, _) => (RedirectKind::Output, fd, 1),
            (Some(b'<'), Some(b'<' | b'('), _) => return Err(Unsupported),
            (Some(b'<'), Some(b'>'), _) => (RedirectKind::ReadWrite, fd, 2),
            (Some(b'<'), Some(b'&'), _) => (RedirectKind::DupInput, Some(fd.unwrap_or(0)), 2),
            (Some(b'<'), _, _) => (RedirectKind::Input, fd, 1),
            _ => return Err(Unsupported),
        };
        self.pos += len;

        // With an explicit descriptor, `N>&M`, `N<&M` and `N<&-` are single tokens whose target
        // shuck synthesizes with an empty span at offset 0: its lowered word is empty, at the
        // script start, and the redirect's range runs from there.
        if fd_digits.is_some() && matches!(kind, RedirectKind::DupOutput | RedirectKind::DupInput) {
            let digits = self.bytes[self.pos..]
                .iter()
                .position(|byte| !byte.is_ascii_digit())
                .unwrap_or(self.bytes.len() - self.pos);
            let closes = kind == RedirectKind::DupInput
                && self.peek() == Some(b'-')
                && !continues_dup_target(self.peek_at(1), self.peek_at(2));
            let synthesized = closes
                || (digits > 0
                    && !continues_dup_target(self.peek_at(digits), self.peek_at(digits + 1)));
            if synthesized {
                self.pos += if closes { 1 } else { digits };
                let at = self.absolute(0);
                let word_range = TextRange::empty(at);
                return Ok(Redirect {
                    range: TextRange::new(at, self.absolute(self.pos)),
                    kind,
                    fd,
                    target: RedirectTarget::Word(Word {
                        range: word_range,
                        text: "",
                        value: Cow::Borrowed(""),
                        static_prefix_len: 0,
                        quoted: false,
                        expansion: false,
                        parts: OneOrMany::One(WordPart {
                            kind: WordPartKind::Literal,
                            range: word_range,
                        }),
                    }),
                });
            }
        }

        self.skip_blanks();
        match self.peek() {
            None | Some(b'#' | b'\n' | b';' | b'|' | b'&' | b'>' | b'<' | b'(' | b')') => {
                return Err(Unsupported);
            }
            Some(b'0'..=b'9') if self.fd_prefix().is_some() => return Err(Unsupported),
            // Bracket and brace words come from special lexer paths; keep targets plain.
            Some(b'[' | b']' | b'{') => return Err(Unsupported),
            Some(_) => {}
        }
        let target = self.word()?;
        // shuck's part boundaries in a `>&`/`<&` target word vary (`2>&1{x}-"$X"` keeps
        // `1{x}-` whole, `2>&1{x}` does not): only a plain run is certain.
        if matches!(kind, RedirectKind::DupOutput | RedirectKind::DupInput)
            && !matches!(target.parts(), [part] if part.kind == WordPartKind::Literal && part.range == target.range && !target.text.contains('\\'))
        {
            return Err(Unsupported);
        }
        Ok(Redirect {
            range: TextRange::new(self.absolute(start), target.range.end),
            kind,
            fd,
            target: RedirectTarget::Word(target),
        })
    }

    // ---- words -----------------------------------------------------------------------------

    fn word(&mut self) -> Fast<Word<'src>> {
        let start = self.pos;
        self.lex_word()?;
        let parts = std::mem::take(&mut self.parts);
        let word = self.build_word(start, self.pos, &parts);
        self.parts = parts;
        Ok(word)
    }

    /// Reads one word into `self.parts`, leaving `self.pos` after it.
    fn lex_word(&mut self) -> Fast<()> {
        self.parts.clear();
        let start = self.pos;
        let first = self.peek().ok_or(Unsupported)?;
        match first {
            b'{' => return self.brace_word(),
            b'[' => {
                // `[` alone is the test command; else shuck reads the whole word from the `[`
                // as one unquoted segment (no leading plain run of its own).
                if matches!(self.peek_at(1), None | Some(b' ' | b'\t' | b'\n')) {
                    self.pos += 1;
                    self.push_part(WordPartKind::Literal, start, self.pos);
                    return Ok(());
                }
                if self.peek_at(1) == Some(b'[') {
                    return Err(Unsupported);
                }
                self.unquoted_segment()?;
            }
            b']' => {
                let len = if self.peek_at(1) == Some(b']') { 2 } else { 1 };
                if !matches!(self.peek_at(len), None | Some(b' ' | b'\t' | b'\n')) {
                    return Err(Unsupported);
                }
                self.pos += len;
                self.push_part(WordPartKind::Literal, start, self.pos);
                return Ok(());
            }
            b'\'' | b'"' => {}
            b'$' | b'\\' => self.unquoted_segment()?,
            byte if is_plain(byte) => {
                self.plain_run();
                match self.peek() {
                    Some(b'$' | b'{' | b'`' | b'\\' | b'\'' | b'"') => {}
                    Some(b'(') => return Err(Unsupported),
                    _ => return Ok(()),
                }
            }
            _ => return Err(Unsupported),
        }
        self.continuation(is_plain(first) && first != b'[')
    }

    /// A plain run at the current position as a literal part.
    fn plain_run(&mut self) {
        let start = self.pos;
        self.pos = self.bytes[start..]
            .iter()
            .position(|&byte| !is_plain(byte))
            .map_or(self.bytes.len(), |len| start + len);
        self.push_part(WordPartKind::Literal, start, self.pos);
    }

    fn push_part(&mut self, kind: WordPartKind, start: usize, end: usize) {
        self.parts.push(RawPart { kind, start, end });
    }

    /// The rest of a word after its first part: quotes, plain runs, unquoted segments, and
    /// `\`-newline continuations between them (in the word's range, in no part).
    fn continuation(&mut self, plain_start: bool) -> Fast<()> {
        let mut continued = false;
        loop {
            match self.peek() {
                Some(b'\\') if self.peek_at(1) == Some(b'\n') => {
                    // shuck leaves a continuation out of the parts only in a word of plain runs
                    // and escapes that goes on with plain runs alone (`a\<newline>b`);
                    // otherwise it becomes a part of its own or joins a literal.
                    if !plain_start
                        || self
                            .parts
                            .iter()
                            .any(|part| part.kind != WordPartKind::Literal)
                    {
                        return Err(Unsupported);
                    }
                    self.pos += 2;
                    continued = true;
                }
                Some(byte) if is_plain(byte) => self.plain_run(),
                Some(byte) if continued && !is_word_end(byte) => return Err(Unsupported),
                Some(b'\'' | b'"') if continued => return Err(Unsupported),
                Some(b'\'') => self.single_quoted()?,
                Some(b'"') => self.double_quoted()?,
                Some(b'$') if matches!(self.peek_at(1), Some(b'\'' | b'"')) => {
                    return Err(Unsupported);
                }
                Some(b'(') => return Err(Unsupported),
                _ => {
                    let start = self.pos;
                    self.unquoted_segment()?;
                    if self.pos == start {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Text up to the next quote or word end, split into literal runs and parameters.
    fn unquoted_segment(&mut self) -> Fast<()> {
        let bytes = self.bytes;
        let mut run_start = self.pos;
        while let Some(byte) = self.peek() {
            match byte {
                b'$' => {
                    let at = self.pos;
                    let end = match bytes.get(at + 1) {
                        Some(b'\'' | b'"' | b'(' | b'[') => return Err(Unsupported),
                        Some(b'{') => Some(braced_parameter_end(bytes, at)?),
                        _ => parameter_end(bytes, at),
                    };
                    match end {
                        Some(end) => {
                            if at > run_start {
                                self.push_part(WordPartKind::Literal, run_start, at);
                            }
                            self.push_part(WordPartKind::Parameter, at, end);
                            self.pos = end;
                            run_start = end;
                        }
                        None => {
                            // shuck starts a new literal part at a literal `$` too.
                            if at > run_start {
                                self.push_part(WordPartKind::Literal, run_start, at);
                            }
                            run_start = at;
                            self.pos += 1;
                        }
                    }
                }
                // shuck's part boundaries around a brace inside a word depend on earlier
                // text (`22{x}$10` splits after `22` or not, depending on the words before).
                b'{' => return Err(Unsupported),
                b'\\' => match self.peek_at(1) {
                    // A continuation right after a parameter: where shuck's next literal part
                    // starts is not known.
                    Some(b'\n') if self.pos == run_start => return Err(Unsupported),
                    Some(b'\n') => self.pos += 2,
                    Some(b'{') => return Err(Unsupported),
                    Some(_) => {
                        let escaped = self.source[self.pos + 1..]
                            .chars()
                            .next()
                            .map_or(1, char::len_utf8);
                        self.pos += 1 + escaped;
                    }
                    None => self.pos += 1,
                },
                b'`' | b'(' => return Err(Unsupported),
                byte if is_plain(byte) => {
                    self.pos = bytes[self.pos..]
                        .iter()
                        .position(|&byte| !is_plain(byte))
                        .map_or(bytes.len(), |len| self.pos + len);
                }
                _ => break,
            }
        }
        if self.pos > run_start {
            self.push_part(WordPartKind::Literal, run_start, self.pos);
        }
        Ok(())
    }

    fn single_quoted(&mut self) -> Fast<()> {
        let start = self.pos;
        let close = self.bytes[start + 1..]
            .iter()
            .position(|&byte| byte == b'\'')
            .ok_or(Unsupported)?;
        self.pos = start + 1 + close + 1;
        self.push_part(WordPartKind::SingleQuoted, start, self.pos);
        Ok(())
    }

    fn double_quoted(&mut self) -> Fast<()> {
        let start = self.pos;
        let bytes = self.bytes;
        let mut index = start + 1;
        let mut escaped = false;
        let mut parameter = false;
        loop {
            match *bytes.get(index).ok_or(Unsupported)? {
                b'"' => break,
                b'\\' => match bytes.get(index + 1) {
                    // shuck's spans inside double quotes after a continuation are off by the
                    // removed characters in some words (`''"\<newline>$"`).
                    None | Some(b'\n') => return Err(Unsupported),
                    Some(_) => {
                        escaped = true;
                        index += 2;
                    }
                },
                b'`' => return Err(Unsupported),
                b'$' => match bytes.get(index + 1) {
                    Some(b'(' | b'[' | b'\'') => return Err(Unsupported),
                    Some(b'{') => {
                        parameter = true;
                        index = braced_parameter_end(bytes, index)?;
                    }
                    _ => {
                        parameter |= parameter_end(bytes, index).is_some();
                        index += 1;
                    }
                },
                _ => index += 1,
            }
        }
        // With a parameter in the quotes, shuck's spans of escaped text can be off
        // (`"$X\\$"` lowers to the value `$X`).
        if escaped && parameter {
            return Err(Unsupported);
        }
        self.pos = index + 1;
        self.push_part(WordPartKind::DoubleQuoted, start, self.pos);
        // An escape inside double quotes can shift shuck's spans of what follows it when the
        // quotes are not the whole word (`"\\"$"''` lowers to the value `\\"`).
        if bytes[start..self.pos].contains(&b'\\')
            && (self.parts.len() > 1 || !self.peek().is_none_or(ends_word))
        {
            return Err(Unsupported);
        }
        Ok(())
    }

    /// A word starting with `{`: only `{plain}` followed by plain characters, which shuck
    /// keeps as one literal.
    fn brace_word(&mut self) -> Fast<()> {
        let start = self.pos;
        let bytes = self.bytes;
        let close = bytes[start + 1..]
            .iter()
            .position(|&byte| !is_plain(byte))
            .map(|len| start + 1 + len)
            .ok_or(Unsupported)?;
        if bytes[close] != b'}' {
            return Err(Unsupported);
        }
        let end = bytes[close + 1..]
            .iter()
            .position(|&byte| !is_plain(byte))
            .map_or(bytes.len(), |len| close + 1 + len);
        if !matches!(
            bytes.get(end),
            None | Some(b' ' | b'\t' | b'\n' | b';' | b'|' | b'&' | b'<' | b'>')
        ) {
            return Err(Unsupported);
        }
        self.pos = end;
        self.push_part(WordPartKind::Literal, start, end);
        Ok(())
    }

    /// The model's word for `start..end` with `parts`, computed as shuck's lowering does.
    fn build_word(&self, start: usize, end: usize, parts: &[RawPart]) -> Word<'src> {
        let range = self.range(start, end);
        let text = &self.source[start..end];
        if let [part] = parts
            && part.kind == WordPartKind::Literal
            && part.start == start
            && part.end == end
            && !text.contains('\\')
        {
            return Word {
                range,
                text,
                value: Cow::Borrowed(text),
                static_prefix_len: text.len() as u32,
                quoted: false,
                expansion: false,
                parts: OneOrMany::One(WordPart {
                    kind: WordPartKind::Literal,
                    range,
                }),
            };
        }
        let mut value = String::with_capacity(text.len());
        let mut static_prefix_len = None;
        let mut quoted = false;
        let mut word_parts = OneOrMany::with_capacity(parts.len());
        for part in parts {
            let raw = &self.source[part.start..part.end];
            match part.kind {
                WordPartKind::Literal => push_unquoted_literal(raw, &mut value),
                WordPartKind::SingleQuoted => {
                    quoted = true;
                    value.push_str(&raw[1..raw.len() - 1]);
                }
                WordPartKind::DoubleQuoted => {
                    quoted = true;
                    push_double_quoted(&raw[1..raw.len() - 1], &mut value, &mut static_prefix_len);
                }
                _ => {
                    static_prefix_len.get_or_insert(value.len());
                    value.push_str(raw);
                }
            }
            word_parts.push(WordPart {
                kind: part.kind,
                range: self.range(part.start, part.end),
            });
        }
        let expansion = static_prefix_len.is_some();
        let static_prefix_len = static_prefix_len.unwrap_or(value.len());
        Word {
            range,
            text,
            value: borrow_if_same(value, text),
            static_prefix_len: static_prefix_len as u32,
            quoted,
            expansion,
            parts: word_parts,
        }
    }
}

/// Appends the value of double-quoted content: literal runs decoded, parameters verbatim
/// (marking where the static prefix ends).
fn push_double_quoted(inner: &str, value: &mut String, static_prefix_len: &mut Option<usize>) {
    let bytes = inner.as_bytes();
    let mut run_start = 0;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'$' => match parameter_end(bytes, index) {
                Some(end) => {
                    push_double_quoted_literal(&inner[run_start..index], value);
                    static_prefix_len.get_or_insert(value.len());
                    value.push_str(&inner[index..end]);
                    index = end;
                    run_start = end;
                }
                None => index += 1,
            },
            _ => index += 1,
        }
    }
    push_double_quoted_literal(&inner[run_start..], value);
}
