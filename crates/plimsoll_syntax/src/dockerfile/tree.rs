//! The lossless Dockerfile tree: every line of the source belongs to exactly one [`Item`], and
//! every token the linter needs carries the exact byte range it was read from.

use std::borrow::Cow;

use plimsoll_text::TextRange;

use super::error::ParseError;

/// A parsed Dockerfile: the lossless tree plus what BuildKit's `parser.Parse` reports
/// (escape token, warnings and, when BuildKit would reject the file, its error).
///
/// The tree is built even when BuildKit fails: parsing recovers and goes on, so rules and the
/// printer always see the whole file. [`Dockerfile::error`] tells whether BuildKit accepts it.
#[derive(Debug, Clone)]
pub struct Dockerfile<'src> {
    pub(crate) source: &'src str,
    pub(crate) bom: Option<TextRange>,
    pub(crate) items: Vec<Item<'src>>,
    pub(crate) escape: char,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) error: Option<ParseError>,
}

impl<'src> Dockerfile<'src> {
    /// The text this tree was parsed from.
    #[must_use]
    pub fn source(&self) -> &'src str {
        self.source
    }

    /// The UTF-8 byte-order mark at the start of the file, when there is one.
    #[must_use]
    pub fn bom(&self) -> Option<TextRange> {
        self.bom
    }

    /// Every line of the file, grouped: blank lines, comments, parser directives and
    /// instructions (an instruction owns its continuation lines and heredoc bodies).
    #[must_use]
    pub fn items(&self) -> &[Item<'src>] {
        &self.items
    }

    /// The instructions in file order (BuildKit's AST children).
    pub fn instructions(&self) -> impl Iterator<Item = &Instruction<'src>> {
        self.items.iter().filter_map(|item| match item {
            Item::Instruction(instruction) => Some(instruction),
            _ => None,
        })
    }

    /// The parser directives BuildKit recognised (`# syntax=`, `# escape=`, `# check=`).
    pub fn directives(&self) -> impl Iterator<Item = &Directive<'src>> {
        self.items.iter().filter_map(|item| match item {
            Item::Directive(directive) => Some(directive),
            _ => None,
        })
    }

    /// The escape token in effect: `\` or `` ` `` (from `# escape=`).
    #[must_use]
    pub fn escape(&self) -> char {
        self.escape
    }

    /// Parser warnings (the empty-continuation-line warning).
    #[must_use]
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The error BuildKit's `parser.Parse` returns for this file, if any.
    #[must_use]
    pub fn error(&self) -> Option<&ParseError> {
        self.error.as_ref()
    }
}

/// One group of whole lines of the source.
#[derive(Debug, Clone)]
pub enum Item<'src> {
    /// An empty or whitespace-only line outside an instruction.
    Blank(BlankLine),
    /// A comment line outside an instruction.
    Comment(CommentLine),
    /// A parser directive line BuildKit recognised.
    Directive(Directive<'src>),
    /// An instruction with its continuation lines and heredoc bodies.
    Instruction(Instruction<'src>),
    /// The rest of the file from a line longer than BuildKit's 64 KiB limit, where BuildKit stops
    /// reading. Kept as raw text so printing stays lossless.
    Unparsed(TextRange),
}

impl Item<'_> {
    /// The source range of the item's lines, line endings included.
    #[must_use]
    pub fn range(&self) -> TextRange {
        match self {
            Item::Blank(line) => line.range,
            Item::Comment(line) => line.range,
            Item::Directive(directive) => directive.line,
            Item::Instruction(instruction) => instruction.full_range(),
            Item::Unparsed(range) => *range,
        }
    }
}

/// An empty or whitespace-only line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlankLine {
    /// The whole line, line ending included.
    pub range: TextRange,
    /// The line ending (`\n`, `\r\n`, any `\r`s before it; empty at the end of the file).
    pub line_ending: TextRange,
}

