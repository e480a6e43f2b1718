//! A tiny engine for the Go `regexp` strings that BuildKit and `moby/patternmatcher` build.
//!
//! Both upstream libraries translate shell patterns into a Go regular expression and let Go's RE2
//! decide. Reproducing that exactly means parsing the same syntax with the same rules, so this
//! module parses the RE2 syntax those translators can let through (literals, escapes, `.`, `^`,
//! `$`, bracket classes with ranges, negation, POSIX `[:name:]` and Perl `\d \s \w` classes,
//! groups, alternation, `* + ? {n,m}` with lazy variants, `\A \z \b \B`, `\Q…\E`) and runs it
//! with a Pike VM that has Go's leftmost-first semantics. patternmatcher passes `|`, `{` and `}`
//! through unescaped, so alternation and counted repetition are reachable from `.dockerignore`.
//!
//! Not supported (reported as [`CompileError::Unsupported`]): Unicode classes `\p{…}` and flags
//! or named groups `(?…)`. Only a `\p` typed into a `.dockerignore` pattern can reach them.
//!
//! Flags are Go's `syntax.Perl`: `.` does not match `\n`, a negated class does, `^`/`$` only
//! match at the ends of the text.

use std::cell::RefCell;

/// Why a regular expression was not compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompileError {
    /// Go's `regexp.Compile` rejects it too.
    Syntax,
    /// Valid Go syntax that this engine does not implement.
    Unsupported,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    BeginText,
    EndText,
    WordBoundary,
    NotWordBoundary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RepeatKind {
    Star,
    Plus,
    Quest,
    /// `{min}`, `{min,}` (max `None`) or `{min,max}`.
    Range(u32, Option<u32>),
}

#[derive(Debug, Clone)]
enum Node {
    Empty,
    Char(char),
    Class(Vec<(u32, u32)>),
    AnyNotNewline,
    Look(Look),
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    Repeat {
        sub: Box<Node>,
        kind: RepeatKind,
        greedy: bool,
    },
}

#[derive(Debug, Clone)]
enum Inst {
    Char(char),
    Class(Box<[(u32, u32)]>),
    AnyNotNewline,
    Look(Look),
    /// Try `.0` first, then `.1` (leftmost-first priority).
    Split(usize, usize),
    Jump(usize),
    Match,
}

/// A compiled Go regular expression (see the module docs for the supported syntax).
#[derive(Debug, Clone)]
pub(crate) struct Regex {
    insts: Vec<Inst>,
    /// Literal text every whole-text match must start / end with (`^docs/…\.md$`), checked
    /// before running the VM in [`Regex::is_match`].
    required_prefix: String,
    required_suffix: String,
}

impl Regex {
    pub(crate) fn new(pattern: &str) -> Result<Self, CompileError> {
        let mut parser = Parser {
            src: pattern,
            pos: 0,
        };
        let node = parser.parse_alternation(0)?;
        if parser.pos < parser.src.len() {
            // Only an unmatched `)` stops the top-level alternation early.
            return Err(CompileError::Syntax);
        }
        let (required_prefix, required_suffix) = required_literals(&node);
        let mut insts = Vec::new();
        compile(&node, &mut insts);
        insts.push(Inst::Match);
        Ok(Self {
            insts,
            required_prefix,
            required_suffix,
        })
    }

