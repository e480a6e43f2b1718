//! One renderer per output format; each module documents its format and both flavours.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};

use plimsoll_text::{Diagnostic, Severity};
use rayon::prelude::*;

use crate::location::File;
use crate::sha1::sha1_hex;
use crate::{FileReport, Flavor, OutputFormat, RenderOptions, RuleInfo};

mod checkstyle;
mod codacy;
mod codeclimate;
mod concise;
mod full;
mod github;
mod gnu;
mod json;
mod junit;
mod sarif;
mod sonarqube;
mod tty;

pub(crate) fn render(
    format: OutputFormat,
    reports: &[FileReport<'_>],
    options: &RenderOptions<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Indexing lines is per file work, so thousands of files share the cores.
    let files: Vec<File<'_>> = reports.par_iter().map(File::new).collect();
    let context = Context {
        files: &files,
        options,
    };
    match format {
        OutputFormat::Full => full::render(&context, out),
        OutputFormat::Concise => concise::render(&context, out),
        OutputFormat::Tty => tty::render(&context, out),
        OutputFormat::Json => json::render(&context, out),
        OutputFormat::Checkstyle => checkstyle::render(&context, out),
        OutputFormat::Codeclimate => {
            codeclimate::render(&context, out, codeclimate::Variant::Engine)
        }
        OutputFormat::GitlabCodeclimate => {
            codeclimate::render(&context, out, codeclimate::Variant::Gitlab)
        }
        OutputFormat::Gnu => gnu::render(&context, out),
        OutputFormat::Codacy => codacy::render(&context, out),
        OutputFormat::Sonarqube => sonarqube::render(&context, out),
        OutputFormat::Sarif => sarif::render(&context, out),
        OutputFormat::Junit => junit::render(&context, out),
        OutputFormat::Github => github::render(&context, out),
    }
}

/// What every renderer needs: the indexed files and the options.
pub(crate) struct Context<'a> {
    pub files: &'a [File<'a>],
    pub options: &'a RenderOptions<'a>,
}

impl Context<'_> {
    pub(crate) fn is_hadolint(&self) -> bool {
        self.options.flavor == Flavor::Hadolint
    }

    pub(crate) fn rule(&self, code: &str) -> Option<RuleInfo> {
        (self.options.rules)(code)
    }

    /// The documentation URL for a finding: its own, else its rule's.
    pub(crate) fn url(&self, diagnostic: &Diagnostic) -> Option<Cow<'static, str>> {
        match &diagnostic.url {
            Some(url) => Some(Cow::Owned(url.clone())),
            None => self.rule(diagnostic.code).and_then(|rule| rule.url),
        }
    }

    /// The file name for formats that honour `--file-path-in-report`.
    pub(crate) fn report_path<'f>(&'f self, file: &'f File<'_>) -> &'f str {
        self.options.file_path_in_report.unwrap_or(file.path)
    }

    /// All diagnostics with their files, in output order.
    pub(crate) fn diagnostics(&self) -> impl Iterator<Item = (&File<'_>, &Diagnostic)> {
        self.files.iter().flat_map(|file| {
            file.diagnostics
                .iter()
                .map(move |diagnostic| (file, diagnostic))
        })
    }
}

/// SARIF's and GitHub's three levels.
pub(crate) fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

/// Fingerprints that survive edits elsewhere in the file: the SHA-1 of the rule code, path,
/// message, the flagged source text (trimmed) and how many identical findings came before.
/// Unlike hadolint's, they do not contain line numbers.
pub(crate) fn stable_fingerprints(file: &File<'_>, path: &str) -> Vec<String> {
    let mut seen: HashMap<(&str, &str, &str), u32> = HashMap::new();
    file.diagnostics
        .iter()
        .map(|diagnostic| {
            let flagged = file.source.as_ref().map_or("", |source| {
                source
                    .clamp_range(diagnostic.range)
                    .slice(source.text)
                    .trim()
            });
            let occurrence = seen
                .entry((diagnostic.code, diagnostic.message.as_str(), flagged))
                .or_insert(0);
            *occurrence += 1;
            sha1_hex(
                format!(
                    "{}\0{path}\0{}\0{flagged}\0{occurrence}",
                    diagnostic.code, diagnostic.message
                )
                .as_bytes(),
            )
        })
        .collect()
}
