//! The terminal report of `plimsoll image`: summary, layer table with size bars, config,
//! biggest and wasted files, and dive's numbers with `--dive`.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use plimsoll_image::gates::GateStatus;
use plimsoll_image::report::Report;
use plimsoll_text::Severity;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const WARN: Style = AnsiColor::Yellow.on_default().bold();
const BAR: Style = AnsiColor::Cyan.on_default();
const WASTE: Style = AnsiColor::Red.on_default();
const BAR_WIDTH: usize = 20;

/// Sizes in SI units with one decimal, as dive and `docker images` print them.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A bar of `BAR_WIDTH` cells, eighths included.
fn bar(value: u64, max: u64) -> String {
    if max == 0 {
        return " ".repeat(BAR_WIDTH);
    }
    let eighths = ((value as f64 / max as f64) * (BAR_WIDTH * 8) as f64).round() as usize;
    let full = eighths / 8;
    let partial = eighths % 8;
    let mut out = "█".repeat(full);
    if partial > 0 {
        out.push(['▏', '▎', '▍', '▌', '▋', '▊', '▉'][partial - 1]);
    }
    let used = full + usize::from(partial > 0);
    out.push_str(&" ".repeat(BAR_WIDTH.saturating_sub(used)));
    out
}

fn truncate(text: &str, width: usize) -> String {
    let single_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if single_line.chars().count() <= width {
        single_line
    } else {
        let cut: String = single_line.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn short_digest(digest: Option<&str>) -> String {
    digest.map_or_else(
        || "-".to_owned(),
        |d| {
            let (alg, hex) = d.split_once(':').unwrap_or(("", d));
            format!("{alg}:{}", hex.chars().take(12).collect::<String>())
        },
    )
}

fn json_list(items: Option<&Vec<String>>) -> String {
    match items {
        None => "-".to_owned(),
        Some(items) => serde_json::to_string(items).unwrap_or_default(),
    }
}

pub fn render(out: &mut dyn Write, report: &Report, top: usize) -> io::Result<()> {
    let source = &report.source;
    let tags = if source.tags.is_empty() {
        String::new()
    } else {
        format!("  {}", source.tags.join(", "))
    };
    writeln!(
        out,
        "{BOLD}Image{BOLD:#}     {} {DIM}({}){DIM:#}{tags}",
        source.name,
        source.format.name()
    )?;
    let image = &report.image;
    let platform = match (&image.os, &image.architecture) {
        (Some(os), Some(arch)) => format!("{os}/{arch}"),
        _ => "-".to_owned(),
    };
    writeln!(
        out,
        "{BOLD}Config{BOLD:#}    {}  {platform}  created {}{}",
        short_digest(image.config_digest.as_deref()),
        image.created.as_deref().unwrap_or("-"),
        if image.verified {
            "  digests verified"
        } else {
            ""
        }
    )?;
    let size = &report.size;
    let compressed = size.compressed.map_or_else(
        || "uncompressed layers".to_owned(),
        |c| format!("{} compressed", human_bytes(c)),
    );
    writeln!(
        out,
        "{BOLD}Size{BOLD:#}      {compressed} · {} uncompressed · {} of files in layers · {} final ({} files)",
        human_bytes(size.uncompressed),
        human_bytes(size.content),
        human_bytes(size.final_size),
        thousands(size.files)
    )?;
    let waste_style = if report.wasted_bytes > 0 {
        WASTE
    } else {
        Style::new()
    };
    writeln!(
        out,
        "{BOLD}Waste{BOLD:#}     {waste_style}{} wasted{waste_style:#} ({} bytes) · efficiency {:.2} %",
        human_bytes(report.wasted_bytes),
        thousands(report.wasted_bytes),
        report.efficiency * 100.0
    )?;

    writeln!(out)?;
    writeln!(out, "{BOLD}Layers{BOLD:#}")?;
    // `wasted`: this layer's bytes that later layers hide; `hides`: lower bytes this layer hides.
    writeln!(
        out,
        "{DIM}  #  {:>10}  {:>10}  {:>10}  {:>10}  {:<width$}  instruction{DIM:#}",
        "stored",
        "content",
        "wasted",
        "hides",
        "",
        width = BAR_WIDTH
    )?;
    let max = report
        .layers
        .iter()
        .map(|l| l.content_size)
        .max()
        .unwrap_or(0);
    for layer in &report.layers {
        let stored = layer.compressed_size.unwrap_or(layer.tar_size);
        let wasted = if layer.wasted > 0 {
            format!("{WASTE}{:>10}{WASTE:#}", human_bytes(layer.wasted))
        } else {
            format!("{:>10}", "-")
        };
        let hidden = layer.overwritten + layer.deleted;
        let hides = if hidden > 0 {
            format!("{WASTE}{:>10}{WASTE:#}", human_bytes(hidden))
        } else {
            format!("{:>10}", "-")
        };
        writeln!(
            out,
            "{:>3}  {:>10}  {:>10}  {wasted}  {hides}  {BAR}{}{BAR:#}  {}",
            layer.index,
            human_bytes(stored),
            human_bytes(layer.content_size),
            bar(layer.content_size, max),
            truncate(layer.instruction.as_deref().unwrap_or("(no history)"), 70)
        )?;
    }

    writeln!(out)?;
    writeln!(out, "{BOLD}Config{BOLD:#}")?;
    let config = &report.config;
    let field = |out: &mut dyn Write, name: &str, value: &str| -> io::Result<()> {
        writeln!(out, "  {DIM}{name:<12}{DIM:#} {value}")
    };
    let user = config.user.as_deref().filter(|u| !u.is_empty());
    field(out, "User", user.unwrap_or("(root: no user set)"))?;
    field(
        out,
        "WorkingDir",
        config.working_dir.as_deref().unwrap_or("-"),
    )?;
    field(out, "Entrypoint", &json_list(config.entrypoint.as_ref()))?;
    field(out, "Cmd", &json_list(config.cmd.as_ref()))?;
    if config.env.is_empty() {
        field(out, "Env", "-")?;
    }
    for (i, env) in config.env.iter().enumerate() {
        field(out, if i == 0 { "Env" } else { "" }, &truncate(env, 100))?;
    }
    let ports = if config.exposed_ports.is_empty() {
        "-".to_owned()
    } else {
        config.exposed_ports.join(", ")
    };
    field(out, "Ports", &ports)?;
    if !config.volumes.is_empty() {
        field(out, "Volumes", &config.volumes.join(", "))?;
    }
    if config.labels.is_empty() {
        field(out, "Labels", "-")?;
    }
    for (i, (key, value)) in config.labels.iter().enumerate() {
        field(
            out,
            if i == 0 { "Labels" } else { "" },
            &truncate(&format!("{key}={value}"), 100),
        )?;
    }
    let healthcheck = config
        .healthcheck
        .as_ref()
        .map_or_else(|| "none".to_owned(), |h| h.test.join(" "));
    field(out, "Healthcheck", &healthcheck)?;

    if !report.biggest_files.is_empty() {
        writeln!(out)?;
        writeln!(out, "{BOLD}Biggest files{BOLD:#}")?;
        for file in &report.biggest_files {
            writeln!(
                out,
                "  {:>10}  {}  {DIM}layer {}{DIM:#}",
                human_bytes(file.size),
                file.path,
                file.layer
            )?;
        }
    }
    if !report.biggest_directories.is_empty() {
        writeln!(out)?;
        writeln!(out, "{BOLD}Biggest directories{BOLD:#}")?;
        for dir in &report.biggest_directories {
            let noun = if dir.files == 1 { "file" } else { "files" };
            writeln!(
                out,
                "  {:>10}  {}  {DIM}{} {noun}{DIM:#}",
                human_bytes(dir.size),
                dir.path,
                thousands(dir.files)
            )?;
        }
    }
    writeln!(out)?;
    if report.wasted_files.is_empty() {
        writeln!(
            out,
            "{BOLD}Wasted{BOLD:#}    nothing: no layer hides bytes of another"
        )?;
    } else {
        writeln!(out, "{BOLD}Wasted files{BOLD:#}")?;
        for file in &report.wasted_files {
            let layers = file
                .added_in
                .iter()
                .zip(&file.removed_in)
                .map(|(a, r)| format!("{a}→{r}"))
                .collect::<Vec<_>>()
                .join(" ");
            let how = match file.reason {
                plimsoll_image::RemovalReason::Overwritten => "overwritten",
                plimsoll_image::RemovalReason::Deleted => "deleted",
                plimsoll_image::RemovalReason::Opaque => "hidden by opaque dir",
            };
            writeln!(
                out,
                "  {WASTE}{:>10}{WASTE:#}  {}  {DIM}{how}, layers {layers}{DIM:#}",
                human_bytes(file.wasted_bytes),
                file.path
            )?;
        }
    }
    if !report.removals.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{BOLD}Biggest removals{BOLD:#} {DIM}(whiteouts and overwrites){DIM:#}"
        )?;
        for removal in &report.removals {
            let how = match removal.reason {
                plimsoll_image::RemovalReason::Overwritten => "overwrites",
                plimsoll_image::RemovalReason::Deleted => "deletes",
                plimsoll_image::RemovalReason::Opaque => "empties (opaque)",
            };
            let noun = if removal.files == 1 { "file" } else { "files" };
            writeln!(
                out,
                "  {WASTE}{:>10}{WASTE:#}  layer {} {how} {}  {DIM}{} {noun}{DIM:#}",
                human_bytes(removal.bytes),
                removal.layer,
                removal.path,
                thousands(removal.files)
            )?;
        }
    }
    if let Some(dive) = &report.dive {
        writeln!(out)?;
        writeln!(out, "{BOLD}dive 0.13 metrics{BOLD:#}")?;
        writeln!(out, "  efficiency: {:.4} %", dive.efficiency * 100.0)?;
        writeln!(
            out,
            "  wastedBytes: {} bytes ({})",
            dive.wasted_bytes,
            human_bytes(dive.wasted_bytes)
        )?;
        writeln!(
            out,
            "  userWastedPercent: {:.4} %",
            dive.user_wasted_percent * 100.0
        )?;
        if !dive.inefficient_files.is_empty() {
            writeln!(out, "  {DIM}Count  Wasted Space  File Path{DIM:#}")?;
            for file in &dive.inefficient_files {
                writeln!(
                    out,
                    "  {:>5}  {:>12}  {}",
                    file.count,
                    human_bytes(u64::try_from(file.size_bytes).unwrap_or(0)),
                    file.path
                )?;
            }
        }
    }
    render_packages(out, report, top)?;
    render_findings(out, report)?;
    render_gates(out, report)?;
    if !report.warnings.is_empty() {
        writeln!(out)?;
        for warning in &report.warnings {
            writeln!(out, "{WARN}warning{WARN:#}: {warning}")?;
        }
    }
    Ok(())
}

/// `Packages  119 deb · 12 python`, then the biggest `top` packages.
fn render_packages(out: &mut dyn Write, report: &Report, top: usize) -> io::Result<()> {
    writeln!(out)?;
    if report.packages.is_empty() {
        return writeln!(
            out,
            "{BOLD}Packages{BOLD:#}  none found (no dpkg, apk or Python metadata)"
        );
    }
    let counts: Vec<String> = plimsoll_image::packages::counts(&report.packages)
        .into_iter()
        .map(|(ecosystem, n)| format!("{n} {ecosystem}"))
        .collect();
    let sizes: Vec<u64> = report.packages.iter().filter_map(|p| p.size).collect();
    let total = if sizes.is_empty() {
        String::new()
    } else {
        format!(
            " {DIM}({} installed){DIM:#}",
            human_bytes(sizes.iter().sum())
        )
    };
    writeln!(out, "{BOLD}Packages{BOLD:#}  {}{total}", counts.join(" · "))?;
    let mut sized: Vec<_> = report
        .packages
        .iter()
        .filter(|p| p.size.is_some())
        .collect();
    sized.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.name.cmp(&b.name)));
    if top > 0 {
        sized.truncate(top);
    }
    for package in sized {
        let layer = package
            .layer
            .map(|layer| format!("  {DIM}layer {layer}{DIM:#}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:>10}  {:<8} {} {DIM}{}{DIM:#}{layer}",
            human_bytes(package.size.unwrap_or(0)),
            package.ecosystem,
            package.name,
            package.version
        )?;
    }
    Ok(())
}

