//! The parsed script: commands, pipelines, scopes, heredocs and parse diagnostics.

use plimsoll_text::TextRange;

use super::command::{Command, CommandId, Heredoc, Redirect};
use super::one_or_many::OneOrMany;

/// Index of a pipeline in [`Script::pipelines`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PipelineId(pub(crate) u32);

impl PipelineId {
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a scope in [`Script::scopes`]; [`ScopeId::ROOT`] is the script itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(pub(crate) u32);

impl ScopeId {
    /// The whole script.
    pub const ROOT: ScopeId = ScopeId(0);

    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How shuck's parse went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParseStatus {
    /// No diagnostics.
    Clean,
    /// Diagnostics, but the parser recovered and the model covers the whole text.
    Recovered,
    /// The parser gave up; the model holds what could be salvaged (see [`super::parse_script`]).
    Fatal,
}

/// A shell syntax error, located in the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellDiagnostic {
    pub message: String,
    pub range: TextRange,
}

/// An operator that joins commands or ends one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperatorKind {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `|`
    Pipe,
    /// `|&`
    PipeAll,
    /// `;`
    Semicolon,
    /// `&` (also zsh's `&|`, `&!`)
    Background,
    /// A newline between two commands of the same list.
    Newline,
}

impl OperatorKind {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::And => "&&",
            Self::Or => "||",
            Self::Pipe => "|",
            Self::PipeAll => "|&",
            Self::Semicolon => ";",
            Self::Background => "&",
            Self::Newline => "\n",
        }
    }
}

/// An operator occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub kind: OperatorKind,
    /// The operator's bytes (for [`OperatorKind::Newline`], the newline character).
    pub range: TextRange,
}

/// An element of a pipeline: a simple command or a compound command (subshell, `if`, loop …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipelineElement {
    Command(CommandId),
    Compound(ScopeId),
}

/// `a | b | c` (or a lone element): the unit joined by `&&`, `||`, `;`, `&` and newlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    pub(crate) id: PipelineId,
    pub(crate) range: TextRange,
    pub(crate) elements: OneOrMany<PipelineElement>,
    pub(crate) pipes: Vec<Operator>,
    pub(crate) negated: bool,
    pub(crate) scope: ScopeId,
    pub(crate) before: Option<Operator>,
    pub(crate) after: Option<Operator>,
}

impl Pipeline {
    #[must_use]
    pub fn id(&self) -> PipelineId {
        self.id
    }

    /// From the first element (or the `!`) to the last element, redirects included.
    #[must_use]
    pub fn range(&self) -> TextRange {
        self.range
    }

    #[must_use]
    pub fn elements(&self) -> &[PipelineElement] {
        self.elements.as_slice()
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.elements().len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.elements().is_empty()
    }

    /// True when it has a `|` or `|&` (two or more elements).
    #[must_use]
    pub fn is_piped(&self) -> bool {
        self.len() > 1
    }

    /// The `|`/`|&` operators between elements (`len() - 1` of them).
    #[must_use]
    pub fn pipes(&self) -> &[Operator] {
        &self.pipes
    }

    /// `! pipeline`.
    #[must_use]
    pub fn is_negated(&self) -> bool {
        self.negated
    }

    #[must_use]
    pub fn scope(&self) -> ScopeId {
        self.scope
    }

    /// The operator before this pipeline in its list; `None` at the start of the list.
    #[must_use]
    pub fn before(&self) -> Option<Operator> {
        self.before
    }

    /// The operator after this pipeline in its list; `None` at the end of the list.
    #[must_use]
    pub fn after(&self) -> Option<Operator> {
        self.after
    }
}

/// What opened a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// The whole script ([`ScopeId::ROOT`]).
    Script,
    /// `( … )`
    Subshell,
    /// `{ …; }`
    BraceGroup,
    If,
    For,
    /// `for (( … )); do … done`
    ArithmeticFor,
    While,
    Until,
    Case,
    Select,
    /// A function definition body (`f() { … }`): it runs only when called.
    Function,
    /// `[[ … ]]`
    Conditional,
    /// `(( … ))`
    Arithmetic,
    /// `time …`
    Time,
    /// `coproc …`
    Coproc,
    /// `$( … )` or `` `…` ``.
    CommandSubstitution,
    /// `<( … )` or `>( … )`.
    ProcessSubstitution,
    /// zsh-only compounds (`repeat`, `foreach`, `always`) and other rare groupings.
    Other,
}

impl ScopeKind {
    /// True when commands inside run in a child shell, so `cd`, `set` and variables set there
    /// do not outlive the scope.
    #[must_use]
    pub const fn is_child_shell(self) -> bool {
        matches!(
            self,
            Self::Subshell | Self::CommandSubstitution | Self::ProcessSubstitution | Self::Coproc
        )
    }
}

/// A region of the script that nests commands: the script, a subshell, a substitution, a
/// compound command or a function body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope<'src> {
    pub(crate) id: ScopeId,
    pub(crate) kind: ScopeKind,
    pub(crate) range: TextRange,
    pub(crate) parent: Option<ScopeId>,
    pub(crate) owner: Option<CommandId>,
    pub(crate) redirects: Vec<Redirect<'src>>,
}

impl<'src> Scope<'src> {
    #[must_use]
    pub fn id(&self) -> ScopeId {
        self.id
    }

    #[must_use]
    pub fn kind(&self) -> ScopeKind {
        self.kind
    }

    /// The construct's bytes, from its opening keyword or bracket to its closing one.
    #[must_use]
    pub fn range(&self) -> TextRange {
        self.range
    }