/// A comment line (first non-blank character `#`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentLine {
    /// The whole line, line ending included.
    pub range: TextRange,
    /// From the `#` to the end of the line, line ending excluded.
    pub text: TextRange,
    /// The line ending.
    pub line_ending: TextRange,
}

/// Which parser directive a [`Directive`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DirectiveKind {
    /// `# syntax=`: the frontend image.
    Syntax,
    /// `# escape=`: the escape and line-continuation token.
    Escape,
    /// `# check=`: build-check options.
    Check,
}

impl DirectiveKind {
    /// The lower-case key: `syntax`, `escape` or `check`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::Escape => "escape",
            Self::Check => "check",
        }
    }
}

/// A parser directive line, such as `# escape=\``.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive<'src> {
    /// Which directive.
    pub kind: DirectiveKind,
    /// The key as written (any case).
    pub key: TextRange,
    /// The value: after `=` and blanks, trailing blanks removed (BuildKit's regex).
    pub value: Cow<'src, str>,
    /// The range of [`Directive::value`].
    pub value_range: TextRange,
    /// From the `#` to the end of the line, line ending excluded.
    pub text: TextRange,
    /// The whole line, line ending included.
    pub line: TextRange,
}

/// A token: BuildKit's string for it and the source bytes it was read from.
///
/// `value` is what BuildKit works with. It equals the source text unless the token spans a
/// line continuation (joined text), is a decoded JSON string, or is a flag (quotes removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'src> {
    /// BuildKit's value.
    pub value: Cow<'src, str>,
    /// Where it was read from.
    pub range: TextRange,
}

impl Word<'_> {
    /// The value as a `&str`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// A `--name[=value]` flag after the keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag<'src> {
    /// The flag as written, quotes and escapes included.
    pub range: TextRange,
    /// BuildKit's flag string (`Node.Flags`), with `--`, quotes removed and escapes applied.
    /// BuildKit builds it byte by byte, so non-ASCII bytes appear re-encoded as Latin-1
    /// (`é` becomes `Ã©`), exactly as BuildKit shows them.
    pub text: Cow<'src, str>,
    /// The name as written (after `--`, up to the first `=`).
    pub name_range: TextRange,
    /// The value as written (after the first `=`), quotes included; `None` without `=`.
    pub value_range: Option<TextRange>,
    /// Byte index of the first `=` in `text`.
    pub(crate) eq: Option<usize>,
}

impl Flag<'_> {
    /// The flag name without `--`, e.g. `mount`.
    #[must_use]
    pub fn name(&self) -> &str {
        let end = self.eq.unwrap_or(self.text.len());
        self.text.get(2..end).unwrap_or("")
    }

    /// The value after the first `=` (BuildKit's, unquoted); `None` when there is no `=`.
    #[must_use]
    pub fn value(&self) -> Option<&str> {
        self.eq.map(|eq| self.text.get(eq + 1..).unwrap_or(""))
    }
}

/// A `key=value` (or legacy `key value`) pair of ENV or LABEL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue<'src> {
    /// The key, quotes kept (`"a b"`), as BuildKit's parser leaves it.
    pub key: Word<'src>,
    /// The `=`; `None` for the legacy `ENV key value` form.
    pub separator: Option<TextRange>,
    /// The value, quotes and escapes kept (expanded later).
    pub value: Word<'src>,
}

/// One word of ARG: `name` or `name=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameValue<'src> {
    /// The whole word as BuildKit's `parseWords` returns it (quotes kept).
    pub word: Word<'src>,
    /// The part before the first `=` (the whole word when there is none).
    pub key: Word<'src>,
    /// The first `=`.
    pub separator: Option<TextRange>,
    /// The part after the first `=`.
    pub value: Option<Word<'src>>,
}