/// `Gates  FAIL` and one line per gate: `FAIL  max-size: uncompressed size … exceeds …`.
fn render_gates(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    if report.gates.is_empty() {
        return Ok(());
    }
    let failed = report.gates.iter().any(|g| g.status == GateStatus::Fail);
    let pass = AnsiColor::Green.on_default().bold();
    let fail = AnsiColor::Red.on_default().bold();
    writeln!(out)?;
    if failed {
        writeln!(out, "{BOLD}Gates{BOLD:#}     {fail}FAIL{fail:#}")?;
    } else {
        writeln!(out, "{BOLD}Gates{BOLD:#}     {pass}PASS{pass:#}")?;
    }
    for gate in &report.gates {
        let status = match gate.status {
            GateStatus::Pass => format!("{pass}PASS{pass:#}"),
            GateStatus::Fail => format!("{fail}FAIL{fail:#}"),
            GateStatus::Skip => format!("{DIM}SKIP{DIM:#}"),
        };
        writeln!(out, "  {status}  {}: {}", gate.gate, gate.message)?;
    }
    Ok(())
}

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Info => AnsiColor::Cyan.on_default(),
        Severity::Style => DIM,
    }
}

/// `Findings  1 error · 2 warnings · 3 info`, then one line per finding, most severe first.
fn render_findings(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(out)?;
    if report.findings.is_empty() {
        return writeln!(out, "{BOLD}Findings{BOLD:#}  none");
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .filter_map(|&severity| {
            let n = report
                .findings
                .iter()
                .filter(|f| f.severity == severity)
                .count();
            let noun = match (severity, n) {
                (Severity::Info | Severity::Style, _) | (_, 1) => severity.as_str().to_owned(),
                _ => format!("{}s", severity.as_str()),
            };
            (n > 0).then(|| format!("{n} {noun}"))
        })
        .collect();
    writeln!(out, "{BOLD}Findings{BOLD:#}  {}", counts.join(" · "))?;
    for finding in &report.findings {
        let style = severity_style(finding.severity);
        let layer = finding
            .layer
            .map(|layer| format!("  {DIM}layer {layer}{DIM:#}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {style}{:<7}{style:#}  {BOLD}{}{BOLD:#}  {}{layer}",
            finding.severity.as_str(),
            finding.code,
            finding.message
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_si_units() {
        assert_eq!(human_bytes(95), "95 B");
        assert_eq!(human_bytes(212_345), "212.3 kB");
        assert_eq!(human_bytes(2_044_466), "2.0 MB");
        assert_eq!(thousands(1_050_163), "1,050,163");
        assert_eq!(thousands(12), "12");
    }

    #[test]
    fn bars_scale_to_the_largest_layer() {
        assert_eq!(bar(10, 10).chars().filter(|&c| c == '█').count(), BAR_WIDTH);
        assert_eq!(bar(0, 10).trim(), "");
        assert_eq!(bar(5, 10).chars().count(), BAR_WIDTH);
    }
}