    /// The enclosing scope; `None` for the root.
    #[must_use]
    pub fn parent(&self) -> Option<ScopeId> {
        self.parent
    }

    /// For a substitution inside a command's word (`echo $(date)`), that command.
    #[must_use]
    pub fn owner(&self) -> Option<CommandId> {
        self.owner
    }

    /// Redirects applied to the whole compound (`while …; done < file`).
    #[must_use]
    pub fn redirects(&self) -> &[Redirect<'src>] {
        &self.redirects
    }
}

/// The shell model of one `RUN` (or heredoc body): see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script<'src> {
    pub(crate) source: &'src str,
    pub(crate) base_offset: u32,
    pub(crate) commands: Vec<Command<'src>>,
    pub(crate) pipelines: Vec<Pipeline>,
    pub(crate) scopes: Vec<Scope<'src>>,
    pub(crate) heredocs: Vec<Heredoc<'src>>,
    pub(crate) status: ParseStatus,
    pub(crate) diagnostics: Vec<ShellDiagnostic>,
}

impl<'src> Script<'src> {
    /// The text that was parsed.
    #[must_use]
    pub fn source(&self) -> &'src str {
        self.source
    }

    /// The Dockerfile offset of the first byte of [`Script::source`].
    #[must_use]
    pub fn base_offset(&self) -> u32 {
        self.base_offset
    }

    /// The Dockerfile range of the whole text.
    #[must_use]
    pub fn range(&self) -> TextRange {
        let len = u32::try_from(self.source.len()).unwrap_or(u32::MAX - self.base_offset);
        TextRange::new(self.base_offset, self.base_offset + len)
    }

    /// The parsed text under a Dockerfile range (`""` when outside this script).
    #[must_use]
    pub fn text(&self, range: TextRange) -> &'src str {
        let Some(start) = range.start.checked_sub(self.base_offset) else {
            return "";
        };
        let end = start + range.len();
        self.source
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    #[must_use]
    pub fn status(&self) -> ParseStatus {
        self.status
    }

    #[must_use]
    pub fn diagnostics(&self) -> &[ShellDiagnostic] {
        &self.diagnostics
    }

    /// Every simple command, nested ones included, ordered by start offset.
    #[must_use]
    pub fn commands(&self) -> &[Command<'src>] {
        &self.commands
    }

    #[must_use]
    pub fn command(&self, id: CommandId) -> &Command<'src> {
        &self.commands[id.index()]
    }

    /// Commands named `name` (by basename), in order.
    pub fn commands_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Command<'src>> + 'a {
        self.commands.iter().filter(move |command| command.is(name))
    }

    /// Every pipeline (including single commands), nested ones included, ordered by start.
    #[must_use]
    pub fn pipelines(&self) -> &[Pipeline] {
        &self.pipelines
    }

    #[must_use]
    pub fn pipeline(&self, id: PipelineId) -> &Pipeline {
        &self.pipelines[id.index()]
    }

    /// True when some pipeline, anywhere, has a `|` or `|&`.
    #[must_use]
    pub fn has_pipe(&self) -> bool {
        self.pipelines.iter().any(Pipeline::is_piped)
    }

    /// All scopes; index 0 is the script itself. Parents come before their children.
    #[must_use]
    pub fn scopes(&self) -> &[Scope<'src>] {
        &self.scopes
    }

    #[must_use]
    pub fn scope(&self, id: ScopeId) -> &Scope<'src> {
        &self.scopes[id.index()]
    }

    /// `id` and its enclosing scopes, innermost first, ending with the root.
    pub fn scope_chain(&self, id: ScopeId) -> impl Iterator<Item = &Scope<'src>> + '_ {
        std::iter::successors(Some(self.scope(id)), |scope| {
            scope.parent.map(|parent| self.scope(parent))
        })
    }

    /// The pipelines directly in scope `id`, in order (the and-or lists of that scope).
    pub fn pipelines_in(&self, id: ScopeId) -> impl Iterator<Item = &Pipeline> + '_ {
        self.pipelines
            .iter()
            .filter(move |pipeline| pipeline.scope == id)
    }

    /// The heredocs written in the shell text, in order.
    #[must_use]
    pub fn heredocs(&self) -> &[Heredoc<'src>] {
        &self.heredocs
    }

    /// Whether shell option `option` (e.g. `pipefail`) is on at Dockerfile offset `offset`,
    /// judging only by `set` commands of this script that ran before it in the same shell:
    /// a `set` in a subshell, a substitution, a function body or a multi-element pipeline
    /// affects only offsets inside that construct.
    #[must_use]
    pub fn option_enabled_at(&self, option: &str, offset: u32) -> bool {
        let mut enabled = false;
        for command in &self.commands {
            if command.range.start >= offset {
                break; // commands are ordered by start
            }
            if command.range.end > offset {
                continue; // `offset` is inside this command (e.g. in its `$( )`)
            }
            if command.context.is_piped()
                && !self
                    .pipeline(command.context.pipeline)
                    .range
                    .contains(offset)
            {
                continue; // each element of a multi-command pipeline runs in a child shell
            }
            let effect_reaches = self
                .scope_chain(command.context.scope)
                .filter(|scope| scope.kind.is_child_shell() || scope.kind == ScopeKind::Function)
                .all(|scope| scope.range.contains(offset));
            if !effect_reaches {
                continue;
            }
            for change in command.shell_option_changes() {
                if change.name == option {
                    enabled = change.enabled;
                }
            }
        }
        enabled
    }
}
