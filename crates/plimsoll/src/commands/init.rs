//! `plimsoll init [DIR]`: detect the Python web project, then write (or print) the files
//! `plimsoll_init` renders. Existing files are never replaced without `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use plimsoll_init::{Generated, Project, detect, render};

use crate::ExitStatus;
use crate::args::InitArgs;

pub fn run(args: &InitArgs) -> Result<ExitStatus> {
    let project = detect(&args.dir)?;
    let generated = render(&project);
    let mut err = anstream::stderr().lock();
    writeln!(err, "{}", describe(&project))?;
    for note in &generated.notes {
        writeln!(err, "note: {note}")?;
    }
    if args.dry_run {
        print(&generated)?;
        return Ok(ExitStatus::Success);
    }
    let existing: Vec<PathBuf> = generated
        .files
        .iter()
        .map(|file| args.dir.join(file.name))
        .filter(|path| path.exists())
        .collect();
    if !args.force && !existing.is_empty() {
        anyhow::bail!(
            "{} already exist{}; nothing written (use --force to replace, or --dry-run to print)",
            existing
                .iter()
                .map(|path| path.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            if existing.len() == 1 { "s" } else { "" }
        );
    }
    for file in &generated.files {
        let path = args.dir.join(file.name);
        write_atomically(&path, &file.contents)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        writeln!(err, "wrote {}", path.display())?;
    }
    Ok(ExitStatus::Success)
}

fn describe(project: &Project) -> String {
    format!(
        "{} app `{}` ({}), port {}, Python {} ({}), dependencies from {}",
        project.framework,
        project.app_target,
        project.app_source,
        project.port,
        project.python,
        project.python_source,
        project.dependency_file
    )
}

fn print(generated: &Generated) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for (index, file) in generated.files.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        writeln!(out, "# ==> {} <==", file.name)?;
        write!(out, "{}", file.contents)?;
    }
    Ok(())
}

/// Writes `text` to a temporary file beside `path` and renames it into place, so `path` is
/// either absent, its old self, or complete.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{file_name}.plimsoll-init"));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