    /// Go `Regexp.MatchString`: whether the regex matches anywhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        if !text.starts_with(&self.required_prefix) || !text.ends_with(&self.required_suffix) {
            return false;
        }
        self.run(text, 0, true).is_some()
    }

    /// Go `Regexp.FindStringIndex` starting the search at byte `start` (assertions still see the
    /// whole text): the leftmost match, and among those the one a backtracking engine prefers.
    pub(crate) fn find_at(&self, text: &str, start: usize) -> Option<(usize, usize)> {
        self.run(text, start, false)
    }

    fn run(&self, text: &str, start: usize, earliest: bool) -> Option<(usize, usize)> {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => {
                scratch.resize(self.insts.len());
                self.pike(text, start, earliest, &mut scratch)
            }
            // Not reachable (matching never re-enters), but stay correct rather than panic.
            Err(_) => {
                let mut scratch = Scratch::default();
                scratch.resize(self.insts.len());
                self.pike(text, start, earliest, &mut scratch)
            }
        })
    }

    /// Go `Regexp.ReplaceAllString`: every non-overlapping match replaced by `template`, in which
    /// `$0`/`${0}` stand for the match, `$$` for `$`, and other `$name`s for nothing.
    pub(crate) fn replace_all(&self, src: &str, template: &str) -> String {
        let mut out = String::with_capacity(src.len());
        let mut last_match_end = 0;
        let mut search_pos = 0;
        while search_pos <= src.len() {
            let Some((a0, a1)) = self.find_at(src, search_pos) else {
                break;
            };
            out.push_str(&src[last_match_end..a0]);
            // No replacement for an empty match right after the previous match.
            if a1 > last_match_end || a0 == 0 {
                expand_template(&mut out, template, &src[a0..a1]);
            }
            last_match_end = a1;
            let width = src[search_pos..].chars().next().map_or(0, char::len_utf8);
            if search_pos + width > a1 {
                search_pos += width;
            } else if search_pos + 1 > a1 {
                search_pos += 1;
            } else {
                search_pos = a1;
            }
        }
        out.push_str(&src[last_match_end..]);
        out
    }

    fn pike(
        &self,
        text: &str,
        start: usize,
        earliest: bool,
        s: &mut Scratch,
    ) -> Option<(usize, usize)> {
        s.clist.clear();
        s.nlist.clear();
        let mut matched: Option<(usize, usize)> = None;
        let mut pos = start;
        loop {
            if matched.is_none() {
                // A new thread starting here has the lowest priority: leftmost match wins.
                self.add_thread(&mut s.clist, &mut s.stack, 0, pos, pos, text);
            }
            if s.clist.is_empty() {
                break;
            }
            let next = text[pos..].chars().next();
            for i in 0..s.clist.len() {
                let (pc, thread_start) = s.clist.dense[i];
                let advance = match &self.insts[pc] {
                    Inst::Match => {
                        matched = Some((thread_start, pos));
                        if earliest {
                            return matched;
                        }
                        // Threads after this one have lower priority: drop them.
                        break;
                    }
                    Inst::Char(c) => next == Some(*c),
                    Inst::Class(ranges) => next.is_some_and(|ch| class_contains(ranges, ch)),
                    Inst::AnyNotNewline => next.is_some_and(|ch| ch != '\n'),
                    Inst::Look(_) | Inst::Split(..) | Inst::Jump(_) => false,
                };
                if advance {
                    let width = next.map_or(0, char::len_utf8);
                    self.add_thread(
                        &mut s.nlist,
                        &mut s.stack,
                        pc + 1,
                        thread_start,
                        pos + width,
                        text,
                    );
                }
            }
            let Some(ch) = next else { break };
            pos += ch.len_utf8();
            std::mem::swap(&mut s.clist, &mut s.nlist);
            s.nlist.clear();
        }
        matched
    }

    /// Adds `pc` and everything reachable from it without consuming input, in priority order.
    fn add_thread(
        &self,
        list: &mut ThreadList,
        stack: &mut Vec<usize>,
        pc: usize,
        thread_start: usize,
        pos: usize,
        text: &str,
    ) {
        stack.clear();
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if !list.insert(pc, thread_start) {
                continue;
            }
            match &self.insts[pc] {
                Inst::Jump(target) => stack.push(*target),
                Inst::Split(first, second) => {
                    stack.push(*second);
                    stack.push(*first);
                }
                Inst::Look(look) => {
                    if look_holds(*look, text, pos) {
                        stack.push(pc + 1);
                    }
                }
                Inst::Char(_) | Inst::Class(_) | Inst::AnyNotNewline | Inst::Match => {}
            }
        }
    }
}

