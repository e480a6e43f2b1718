//! `plimsoll image`: read an image offline, report sizes, layers, config and waste.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::bail;
use anyhow::{Context, Result};
use plimsoll_image::gates::{DiveCiRules, GateStatus, Gates, evaluate, parse_ratio, parse_size};
use plimsoll_image::{
    AnalysisOptions, CheckContext, ContentCollector, Finding, Platform, Progress, ReadOptions,
    Report, RuleSettings, SourceSpec, analyze, build_report, packages, read_image, rules,
};
use plimsoll_linter::config::{ImageSection, ImageValueParsers, load_for_image};
use plimsoll_report::{FileReport, Flavor, OutputFormat, RenderOptions, RuleInfo};
use plimsoll_text::{Diagnostic, Severity, TextRange};

use super::image_render;
use crate::ExitStatus;
use crate::args::{ImageArgs, ImageFormat};

/// The `[image]` table of the governing `plimsoll.toml`, if any, read with the parsers the
/// flags use.
fn file_settings(args: &ImageArgs) -> Result<ImageSection> {
    let cwd = std::env::current_dir().context("cannot determine the current directory")?;
    let parsers = ImageValueParsers {
        size: parse_size,
        ratio: parse_ratio,
        rule: |name: &str| {
            rules::rule(name)
                .map(|_| ())
                .ok_or_else(|| unknown_rule(name))
        },
    };
    let loaded = load_for_image(&cwd, args.config.as_deref(), &parsers)?;
    Ok(loaded.map(|(_, section)| section).unwrap_or_default())
}

fn unknown_rule(name: &str) -> String {
    format!("unknown image rule `{name}` (image rules are PI001…; see the README's table)")
}

/// The file's `ignore` and `severity`, then `--ignore` and `--severity` (checked against the
/// rule registry): ignores add up, and a later severity for the same rule wins.
fn rule_settings(args: &ImageArgs, file: &ImageSection) -> Result<RuleSettings> {
    let mut settings = RuleSettings {
        ignore: file.ignore.clone(),
        severities: file.severity.clone(),
    };
    let mut flags = RuleSettings {
        ignore: args.ignore.iter().map(|s| s.trim().to_owned()).collect(),
        severities: Vec::new(),
    };
    for item in &args.severities {
        let Some((rule, severity)) = item.split_once('=') else {
            bail!("invalid --severity `{item}`: expected RULE=SEVERITY, e.g. PI101=warning");
        };
        let severity: Severity = severity
            .trim()
            .parse()
            .map_err(|e: String| anyhow::anyhow!("invalid --severity `{item}`: {e}"))?;
        flags.severities.push((rule.trim().to_owned(), severity));
    }
    if let Some(unknown) = flags.unknown_rules().first() {
        bail!("{}", unknown_rule(unknown));
    }
    settings.ignore.append(&mut flags.ignore);
    settings.severities.append(&mut flags.severities);
    Ok(settings)
}

/// The gates: each flag replaces the file's value; `.dive-ci` is read here.
fn gates(args: &ImageArgs, file: &ImageSection) -> Result<Gates> {
    let size = |flag: &str, text: &Option<String>, from_file: Option<u64>| -> Result<Option<u64>> {
        match text.as_deref() {
            Some(text) => parse_size(text)
                .map(Some)
                .map_err(|e| anyhow::anyhow!("--{flag}: {e}")),
            None => Ok(from_file),
        }
    };
    let dive_ci = match args.dive_ci.as_deref() {
        None => None,
        // Bare `--dive-ci`: like `dive --ci`, `.dive-ci` if present, else dive's defaults.
        Some("") => {
            let default = Path::new(".dive-ci");
            if default.is_file() {
                Some(read_dive_ci(default)?)
            } else {
                Some(DiveCiRules::default())
            }
        }
        Some(path) => Some(read_dive_ci(Path::new(path))?),
    };
    let min_efficiency = match args.min_efficiency.as_deref() {
        Some(text) => {
            Some(parse_ratio(text).map_err(|e| anyhow::anyhow!("--min-efficiency: {e}"))?)
        }
        None => file.min_efficiency,
    };
    Ok(Gates {
        fail_on: args.fail_on.or(file.fail_on),
        max_size: size("max-size", &args.max_size, file.max_size)?,
        min_efficiency,
        max_wasted: size("max-wasted", &args.max_wasted, file.max_wasted)?,
        dive_ci,
    })
}

