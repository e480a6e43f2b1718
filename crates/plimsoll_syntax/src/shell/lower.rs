//! Lowering from shuck's AST to plimsoll's shell model.
//!
//! This is the only file that names `shuck_ast` types. Everything it produces is in Dockerfile
//! offsets (`shuck offset + base`), clamped to the parsed text so a surprising span from the
//! parser can never make a later `slice` panic.
//!
//! shuck's spans for words, redirects, operators and keywords are exact, but its statement and
//! compound-command spans are not (they often run into the next token, and a subshell's starts
//! after its `(`); so command and pipeline ranges are built here from their words, and compound
//! ranges from their keyword spans or a short scan for the closing bracket.

use std::borrow::Cow;

use plimsoll_text::TextRange;
use shuck_ast as ast;
use shuck_parser::parser::{ParseResult, ParseStatus as ShuckStatus, Parser, ShellDialect};

use super::Dialect;
use super::command::{
    Assignment, Command, CommandContext, CommandId, CommandKind, Heredoc, HeredocId, Redirect,
    RedirectKind, RedirectTarget,
};
use super::one_or_many::OneOrMany;
use super::script::{
    Operator, OperatorKind, ParseStatus, Pipeline, PipelineElement, PipelineId, Scope, ScopeId,
    ScopeKind, Script, ShellDiagnostic,
};
use super::word::{
    Word, WordPart, WordPartKind, borrow_if_same, push_double_quoted_literal, push_unquoted_literal,
};

pub(crate) fn parse<'src>(source: &'src str, base_offset: u32, dialect: Dialect) -> Script<'src> {
    if let Some(script) = super::simple::try_parse(source, base_offset, dialect) {
        return script;
    }
    parse_with_shuck(source, base_offset, dialect)
}

/// Parses with shuck and lowers its AST, without trying the fast path first.
pub(crate) fn parse_with_shuck<'src>(
    source: &'src str,
    base_offset: u32,
    dialect: Dialect,
) -> Script<'src> {
    let shuck_dialect = match dialect {
        Dialect::Posix => ShellDialect::Posix,
        Dialect::Bash => ShellDialect::Bash,
        Dialect::Mksh => ShellDialect::Mksh,
        Dialect::Zsh => ShellDialect::Zsh,
    };
    let result = Parser::with_dialect(source, shuck_dialect).parse();
    let mut lowerer = Lowerer::new(source, base_offset);

    let mut diagnostics: Vec<ShellDiagnostic> = result
        .diagnostics
        .iter()
        .map(|diagnostic| ShellDiagnostic {
            message: diagnostic.message.clone(),
            range: lowerer.range(diagnostic.span),
        })
        .collect();
    if diagnostics.is_empty()
        && let Some(shuck_parser::Error::Parse {
            message,
            line,
            column,
        }) = &result.terminal_error
    {
        let offset = offset_of_line_column(source, *line, *column);
        diagnostics.push(ShellDiagnostic {
            message: message.clone(),
            range: TextRange::empty(lowerer.absolute(offset)),
        });
    }
    let status = match result.status {
        ShuckStatus::Clean => ParseStatus::Clean,
        ShuckStatus::Recovered => ParseStatus::Recovered,
        ShuckStatus::Fatal => ParseStatus::Fatal,
    };

    lowerer.lower_salvaging(&result, shuck_dialect, 0);
    lowerer.finish(status, diagnostics)
}

/// The newline ending the line that Dockerfile offset `offset` is on, in a script at `base`,
/// skipping blanks, `\`-newline continuations and a comment; an empty range at `offset` when
/// there is none.
pub(super) fn newline_after(source: &str, base: u32, offset: u32) -> TextRange {
    let absolute = |relative: usize| {
        let clamped = relative.min(source.len());
        base + u32::try_from(clamped).unwrap_or(u32::MAX - base)
    };
    let bytes = source.as_bytes();
    let mut index = (offset - base) as usize;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'\n' => return TextRange::new(absolute(index), absolute(index + 1)),
            b' ' | b'\t' | b'\r' => index += 1,
            b'\\' if bytes.get(index + 1) == Some(&b'\n') => index += 2,
            b'#' => {
                index += bytes[index..]
                    .iter()
                    .position(|&byte| byte == b'\n')
                    .unwrap_or(bytes.len() - index);
            }
            _ => break,
        }
    }
    TextRange::empty(offset)
}

/// The byte offset of a 1-based line and character column (shuck counts columns in chars).
fn offset_of_line_column(source: &str, line: usize, column: usize) -> usize {
    if line == 0 {
        return source.len();
    }
    let line_start = if line == 1 {
        0
    } else {
        source
            .match_indices('\n')
            .nth(line - 2)
            .map_or(source.len(), |(index, _)| index + 1)
    };
    source[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(source.len(), |(index, _)| line_start + index)
}

/// The operator after a pipeline, known before the pipeline is lowered; a newline's position is
/// found only afterwards.
#[derive(Clone, Copy)]
struct PendingOperator {
    kind: OperatorKind,
    range: Option<TextRange>,
}

/// What an element needs to know about its place in the pipeline.
#[derive(Clone, Copy)]
struct ElementContext {
    pipeline: PipelineId,
    position: u32,
    pipeline_len: u32,
    before: Option<OperatorKind>,
    after: Option<OperatorKind>,
    negated: bool,
}

struct Lowerer<'src> {
    source: &'src str,
    base: u32,
    commands: Vec<Command<'src>>,
    pipelines: Vec<Pipeline>,
    scopes: Vec<Scope<'src>>,
    heredocs: Vec<Heredoc<'src>>,
}

impl<'src> Lowerer<'src> {
    fn new(source: &'src str, base: u32) -> Self {
        let len = u32::try_from(source.len()).unwrap_or(u32::MAX - base);
        let root = Scope {
            id: ScopeId::ROOT,
            kind: ScopeKind::Script,
            range: TextRange::new(base, base + len),
            parent: None,
            owner: None,
            redirects: Vec::new(),
        };
        Self {
            source,
            base,
            commands: Vec::new(),
            pipelines: Vec::new(),
            scopes: vec![root],
            heredocs: Vec::new(),
        }
    }

    // ---- offsets ---------------------------------------------------------------------------

    fn absolute(&self, relative: usize) -> u32 {
        let clamped = relative.min(self.source.len());
        self.base + u32::try_from(clamped).unwrap_or(u32::MAX - self.base)
    }

    fn range(&self, span: ast::Span) -> TextRange {
        let start = span.start.offset();
        let end = span.end.offset().max(start);
        TextRange::new(self.absolute(start), self.absolute(end))
    }

    fn relative(&self, offset: u32) -> usize {
        (offset - self.base) as usize
    }