/// For `^lit…lit$` (a concatenation anchored at both ends), the literal characters right after
/// `^` and right before `$`: any match must start and end with them.
fn required_literals(node: &Node) -> (String, String) {
    let Node::Concat(items) = node else {
        return (String::new(), String::new());
    };
    let anchored = matches!(items.first(), Some(Node::Look(Look::BeginText)))
        && matches!(items.last(), Some(Node::Look(Look::EndText)));
    if !anchored {
        return (String::new(), String::new());
    }
    let inner = &items[1..items.len() - 1];
    let literal = |item: &Node| match item {
        Node::Char(c) => Some(*c),
        _ => None,
    };
    let prefix: String = inner.iter().map_while(literal).collect();
    let mut suffix: Vec<char> = inner.iter().rev().map_while(literal).collect();
    suffix.reverse();
    (prefix, suffix.into_iter().collect())
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Reused buffers so that matching does not allocate once warmed up.
#[derive(Default)]
struct Scratch {
    clist: ThreadList,
    nlist: ThreadList,
    stack: Vec<usize>,
}

impl Scratch {
    fn resize(&mut self, n: usize) {
        self.clist.resize(n);
        self.nlist.resize(n);
    }
}

/// An ordered sparse set of program counters (Russ Cox's sparse set), each with its start.
#[derive(Default)]
struct ThreadList {
    dense: Vec<(usize, usize)>,
    sparse: Vec<usize>,
}

impl ThreadList {
    fn resize(&mut self, n: usize) {
        if self.sparse.len() < n {
            self.sparse.resize(n, 0);
        }
        self.dense.clear();
    }

    fn clear(&mut self) {
        self.dense.clear();
    }

    fn is_empty(&self) -> bool {
        self.dense.is_empty()
    }

    fn len(&self) -> usize {
        self.dense.len()
    }

    /// Inserts `pc` unless present; returns whether it was inserted.
    fn insert(&mut self, pc: usize, start: usize) -> bool {
        let i = self.sparse[pc];
        if i < self.dense.len() && self.dense[i].0 == pc {
            return false;
        }
        self.sparse[pc] = self.dense.len();
        self.dense.push((pc, start));
        true
    }
}

fn class_contains(ranges: &[(u32, u32)], ch: char) -> bool {
    let cp = u32::from(ch);
    ranges.iter().any(|&(lo, hi)| lo <= cp && cp <= hi)
}

fn is_word_byte(ch: Option<char>) -> bool {
    ch.is_some_and(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn look_holds(look: Look, text: &str, pos: usize) -> bool {
    match look {
        Look::BeginText => pos == 0,
        Look::EndText => pos == text.len(),
        Look::WordBoundary | Look::NotWordBoundary => {
            let before = is_word_byte(text[..pos].chars().next_back());
            let after = is_word_byte(text[pos..].chars().next());
            (before != after) == (look == Look::WordBoundary)
        }
    }
}

/// Go `Regexp.Expand` for a regex without capture groups.
fn expand_template(out: &mut String, template: &str, whole_match: &str) {
    let mut template = template;
    while let Some(dollar) = template.find('$') {
        out.push_str(&template[..dollar]);
        template = &template[dollar + 1..];
        if let Some(rest) = template.strip_prefix('$') {
            out.push('$');
            template = rest;
            continue;
        }
        let Some((name, rest)) = extract_template_name(template) else {
            // Malformed: the `$` is kept as text.
            out.push('$');
            continue;
        };
        template = rest;
        if is_group_zero(name) {
            out.push_str(whole_match);
        }
    }
    out.push_str(template);
}

/// The `name` or `{name}` after a `$` (Go `regexp.extract`).
fn extract_template_name(s: &str) -> Option<(&str, &str)> {
    let (braced, body) = match s.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, s),
    };
    let len: usize = body
        .chars()
        .take_while(|&c| super::is_letter(c) || super::is_digit(c) || c == '_')
        .map(char::len_utf8)
        .sum();
    if len == 0 {
        return None;
    }
    let name = &body[..len];
    let mut rest = &body[len..];
    if braced {
        rest = rest.strip_prefix('}')?;
    }
    Some((name, rest))
}

/// Whether a template name refers to group 0: an ASCII number equal to 0 without leading zeros.
fn is_group_zero(name: &str) -> bool {
    name == "0"
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

const MAX_RUNE: u32 = 0x10_FFFF;

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    fn parse_alternation(&mut self, depth: usize) -> Result<Node, CompileError> {
        let mut branches = vec![self.parse_concat(depth)?];
        while self.peek() == Some('|') {
            self.pos += 1;
            branches.push(self.parse_concat(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternate(branches)
        })
    }

    fn parse_concat(&mut self, depth: usize) -> Result<Node, CompileError> {
        let mut items: Vec<Node> = Vec::new();
        // Go forbids stacking repetition operators (`a**`), but allows `a*?` (lazy).
        let mut last_was_repeat = false;
        while let Some(ch) = self.peek() {
            let mut is_repeat = false;
            match ch {
                '|' => break,
                ')' => {
                    if depth == 0 {
                        return Err(CompileError::Syntax);
                    }
                    break;
                }
                '(' => {
                    self.pos += 1;
                    if self.peek() == Some('?') {
                        return Err(CompileError::Unsupported);
                    }
                    let inner = self.parse_alternation(depth + 1)?;
                    if self.bump() != Some(')') {
                        return Err(CompileError::Syntax);
                    }
                    items.push(inner);
                }
                '*' | '+' | '?' => {
                    self.pos += 1;
                    let kind = match ch {
                        '*' => RepeatKind::Star,
                        '+' => RepeatKind::Plus,
                        _ => RepeatKind::Quest,
                    };
                    self.push_repeat(&mut items, last_was_repeat, kind)?;
                    is_repeat = true;
                }
                '{' => match parse_counted_repeat(self.rest()) {
                    // Not a valid repeat: `{` is a literal.
                    None => {
                        self.pos += 1;
                        items.push(Node::Char('{'));
                    }
                    Some((min, max, len)) => {
                        if min > 1000 || max.is_some_and(|max| max > 1000 || min > max) {
                            return Err(CompileError::Syntax);
                        }
                        self.pos += len;
                        self.push_repeat(&mut items, last_was_repeat, RepeatKind::Range(min, max))?;
                        is_repeat = true;
                    }
                },
                '^' => {
                    self.pos += 1;
                    items.push(Node::Look(Look::BeginText));
                }
                '$' => {
                    self.pos += 1;
                    items.push(Node::Look(Look::EndText));
                }
                '.' => {
                    self.pos += 1;
                    items.push(Node::AnyNotNewline);
                }
                '[' => items.push(self.parse_class()?),
                '\\' => self.parse_top_escape(&mut items)?,
                _ => {
                    self.pos += ch.len_utf8();
                    items.push(Node::Char(ch));
                }
            }
            last_was_repeat = is_repeat;
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// Applies a repetition operator (and its optional lazy `?`) to the last item.
    fn push_repeat(
        &mut self,
        items: &mut Vec<Node>,
        last_was_repeat: bool,
        kind: RepeatKind,
    ) -> Result<(), CompileError> {
        if last_was_repeat {
            return Err(CompileError::Syntax);
        }
        let Some(sub) = items.pop() else {
            return Err(CompileError::Syntax);
        };
        let mut greedy = true;
        if self.peek() == Some('?') {
            self.pos += 1;
            greedy = false;
        }
        items.push(Node::Repeat {
            sub: Box::new(sub),
            kind,
            greedy,
        });
        Ok(())
    }

    /// An escape outside a class: assertions, `\Q…\E`, classes, or one literal character.
    fn parse_top_escape(&mut self, items: &mut Vec<Node>) -> Result<(), CompileError> {
        let rest = self.rest();
        let mut chars = rest.chars();
        chars.next();
        match chars.next() {
            Some('A') => {
                self.pos += 2;
                items.push(Node::Look(Look::BeginText));
                return Ok(());
            }
            Some('z') => {
                self.pos += 2;
                items.push(Node::Look(Look::EndText));
                return Ok(());
            }
            Some('b') => {
                self.pos += 2;
                items.push(Node::Look(Look::WordBoundary));
                return Ok(());
            }
            Some('B') => {
                self.pos += 2;
                items.push(Node::Look(Look::NotWordBoundary));
                return Ok(());
            }
            Some('C') => return Err(CompileError::Syntax),
            Some('Q') => {
                let body = &rest[2..];
                let (literal, consumed) = match body.find("\\E") {
                    Some(end) => (&body[..end], 2 + end + 2),
                    None => (body, rest.len()),
                };
                items.extend(literal.chars().map(Node::Char));
                self.pos += consumed;
                return Ok(());
            }
            Some('p' | 'P') => return Err(CompileError::Unsupported),
            _ => {}
        }
        if let Some(class) = self.parse_perl_class(false) {
            items.push(Node::Class(class));
            return Ok(());
        }
        let ch = self.parse_escape()?;
        items.push(Node::Char(ch));
        Ok(())
    }

    /// `\d \D \s \S \w \W` at the current position (Go's ASCII Perl classes).
    fn parse_perl_class(&mut self, _in_class: bool) -> Option<Vec<(u32, u32)>> {
        let rest = self.rest();
        let mut chars = rest.chars();
        if chars.next() != Some('\\') {
            return None;
        }
        let (ranges, negated): (&[(u32, u32)], bool) = match chars.next()? {
            'd' => (&[(0x30, 0x39)], false),
            'D' => (&[(0x30, 0x39)], true),
            's' => (&[(0x09, 0x0a), (0x0c, 0x0d), (0x20, 0x20)], false),
            'S' => (&[(0x09, 0x0a), (0x0c, 0x0d), (0x20, 0x20)], true),
            'w' => (
                &[(0x30, 0x39), (0x41, 0x5a), (0x5f, 0x5f), (0x61, 0x7a)],
                false,
            ),
            'W' => (
                &[(0x30, 0x39), (0x41, 0x5a), (0x5f, 0x5f), (0x61, 0x7a)],
                true,
            ),
            _ => return None,
        };
        self.pos += 2;
        let ranges = ranges.to_vec();
        Some(if negated { negate(&ranges) } else { ranges })
    }

    /// Go `parser.parseEscape`: one escaped literal character.
    fn parse_escape(&mut self) -> Result<char, CompileError> {
        self.pos += 1; // the backslash
        let Some(c) = self.bump() else {
            return Err(CompileError::Syntax); // trailing backslash
        };
        match c {
            '1'..='7' => {
                // A single non-zero digit is a backreference, which RE2 rejects.
                if !self.peek().is_some_and(|d| ('0'..='7').contains(&d)) {
                    return Err(CompileError::Syntax);
                }
                Ok(self.octal(c))
            }
            '0' => Ok(self.octal(c)),
            'x' => self.parse_hex(),
            'a' => Ok('\u{7}'),
            'f' => Ok('\u{c}'),
            'n' => Ok('\n'),
            'r' => Ok('\r'),
            't' => Ok('\t'),
            'v' => Ok('\u{b}'),
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok(c),
            _ => Err(CompileError::Syntax),
        }
    }

    fn octal(&mut self, first: char) -> char {
        let mut value = u32::from(first) - u32::from('0');
        for _ in 1..3 {
            match self.peek() {
                Some(d @ '0'..='7') => {
                    value = value * 8 + (u32::from(d) - u32::from('0'));
                    self.pos += 1;
                }
                _ => break,
            }
        }
        char::from_u32(value).unwrap_or('\u{fffd}')
    }

    fn parse_hex(&mut self) -> Result<char, CompileError> {
        let Some(c) = self.bump() else {
            return Err(CompileError::Syntax);
        };
        if c == '{' {
            let mut value: u32 = 0;
            let mut digits = 0;
            loop {
                let Some(c) = self.bump() else {
                    return Err(CompileError::Syntax);
                };
                if c == '}' {
                    break;
                }
                let Some(v) = c.to_digit(16) else {
                    return Err(CompileError::Syntax);
                };
                value = value * 16 + v;
                if value > MAX_RUNE {
                    return Err(CompileError::Syntax);
                }
                digits += 1;
            }
            if digits == 0 {
                return Err(CompileError::Syntax);
            }
            return char::from_u32(value).ok_or(CompileError::Unsupported);
        }
        let x = c.to_digit(16);
        let y = self.bump().and_then(|c| c.to_digit(16));
        match (x, y) {
            (Some(x), Some(y)) => char::from_u32(x * 16 + y).ok_or(CompileError::Syntax),
            _ => Err(CompileError::Syntax),
        }
    }

    /// Go `parser.parseClass`, starting at `[`.
    fn parse_class(&mut self) -> Result<Node, CompileError> {
        self.pos += 1; // [
        let mut negated = false;
        let mut class: Vec<(u32, u32)> = Vec::new();
        if self.peek() == Some('^') {
            self.pos += 1;
            negated = true;
        }
        let mut first = true; // `]` is a literal as the first character
        loop {
            match self.peek() {
                None => return Err(CompileError::Syntax),
                Some(']') if !first => break,
                _ => {}
            }
            first = false;
            let rest = self.rest();
            if rest.len() > 2 && rest.starts_with("[:") {
                // Go looks for the closing `:]` anywhere in the rest of the expression.
                if let Some(end) = rest[2..].find(":]") {
                    let name = &rest[..end + 4];
                    let Some(ranges) = posix_class(name) else {
                        return Err(CompileError::Syntax);
                    };
                    class.extend(ranges);
                    self.pos += name.len();
                    continue;
                }
            }
            if rest.starts_with("\\p") || rest.starts_with("\\P") {
                return Err(CompileError::Unsupported);
            }
            if let Some(ranges) = self.parse_perl_class(true) {
                class.extend(ranges);
                continue;
            }
            let lo = self.parse_class_char()?;
            let mut hi = lo;
            let rest = self.rest();
            if rest.len() >= 2 && rest.starts_with('-') && !rest[1..].starts_with(']') {
                self.pos += 1;
                hi = self.parse_class_char()?;
                if hi < lo {
                    return Err(CompileError::Syntax);
                }
            }
            class.push((u32::from(lo), u32::from(hi)));
        }
        self.pos += 1; // ]
        let class = normalize(class);
        Ok(Node::Class(if negated { negate(&class) } else { class }))
    }

    fn parse_class_char(&mut self) -> Result<char, CompileError> {
        match self.peek() {
            None => Err(CompileError::Syntax),
            Some('\\') => self.parse_escape(),
            Some(c) => {
                self.pos += c.len_utf8();
                Ok(c)
            }
        }
    }
}

/// Go `parser.parseRepeat`: `{n}`, `{n,}` or `{n,m}` at the start of `s`, as
/// (min, max, length). Numbers have no leading zeros; too-large ones become `u32::MAX` so the
/// caller rejects them.
fn parse_counted_repeat(s: &str) -> Option<(u32, Option<u32>, usize)> {
    fn int(s: &str) -> Option<(u32, &str)> {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || (digits >= 2 && s.starts_with('0')) {
            return None;
        }
        let value = s[..digits].parse::<u32>().unwrap_or(u32::MAX);
        Some((value, &s[digits..]))
    }
    let body = s.strip_prefix('{')?;
    let (min, rest) = int(body)?;
    let (max, rest) = match rest.strip_prefix(',') {
        None => (Some(min), rest),
        Some(rest) if rest.starts_with('}') => (None, rest),
        Some(rest) => {
            let (max, rest) = int(rest)?;
            (Some(max), rest)
        }
    };
    let rest = rest.strip_prefix('}')?;
    Some((min, max, s.len() - rest.len()))
}

fn posix_class(name: &str) -> Option<Vec<(u32, u32)>> {
    let (negated, bare) = match name.strip_prefix("[:^") {
        Some(rest) => (true, rest.strip_suffix(":]")?),
        None => (false, name.strip_prefix("[:")?.strip_suffix(":]")?),
    };
    let ranges: &[(u32, u32)] = match bare {
        "alnum" => &[(0x30, 0x39), (0x41, 0x5a), (0x61, 0x7a)],
        "alpha" => &[(0x41, 0x5a), (0x61, 0x7a)],
        "ascii" => &[(0x00, 0x7f)],
        "blank" => &[(0x09, 0x09), (0x20, 0x20)],
        "cntrl" => &[(0x00, 0x1f), (0x7f, 0x7f)],
        "digit" => &[(0x30, 0x39)],
        "graph" => &[(0x21, 0x7e)],
        "lower" => &[(0x61, 0x7a)],
        "print" => &[(0x20, 0x7e)],
        "punct" => &[(0x21, 0x2f), (0x3a, 0x40), (0x5b, 0x60), (0x7b, 0x7e)],
        "space" => &[(0x09, 0x0d), (0x20, 0x20)],
        "upper" => &[(0x41, 0x5a)],
        "word" => &[(0x30, 0x39), (0x41, 0x5a), (0x61, 0x7a), (0x5f, 0x5f)],
        "xdigit" => &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
        _ => return None,
    };
    let ranges = normalize(ranges.to_vec());
    Some(if negated { negate(&ranges) } else { ranges })
}

fn normalize(mut ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    ranges.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (lo, hi) in ranges {
        match out.last_mut() {
            Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

fn negate(ranges: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let ranges = normalize(ranges.to_vec());
    let mut out = Vec::with_capacity(ranges.len() + 1);
    let mut next = 0u32;
    for (lo, hi) in ranges {
        if lo > next {
            out.push((next, lo - 1));
        }
        next = hi + 1;
    }
    if next <= MAX_RUNE {
        out.push((next, MAX_RUNE));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Compiler
// ---------------------------------------------------------------------------------------------

fn compile(node: &Node, out: &mut Vec<Inst>) {
    match node {
        Node::Empty => {}
        Node::Char(c) => out.push(Inst::Char(*c)),
        Node::Class(ranges) => out.push(Inst::Class(ranges.clone().into_boxed_slice())),
        Node::AnyNotNewline => out.push(Inst::AnyNotNewline),
        Node::Look(look) => out.push(Inst::Look(*look)),
        Node::Concat(items) => {
            for item in items {
                compile(item, out);
            }
        }
        Node::Alternate(branches) => {
            // split L1, next; L1: branch; jump end; next: split ...
            let mut jumps = Vec::new();
            for (i, branch) in branches.iter().enumerate() {
                if i + 1 < branches.len() {
                    let split = out.len();
                    out.push(Inst::Split(split + 1, 0));
                    compile(branch, out);
                    jumps.push(out.len());
                    out.push(Inst::Jump(0));
                    let next = out.len();
                    out[split] = Inst::Split(split + 1, next);
                } else {
                    compile(branch, out);
                }
            }
            let end = out.len();
            for jump in jumps {
                out[jump] = Inst::Jump(end);
            }
        }
        Node::Repeat { sub, kind, greedy } => {
            let split_to = |body: usize, exit: usize| {
                if *greedy {
                    Inst::Split(body, exit)
                } else {
                    Inst::Split(exit, body)
                }
            };
            match kind {
                RepeatKind::Star => {
                    let split = out.len();
                    out.push(Inst::Jump(0));
                    compile(sub, out);
                    out.push(Inst::Jump(split));
                    let exit = out.len();
                    out[split] = split_to(split + 1, exit);
                }
                RepeatKind::Plus => {
                    let body = out.len();
                    compile(sub, out);
                    let split = out.len();
                    out.push(split_to(body, split + 1));
                }
                RepeatKind::Quest => {
                    let split = out.len();
                    out.push(Inst::Jump(0));
                    compile(sub, out);
                    let exit = out.len();
                    out[split] = split_to(split + 1, exit);
                }
                RepeatKind::Range(min, max) => {
                    // x{n,m} is n copies of x, then m-n nested optional copies (Go's simplify);
                    // x{n,} is n copies then x*.
                    for _ in 0..*min {
                        compile(sub, out);
                    }
                    let optional = |kind| Node::Repeat {
                        sub: sub.clone(),
                        kind,
                        greedy: *greedy,
                    };
                    match max {
                        None => compile(&optional(RepeatKind::Star), out),
                        Some(max) => {
                            let mut splits = Vec::new();
                            for _ in *min..*max {
                                splits.push(out.len());
                                out.push(Inst::Jump(0));
                                compile(sub, out);
                            }
                            let exit = out.len();
                            for split in splits {
                                out[split] = split_to(split + 1, exit);
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(re: &str, text: &str) -> Option<(usize, usize)> {
        Regex::new(re).unwrap().find_at(text, 0)
    }

    #[test]
    fn leftmost_first_priorities() {
        assert_eq!(find("^.*x", "axbxc"), Some((0, 4)));
        assert_eq!(find("^.*?x", "axbxc"), Some((0, 2)));
        assert_eq!(find(".*?", "abc"), Some((0, 0)));
        assert_eq!(find("b.*", "abcb"), Some((1, 4)));
        assert_eq!(find("x|xy", "xy"), Some((0, 1)));
        assert_eq!(find("xy|x", "xy"), Some((0, 2)));
        assert_eq!(find("^a", "ba"), None);
        assert_eq!(find("a$", "ab"), None);
    }

    #[test]
    fn dot_stops_at_newline_but_negated_classes_do_not() {
        assert_eq!(find("^.*", "ab\ncd"), Some((0, 2)));
        assert!(Regex::new("^[^/]*$").unwrap().is_match("a\nb"));
    }

    #[test]
    fn classes() {
        let re = Regex::new("^[a-c[:digit:]\\w]$").unwrap();
        assert!(re.is_match("b") && re.is_match("7") && re.is_match("_"));
        assert!(!re.is_match("-"));
        let re = Regex::new("^[^a]$").unwrap();
        assert!(re.is_match("b") && !re.is_match("a"));
        // `[[^/]*]` is a class of `[`, `^`, `/` repeated, then a literal `]`.
        let re = Regex::new("^[[^/]*]$").unwrap();
        assert!(re.is_match("]") && re.is_match("[^/]") && !re.is_match("a]"));
        // A leading `]` is literal.
        assert!(Regex::new("^[]a]$").unwrap().is_match("]"));
    }

    #[test]
    fn syntax_errors_like_go() {
        for bad in [
            "[z-a]",
            "a**",
            "a*?*",
            "*a",
            "(a",
            "a)",
            "\\",
            "\\1",
            "\\e",
            "\\é",
            "[a",
            "[[:foo:]]",
            "\\C",
        ] {
            assert_eq!(Regex::new(bad).err(), Some(CompileError::Syntax), "{bad:?}");
        }
        for ok in [
            "^*",
            "\\10",
            "\\x41",
            "\\x{263a}",
            "[[:a]",
            "\\Qa*b",
            "a{",
            "a{x}",
            "\\b",
        ] {
            assert!(Regex::new(ok).is_ok(), "{ok:?}");
        }
        assert_eq!(Regex::new("\\pL").err(), Some(CompileError::Unsupported));
    }

    #[test]
    fn escapes_and_quoting() {
        assert!(Regex::new("^\\Qa*b$").unwrap().is_match("a*b$"));
        assert!(Regex::new("^a\\.b$").unwrap().is_match("a.b"));
        assert!(!Regex::new("^a\\.b$").unwrap().is_match("axb"));
        assert!(Regex::new("^\\x41\\101$").unwrap().is_match("AA"));
        assert!(Regex::new("\\bfoo\\b").unwrap().is_match("a foo b"));
        assert!(!Regex::new("\\bfoo\\b").unwrap().is_match("afoo"));
    }

    #[test]
    fn literal_prefilter_is_only_a_shortcut() {
        let re = Regex::new("^docs/[^/]*\\.md$").unwrap();
        assert_eq!(
            (re.required_prefix.as_str(), re.required_suffix.as_str()),
            ("docs/", ".md")
        );
        assert!(re.is_match("docs/a.md") && !re.is_match("doc/a.md") && !re.is_match("docs/a.mdx"));
        // Not anchored at both ends, or an alternation: no prefilter.
        let re = Regex::new("^ab|cd$").unwrap();
        assert!(re.required_prefix.is_empty() && re.required_suffix.is_empty());
        let re = Regex::new("^abc$").unwrap();
        assert!(re.is_match("abc") && !re.is_match("ab"));
    }

    #[test]
    fn counted_repetition_and_alternation() {
        let re = Regex::new("^a{2,3}$").unwrap();
        assert!(
            !re.is_match("a") && re.is_match("aa") && re.is_match("aaa") && !re.is_match("aaaa")
        );
        let re = Regex::new("^a{2,}$").unwrap();
        assert!(!re.is_match("a") && re.is_match("aaaaa"));
        assert!(Regex::new("^a{x}$").unwrap().is_match("a{x}"));
        assert_eq!(find("^a{1,3}?", "aaa"), Some((0, 1)));
        assert_eq!(find("^a{1,3}", "aaa"), Some((0, 3)));
        let re = Regex::new("^ab|cd$").unwrap();
        assert!(re.is_match("abx") && re.is_match("xcd") && !re.is_match("xab"));
    }

    #[test]
    fn replace_all_follows_go() {
        let re = Regex::new("a*").unwrap();
        assert_eq!(re.replace_all("baaac", "X"), "XbXcX");
        let re = Regex::new("o").unwrap();
        assert_eq!(re.replace_all("foo", "[$0]"), "f[o][o]");
        assert_eq!(re.replace_all("foo", "$$${0}$1$x$"), "f$o$$o$");
        assert_eq!(re.replace_all("foo", "${0"), "f${0${0");
    }
}