fn read_dive_ci(path: &Path) -> Result<DiveCiRules> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read dive CI rules `{}`", path.display()))?;
    DiveCiRules::parse(&text)
        .map_err(|e| anyhow::anyhow!("dive CI rules `{}` are misconfigured: {e}", path.display()))
}

pub fn run(args: &ImageArgs) -> Result<ExitStatus> {
    let file = file_settings(args)?;
    let settings = rule_settings(args, &file)?;
    let gates = gates(args, &file)?;
    let spec = SourceSpec::parse(&args.source);
    let platform = args.platform.as_deref().map(Platform::parse).transpose()?;
    let show_progress = !args.no_progress && std::io::stderr().is_terminal();
    let progress = show_progress.then(|| Arc::new(TerminalProgress::new()));
    let collector = ContentCollector::new();
    let options = ReadOptions {
        verify: args.verify,
        platform,
        scanner: Some(&collector),
        progress: progress.clone().map(|p| p as Arc<dyn Progress>),
        docker_host: std::env::var("DOCKER_HOST").ok(),
    };
    let image = read_image(&spec, &options);
    if let Some(progress) = &progress {
        progress.clear();
    }
    let image = image.with_context(|| format!("cannot analyze `{}`", args.source))?;
    let analysis_options = AnalysisOptions {
        top: args.top,
        dive: args.dive || gates.dive_ci.is_some(),
    };
    let analysis = analyze(&image, &analysis_options);
    let contents = collector.finish();
    // The report, the rules and the inventory only read the analysis: on two cores they
    // overlap.
    let (mut report, (findings, packages)) = rayon::join(
        || build_report(&image, &analysis, &analysis_options),
        || {
            rayon::join(
                || rules::check(&image, &analysis.fs, &contents, &settings),
                || packages::inventory(&CheckContext::new(&image, &analysis.fs, &contents)),
            )
        },
    );
    report.findings = findings;
    report.packages = packages;
    report.gates = evaluate(&report, &gates);
    let mut out = anstream::stdout().lock();
    match args.format {
        ImageFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        ImageFormat::Terminal => image_render::render(&mut out, &report, args.top)?,
        ImageFormat::Sarif => write_sarif(&mut out, &report)?,
    }
    out.flush()?;
    let failed: Vec<_> = report
        .gates
        .iter()
        .filter(|gate| gate.status == GateStatus::Fail)
        .collect();
    if failed.is_empty() {
        return Ok(ExitStatus::Success);
    }
    // The terminal report shows the gates; machine formats keep stdout clean, so say it here.
    if args.format != ImageFormat::Terminal {
        let mut err = std::io::stderr().lock();
        for gate in failed {
            writeln!(err, "plimsoll: gate {} failed: {}", gate.gate, gate.message)?;
        }
    }
    Ok(ExitStatus::Failure)
}

/// Where a finding is, as SARIF's artifact: `layer 3: /etc/shadow`, `/etc/shadow`, `layer 2`
/// (a history entry), or the image itself.
fn artifact(report: &Report, finding: &Finding) -> String {
    match (&finding.path, finding.layer) {
        (Some(path), Some(layer)) => format!("layer {layer}: {path}"),
        (Some(path), None) => path.clone(),
        (None, Some(layer)) => format!("layer {layer}"),
        (None, None) => report.source.name.clone(),
    }
}

fn image_rule_info(code: &str) -> Option<RuleInfo> {
    let rule = rules::rule(code)?;
    Some(RuleInfo {
        code: rule.code.into(),
        name: rule.name.into(),
        summary: rule.summary.into(),
        url: None,
        default_severity: rule.default_severity,
    })
}