/// The arguments of an instruction, shaped by BuildKit's line parser for its keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args<'src> {
    /// No arguments (BuildKit's `Next` is empty), e.g. a bare `CMD`.
    None,
    /// One string: the shell form of RUN, CMD, ENTRYPOINT and SHELL, or the whole argument
    /// of MAINTAINER, USER, WORKDIR and STOPSIGNAL.
    Text(Word<'src>),
    /// The exec (JSON array) form: decoded strings, each with the range of its literal.
    Json(Vec<Word<'src>>),
    /// Whitespace-separated words without quote handling (ADD, COPY and VOLUME outside JSON
    /// form, FROM, EXPOSE).
    List(Vec<Word<'src>>),
    /// ARG words.
    Names(Vec<NameValue<'src>>),
    /// ENV and LABEL pairs.
    KeyValues(Vec<KeyValue<'src>>),
    /// HEALTHCHECK: the type word (`CMD`, `NONE`, as written) and the command after it
    /// ([`Args::None`], [`Args::Text`] or [`Args::Json`]).
    Healthcheck {
        /// The type word.
        kind: Word<'src>,
        /// The command.
        command: Box<Args<'src>>,
    },
    /// ONBUILD: the trigger instruction, with its own keyword, flags and arguments.
    Trigger(Box<Instruction<'src>>),
    /// An unknown keyword: BuildKit keeps one empty argument and fails later.
    Ignored,
}

impl<'src> Args<'src> {
    /// True for the exec (JSON array) form; BuildKit's `json` attribute.
    #[must_use]
    pub fn is_json(&self) -> bool {
        match self {
            Args::Json(_) => true,
            Args::Healthcheck { command, .. } => command.is_json(),
            _ => false,
        }
    }

    /// BuildKit's `Next` strings, in order (an ONBUILD trigger is not a string: it yields
    /// nothing here, see [`Args::Trigger`]).
    #[must_use]
    pub fn values(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.push_values(&mut out);
        out
    }

    fn push_values<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Args::None | Args::Trigger(_) => {}
            Args::Text(word) => out.push(word.as_str()),
            Args::Json(words) | Args::List(words) => {
                out.extend(words.iter().map(Word::as_str));
            }
            Args::Names(names) => out.extend(names.iter().map(|name| name.word.as_str())),
            Args::KeyValues(pairs) => {
                for pair in pairs {
                    out.push(pair.key.as_str());
                    out.push(pair.value.as_str());
                    out.push(if pair.separator.is_some() { "=" } else { "" });
                }
            }
            Args::Healthcheck { kind, command } => {
                out.push(kind.as_str());
                command.push_values(out);
            }
            Args::Ignored => out.push(""),
        }
    }
}

/// An instruction keyword, case-insensitive (Go's Unicode lower-casing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum InstructionKind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Not an instruction BuildKit knows; layer 2 fails with `unknown instruction`.
    Unknown,
}

impl InstructionKind {
    /// All known instructions, in BuildKit's `command.Commands` order.
    pub const KNOWN: [InstructionKind; 18] = [
        Self::Add,
        Self::Arg,
        Self::Cmd,
        Self::Copy,
        Self::Entrypoint,
        Self::Env,
        Self::Expose,
        Self::From,
        Self::Healthcheck,
        Self::Label,
        Self::Maintainer,
        Self::Onbuild,
        Self::Run,
        Self::Shell,
        Self::Stopsignal,
        Self::User,
        Self::Volume,
        Self::Workdir,
    ];

    /// The kind for a lower-cased keyword.
    #[must_use]
    pub fn from_lowercase(keyword: &str) -> Self {
        match keyword {
            "add" => Self::Add,
            "arg" => Self::Arg,
            "cmd" => Self::Cmd,
            "copy" => Self::Copy,
            "entrypoint" => Self::Entrypoint,
            "env" => Self::Env,
            "expose" => Self::Expose,
            "from" => Self::From,
            "healthcheck" => Self::Healthcheck,
            "label" => Self::Label,
            "maintainer" => Self::Maintainer,
            "onbuild" => Self::Onbuild,
            "run" => Self::Run,
            "shell" => Self::Shell,
            "stopsignal" => Self::Stopsignal,
            "user" => Self::User,
            "volume" => Self::Volume,
            "workdir" => Self::Workdir,
            _ => Self::Unknown,
        }
    }

    /// The canonical upper-case keyword (`""` for [`InstructionKind::Unknown`]).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "ADD",
            Self::Arg => "ARG",
            Self::Cmd => "CMD",
            Self::Copy => "COPY",
            Self::Entrypoint => "ENTRYPOINT",
            Self::Env => "ENV",
            Self::Expose => "EXPOSE",
            Self::From => "FROM",
            Self::Healthcheck => "HEALTHCHECK",
            Self::Label => "LABEL",
            Self::Maintainer => "MAINTAINER",
            Self::Onbuild => "ONBUILD",
            Self::Run => "RUN",
            Self::Shell => "SHELL",
            Self::Stopsignal => "STOPSIGNAL",
            Self::User => "USER",
            Self::Volume => "VOLUME",
            Self::Workdir => "WORKDIR",
            Self::Unknown => "",
        }
    }
}