    fn text(&self, range: TextRange) -> &'src str {
        self.source
            .get(self.relative(range.start)..self.relative(range.end))
            .unwrap_or_default()
    }

    // ---- lists, and-or lists, pipelines ----------------------------------------------------

    /// Lowers a parse result's statements. shuck drops the statements before an error it
    /// cannot recover from (an unterminated quote loses the whole script, `a && ` loses `a`),
    /// so when nothing survived before the first error, the text before it is parsed on its own
    /// (again salvaging, a few levels deep) and its commands come first.
    fn lower_salvaging(&mut self, result: &ParseResult, dialect: ShellDialect, depth: u8) {
        const MAX_SALVAGE_DEPTH: u8 = 4;
        let stmts = result.file.body.as_slice();
        let error_start = result
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.span.start.offset())
            .min();
        if let Some(cut) = error_start
            && result.status != ShuckStatus::Clean
            && depth < MAX_SALVAGE_DEPTH
            && cut > 0
            && self.source.is_char_boundary(cut)
            && stmts.iter().all(|stmt| stmt.span.start.offset() >= cut)
        {
            let prefix = Parser::with_dialect(&self.source[..cut], dialect).parse();
            self.lower_salvaging(&prefix, dialect, depth + 1);
        }
        self.stmt_list(stmts, ScopeId::ROOT);
    }

    fn stmt_list(&mut self, stmts: &[ast::Stmt], scope: ScopeId) {
        let mut before = None;
        for (index, stmt) in stmts.iter().enumerate() {
            let after = match (stmt.terminator, stmt.terminator_span) {
                (Some(ast::StmtTerminator::Semicolon), span) => Some(PendingOperator {
                    kind: OperatorKind::Semicolon,
                    range: span.map(|span| self.range(span)),
                }),
                (Some(ast::StmtTerminator::Background(_)), span) => Some(PendingOperator {
                    kind: OperatorKind::Background,
                    range: span.map(|span| self.range(span)),
                }),
                (None, _) if index + 1 < stmts.len() => Some(PendingOperator {
                    kind: OperatorKind::Newline,
                    range: None,
                }),
                (None, _) => None,
            };
            let last = self.and_or(stmt, scope, before, after);
            before = self.pipelines[last.index()].after;
        }
    }

    /// Lowers `a && b || c …`; returns the last pipeline.
    fn and_or(
        &mut self,
        stmt: &ast::Stmt,
        scope: ScopeId,
        before: Option<Operator>,
        after: Option<PendingOperator>,
    ) -> PipelineId {
        if let ast::Command::Binary(binary) = &stmt.command {
            let kind = match binary.op {
                ast::BinaryOp::And => Some(OperatorKind::And),
                ast::BinaryOp::Or => Some(OperatorKind::Or),
                ast::BinaryOp::Pipe | ast::BinaryOp::PipeAll => None,
            };
            if let Some(kind) = kind {
                let operator = Operator {
                    kind,
                    range: self.range(binary.op_span),
                };
                let pending = PendingOperator {
                    kind,
                    range: Some(operator.range),
                };
                self.and_or(&binary.left, scope, before, Some(pending));
                return self.and_or(&binary.right, scope, Some(operator), after);
            }
        }
        self.pipeline(stmt, scope, before, after)
    }

    fn pipeline(
        &mut self,
        stmt: &ast::Stmt,
        scope: ScopeId,
        before: Option<Operator>,
        after: Option<PendingOperator>,
    ) -> PipelineId {
        let mut elements = OneOrMany::default();
        let mut pipes = Vec::new();
        self.flatten_pipe(stmt, &mut elements, &mut pipes);

        let id = PipelineId(index_u32(self.pipelines.len()));
        self.pipelines.push(Pipeline {
            id,
            range: TextRange::empty(self.range(stmt.span).start),
            elements: OneOrMany::default(),
            pipes: Vec::new(),
            negated: stmt.negated,
            scope,
            before,
            after: None,
        });

        let len = elements.as_slice().len();
        let mut lowered = OneOrMany::with_capacity(len);
        let mut range: Option<TextRange> = None;
        for (position, element) in elements.as_slice().iter().copied().enumerate() {
            let context = ElementContext {
                pipeline: id,
                position: index_u32(position),
                pipeline_len: index_u32(len),
                before: if position == 0 {
                    before.map(|operator| operator.kind)
                } else {
                    pipes
                        .get(position - 1)
                        .map(|operator: &Operator| operator.kind)
                },
                after: if position + 1 < len {
                    pipes.get(position).map(|operator| operator.kind)
                } else {
                    after.map(|pending| pending.kind)
                },
                negated: stmt.negated,
            };
            let (element, element_range) = self.element(element, scope, context);
            lowered.push(element);
            range = Some(range.map_or(element_range, |range| range.cover(element_range)));
        }
        let mut range = range.unwrap_or_else(|| TextRange::empty(self.range(stmt.span).start));
        if stmt.negated {
            // Include the `!`, which only the statement span starts at.
            range = TextRange::new(self.range(stmt.span).start.min(range.start), range.end);
        }
        let after = after.map(|pending| Operator {
            kind: pending.kind,
            range: pending
                .range
                .unwrap_or_else(|| self.newline_after(range.end)),
        });
        let pipeline = &mut self.pipelines[id.index()];
        pipeline.range = range;
        pipeline.elements = lowered;
        pipeline.pipes = pipes;
        pipeline.after = after;
        id
    }

    fn flatten_pipe<'a>(
        &self,
        stmt: &'a ast::Stmt,
        elements: &mut OneOrMany<&'a ast::Stmt>,
        pipes: &mut Vec<Operator>,
    ) {
        if let ast::Command::Binary(binary) = &stmt.command {
            let kind = match binary.op {
                ast::BinaryOp::Pipe => Some(OperatorKind::Pipe),
                ast::BinaryOp::PipeAll => Some(OperatorKind::PipeAll),
                ast::BinaryOp::And | ast::BinaryOp::Or => None,
            };
            if let Some(kind) = kind {
                self.flatten_pipe(&binary.left, elements, pipes);
                pipes.push(Operator {
                    kind,
                    range: self.range(binary.op_span),
                });
                self.flatten_pipe(&binary.right, elements, pipes);
                return;
            }
        }
        elements.push(stmt);
    }

    fn newline_after(&self, offset: u32) -> TextRange {
        newline_after(self.source, self.base, offset)
    }

    // ---- pipeline elements -----------------------------------------------------------------

    fn element(
        &mut self,
        stmt: &ast::Stmt,
        scope: ScopeId,
        context: ElementContext,
    ) -> (PipelineElement, TextRange) {
        match &stmt.command {
            ast::Command::Simple(simple) => {
                // Assignments alone (`FOO=bar`) come with an empty, zero-width name.
                let name = (simple.name.span.start.offset() != simple.name.span.end.offset())
                    .then_some(&simple.name);
                self.command(
                    CommandKind::Simple,
                    stmt,
                    &simple.assignments,
                    name.map(CommandWord::Word),
                    simple.args.iter().map(CommandWord::Word),
                    scope,
                    context,
                )
            }
            ast::Command::Builtin(builtin) => {
                let (keyword, assignments, span, first, extra) = match builtin {
                    ast::BuiltinCommand::Break(command) => (
                        "break",
                        &command.assignments,
                        command.span,
                        command.depth.as_ref(),
                        &command.extra_args,
                    ),
                    ast::BuiltinCommand::Continue(command) => (
                        "continue",
                        &command.assignments,
                        command.span,
                        command.depth.as_ref(),
                        &command.extra_args,
                    ),
                    ast::BuiltinCommand::Return(command) => (
                        "return",
                        &command.assignments,
                        command.span,
                        command.code.as_ref(),
                        &command.extra_args,
                    ),
                    ast::BuiltinCommand::Exit(command) => (
                        "exit",
                        &command.assignments,
                        command.span,
                        command.code.as_ref(),
                        &command.extra_args,
                    ),
                };
                let name_range = self.keyword_range(span, assignments, keyword);
                self.command(
                    CommandKind::Control,
                    stmt,
                    assignments,
                    Some(CommandWord::Plain(name_range)),
                    first.into_iter().chain(extra).map(CommandWord::Word),
                    scope,
                    context,
                )
            }
            ast::Command::Decl(decl) => {
                let name_range = self.range(decl.variant_span);
                let args: Vec<CommandWord<'_>> = decl
                    .operands
                    .iter()
                    .map(|operand| match operand {
                        ast::DeclOperand::Flag(word) | ast::DeclOperand::Dynamic(word) => {
                            CommandWord::Word(word)
                        }
                        ast::DeclOperand::Name(reference) => {
                            CommandWord::Plain(self.range(reference.span))
                        }
                        ast::DeclOperand::Assignment(assignment) => {
                            CommandWord::Assignment(assignment)
                        }
                    })
                    .collect();
                self.command(
                    CommandKind::Declaration,
                    stmt,
                    &decl.assignments,
                    Some(CommandWord::Plain(name_range)),
                    args,
                    scope,
                    context,
                )
            }
            ast::Command::Compound(compound) => self.compound(compound, stmt, scope),
            ast::Command::Function(function) => {
                let id = self.push_scope(ScopeKind::Function, scope, None);
                for entry in &function.header.entries {
                    self.walk_word(&entry.word, id, None);
                }
                let last = self.and_or(&function.body, id, None, None);
                let start = self.range(function.span).start;
                let end = self.pipelines[last.index()].range.end.max(start);
                self.finish_compound(id, stmt, TextRange::new(start, end))
            }
            ast::Command::AnonymousFunction(function) => {
                let id = self.push_scope(ScopeKind::Function, scope, None);
                let last = self.and_or(&function.body, id, None, None);
                for arg in &function.args {
                    self.walk_word(arg, id, None);
                }
                let start = self.range(function.span).start;
                let end = self.pipelines[last.index()].range.end.max(start);
                self.finish_compound(id, stmt, TextRange::new(start, end))
            }
            ast::Command::Binary(_) => {
                // An `&&`/`||` list directly inside a pipe element; shuck does not build this
                // from valid input, but keep its commands if it ever does.
                let id = self.push_scope(ScopeKind::Other, scope, None);
                let last = self.and_or(stmt, id, None, None);
                let start = self.range(stmt.span).start;
                let end = self.pipelines[last.index()].range.end.max(start);
                self.finish_compound(id, stmt, TextRange::new(start, end))
            }
        }
    }

    /// The range of a control builtin's keyword (`exit`), which shuck does not record.
    fn keyword_range(
        &self,
        span: ast::Span,
        assignments: &[ast::Assignment],
        keyword: &str,
    ) -> TextRange {
        let start = assignments
            .iter()
            .map(|assignment| self.range(assignment.span).end)
            .max()
            .unwrap_or_else(|| self.range(span).start);
        let rest = &self.source[self.relative(start)..];
        let skipped = rest.len() - rest.trim_start().len();
        let start = start + index_u32(skipped);
        let rest = &self.source[self.relative(start)..];
        let len = if rest.starts_with(keyword) {
            keyword.len()
        } else {
            rest.find(|ch: char| ch.is_whitespace() || ch == ';')
                .unwrap_or(rest.len())
        };
        TextRange::new(start, self.absolute(self.relative(start) + len))
    }

    #[allow(clippy::too_many_arguments)]
    fn command<'a>(
        &mut self,
        kind: CommandKind,
        stmt: &ast::Stmt,
        assignments: &[ast::Assignment],
        name: Option<CommandWord<'a>>,
        args: impl IntoIterator<Item = CommandWord<'a>>,
        scope: ScopeId,
        context: ElementContext,
    ) -> (PipelineElement, TextRange) {
        let id = CommandId(index_u32(self.commands.len()));
        let context = CommandContext {
            scope,
            pipeline: context.pipeline,
            position: context.position,
            pipeline_len: context.pipeline_len,
            before: context.before,
            after: context.after,
            negated: context.negated,
        };
        self.commands.push(Command {
            id,
            kind,
            range: TextRange::empty(self.range(stmt.span).start),
            assignments: Vec::new(),
            name: None,
            args: Vec::new(),
            redirects: Vec::new(),
            context,
        });

        let assignments: Vec<Assignment<'src>> = assignments
            .iter()
            .map(|assignment| self.assignment(assignment, scope, Some(id)))
            .collect();
        let name = name.map(|word| self.command_word(word, scope, id));
        let args: Vec<Word<'src>> = args
            .into_iter()
            .map(|word| self.command_word(word, scope, id))
            .collect();
        let redirects: Vec<Redirect<'src>> = stmt
            .redirects
            .iter()
            .map(|redirect| self.redirect(redirect, scope, Some(id)))
            .collect();

        let range = assignments
            .iter()
            .map(Assignment::range)
            .chain(name.iter().map(Word::range))
            .chain(args.iter().map(Word::range))
            .chain(redirects.iter().map(Redirect::range))
            .reduce(TextRange::cover)
            .unwrap_or_else(|| TextRange::empty(self.range(stmt.span).start));

        let command = &mut self.commands[id.index()];
        command.range = range;
        command.assignments = assignments;
        command.name = name;
        command.args = args;
        command.redirects = redirects;
        (PipelineElement::Command(id), range)
    }

    fn command_word(
        &mut self,
        word: CommandWord<'_>,
        scope: ScopeId,
        owner: CommandId,
    ) -> Word<'src> {
        match word {
            CommandWord::Word(word) => self.word(word, scope, Some(owner)),
            CommandWord::Plain(range) => self.plain_word(range),
            CommandWord::Assignment(assignment) => {
                self.assignment_word(assignment, scope, Some(owner))
            }
        }
    }

    // ---- compound commands -----------------------------------------------------------------

    fn push_scope(
        &mut self,
        kind: ScopeKind,
        parent: ScopeId,
        owner: Option<CommandId>,
    ) -> ScopeId {
        let id = ScopeId(index_u32(self.scopes.len()));
        let start = self.scopes[parent.index()].range.start;
        self.scopes.push(Scope {
            id,
            kind,
            range: TextRange::empty(start),
            parent: Some(parent),
            owner,
            redirects: Vec::new(),
        });
        id
    }

    /// Sets a compound's range and lowers the redirects written after it.
    fn finish_compound(
        &mut self,
        id: ScopeId,
        stmt: &ast::Stmt,
        range: TextRange,
    ) -> (PipelineElement, TextRange) {
        let redirects: Vec<Redirect<'src>> = stmt
            .redirects
            .iter()
            .map(|redirect| self.redirect(redirect, id, None))
            .collect();
        let scope = &mut self.scopes[id.index()];
        scope.range = range;
        scope.redirects = redirects;
        let element_range = self.scopes[id.index()]
            .redirects
            .iter()
            .map(Redirect::range)
            .fold(range, TextRange::cover);
        (PipelineElement::Compound(id), element_range)
    }

    fn compound(
        &mut self,
        compound: &ast::CompoundCommand,
        stmt: &ast::Stmt,
        parent: ScopeId,
    ) -> (PipelineElement, TextRange) {
        use ast::CompoundCommand as C;
        let kind = match compound {
            C::If(_) => ScopeKind::If,
            C::For(_) => ScopeKind::For,
            C::ArithmeticFor(_) => ScopeKind::ArithmeticFor,
            C::While(_) => ScopeKind::While,
            C::Until(_) => ScopeKind::Until,
            C::Case(_) => ScopeKind::Case,
            C::Select(_) => ScopeKind::Select,
            C::Subshell(_) => ScopeKind::Subshell,
            C::BraceGroup(_) => ScopeKind::BraceGroup,
            C::Arithmetic(_) => ScopeKind::Arithmetic,
            C::Time(_) => ScopeKind::Time,
            C::Conditional(_) => ScopeKind::Conditional,
            C::Coproc(_) => ScopeKind::Coproc,
            C::Repeat(_) | C::Foreach(_) | C::Always(_) => ScopeKind::Other,
        };
        let id = self.push_scope(kind, parent, None);
        let first_pipeline = self.pipelines.len();
        let first_heredoc = self.heredocs.len();
        let range = match compound {
            C::If(command) => {
                self.stmt_list(command.condition.as_slice(), id);
                self.stmt_list(command.then_branch.as_slice(), id);
                for (condition, body) in &command.elif_branches {
                    self.stmt_list(condition.as_slice(), id);
                    self.stmt_list(body.as_slice(), id);
                }
                if let Some(body) = &command.else_branch {
                    self.stmt_list(body.as_slice(), id);
                }
                let end = match command.syntax {
                    ast::IfSyntax::ThenFi { fi_span, .. } => fi_span,
                    ast::IfSyntax::Brace {
                        right_brace_span, ..
                    } => right_brace_span,
                };
                self.span_to(command.span, end)
            }
            C::For(command) => {
                for target in &command.targets {
                    self.walk_word(&target.word, id, None);
                }
                for word in command.words.iter().flatten() {
                    self.walk_word(word, id, None);
                }
                self.stmt_list(command.body.as_slice(), id);
                let end = match command.syntax {
                    ast::ForSyntax::InDoDone { done_span, .. }
                    | ast::ForSyntax::ParenDoDone { done_span, .. } => Some(done_span),
                    ast::ForSyntax::InBrace {
                        right_brace_span, ..
                    }
                    | ast::ForSyntax::ParenBrace {
                        right_brace_span, ..
                    } => Some(right_brace_span),
                    ast::ForSyntax::InDirect { .. } | ast::ForSyntax::ParenDirect { .. } => None,
                };
                self.span_to_or_content(command.span, end, id, first_pipeline)
            }
            C::ArithmeticFor(command) => {
                for node in [&command.init_ast, &command.condition_ast, &command.step_ast]
                    .into_iter()
                    .flatten()
                {
                    self.walk_arithmetic(node, id);
                }
                self.stmt_list(command.body.as_slice(), id);
                self.span_to_or_content(command.span, command.done_span, id, first_pipeline)
            }
            C::While(command) => {
                self.stmt_list(command.condition.as_slice(), id);
                self.stmt_list(command.body.as_slice(), id);
                self.span_to_or_content(command.span, command.done_span, id, first_pipeline)
            }
            C::Until(command) => {
                self.stmt_list(command.condition.as_slice(), id);
                self.stmt_list(command.body.as_slice(), id);
                self.span_to_or_content(command.span, command.done_span, id, first_pipeline)
            }
            C::Case(command) => {
                self.walk_word(&command.word, id, None);
                for item in &command.cases {
                    for pattern in &item.patterns {
                        self.walk_pattern(pattern, id, None);
                    }
                    self.stmt_list(item.body.as_slice(), id);
                }
                self.span_to(command.span, command.esac_span)
            }
            C::Select(command) => {
                for word in &command.words {
                    self.walk_word(word, id, None);
                }
                self.stmt_list(command.body.as_slice(), id);
                self.span_to(command.span, command.done_span)
            }
            C::Subshell(body) => {
                self.stmt_list(body.as_slice(), id);
                self.bracketed(body, b'(', b')', id, first_pipeline, first_heredoc)
            }
            C::BraceGroup(body) => {
                self.stmt_list(body.as_slice(), id);
                self.bracketed(body, b'{', b'}', id, first_pipeline, first_heredoc)
            }
            C::Arithmetic(command) => {
                if let Some(node) = &command.expr_ast {
                    self.walk_arithmetic(node, id);
                }
                self.span_to(command.span, command.right_paren_span)
            }
            C::Time(command) => {
                let start = self.range(command.span).start;
                let end = match &command.command {
                    Some(timed) => {
                        let last = self.and_or(timed, id, None, None);
                        self.pipelines[last.index()].range.end
                    }
                    None => start + index_u32("time".len()),
                };
                TextRange::new(start, end.max(start))
            }
            C::Conditional(command) => {
                self.walk_conditional(&command.expression, id);
                self.span_to(command.left_bracket_span, command.right_bracket_span)
            }
            C::Coproc(command) => {
                let last = self.and_or(&command.body, id, None, None);
                let start = self.range(command.span).start;
                TextRange::new(start, self.pipelines[last.index()].range.end.max(start))
            }
            C::Repeat(command) => {
                self.walk_word(&command.count, id, None);
                self.stmt_list(command.body.as_slice(), id);
                self.span_to_or_content(command.span, None, id, first_pipeline)
            }
            C::Foreach(command) => {
                for word in &command.words {
                    self.walk_word(word, id, None);
                }
                self.stmt_list(command.body.as_slice(), id);
                self.span_to_or_content(command.span, None, id, first_pipeline)
            }
            C::Always(command) => {
                self.stmt_list(command.body.as_slice(), id);
                self.stmt_list(command.always_body.as_slice(), id);
                self.span_to_or_content(command.span, None, id, first_pipeline)
            }
        };
        self.finish_compound(id, stmt, range)
    }

    fn span_to(&self, start: ast::Span, end: ast::Span) -> TextRange {
        let start = self.range(start).start;
        TextRange::new(start, self.range(end).end.max(start))
    }

    /// From `start` to the end of the closing keyword, or to the end of the content when the
    /// syntax has none.
    fn span_to_or_content(
        &self,
        start: ast::Span,
        end: Option<ast::Span>,
        id: ScopeId,
        first_pipeline: usize,
    ) -> TextRange {
        match end {
            Some(end) => self.span_to(start, end),
            None => {
                let start = self.range(start).start;
                let end = self.content_end(id, first_pipeline).unwrap_or(start);
                TextRange::new(start, end.max(start))
            }
        }
    }

    /// The end of the last pipeline lowered directly into scope `id`.
    fn content_end(&self, id: ScopeId, first_pipeline: usize) -> Option<u32> {
        self.pipelines[first_pipeline..]
            .iter()
            .filter(|pipeline| pipeline.scope == id)
            .map(|pipeline| pipeline.range.end)
            .max()
    }

    /// A subshell's or brace group's range: shuck's spans miss the opening bracket, so scan
    /// back from the first command to it and forward from the last command (or heredoc) to the
    /// closing one.
    fn bracketed(
        &self,
        body: &ast::StmtSeq,
        open: u8,
        close: u8,
        id: ScopeId,
        first_pipeline: usize,
        first_heredoc: usize,
    ) -> TextRange {
        let fallback = self.range(body.span);
        let content_start = self.pipelines[first_pipeline..]
            .iter()
            .filter(|pipeline| pipeline.scope == id)
            .map(|pipeline| pipeline.range.start)
            .min()
            .unwrap_or(fallback.start);
        let start = self
            .scan_back_to(self.relative(content_start), open)
            .map_or(content_start, |index| self.absolute(index));
        let content_end = self
            .content_end(id, first_pipeline)
            .unwrap_or(content_start);
        let after_heredocs = self.heredocs[first_heredoc..]
            .iter()
            .map(|heredoc| self.end_of_line(heredoc.body_range.end))
            .max();
        let end = self
            .scan_forward_to(self.relative(content_end), close)
            .or_else(|| {
                after_heredocs.and_then(|from| self.scan_forward_to(self.relative(from), close))
            })
            .map_or(content_end, |index| self.absolute(index + 1));
        TextRange::new(start, end.max(start))
    }

    /// The offset after the line that `offset` is on (the heredoc's closing delimiter line).
    fn end_of_line(&self, offset: u32) -> u32 {
        let from = self.relative(offset);
        let rest = &self.source.as_bytes()[from..];
        match rest.iter().position(|&byte| byte == b'\n') {
            Some(newline) => self.absolute(from + newline + 1),
            None => self.absolute(self.source.len()),
        }
    }

    /// Index of `want` before `from`, skipping only blanks and `\`-newline continuations.
    fn scan_back_to(&self, from: usize, want: u8) -> Option<usize> {
        let bytes = self.source.as_bytes();
        let mut index = from;
        while index > 0 {
            let byte = bytes[index - 1];
            if byte == want {
                return Some(index - 1);
            }
            match byte {
                b' ' | b'\t' | b'\r' => index -= 1,
                b'\n' => {
                    index -= 1;
                    if index > 0 && bytes[index - 1] == b'\\' {
                        index -= 1;
                    }
                }
                _ => return None,
            }
        }
        None
    }

    /// Index of `want` at or after `from`, skipping blanks, newlines, `;`, `&`, `\`-newline
    /// continuations and comments.
    fn scan_forward_to(&self, from: usize, want: u8) -> Option<usize> {
        let bytes = self.source.as_bytes();
        let mut index = from;
        while let Some(&byte) = bytes.get(index) {
            if byte == want {
                return Some(index);
            }
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' => index += 1,
                b'\\' if bytes.get(index + 1) == Some(&b'\n') => index += 2,
                b'#' => {
                    index += bytes[index..]
                        .iter()
                        .position(|&byte| byte == b'\n')
                        .unwrap_or(bytes.len() - index);
                }
                _ => return None,
            }
        }
        None
    }

    // ---- words -----------------------------------------------------------------------------

    fn word(&mut self, word: &ast::Word, scope: ScopeId, owner: Option<CommandId>) -> Word<'src> {
        self.walk_word(word, scope, owner);
        let range = self.range(word.span);
        let text = self.text(range);

        // Fast path: one plain literal without escapes is its own value.
        if let [part] = word.parts.as_slice()
            && matches!(part.kind, ast::WordPart::Literal(_))
            && self.range(part.span) == range
            && !text.contains('\\')
        {
            return Word {
                range,
                text,
                value: Cow::Borrowed(text),
                static_prefix_len: index_u32(text.len()),
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
        let mut parts = OneOrMany::with_capacity(word.parts.len());
        for part in &word.parts {
            let part_range = self.range(part.span);
            let raw = self.text(part_range);
            let kind = match &part.kind {
                ast::WordPart::Literal(literal) => {
                    if raw.is_empty() {
                        value.push_str(literal.as_str(self.source, part.span));
                    } else {
                        push_unquoted_literal(raw, &mut value);
                    }
                    WordPartKind::Literal
                }
                ast::WordPart::SingleQuoted { value: inner, .. } => {
                    quoted = true;
                    value.push_str(inner.slice(self.source));
                    WordPartKind::SingleQuoted
                }
                ast::WordPart::DoubleQuoted { parts: inner, .. } => {
                    quoted = true;
                    for inner_part in inner {
                        let inner_raw = self.text(self.range(inner_part.span));
                        if let ast::WordPart::Literal(literal) = &inner_part.kind {
                            if inner_raw.is_empty() {
                                value.push_str(literal.as_str(self.source, inner_part.span));
                            } else {
                                push_double_quoted_literal(inner_raw, &mut value);
                            }
                        } else {
                            static_prefix_len.get_or_insert(value.len());
                            value.push_str(inner_raw);
                        }
                    }
                    WordPartKind::DoubleQuoted
                }
                other => {
                    static_prefix_len.get_or_insert(value.len());
                    value.push_str(raw);
                    expansion_kind(other)
                }
            };
            parts.push(WordPart {
                kind,
                range: part_range,
            });
        }
        let expansion = static_prefix_len.is_some();
        let static_prefix_len = static_prefix_len.unwrap_or(value.len());
        Word {
            range,
            text,
            value: borrow_if_same(value, text),
            static_prefix_len: index_u32(static_prefix_len),
            quoted,
            expansion,
            parts,
        }
    }

    /// A word for a bare name shuck keeps as a range (`export NAME`, the `exit` keyword).
    fn plain_word(&self, range: TextRange) -> Word<'src> {
        let text = self.text(range);
        let value = if text.contains('\\') {
            let mut decoded = String::with_capacity(text.len());
            push_unquoted_literal(text, &mut decoded);
            borrow_if_same(decoded, text)
        } else {
            Cow::Borrowed(text)
        };
        Word {
            range,
            text,
            static_prefix_len: index_u32(value.len()),
            value,
            quoted: false,
            expansion: false,
            parts: OneOrMany::One(WordPart {
                kind: WordPartKind::Literal,
                range,
            }),
        }
    }

    /// A declaration operand `NAME=value` as one word.
    fn assignment_word(
        &mut self,
        assignment: &ast::Assignment,
        scope: ScopeId,
        owner: Option<CommandId>,
    ) -> Word<'src> {
        let range = self.range(assignment.span);
        match &assignment.value {
            ast::AssignmentValue::Scalar(value) => {
                let value = self.word(value, scope, owner);
                let head_range = TextRange::new(range.start, value.range.start.max(range.start));
                let head = self.text(head_range);
                let mut parts = OneOrMany::with_capacity(value.parts().len() + 1);
                parts.push(WordPart {
                    kind: WordPartKind::Literal,
                    range: head_range,
                });
                for part in value.parts() {
                    parts.push(*part);
                }
                let text = self.text(range);
                Word {
                    range,
                    text,
                    value: borrow_if_same(format!("{head}{}", value.value), text),
                    static_prefix_len: index_u32(head.len()) + value.static_prefix_len,
                    quoted: value.quoted,
                    expansion: value.expansion,
                    parts,
                }
            }
            ast::AssignmentValue::Compound(array) => {
                for element in &array.elements {
                    self.walk_word(&element.value().word, scope, owner);
                }
                self.plain_word(range)
            }
        }
    }

    fn assignment(
        &mut self,
        assignment: &ast::Assignment,
        scope: ScopeId,
        owner: Option<CommandId>,
    ) -> Assignment<'src> {
        let value = match &assignment.value {
            ast::AssignmentValue::Scalar(word) => Some(self.word(word, scope, owner)),
            ast::AssignmentValue::Compound(array) => {
                for element in &array.elements {
                    self.walk_word(&element.value().word, scope, owner);
                }
                None
            }
        };
        Assignment {
            range: self.range(assignment.span),
            name: self.text(self.assignment_name_range(assignment)),
            value,
            append: assignment.append,
        }
    }

    /// `NAME` or `NAME[subscript]` of an assignment (shuck's target span covers the value).
    fn assignment_name_range(&self, assignment: &ast::Assignment) -> TextRange {
        let name = self.range(assignment.target.name_span);
        match &assignment.target.subscript {
            Some(subscript) => {
                let end = self.range(subscript.span()).end;
                let closing = self.source.as_bytes().get(self.relative(end)) == Some(&b']');
                TextRange::new(name.start, (end + u32::from(closing)).max(name.start))
            }
            None => name,
        }
    }

    fn redirect(
        &mut self,
        redirect: &ast::Redirect,
        scope: ScopeId,
        owner: Option<CommandId>,
    ) -> Redirect<'src> {
        let kind = match redirect.kind {
            ast::RedirectKind::Output => RedirectKind::Output,
            ast::RedirectKind::Clobber => RedirectKind::Clobber,
            ast::RedirectKind::Append => RedirectKind::Append,
            ast::RedirectKind::Input => RedirectKind::Input,
            ast::RedirectKind::ReadWrite => RedirectKind::ReadWrite,
            ast::RedirectKind::HereDoc => RedirectKind::HereDoc,
            ast::RedirectKind::HereDocStrip => RedirectKind::HereDocStrip,
            ast::RedirectKind::HereString => RedirectKind::HereString,
            ast::RedirectKind::DupOutput => RedirectKind::DupOutput,
            ast::RedirectKind::DupInput => RedirectKind::DupInput,
            ast::RedirectKind::OutputBoth => RedirectKind::OutputBoth,
        };
        let target = match &redirect.target {
            ast::RedirectTarget::Word(word) => RedirectTarget::Word(self.word(word, scope, owner)),
            ast::RedirectTarget::Heredoc(heredoc) => {
                RedirectTarget::Heredoc(self.heredoc(heredoc, scope, owner))
            }
        };
        let mut range = self.range(redirect.span);
        if let RedirectTarget::Word(word) = &target {
            range = range.cover(word.range);
        }
        Redirect {
            range,
            kind,
            fd: redirect.fd,
            target,
        }
    }

    fn heredoc(
        &mut self,
        heredoc: &ast::Heredoc,
        scope: ScopeId,
        owner: Option<CommandId>,
    ) -> HeredocId {
        let id = HeredocId(index_u32(self.heredocs.len()));
        if heredoc.delimiter.expands_body {
            for part in &heredoc.body.parts {
                match &part.kind {
                    ast::HeredocBodyPart::CommandSubstitution { body, .. } => {
                        let substitution = self.push_substitution(
                            ScopeKind::CommandSubstitution,
                            part.span,
                            scope,
                            owner,
                        );
                        self.stmt_list(body.as_slice(), substitution);
                    }
                    ast::HeredocBodyPart::ArithmeticExpansion {
                        expression_word_ast,
                        ..
                    } => self.walk_word(expression_word_ast, scope, owner),
                    ast::HeredocBodyPart::Parameter(parameter) => {
                        self.walk_parameter(parameter, scope, owner);
                    }
                    ast::HeredocBodyPart::Literal(_) | ast::HeredocBodyPart::Variable(_) => {}
                }
            }
        }
        let body_range = self.range(heredoc.body.span);
        self.heredocs.push(Heredoc {
            id,
            delimiter: heredoc.delimiter.cooked.to_string(),
            delimiter_range: self.range(heredoc.delimiter.span),
            quoted: heredoc.delimiter.quoted,
            strip_tabs: heredoc.delimiter.strip_tabs,
            body_range,
            body: self.text(body_range),
            owner,
            scope,
        });
        id
    }

    // ---- nested commands inside words ------------------------------------------------------

    fn push_substitution(
        &mut self,
        kind: ScopeKind,
        span: ast::Span,
        parent: ScopeId,
        owner: Option<CommandId>,
    ) -> ScopeId {
        let id = self.push_scope(kind, parent, owner);
        self.scopes[id.index()].range = self.range(span);
        id
    }

    fn walk_word(&mut self, word: &ast::Word, scope: ScopeId, owner: Option<CommandId>) {
        for part in &word.parts {
            self.walk_part(part, scope, owner);
        }
    }

    fn walk_part(&mut self, part: &ast::WordPartNode, scope: ScopeId, owner: Option<CommandId>) {
        match &part.kind {
            ast::WordPart::CommandSubstitution { body, .. } => {
                let id =
                    self.push_substitution(ScopeKind::CommandSubstitution, part.span, scope, owner);
                self.stmt_list(body.as_slice(), id);
            }
            ast::WordPart::ProcessSubstitution { body, .. } => {
                let id =
                    self.push_substitution(ScopeKind::ProcessSubstitution, part.span, scope, owner);
                self.stmt_list(body.as_slice(), id);
            }
            ast::WordPart::DoubleQuoted { parts, .. } => {
                for inner in parts {
                    self.walk_part(inner, scope, owner);
                }
            }
            ast::WordPart::ArithmeticExpansion {
                expression_word_ast,
                ..
            } => self.walk_word(expression_word_ast, scope, owner),
            ast::WordPart::Parameter(parameter) => self.walk_parameter(parameter, scope, owner),
            ast::WordPart::ParameterExpansion {
                operand_word_ast,
                operator,
                ..
            } => {
                if let Some(operand) = operand_word_ast {
                    self.walk_word(operand, scope, owner);
                }
                self.walk_parameter_operator(operator, scope, owner);
            }
            ast::WordPart::IndirectExpansion {
                operand_word_ast,
                operator,
                ..
            } => {
                if let Some(operand) = operand_word_ast {
                    self.walk_word(operand, scope, owner);
                }
                if let Some(operator) = operator {
                    self.walk_parameter_operator(operator, scope, owner);
                }
            }
            ast::WordPart::Substring {
                offset_word_ast,
                length_word_ast,
                ..
            }
            | ast::WordPart::ArraySlice {
                offset_word_ast,
                length_word_ast,
                ..
            } => {
                self.walk_word(offset_word_ast, scope, owner);
                if let Some(length) = length_word_ast {
                    self.walk_word(length, scope, owner);
                }
            }
            ast::WordPart::Literal(_)
            | ast::WordPart::ZshQualifiedGlob(_)
            | ast::WordPart::SingleQuoted { .. }
            | ast::WordPart::Variable(_)
            | ast::WordPart::Length(_)
            | ast::WordPart::ArrayAccess(_)
            | ast::WordPart::ArrayLength(_)
            | ast::WordPart::ArrayIndices(_)
            | ast::WordPart::PrefixMatch { .. }
            | ast::WordPart::Transformation { .. } => {}
        }
    }

    fn walk_parameter(
        &mut self,
        parameter: &ast::ParameterExpansion,
        scope: ScopeId,
        owner: Option<CommandId>,
    ) {
        if let ast::ParameterExpansionSyntax::Bourne(bourne) = &parameter.syntax {
            for word in [
                bourne.operand_word_ast(),
                bourne.offset_word_ast(),
                bourne.length_word_ast(),
            ]
            .into_iter()
            .flatten()
            {
                self.walk_word(word, scope, owner);
            }
            if let ast::BourneParameterExpansion::Operation { operator, .. }
            | ast::BourneParameterExpansion::Indirect {
                operator: Some(operator),
                ..
            } = bourne
            {
                self.walk_parameter_operator(operator, scope, owner);
            }
        }
    }

    /// The pattern and replacement of `${x#pat}`, `${x/pat/rep}` … (the `:-` family keeps its
    /// operand in the operand word instead).
    fn walk_parameter_operator(
        &mut self,
        operator: &ast::ParameterOp,
        scope: ScopeId,
        owner: Option<CommandId>,
    ) {
        use ast::ParameterOp as Op;
        match operator {
            Op::RemovePrefixShort { pattern }
            | Op::RemovePrefixLong { pattern }
            | Op::RemoveSuffixShort { pattern }
            | Op::RemoveSuffixLong { pattern } => self.walk_pattern(pattern, scope, owner),
            Op::ReplaceFirst {
                pattern,
                replacement_word_ast,
                ..
            }
            | Op::ReplaceAll {
                pattern,
                replacement_word_ast,
                ..
            } => {
                self.walk_pattern(pattern, scope, owner);
                self.walk_word(replacement_word_ast, scope, owner);
            }
            Op::UseDefault
            | Op::AssignDefault
            | Op::UseReplacement
            | Op::Error
            | Op::UpperFirst
            | Op::UpperAll
            | Op::LowerFirst
            | Op::LowerAll => {}
        }
    }

    fn walk_arithmetic(&mut self, node: &ast::ArithmeticExprNode, scope: ScopeId) {
        use ast::ArithmeticExpr as A;
        match &node.kind {
            A::Number(_) | A::Variable(_) => {}
            A::ShellWord(word) => self.walk_word(word, scope, None),
            A::Indexed { index, .. } => self.walk_arithmetic(index, scope),
            A::Parenthesized { expression } => self.walk_arithmetic(expression, scope),
            A::Unary { expr, .. } | A::Postfix { expr, .. } => self.walk_arithmetic(expr, scope),
            A::Binary { left, right, .. } => {
                self.walk_arithmetic(left, scope);
                self.walk_arithmetic(right, scope);
            }
            A::Conditional {
                condition,
                then_expr,
                else_expr,
            } => {
                self.walk_arithmetic(condition, scope);
                self.walk_arithmetic(then_expr, scope);
                self.walk_arithmetic(else_expr, scope);
            }
            A::Assignment { target, value, .. } => {
                if let ast::ArithmeticLvalue::Indexed { index, .. } = target {
                    self.walk_arithmetic(index, scope);
                }
                self.walk_arithmetic(value, scope);
            }
        }
    }

    fn walk_conditional(&mut self, expression: &ast::ConditionalExpr, scope: ScopeId) {
        use ast::ConditionalExpr as E;
        match expression {
            E::Binary(binary) => {
                self.walk_conditional(&binary.left, scope);
                self.walk_conditional(&binary.right, scope);
            }
            E::Unary(unary) => self.walk_conditional(&unary.expr, scope),
            E::Parenthesized(paren) => self.walk_conditional(&paren.expr, scope),
            E::Word(word) | E::Regex(word) => self.walk_word(word, scope, None),
            E::Pattern(pattern) => self.walk_pattern(pattern, scope, None),
            E::VarRef(_) => {}
        }
    }

    fn walk_pattern(&mut self, pattern: &ast::Pattern, scope: ScopeId, owner: Option<CommandId>) {
        for part in &pattern.parts {
            match &part.kind {
                ast::PatternPart::Word(word) => self.walk_word(word, scope, owner),
                ast::PatternPart::Group { patterns, .. } => {
                    for inner in patterns {
                        self.walk_pattern(inner, scope, owner);
                    }
                }
                ast::PatternPart::Literal(_)
                | ast::PatternPart::AnyString
                | ast::PatternPart::AnyChar
                | ast::PatternPart::CharClass(_) => {}
            }
        }
    }

    // ---- finishing -------------------------------------------------------------------------

    /// Orders commands and pipelines by start offset (see [`order_by_start`]).
    fn finish(mut self, status: ParseStatus, diagnostics: Vec<ShellDiagnostic>) -> Script<'src> {
        order_by_start(
            &mut self.commands,
            &mut self.pipelines,
            &mut self.scopes,
            &mut self.heredocs,
        );
        Script {
            source: self.source,
            base_offset: self.base,
            commands: self.commands,
            pipelines: self.pipelines,
            scopes: self.scopes,
            heredocs: self.heredocs,
            status,
            diagnostics,
        }
    }
}