fn image_rule_help(code: &str) -> Option<String> {
    rules::rule(code).map(|rule| rule.documentation())
}

/// The findings as SARIF 2.1.0 through the shared renderer: one artifact per location.
fn write_sarif(out: &mut dyn Write, report: &Report) -> Result<()> {
    let mut groups: Vec<(String, Vec<Diagnostic>)> = Vec::new();
    for finding in &report.findings {
        let location = artifact(report, finding);
        let diagnostic = Diagnostic::new(
            finding.code,
            finding.severity,
            finding.message.clone(),
            TextRange::default(),
        );
        match groups.last_mut() {
            Some((last, diagnostics)) if *last == location => diagnostics.push(diagnostic),
            _ => groups.push((location, vec![diagnostic])),
        }
    }
    let files: Vec<FileReport<'_>> = groups
        .iter()
        .map(|(path, diagnostics)| FileReport {
            path,
            source: None,
            diagnostics,
        })
        .collect();
    let mut options = RenderOptions::new(Flavor::Plimsoll);
    options.rules = &image_rule_info;
    options.rule_help = &image_rule_help;
    options.tool_version = env!("CARGO_PKG_VERSION");
    plimsoll_report::render(OutputFormat::Sarif, &files, &options, out)
        .context("writing the SARIF report")
}

/// A one-line progress bar on stderr, drawn only for reads that take a while.
struct TerminalProgress {
    started: Instant,
    total: AtomicU64,
    done: AtomicU64,
    last_draw: Mutex<Option<Instant>>,
}

impl TerminalProgress {
    const DELAY: Duration = Duration::from_millis(300);
    const INTERVAL: Duration = Duration::from_millis(100);

    fn new() -> Self {
        Self {
            started: Instant::now(),
            total: AtomicU64::new(0),
            done: AtomicU64::new(0),
            last_draw: Mutex::new(None),
        }
    }

    fn clear(&self) {
        let drawn = self
            .last_draw
            .lock()
            .map(|last| last.is_some())
            .unwrap_or(false);
        if drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{:80}\r", "");
            let _ = err.flush();
        }
    }
}

impl Progress for TerminalProgress {
    fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    fn advance(&self, bytes: u64) {
        let done = self.done.fetch_add(bytes, Ordering::Relaxed) + bytes;
        let now = Instant::now();
        if now.duration_since(self.started) < Self::DELAY {
            return;
        }
        let Ok(mut last) = self.last_draw.try_lock() else {
            return;
        };
        if last.is_some_and(|at| now.duration_since(at) < Self::INTERVAL) {
            return;
        }
        *last = Some(now);
        let total = self.total.load(Ordering::Relaxed);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{}", progress_line(done, total));
        let _ = err.flush();
    }
}

/// `reading [#####-----]  50% 1.0 MB / 2.0 MB`, or just the bytes when the total is unknown.
fn progress_line(done: u64, total: u64) -> String {
    const WIDTH: usize = 30;
    if total == 0 {
        return format!("reading {}", image_render::human_bytes(done));
    }
    let ratio = (done as f64 / total as f64).min(1.0);
    let filled = ((ratio * WIDTH as f64).round() as usize).min(WIDTH);
    format!(
        "reading [{}{}] {:>3.0}% {} / {}",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        ratio * 100.0,
        image_render::human_bytes(done),
        image_render::human_bytes(total)
    )
}

#[cfg(test)]
mod tests {
    use super::progress_line;

    #[test]
    fn progress_lines() {
        assert_eq!(
            progress_line(1_000_000, 2_000_000),
            format!(
                "reading [{}{}]  50% 1.0 MB / 2.0 MB",
                "#".repeat(15),
                "-".repeat(15)
            )
        );
        // More bytes than announced (a daemon's size is approximate) stays at 100 %.
        assert!(progress_line(3_000, 2_000).contains(&format!("[{}] 100%", "#".repeat(30))));
        assert_eq!(progress_line(512, 0), "reading 512 B");
    }
}
