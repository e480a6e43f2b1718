use plimsoll_syntax::dockerfile::{Args, InstructionKind};
use plimsoll_text::{Edit, Fix};

use crate::checker::Checker;
use crate::declare_rule;
use crate::registry::Rule;
use crate::rules::words::{literal_value, quoted_groups, strip_quotes};
use crate::semantic::Node;
use crate::settings::Mode;

declare_rule! {
    /// ## What it does
    /// Checks for `ADD` of local files and folders, which `COPY` does.
    ///
    /// ## Why is this bad?
    /// `ADD` does more than copy: it downloads URLs and unpacks local tar archives. Using it
    /// for plain files hides which of those a line relies on, and a file that happens to be
    /// an archive gets unpacked. `COPY` says what it does. Sources that are URLs (`http://`,
    /// `https://`) or archives (`.tar`, `.tar.gz`, `.tgz`, `.xz`, `.bz2`, …) are `ADD`'s job and
    /// are accepted.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD requirements.txt /app/
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// COPY requirements.txt /app/
    /// ```
    ///
    /// ## Fix
    /// Safe when every source is a local path written literally, none is an archive and no
    /// flag only `ADD` knows (`--checksum`, `--keep-git-dir`, `--unpack`) is used: the keyword
    /// becomes `COPY` (in the same letter case), nothing else changes. (A local file with an
    /// archive's content but another extension would have been unpacked by `ADD`.)
    ///
    /// ## Differences from hadolint
    /// hadolint reports `ADD git@github.com:org/repo.git`, which only `ADD` can do (BuildKit
    /// clones Git repositories), and archives whose extension is not in lower case
    /// (`app.TAR.GZ`), which `ADD` unpacks. plimsoll accepts Git sources (`git@…`, `git://`,
    /// `ssh://`) and archive extensions in any case, `.zst` included. The hadolint drop-in
    /// keeps hadolint's behaviour.
    pub struct AddInsteadOfCopy {
        code: "DL3020",
        name: "add-instead-of-copy",
        origin: Hadolint,
        severity: Error,
        fix: Sometimes,
    }
}

/// The archive extensions hadolint accepts for `ADD` (compared case-sensitively).
const ARCHIVE_EXTENSIONS: [&str; 15] = [
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

/// What a source of `ADD` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Url,
    Git,
    Archive,
    /// A local path or a heredoc.
    Local,
    /// A path given by a variable, or something with a URL scheme `ADD` does not download
    /// (`ftp://`): not a plain local path.
    Other,
}

/// Reads a source as `mode` does. hadolint compares archive extensions case-sensitively;
/// BuildKit unpacks by content, so plimsoll accepts any case and zstd archives too.
fn classify(path: &str, mode: Mode) -> Source {
    let lower = path.to_ascii_lowercase();
    let is_archive = match mode {
        Mode::Hadolint => ARCHIVE_EXTENSIONS
            .iter()
            .any(|extension| path.ends_with(extension)),
        Mode::Plimsoll => ARCHIVE_EXTENSIONS
            .iter()
            .chain(&[".zst", ".tzst"])
            .any(|extension| lower.ends_with(&extension.to_ascii_lowercase())),
    };
    if path.starts_with("http://") || path.starts_with("https://") {
        Source::Url
    } else if is_archive {
        Source::Archive
    } else if path.starts_with("git@") || path.starts_with("git://") || path.starts_with("ssh://") {
        Source::Git
    } else if path.contains('$') || path.contains("://") {
        Source::Other
    } else {
        Source::Local
    }
}

impl Rule for AddInsteadOfCopy {
    fn check_instruction(&self, checker: &mut Checker<'_, '_>, node: &Node<'_>) {
        if node.kind() != InstructionKind::Add || node.is_trigger {
            return;
        }
        let instruction = node.instruction;
        let mode = checker.settings.mode;
        // The sources as the mode reads them; `None` for one whose value needs a variable.
        let sources: Vec<Option<String>> = match &instruction.args {
            Args::Json(words) => match words.split_last() {
                Some((_, sources)) => sources
                    .iter()
                    .map(|word| Some(word.value.to_string()))
                    .collect(),
                None => return,
            },
            Args::List(words) if mode == Mode::Hadolint => match words.split_last() {
                Some((_, sources)) => sources
                    .iter()
                    .map(|word| Some(strip_quotes(word.as_str()).to_owned()))
                    .collect(),
                None => return,
            },
            Args::List(words) => {
                let mut groups = quoted_groups(words);
                groups.pop();
                groups
                    .into_iter()
                    .map(|group| {
                        let text = words[group]
                            .iter()
                            .map(|word| word.as_str())
                            .collect::<Vec<_>>()
                            .join(" ");
                        literal_value(&text)
                    })
                    .collect()
            }
            _ => return,
        };
        let needs_add = |source: &Option<String>| match source {
            None => false,
            Some(path) => match classify(path, mode) {
                Source::Url | Source::Archive => true,
                Source::Git => mode == Mode::Plimsoll,
                Source::Local | Source::Other => false,
            },
        };
        if sources.is_empty() || sources.iter().all(needs_add) {
            return;
        }
        let keyword = &instruction.keyword;
        let diagnostic = checker.report(
            node,
            keyword.range,
            "Use COPY instead of ADD for files and folders",
        );
        let add_only_flag = instruction
            .flags
            .iter()
            .any(|flag| matches!(flag.name(), "checksum" | "keep-git-dir" | "unpack"));
        // Whatever the mode, the fix is offered only where COPY does exactly what ADD did.
        let all_local = sources.iter().all(|source| {
            source
                .as_deref()
                .is_some_and(|path| classify(path, Mode::Plimsoll) == Source::Local)
        });
        if add_only_flag || !all_local {
            return;
        }
        let replacement = match keyword.as_str() {
            written if written.chars().all(|ch| ch.is_ascii_lowercase()) => "copy",
            "Add" => "Copy",
            _ => "COPY",
        };
        diagnostic.fix = Some(Fix::safe(
            "Replace ADD with COPY",
            vec![Edit::replacement(replacement, keyword.range)],
        ));
    }
}