/// Orders commands and pipelines by start offset (heredoc bodies and redirects written before
/// a name make the walk order differ from the text order, and a synthesized `2>&1` target sits
/// at offset 0) and renumbers the ids. Shared with the fast path, which must order the same way.
pub(super) fn order_by_start<'src>(
    commands: &mut Vec<Command<'src>>,
    pipelines: &mut Vec<Pipeline>,
    scopes: &mut [Scope<'src>],
    heredocs: &mut [Heredoc<'src>],
) {
    if !commands.is_sorted_by_key(|command| command.range.start) {
        let mut indexed: Vec<(usize, Command<'src>)> =
            std::mem::take(commands).into_iter().enumerate().collect();
        indexed.sort_by_key(|(old, command)| (command.range.start, *old));
        let mut new_index = vec![0; indexed.len()];
        for (new, (old, _)) in indexed.iter().enumerate() {
            new_index[*old] = index_u32(new);
        }
        *commands = indexed.into_iter().map(|(_, command)| command).collect();
        let remap = |id: &mut CommandId| id.0 = new_index[id.index()];
        for command in commands.iter_mut() {
            remap(&mut command.id);
        }
        for pipeline in pipelines.iter_mut() {
            for element in pipeline.elements.as_mut_slice() {
                if let PipelineElement::Command(id) = element {
                    remap(id);
                }
            }
        }
        for scope in scopes.iter_mut() {
            if let Some(owner) = &mut scope.owner {
                remap(owner);
            }
        }
        for heredoc in heredocs.iter_mut() {
            if let Some(owner) = &mut heredoc.owner {
                remap(owner);
            }
        }
    }
    if !pipelines.is_sorted_by_key(|pipeline| pipeline.range.start) {
        let mut indexed: Vec<(usize, Pipeline)> =
            std::mem::take(pipelines).into_iter().enumerate().collect();
        indexed.sort_by_key(|(old, pipeline)| (pipeline.range.start, *old));
        let mut new_index = vec![0; indexed.len()];
        for (new, (old, _)) in indexed.iter().enumerate() {
            new_index[*old] = index_u32(new);
        }
        *pipelines = indexed.into_iter().map(|(_, pipeline)| pipeline).collect();
        for pipeline in pipelines.iter_mut() {
            pipeline.id.0 = new_index[pipeline.id.index()];
        }
        for command in commands.iter_mut() {
            let pipeline = &mut command.context.pipeline;
            pipeline.0 = new_index[pipeline.index()];
        }
    }
}

/// A command-line word as shuck hands it over: a real word, a bare range, or an assignment
/// operand of a declaration.
#[derive(Clone, Copy)]
enum CommandWord<'a> {
    Word(&'a ast::Word),
    Plain(TextRange),
    Assignment(&'a ast::Assignment),
}

fn expansion_kind(part: &ast::WordPart) -> WordPartKind {
    match part {
        ast::WordPart::CommandSubstitution { .. } => WordPartKind::CommandSubstitution,
        ast::WordPart::ProcessSubstitution { .. } => WordPartKind::ProcessSubstitution,
        ast::WordPart::ArithmeticExpansion { .. } => WordPartKind::ArithmeticExpansion,
        ast::WordPart::Variable(_)
        | ast::WordPart::Parameter(_)
        | ast::WordPart::ParameterExpansion { .. }
        | ast::WordPart::Length(_)
        | ast::WordPart::ArrayAccess(_)
        | ast::WordPart::ArrayLength(_)
        | ast::WordPart::ArrayIndices(_)
        | ast::WordPart::Substring { .. }
        | ast::WordPart::ArraySlice { .. }
        | ast::WordPart::IndirectExpansion { .. }
        | ast::WordPart::PrefixMatch { .. }
        | ast::WordPart::Transformation { .. } => WordPartKind::Parameter,
        ast::WordPart::Literal(_)
        | ast::WordPart::SingleQuoted { .. }
        | ast::WordPart::DoubleQuoted { .. }
        | ast::WordPart::ZshQualifiedGlob(_) => WordPartKind::Other,
    }
}

/// Counts never exceed `u32` because the source length is bounded by `u32` offsets.
fn index_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::offset_of_line_column;

    #[test]
    fn line_and_character_column_to_byte_offset() {
        let source = "é x\nab\ncd";
        assert_eq!(offset_of_line_column(source, 1, 1), 0);
        assert_eq!(offset_of_line_column(source, 1, 3), 3); // after `é` (2 bytes) and a space
        assert_eq!(offset_of_line_column(source, 2, 2), 6);
        assert_eq!(offset_of_line_column(source, 3, 1), 8);
        assert_eq!(offset_of_line_column(source, 9, 1), source.len());
        assert_eq!(offset_of_line_column(source, 0, 0), source.len());
    }
}
