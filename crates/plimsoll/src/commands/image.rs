//! `plimsoll image`: read an image offline, report sizes, layers, config and waste.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::bail;
use anyhow::{Context, Result};
use plimsoll_image::{
    AnalysisOptions, CheckContext, ContentCollector, Platform, Progress, ReadOptions, RuleSettings,
    SourceSpec, analyze, build_report, packages, read_image, rules,
};
use plimsoll_text::Severity;

use super::image_render;
use crate::ExitStatus;
use crate::args::{ImageArgs, ImageFormat};

/// `--ignore` and `--severity`, checked against the rule registry.
fn rule_settings(args: &ImageArgs) -> Result<RuleSettings> {
    let mut settings = RuleSettings {
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
        settings.severities.push((rule.trim().to_owned(), severity));
    }
    if let Some(unknown) = settings.unknown_rules().first() {
        bail!("unknown image rule `{unknown}` (image rules are PI001…; see the README's table)");
    }
    Ok(settings)
}

pub fn run(args: &ImageArgs) -> Result<ExitStatus> {
    let settings = rule_settings(args)?;
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
        dive: args.dive,
    };
    let analysis = analyze(&image, &analysis_options);
    let mut report = build_report(&image, &analysis, &analysis_options);
    let contents = collector.finish();
    report.findings = rules::check(&image, &analysis.fs, &contents, &settings);
    report.packages = packages::inventory(&CheckContext::new(&image, &analysis.fs, &contents));
    let mut out = anstream::stdout().lock();
    match args.format {
        ImageFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        ImageFormat::Terminal => image_render::render(&mut out, &report, args.top)?,
    }
    out.flush()?;
    Ok(ExitStatus::Success)
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