/// What kind of physical line an instruction line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A line whose text is part of the instruction.
    Code,
    /// A comment line inside a continuation: BuildKit drops it.
    Comment,
    /// An empty or whitespace-only line inside a continuation: BuildKit drops it and warns.
    Empty,
}

/// One physical line of an instruction (before its heredoc bodies).
///
/// The four ranges tile the line: `indent`, `content`, `continuation` (if any), `line_ending`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhysicalLine {
    /// What the line is.
    pub kind: LineKind,
    /// The whole line, line ending included.
    pub range: TextRange,
    /// Leading whitespace BuildKit removes (first line only; a BOM is not part of it).
    pub indent: TextRange,
    /// For a code line, the bytes BuildKit appends to the logical line; for a comment or an
    /// empty line, the line without its indentation and line ending.
    pub content: TextRange,
    /// The escape token and the blanks after it, when the line continues.
    pub continuation: Option<TextRange>,
    /// The line ending (`\r`s and `\n`; empty at the end of the file).
    pub line_ending: TextRange,
}

/// A heredoc attached to an instruction (`<<EOF` ... `EOF`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc<'src> {
    /// The terminator word after shell-style unquoting (`<<"EOF"` gives `EOF`).
    pub name: String,
    /// The file descriptor before `<<` (`2<<EOF`), 0 when none is given.
    pub file_descriptor: u64,
    /// False when part of the name was quoted with `'` or `"`: the body is not expanded.
    pub expand: bool,
    /// True for `<<-`: leading tabs may precede the terminator (and are chomped later).
    pub chomp: bool,
    /// The heredoc word in the instruction line, e.g. `<<-"EOF"`.
    pub marker: TextRange,
    /// The body: every line between the instruction and the terminator, line endings kept.
    pub body: TextRange,
    /// BuildKit's `Content` (the body text, raw).
    pub content: &'src str,
    /// The terminator line without its line ending; `None` when the file ended first.
    pub terminator: Option<TextRange>,
    /// Body and terminator line, line ending included.
    pub range: TextRange,
}

/// An instruction: keyword, flags, arguments, heredocs, and where all of it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction<'src> {
    /// The keyword as written (`FROM`, `from`, ...).
    pub keyword: Word<'src>,
    /// The keyword's instruction, matched case-insensitively.
    pub kind: InstructionKind,
    /// The `--flags` after the keyword (not validated at this layer).
    pub flags: Vec<Flag<'src>>,
    /// The arguments.
    pub args: Args<'src>,
    /// Heredocs, in order of appearance (for ONBUILD they belong to the ONBUILD instruction).
    pub heredocs: Vec<Heredoc<'src>>,
    /// BuildKit's `Original`: the logical line after joining continuation lines (leading
    /// whitespace removed, comment and empty lines dropped, heredoc bodies not included).
    pub original: Cow<'src, str>,
    /// 1-based first line (0 for an ONBUILD trigger, as in BuildKit).
    pub start_line: u32,
    /// 1-based last line, continuation and heredoc lines included (0 for a trigger).
    pub end_line: u32,
    /// BuildKit's `PrevComment`: the comments before the instruction (text after `#`,
    /// trimmed). Empty for a trigger.
    pub comments: Vec<Cow<'src, str>>,
    /// From the keyword to the end of the last line's text (heredoc terminator included),
    /// line ending excluded. For a trigger: its text within the ONBUILD line.
    pub range: TextRange,
    /// The physical lines before the heredoc bodies (empty for a trigger).
    pub lines: Vec<PhysicalLine>,
    /// The whole Dockerfile text (ranges index into it).
    pub(crate) source: &'src str,
}

impl<'src> Instruction<'src> {
    /// The whole Dockerfile text this instruction's ranges index into.
    #[must_use]
    pub fn source(&self) -> &'src str {
        self.source
    }

    /// The source text of `range`.
    ///
    /// # Panics
    /// When `range` is not a range of this Dockerfile.
    #[must_use]
    pub fn text(&self, range: TextRange) -> &'src str {
        range.slice(self.source)
    }

    /// Whole lines: from the start of the first line (indentation included) to the end of the
    /// last line, line ending included.
    #[must_use]
    pub fn full_range(&self) -> TextRange {
        let start = self
            .lines
            .first()
            .map_or(self.range.start, |line| line.range.start);
        let mut end = self
            .lines
            .last()
            .map_or(self.range.end, |line| line.range.end);
        if let Some(heredoc) = self.heredocs.last() {
            end = end.max(heredoc.range.end);
        }
        TextRange::new(start, end)
    }

    /// The ONBUILD trigger, when this is an ONBUILD with one.
    #[must_use]
    pub fn trigger(&self) -> Option<&Instruction<'_>> {
        match &self.args {
            Args::Trigger(trigger) => Some(trigger),
            _ => None,
        }
    }

    /// True when the arguments are in exec (JSON array) form.
    #[must_use]
    pub fn is_json(&self) -> bool {
        self.args.is_json()
    }

    /// FROM's parts: the image word and, for `FROM image AS name` (`AS` matched the way
    /// BuildKit does), the `AS` keyword and the stage-name word as written.
    #[must_use]
    pub fn from_parts(&self) -> Option<FromParts<'_, 'src>> {
        if self.kind != InstructionKind::From {
            return None;
        }
        let Args::List(words) = &self.args else {
            return None;
        };
        match words.as_slice() {
            [image] => Some(FromParts { image, alias: None }),
            [image, as_keyword, name] if super::go::equal_fold_as(&as_keyword.value) => {
                Some(FromParts {
                    image,
                    alias: Some((as_keyword, name)),
                })
            }
            _ => None,
        }
    }
}

/// The words of a well-formed FROM (see [`Instruction::from_parts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FromParts<'a, 'src> {
    /// The base image (unexpanded).
    pub image: &'a Word<'src>,
    /// The `AS` keyword and the stage name, as written.
    pub alias: Option<(&'a Word<'src>, &'a Word<'src>)>,
}

/// A parser warning (BuildKit's `parser.Warning`): an empty line inside a continuation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// BuildKit's `Short`: `Empty continuation line found in: <logical line>`.
    pub short: String,
    /// BuildKit's `Detail` lines.
    pub detail: Vec<&'static str>,
    /// BuildKit's `URL`.
    pub url: &'static str,
    /// BuildKit's location line: the last line of the instruction (before heredocs).
    pub line: u32,
    /// The instruction's range.
    pub instruction: TextRange,
    /// The empty lines themselves.
    pub empty_lines: Vec<TextRange>,
}
